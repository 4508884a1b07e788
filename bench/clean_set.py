"""The clean 12 MP set for `bench.clean`: the shared clean_* photos as a phone would hand them over.

Each clean photo (no people, no text; the hikers' silhouettes left out, as in bench.e2e) becomes four
4032x3024 (or 3024x4032) JPEG files:
  fill   scaled to cover the frame and centre-cropped, JPEG q92 (a phone photo);
  rot    the same pixels stored turned 90 degrees with EXIF Orientation 6 or 8 (upright once applied);
  dim    exposure x0.3 with a little sensor noise (an indoor shot without flash), q92;
  jpeg   re-encoded at q55 after a 0.5x/2x round trip (a photo forwarded through a messenger).
The files are made once into bench/cache/clean/ and reused; nothing here is tuned on.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

SHARED = Path(os.environ.get("IMGSCREEN_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "photos"
CACHE = Path(__file__).resolve().parent / "cache" / "clean"
EXCLUDED = "clean_hikers_silhouettes.jpg"
LONG, SHORT = 4032, 3024
VARIANTS = ("fill", "rot", "dim", "jpeg")


@dataclass(frozen=True)
class CleanCase:
    name: str  # source photo
    variant: str
    path: Path


def clean_sources() -> list[Path]:
    """The shared clean photos (empty when the shared folder is absent)."""
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.glob("clean_*") if p.name != EXCLUDED)


def _fill(rgb: np.ndarray) -> np.ndarray:
    """Cover a 12 MP frame of the photo's own orientation, centre-cropped."""
    h, w = rgb.shape[:2]
    fw, fh = (LONG, SHORT) if w >= h else (SHORT, LONG)
    s = max(fw / w, fh / h)
    nw, nh = max(fw, round(w * s)), max(fh, round(h * s))
    big = cv2.resize(rgb, (nw, nh), interpolation=cv2.INTER_CUBIC if s > 1 else cv2.INTER_AREA)
    x0, y0 = (nw - fw) // 2, (nh - fh) // 2
    return np.ascontiguousarray(big[y0 : y0 + fh, x0 : x0 + fw])


def _jpeg(rgb: np.ndarray, quality: int, orientation: int = 1) -> bytes:
    im = Image.fromarray(rgb)
    buf = io.BytesIO()
    if orientation != 1:
        exif = Image.Exif()
        exif[0x0112] = orientation
        im.save(buf, "JPEG", quality=quality, exif=exif.tobytes())
    else:
        im.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def variant_bytes(rgb: np.ndarray, variant: str, seed: int) -> bytes:
    """One variant of an upright 12 MP frame, as the file a phone or messenger would produce."""
    if variant == "fill":
        return _jpeg(rgb, 92)
    if variant == "rot":
        k = 1 if seed % 2 else 3  # stored turned; Orientation 6 (rot 270 to fix) or 8
        stored = np.ascontiguousarray(np.rot90(rgb, k))
        return _jpeg(stored, 92, orientation=8 if k == 3 else 6)
    if variant == "dim":
        rng = np.random.default_rng(seed)
        lin = (rgb.astype(np.float32) / 255.0) ** 2.2 * 0.3  # exposure x0.3 in linear light
        dim = np.clip(lin ** (1 / 2.2) * 255.0 + rng.normal(0, 2.0, rgb.shape), 0, 255).astype(np.uint8)
        return _jpeg(dim, 92)
    if variant == "jpeg":
        h, w = rgb.shape[:2]
        small = cv2.resize(rgb, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
        return _jpeg(cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR), 55)
    raise ValueError(f"unknown variant {variant}")


def build(cache: Path = CACHE) -> list[CleanCase]:
    """Every variant of every clean photo, written once under `cache`."""
    cases = []
    for i, src in enumerate(clean_sources()):
        todo = [v for v in VARIANTS if not (cache / f"{src.stem}__{v}.jpg").exists()]
        if todo:
            with Image.open(src) as im:
                rgb = _fill(np.asarray(ImageOps.exif_transpose(im).convert("RGB")))
            cache.mkdir(parents=True, exist_ok=True)
            for v in todo:
                (cache / f"{src.stem}__{v}.jpg").write_bytes(variant_bytes(rgb, v, i))
        cases += [CleanCase(src.name, v, cache / f"{src.stem}__{v}.jpg") for v in VARIANTS]
    return cases
