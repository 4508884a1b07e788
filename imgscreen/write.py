"""Write safe copies: freshly encoded pixels and nothing else, never over the original.

Why re-encode instead of editing tags: stripping known tags leaves what the stripper does not know
(maker notes, MPF pictures, stale thumbnails, bytes after the end marker). A file encoded from a
pixel array by a fresh PIL image carries none of it by construction; `residual_metadata` then checks
the encoded bytes segment by segment before anything touches the disk, and `save_safe` refuses to
write if anything but pixel data (and the explicitly kept items) is present.

What it does NOT promise: the output is one still frame (animations and multi-page files become the
frame the caller passes); lossy formats re-compress (quality from `policy.output.jpeg_quality`);
HEIC/TIFF/BMP/GIF inputs change format (see `safe_format_for`).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageCms

from . import containers
from .errors import ScreenError
from .model import FileMetadata, ScreenResult
from .policy import Policy

# input suffix -> (PIL format, output suffix)
_SAFE_FORMATS: dict[str, tuple[str, str]] = {
    ".jpg": ("JPEG", ".jpg"),
    ".jpeg": ("JPEG", ".jpg"),
    ".jpe": ("JPEG", ".jpg"),
    ".jfif": ("JPEG", ".jpg"),
    ".mpo": ("JPEG", ".jpg"),
    # HEIC/HEIF/AVIF: camera photos; JPEG is what every social site and viewer accepts.
    ".heic": ("JPEG", ".jpg"),
    ".heif": ("JPEG", ".jpg"),
    ".hif": ("JPEG", ".jpg"),
    ".avif": ("JPEG", ".jpg"),
    ".png": ("PNG", ".png"),
    ".webp": ("WEBP", ".webp"),
    # TIFF/BMP/GIF: scans, screenshots and graphics; PNG keeps text and masks sharp (lossless),
    # and social sites do not take TIFF or BMP. GIF becomes a single-frame PNG.
    ".tif": ("PNG", ".png"),
    ".tiff": ("PNG", ".png"),
    ".bmp": ("PNG", ".png"),
    ".dib": ("PNG", ".png"),
    ".gif": ("PNG", ".png"),
}

_DEFAULT_FORMAT = ("JPEG", ".jpg")  # anything else PIL opened: treat as a photo

# What `keep` may hold: name -> description. Anything else is an error (explicit opt-in only).
KEEPABLE = {
    "icc_srgb": "embed a standard sRGB colour profile (built here, never the source file's profile)",
    "copyright": "EXIF Copyright tag (0x8298) with the given text, nothing else from EXIF",
    "dpi": "pixel density (JFIF density / PNG pHYs), an (x, y) pair of numbers",
}


class UnsafeWriteError(ScreenError, RuntimeError):
    """The safe copy was not written: it would replace the original, or it failed its own check."""


def safe_format_for(src_suffix: str) -> tuple[str, str]:
    """(PIL format, output suffix) for an input file suffix such as ".HEIC" or "jpeg".

    JPEG/MPO -> JPEG, PNG -> PNG, WebP -> WebP, HEIC/HEIF/AVIF -> JPEG, TIFF/BMP/GIF -> PNG,
    anything else -> JPEG.
    """
    s = src_suffix.lower().strip()
    if s and not s.startswith("."):
        s = "." + s
    return _SAFE_FORMATS.get(s, _DEFAULT_FORMAT)


def mirrored(src: Path, root: Path, out_dir: Path, suffix: str) -> Path:
    """Where `scan` writes the safe copy of `src`: its place under `root` mirrored under `out_dir`,
    same stem, `suffix`; `.safe` added when that would be the original itself."""
    rel = src.relative_to(root) if src.is_relative_to(root) else Path(src.name)
    dest = out_dir / rel.parent / (rel.stem + suffix)
    if dest.resolve() == src.resolve():
        dest = dest.with_name(rel.stem + ".safe" + suffix)
    return dest


def keep_from_metadata(meta: FileMetadata, names: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Build `save_safe`'s `keep` from `policy.metadata.keep` names and the source's metadata.

    "icc_srgb" -> {"icc_srgb": True} (pixels are already sRGB; the profile is our own);
    "copyright" -> the source's EXIF Copyright text, if it has one; "dpi" -> the source's EXIF
    resolution if it has one. Unknown names raise ValueError (no silent fallback).
    """
    keep: dict[str, Any] = {}
    for name in names:
        if name not in KEEPABLE:
            raise ValueError(f"metadata.keep: unknown item {name!r}; known: {', '.join(sorted(KEEPABLE))}")
        if name == "icc_srgb":
            keep["icc_srgb"] = True
        elif name == "copyright":
            value = meta.exif.get(0x8298)
            if isinstance(value, bytes):
                value = value.decode("utf-8", errors="replace")
            if isinstance(value, str) and value.strip("\x00 "):
                keep["copyright"] = value.strip("\x00 ")
        elif name == "dpi":
            x, y = meta.exif.get(0x011A), meta.exif.get(0x011B)
            with contextlib.suppress(TypeError, ValueError, ZeroDivisionError):
                if x is not None and y is not None and float(x) > 0 and float(y) > 0:
                    keep["dpi"] = (float(x), float(y))
    return keep


