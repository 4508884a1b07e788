"""Masks that cannot be undone, and a highlight view that is never written as a safe copy.

Why not blur text: Gaussian blur and plain pixelation of text are invertible in practice (Depix,
Unredacter; Hill et al., PoPETs 2016), so text and barcodes always get a solid fill along their own
polygon (a slanted wristband line is masked along its slant). Faces default to `smooth`: the head and
neck (a capsule, see `head_shape`) are filled with a surface interpolated from the pixels around them
plus grain, so the post reads as a heavily blurred face, yet *no* face pixel went into it (a test
swaps the faces for noise and gets the same bytes). The capsule matters as much as the fill: a face
detector takes any head-shaped blob on shoulders for a face, whatever is inside it. `pixelate` (3x3
blocks coloured from around the head plus noise) and `solid` carry no face information either;
`blur` (kernel the size of the face, plus noise) starts from the face's own pixels and is there
because people ask for it; it is not the default.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from .model import Finding
from .policy import Policy

TEXT_FILL = (0, 0, 0)
FACE_FILL = (60, 60, 60)

# Highlight colours per kind (RGB), chosen to stay readable on photos and for colour-blind reviewers.
KIND_COLOURS = {
    "face": (255, 176, 0),
    "text": (220, 38, 127),
    "barcode": (100, 143, 255),
    "manual": (254, 97, 0),
    "metadata": (120, 94, 240),
}


def _expanded_quad(polygon: np.ndarray, pad_fraction: float, min_pad: float = 2.0,
                   along_fraction: float | None = None) -> np.ndarray:
    """The polygon's minimum-area rectangle grown by padding relative to its own text height (its
    shorter side); along its length by `along_fraction` of that height when given."""
    rect = cv2.minAreaRect(polygon.astype(np.float32))
    (cx, cy), (w, h), angle = rect
    pad = max(min_pad, pad_fraction * min(w, h))
    along = pad if along_fraction is None else max(pad, along_fraction * min(w, h))
    pw, ph = (along, pad) if w >= h else (pad, along)
    return cv2.boxPoints(((cx, cy), (w + 2 * pw, h + 2 * ph), angle))


def region_mask(shape: tuple[int, int], finding: Finding, policy: Policy) -> np.ndarray:
    """A uint8 mask (255 inside) of the area this finding's redaction covers."""
    mask = np.zeros(shape, dtype=np.uint8)
    draw_region(mask, finding, policy)
    return mask


def union_mask(shape: tuple[int, int], findings: list[Finding], policy: Policy) -> np.ndarray:
    """Every finding's redaction area in one mask (one allocation, however many findings)."""
    mask = np.zeros(shape, dtype=np.uint8)
    for f in findings:
        draw_region(mask, f, policy)
    return mask


# The head mask: the head box's ellipse grown by HEAD_GROW and drawn again NECK head heights towards
# the chin, joined into one capsule. A plain ellipse leaves a head-on-shoulders outline that a face
# detector still takes for a face (24% of masks on the shared photos, whatever the fill); the capsule
# runs the mask into the neck, and the outline stops looking like a head.
HEAD_GROW = 1.15
NECK = 0.3
_CHIN = {0: (0, 1), 90: (-1, 0), 180: (0, -1), 270: (1, 0)}  # chin direction per face rotation


def head_shape(finding: Finding) -> tuple[float, float, float, float, float, float]:
    """(cx, cy, half width, half height, dx, dy) of a face's capsule, from its unclipped head box."""
    face = finding.face
    box = (face.head if face is not None else None) or finding.bbox or (0, 0, 0, 0)
    x, y, w, h = (float(v) for v in box)
    dx, dy = _CHIN.get(face.rotation if face is not None else 0, (0, 1))
    along = h if dy else w
    return (x + w / 2, y + h / 2, max(1.0, w * HEAD_GROW / 2), max(1.0, h * HEAD_GROW / 2),
            dx * NECK * along, dy * NECK * along)


