"""Fonts and a flat drawing surface that records where every printed value ends up: the rendering half
of `bench.synth_wide`.

Why a canvas of its own: `bench.synth` draws a card as a stack of lines and derives a value's position
from its character offsets. The wide layouts (tables, sidebars, multi-column pages, mixed scripts) need
each value's own box, so `Canvas.text` draws a line part by part and keeps the ink box of every part
(from the font's glyph metrics, not from character counts). A part carries a truth *category* (one of
`bench.annotate.CATEGORIES`), a `not_phi` reason (text that must stay visible: an organisation's phone)
or an `either` reason (text whose PHI status is a policy choice: a nurse's name), or nothing.

Fonts are looked up by role (sans, serif, mono, condensed, hand, ocrb, cjk, arabic...) among Debian font
packages; today's `bench.synth` fonts (DejaVu, Liberation) are only a fallback, so the wide set looks
unlike the set imgscreen was tuned on. A missing package narrows the choice and `missing_fonts()` says
which; nothing fails unless no font at all is installed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

FONT_ROOT = Path("/usr/share/fonts")

# role -> candidate font files (path under /usr/share/fonts, Debian package in the comment). The last
# entries of a role, after None, are the fallback from today's bench.synth fonts.
ROLES: dict[str, tuple[str | None, ...]] = {
    "sans": (
        "truetype/noto/NotoSans-Regular.ttf",  # fonts-noto-core
        "truetype/crosextra/Carlito-Regular.ttf",  # fonts-crosextra-carlito
        "truetype/open-sans/OpenSans-Regular.ttf",  # fonts-open-sans
        "truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf",  # fonts-roboto-unhinted
        "truetype/lato/Lato-Regular.ttf",  # fonts-lato
        "opentype/urw-base35/NimbusSans-Regular.otf",  # fonts-urw-base35
        "opentype/urw-base35/URWGothic-Book.otf",
        "truetype/freefont/FreeSans.ttf",  # fonts-freefont-ttf
        None,
        "truetype/dejavu/DejaVuSans.ttf",
        "truetype/liberation/LiberationSans-Regular.ttf",
    ),
    "bold": (
        "truetype/noto/NotoSans-Bold.ttf",
        "truetype/crosextra/Carlito-Bold.ttf",
        "truetype/open-sans/OpenSans-Bold.ttf",
        "truetype/roboto/unhinted/RobotoTTF/Roboto-Bold.ttf",
        "truetype/lato/Lato-Black.ttf",
        "opentype/urw-base35/NimbusSans-Bold.otf",
        "opentype/urw-base35/URWGothic-Demi.otf",
        "truetype/freefont/FreeSansBold.ttf",
        None,
        "truetype/dejavu/DejaVuSans-Bold.ttf",
        "truetype/liberation/LiberationSans-Bold.ttf",
    ),
    "serif": (
        "truetype/noto/NotoSerif-Regular.ttf",
        "opentype/urw-base35/NimbusRoman-Regular.otf",
        "opentype/urw-base35/P052-Roman.otf",
        "opentype/urw-base35/C059-Roman.otf",
        "opentype/urw-base35/URWBookman-Light.otf",
        "truetype/freefont/FreeSerif.ttf",
        None,
        "truetype/dejavu/DejaVuSerif.ttf",
        "truetype/liberation/LiberationSerif-Regular.ttf",
    ),
    "serif_bold": (
        "truetype/noto/NotoSerif-Bold.ttf",
        "opentype/urw-base35/NimbusRoman-Bold.otf",
        "opentype/urw-base35/P052-Bold.otf",
        "opentype/urw-base35/C059-Bold.otf",
        "truetype/freefont/FreeSerifBold.ttf",
        None,
        "truetype/dejavu/DejaVuSerif-Bold.ttf",
        "truetype/liberation/LiberationSerif-Bold.ttf",
    ),
    "mono": (
        "opentype/urw-base35/NimbusMonoPS-Regular.otf",
        "opentype/urw-base35/NimbusMonoPS-Bold.otf",
        "truetype/freefont/FreeMono.ttf",
        "truetype/freefont/FreeMonoBold.ttf",
        None,
        "truetype/dejavu/DejaVuSansMono.ttf",
        "truetype/liberation/LiberationMono-Regular.ttf",
    ),
    "condensed": (
        "truetype/roboto/unhinted/RobotoCondensed-Regular.ttf",
        "truetype/roboto/unhinted/RobotoCondensed-Bold.ttf",
        "opentype/urw-base35/NimbusSansNarrow-Regular.otf",
        "opentype/urw-base35/NimbusSansNarrow-Bold.otf",
        "truetype/open-sans/OpenSans-CondBold.ttf",
        None,
        "truetype/dejavu/DejaVuSansCondensed.ttf",
        "truetype/liberation/LiberationSansNarrow-Regular.ttf",
    ),
    "hand": (  # marker and pen handwriting on whiteboards, envelopes and forms
        "truetype/humor-sans/Humor-Sans.ttf",  # fonts-humor-sans
        "truetype/fifthhorseman/dkg.ttf",  # fonts-dkg-handwriting
        "truetype/fifthhorseman/dkgBd.ttf",
        "opentype/comic-neue/ComicNeue-Regular.otf",  # fonts-comic-neue
        "opentype/comic-neue/ComicNeue-Bold.otf",
        None,
        "truetype/dejavu/DejaVuSans-Oblique.ttf",
        "truetype/liberation/LiberationSans-Italic.ttf",
    ),
    "ocrb": (  # machine-readable zones of passports and ID cards
        "opentype/ocr-b/OCRB.otf",  # fonts-ocr-b
        None,
        "truetype/dejavu/DejaVuSansMono.ttf",
        "truetype/liberation/LiberationMono-Regular.ttf",
    ),
    "cjk": ("truetype/wqy/wqy-microhei.ttc", None),  # fonts-wqy-microhei (also has Latin glyphs)
    "arabic": ("truetype/noto/NotoSansArabic-Regular.ttf", "truetype/noto/NotoNaskhArabic-Regular.ttf", None),
    "cyrillic": (
        "truetype/noto/NotoSans-Regular.ttf",
        "truetype/open-sans/OpenSans-Regular.ttf",
        "truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf",
        "truetype/freefont/FreeSans.ttf",
        None,
        "truetype/dejavu/DejaVuSans.ttf",
    ),
}
DEBIAN_PACKAGES = (
    "fonts-noto-core",
    "fonts-crosextra-carlito",
    "fonts-open-sans",
    "fonts-roboto-unhinted",
    "fonts-lato",
    "fonts-urw-base35",
    "fonts-freefont-ttf",
    "fonts-humor-sans",
    "fonts-dkg-handwriting",
    "fonts-comic-neue",
    "fonts-ocr-b",
    "fonts-wqy-microhei",
)


@dataclass(frozen=True)
class FontChoice:
    """A font file chosen for a role; `name` is the file's stem, what the truth records."""

    role: str
    path: str

    @property
    def name(self) -> str:
        return Path(self.path).stem


