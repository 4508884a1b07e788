"""Synthetic clinical photos with exact ground truth: the shared benchmark generator.

Each photo is a 12 MP frame (default 4032 x 3024) with 1-4 *cards* pasted onto a real background:
wristbands, EHR / patient-monitor screens (light on dark), paper charts and forms, pharmacy and
specimen labels, whiteboards (room -> patient), and PHI-free signage. Cards carry made-up PHI (names,
MRNs, dates of birth, phones, addresses, SSNs, member and account numbers, e-mails, Rx numbers) and
non-PHI lines (vitals, drug names, instructions, signage). Every card is rotated (any angle in
-180..180, with extra weight near 0, +-90 and 180), perspective-warped, and the photo gets glare, blur,
sensor noise and JPEG compression. Text heights range 10-90 px.

Backgrounds are the `clean_*` photos of the shared folder (../shared/photos, no legible text, so no
unannotated text in the frame), randomly cropped, flipped and scaled to the frame; when that folder is
absent a procedural background (gradients, blobs, noise, straight edges) is used instead. Generation
is deterministic for a given seed *and* background set; `background` in the ground truth says which.

Usage: `generate(n, seed, out_dir, size=(4032, 3024)) -> list[dict]` or
`python -m bench.synth --n 60 --seed 0 --out bench/cache/synth`.

Output in `out_dir`: `synth_<seed>_<i>.jpg` per photo, one `<stem>.json` ground truth per photo, and
`index.json` (the list of all ground-truth dicts, as returned by `generate`).

Ground-truth format (one dict per photo; coordinates are pixels of the upright JPEG, x right, y down):

    {
      "file": "synth_0_0003.jpg", "width": 4032, "height": 3024, "seed": 0, "index": 3,
      "background": "clean_red_barn.jpg" | "generated",
      "jpeg_quality": 84, "blur_sigma": 0.6, "noise_sigma": 3.1,
      "identifiers": [1, 3, 8],          # sorted set of identifier numbers present anywhere
      "cards": [
        {"id": 0, "kind": "wristband", "polygon": [[x, y] x 4], "angle": -93.2,
         "light_on_dark": false, "lines": [0, 1, 2]}
      ],
      "lines": [
        {"id": 0, "card": 0,
         "text": "DOE, JANE",             # exactly what is printed
         "polygon": [[x, y] x 4],         # TL, TR, BR, BL in *reading* order (TL = start of the text's top)
         "angle": -93.2,                  # direction of the baseline (TL -> TR), degrees, atan2(dy, dx)
         "height": 23.4,                  # ink height in px (mean of left and right sides of polygon)
         "font": "DejaVuSans-Bold", "light_on_dark": false,
         "identifier": 1,                 # first PHI identifier on the line, or null for non-PHI lines
         "identifiers": [1],              # all identifier numbers on the line (sorted, unique)
         "phi": [{"identifier": 1, "value": "DOE", "start": 0, "end": 3},
                 {"identifier": 1, "value": "JANE", "start": 5, "end": 9}]}
      ]
    }

`identifier` numbers follow `imgscreen.model.Identifier` (1 names, 2 geographic, 3 dates, 4 phone,
5 fax, 6 e-mail, 7 SSN, 8 MRN, 9 health plan, 10 account, 11 licence, 18 other unique ids). `phi`
spans are character offsets into `text`; a label such as "MRN:" is *not* part of the value. Staff
names are not generated (their PHI status is a policy choice); ages are under 90 and not PHI.
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

SHARED_PHOTOS = Path(__file__).resolve().parents[2] / "shared" / "photos"
FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/truetype/liberation"))
FONT_NAMES = (
    "DejaVuSans",
    "DejaVuSans-Bold",
    "DejaVuSansCondensed",
    "DejaVuSansMono",
    "DejaVuSerif",
    "LiberationSans-Regular",
    "LiberationSans-Bold",
    "LiberationSansNarrow-Regular",
    "LiberationSerif-Regular",
    "LiberationMono-Regular",
)

FIRST = (
    "JANE", "JOHN", "MARIA", "ROBERT", "LINDA", "MICHAEL", "AISHA", "WEI", "CARLOS", "PRIYA", "FATIMA",
    "DMITRI", "KEIKO", "OLUWASEUN", "GRACE", "HECTOR", "INGRID", "JAMAL", "SOFIA", "TOMASZ", "NGOC",
    "ELENA", "RAJESH", "BRIDGET", "MOHAMMED", "HANNAH", "SAMUEL", "YUKI", "LUCIA", "PETER",
)  # fmt: skip
LAST = (
    "DOE", "SMITH", "GARCIA", "NGUYEN", "OKAFOR", "KOWALSKI", "PATEL", "JOHANSSON", "MORENO", "TANAKA",
    "O'BRIEN", "ABERNATHY", "CHEN", "WILLIAMS", "HADDAD", "FITZGERALD", "MBEKI", "ROSSI", "KIM", "LOPEZ",
    "VAN DER BERG", "SCHMIDT", "IVANOVA", "MCALLISTER", "DUBOIS", "SANTOS", "BECKER", "OYELARAN",
)  # fmt: skip
STREETS = ("Maple Ave", "Oak Street", "Elm Dr", "Cedar Ln", "Harbor Rd", "Willow Ct", "Pine Ridge Blvd")
CITIES = ("Springfield", "Riverton", "Fairview", "Lakewood", "Brookhaven", "Milford", "Ashland")
STATES = ("IL", "OH", "CA", "TX", "NY", "WA", "GA")
DRUGS = (
    "Lisinopril 10 mg", "Metformin 500 mg", "Atorvastatin 20 mg", "Amoxicillin 250 mg",
    "Heparin 5000 units", "Ondansetron 4 mg", "Furosemide 40 mg", "Insulin glargine 12 units",
    "Acetaminophen 650 mg", "Vancomycin 1 g IV",
)  # fmt: skip
SIGNS = (
    "EXIT", "Radiology", "Please check in at the front desk", "Wash your hands", "No smoking",
    "Visitors welcome 9am - 8pm", "STAFF ONLY", "Fall risk prevention", "Elevators", "Cafeteria",
    "Emergency Department", "Quiet please", "Hand sanitizer", "Keep door closed", "Pharmacy",
)  # fmt: skip
WARD = ("Cardiac ICU", "Ward 4 North", "Pediatrics", "Oncology Day Unit", "Surgical Step-Down", "Maternity")

N, GEO, DATE, PHONE, FAX, EMAIL, SSN, MRN, PLAN, ACCT, LIC = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
OTHER = 18

Part = tuple[str, int | None]  # text and identifier (None: not PHI)


# ------------------------------------------------------------------------------------------------
# fake data


def _digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def _date(rng: np.random.Generator, born: bool = True) -> str:
    y = int(rng.integers(1935, 2020)) if born else int(rng.integers(2022, 2026))
    m, d = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    fmt = int(rng.integers(0, 4))
    if fmt == 0:
        return f"{m:02d}/{d:02d}/{y}"
    if fmt == 1:
        return f"{y}-{m:02d}-{d:02d}"
    if fmt == 2:
        return f"{d:02d}-{months[m - 1].upper()}-{y}"
    return f"{months[m - 1]} {d}, {y}"


def _phone(rng: np.random.Generator) -> str:
    a, b, c = _digits(rng, 3), _digits(rng, 3), _digits(rng, 4)
    a = str(int(rng.integers(2, 10))) + a[1:]
    return (f"({a}) {b}-{c}", f"{a}-{b}-{c}", f"{a}.{b}.{c}")[int(rng.integers(0, 3))]


def _pick(rng: np.random.Generator, seq: tuple[str, ...]) -> str:
    return seq[int(rng.integers(0, len(seq)))]


@dataclass
class Person:
    first: str
    last: str
    dob: str
    mrn: str
    phone: str
    street: str
    city: str
    state: str
    zip: str
    ssn: str
    member: str
    acct: str
    email: str
    rx: str
    sex: str
    age: int

    @classmethod
    def make(cls, rng: np.random.Generator) -> Person:
        first, last = _pick(rng, FIRST), _pick(rng, LAST)
        mrn = _digits(rng, int(rng.integers(7, 11)))
        if rng.random() < 0.3:
            mrn = "MR" + mrn
        return cls(
            first=first,
            last=last,
            dob=_date(rng),
            mrn=mrn,
            phone=_phone(rng),
            street=f"{int(rng.integers(10, 9999))} {_pick(rng, STREETS)}",
            city=_pick(rng, CITIES),
            state=_pick(rng, STATES),
            zip=_digits(rng, 5),
            ssn=f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 4)}",
            member=_pick(rng, ("XKW", "BCB", "HMO", "UHC")) + _digits(rng, 9),
            acct=_digits(rng, 10),
            email=f"{first[0].lower()}{last.lower().replace(' ', '').replace(chr(39), '')}"
            f"{int(rng.integers(1, 99))}@example.com",
            rx="RX" + _digits(rng, 7),
            sex=_pick(rng, ("F", "M")),
            age=int(rng.integers(18, 89)),
        )

    def name_parts(self, rng: np.random.Generator) -> list[Part]:
        style = int(rng.integers(0, 3))
        if style == 0:
            return [(self.last, N), (", ", None), (self.first, N)]
        if style == 1:
            return [(self.first.title(), N), (" ", None), (self.last.title(), N)]
        return [(self.last.title(), N), (", ", None), (self.first.title(), N)]


# ------------------------------------------------------------------------------------------------
# card content


@dataclass
class CardSpec:
    kind: str
    lines: list[list[Part]]
    bg: tuple[int, int, int]
    fg: tuple[int, int, int]
    light_on_dark: bool
    sizes: list[float] = field(default_factory=list)  # relative text size per line
    min_width: float = 0.0  # card width as multiple of text size (wristbands are long)


def _wristband(rng: np.random.Generator, p: Person) -> CardSpec:
    lines = [
        p.name_parts(rng),
        [("MRN: ", None), (p.mrn, MRN)],
        [("DOB: ", None), (p.dob, DATE), (f"  {p.sex}  {p.age}Y", None)],
    ]
    if rng.random() < 0.5:
        lines.append([("Acct ", None), (p.acct, ACCT)])
    bg = (int(rng.integers(225, 256)), int(rng.integers(225, 256)), int(rng.integers(215, 256)))
    return CardSpec("wristband", lines, bg, (20, 20, 25), False, [1.2] + [1.0] * (len(lines) - 1), 22.0)


def _screen(rng: np.random.Generator, p: Person) -> CardSpec:
    fg = [(230, 230, 230), (90, 240, 120), (120, 220, 255), (255, 220, 90)][int(rng.integers(0, 4))]
    lines: list[list[Part]] = [
        [(_pick(rng, WARD) + f" - Bed {int(rng.integers(1, 40))}", None)],
        [("Patient: ", None), *p.name_parts(rng)],
        [("MRN ", None), (p.mrn, MRN), ("   DOB ", None), (p.dob, DATE)],
        [(f"HR {int(rng.integers(55, 130))} bpm   SpO2 {int(rng.integers(88, 100))}%", None)],
        [(f"BP {int(rng.integers(95, 170))}/{int(rng.integers(55, 100))}   RR {int(rng.integers(10, 28))}", None)],
    ]
    if rng.random() < 0.5:
        lines.append([("Admit: ", None), (_date(rng, born=False), DATE)])
    if rng.random() < 0.4:
        lines.append([("Ins. Member ID ", None), (p.member, PLAN)])
    if rng.random() < 0.5:
        lines.append([(_pick(rng, DRUGS) + " infusing", None)])
    bg = (int(rng.integers(5, 30)), int(rng.integers(10, 35)), int(rng.integers(20, 50)))
    return CardSpec("screen", lines, bg, fg, True, [0.9, 1.2] + [1.0] * (len(lines) - 2))


def _chart(rng: np.random.Generator, p: Person) -> CardSpec:
    lines: list[list[Part]] = [
        [("PATIENT INTAKE FORM", None)],
        [("Name: ", None), *p.name_parts(rng)],
        [("Date of birth: ", None), (p.dob, DATE)],
        [("Address: ", None), (p.street, GEO), (", ", None), (p.city, GEO), (f", {p.state} ", None), (p.zip, GEO)],
        [("Phone: ", None), (p.phone, PHONE)],
    ]
    extra = [
        [("SSN: ", None), (p.ssn, SSN)],
        [("Email: ", None), (p.email, EMAIL)],
        [("Fax: ", None), (_phone(rng), FAX)],
        [("Member ID: ", None), (p.member, PLAN)],
        [("Allergies: Penicillin", None)],
        [("Current medication: " + _pick(rng, DRUGS), None)],
        [("Reason for visit: follow-up", None)],
    ]
    for i in rng.permutation(len(extra))[: int(rng.integers(2, 5))]:
        lines.append(extra[int(i)])
    ink = [(15, 15, 20), (20, 30, 110)][int(rng.integers(0, 2))]
    bg = (int(rng.integers(230, 256)), int(rng.integers(230, 256)), int(rng.integers(225, 250)))
    return CardSpec("chart", lines, bg, ink, False, [1.2] + [1.0] * (len(lines) - 1))


def _label(rng: np.random.Generator, p: Person) -> CardSpec:
    lines: list[list[Part]] = [
        [("Rx# ", None), (p.rx, OTHER)],
        p.name_parts(rng),
        [(_pick(rng, DRUGS), None)],
        [("Take 1 tablet by mouth twice daily", None)],
        [("Filled: ", None), (_date(rng, born=False), DATE)],
    ]
    if rng.random() < 0.5:
        lines.append([("Pharmacy ", None), (_phone(rng), None)])  # a business phone: not PHI
    bg = (255, 255, int(rng.integers(200, 256)))
    return CardSpec("label", lines, bg, (10, 10, 10), False, [0.9, 1.2, 1.1] + [0.85] * (len(lines) - 3))


def _whiteboard(rng: np.random.Generator, p: Person) -> CardSpec:
    lines: list[list[Part]] = [[("Today: " + _pick(rng, ("Monday", "Tuesday", "Friday", "Sunday")), None)]]
    for _ in range(int(rng.integers(2, 5))):
        q = Person.make(rng)
        initial = rng.random() < 0.4
        name: list[Part] = [(q.first[0] + ". ", N), (q.last.title(), N)] if initial else q.name_parts(rng)
        lines.append([(f"Room {int(rng.integers(1, 40))} - ", None), *name])
    lines.append([("Fall risk: bed alarm on", None)])
    fg = [(20, 20, 120), (10, 10, 10), (150, 20, 20), (10, 100, 40)][int(rng.integers(0, 4))]
    return CardSpec("whiteboard", lines, (240, 242, 240), fg, False, [1.0] * len(lines))


def _sign(rng: np.random.Generator, p: Person) -> CardSpec:
    lines = [[(SIGNS[int(i)], None)] for i in rng.choice(len(SIGNS), int(rng.integers(1, 3)), replace=False)]
    dark = rng.random() < 0.5
    bg = (20, 60, 140) if dark else (245, 245, 235)
    fg = (255, 255, 255) if dark else (20, 20, 20)
    return CardSpec("sign", lines, bg, fg, dark, [1.3] + [1.0] * (len(lines) - 1))


KINDS = {
    "wristband": _wristband,
    "screen": _screen,
    "chart": _chart,
    "label": _label,
    "whiteboard": _whiteboard,
    "sign": _sign,
}
KIND_WEIGHTS = np.array([0.24, 0.2, 0.18, 0.16, 0.12, 0.1])


# ------------------------------------------------------------------------------------------------
# rendering


def _font_path(name: str) -> Path | None:
    for d in FONT_DIRS:
        p = d / f"{name}.ttf"
        if p.is_file():
            return p
    return None


def available_fonts() -> list[str]:
    return [n for n in FONT_NAMES if _font_path(n) is not None]


@dataclass
class RenderedCard:
    image: np.ndarray  # RGB
    lines: list[dict]  # text, parts, box in card px (x0, y0, x1, y1) of the ink, font


def _render_card(spec: CardSpec, text_px: float, font_name: str, rng: np.random.Generator) -> RenderedCard:
    """Render the card flat; `text_px` is the cap height of a size-1.0 line in pixels."""
    fpath = _font_path(font_name)
    assert fpath is not None
    placed = []
    fonts = []
    for size in spec.sizes:
        # PIL font size is roughly 1.4 x the cap height for these families
        fonts.append(ImageFont.truetype(str(fpath), max(6, int(round(text_px * size * 1.4)))))
    pad = int(round(text_px * 1.2))
    gap = text_px * 0.9
    y = float(pad)
    max_w = 0.0
    for parts, font in zip(spec.lines, fonts, strict=True):
        text = "".join(t for t, _ in parts)
        x0, y0, x1, y1 = font.getbbox(text, anchor="ls")
        asc = font.getmetrics()[0]
        placed.append((text, parts, font, y + asc, (x0, y0, x1, y1)))
        y += asc + font.getmetrics()[1] + gap
        max_w = max(max_w, x1)
    width = int(max(max_w + 2 * pad, spec.min_width * text_px))
    height = int(y - gap + pad)
    img = Image.new("RGB", (width, height), spec.bg)
    draw = ImageDraw.Draw(img)
    if spec.kind == "wristband":  # a fake barcode block at the right end, like real bands
        bx = int(max_w + 2 * pad)
        while bx < width - pad:
            w = int(rng.integers(1, 4)) * max(1, int(text_px / 6))
            draw.rectangle([bx, pad, bx + w - 1, height - pad], fill=spec.fg)
            bx += w + int(rng.integers(1, 4)) * max(1, int(text_px / 6))
    if spec.kind == "screen":  # a header bar and a frame, like monitor UIs
        draw.rectangle([0, 0, width - 1, height - 1], outline=(80, 90, 110), width=max(2, int(text_px / 5)))
    out_lines = []
    for text, parts, font, baseline, (x0, y0, x1, y1) in placed:
        draw.text((pad, baseline), text, font=font, fill=spec.fg, anchor="ls")
        out_lines.append(
            {
                "text": text,
                "parts": parts,
                "box": (pad + x0, baseline + y0, pad + x1, baseline + y1),
                "font": font_name,
            }
        )
    return RenderedCard(np.asarray(img), out_lines)


def _homography(card_hw: tuple[int, int], center: tuple[float, float], angle: float, persp: float, rng) -> np.ndarray:
    """Card -> photo: rotate by `angle` degrees (counter-clockwise on screen), jitter corners."""
    h, w = card_hw
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    a = math.radians(angle)
    R = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    corners = (src - [w / 2, h / 2]) @ R.T + center
    jitter = rng.uniform(-persp, persp, (4, 2)) * min(w, h)
    dst = (corners + jitter).astype(np.float32)
    return cv2.getPerspectiveTransform(src, dst)


def _apply_h(H: np.ndarray, pts: np.ndarray) -> np.ndarray:
    return cv2.perspectiveTransform(np.asarray(pts, np.float32).reshape(-1, 1, 2), H).reshape(-1, 2)


def _background(rng: np.random.Generator, size: tuple[int, int], files: list[Path]) -> tuple[np.ndarray, str]:
    W, H = size
    if files:
        f = files[int(rng.integers(0, len(files)))]
        with Image.open(f) as im:
            src = np.asarray(im.convert("RGB"))
        sh, sw = src.shape[:2]
        # random crop with the frame's aspect ratio, at least 60% of the source
        frac = rng.uniform(0.6, 1.0)
        cw = min(sw, int(sh * W / H)) * frac
        ch = cw * H / W
        x = rng.uniform(0, sw - cw)
        y = rng.uniform(0, sh - ch)
        crop = src[int(y) : int(y + ch), int(x) : int(x + cw)]
        if rng.random() < 0.5:
            crop = crop[:, ::-1]
        bg = cv2.resize(crop, (W, H), interpolation=cv2.INTER_CUBIC)
        return bg, f.name
    # procedural: a smooth two-colour gradient, soft blobs and a few straight edges (furniture)
    c1, c2 = rng.integers(40, 220, 3), rng.integers(40, 220, 3)
    t = np.linspace(0, 1, H, dtype=np.float32)[:, None, None]
    bg = (c1 * (1 - t) + c2 * t).astype(np.float32) * np.ones((1, W, 1), np.float32)
    small = rng.normal(0, 25, (H // 64 + 1, W // 64 + 1, 3)).astype(np.float32)
    bg += cv2.resize(small, (W, H), interpolation=cv2.INTER_CUBIC)
    bg = np.clip(bg, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(2, 6))):
        p1 = tuple(int(v) for v in rng.integers(0, [W, H]))
        p2 = tuple(int(v) for v in rng.integers(0, [W, H]))
        cv2.line(bg, p1, p2, tuple(int(v) for v in rng.integers(0, 255, 3)), int(rng.integers(3, 30)))
    return bg, "generated"


def _angle(rng: np.random.Generator) -> float:
    if rng.random() < 0.4:
        return float(rng.uniform(-180, 180))
    return float(((int(rng.integers(0, 4)) * 90 + rng.normal(0, 8)) + 180) % 360 - 180)


def _text_px(rng: np.random.Generator) -> float:
    """Ink cap height for the card's base size: log-uniform in 9-75 px so that, with the per-line size
    factors and descenders, line heights span about 10-90 px."""
    return float(math.exp(rng.uniform(math.log(9), math.log(75))))


def _spans(parts: list[Part]) -> list[dict]:
    out, pos = [], 0
    for text, ident in parts:
        if ident is not None:
            out.append({"identifier": ident, "value": text, "start": pos, "end": pos + len(text)})
        pos += len(text)
    return out


def _glare(img: np.ndarray, rng: np.random.Generator, poly: np.ndarray) -> None:
    """A soft specular highlight over part of a card (screens and laminated bands)."""
    c = poly.mean(axis=0) + rng.uniform(-0.3, 0.3, 2) * (poly.max(axis=0) - poly.min(axis=0))
    r = float(np.linalg.norm(poly[0] - poly[2])) * rng.uniform(0.1, 0.3)
    x0, y0 = int(max(0, c[0] - 2 * r)), int(max(0, c[1] - 2 * r))
    x1, y1 = int(min(img.shape[1], c[0] + 2 * r)), int(min(img.shape[0], c[1] + 2 * r))
    if x1 <= x0 or y1 <= y0:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1]
    d2 = ((xx - c[0]) ** 2 + (yy - c[1]) ** 2) / (r * r)
    alpha = (np.exp(-d2) * rng.uniform(0.35, 0.7))[..., None]
    roi = img[y0:y1, x0:x1].astype(np.float32)
    img[y0:y1, x0:x1] = np.clip(roi * (1 - alpha) + 255 * alpha, 0, 255).astype(np.uint8)


def _overlaps(poly: np.ndarray, others: list[np.ndarray]) -> bool:
    for o in others:
        inter, _ = cv2.intersectConvexConvex(poly.astype(np.float32), o.astype(np.float32))
        if inter > 0:
            return True
    return False


def paste(photo: np.ndarray, card: np.ndarray, Hm: np.ndarray, poly: np.ndarray, shade: float) -> None:
    """Warp `card` (RGB) by `Hm` into `photo` in place, through a mask, inside the bounding box of `poly`
    (the card's corners in the photo); `shade` scales the card's brightness (lighting)."""
    x0, y0 = np.floor(poly.min(axis=0)).astype(int)
    x1, y1 = np.ceil(poly.max(axis=0)).astype(int)
    T = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], np.float64) @ Hm
    bw, bh = x1 - x0, y1 - y0
    warped = cv2.warpPerspective(card, T, (bw, bh), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full(card.shape[:2], 255, np.uint8), T, (bw, bh))
    m = (mask.astype(np.float32) / 255.0)[..., None]
    roi = photo[y0:y1, x0:x1].astype(np.float32)
    photo[y0:y1, x0:x1] = np.clip(roi * (1 - m) + warped.astype(np.float32) * shade * m, 0, 255).astype(np.uint8)


def camera(photo: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, float, float]:
    """The camera's blur and sensor noise (JPEG is applied when saving): (photo, blur sigma, noise sigma)."""
    blur = float(rng.choice([0.0, 0.0, rng.uniform(0.3, 1.2)]))
    if blur > 0:
        photo = cv2.GaussianBlur(photo, (0, 0), blur)
    noise = float(rng.uniform(0, 6))
    if noise > 0:
        photo = np.clip(photo.astype(np.float32) + rng.normal(0, noise, photo.shape).astype(np.float32), 0, 255)
        photo = photo.astype(np.uint8)
    return photo, blur, noise


def make_photo(
    rng: np.random.Generator, size: tuple[int, int], backgrounds: list[Path], fonts: list[str]
) -> tuple[np.ndarray, dict]:
    """One photo and its ground truth (without file name fields)."""
    W, H = size
    photo, bg_name = _background(rng, size, backgrounds)
    photo = photo.copy()
    cards_gt: list[dict] = []
    lines_gt: list[dict] = []
    placed: list[np.ndarray] = []
    n_cards = int(rng.integers(1, 5))
    for _ in range(n_cards):
        kind = list(KINDS)[int(rng.choice(len(KINDS), p=KIND_WEIGHTS / KIND_WEIGHTS.sum()))]
        spec = KINDS[kind](rng, Person.make(rng))
        font = fonts[int(rng.integers(0, len(fonts)))]
        for _attempt in range(12):
            text_px = _text_px(rng)
            card = _render_card(spec, text_px, font, rng)
            ch, cw = card.image.shape[:2]
            if max(cw, ch) > 0.9 * min(W, H) * (1.4 if _attempt < 6 else 1.0):
                continue  # too big for the frame at this text size: draw a smaller size
            angle = _angle(rng)
            margin = 0.5 * math.hypot(cw, ch)
            if 2 * margin >= min(W, H):
                continue
            center = (rng.uniform(margin, W - margin), rng.uniform(margin, H - margin))
            Hm = _homography((ch, cw), center, angle, float(rng.uniform(0.0, 0.12)), rng)
            poly = _apply_h(Hm, [[0, 0], [cw, 0], [cw, ch], [0, ch]])
            if _overlaps(poly, placed) or poly.min() < 0 or poly[:, 0].max() > W or poly[:, 1].max() > H:
                continue
            break
        else:
            continue
        paste(photo, card.image, Hm, poly, rng.uniform(0.7, 1.05))  # shade: lighting on the card
        if spec.kind in ("screen", "wristband", "label") and rng.random() < 0.35:
            _glare(photo, rng, poly)
        placed.append(poly)
        card_id = len(cards_gt)
        ids = []
        for ln in card.lines:
            bx0, by0, bx1, by1 = ln["box"]
            lp = _apply_h(Hm, [[bx0, by0], [bx1, by0], [bx1, by1], [bx0, by1]])
            d = lp[1] - lp[0]
            spans = _spans(ln["parts"])
            idents = sorted({s["identifier"] for s in spans})
            lid = len(lines_gt)
            ids.append(lid)
            lines_gt.append(
                {
                    "id": lid,
                    "card": card_id,
                    "text": ln["text"],
                    "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in lp],
                    "angle": round(math.degrees(math.atan2(float(d[1]), float(d[0]))), 1),
                    "height": round(0.5 * float(np.linalg.norm(lp[3] - lp[0]) + np.linalg.norm(lp[2] - lp[1])), 1),
                    "font": ln["font"],
                    "light_on_dark": spec.light_on_dark,
                    "identifier": idents[0] if idents else None,
                    "identifiers": idents,
                    "phi": spans,
                }
            )
        cards_gt.append(
            {
                "id": card_id,
                "kind": spec.kind,
                "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in poly],
                "angle": round(angle, 1),
                "light_on_dark": spec.light_on_dark,
                "lines": ids,
            }
        )
    photo, blur, noise = camera(photo, rng)
    gt = {
        "width": W,
        "height": H,
        "background": bg_name,
        "blur_sigma": round(blur, 2),
        "noise_sigma": round(noise, 2),
        "identifiers": sorted({i for ln in lines_gt for i in ln["identifiers"]}),
        "cards": cards_gt,
        "lines": lines_gt,
    }
    return photo, gt


def background_files() -> list[Path]:
    """The text-free shared photos, or [] when the shared folder is absent."""
    if not SHARED_PHOTOS.is_dir():
        return []
    return sorted(p for p in SHARED_PHOTOS.glob("clean_*") if p.suffix.lower() in (".jpg", ".jpeg", ".png"))


def generate(n: int, seed: int, out_dir: Path, size: tuple[int, int] = (4032, 3024)) -> list[dict]:
    """Write `n` photos and their ground truth into `out_dir`; return the ground-truth dicts."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    backgrounds = background_files()
    fonts = available_fonts()
    if not fonts:
        raise RuntimeError("no TrueType fonts found (install fonts-dejavu-core)")
    results = []
    for i in range(n):
        rng = np.random.default_rng([seed, i])  # photo i is the same whatever n is
        photo, gt = make_photo(rng, size, backgrounds, fonts)
        quality = int(rng.integers(60, 93))
        stem = f"synth_{seed}_{i:04d}"
        Image.fromarray(photo).save(out_dir / f"{stem}.jpg", quality=quality)
        gt = {"file": f"{stem}.jpg", "seed": seed, "index": i, "jpeg_quality": quality, **gt}
        (out_dir / f"{stem}.json").write_text(json.dumps(gt, indent=1))
        results.append(gt)
    (out_dir / "index.json").write_text(json.dumps(results, indent=1))
    return results


def load(out_dir: Path) -> list[dict]:
    """The ground truth of a generated set (reads `index.json`)."""
    return json.loads((Path(out_dir) / "index.json").read_text())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, default=Path("bench/cache/synth"))
    ap.add_argument("--width", type=int, default=4032)
    ap.add_argument("--height", type=int, default=3024)
    a = ap.parse_args(argv)
    gts = generate(a.n, a.seed, a.out, (a.width, a.height))
    n_lines = sum(len(g["lines"]) for g in gts)
    n_phi = sum(1 for g in gts for ln in g["lines"] if ln["identifiers"])
    print(f"wrote {len(gts)} photos, {n_lines} lines ({n_phi} with PHI) to {a.out}")


if __name__ == "__main__":
    main()
