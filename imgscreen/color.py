"""Turn any decoded PIL image into 8-bit sRGB RGB, the one pixel format every stage reads.

Why here and not in each detector: a CMYK scan, a 16-bit PNG or a Display-P3 phone photo must look
the same to the face model, the OCR engine and the person checking the safe copy. Converting once,
with the embedded ICC profile honoured, keeps colours right in the re-encoded output (which carries
no profile and is therefore read as sRGB by every viewer).

What it does NOT promise: exact colorimetry for exotic profiles (device-link, named-colour, LAB
images with odd white points), nor HDR tone mapping. A profile that LittleCMS refuses falls back to
a plain mode conversion; the caller learns about it from `to_srgb_rgb_with_note`, which returns a
fixed plain-words note (never the profile's own text).
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageCms

WHITE = (255, 255, 255)

_SRGB_PROFILE: ImageCms.ImageCmsProfile | None = None

# Modes LittleCMS (via ImageCms) can transform from, as PIL names them.
_CMS_MODES = ("RGB", "CMYK", "L", "LAB")


def _srgb() -> ImageCms.ImageCmsProfile:
    global _SRGB_PROFILE
    if _SRGB_PROFILE is None:
        _SRGB_PROFILE = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return _SRGB_PROFILE


def _to_8bit_gray(image: Image.Image) -> Image.Image:
    """16-bit and 32-bit grey to 8-bit by scaling, not clipping (PIL's convert("L") clips at 255)."""
    arr = np.asarray(image)
    if image.mode.startswith("I;16"):
        out = (arr.astype(np.uint32) >> 8).astype(np.uint8)
    elif image.mode == "F":
        a = np.nan_to_num(arr.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
        hi = float(a.max()) if a.size else 0.0
        lo = float(a.min()) if a.size else 0.0
        if lo >= 0.0 and hi <= 1.0:
            a = a * 255.0
        elif lo < 0.0 or hi > 255.0:
            a = (a - lo) * (255.0 / max(hi - lo, 1e-12))
        out = np.clip(np.rint(a), 0, 255).astype(np.uint8)
    else:  # "I": 32-bit signed; PNG 16-bit grey often lands here
        a = arr.astype(np.int64)
        hi = int(a.max()) if a.size else 0
        lo = int(a.min()) if a.size else 0
        if lo >= 0 and hi <= 255:
            out = a.astype(np.uint8)
        elif lo >= 0 and hi <= 65535:
            out = (a // 257).astype(np.uint8)
        else:
            out = ((a - lo) * 255 // max(hi - lo, 1)).astype(np.uint8)
    return Image.fromarray(np.ascontiguousarray(out), "L")


def _split_alpha(image: Image.Image) -> tuple[Image.Image, Image.Image | None]:
    """Colour part in a plain mode, and the alpha band if there is one."""
    mode = image.mode
    if mode == "P":
        has_alpha = "transparency" in image.info or image.palette is not None and image.palette.mode == "RGBA"
        image = image.convert("RGBA" if has_alpha else "RGB")
        mode = image.mode
    elif mode == "PA":
        image = image.convert("RGBA")
        mode = "RGBA"
    elif mode in ("L", "RGB") and "transparency" in image.info:
        image = image.convert("LA" if mode == "L" else "RGBA")
        mode = image.mode
    if mode == "1":
        return image.convert("L"), None
    if mode in ("I", "F") or mode.startswith("I;16"):
        return _to_8bit_gray(image), None
    if mode in ("RGBA", "RGBa"):
        rgba = image.convert("RGBA") if mode == "RGBa" else image
        return rgba.convert("RGB"), rgba.getchannel("A")
    if mode == "LA" or mode == "La":
        la = image.convert("LA") if mode == "La" else image
        return la.getchannel("L"), la.getchannel("A")
    return image, None


def _apply_icc(color: Image.Image, icc: bytes) -> tuple[Image.Image, str | None]:
    if color.mode not in _CMS_MODES:
        return color.convert("RGB"), None
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        out = ImageCms.profileToProfile(
            color, src, _srgb(), renderingIntent=ImageCms.Intent.PERCEPTUAL, outputMode="RGB"
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return color.convert("RGB"), "embedded colour profile could not be applied; colours converted plainly"
    if out is None or out.mode != "RGB":  # pragma: no cover - profileToProfile returns a new image
        return color.convert("RGB"), "embedded colour profile could not be applied; colours converted plainly"
    return out, None


def to_srgb_rgb_with_note(image: Image.Image) -> tuple[Image.Image, str | None]:
    """Like `to_srgb_rgb`, plus a fixed plain-words note when the ICC profile had to be ignored."""
    icc = image.info.get("icc_profile") or b""
    color, alpha = _split_alpha(image)
    note = None
    if icc and isinstance(icc, bytes):
        rgb, note = _apply_icc(color, icc)
    else:
        rgb = color if color.mode == "RGB" else color.convert("RGB")
    if alpha is not None:
        background = Image.new("RGB", rgb.size, WHITE)
        background.paste(rgb, (0, 0), alpha)
        rgb = background
    if rgb is image:
        rgb = image.copy()
    rgb.info.pop("icc_profile", None)
    return rgb, note


def to_srgb_rgb(image: Image.Image) -> Image.Image:
    """Any PIL mode to 8-bit RGB in sRGB; transparent areas are composited on white.

    Modes handled: 1, L, P (with or without transparency), LA, PA, RGBA, RGB, CMYK, YCbCr, LAB,
    I;16*, I, F. An embedded ICC profile (info["icc_profile"]) is honoured for RGB, CMYK, L and LAB
    data; a broken profile falls back to a plain conversion. The result never carries a profile.
    """
    return to_srgb_rgb_with_note(image)[0]
