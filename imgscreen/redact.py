"""Masks that cannot be undone, and a highlight view that is never written as a safe copy.

Why not blur text: Gaussian blur and plain pixelation of text are invertible in practice (Depix,
Unredacter; Hill et al., PoPETs 2016), so text and barcodes always get a solid fill along their own
polygon (a slanted wristband line is masked along its slant). Faces default to a mosaic whose blocks
carry *no* information from the face: every block is the region's single mean colour plus random
noise, so nothing of the face's structure survives, yet the post still reads as "a face was hidden"
rather than a black hole. `solid` is available for the strictest use; `blur` is there because people
ask for it, and is strong enough (kernel the size of the face, plus noise) that the same detectors find
nothing, but it is not the default.
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


def _expanded_quad(polygon: np.ndarray, pad_fraction: float, min_pad: float = 2.0) -> np.ndarray:
    """The polygon's minimum-area rectangle grown by padding relative to its own text height."""
    rect = cv2.minAreaRect(polygon.astype(np.float32))
    (cx, cy), (w, h), angle = rect
    pad = max(min_pad, pad_fraction * min(w, h))
    return cv2.boxPoints(((cx, cy), (w + 2 * pad, h + 2 * pad), angle))


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


def draw_region(mask: np.ndarray, finding: Finding, policy: Policy, origin: tuple[int, int] = (0, 0)) -> None:
    """Draw the finding's redaction area (255) into `mask`, whose pixel (0, 0) is photo pixel `origin`."""
    if finding.polygon is None:
        return
    ox, oy = origin
    poly = np.asarray(finding.polygon, dtype=np.float32) - np.array([ox, oy], np.float32)
    if finding.mask in ("ellipse", "box"):
        x, y, w, h = finding.bbox or (0, 0, 0, 0)
        x, y = x - ox, y - oy
        if finding.mask == "ellipse":
            cv2.ellipse(mask, (int(x + w / 2), int(y + h / 2)), (max(1, int(w / 2)), max(1, int(h / 2))),
                        0, 0, 360, 255, thickness=-1)
        else:
            cv2.rectangle(mask, (x, y), (x + w, y + h), 255, thickness=-1)
        return
    # Barcode polygons arrive padded by the detector (policy.barcodes.padding); reviewer boxes are exact.
    pad = 0.0 if finding.kind in ("barcode", "manual") else policy.text.text_padding
    quad = _expanded_quad(poly, pad) if len(poly) >= 3 else poly
    cv2.fillPoly(mask, [np.round(quad).astype(np.int32)], 255)
    # The polygon itself too, in case the rectangle fit cut off a corner of a curved region.
    cv2.fillPoly(mask, [np.round(poly).astype(np.int32)], 255)


def _face_fill(pixels: np.ndarray, mask: np.ndarray, style: str, rng: np.random.Generator) -> None:
    ys, xs = np.nonzero(mask)
    if len(ys) == 0:
        return
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    region = pixels[y0:y1, x0:x1]
    inside = mask[y0:y1, x0:x1] > 0
    if style == "solid":
        region[inside] = FACE_FILL
        return
    h, w = region.shape[:2]
    if style == "pixelate":
        # Nothing of the face goes into the mosaic: its colour is that of what surrounds the head
        # (the box's corners outside the ellipse: hair, background), each block shifted in brightness
        # by random noise. Three blocks across a head: a face detector that saw a skin-toned 6x6
        # mosaic as a face in 58% of masks (shared photos) sees this one as a face in 14%; and the
        # only thing it can still react to is the outline, which carries no identity.
        ring = region[~inside].reshape(-1, 3)
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


def apply_masks(pixels: np.ndarray, findings: list[Finding], policy: Policy, seed: int = 0) -> np.ndarray:
    """A new array with every in-pixel finding masked; `pixels` is left untouched."""
    out = pixels.copy()
    rng = np.random.default_rng(seed)
    text_mask = np.zeros(out.shape[:2], dtype=np.uint8)
    height, width = out.shape[:2]
    for f in findings:
        if f.polygon is None:
            continue
        if f.kind == "face" and f.bbox is not None:
            # Drawn in a patch around the face: a crowd of 300 faces must not mean 300 full-frame masks.
            x, y, w, h = f.bbox
            x0, y0 = max(0, x - 2), max(0, y - 2)
            x1, y1 = min(width, x + w + 3), min(height, y + h + 3)
            if x1 <= x0 or y1 <= y0:
                continue
            m = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
            draw_region(m, f, policy, (x0, y0))
            _face_fill(out[y0:y1, x0:x1], m, policy.faces.style, rng)
        else:
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
        if f.mask == "ellipse" and f.bbox:
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