def fonts_for(role: str) -> list[str]:
    """Installed files for a role: the new fonts when any is installed, else today's fallback ([] if none)."""
    cands = ROLES[role]
    cut = cands.index(None) if None in cands else len(cands)
    new = [c for c in cands[:cut] if c and (FONT_ROOT / c).is_file()]
    if new:
        return new
    return [c for c in cands[cut + 1 :] if c and (FONT_ROOT / c).is_file()]


def missing_fonts() -> dict[str, list[str]]:
    """role -> the preferred font files that are not installed (only roles with something missing)."""
    out = {}
    for role, cands in ROLES.items():
        cut = cands.index(None) if None in cands else len(cands)
        gone = [c for c in cands[:cut] if c and not (FONT_ROOT / c).is_file()]
        if gone:
            out[role] = gone
    return out


def pick_font(rng: np.random.Generator, role: str) -> FontChoice:
    files = fonts_for(role)
    if not files:
        if role in ("cjk", "arabic"):
            raise LookupError(role)
        files = fonts_for("sans")
    if not files:
        raise RuntimeError("no TrueType fonts found: install fonts-dejavu-core (see bench/README.md)")
    return FontChoice(role, files[int(rng.integers(0, len(files)))])


def has_role(role: str) -> bool:
    return bool(fonts_for(role))


