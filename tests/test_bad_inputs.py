"""Whatever a shared drive holds: every bad file gives a clear reject (or a skip), never a crash,
a hang or an accept."""

from __future__ import annotations

import io
import os
import struct

import numpy as np
import pytest
from fakes import Fixed, jpeg_bytes, no_phi
from PIL import Image

from imgscreen.cli import iter_inputs
from imgscreen.pipeline import Screener
from imgscreen.policy import LimitsPolicy, Policy


def _png(img: Image.Image, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", **kw)
    return buf.getvalue()


def _bomb_png(w: int, h: int) -> bytes:
    """A tiny PNG whose header declares a huge size (the IDAT is never reached)."""
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _exif_loop_jpeg() -> bytes:
    """A JPEG whose EXIF IFD0 points to itself as the next IFD (a loop) and has a tag with a bad offset."""
    tiff = bytearray(b"II*\x00" + struct.pack("<I", 8))
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x010F, 2, 400, 0x7FFFFFF0) + struct.pack("<I", 8)
    app1 = b"Exif\x00\x00" + bytes(tiff)
    data = jpeg_bytes(32, 32)
    return data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:]


CORPUS = {
    "zero.jpg": b"",
    "truncated.jpg": jpeg_bytes(300, 300)[:700],
    "truncated.png": _png(Image.new("RGB", (300, 300), (9, 9, 9)))[:60],
    "text.jpg": b"Patient list: DOE JOHN MRN 00482913\n",
    "png_named.jpg": _png(Image.new("RGB", (20, 20))),
    "bomb.png": _bomb_png(100_000, 100_000),
    "one_pixel.png": _png(Image.new("RGB", (1, 1))),
    "long_thin.png": _png(Image.new("L", (30000, 200))),
    "cmyk.jpg": (lambda b: (Image.new("CMYK", (20, 20)).save(b, "JPEG"), b.getvalue())[1])(io.BytesIO()),
    "palette_alpha.png": _png(Image.new("RGBA", (20, 20), (0, 0, 0, 0)).convert("P")),
    "exif_loop.jpg": _exif_loop_jpeg(),
    "heic_garbage.heic": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 40,
}
ACCEPTABLE = {"one_pixel.png", "cmyk.jpg", "palette_alpha.png", "png_named.jpg", "exif_loop.jpg", "long_thin.png"}


@pytest.fixture(scope="module")
def screener():
    return Screener(Policy(limits=LimitsPolicy(max_pixels=50_000_000)), detectors={"faces": Fixed()},
                    classifier=no_phi)


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_bad_file_gets_a_clear_line(tmp_path, screener, name):
    f = tmp_path / name
    f.write_bytes(CORPUS[name])
    results = screener.screen_file(f)
    verdicts = {r.decision.verdict for r in results}
    if name in ACCEPTABLE:
        # odd but valid images: screened like any other (here by a detector that finds nothing)
        assert verdicts == {"accept"}, results[0].decision.reasons
    else:
        assert verdicts == {"reject"}
        reason = results[0].decision.reasons[0]
        assert reason.startswith("could not read the photo:") and len(reason) < 200
        assert "DOE" not in reason and "00482913" not in reason


def test_a_fifo_named_jpg_does_not_hang(tmp_path, screener):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert screener.screen_file(fifo)[0].decision.verdict == "reject"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_permissions(tmp_path, screener):
    f = tmp_path / "secret.jpg"
    f.write_bytes(jpeg_bytes())
    f.chmod(0)
    assert "permission" in screener.screen_file(f)[0].decision.reasons[0]


def test_folder_walk_survives_symlink_loops_odd_names_and_skips_non_images(tmp_path):
    root = tmp_path / "share"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    (root / "a.jpg").write_bytes(jpeg_bytes())
    weird = os.fsencode(root / "sub") + b"/caf\xe9-\xff.jpg"  # not UTF-8
    with open(weird, "wb") as fh:
        fh.write(jpeg_bytes())
    long_name = root / (("x" * 240) + ".png")
    long_name.write_bytes(_png(Image.new("RGB", (4, 4))))
    (root / "notes.txt").write_text("x")
    skipped: list = []
    found = [f for f, _ in iter_inputs([root], skipped)]
    assert len(found) == 3
    assert [s[0].name for s in skipped] == ["notes.txt"]


def test_rgb_of_sixteen_bit_png_is_scaled_not_clipped(screener, tmp_path):
    a = (np.linspace(0, 65535, 64 * 64).reshape(64, 64)).astype(np.uint16)
    f = tmp_path / "16.png"
    Image.fromarray(a).save(f)
    px = screener.screen_file(f)[0].photo.pixels
    assert px.min() < 10 and px.max() > 245