def _check_keep(keep: dict[str, Any] | None) -> dict[str, Any]:
    keep = dict(keep or {})
    for k, v in keep.items():
        if k not in KEEPABLE:
            raise ValueError(f"keep: unknown item {k!r}; known: {', '.join(sorted(KEEPABLE))}")
        if k == "copyright" and (not isinstance(v, str) or any(ord(c) < 32 for c in v) or len(v) > 1000):
            raise ValueError("keep: copyright must be a short single-line string")
        if k == "dpi" and not (
            isinstance(v, tuple | list) and len(v) == 2 and all(isinstance(n, int | float) and n > 0 for n in v)
        ):
            raise ValueError("keep: dpi must be a pair of positive numbers")
    return keep


def encode(pixels: np.ndarray, fmt: str, *, quality: int = 92, keep: dict[str, Any] | None = None) -> bytes:
    """Encode an RGB uint8 array as `fmt` with no metadata except the explicitly kept items."""
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] != 3:
        raise ValueError("pixels must be an H x W x 3 uint8 RGB array")
    if not 1 <= int(quality) <= 100:
        raise ValueError("quality must be between 1 and 100")
    keep = _check_keep(keep)
    f = fmt.upper()
    if f == "JPG":
        f = "JPEG"
    if f not in ("JPEG", "PNG", "WEBP"):
        raise ValueError("safe copies are written as JPEG, PNG or WEBP")
    image = Image.fromarray(np.ascontiguousarray(pixels), "RGB")
    params: dict[str, Any] = {}
    if keep.get("icc_srgb"):
        params["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    if "copyright" in keep:
        exif = Image.Exif()
        exif[0x8298] = keep["copyright"]
        params["exif"] = exif.tobytes()
    if "dpi" in keep:
        params["dpi"] = tuple(keep["dpi"])
    if f == "JPEG":
        params.update(quality=int(quality), optimize=False)
    elif f == "WEBP":
        params.update(quality=int(quality), method=4)
    else:
        params.update(compress_level=6)
    buf = io.BytesIO()
    image.save(buf, f, **params)
    return buf.getvalue()


_ALLOWED = {
    "JPEG": {"APP0:JFIF", "DQT", "DHT", "SOS", "DRI", "EOI"} | {f"SOF{i}" for i in range(16)},
    "PNG": {"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "pHYs"},
    "WEBP": {"VP8", "VP8L", "VP8X", "ALPH"},
}
_KEPT_SEGMENTS = {
    "JPEG": {"icc_srgb": {"APP2:ICC"}, "copyright": {"APP1:Exif"}},
    "PNG": {"icc_srgb": {"iCCP"}, "copyright": {"eXIf"}},
    "WEBP": {"icc_srgb": {"ICCP"}, "copyright": {"EXIF"}},
}


def residual_metadata(data: bytes, fmt: str, keep: dict[str, Any] | None = None) -> list[str]:
    """Everything in an encoded file besides pixel data and the kept items, in plain words.

    An empty list means clean. Checks segment by segment (JPEG markers, PNG chunks, WebP chunks),
    plus appended images and bytes after the end marker.
    """
    f = fmt.upper()
    if f not in _ALLOWED:
        return [f"format {f} cannot be checked"]
    layout = containers.walk(data, f)
    assert layout is not None
    problems = list(layout.problems)
    allowed = set(_ALLOWED[f])
    for item in keep or {}:
        allowed |= _KEPT_SEGMENTS[f].get(item, set())
    for name, _offset, _length in layout.segments:
        if name not in allowed:
            problems.append(f"unexpected {name} segment")
    if layout.extra_images:
        problems.append("appended image after the end marker")
    if layout.trailing:
        problems.append("bytes after the end marker")
    if layout.end is None:
        problems.append("no end marker")
    if f == "JPEG" and keep and "copyright" in keep and data.count(b"\xff\xd8\xff") > 1:
        problems.append("embedded thumbnail")
    return problems


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
    except OSError:
        pass
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def save_safe(
    pixels: np.ndarray,
    dest: Path,
    *,
    fmt: str | None = None,
    quality: int = 92,
    original: Path | None = None,
    keep: dict[str, Any] | None = None,
) -> Path:
    """Encode `pixels` (H x W x 3 RGB uint8) to `dest` atomically, with no metadata; return `dest`.

    `fmt` defaults to the format `safe_format_for(dest.suffix)` picks. `keep` holds only items named in
    `KEEPABLE`. Written to a temporary file in `dest`'s folder and moved into place with os.replace, so
    a reader never sees half a file; the temporary file is removed on any error. Raises
    UnsafeWriteError if `dest` is (or links to) `original`, or if the encoded bytes carry anything
    besides pixels and the kept items.
    """
    dest = Path(dest)
    if original is not None and _same_file(dest, Path(original)):
        raise UnsafeWriteError("refusing to write the safe copy over the original file")
    f = (fmt or safe_format_for(dest.suffix)[0]).upper()
    data = encode(pixels, f, quality=quality, keep=keep)
    problems = residual_metadata(data, "JPEG" if f == "JPG" else f, keep)
    if problems:
        raise UnsafeWriteError("safe copy failed its metadata check: " + "; ".join(problems))
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if original is not None and _same_file(dest, Path(original)):  # re-check just before the move
            raise UnsafeWriteError("refusing to write the safe copy over the original file")
        os.replace(tmp, dest)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    return dest


def write_outputs(frames: Sequence[tuple[ScreenResult, np.ndarray]], dest: Path, policy: Policy,
                  original: Path | None) -> list[Path]:
    """Write the safe copies of one input, the one way the CLI (`scan`, `redact`) and the UI do it.

    `frames` pairs each screened frame with the pixels to write (its `safe_pixels`, or a reviewer's
    masking of it). One frame goes to `dest`; several (an animation, a multi-page TIFF) go to
    `dest.frame000.ext`, `dest.frame001.ext`, ..., each screened and masked on its own. A copy
    carries only the metadata `policy.metadata.keep` names, taken from its own frame's file, at
    `policy.output.jpeg_quality`; every copy is written by `save_safe`: atomically, never over
    `original`. Returns the paths written, in frame order.
    """
    dest = Path(dest)
    written = []
    for result, pixels in frames:
        path = dest if len(frames) == 1 else dest.with_name(f"{dest.stem}.frame{result.frame:03d}{dest.suffix}")
        keep = None
        if policy.metadata.keep and result.photo is not None:
            keep = keep_from_metadata(result.photo.metadata, policy.metadata.keep)
        written.append(save_safe(pixels, path, quality=policy.output.jpeg_quality, original=original, keep=keep))
    return written
