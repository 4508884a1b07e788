"""Fuzz the loader and the metadata parser (bounded: a few hundred cases, seconds in CI).

Property: any byte string either loads into well-formed upright RGB frames or raises `LoadError`
with a short reason. No other exception, no hang, and never a reason quoting the bytes.
"""

from __future__ import annotations

import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from imgscreen import metadata
from imgscreen.load import LoadError, load_bytes
from imgscreen.policy import LimitsPolicy

LIMITS = LimitsPolicy(max_pixels=4_000_000, max_frames=8)


def _seed(fmt: str) -> bytes:
    img = Image.new("RGB", (24, 16), (200, 30, 30))
    img.paste((0, 0, 255), (0, 0, 6, 6))
    buf = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Cam"
    kw = {"exif": exif.tobytes()} if fmt in ("JPEG", "PNG", "WEBP", "TIFF") else {}
    if fmt == "GIF":
        kw = {"save_all": True, "append_images": [Image.new("RGB", (24, 16), (0, 255, 0))]}
    img.save(buf, fmt, **kw)
    return buf.getvalue()


SEEDS = {fmt: _seed(fmt) for fmt in ("JPEG", "PNG", "GIF", "TIFF", "WEBP", "BMP")}


@st.composite
def mutated(draw) -> bytes:
    data = bytearray(SEEDS[draw(st.sampled_from(sorted(SEEDS)))])
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "big_int"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if op == "flip" and data:
            data[pos] ^= draw(st.integers(1, 255))
        elif op == "truncate":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 16))]
        elif op == "big_int" and len(data) > pos + 4:
            data[pos:pos + 4] = b"\xff\xff\xff\x7f"
    return bytes(data)


def _check(data: bytes) -> None:
    try:
        photos = load_bytes(data, limits=LIMITS)
    except LoadError as e:
        assert 0 < len(str(e)) < 200
        return
    assert photos, "a successful load yields at least one frame"
    for p in photos:
        assert p.pixels.dtype == np.uint8 and p.pixels.ndim == 3 and p.pixels.shape[2] == 3
        assert p.pixels.shape[0] * p.pixels.shape[1] <= LIMITS.max_pixels


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(mutated())
def test_loader_on_mutated_images(data):
    _check(data)


@settings(max_examples=100, deadline=2000, derandomize=True)
@given(st.binary(max_size=512))
def test_loader_on_random_bytes(data):
    _check(data)


@settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(mutated())
def test_metadata_parser_never_raises(data):
    try:
        image = Image.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - only files Pillow can open reach the metadata parser
        return
    meta = metadata.parse(image, data, (image.format or "").upper())
    assert isinstance(meta.errors, list)