def head_bounds(finding: Finding) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) around a face's capsule, or its box when it is masked whole (a photo tile)."""
    if finding.mask == "box" and finding.bbox is not None:
        x, y, w, h = finding.bbox
        return float(x), float(y), float(x + w), float(y + h)
    cx, cy, ax, ay, dx, dy = head_shape(finding)
    return cx - ax + min(0.0, dx), cy - ay + min(0.0, dy), cx + ax + max(0.0, dx), cy + ay + max(0.0, dy)


def _draw_head(mask: np.ndarray, finding: Finding, origin: tuple[int, int], value: int = 255) -> None:
    cx, cy, ax, ay, dx, dy = head_shape(finding)
    cx, cy = cx - origin[0], cy - origin[1]
    axes = (max(1, round(ax)), max(1, round(ay)))
    for ex, ey in ((cx, cy), (cx + dx, cy + dy)):
        cv2.ellipse(mask, (round(ex), round(ey)), axes, 0, 0, 360, value, thickness=-1)
    if dy:
        cv2.rectangle(mask, (round(cx - ax), round(cy)), (round(cx + ax), round(cy + dy)), value, thickness=-1)
    elif dx:
        cv2.rectangle(mask, (round(cx), round(cy - ay)), (round(cx + dx), round(cy + ay)), value, thickness=-1)


def _head_outline(finding: Finding) -> list[tuple[float, float]]:
    """The face mask's outline as drawn (the capsule), for the review view."""
    x0, y0, x1, y1 = (int(np.floor(v)) for v in head_bounds(finding))
    m = np.zeros((y1 - y0 + 3, x1 - x0 + 3), np.uint8)
    _draw_head(m, finding, (x0 - 1, y0 - 1))
    contours, _ = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    pts = max(contours, key=cv2.contourArea).reshape(-1, 2)
    return [(float(px + x0 - 1), float(py + y0 - 1)) for px, py in pts]


def draw_region(mask: np.ndarray, finding: Finding, policy: Policy, origin: tuple[int, int] = (0, 0),
                value: int = 255) -> None:
    """Draw the finding's redaction area (`value`) into `mask`, whose pixel (0, 0) is photo pixel `origin`."""
    if finding.polygon is None:
        return
    ox, oy = origin
    if finding.kind == "face" and finding.mask == "ellipse":
        _draw_head(mask, finding, origin, value)
        return
    poly = np.asarray(finding.polygon, dtype=np.float32) - np.array([ox, oy], np.float32)
    if finding.mask in ("ellipse", "box"):
        x, y, w, h = finding.bbox or (0, 0, 0, 0)
        x, y = x - ox, y - oy
        if finding.mask == "ellipse":
            cv2.ellipse(mask, (int(x + w / 2), int(y + h / 2)), (max(1, int(w / 2)), max(1, int(h / 2))),
                        0, 0, 360, value, thickness=-1)
        else:
            cv2.rectangle(mask, (x, y), (x + w, y + h), value, thickness=-1)
        return
    # Barcode polygons arrive padded by the detector (policy.barcodes.padding); reviewer boxes are exact.
    exact = finding.kind in ("barcode", "manual")
    pad, along = (0.0, None) if exact else (policy.text.text_padding, policy.text.text_padding_along)
    quad = _expanded_quad(poly, pad, along_fraction=along) if len(poly) >= 3 else poly
    cv2.fillPoly(mask, [np.round(quad).astype(np.int32)], value)
    # The polygon itself too, in case the rectangle fit cut off a corner of a curved region.
    cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], value)


