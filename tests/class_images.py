"""Generated photos, one per class of text issue 22 found imgscreen missing on real photos (or masking
when it should not), for `tests/test_classes.py`.

Why a generator of its own: `tests/test_context.py` checks the classifier on lines with made-up
geometry, which says nothing about what the real OCR reads from such a photo. These images are drawn
the way the real thing looks (hand-written whiteboards, a burned-in X-ray caption, a pharmacy label
with its barcode, a card photographed at an angle on a desk) and put through a camera (perspective,
blur, noise, JPEG), so the test runs them through the whole screen exactly as the CLI does.

Each image records where every value it printed ended up: `spans` maps a name (`name`, `mrn`, ...) to
the value's ink quadrilateral (TL, TR, BR, BL) in the final photo's pixels, and whether it must be
masked (`phi`) or must stay readable (`keep`). Every name and number is invented. Images are fixed:
each has its own seed, and the fonts are Debian packages `setup.sh` installs (DejaVu, Liberation,
OCR-B, Humor Sans, dkg-handwriting, Comic Neue); a CJK font is used only where one is installed.
"""

from __future__ import annotations

import io
import math
import subprocess
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from bench.synth_canvas import _ink_box  # the glyphs' ink box, measured on a drawing

FONTS = Path("/usr/share/fonts")
SANS = "truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "truetype/dejavu/DejaVuSans-Bold.ttf"
SANS_COND = "truetype/dejavu/DejaVuSansCondensed.ttf"
SERIF = "truetype/liberation/LiberationSerif-Regular.ttf"
SERIF_BOLD = "truetype/liberation/LiberationSerif-Bold.ttf"
ARIAL = "truetype/liberation/LiberationSans-Regular.ttf"
ARIAL_BOLD = "truetype/liberation/LiberationSans-Bold.ttf"
NARROW = "truetype/liberation/LiberationSansNarrow-Regular.ttf"
MONO = "truetype/liberation/LiberationMono-Regular.ttf"
MONO_BOLD = "truetype/dejavu/DejaVuSansMono-Bold.ttf"
OCRB = "opentype/ocr-b/OCRB.otf"
MARKER = "truetype/humor-sans/Humor-Sans.ttf"
PEN = "truetype/fifthhorseman/dkg.ttf"
COMIC = "opentype/comic-neue/ComicNeue-Bold.otf"

INK = (24, 24, 30)
Quad = list[list[float]]


@cache
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    """A font by its path under /usr/share/fonts, or an absolute path (a CJK font found by fontconfig)."""
    p = Path(path) if path.startswith("/") else FONTS / path
    return ImageFont.truetype(str(p), int(size))


def cjk_font() -> str | None:
    """An installed font with Chinese glyphs, or None. `setup.sh` installs one (fonts-wqy-zenhei) so that CI screens the
    CJK class; the tool itself needs none."""
    try:
        out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.split(":")[0].strip() for line in out.splitlines() if line.strip())
    return files[0] if files else None


@dataclass
class Span:
    text: str
    role: str  # "phi": must be masked (or the photo rejected); "keep": must stay readable
    quad: Quad


@dataclass
class Sheet:
    """A flat document in its own pixels; `text` draws a line part by part and keeps each tagged part's box."""

    width: int
    height: int
    bg: tuple[int, int, int] = (250, 250, 246)
    spans: dict[str, Span] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.image = Image.new("RGB", (self.width, self.height), self.bg)
        self.draw = ImageDraw.Draw(self.image)

    def text(self, x: float, y: float, parts: list | str, path: str, size: int, fill=INK) -> float:
        """Draw `parts` from the left end of baseline y; a part is `text` or `(text, key, role)`.
        Returns the x where the line ends."""
        f = font(path, size)
        for part in [parts] if isinstance(parts, str) else parts:
            text, key, role = (part, None, None) if isinstance(part, str) else part
            self.draw.text((x, y), text, font=f, fill=fill, anchor="ls")
            if key is not None:
                a, b, c, d = _ink_box(f, text)
                self.spans[key] = Span(text, role, [[x + a, y + b], [x + c, y + b], [x + c, y + d], [x + a, y + d]])
            x += f.getlength(text)
        return x

    def rect(self, box, fill=None, outline=None, width: int = 1) -> None:
        self.draw.rectangle(box, fill=fill, outline=outline, width=width)

    def barcode(self, x: int, y: int, content: str, module: int, height: int) -> tuple[int, int]:
        """A real Code 128 (zxing-cpp writes it) at (x, y); returns its size."""
        import zxingcpp

        code = zxingcpp.create_barcode(content, zxingcpp.BarcodeFormat.Code128)
        bits = np.asarray(code.to_image(scale=1, add_quiet_zones=False, add_hrt=False))[:1] < 128
        w = bits.shape[1] * module
        row = np.repeat(np.where(bits[0], 0, 255).astype(np.uint8), module)
        self.image.paste(Image.fromarray(np.tile(row, (height, 1))).convert("RGB"), (x, y))
        return w, height

    def pixels(self) -> np.ndarray:
        return np.asarray(self.image)


