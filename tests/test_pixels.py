"""Pixels as people see them (issue 21): low-range 16-bit greys, 12-bit-in-16, 16-bit colour and nearly
black 8-bit images are screened, and kept, stretched; an ordinary photo is not touched.

The generated cards hold invented PHI (a name and an MRN) drawn in a few grey levels of a wide
container; a viewer with auto-levels shows it plainly. The end-to-end test runs the real pipeline
(OCR and PHI classifier) on two of them: neither may be accepted.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from imgscreen import pixels
from imgscreen.load import load_bytes

INK, PAPER = 200, 30  # the card's levels, 0-255, before they are put into a wider container


def _card(h: int = 360, w: int = 1100) -> np.ndarray:
    a = np.full((h, w), PAPER, np.uint8)
    cv2.putText(a, "Patient: Jane Doe", (30, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, INK, 5)
    cv2.putText(a, "MRN: 84720193", (30, 260), cv2.FONT_HERSHEY_SIMPLEX, 2.0, INK, 5)
    return a


def _png(arr: np.ndarray) -> bytes:
    if arr.ndim == 3:  # colour: OpenCV writes 16-bit RGB PNGs (Pillow cannot)
        ok, enc = cv2.imencode(".png", arr[..., ::-1])
        assert ok
        return enc.tobytes()
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def _low16() -> bytes:
    return _png(_card().astype(np.uint16))  # values 0-255 in a 16-bit container


def _twelve_in_16() -> bytes:
    return _png((_card().astype(np.uint32) * 4095 // 255).astype(np.uint16))


def _ink_contrast(px: np.ndarray) -> float:
    """Mean level of the card's ink minus its paper, in the loaded pixels."""
    ink = _card() == INK
    g = px.astype(float).mean(axis=2)
    return float(g[ink].mean() - g[~ink].mean())


@pytest.mark.parametrize("make", [_low16, _twelve_in_16], ids=["0-255 in 16 bit", "12 bit in 16"])
def test_high_depth_grey_is_windowed_to_its_own_range(make):
    px = load_bytes(make())[0].pixels
    assert px.dtype == np.uint8 and px.shape[2] == 3
    assert _ink_contrast(px) > 200  # was 0 (0-255) or ~10 (12 bit) when only the top 8 bits were kept


def test_sixteen_bit_colour_in_the_low_range_is_decoded_at_full_depth():
    rgb = np.repeat(_card()[..., None], 3, axis=2).astype(np.uint16)
    rgb[..., 0] //= 2  # a tint, so it is colour
    px = load_bytes(_png(rgb))[0].pixels
    assert _ink_contrast(px) > 150


def test_sixteen_bit_colour_that_cannot_be_read_at_full_depth_is_refused(monkeypatch):
    """Its 8 bits are blank: screening those would accept it, so the loader refuses it instead."""
    import cv2 as cv

    from imgscreen.load import LoadError

    data = _png(np.repeat(_card()[..., None], 3, axis=2).astype(np.uint16))
    monkeypatch.setattr(cv, "imdecode", lambda *a, **k: None)
    with pytest.raises(LoadError, match="full depth"):
        load_bytes(data)


def test_nearly_black_eight_bit_photo_is_stretched():
    dark = (_card() // 12).astype(np.uint8)  # levels 2 and 16
    px = load_bytes(_png(dark))[0].pixels
    assert _ink_contrast(px) > 200


def test_an_ordinary_photo_is_untouched():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, (120, 160, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, "PNG")
    assert np.array_equal(load_bytes(buf.getvalue())[0].pixels, rgb)


def test_window_falls_back_to_min_max_for_sparse_text():
    a = np.zeros((100, 100), np.uint16)
    a[50, 10:30] = 300  # 0.2% of the pixels: above the 99.5th percentile
    out = pixels.windowed(a)
    assert out.max() == 255 and out.min() == 0


def test_flat_images_stay_flat():
    assert pixels.stretched(np.full((50, 50, 3), 7, np.uint8)) is None
    assert not pixels.windowed(np.full((10, 10), 1000, np.uint16)).any()


def test_rotated_sixteen_bit_colour_is_upright():
    """The full-depth decode ignores EXIF; the loader turns it as Pillow turned the 8-bit frame."""
    from imgscreen.load import _ORIENT

    a = np.arange(12).reshape(3, 4)
    im = Image.fromarray(a.astype(np.uint8))
    for orientation, move in _ORIENT.items():
        exif = Image.Exif()
        exif[0x0112] = orientation
        buf = io.BytesIO()
        im.save(buf, "PNG", exif=exif.tobytes())
        from PIL import ImageOps

        upright = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(buf.getvalue()))))
        assert np.array_equal(move(a).astype(np.uint8), upright), orientation


@pytest.fixture(scope="module")
def screener():
    from imgscreen.pipeline import Screener
    from imgscreen.policy import Policy

    return Screener(Policy().replace("faces", enabled=False).replace("barcodes", enabled=False))


@pytest.mark.parametrize("make", [_low16, _twelve_in_16], ids=["0-255 in 16 bit", "12 bit in 16"])
def test_phi_in_a_low_range_sixteen_bit_image_is_never_accepted(screener, make, tmp_path):
    path = tmp_path / "card.png"
    path.write_bytes(make())
    (result,) = screener.screen_file(path)
    assert result.decision.verdict != "accept", result.decision.reasons
    assert any(f.kind == "text" for f in result.findings)
    if result.safe_pixels is not None:  # the safe copy keeps the stretched rendering, masks on it
        assert result.safe_pixels.max() > 150


def test_a_flat_colour_is_left_as_it_is():
    from imgscreen.pixels import stretched

    flat = np.zeros((30, 40, 3), np.uint8)
    flat[:] = (30, 90, 200)
    assert stretched(flat) is None