@cache
def truetype(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_ROOT / path), max(4, int(size)))


# ----------------------------------------------------------------------------------------------- canvas

Part = tuple  # (text, category | None) or (text, category | None, {"font": FontChoice, "not_phi": why, ...})


@dataclass
class PartBox:
    text: str
    start: int  # character offsets into the line's text
    end: int
    box: tuple[float, float, float, float]  # ink box x0, y0, x1, y1 in canvas pixels
    category: str | None = None
    not_phi: str | None = None
    either: str | None = None
    origin: tuple[float, float] = (0.0, 0.0)  # where it was drawn: left end of its baseline
    font: str = ""  # font file under FONT_ROOT
    size: int = 0


@dataclass
class LineBox:
    text: str
    box: tuple[float, float, float, float]
    font: str
    size: int
    light_on_dark: bool
    parts: list[PartBox] = field(default_factory=list)


def _ink_box(font: ImageFont.FreeTypeFont, text: str) -> tuple[float, float, float, float]:
    """Where the glyphs' ink is, relative to the baseline's left end. The font's own box (getbbox) runs to
    the last glyph's advance, several pixels past a narrow '1', so the text is drawn and measured."""
    bx0, by0, bx1, by1 = font.getbbox(text, anchor="ls")
    pad = 2
    img = Image.new("L", (int(bx1 - bx0) + 2 * pad + 1, int(by1 - by0) + 2 * pad + 1), 0)
    ImageDraw.Draw(img).text((pad - bx0, pad - by0), text, font=font, fill=255, anchor="ls")
    ys, xs = np.nonzero(np.asarray(img) > 0)
    if xs.size == 0:
        return float(bx0), float(by0), float(bx1), float(by1)
    ox, oy = bx0 - pad, by0 - pad
    return float(xs.min() + ox), float(ys.min() + oy), float(xs.max() + 1 + ox), float(ys.max() + 1 + oy)