@dataclass
class ClassImage:
    """One generated photo: its pixels and where its values are (quads in the photo's pixels)."""

    name: str
    pixels: np.ndarray
    spans: dict[str, Span]

    def save(self, folder: Path) -> Path:
        """Lossless: the pixels have already been through the camera's JPEG, once is enough."""
        path = folder / f"{self.name}.png"
        Image.fromarray(self.pixels).save(path)
        return path

    def text_px(self, key: str) -> float:
        """Ink height of a span in the photo (the shorter side of its quad)."""
        q = np.asarray(self.spans[key].quad)
        return float(min(np.linalg.norm(q[3] - q[0]), np.linalg.norm(q[1] - q[0])))


# ------------------------------------------------------------------------------------------- camera


def background(rng: np.random.Generator, w: int, h: int, kind: str) -> np.ndarray:
    """A desk (wood-ish grain), a wall or a light box: enough texture that the document is not alone."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    if kind == "desk":
        base = np.array([150, 112, 78], np.float32)
        grain = 14 * np.sin(x / 7.0 + 3 * np.sin(y / 90.0)) + 8 * np.sin(x / 23.0)
        img = base + grain[..., None] * np.array([1.0, 0.8, 0.6], np.float32)
    elif kind == "dark":
        img = np.full((h, w, 3), 28, np.float32)
    else:  # wall
        img = np.array([206, 202, 194], np.float32) + (10 * (y / h) - 5)[..., None]
    light = 1.0 - 0.25 * ((x - w * 0.3) ** 2 + (y - h * 0.2) ** 2) / float(w * w + h * h)
    img = img * light[..., None] + rng.normal(0, 3, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def camera(rng: np.random.Generator, img: np.ndarray, blur: float = 0.7, noise: float = 3.0,
           quality: int = 85) -> np.ndarray:
    """Lens blur, sensor noise and the phone's JPEG."""
    out = cv2.GaussianBlur(img, (0, 0), blur) if blur > 0 else img
    out = np.clip(out.astype(np.float32) + rng.normal(0, noise, out.shape), 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(out).save(buf, "JPEG", quality=quality)
    return np.asarray(Image.open(buf).convert("RGB"))


def photograph(name: str, sheet: Sheet, seed: int, size: tuple[int, int], angle: float, scale: float,
               tilt: float = 0.04, bg: str = "desk", blur: float = 0.7, noise: float = 3.0) -> ClassImage:
    """The sheet lying in a photo of `size`: turned by `angle` degrees (counter-clockwise), scaled,
    seen at a slight slant (`tilt`: corner jitter as a share of the sheet's size), then the camera."""
    rng = np.random.default_rng(seed)
    W, H = size
    w, h = sheet.width, sheet.height
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    centred = (corners - [w / 2, h / 2]) * scale
    t = math.radians(angle)
    rot = np.array([[math.cos(t), math.sin(t)], [-math.sin(t), math.cos(t)]], np.float32)
    dst = centred @ rot.T + [W / 2, H / 2]
    dst = dst + rng.uniform(-tilt, tilt, dst.shape) * [w * scale, h * scale]
    m = cv2.getPerspectiveTransform(corners, dst.astype(np.float32))
    page = cv2.warpPerspective(sheet.pixels(), m, (W, H), flags=cv2.INTER_AREA)
    alpha = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, (W, H), flags=cv2.INTER_LINEAR) / 255.0
    shadow = cv2.GaussianBlur(alpha, (0, 0), 6)[..., None]  # the sheet's soft shadow on the desk
    alpha = alpha[..., None]
    base = background(rng, W, H, bg).astype(np.float32) * (1 - 0.35 * shadow)
    img = (alpha * page + (1 - alpha) * base).astype(np.uint8)
    spans = {k: Span(s.text, s.role, _warp(m, s.quad)) for k, s in sheet.spans.items()}
    return ClassImage(name, camera(rng, img, blur, noise), spans)


def flat(name: str, sheet: Sheet, seed: int, quality: int = 90) -> ClassImage:
    """A screenshot or a scan: no camera, only the JPEG."""
    rng = np.random.default_rng(seed)
    return ClassImage(name, camera(rng, sheet.pixels(), blur=0, noise=0, quality=quality), dict(sheet.spans))


def _warp(m: np.ndarray, quad: Quad) -> Quad:
    pts = cv2.perspectiveTransform(np.asarray(quad, np.float32)[None], m)[0]
    return [[float(x), float(y)] for x, y in pts]


def _ruled(s: Sheet, x0: int, x1: int, y: int, colour=(190, 190, 190)) -> None:
    s.draw.line([(x0, y), (x1, y)], fill=colour, width=1)


# ------------------------------------------------------------------------------------------- classes


