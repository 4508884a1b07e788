"""Our text reader behind presidio-image-redactor's `OCR` interface.

Presidio's `ImageAnalyzerEngine(ocr=...)` expects Tesseract's `image_to_data` dict of lists. Giving it
our reader lets presidio's image pipeline see rotated, small and light-on-dark text too. Kept in its own
module so importing `imgscreen.ocr` does not pull in presidio.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from presidio_image_redactor.ocr import OCR

from .model import bbox_of
from .ocr import _as_rgb, read_lines

KEYS = ("text", "left", "top", "width", "height", "conf")


class PresidioOCR(OCR):
    """One entry per word: `text`, `left`, `top`, `width`, `height` (the axis-aligned box around the
    word's polygon) and `conf` (0-100, as Tesseract reports it)."""

    def __init__(self, engine: str = "rapidocr") -> None:
        self.engine = engine

    def perform_ocr(self, image: object, **kwargs: Any) -> dict:
        out: dict[str, list] = {k: [] for k in KEYS}
        for line in read_lines(image_to_rgb(image), self.engine):
            for w in line.words:
                x, y, bw, bh = bbox_of(w.polygon)
                out["text"].append(w.text)
                out["left"].append(x)
                out["top"].append(y)
                out["width"].append(bw)
                out["height"].append(bh)
                out["conf"].append(round(100 * w.score, 2))
        return out


def image_to_rgb(image: object) -> np.ndarray:
    """Presidio passes PIL images, arrays or file paths."""
    from PIL import Image

    if isinstance(image, str):
        with Image.open(image) as im:
            return np.asarray(im.convert("RGB"))
    if isinstance(image, Image.Image):
        return np.asarray(image.convert("RGB"))
    return _as_rgb(np.asarray(image))
