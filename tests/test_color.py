"""color.to_srgb_rgb: every PIL mode becomes 8-bit RGB, ICC profiles are honoured, alpha goes on white."""

from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from PIL import Image, ImageCms

from imgscreen.color import to_srgb_rgb, to_srgb_rgb_with_note

RED = (200, 30, 40)


@pytest.mark.parametrize("mode", ["1", "L", "P", "LA", "PA", "RGBA", "RGBa", "La", "RGB", "CMYK", "YCbCr", "LAB",
                                  "I", "F", "I;16"])
def test_every_mode_becomes_rgb(mode):
    img = Image.new("RGB", (8, 6), RED).convert(mode)
    out = to_srgb_rgb(img)
    assert out.mode == "RGB" and out.size == (8, 6)
    assert "icc_profile" not in out.info


def test_colour_modes_keep_their_colour():
    for mode in ("RGB", "RGBA", "CMYK", "YCbCr"):  # (P quantises to the web palette)
        px = np.asarray(to_srgb_rgb(Image.new("RGB", (4, 4), RED).convert(mode)), dtype=int)
        assert np.abs(px[0, 0] - RED).max() <= 8, mode


def test_16_bit_grey_is_scaled_not_clipped():
    arr = np.array([[0, 32768, 65535]], dtype=np.uint16)
    out = np.asarray(to_srgb_rgb(Image.fromarray(arr)))
    assert list(out[0, :, 0]) == [0, 128, 255]
    wide = Image.fromarray(np.array([[0, 30000, 65535]], dtype=np.int32), "I")
    assert list(np.asarray(to_srgb_rgb(wide))[0, :, 0]) == [0, 116, 255]


def test_float_images_are_scaled():
    unit = Image.fromarray(np.array([[0.0, 0.5, 1.0]], dtype=np.float32), "F")
    assert list(np.asarray(to_srgb_rgb(unit))[0, :, 0]) == [0, 128, 255]


def test_transparency_is_composited_on_white():
    rgba = Image.new("RGBA", (4, 4), (0, 0, 0, 0))
    rgba.putpixel((0, 0), (10, 20, 30, 255))
    out = np.asarray(to_srgb_rgb(rgba))
    assert tuple(out[0, 0]) == (10, 20, 30) and tuple(out[3, 3]) == (255, 255, 255)
    pal = Image.new("P", (4, 4), 0)
    pal.putpalette([0, 0, 0, 255, 0, 0])
    pal.info["transparency"] = 0
    assert tuple(np.asarray(to_srgb_rgb(pal))[0, 0]) == (255, 255, 255)
    la = Image.new("LA", (2, 2), (0, 0))
    assert tuple(np.asarray(to_srgb_rgb(la))[0, 0]) == (255, 255, 255)


def _fixed(v: float) -> bytes:
    return struct.pack(">i", round(v * 65536))


def linear_rgb_profile() -> bytes:
    """A minimal ICC v2 display profile: sRGB primaries (D50) with a linear (gamma 1.0) curve."""
    desc_text = b"linear test\x00"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text + b"\0" * 8 + b"\0" * 3 + b"\0" * 67
    curv = b"curv" + b"\0" * 4 + struct.pack(">I", 1) + struct.pack(">H", 256) + b"\0\0"

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + _fixed(x) + _fixed(y) + _fixed(z)

    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
            (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curv), (b"gTRC", curv), (b"bTRC", curv)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        while len(data) % 4:
            data += b"\0"
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + _fixed(0.9642) + _fixed(1.0) + _fixed(0.8249) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


def test_embedded_profile_is_applied():
    """The same bytes tagged with a different profile must come out differently (profile honoured)."""
    img = Image.new("RGB", (4, 4), (120, 60, 200))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xyz = linear_rgb_profile()
    tagged = img.copy()
    tagged.info["icc_profile"] = srgb
    same = np.asarray(to_srgb_rgb(tagged), dtype=int)
    assert np.abs(same[0, 0] - (120, 60, 200)).max() <= 2, "sRGB -> sRGB is identity"
    other = img.copy()
    other.info["icc_profile"] = xyz
    out, note = to_srgb_rgb_with_note(other)
    assert note is None
    r, g, b = np.asarray(out, dtype=int)[0, 0]
    # linear 60/255 is about 0.235; sRGB-encoded that is about 134: the profile was honoured
    assert abs(r - 185) <= 6 and abs(g - 134) <= 6 and abs(b - 225) <= 6


def test_profile_survives_a_round_trip_through_a_file():
    buf = io.BytesIO()
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    Image.new("RGB", (8, 8), (10, 200, 90)).save(buf, "PNG", icc_profile=srgb)
    out = to_srgb_rgb(Image.open(io.BytesIO(buf.getvalue())))
    assert tuple(np.asarray(out)[0, 0]) == pytest.approx((10, 200, 90), abs=2)


def test_broken_profile_falls_back_with_a_plain_note():
    img = Image.new("RGB", (4, 4), (10, 200, 30))
    img.info["icc_profile"] = b"not a profile: Jane Roe"
    out, note = to_srgb_rgb_with_note(img)
    assert tuple(np.asarray(out)[0, 0]) == (10, 200, 30)
    assert note and "Jane" not in note


def test_cmyk_with_profile_falls_back_when_profile_is_for_another_space():
    cmyk = Image.new("CMYK", (4, 4), (0, 255, 255, 0))
    cmyk.info["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out, note = to_srgb_rgb_with_note(cmyk)
    assert out.mode == "RGB"
    assert note is not None, "an RGB profile on CMYK data cannot be applied"
    assert tuple(np.asarray(out)[0, 0]) == (255, 0, 0)


def test_input_is_not_modified():
    img = Image.new("RGBA", (4, 4), (1, 2, 3, 0))
    before = img.tobytes()
    to_srgb_rgb(img)
    assert img.mode == "RGBA" and img.tobytes() == before