def whiteboard_table() -> ClassImage:
    """A unit's census board in marker: a Room / Patient / Diet / Notes table, the patient cells written
    the way staff write them (`J. Miller   Stephanie`, a bed number in the same cell)."""
    s = Sheet(1500, 900, (238, 240, 236))
    blue, black, red = (30, 60, 150), (30, 30, 34), (170, 30, 30)
    s.text(60, 90, [("4 WEST  -  Tuesday", None, None)], MARKER, 46, black)
    cols = [60, 250, 800, 1050]
    for x, head, key in zip(cols, ("Room", "Patient", "Diet", "Notes"), ("h_room", "h_patient", "h_diet", "h_notes"),
                            strict=True):
        s.text(x, 190, [(head, key, "keep")], MARKER, 40, black)
    s.draw.line([(50, 210), (1440, 210)], fill=black, width=4)
    rows = [("412", "", "J. Miller   Stephanie", "NPO", "fall risk"),  # (room, bed in the cell, name, ...)
            ("414", "625 ", "M. Bryan Paul", "Regular", "d/c am"),
            ("415", "", "Okonkwo, Adaeze", "Diabetic", "PT 2pm"),
            ("417", "", "R. Castellanos Maya", "Soft", "")]
    fonts = (MARKER, PEN, COMIC, MARKER)
    for i, (room, bed, pat, diet, note) in enumerate(rows):
        y = 300 + i * 140
        f = fonts[i]
        s.text(cols[0], y, room, f, 44, blue)
        s.text(cols[1], y, [bed, (pat, f"patient{i + 1}", "phi")], f, 46, blue if i % 2 == 0 else black)
        s.text(cols[2], y, diet, f, 42, blue)
        if note:
            s.text(cols[3], y, note, f, 40, red)
    for x in cols[1:]:
        s.draw.line([(x - 25, 150), (x - 25, 860)], fill=black, width=3)
    return photograph("whiteboard_table", s, 2201, (1600, 1000), angle=2.0, scale=1.0, tilt=0.02, bg="wall",
                      blur=0.9)


def printed_census() -> ClassImage:
    """A printed ward list on a clipboard: Bed / Name / Age / Diet / Status, names surname first with the
    given name after a gap (`Miller   Stephanie`), as EHR printouts and exported spreadsheets show them."""
    s = Sheet(1150, 760, (253, 253, 250))
    s.text(50, 70, "Ward 5B  -  Census  (night shift)", ARIAL_BOLD, 30)
    cols = [50, 150, 560, 660, 820]
    for x, head in zip(cols, ("Bed", "Name", "Age", "Diet", "Status"), strict=True):
        s.text(x, 140, head, ARIAL_BOLD, 24)
    s.draw.line([(45, 152), (1100, 152)], fill=INK, width=2)
    rows = [("01", "Miller   Stephanie J.", "67", "NPO", "awaiting CT"),
            ("02", "Tran   Bao", "54", "Regular", "stable"),
            ("03", "Osei   Abena K.", "81", "Soft", "fall risk"),
            ("04", "Delacroix   Rémi", "39", "Diabetic", "d/c today"),
            ("05", "Whitfield   Jo", "72", "Renal", "stable")]
    for i, (bed, name, age, diet, status) in enumerate(rows):
        y = 200 + i * 56
        s.text(cols[0], y, bed, ARIAL, 24)
        s.text(cols[1], y, [(name, f"patient{i + 1}", "phi")], ARIAL, 24)
        s.text(cols[2], y, age, ARIAL, 24)
        s.text(cols[3], y, diet, ARIAL, 24)
        s.text(cols[4], y, status, ARIAL, 24)
        _ruled(s, 45, 1100, y + 16)
    s.text(50, 720, "Printed 02:14 by night charge nurse", ARIAL, 18, (110, 110, 110))
    return photograph("printed_census", s, 2216, (1400, 1000), angle=-4.0, scale=1.05, bg="desk")


def resume_header() -> ClassImage:
    """A résumé's first page: the name in a large header font, contact details under it."""
    s = Sheet(1100, 1400, (255, 255, 255))
    s.text(90, 160, [("Harriet Vandermolen", "name", "phi")], SERIF_BOLD, 72)
    s.text(92, 220, "Registered Nurse, Critical Care", ARIAL, 28, (90, 90, 90))
    s.text(92, 270, ["14 Quarry Lane, Millbrook, VT 05401  |  ", ("(802) 555-0172", "phone", "phi")], ARIAL, 22)
    s.text(92, 305, [("h.vandermolen@example.org", "email", "phi")], ARIAL, 22)
    s.draw.line([(90, 335), (1010, 335)], fill=(120, 120, 120), width=2)
    s.text(90, 400, [("Experience", "h_exp", "keep")], ARIAL_BOLD, 32)
    body = ["Charge Nurse, Medical ICU, Green Valley Hospital          2016 - present",
            "Led a team of nine nurses on a 24-bed unit; trained new staff on",
            "sepsis bundles and early mobility.",
            "Staff Nurse, Cardiac Step-down, Lakeview Medical Center    2011 - 2016",
            "",
            "Education",
            "B.S. Nursing, University of Vermont, 2011"]
    y = 450
    for line in body:
        s.text(90, y, line, ARIAL_BOLD if line == "Education" else ARIAL, 22 if line != "Education" else 32)
        y += 40 if line != "Education" else 55
    return flat("resume_header", s, 2202)