class Canvas:
    """An RGB page in its own pixels; `text()` draws a line and records the ink box of each part."""

    def __init__(self, width: int, height: int, bg: tuple[int, int, int], light_on_dark: bool = False):
        self.image = Image.new("RGB", (int(width), int(height)), bg)
        self.draw = ImageDraw.Draw(self.image)
        self.lines: list[LineBox] = []
        self.codes: list[dict] = []  # barcodes drawn: {"box": (x0, y0, x1, y1), "text": ..., "category": ...}
        self.light_on_dark = light_on_dark

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def text(
        self,
        x: float,
        y: float,
        parts: list[Part] | str,
        font: FontChoice,
        size: float,
        fill: tuple[int, int, int],
        light_on_dark: bool | None = None,
        anchor_right: bool = False,
    ) -> LineBox:
        """Draw `parts` left to right from (x, baseline y); returns the line with its parts' ink boxes.

        Each part is drawn on its own (its own font when its options give one), at the advance of the parts
        before it, so a part's box is where its glyphs are, whatever the script or the bidi order inside it.
        `anchor_right`: x is where the line ends (right-aligned columns)."""
        if isinstance(parts, str):
            parts = [(parts, None)]
        f = truetype(font.path, round(size))
        fonts = []
        for p in parts:
            opt = p[2] if len(p) > 2 else {}
            fonts.append(truetype(opt["font"].path, round(size)) if "font" in opt else f)
        advance = [fo.getlength(p[0]) for p, fo in zip(parts, fonts, strict=True)]
        if anchor_right:
            x -= sum(advance)
        cx, pos = float(x), 0
        boxes: list[PartBox] = []
        for p, fo, adv in zip(parts, fonts, advance, strict=True):
            t, cat = p[0], p[1]
            opt = p[2] if len(p) > 2 else {}
            if t.strip():
                self.draw.text((cx, y), t, font=fo, fill=fill, anchor="ls")
                x0, y0, x1, y1 = _ink_box(fo, t)
                boxes.append(
                    PartBox(
                        t,
                        pos,
                        pos + len(t),
                        (cx + x0, y + y0, cx + x1, y + y1),
                        cat,
                        opt.get("not_phi"),
                        opt.get("either"),
                        (cx, y),
                        opt["font"].path if "font" in opt else font.path,
                        round(size),
                    )
                )
            cx += adv
            pos += len(t)
        text = "".join(p[0] for p in parts)
        inked = [b.box for b in boxes]
        box = (
            (min(b[0] for b in inked), min(b[1] for b in inked), max(b[2] for b in inked), max(b[3] for b in inked))
            if inked
            else (x, y, x, y)
        )
        line = LineBox(
            text, box, font.name, round(size), self.light_on_dark if light_on_dark is None else light_on_dark, boxes
        )
        if inked:
            self.lines.append(line)
        return line

    def width_of(self, text: str, font: FontChoice, size: float) -> float:
        return truetype(font.path, round(size)).getlength(text)

    def rect(self, box: tuple[float, float, float, float], fill=None, outline=None, width: int = 1) -> None:
        self.draw.rectangle([float(v) for v in box], fill=fill, outline=outline, width=max(1, int(width)))

    def hline(self, x0: float, x1: float, y: float, fill, width: float = 1) -> None:
        self.draw.line([(x0, y), (x1, y)], fill=fill, width=max(1, int(round(width))))

    def vline(self, x: float, y0: float, y1: float, fill, width: float = 1) -> None:
        self.draw.line([(x, y0), (x, y1)], fill=fill, width=max(1, int(round(width))))

    def barcode(
        self,
        x: float,
        y: float,
        content: str,
        fmt: str,
        module: float,
        height: float | None = None,
        category: str | None = "barcode",
        fg=(0, 0, 0),
    ) -> tuple[float, float, float, float]:
        """A real, decodable code (zxing-cpp writes it) at (x, y), `module` canvas px per module."""
        import zxingcpp

        code = zxingcpp.create_barcode(content, getattr(zxingcpp.BarcodeFormat, fmt))
        bits = np.asarray(code.to_image(scale=1, add_quiet_zones=False, add_hrt=False)) < 128
        linear = bool((bits == bits[:1]).all())  # a 1D code comes as identical rows: stretch one to `height`
        if linear:
            bits = bits[:1]
        h1, w1 = bits.shape
        w = max(1, round(w1 * module))
        h = round(height) if (linear and height) else max(1, round(h1 * module))
        pix = Image.fromarray(np.where(bits, 0, 255).astype(np.uint8)).resize((w, h), Image.Resampling.NEAREST)
        ink = Image.new("RGB", (w, h), fg)
        self.image.paste(ink, (round(x), round(y)), Image.fromarray(255 - np.asarray(pix)))
        box = (round(x), round(y), round(x) + w, round(y) + h)
        self.codes.append({"box": box, "text": content, "category": category, "format": fmt})
        return box

    def portrait(self, box: tuple[float, float, float, float], rng: np.random.Generator) -> None:
        """A grey head-and-shoulders silhouette where an ID photo goes (no face: the set has no face truth)."""
        x0, y0, x1, y1 = (round(v) for v in box)
        w, h = x1 - x0, y1 - y0
        g = int(rng.integers(150, 200))
        sub = Image.new("RGB", (w, h), (g + 30, g + 35, g + 40))
        d = ImageDraw.Draw(sub)
        dark = (g - 60, g - 60, g - 55)
        d.ellipse([0.1 * w, 0.62 * h, 0.9 * w, 1.4 * h], fill=dark)  # shoulders, cut by the frame
        d.ellipse([0.3 * w, 0.15 * h, 0.7 * w, 0.6 * h], fill=dark)
        self.image.paste(sub, (x0, y0))

    def crop_bottom(self, margin: float) -> None:
        """Cut the page `margin` px below its lowest ink (a short report, not a page that is half empty)."""
        bottom = max([ln.box[3] for ln in self.lines] + [c["box"][3] for c in self.codes] + [0])
        h = min(self.image.height, int(bottom + margin))
        self.image = self.image.crop((0, 0, self.image.width, h))
        self.draw = ImageDraw.Draw(self.image)

    def paste(self, img: np.ndarray, xy: tuple[int, int]) -> None:
        self.image.paste(Image.fromarray(img), (int(xy[0]), int(xy[1])))

    def pixels(self) -> np.ndarray:
        return np.asarray(self.image)
