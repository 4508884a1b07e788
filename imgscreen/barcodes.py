"""Barcodes and QR codes in the pixels: every code found is a finding, readable or not.

A wristband or specimen label barcode usually encodes the MRN or an account number, so a code is PHI
whatever it says; its decoded text only picks the identifier. The one exception is a decoded retail
product code (EAN/UPC outside GS1's restricted ranges: `retail_product`), which names a product.
Codes zxing-cpp locates but cannot decode (checksum or format errors, `return_errors=True`) are
findings too: an unreadable code on a photo may be readable from the original at another resolution.

How it looks, all on the shared grey image and pyramid:
1. zxing-cpp on the full-resolution grey image (its own rotation, inversion and downscaling), with
   `return_errors=True` so damaged codes come back too;
2. a localizer (structure tensor on a 2000 px and an 800 px pyramid level) marks bar-like regions
   (strong, one-directional, alternating gradients: 1D codes, PDF417) and busy compact regions
   (Data Matrix, QR); each region not already decoded is cut out of the full-resolution image,
   deskewed by the bars' own direction, upscaled when small, and read again. This is what finds
   short linear codes at oblique angles, which zxing's row scanning misses. Two energy floors keep a
   code on a busy background (foliage, food) from merging with it; bar fragments with one direction
   that touch are also tried as one region (a blurred PDF417 breaks into rows);
3. decode errors are kept as unreadable codes when they are QR/Aztec (big finder patterns) or when a
   localizer region of similar size backs them up, and their inside looks printed (`_code_like`:
   full of module edges, about half of it ink); strong bar regions that nothing decodes are kept
   too when their bars read like a code (`bar_pattern`: four or more, of unequal widths). Results
   are merged by overlap.

What it does NOT promise: codes with modules under 2 px, heavily curved or creased codes, or codes
cut by the frame edge. It never reads codes that zxing-cpp does not support.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from .detect import FIRST_LOOK, Stage, StageResult, VerifyContext
from .model import Finding, Identifier, Photo, Polygon
from .policy import Policy

DETECTOR = "barcodes"

_MRN = re.compile(r"\b(MRN|MR#|MED\s*REC|PATIENT\s*ID|PID|HOSP(ITAL)?\s*(NO|#))\b", re.I)
_ACCOUNT = re.compile(r"\b(ACCT|ACCOUNT|ACC#|ACC\s*NO|ENCOUNTER|FIN|VISIT)\b", re.I)
_HEALTH_PLAN = re.compile(r"\b(MEMBER|POLICY|SUBSCRIBER|INSURANCE|PLAN)\b", re.I)
_URL = re.compile(r"^(https?://|www\.)", re.I)
_EMAIL = re.compile(r"^(mailto:)?[\w.+-]+@[\w-]+\.[\w.]+$", re.I)
_PHONE = re.compile(r"^tel:", re.I)
_MRN_LIKE = re.compile(r"^[A-Z]{0,3}\d{6,12}$", re.I)


def identifier_for(text: str | None) -> Identifier:
    """The Safe Harbor identifier a code's content points to; 18 when it says nothing recognisable."""
    if not text:
        return Identifier.OTHER_ID
    t = text.strip()
    if _MRN.search(t):
        return Identifier.MRN
    if _ACCOUNT.search(t):
        return Identifier.ACCOUNT
    if _HEALTH_PLAN.search(t):
        return Identifier.HEALTH_PLAN
    if _URL.search(t):
        return Identifier.URL
    if _EMAIL.search(t):
        return Identifier.EMAIL
    if _PHONE.search(t):
        return Identifier.PHONE
    if _MRN_LIKE.match(t):
        return Identifier.MRN  # a bare 6-12 digit number on a clinical label is most often an MRN
    return Identifier.OTHER_ID


def _format_name(fmt: object) -> str:
    names = {
        "QRCode": "QR code", "MicroQRCode": "QR code", "RMQRCode": "QR code", "DataMatrix": "Data Matrix",
        "PDF417": "PDF417", "MicroPDF417": "PDF417", "Aztec": "Aztec code", "MaxiCode": "MaxiCode",
    }
    s = _format_key(fmt)
    return names.get(s, str(fmt) or "unknown type")