def xray_caption() -> ClassImage:
    """A chest X-ray export with the caption burned in, white ALL-CAPS on black."""
    rng = np.random.default_rng(2203)
    w, h = 1100, 1300
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    body = np.exp(-(((x - w / 2) / (w * 0.36)) ** 2 + ((y - h * 0.55) / (h * 0.42)) ** 2) ** 2)
    lungs = sum(np.exp(-(((x - cx) / (w * 0.13)) ** 2 + ((y - h * 0.5) / (h * 0.22)) ** 2))
                for cx in (w * 0.35, w * 0.65))
    spine = np.exp(-((x - w / 2) / (w * 0.04)) ** 2) * (y > h * 0.15)
    g = 20 + 150 * body - 90 * lungs + 70 * spine + rng.normal(0, 4, (h, w))
    s = Sheet(w, h)
    s.image = Image.fromarray(np.clip(np.repeat(g[..., None], 3, 2), 0, 255).astype(np.uint8))
    s.draw = ImageDraw.Draw(s.image)
    white = (235, 235, 235)
    s.text(30, 50, [("HOLLENBECK GRETA", "name", "phi"), " [F]"], SANS, 30, white)  # sex is not an identifier
    s.text(30, 92, ["ID: ", ("40017823", "id", "phi")], SANS, 26, white)
    s.text(30, 130, ["DOB: ", ("1961-03-14", "dob", "phi")], SANS, 26, white)
    s.text(800, 50, "PA CHEST", SANS, 26, white)
    s.text(800, 90, [("2023-11-02", "study_date", "phi")], SANS, 26, white)
    s.text(30, 1260, "kVp 110  mAs 2.5", SANS, 22, white)
    s.text(980, 300, "L", SANS_BOLD, 60, white)
    return flat("xray_caption", s, 2203, quality=92)


def health_card() -> ClassImage:
    """A provincial health card on a desk: a 4-letter + 8-digit number printed as one token."""
    s = Sheet(860, 540, (232, 240, 250))
    s.rect((0, 0, 860, 110), fill=(20, 70, 140))
    s.text(40, 72, "HEALTH INSURANCE", ARIAL_BOLD, 40, (255, 255, 255))
    s.text(40, 200, [("THIBODEAU", "surname", "phi")], ARIAL_BOLD, 40)
    s.text(40, 250, [("ROSALIE", "given", "phi")], ARIAL_BOLD, 34)
    s.text(40, 340, [("THIR62071534", "card_no", "phi")], MONO_BOLD, 46)
    s.text(40, 410, ["Naiss./Birth  ", ("1962-07-15", "dob", "phi")], ARIAL, 26)
    s.text(40, 460, "Exp. 2027-08", ARIAL, 26)
    s.rect((620, 150, 820, 400), fill=(190, 200, 210))
    return photograph("health_card", s, 2204, (1400, 1000), angle=-8.0, scale=1.1, bg="desk")


def rx_label() -> ClassImage:
    """A pharmacy label: Rx number, a fill date written `01 Aug 2018`, a barcode with its digits under it."""
    s = Sheet(1000, 560, (255, 255, 255))
    s.text(30, 50, "CORNERSTONE PHARMACY  (555) 010-3300", ARIAL_BOLD, 26)
    s.text(30, 95, ["Rx# ", ("6034417", "rx", "phi"), "    Tx: ", ("TX88120394", "tx", "phi")], NARROW, 30)
    s.text(30, 145, [("ABERNATHY, COLM", "name", "phi")], ARIAL_BOLD, 34)
    s.text(30, 195, "TAKE 1 TABLET BY MOUTH TWICE DAILY", ARIAL, 26)
    s.text(30, 235, "METFORMIN 500 MG TAB   QTY: 60", ARIAL, 26)
    s.text(30, 285, ["Filled: ", ("01 Aug 2018", "fill_date", "phi"), "   Refills: 2"], NARROW, 28)
    s.text(30, 330, "Dr. P. Hanley", NARROW, 26)
    bw, bh = s.barcode(560, 340, "48100299371", 3, 110)
    s.text(560, 340 + bh + 34, [("48100299371", "barcode_digits", "phi")], MONO, 28)
    return photograph("rx_label", s, 2205, (1400, 950), angle=4.0, scale=1.1, bg="desk")


def visit_form() -> ClassImage:
    """A clinic visit form filled in: dates in the forms people write them."""
    s = Sheet(1100, 1000, (252, 252, 248))
    s.text(60, 80, "PATIENT VISIT RECORD", SERIF_BOLD, 40)
    fields = [("Name", ("Oyelaran, Bisi", "name")), ("Date of birth", ("Aug 22, 1997", "dob")),
              ("Visit", ("2019-5-4", "visit")), ("Follow-up", ("11/08/26", "follow_up")),
              ("Referred on", ("8 Nov, 2024", "referred"))]
    y = 180
    for label, (value, key) in fields:
        s.text(60, y, label + ":", SERIF, 30)
        s.text(330, y, [(value, key, "phi")], PEN, 38, (20, 40, 120))
        _ruled(s, 320, 900, y + 8)
        y += 90
    s.text(60, y + 40, "Reason for visit:", SERIF, 30)
    s.text(330, y + 40, "knee pain, R side", PEN, 38, (20, 40, 120))
    s.text(60, 930, "Please bring this form to your next appointment.", SERIF, 24)
    return photograph("visit_form", s, 2206, (1500, 1300), angle=-3.0, scale=1.15, bg="desk")


