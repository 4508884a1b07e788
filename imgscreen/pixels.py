"""Pixels as people see them: what the detectors read, and what the safe copy keeps.

Why: a 16-bit greyscale PNG whose values sit in 0-255 (many X-ray and scan exports), or a 12-bit
image in a 16-bit container (0-4095), is black when only its top 8 bits are kept, so the detectors
see nothing and the photo would be accepted; yet anyone who opens it in a viewer with auto-levels or
a DICOM-style window reads its text. The same holds for an 8-bit photo whose levels sit in a sliver
of the range (nearly black, nearly white). So:

- high-bit-depth greys (PIL modes I;16*, I, F) are windowed to their actual range: the 0.5th to
  99.5th percentile of their values (min to max when that window is empty), mapped linearly to
  0-255. Burned-in text at the extreme value is clipped to white or black, so it stays readable;
- 16-bit colour (PNG, TIFF; Pillow keeps only their top 8 bits) is decoded again at full depth when
  the 8-bit rendering is nearly uniform, and windowed the same way;
- any 8-bit image whose luminance spans fewer than `COMPRESSED` levels between its 0.5th and 99.5th
  percentiles is stretched to the full range.

The stretched rendering *is* the photo from then on: every detector reads it, and the safe copy is
written from it, so what was screened (and verified) is what is shared. A photo with a healthy
histogram is not touched, byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image

from .color import to_srgb_rgb

# Luminance spread (levels of 255, 0.5th to 99.5th percentile) under which an 8-bit image is stretched.
COMPRESSED = 48
_PCT = (0.5, 99.5)
_SAMPLE = 1_000_000  # percentiles are taken on at most about this many pixels (a strided sample)


def _sample(values: np.ndarray) -> np.ndarray:
    step = max(1, int(np.sqrt(values.shape[0] * values.shape[1] / _SAMPLE))) if values.ndim >= 2 else 1
    return values[::step, ::step] if values.ndim >= 2 else values


def window_of(values: np.ndarray) -> tuple[float, float]:
    """(low, high): the 0.5th and 99.5th percentiles of `values` (finite ones), or min and max when
    those coincide (text on a plain background can be under 0.5% of the pixels)."""
    v = _sample(values).astype(np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return 0.0, 0.0
    lo, hi = (float(x) for x in np.percentile(v, _PCT))
    if hi - lo <= 0:
        lo, hi = float(v.min()), float(v.max())
    return lo, hi


def apply_window(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """`values` mapped linearly from [lo, hi] to 0-255 uint8, clipped; a flat image maps to 0."""
    a = np.nan_to_num(values.astype(np.float32), nan=lo, posinf=hi, neginf=lo)
    if hi <= lo:
        return np.zeros(a.shape, np.uint8)
    out = (a - np.float32(lo)) * np.float32(255.0 / (hi - lo))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def windowed(values: np.ndarray) -> np.ndarray:
    """A high-bit-depth image (grey H x W, or colour H x W x C with one window for all channels) as
    8 bits, windowed to its own range."""
    return apply_window(values, *window_of(values))


def spread(rgb: np.ndarray) -> float:
    """Luminance levels between the 0.5th and 99.5th percentiles of an 8-bit RGB image."""
    s = _sample(rgb).astype(np.float32)
    lum = s[..., 0] * 0.299 + s[..., 1] * 0.587 + s[..., 2] * 0.114 if s.ndim == 3 else s
    lo, hi = np.percentile(lum, _PCT)
    return float(hi - lo)


def stretched(rgb: np.ndarray) -> np.ndarray | None:
    """An 8-bit RGB image with a compressed histogram stretched to the full range (one linear map for
    all channels, so hues stay), or None when its histogram is not compressed or it is flat."""
    s = spread(rgb)
    if s >= COMPRESSED or s < 1.0:
        return None  # a healthy histogram, or a flat image (one colour: nothing to bring out, hue kept)
    lo, hi = window_of(rgb)
    if hi <= lo:
        return None
    return apply_window(rgb, lo, hi)


def _grey3(grey: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.repeat(grey[..., None], 3, axis=2))


def is_high_depth_grey(image: Image.Image) -> bool:
    return image.mode in ("I", "F") or image.mode.startswith("I;16")


def rgb_as_seen(image: Image.Image, full_depth: Callable[[], np.ndarray] | None = None) -> np.ndarray:
    """The upright PIL frame as the H x W x 3 uint8 RGB every stage reads (see the module docstring).

    `full_depth`, when given, returns the same frame decoded at 16 bits per channel (H x W x 3, RGB,
    upright), or raises; it is called only when the 8-bit rendering is nearly uniform.
    """
    if is_high_depth_grey(image):
        return _grey3(windowed(np.asarray(image)))
    rgb = np.asarray(to_srgb_rgb(image), dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or spread(rgb) >= COMPRESSED:
        return rgb
    if full_depth is not None:
        wide = full_depth()
        if wide.shape[:2] != rgb.shape[:2]:  # fail closed: never fall back to the blank 8 bits
            raise ValueError("full-depth frame size differs")
        return np.ascontiguousarray(windowed(wide[..., :3]))
    out = stretched(rgb)
    return rgb if out is None else out