def _format_key(fmt: object) -> str:
    """zxing-cpp prints formats as "QR Code", "Micro QR Code", "Code128", "EAN-13": compare without
    spaces or hyphens."""
    return str(fmt).replace("BarcodeFormat.", "").replace(" ", "").replace("-", "")


def _quad(result: zxingcpp.Barcode) -> np.ndarray:
    p = result.position
    return np.array([[q.x, q.y] for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)], float)


def _pad(quad: np.ndarray, padding: float, min_px: float = 2.0) -> np.ndarray:
    """Grow a quadrilateral about its centre by `padding` of its size (at least `min_px`)."""
    c = quad.mean(axis=0)
    span = max(float(np.ptp(quad[:, 0])), float(np.ptp(quad[:, 1])), 1.0)
    grow = max(padding, min_px / span)
    q = c + (quad - c) * (1 + 2 * grow)
    if np.ptp(quad[:, 1]) < 3 or np.ptp(quad[:, 0]) < 3:  # a 1D code read as a line: give it height
        d = quad[1] - quad[0]
        n = np.array([-d[1], d[0]]) / max(np.hypot(*d), 1e-9)
        h = max(0.15 * np.hypot(*d), 8.0)
        q = np.array([quad[0] - n * h, quad[1] - n * h, quad[1] + n * h, quad[0] + n * h])
        c = q.mean(axis=0)
        q = c + (q - c) * (1 + 2 * padding)
    return q


def _read(gray: np.ndarray, **options: object) -> list[zxingcpp.Barcode]:
    return zxingcpp.read_barcodes(gray, return_errors=True, **options)


# ---- candidate regions: patches of strong, one-directional, alternating gradients (bars)

_LOCATE_SIDE = 2000  # pyramid level the localizer works on
_LOCATE_SIDE_BIG = 800  # and a coarse one, where the bars of big codes fit the window
_MAX_CANDIDATES = 16
_MAX_MATRIX_CANDIDATES = 8
_CELL = 4  # localizer grid cell, in level pixels
# Gradient energy floors for "busy": the low one finds faint and blurred codes; the high one cuts a
# printed code loose from foliage or food texture around it, which at the low floor joins it into
# one shapeless region.
_ENERGY_FLOORS = (5000.0, 40000.0)
_MIN_EDGE_DENSITY = 0.3  # of a decode error's inner area, for it to count as an unreadable code
_INK = (0.3, 0.65)  # dark fraction of a decode error's inner area, for it to count as an unreadable code


_MIN_ACROSS = 0.2  # a strong bar region's extent across its bars over their length (see `_components`)


@dataclass
class _Candidate:
    box: np.ndarray  # 4 x 2 corners in full-resolution pixels
    rect: tuple[tuple[float, float], tuple[float, float], float]  # cv2.minAreaRect form, full-res
    score: float
    strong: bool  # looks like a barcode even if nothing decodes it
    linear: bool = True  # bars (1D, PDF417) rather than a 2D matrix