def _small_card() -> Sheet:
    s = Sheet(430, 250, (250, 248, 238))
    s.rect((0, 0, 430, 40), fill=(190, 40, 50))
    s.text(12, 29, "APPOINTMENT CARD", ARIAL_BOLD, 22, (255, 255, 255))
    s.text(12, 80, ["Name: ", ("Quentin Albers", "name", "phi")], ARIAL, 22)
    s.text(12, 118, ["MRN: ", ("00718253", "mrn", "phi")], ARIAL, 22)
    s.text(12, 156, ["DOB: ", ("04/11/1958", "dob", "phi")], ARIAL, 22)
    s.text(12, 194, "Next: Tue 9:40  Room 12", ARIAL, 20)
    return s


def small_card_rotated() -> ClassImage:
    """The card (text ~14-16 px in the photo) turned 42 degrees on a desk."""
    return photograph("small_card_rotated", _small_card(), 2207, (1200, 900), angle=42.0, scale=0.8, bg="desk")


def small_card_upside_down() -> ClassImage:
    """The same card upside down (turned 180 degrees, a little off), text ~16 px."""
    return photograph("small_card_upside_down", _small_card(), 2208, (1200, 900), angle=183.0, scale=0.85,
                      bg="desk")


def small_card_steep() -> ClassImage:
    """A lab requisition slip in a serif font, small (text ~11-13 px) and turned 57 degrees the other way,
    seen at a slant."""
    s = Sheet(470, 240, (255, 255, 255))
    s.text(14, 34, "SPECIMEN  -  Haematology", SERIF_BOLD, 24)
    s.text(14, 80, ["Pt: ", ("VASQUEZ-ORTIZ, Lucia", "name", "phi")], SERIF, 22)
    s.text(14, 118, ["Acc# ", ("H2291-0457", "accession", "phi")], SERIF, 22)
    s.text(14, 156, ["Collected ", ("Jun 3, 2024", "collected", "phi"), " 07:15"], SERIF, 22)
    s.text(14, 200, "EDTA 4 mL  -  keep at 4 C", SERIF, 20)
    return photograph("small_card_steep", s, 2219, (1200, 900), angle=-57.0, scale=0.62, tilt=0.07, bg="desk")


def _lab_report(name: str, seed: int, script_font: str, words: dict[str, str]) -> ClassImage:
    """A lab report in a script imgscreen does not read, with a Latin MRN and dates."""
    s = Sheet(1100, 1250, (255, 255, 255))
    s.text(60, 90, words["title"], script_font, 40)
    s.text(60, 170, [words["patient"] + ": ", (words["name"], "name", "phi")], script_font, 28)
    s.text(620, 170, ["MRN: ", ("KX0041772", "mrn", "phi")], ARIAL, 28)
    s.text(60, 225, [words["born"] + ": ", ("1974-02-09", "dob", "phi")], script_font, 28)
    s.text(620, 225, [words["sampled"] + ": ", ("2023-06-14", "sampled", "phi")], script_font, 28)
    s.draw.line([(60, 260), (1040, 260)], fill=INK, width=2)
    y = 320
    for test, value, unit in words["rows"]:
        s.text(60, y, test, script_font, 26)
        s.text(620, y, value, ARIAL, 26)
        s.text(780, y, unit, script_font, 26)
        y += 52
    s.text(60, 1180, words["footer"], script_font, 22)
    return photograph(name, s, seed, (1300, 1400), angle=1.5, scale=1.1, tilt=0.03, bg="desk")


def lab_report_cyrillic() -> ClassImage:
    return _lab_report("lab_report_cyrillic", 2209, SANS, {
        "title": "Лабораторное исследование крови", "patient": "Пациент", "name": "Мельникова Дарья",
        "born": "Дата рождения", "sampled": "Взят",
        "rows": [("Гемоглобин", "132", "г/л"), ("Лейкоциты", "6,4", "10^9/л"), ("Тромбоциты", "251", "10^9/л"),
                 ("Глюкоза", "5,1", "ммоль/л"), ("Креатинин", "78", "мкмоль/л")],
        "footer": "Врач лаборатории: подпись"})


def lab_report_cjk() -> ClassImage | None:
    path = cjk_font()
    if path is None:
        return None
    return _lab_report("lab_report_cjk", 2210, path, {
        "title": "血液检验报告单", "patient": "姓名", "name": "王秀兰", "born": "出生日期", "sampled": "采样日期",
        "rows": [("血红蛋白", "132", "克/升"), ("白细胞计数", "6.4", "10^9/升"), ("血小板计数", "251", "10^9/升"),
                 ("葡萄糖", "5.1", "毫摩尔/升"), ("肌酐", "78", "微摩尔/升")],
        "footer": "检验医师签名"})


