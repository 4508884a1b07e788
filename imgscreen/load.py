"""Bytes in, upright frames out; anything the loader cannot vouch for becomes a `LoadError`.

Why so strict: a detector can only judge the pixels it is given. If the loader silently screened
only the first frame of an animated GIF, or the pre-rotation pixels of a phone photo, every box
downstream would be wrong while the report looked fine. So the loader decodes once, applies the
EXIF orientation before anything sees the pixels, screens every frame, and refuses what it cannot
decode safely (decompression bombs, absurd sizes, truncated files) with a reason a person can act on.
Reasons never quote file contents or names: file names can carry patient names.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from . import metadata
from .errors import ScreenError
from .model import Photo
from .pixels import rgb_as_seen
from .policy import LimitsPolicy

IMAGE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif", ".heic", ".heif",
     ".hif", ".avif", ".mpo"}
)
# Containers whose extra frames are separate pictures that must each be screened.
_MULTI_FRAME_FORMATS = frozenset({"GIF", "TIFF", "WEBP", "PNG", "HEIF", "AVIF"})
_ALLOWED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "TIFF", "BMP", "GIF", "HEIF", "AVIF"})

ImageFile.LOAD_TRUNCATED_IMAGES = False

_heif_registered = False


class LoadError(ScreenError):
    """A photo that cannot be screened. The message is safe to show and to log: no PHI in it."""


def _register_heif() -> bool:
    global _heif_registered
    if not _heif_registered:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
            _heif_registered = True
        except ImportError:
            return False
    return True


def is_image_path(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def load_file(path: str | Path, limits: LimitsPolicy | None = None) -> list[Photo]:
    """Every frame of the file at `path`, upright RGB. Raises `LoadError` with a plain reason."""
    limits = limits or LimitsPolicy()
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise LoadError("file not found") from None
    except OSError as e:
        raise LoadError(f"cannot read the file ({e.strerror or type(e).__name__})") from None
    if not path.is_file():
        raise LoadError("not a regular file")
    if size == 0:
        raise LoadError("the file is empty (0 bytes)")
    if size > limits.max_file_bytes:
        raise LoadError(
            f"the file is {size / 1e6:.0f} MB, over the {limits.max_file_bytes / 1e6:.0f} MB limit "
            "(raise limits.max_file_bytes in a policy file if this is expected)"
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise LoadError("permission denied: the file cannot be read by this user") from None
    except OSError as e:
        raise LoadError(f"cannot read the file ({e.strerror or type(e).__name__})") from None
    return load_bytes(data, source=path, limits=limits)


def load_bytes(data: bytes, source: Path | None = None, limits: LimitsPolicy | None = None) -> list[Photo]:
    limits = limits or LimitsPolicy()
    _register_heif()
    try:
        with warnings.catch_warnings():
            # Pillow warns (rather than raises) between 1x and 2x its pixel limit: treat both as bombs.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.MAX_IMAGE_PIXELS = limits.max_pixels  # type: ignore[attr-defined]
            return _frames(image, data, source, limits)
    except LoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise LoadError(
            f"refused: the image declares more than {limits.max_pixels:,} pixels (possible decompression bomb)"
        ) from None
    except UnidentifiedImageError:
        hint = "" if _heif_registered else " (HEIC support needs pillow-heif: pip install pillow-heif)"
        raise LoadError(f"not a recognised image format{hint}") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error) as e:
        raise LoadError(f"the image data is damaged or truncated ({type(e).__name__})") from None
    except MemoryError:
        raise LoadError("not enough memory to decode this image") from None


def _check_size(width: int, height: int, limits: LimitsPolicy) -> None:
    if width <= 0 or height <= 0:
        raise LoadError("the image has no pixels")
    if width * height > limits.max_pixels:
        raise LoadError(
            f"refused: {width}x{height} is more than {limits.max_pixels:,} pixels (possible decompression bomb)"
        )
    if max(width, height) > limits.max_side:
        raise LoadError(f"refused: a side of {max(width, height)} px is over the {limits.max_side} px limit")


def _frames(image: Image.Image, data: bytes, source: Path | None, limits: LimitsPolicy) -> list[Photo]:
    fmt = (image.format or "").upper()
    if fmt not in _ALLOWED_FORMATS:
        raise LoadError(f"unsupported image format {fmt or 'unknown'}; use JPEG, PNG, WebP, TIFF, BMP, GIF or HEIC")
    _check_size(*image.size, limits)
    meta = metadata.parse(image, data, fmt)
    n_frames = int(getattr(image, "n_frames", 1) or 1)
    # MPO (phone JPEGs with a depth map or preview) stores secondary images that are not frames of
    # the photo: the metadata detector reports them and the safe copy drops them.
    screen_frames = n_frames if fmt in _MULTI_FRAME_FORMATS else 1
    if screen_frames > limits.max_frames:
        raise LoadError(
            f"the file holds {screen_frames} frames, over the limit of {limits.max_frames}; "
            "split it or raise limits.max_frames"
        )
    photos: list[Photo] = []
    for index in range(screen_frames):
        if index:
            image.seek(index)
        _check_size(*image.size, limits)
        frame = image.copy() if screen_frames > 1 else image
        frame.load()
        upright = ImageOps.exif_transpose(frame) or frame
        # As people see it: high-bit-depth greys windowed, nearly uniform pixels stretched (pixels.py).
        wide = _full_depth(data, fmt, image, meta.orientation) if screen_frames == 1 else None
        pixels = rgb_as_seen(upright, wide)
        if pixels.ndim != 3 or pixels.shape[2] != 3:
            raise LoadError("could not convert the image to RGB")
        photos.append(
            Photo(pixels=np.ascontiguousarray(pixels), source=source, frame=index, n_frames=screen_frames,
                  metadata=meta)
        )
    return photos


def _is_16bit_colour(data: bytes, fmt: str, image: Image.Image) -> bool:
    """PNG or TIFF colour with 16 bits per sample: Pillow keeps only the top 8 bits of those."""
    if fmt == "PNG":
        return len(data) > 25 and data[12:16] == b"IHDR" and data[24] == 16 and data[25] in (2, 6)
    if fmt == "TIFF":
        bits = getattr(image, "tag_v2", {}).get(258)
        bits = bits if isinstance(bits, tuple) else (bits,)
        return len(bits) >= 3 and all(b == 16 for b in bits)
    return False


# EXIF orientation -> the numpy moves that make the stored pixels upright (as ImageOps.exif_transpose).
_ORIENT: dict[int, Callable[[np.ndarray], np.ndarray]] = {
    2: lambda a: a[:, ::-1],
    3: lambda a: a[::-1, ::-1],
    4: lambda a: a[::-1],
    5: lambda a: a.swapaxes(0, 1),
    6: lambda a: np.rot90(a, -1),
    7: lambda a: a.swapaxes(0, 1)[::-1, ::-1],
    8: lambda a: np.rot90(a, 1),
}


def _full_depth(data: bytes, fmt: str, image: Image.Image, orientation: int) -> Callable[[], np.ndarray] | None:
    """For 16-bit colour files, a loader of the frame at full depth (RGB, upright), else None."""
    if not _is_16bit_colour(data, fmt, image):
        return None

    def load() -> np.ndarray:
        """Called only when the 8-bit rendering is nearly flat: if the full depth cannot be had, the
        photo cannot be screened as people see it, so it is refused rather than screened black."""
        import cv2

        try:
            arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        except cv2.error:
            arr = None
        if arr is None or arr.dtype != np.uint16 or arr.ndim != 3 or arr.shape[2] < 3:
            raise LoadError("a 16-bit colour image that looks blank in 8 bits could not be decoded at full depth")
        rgb = arr[..., 2::-1]
        move = _ORIENT.get(orientation)
        return np.ascontiguousarray(move(rgb) if move else rgb)

    return load