def _candidates(photo: Photo, side: int = 2000) -> list[_Candidate]:
    """Bar-like regions: high gradient energy, one dominant direction, edges that alternate in sign.

    The structure tensor (averaged over 4 x 4 blocks, then a 3 x 3 box: about a 16 px window) gives
    energy and coherence; the mean signed gradient over the same window is near zero for bars
    (dark-light-dark) but not for a single strong edge, which keeps ordinary photo edges out.
    Gradients come from one pyramid level (long side 2000) and everything after them runs on a grid
    4 times coarser, so a 12 MP photo costs little more than a 4 MP one.
    """
    level, s = photo.downscaled(side)
    g = cv2.cvtColor(level, cv2.COLOR_RGB2GRAY) if s != 1.0 else photo.gray
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    h, w = g.shape
    size = (max(1, w // _CELL), max(1, h // _CELL))
    maps = [cv2.resize(m, size, interpolation=cv2.INTER_AREA) for m in (gx * gx, gy * gy, gx * gy, gx, gy)]
    jxx, jyy, jxy, mx, my = (cv2.blur(m, (3, 3)) for m in maps)
    energy = jxx + jyy + 1e-6
    d = jxx - jyy
    coherence = np.sqrt(d * d + 4 * jxy * jxy) / energy
    alternation = (mx * mx + my * my) / energy
    f = _CELL / s  # coarse grid -> full-resolution pixels
    tensor = (jxy, d)
    bars: list[_Candidate] = []
    matrix: list[_Candidate] = []
    for i, floor in enumerate(_ENERGY_FLOORS):
        busy = (energy > floor) & (alternation < 0.08)
        b = _components(busy & (coherence > 0.6), coherence, energy, f, linear=True, tensor=tensor)
        m = _components(busy & (coherence <= 0.6), coherence, energy, f, linear=False, tensor=tensor)
        if i > 0:
            for c in b:
                c.strong = False  # the high floor leaves cores of ordinary edges: decode or nothing
        bars += [c for c in b if not any(_overlaps(c.box, o.box) for o in bars)][:_MAX_CANDIDATES]
        matrix += [c for c in m if not any(_overlaps(c.box, o.box) for o in matrix)][:_MAX_MATRIX_CANDIDATES]
    return bars + matrix


def _components(mask: np.ndarray, coherence: np.ndarray, energy: np.ndarray, f: float, *,
                linear: bool, tensor: tuple[np.ndarray, np.ndarray]) -> list[_Candidate]:
    """Connected regions of `mask` (coarse grid) that are big, solid and rectangular enough."""
    m = cv2.morphologyEx(mask.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(m)
    order = sorted(range(1, n), key=lambda i: -int(stats[i, cv2.CC_STAT_AREA]))
    out: list[_Candidate] = []
    for i in order[: _MAX_CANDIDATES * 3]:
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if area * f * f < 1200:
            break
        sub = labels[y : y + bh, x : x + bw] == i
        pts = (np.column_stack(np.nonzero(sub)[::-1]) + (x, y)).astype(np.float32)
        (cx, cy), (rw, rh), ang = cv2.minAreaRect(pts)
        rw, rh = rw + 1, rh + 1  # cells have size: a 1-cell-wide row is 4 pixels tall, not 0
        fill = area / max(rw * rh, 1.0)
        coh = float(coherence[y : y + bh, x : x + bw][sub].mean())
        mag = float(np.sqrt(energy[y : y + bh, x : x + bw][sub]).mean())
        if linear and (coh < 0.7 or mag < 100 or fill < 0.35):
            continue
        if not linear and (mag < 120 or fill < 0.5 or min(rw, rh) / max(rw, rh) < 0.25 or area * f * f > 2e6):
            continue
        if linear:
            # Orient the box by the bars themselves (mean gradient direction), not by the blob's
            # outline, which a neighbouring edge can skew: the deskewed crop then has upright bars.
            jxy, d = tensor
            t = 0.5 * np.arctan2(2 * float(jxy[y : y + bh, x : x + bw][sub].sum()),
                                 float(d[y : y + bh, x : x + bw][sub].sum()))
            rel = pts - pts.mean(axis=0)
            u = rel @ np.array([np.cos(t), np.sin(t)])
            v = rel @ np.array([-np.sin(t), np.cos(t)])
            (cx, cy) = pts.mean(axis=0) + np.array([np.cos(t), np.sin(t)]) * (u.max() + u.min()) / 2 + np.array(
                [-np.sin(t), np.cos(t)]) * (v.max() + v.min()) / 2
            rw, rh, ang = float(np.ptp(u)) + 1, float(np.ptp(v)) + 1, float(np.degrees(t))
        rect = (((cx + 0.5) * f, (cy + 0.5) * f), (rw * f, rh * f), ang)
        # `strong` (kept when nothing decodes it) also needs the region to reach across its bars (`rw`, along
        # the gradient) a fifth of their length (`rh`) or more: a code has many bars side by side, while a single
        # rule or chart line is one long, thin "bar" whose gradient alternates too (a menu's divider, a
        # dashboard's flat series).
        strong = (linear and coh > 0.9 and fill > 0.7 and mag > 150 and area * f * f > 3000
                  and rw >= _MIN_ACROSS * rh)
        out.append(_Candidate(cv2.boxPoints(rect), rect, coh * mag * np.sqrt(area), strong, linear))
    out.sort(key=lambda c: -c.score)
    return out


def _upright(gray: np.ndarray, centre: tuple[float, float], ang: float, size: tuple[int, int]
             ) -> tuple[np.ndarray, np.ndarray]:
    """The `size` (w, h) patch of `gray` around `centre`, turned by `ang` so a region's bars stand upright; and the
    affine matrix that made it (its inverse maps the patch's points back)."""
    (cx, cy), (w, h) = centre, size
    m = cv2.getRotationMatrix2D((cx, cy), ang, 1.0)
    m[0, 2] += w / 2 - cx
    m[1, 2] += h / 2 - cy
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE), m


def _decode_region(
    gray: np.ndarray, rect: tuple, margin: float = 0.25, upscale_first: bool = False, sharpen: bool = True,
    errors: list[tuple[np.ndarray, zxingcpp.Barcode]] | None = None,
) -> list[tuple[np.ndarray, zxingcpp.Barcode]]:
    """Cut a rotated rectangle out of the full-resolution image, upright, and read it.

    Deskewing makes bars vertical or horizontal, which zxing's row scanning needs for short linear codes
    at oblique angles; small crops are also upscaled once, which rescues 2 px modules.
    """
    (cx, cy), (rw, rh), ang = rect
    pad = 20 + margin * max(rw, rh)
    cw, ch = int(rw + 2 * pad), int(rh + 2 * pad)
    if cw * ch > 16_000_000:
        return []
    crop, m = _upright(gray, (cx, cy), ang, (cw, ch))
    inv = cv2.invertAffineTransform(m)
    failed: list[tuple[float, zxingcpp.Barcode]] = []

    def read(img: np.ndarray, scale: float) -> list[zxingcpp.Barcode]:
        found = _read(img)
        failed.extend((scale, r) for r in found if not r.valid)
        return [r for r in found if r.valid]

    results = [] if upscale_first else read(crop, 1.0)
    scale = 1.0
    if not results and max(cw, ch) < 1000:
        scale = 2.0
        big = cv2.resize(crop, (cw * 2, ch * 2), interpolation=cv2.INTER_CUBIC)
        results = read(big, 2.0)
        if not results and sharpen and (failed or upscale_first):
            # Blurred print: an unsharp mask restores enough edge contrast for the binarizer. Tried only
            # where zxing saw something code-like, or on a 2D-matrix region: on the bar-like texture
            # most regions are, it found nothing and cost 40% of the stage.
            soft = cv2.GaussianBlur(big, (0, 0), 3.0)
            sharp = cv2.addWeighted(big, 2.5, soft, -1.5, 0)
            results = read(sharp, 2.0)

    def back(r: zxingcpp.Barcode, s: float) -> np.ndarray:
        q = _quad(r) / s
        return q @ inv[:, :2].T + inv[:, 2]

    if errors is not None and not results:
        errors.extend((back(r, s), r) for s, r in failed)
    return [(back(r, scale), r) for r in results]


def _center_in(quad: np.ndarray, other: np.ndarray) -> bool:
    c = quad.mean(axis=0)
    return cv2.pointPolygonTest(other.astype(np.float32), (float(c[0]), float(c[1])), False) >= 0


def _overlaps(a: np.ndarray, b: np.ndarray) -> bool:
    return _center_in(a, b) or _center_in(b, a)


_FINDER_FORMATS = {"QRCode", "Aztec"}  # big finder patterns: their decode errors are real codes


def detect(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """Every barcode and QR code in the photo, decoded or not, as padded polygons."""
    if not policy.barcodes.enabled:
        return StageResult(notes=["barcode check turned off by policy"])
    gray = photo.gray
    valid: list[tuple[np.ndarray, zxingcpp.Barcode]] = []
    errors: list[tuple[np.ndarray, zxingcpp.Barcode]] = []
    for r in _read(gray):
        (valid if r.valid else errors).append((_quad(r), r))
    candidates = _candidates(photo, _LOCATE_SIDE)
    coarse = _candidates(photo, _LOCATE_SIDE_BIG)
    # A coarse region that covers much more than the fine ones it overlaps is the whole code of which
    # they are fragments: keep it too.
    candidates += [c for c in coarse
                   if c.strong or not any(_overlaps(c.box, o.box) and 2 * _area(o) > _area(c) for o in candidates)]
    candidates += _clusters(candidates)
    crop_errors: list[tuple[_Candidate, np.ndarray, zxingcpp.Barcode]] = []
    for cand in candidates:
        if any(_overlaps(cand.box, q) for q, _ in valid):
            continue
        errs: list[tuple[np.ndarray, zxingcpp.Barcode]] = []
        valid += _decode_region(gray, cand.rect, upscale_first=not cand.linear, errors=errs)
        crop_errors += [(cand, q, r) for q, r in errs]
    unreadable: list[_Hit] = []
    # A code found in a candidate's crop but too blurred to decode: the localizer region and the
    # decoder's finder agree on place and size, and its inside is full of module edges.
    for cand, q, r in crop_errors:
        if not any(_overlaps(q, v) for v, _ in valid) and _confirms(cand, q) and _regular(q) and _code_like(gray, q):
            unreadable.append((q, r))
    for q, r in errors:
        if any(_overlaps(q, v) for v, _ in valid):
            continue
        rect = cv2.minAreaRect(q.astype(np.float32))
        again = _decode_region(gray, (rect[0], (max(rect[1][0], 8), max(rect[1][1], 8)), rect[2]), margin=0.5)
        if again:
            valid += again
        elif ((_format_key(r.format) in _FINDER_FORMATS or any(_confirms(c, q) for c in candidates))
              and _code_like(gray, q)):
            unreadable.append((q, r))
    for cand in candidates:
        if (cand.strong and not any(_overlaps(cand.box, q) for q, _ in valid + unreadable)
                and bar_pattern(gray, cand.rect)):
            unreadable.append((cand.box, None))
    findings, products = [], 0
    for q, r in _dedupe(valid):
        if policy.barcodes.keep_product_codes and retail_product(r):
            products += 1
        else:
            findings.append(_finding(q, r, policy))
    findings += [_finding(q, r, policy) for q, r in _dedupe(unreadable)]
    notes = [f"{products} retail product code(s) (EAN/UPC) left visible: they name a product, not a person"
             ] if products else []
    return StageResult(findings=findings, notes=notes)


# Retail symbologies: digits only, with a GS1 check digit the decoder has verified. Their numbers are
# allocated to products by GS1 member companies, except the restricted-circulation ranges (store and
# variable-weight numbers, which a hospital could print its own numbers in): those stay findings.
_RETAIL = frozenset({"EAN13", "EAN8", "UPCA", "UPCE"})
_RESTRICTED = re.compile(r"^(?:0[24]\d|2\d\d)")  # GS1 prefixes 020-029, 040-049, 200-299 (EAN-13 form)


def retail_product(r: zxingcpp.Barcode) -> bool:
    """A decoded EAN/UPC outside the restricted ranges: a shop item's or drug box's product number.
    Wristbands, specimen labels and documents carry Code 128, Code 39, Data Matrix, PDF417 or QR."""
    fmt, text = _format_key(r.format), (r.text or "").strip()
    if fmt not in _RETAIL or not r.valid or not text.isdigit():
        return False
    if fmt == "EAN8":
        return text[0] not in "02"  # EAN-8 numbers starting 0 or 2 are restricted circulation
    if fmt == "UPCE":
        return True
    return not _RESTRICTED.match(text.zfill(13))


# A web link in a code: a named host (not an address), then at most a short path and query. A person's page or
# record in a link carries a number or a key that says so (`?patient=123456`, `/u/jdoe`, `?id=`), or an e-mail.
_LINK = re.compile(r"(?i)^(?:https?://)?(?:www\.)?(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,12}(?::\d{2,5})?"
                   r"(?P<rest>[/?#][^\s]*)?$")
_PERSONAL_KEY = re.compile(r"(?i)(?:^|[/?&#;=_.\-])(?:id|uid|pid|u|user(?:name|id)?|profile|patient|member|mrn|acct"
                           r"|account|name|e?mail|dob|birth|token|key|ssn|phone|tel|person|client|customer)(?:$|[=/&#_.\-])")


def public_link(text: str | None) -> bool:
    """A decoded code that is only a link to a website (`http://www.nucc.org/`, `theoldpurple.com/r.php?r=58`):
    a poster's, a form's or a shop's, naming no one. Not with a long number, a personal key or an e-mail in it:
    a portal's link to one patient's record is a person's (`pipeline` keeps even these masked beside a
    person's details)."""
    t = (text or "").strip()
    m = _LINK.match(t)
    if m is None or len(t) > 100 or "@" in t:
        return False
    rest = m.group("rest") or ""
    return re.search(r"\d{4,}", rest) is None and _PERSONAL_KEY.search(rest) is None


def _regular(quad: np.ndarray, min_ratio: float = 0.7) -> bool:
    """Opposite sides of similar length: a printed code seen in a photo, not a decoder's guess
    stretched over an icon (perspective rarely shrinks one side of a small code by a third)."""
    sides = np.hypot(*(np.roll(quad, -1, axis=0) - quad).T)
    return all(min(sides[i], sides[i + 2]) >= min_ratio * max(sides[i], sides[i + 2]) for i in (0, 1))


def _inner(gray: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The quad's inner part (shrunk by a fifth): its bounding patch and the mask of the part in it."""
    c = quad.mean(axis=0)
    inner = c + (quad - c) * 0.8
    x0, y0 = np.floor(inner.min(axis=0)).astype(int)
    x1, y1 = np.ceil(inner.max(axis=0)).astype(int) + 1
    x0, y0 = max(x0, 0), max(y0, 0)
    patch = gray[y0:y1, x0:x1]
    if patch.size < 16:
        return None
    m = np.zeros(patch.shape, np.uint8)
    cv2.fillPoly(m, [np.round(inner - (x0, y0)).astype(np.int32)], 1)
    return (patch, m > 0) if m.any() else None


def _edge_density(gray: np.ndarray, quad: np.ndarray) -> float:
    """Fraction of the quad's inner part with a strong edge: a code's modules give edges all over it;
    a plain bright square that a decoder took for a Data Matrix does not."""
    got = _inner(gray, quad)
    if got is None:
        return 0.0
    patch, m = got
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3)
    return float((np.hypot(gx, gy) > 80)[m].mean())


def _ink_fraction(gray: np.ndarray, quad: np.ndarray) -> float:
    """Fraction of the quad's inner part on the dark side of its own Otsu split."""
    got = _inner(gray, quad)
    if got is None:
        return 0.0
    patch, m = got
    v = patch[m].reshape(-1, 1)
    t, _ = cv2.threshold(v, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return float((v <= t).mean())


def _code_like(gray: np.ndarray, quad: np.ndarray) -> bool:
    """Evidence that a decode error is a printed code, not texture: module edges all over its inside,
    and ink on about half of it. Symbologies balance dark and light modules (QR and Data Matrix mask
    their data for it, bars alternate); on bench.barcodes the codes found only as unreadable have
    0.43-0.50 of their inside dark, while the clean 12 MP frames' false Data Matrix errors (a pastry's
    crust, a dim bedroom wall, a giraffe) had 0.11-0.76 and edge densities down to 0."""
    ink = _ink_fraction(gray, quad)
    return _edge_density(gray, quad) >= _MIN_EDGE_DENSITY and _INK[0] <= ink <= _INK[1]


_MIN_BARS = 4  # dark bars across a region (often a fragment of a code) for it to be a code nothing decodes
_GRATING = 0.35  # spread of bar widths (p90 - p10 over the median) below which bars are a regular grating


def bar_pattern(gray: np.ndarray, rect: tuple) -> bool:
    """Do the bars of a region that nothing decodes read like a code: many of them, of unequal widths?

    The localizer's `strong` regions are kept as unreadable codes on the strength of their gradients
    alone, and screens and photos are full of other parallel edges: a form's answer bubbles, a cable,
    an arrow, a chart's few series, a ruler's ticks, a status page's row of equal uptime bars. Every
    1D symbology and PDF417 puts at least nine bars side by side and varies their widths (that is how
    it writes data), so a region with few bars, or with bars and gaps all of one width (a grating),
    is no code. Read on three scan lines across the bars; any one that looks like a code keeps the
    region (fail closed: a damaged code may be legible on one line only).
    """
    centre, (rw, rh), ang = rect
    crop = _upright(gray, centre, ang, (int(max(rw, 8)), int(max(rh, 8))))[0].astype(np.float32)
    across_x = np.abs(np.diff(crop, axis=1)).mean() >= np.abs(np.diff(crop, axis=0)).mean()
    lines = crop if across_x else crop.T  # each row now runs across the bars
    n = lines.shape[0]
    for f in (0.3, 0.5, 0.7):
        band = lines[int(f * n - 0.05 * n) : int(f * n + 0.05 * n) + 1].mean(axis=0)
        if _code_profile(band):
            return True
    return False


def _code_profile(profile: np.ndarray) -> bool:
    lo, hi = np.percentile(profile, (10, 90))
    if hi - lo < 30:
        return False
    dark = profile < (lo + hi) / 2
    edges = np.flatnonzero(np.diff(dark.astype(np.int8))) + 1
    runs = np.diff(edges)  # whole runs only: the first and last may be cut by the region's edge
    if len(runs) < 2 * _MIN_BARS - 1:
        return False
    first_dark = bool(dark[edges[0]])
    bars, gaps = (runs[0::2], runs[1::2]) if first_dark else (runs[1::2], runs[0::2])
    if len(bars) < _MIN_BARS:
        return False

    def spread(widths: np.ndarray) -> float:
        p10, p50, p90 = np.percentile(widths, (10, 50, 90))
        return float((p90 - p10) / max(p50, 1.0))

    return spread(bars) >= _GRATING or spread(gaps) >= _GRATING


def _area(c: _Candidate) -> float:
    return float(c.rect[1][0] * c.rect[1][1])


def _clusters(cands: list[_Candidate]) -> list[_Candidate]:
    """One candidate per group of bar fragments with the same direction that touch each other.

    A big or blurred PDF417 breaks into row or column fragments on a busy background; none of them
    decodes alone, their union does.
    """
    lin = [c for c in cands if c.linear]
    n = len(lin)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            a, b = lin[i], lin[j]
            da = abs((a.rect[2] - b.rect[2] + 90) % 180 - 90)
            if da > 6:
                continue
            reach = 0.6 * max(min(a.rect[1]), min(b.rect[1]))
            gap = np.hypot(a.rect[0][0] - b.rect[0][0], a.rect[0][1] - b.rect[0][1])
            if gap <= (max(a.rect[1]) + max(b.rect[1])) / 2 + reach:
                parent[find(i)] = find(j)
    groups: dict[int, list[_Candidate]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(lin[i])
    out = []
    for g in groups.values():
        if len(g) < 2:
            continue
        pts = np.concatenate([c.box for c in g]).astype(np.float32)
        rect = cv2.minAreaRect(pts)
        if rect[1][0] * rect[1][1] > 4e6:
            continue
        out.append(_Candidate(cv2.boxPoints(rect), rect, sum(c.score for c in g), False, True))
    return out


def _confirms(cand: _Candidate, quad: np.ndarray) -> bool:
    """Does a localizer region back up a decode error at `quad`? Same place and a similar size.

    Textures produce Data Matrix and PDF417 checksum errors; a bar region of about the same size in
    the same place is independent evidence that a real (damaged or blurred) code is there.
    """
    if not _overlaps(cand.box, quad):
        return False
    a = abs(cv2.contourArea(quad.astype(np.float32)))
    b = abs(cv2.contourArea(cand.box.astype(np.float32)))
    return a > 0 and 0.3 <= b / a <= 4.0 and (cand.linear or b > 2500)


_Hit = tuple[np.ndarray, zxingcpp.Barcode | None]


def _dedupe(items: list[_Hit]) -> list[_Hit]:
    kept: list[_Hit] = []
    for q, r in items:
        if not any(_overlaps(q, k) for k, _ in kept):
            kept.append((q, r))
    return kept


def _finding(quad: np.ndarray, r: zxingcpp.Barcode | None, policy: Policy) -> Finding:
    text = r.text if r is not None and r.valid and r.text else None
    name = _format_name(r.format) if r is not None else "unknown type"
    label = f"Barcode ({name})" if text is not None else f"Barcode ({name}, unreadable)"
    poly: Polygon = tuple((float(x), float(y)) for x, y in _pad(quad, policy.barcodes.padding))
    return Finding("barcode", identifier_for(text), label, 1.0 if text else 0.5, DETECTOR, poly, text)


# Mostly OpenCV and zxing-cpp in C++: it runs on a helper thread beside the face and text models.
STAGE = Stage(name="barcodes", kinds=("barcode",), detect=detect, beside=True)