def _mrz_check(s: str) -> str:
    vals = [int(ch) if ch.isdigit() else (ord(ch) - 55 if ch.isalpha() else 0) for ch in s]
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(vals)) % 10)


def mrz_lines(surname: str, given: str, number: str, dob6: str, sex: str, exp6: str) -> tuple[str, str]:
    """An ICAO TD3 machine-readable zone (test state UTO) with valid check digits."""
    l1 = ("P<UTO" + surname + "<<" + given.replace(" ", "<") + "<" * 44)[:44]
    n = (number + "<" * 9)[:9]
    l2 = n + _mrz_check(n) + "UTO" + dob6 + _mrz_check(dob6) + sex + exp6 + _mrz_check(exp6) + "<" * 14 + "0"
    return l1, l2 + _mrz_check(l2[:10] + l2[13:20] + l2[21:43])


def _id_fields(s: Sheet, x: int, y: int, rows: list[tuple[str, str, str]], sizes: tuple[int, int], step: int,
               label_colour: tuple[int, int, int]) -> None:
    """An identity document's fields: a small printed label over each value (`rows`: label, value, key)."""
    for label, value, key in rows:
        s.text(x, y, label, ARIAL, sizes[0], label_colour)
        s.text(x, y + round(1.7 * sizes[0]), [(value, key, "phi")], ARIAL_BOLD, sizes[1])
        y += step


def _mrz_zone(s: Sheet, lines: tuple[str, ...], top: int, baseline: int, step: int) -> None:
    """The machine-readable zone: a pale band from `top` down, its lines in OCR-B as wide as the page allows."""
    s.rect((0, top, s.width, s.height), fill=(244, 246, 247))
    size = max(n for n in range(12, 48) if font(OCRB, n).getlength(lines[0]) <= s.width - 70)
    for i, line in enumerate(lines):
        s.text(35, baseline + i * step, [(line, f"mrz{i + 1}", "phi")], OCRB, size)


def passport_mrz() -> ClassImage:
    """A passport data page with its two MRZ lines, photographed on a desk."""
    s = Sheet(1250, 880, (236, 232, 246))
    s.text(40, 70, "PASSPORT / PASSEPORT", ARIAL_BOLD, 38, (60, 40, 110))
    s.rect((40, 120, 330, 500), fill=(180, 180, 190))
    _id_fields(s, 380, 150, [("Surname / Nom", "KOWALCZYK", "surname"),
                             ("Given names / Prénoms", "ADELA MARTA", "given"),
                             ("Date of birth", "12 MAR 1979", "dob"), ("Place of birth", "NORTHAVEN", "place"),
                             ("Passport No.", "XK4402913", "number")], (20, 32), 95, (90, 80, 120))
    _mrz_zone(s, mrz_lines("KOWALCZYK", "ADELA MARTA", "XK4402913", "790312", "F", "310512"), 680, 760, 70)
    return photograph("passport_mrz", s, 2211, (1500, 1150), angle=-5.0, scale=1.0, bg="desk")


