"""Small previews of screened photos for the batch page, built so that the page shows no PHI.

Which pixels a preview starts from depends on the decision, because the page must leak nothing even
where the screening missed something:

- **accept / redact with a safe copy:** the safe copy itself (what will be shared anyway), shrunk;
- **redact without a safe copy** (the scan had no --out): the original with every finding of the
  report filled solid, the same regions the safe copy masks;
- **reject:** the original with every finding filled solid and then reduced to a mosaic of
  `REJECT_CELLS` cells across, so a screen or a document the tool refused shows its layout and its
  masks but no readable character (a reject is exactly the photo where the tool may have missed text);
- **could not be screened** (nothing known about its content): no preview at all.

Findings are outlined on top (by kind), from the report's boxes. Previews are JPEGs encoded from
pixels (no metadata), `THUMB_SIDE` pixels on the long side. Only the report and the files on disk
are read: no model runs here.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image

from .load import load_file
from .policy import LimitsPolicy

THUMB_SIDE = 320
REJECT_CELLS = 24  # mosaic cells across a reject's long side: layout visible, no character readable
QUALITY = 70

# Outline colours by finding kind (RGB); anything else is drawn in the last one.
KIND_COLOURS = {"face": (250, 200, 30), "text": (230, 40, 40), "barcode": (40, 120, 240), "manual": (170, 60, 200)}
OTHER_COLOUR = (255, 255, 255)


@dataclass(frozen=True)
class Preview:
    jpeg: bytes | None  # None: nothing may be shown
    width: int = 0
    height: int = 0
    source: str = ""  # "safe copy", "masked original", "masked mosaic" or why there is none


def _first_frame_findings(record: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in record.get("findings", []) if f.get("bbox") and f.get("frame", 0) == 0]


def _fill_findings(pixels: np.ndarray, findings: list[dict[str, Any]]) -> np.ndarray:
    """Every finding's region filled solid: its polygon, grown by a quarter of its short side."""
    out = pixels.copy()
    for f in findings:
        x, y, w, h = f["bbox"]
        pad = max(2, min(w, h) // 4) if f.get("kind") != "face" else max(w, h) // 4
        poly = f.get("polygon") or [[x, y], [x + w, y], [x + w, y + h], [x, y + h]]
        pts = np.round(np.asarray(poly, dtype=np.float64)).astype(np.int32)
        cv2.fillPoly(out, [pts], (0, 0, 0))
        cv2.rectangle(out, (x - pad, y - pad), (x + w + pad, y + h + pad), (0, 0, 0), thickness=-1)
    return out


def _shrink(pixels: np.ndarray, side: int = THUMB_SIDE) -> np.ndarray:
    h, w = pixels.shape[:2]
    scale = min(1.0, side / max(h, w))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(pixels, size, interpolation=cv2.INTER_AREA) if scale < 1.0 else pixels.copy()


def _mosaic(pixels: np.ndarray, cells: int = REJECT_CELLS) -> np.ndarray:
    h, w = pixels.shape[:2]
    scale = cells / max(h, w)
    small = cv2.resize(pixels, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA)
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def _outline(thumb: np.ndarray, findings: list[dict[str, Any]], scale: float) -> np.ndarray:
    out = np.ascontiguousarray(thumb)
    for f in findings:
        x, y, w, h = (round(v * scale) for v in f["bbox"])
        colour = KIND_COLOURS.get(f.get("kind", ""), OTHER_COLOUR)
        cv2.rectangle(out, (x, y), (x + max(w, 2), y + max(h, 2)), colour, thickness=2)
    return out


def _encode(pixels: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels), "RGB").save(buf, "JPEG", quality=QUALITY)
    return buf.getvalue()


def _could_not_screen(record: dict[str, Any]) -> bool:
    return bool(record.get("failed")) or not record.get("frames") or any(
        not s.get("ok", True) for s in record.get("stages", []))


def preview(record: dict[str, Any], limits: LimitsPolicy | None = None) -> Preview:
    """The preview for one report record (see the module docstring for which pixels it shows)."""
    if _could_not_screen(record):
        return Preview(None, source="could not be screened: no preview")
    decision = record.get("decision")
    findings = _first_frame_findings(record)
    output = record.get("output")
    try:
        if decision in ("accept", "redact") and output and Path(output).is_file():
            with Image.open(output) as im:
                pixels, source = np.asarray(im.convert("RGB")), "safe copy"
        else:
            frame = load_file(record["path"], limits)[0]
            pixels, source = _fill_findings(frame.pixels, findings), "masked original"
    except Exception as e:  # noqa: BLE001 - a preview that cannot be made is left out, never guessed
        return Preview(None, source=f"no preview ({type(e).__name__})")
    w = pixels.shape[1]
    thumb = _shrink(pixels)
    if decision not in ("accept", "redact"):
        thumb, source = _mosaic(thumb), "masked mosaic"
    thumb = _outline(thumb, findings, thumb.shape[1] / w)
    return Preview(_encode(thumb), thumb.shape[1], thumb.shape[0], source)