def _face_fill(pixels: np.ndarray, mask: np.ndarray, style: str, rng: np.random.Generator) -> None:
    """Fill one face in its patch. `mask`: 255 = this face (written), 128 = another face (neither
    written nor used as context: in a crowd, a neighbour's face must not colour this one), 0 = context."""
    write = mask == 255
    if not write.any():
        return
    context = mask == 0
    if style == "solid":
        pixels[write] = FACE_FILL
        return
    if style == "smooth":
        _smooth_fill(pixels, write, context, rng)
        return
    ys, xs = np.nonzero(write)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    region = pixels[y0:y1, x0:x1]
    inside = write[y0:y1, x0:x1]
    h, w = region.shape[:2]
    if style == "pixelate":
        # Nothing of the face goes into the mosaic: its colour is that of what surrounds the head,
        # each of 3x3 blocks shifted in brightness by random noise.
        ring = pixels[context].reshape(-1, 3)
        mean = (ring if len(ring) >= 8 else region[inside].reshape(-1, 3)).mean(axis=0)
        block = max(4, int(max(h, w) / 3))
        by, bx = -(-h // block), -(-w // block)
        noise = np.repeat(rng.integers(-60, 61, size=(by, bx, 1)), 3, axis=2)
        blocks = np.clip(mean + noise, 0, 255).astype(np.uint8)
        tiled = np.repeat(np.repeat(blocks, block, axis=0), block, axis=1)[:h, :w]
        region[inside] = tiled[inside]
        return
    # blur: a kernel the size of the face, then noise, so that no edge of the face survives
    k = max(3, (max(h, w) // 2) * 2 + 1)
    blurred = cv2.GaussianBlur(region, (k, k), sigmaX=max(h, w) / 2)
    blurred = cv2.GaussianBlur(blurred, (k, k), sigmaX=max(h, w) / 2).astype(np.int16)
    blurred += rng.integers(-12, 13, size=blurred.shape, dtype=np.int16)
    region[inside] = np.clip(blurred, 0, 255).astype(np.uint8)[inside]


_SMOOTH_SIDE = 32  # the smooth fill is solved on a grid this size and enlarged: a head holds no detail
_SMOOTH_ITERATIONS = 80
_SMOOTH_GRAIN = 6.0  # grey-level noise sigma: film grain, so the fill does not look like a flat sticker


def _smooth_fill(pixels: np.ndarray, write: np.ndarray, context: np.ndarray, rng: np.random.Generator) -> None:
    """Fill `write` with a smooth surface interpolated from the `context` pixels around it.

    Every non-context pixel is first replaced by the context's mean, so no face pixel reaches the
    result; the hole is then relaxed towards its neighbours (a membrane fill) on a small grid with
    the context held fixed, enlarged, and given fine grain. It reads as a heavy blur, but it is a
    guess from the surroundings: there is nothing to deblur.
    """
    h, w = write.shape
    if np.count_nonzero(context) < 8:
        pixels[write] = FACE_FILL
        return
    src = pixels.astype(np.float32)
    src[~context] = pixels[context].reshape(-1, 3).mean(axis=0)
    s = min(1.0, _SMOOTH_SIDE / max(h, w))
    sw, sh = max(2, round(w * s)), max(2, round(h * s))
    small = cv2.resize(src, (sw, sh), interpolation=cv2.INTER_AREA)
    touched = cv2.resize((~context).astype(np.float32), (sw, sh), interpolation=cv2.INTER_AREA) > 0
    fixed = cv2.dilate(touched.astype(np.uint8), np.ones((3, 3), np.uint8)) == 0
    img = small.copy()
    keep = np.repeat(fixed[..., None], 3, axis=2)  # copyto with a full mask: 8x faster than img[fixed] = ...
    for _ in range(_SMOOTH_ITERATIONS):
        img = cv2.blur(img, (3, 3), borderType=cv2.BORDER_REPLICATE)
        np.copyto(img, small, where=keep)
    base = cv2.resize(img, (w, h), interpolation=cv2.INTER_CUBIC)
    base += rng.normal(0.0, _SMOOTH_GRAIN, size=(h, w, 1)).astype(np.float32)
    pixels[write] = np.clip(base, 0, 255).astype(np.uint8)[write]


def apply_masks(pixels: np.ndarray, findings: list[Finding], policy: Policy, seed: int = 0) -> np.ndarray:
    """A new array with every in-pixel finding masked; `pixels` is left untouched."""
    out = pixels.copy()
    rng = np.random.default_rng(seed)
    text_mask = np.zeros(out.shape[:2], dtype=np.uint8)
    height, width = out.shape[:2]
    drawn = [f for f in findings if f.polygon is not None]
    faces = [f for f in drawn if f.kind == "face" and f.bbox is not None]
    all_faces = np.zeros(out.shape[:2], dtype=np.uint8) if faces else None
    for f in faces:
        draw_region(all_faces, f, policy, value=128)
    for f in faces:
        # Drawn in a patch around the head with a tenth of its size as context: a crowd of 300 faces
        # must not mean 300 full-frame masks. Every face is filled from the original's context.
        x0, y0, x1, y1 = head_bounds(f)
        pad = 0.1 * max(x1 - x0, y1 - y0) + 2
        px0, py0 = max(0, int(x0 - pad)), max(0, int(y0 - pad))
        px1, py1 = min(width, int(np.ceil(x1 + pad)) + 1), min(height, int(np.ceil(y1 + pad)) + 1)
        if px1 <= px0 or py1 <= py0:
            continue
        m = all_faces[py0:py1, px0:px1].copy()
        draw_region(m, f, policy, (px0, py0))
        patch = pixels[py0:py1, px0:px1].copy()  # context from the original, never a neighbour's fill
        _face_fill(patch, m, policy.faces.style, rng)
        write = m == 255
        out[py0:py1, px0:px1][write] = patch[write]
    face_ids = {id(f) for f in faces}
    for f in drawn:
        if id(f) not in face_ids:
            draw_region(text_mask, f, policy)
    # Text and barcodes last: a solid fill must win where it overlaps a face mosaic.
    out[text_mask > 0] = TEXT_FILL
    return out


def masked_fraction(findings: list[Finding], shape: tuple[int, int], policy: Policy) -> float:
    """Fraction of the photo that the masks cover (lower is better at equal leaks)."""
    total = union_mask(shape, findings, policy)
    return float(np.count_nonzero(total)) / float(total.size or 1)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def highlight(pixels: np.ndarray, findings: list[Finding], numbered: bool = True) -> np.ndarray:
    """The photo with each finding outlined and labelled in plain words, for review only."""
    image = Image.fromarray(pixels)
    draw = ImageDraw.Draw(image)
    long_side = max(image.size)
    # Sized for a photo shown shrunk to a laptop panel: a 12 MP photo in a 450 px preview.
    width = max(2, long_side // 300)
    font = _font(max(14, long_side // 45))
    for i, f in enumerate(findings):
        if f.polygon is None:
            continue
        colour = KIND_COLOURS.get(f.kind, (255, 0, 0))
        if f.kind == "face" and f.mask == "ellipse":
            outline = _head_outline(f)
            draw.line([*outline, outline[0]], fill=colour, width=width, joint="curve")
        elif f.mask == "ellipse" and f.bbox:
            x, y, w, h = f.bbox
            draw.ellipse([x, y, x + w, y + h], outline=colour, width=width)
        else:
            pts = [(float(px), float(py)) for px, py in f.polygon]
            draw.line([*pts, pts[0]], fill=colour, width=width, joint="curve")
        x, y, _, _ = f.bbox or (0, 0, 0, 0)
        tag = f"{i + 1}. {f.label}" if numbered else f.label
        tb = draw.textbbox((0, 0), tag, font=font)
        tw, th = tb[2] - tb[0], tb[3] - tb[1]
        ty = y - th - 6 if y - th - 6 > 0 else y + 2
        draw.rectangle([x, ty, x + tw + 8, ty + th + 6], fill=colour)
        draw.text((x + 4, ty + 1), tag, fill=(0, 0, 0), font=font)
    return np.asarray(image)