def td1_mrz(surname: str, given: str, number: str, dob6: str, sex: str, exp6: str) -> tuple[str, str, str]:
    """An ICAO TD1 (ID card) machine-readable zone: three lines of 30, valid check digits."""
    n = (number + "<" * 9)[:9]
    l1 = ("I<UTO" + n + _mrz_check(n) + "<" * 30)[:30]
    l2 = dob6 + _mrz_check(dob6) + sex + exp6 + _mrz_check(exp6) + "UTO" + "<" * 11
    l2 += _mrz_check(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = (surname.replace("-", "<") + "<<" + given.replace(" ", "<") + "<" * 30)[:30]
    return l1, l2, l3


def id_card_mrz() -> ClassImage:
    """A national ID card (credit-card size) with its three-line MRZ on the front, on a desk."""
    s = Sheet(856, 540, (226, 236, 230))
    s.text(30, 50, "IDENTITY CARD  /  CARTE D'IDENTITÉ", ARIAL_BOLD, 26, (30, 90, 70))
    s.rect((30, 75, 230, 325), fill=(175, 185, 180))
    _id_fields(s, 260, 95, [("Surname", "NAKASHIMA-ROY", "surname"), ("Given names", "LEILANI", "given"),
                            ("Date of birth", "03.09.1988", "dob"), ("Document no.", "LZ7F29K41", "number")],
               (15, 24), 62, (70, 90, 80))
    _mrz_zone(s, td1_mrz("NAKASHIMA-ROY", "LEILANI", "LZ7F29K41", "880903", "F", "330902"), 375, 420, 44)
    return photograph("id_card_mrz", s, 2217, (1300, 950), angle=14.0, scale=1.0, bg="desk")


def id_card_back() -> ClassImage:
    """The back of the same card: address, issue date and the MRZ, no title saying what it is; upside down."""
    s = Sheet(856, 540, (226, 236, 230))
    _id_fields(s, 40, 60, [("Address", "12 Linden Row, Eastbury", "address"),
                           ("Date of issue", "02.09.2023", "issued")], (15, 24), 62, (70, 90, 80))
    s.text(40, 230, "Height 168 cm    Eyes BRN", ARIAL, 18, (70, 90, 80))
    _mrz_zone(s, td1_mrz("NAKASHIMA-ROY", "LEILANI", "LZ7F29K41", "880903", "F", "330902"), 375, 420, 44)
    return photograph("id_card_back", s, 2218, (1300, 950), angle=176.0, scale=1.0, bg="desk")


def ui_settings() -> ClassImage:
    """A desktop screenshot: a file manager's sidebar and a network settings pane (labels, no person)."""
    s = Sheet(1280, 800, (246, 246, 246))
    s.rect((0, 0, 1280, 36), fill=(222, 222, 226))
    s.text(560, 25, [("Finder", "finder", "keep")], ARIAL_BOLD, 18)
    s.rect((0, 36, 230, 800), fill=(232, 234, 238))
    y = 80
    for i, item in enumerate(("Favorites", "Recents", "Applications", "Desktop", "Documents", "Downloads")):
        s.text(20, y, [(item, f"side{i}", "keep")], ARIAL, 17)
        y += 36
    s.text(280, 90, "Network", ARIAL_BOLD, 26)
    rows = [("Operation", "Automatic (DHCP)"), ("Address", "Obtained from the router"), ("Proxy", "None"),
            ("Search domains", "corp.example"), ("Interface", "Ethernet 2")]
    y = 150
    for label, value in rows:
        s.text(280, y, [(label + ":", "l_" + label.lower(), "keep")], ARIAL, 18)
        s.rect((470, y - 22, 900, y + 8), fill=(255, 255, 255), outline=(190, 190, 190))
        s.text(480, y, [(value, "v_" + label.lower(), "keep")], ARIAL, 17)
        y += 52
    s.rect((760, 460, 900, 496), fill=(60, 120, 220))
    s.text(790, 485, "Apply", ARIAL_BOLD, 18, (255, 255, 255))
    return flat("ui_settings", s, 2212)


def letterhead() -> ClassImage:
    """A clinic's notice on its letterhead: the clinic's own address and phone, no patient."""
    s = Sheet(1100, 1300, (255, 255, 255))
    s.text(80, 110, "Lakeside Family Health Centre", SERIF_BOLD, 44, (20, 70, 60))
    s.text(80, 160, [("4100 Orchard Avenue, Suite 210, Fairview, OR 97024", "org_address", "keep")], SERIF, 24)
    s.text(80, 198, ["Phone ", ("(503) 555-0148", "org_phone", "keep"),
                     "   Fax ", ("(503) 555-0149", "org_fax", "keep")], SERIF, 24)
    s.draw.line([(80, 225), (1020, 225)], fill=(20, 70, 60), width=3)
    s.text(80, 320, "Notice to all visitors", SERIF_BOLD, 34)
    body = ["From Monday the main entrance on Orchard Avenue is closed for",
            "repairs. Please use the side entrance next to the pharmacy.",
            "",
            "Flu shots are available Monday to Friday, 9:00 to 16:00,",
            "without an appointment. Bring your insurance card.",
            "",
            "Thank you for your patience.",
            "The Clinic Team"]
    y = 400
    for line in body:
        s.text(80, y, line, SERIF, 26)
        y += 44
    return photograph("letterhead", s, 2213, (1300, 1500), angle=-1.0, scale=1.1, tilt=0.02, bg="wall")


def dictionary_page() -> ClassImage:
    """A dictionary page, two columns of entries; some headwords are given names."""
    s = Sheet(1200, 1400, (248, 244, 232))
    s.text(80, 70, "bend - benzene", SERIF, 24, (100, 90, 80))
    entries = [("bend", "v. to force into a curve or angle"), ("beneath", "prep. below, under"),
               ("Benedict", "n. a monk of the order of St Benedict"), ("benefactor", "n. a person who gives help"),
               ("beneficial", "adj. favourable, helpful"), ("benevolent", "adj. well meaning and kindly"),
               ("Bengali", "n. a native of Bengal"), ("benign", "adj. gentle; not harmful"),
               ("Benito", "n. a Spanish form of Benedict"), ("Benjamin", "n. the youngest and best-loved son"),
               ("bent", "adj. curved or angled"), ("benumb", "v. to make numb"), ("benzene", "n. a liquid hydrocarbon")]
    for i, (word, gloss) in enumerate(entries):
        col, row = divmod(i, 7)
        x, y = 80 + col * 560, 150 + row * 160
        key = f"w_{word.lower()}"
        s.text(x, y, [(word, key, "keep")], SERIF_BOLD, 30)
        words, line, yy = gloss.split(), "", y + 40
        for wd in words:
            if font(SERIF, 24).getlength(line + " " + wd) > 480:
                s.text(x + 20, yy, line.strip(), SERIF, 24)
                line, yy = "", yy + 34
            line += " " + wd
        s.text(x + 20, yy, line.strip(), SERIF, 24)
    return photograph("dictionary_page", s, 2214, (1400, 1550), angle=1.0, scale=1.05, tilt=0.02, bg="desk")


def restaurant_receipt() -> ClassImage:
    """A restaurant receipt: dishes with people's names in them, totals, a masked card number."""
    s = Sheet(520, 1000, (250, 250, 247))
    y = 60
    s.text(120, y, "THE COPPER KETTLE", MONO_BOLD, 26)
    s.text(110, y + 36, "118 Market Street", MONO, 20)
    s.text(130, y + 64, "Tel 555-0199", MONO, 20)
    s.text(30, y + 120, "08/14/2024 19:42  Table 7", MONO, 20)
    items = [("Caesar Salad", "19.00"), ("Chicken Marsala", "18.50"), ("Eggs Benedict", "12.00"),
             ("Shepherd's Pie", "15.75"), ("Margherita Pizza", "14.00"), ("Earl Grey", "3.50")]
    y += 180
    for i, (item, price) in enumerate(items):
        s.text(30, y, [("1 ", None, None), (item, f"item{i}", "keep")], MONO, 22)
        s.text(400, y, price, MONO, 22)
        y += 38
    for label, value in (("SUBTOTAL", "82.75"), ("TAX", "6.62"), ("TOTAL", "89.37")):
        y += 6
        s.text(30, y + 20, label, MONO_BOLD if label == "TOTAL" else MONO, 22)
        s.text(400, y + 20, value, MONO_BOLD if label == "TOTAL" else MONO, 22)
        y += 38
    s.text(30, y + 50, "VISA ************4417", MONO, 20)
    s.text(130, y + 110, "Thank you!", MONO, 22)
    return photograph("restaurant_receipt", s, 2215, (1000, 1300), angle=-6.0, scale=1.1, bg="desk")


def json_record() -> ClassImage:
    """An API explorer's response pane: a patient's record as JSON (quoted snake_case keys, Spanish and English),
    under a request line and a package manifest's `"name"` that names a program, not a person."""
    s = Sheet(1280, 860, (250, 250, 250))
    s.rect((0, 0, 1280, 44), fill=(40, 44, 52))
    s.text(20, 30, "GET /api/difuntos/17", MONO_BOLD, 20, (230, 230, 230))
    s.rect((0, 44, 1280, 860), fill=(30, 33, 40))
    green, grey, white = (152, 195, 121), (171, 178, 191), (224, 108, 117)
    rows = [("{", None), ('  "apellido_paterno": ', ("Quintanilla", "surname", "phi")),
            ('  "apellido_materno": ', ("Barragan", "surname2", "phi")),
            ('  "nombre": ', ("Eulalia", "given", "phi")),
            ('  "last_name": ', ("Okonkwo", "last_name", "phi")),
            ('  "birth_date": ', ("1948-07-23", "dob", "phi")),
            ('  "phone_number": ', ("(614) 555-0148", "phone", "phi")),
            ('  "estado": ', ("activo", "status", "keep")), ("}", None)]
    y = 100
    for key, value in rows:
        if value is None:
            s.text(30, y, key, MONO, 22, grey)
        else:
            text, name, role = value
            s.text(30, y, [key, '"', (text, name, role), '",'], MONO, 22, white if role == "phi" else green)
        y += 40
    s.text(30, y + 40, "package.json", MONO_BOLD, 20, grey)
    s.text(30, y + 90, ['  "name": "', ("imgscreen-demo", "package", "keep"), '",'], MONO, 22, green)
    s.text(30, y + 130, '  "version": "1.4.2",', MONO, 22, green)
    return flat("json_record", s, 2220)


CLASSES = {f.__name__: f for f in (
    whiteboard_table, printed_census, resume_header, xray_caption, health_card, rx_label, visit_form,
    small_card_rotated, small_card_upside_down, small_card_steep, lab_report_cyrillic, lab_report_cjk,
    passport_mrz, id_card_mrz, id_card_back, ui_settings, letterhead, dictionary_page, restaurant_receipt,
    json_record)}


def main(out: str = "/tmp/class_images") -> None:
    """Write every image and a copy with its spans outlined (phi red, keep green), to look at."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name, make in CLASSES.items():
        ci = make()
        if ci is None:
            print(f"{name}: skipped (no font)")
            continue
        ci.save(folder)
        img = ci.pixels.copy()
        for sp in ci.spans.values():
            colour = (230, 0, 0) if sp.role == "phi" else (0, 170, 0)
            cv2.polylines(img, [np.round(np.asarray(sp.quad)).astype(np.int32)], True, colour, 1)
        Image.fromarray(img).save(folder / f"{name}.spans.png")
        sizes = ", ".join(f"{k} {ci.text_px(k):.0f}px" for k in ci.spans)
        print(f"{name}: {img.shape[1]}x{img.shape[0]}; {sizes}")


if __name__ == "__main__":
    main()
