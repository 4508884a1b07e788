"""write.save_safe: safe copies hold pixels only, are written atomically, and never replace the original."""

from __future__ import annotations

import io
import os
import struct

import crafted
import numpy as np
import pytest
from PIL import Image, ImageCms

from imgscreen import write
from imgscreen.color import to_srgb_rgb
from imgscreen.model import FileMetadata
from imgscreen.write import UnsafeWriteError, residual_metadata, safe_format_for, save_safe

FMT = {".jpg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(to_srgb_rgb(Image.open(io.BytesIO(data))), dtype=np.uint8)


def _jpeg_markers(data: bytes) -> list[int]:
    """Independent marker walk (not the code under test): markers up to and including SOS."""
    assert data[:2] == b"\xff\xd8"
    pos, out = 2, []
    while pos < len(data):
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        out.append(marker)
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length
        if marker == 0xDA:
            return out
    return out


def _png_chunks(data: bytes) -> list[bytes]:
    pos, out = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        out.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    assert pos == len(data), "nothing may follow IEND"
    return out


def _assert_no_metadata_bytes(data: bytes) -> None:
    for needle in (b"Exif", b"GPS", b"http://ns.adobe.com/xap", b"Photoshop 3.0", b"ICC_PROFILE", b"MPF",
                   b"Jane", b"LEFTOVER", b"CROPPED", b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf"):
        assert needle not in data, needle


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_safe_copy_of_a_dirty_file_carries_nothing(tmp_path, suffix):
    src = tmp_path / "dirty.jpg"
    original = crafted.dirty_jpeg()
    src.write_bytes(original)
    pixels = _pixels(original)
    out = save_safe(pixels, tmp_path / f"safe{suffix}", original=src)
    data = out.read_bytes()
    _assert_no_metadata_bytes(data)
    assert residual_metadata(data, FMT[suffix]) == []
    if suffix == ".jpg":
        markers = _jpeg_markers(data)
        assert 0xFE not in markers, "no COM segment"
        assert [m for m in markers if 0xE1 <= m <= 0xEF] == [], "no APP1..APP15"
        assert data.count(b"\xff\xd8") == 1, "one SOI only: no thumbnail, no appended image"
        assert data.endswith(b"\xff\xd9"), "nothing after EOI"
    elif suffix == ".png":
        assert set(_png_chunks(data)) <= {b"IHDR", b"IDAT", b"IEND"}
    back = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=np.int16)
    assert back.shape == pixels.shape
    assert np.abs(back - pixels).mean() < 6, "colours survive the re-encode"
    assert src.read_bytes() == original, "the original is untouched"


def test_png_source_with_text_chunks(tmp_path):
    pixels = _pixels(crafted.dirty_png())
    data = save_safe(pixels, tmp_path / "out.png").read_bytes()
    _assert_no_metadata_bytes(data)
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data))), pixels), "PNG is lossless"


def test_residual_check_can_fail():
    problems = residual_metadata(crafted.dirty_jpeg(), "JPEG")
    joined = " ".join(problems)
    for part in ("APP1:Exif", "APP1:XMP", "APP2:ICC", "COM", "APP13:Photoshop", "bytes after the end marker"):
        assert part in joined, part
    assert residual_metadata(crafted.thumbnail_jpeg(), "JPEG")
    assert "appended image after the end marker" in residual_metadata(crafted.mpo(), "JPEG")
    png = residual_metadata(crafted.dirty_png(), "PNG")
    assert any("tEXt" in p or "iTXt" in p for p in png) and "bytes after the end marker" in png


def test_never_overwrites_the_original(tmp_path):
    src = tmp_path / "orig.jpg"
    original = crafted.dirty_jpeg()
    src.write_bytes(original)
    px = _pixels(original)
    with pytest.raises(UnsafeWriteError):
        save_safe(px, src, original=src)
    with pytest.raises(UnsafeWriteError):
        save_safe(px, tmp_path / "." / "orig.jpg", original=src)
    link = tmp_path / "hard.jpg"
    os.link(src, link)
    with pytest.raises(UnsafeWriteError):
        save_safe(px, link, original=src)
    sym = tmp_path / "sym.jpg"
    sym.symlink_to(src)
    with pytest.raises(UnsafeWriteError):
        save_safe(px, sym, original=src)
    assert src.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.jpg", "orig.jpg", "sym.jpg"], "no temp left"


def test_replaces_an_earlier_safe_copy_atomically(tmp_path):
    dest = tmp_path / "safe.png"
    dest.write_bytes(b"old")
    save_safe(np.zeros((8, 8, 3), np.uint8), dest)
    assert dest.read_bytes().startswith(b"\x89PNG")
    assert [p.name for p in tmp_path.iterdir()] == ["safe.png"]


def test_temp_file_removed_when_the_move_fails(tmp_path, monkeypatch):
    def boom(*_a, **_k):
        raise OSError("disk went away")

    monkeypatch.setattr(write.os, "replace", boom)
    with pytest.raises(OSError):
        save_safe(np.zeros((8, 8, 3), np.uint8), tmp_path / "safe.jpg")
    assert list(tmp_path.iterdir()) == []


def test_bad_pixels_are_refused(tmp_path):
    for bad in (np.zeros((8, 8), np.uint8), np.zeros((8, 8, 4), np.uint8), np.zeros((8, 8, 3), np.float32)):
        with pytest.raises(ValueError):
            save_safe(bad, tmp_path / "x.jpg")
    assert list(tmp_path.iterdir()) == []


def test_keep_is_explicit_and_limited(tmp_path):
    px = np.full((16, 16, 3), 128, np.uint8)
    data = save_safe(px, tmp_path / "a.jpg", keep={"icc_srgb": True}).read_bytes()
    assert b"ICC_PROFILE" in data and b"Exif" not in data
    icc = Image.open(io.BytesIO(data)).info["icc_profile"]
    assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(icc)))
    data = save_safe(px, tmp_path / "b.png", keep={"copyright": "(c) General Hospital"}).read_bytes()
    exif = Image.open(io.BytesIO(data)).getexif()
    assert dict(exif) == {0x8298: "(c) General Hospital"}
    assert b"GPS" not in data
    with pytest.raises(ValueError):
        save_safe(px, tmp_path / "c.jpg", keep={"gps": True})
    with pytest.raises(ValueError):
        save_safe(px, tmp_path / "d.jpg", keep={"copyright": "line\nbreak"})


def test_keep_from_metadata():
    meta = FileMetadata(exif={0x8298: "(c) Hospital", 0x013B: "Jane Roe"})
    assert write.keep_from_metadata(meta, ("copyright", "icc_srgb")) == {"copyright": "(c) Hospital",
                                                                         "icc_srgb": True}
    assert write.keep_from_metadata(FileMetadata(), ("copyright",)) == {}
    with pytest.raises(ValueError):
        write.keep_from_metadata(meta, ("artist",))


@pytest.mark.parametrize("suffix,expected", [
    (".JPG", ("JPEG", ".jpg")), ("jpeg", ("JPEG", ".jpg")), (".png", ("PNG", ".png")),
    (".webp", ("WEBP", ".webp")), (".heic", ("JPEG", ".jpg")), (".HEIF", ("JPEG", ".jpg")),
    (".tiff", ("PNG", ".png")), (".tif", ("PNG", ".png")), (".bmp", ("PNG", ".png")), (".gif", ("PNG", ".png")),
    (".mpo", ("JPEG", ".jpg")), ("", ("JPEG", ".jpg")),
])
def test_safe_format_for(suffix, expected):
    assert safe_format_for(suffix) == expected


def test_format_follows_destination_suffix(tmp_path):
    px = np.zeros((8, 8, 3), np.uint8)
    assert save_safe(px, tmp_path / "a.webp").read_bytes()[8:12] == b"WEBP"
    assert save_safe(px, tmp_path / "b.bin", fmt="PNG").read_bytes().startswith(b"\x89PNG")


def test_write_outputs_is_one_file_per_frame_and_keeps_only_what_the_policy_allows(tmp_path):
    """The CLI and the UI write through `write_outputs`: `metadata.keep` applies to every front end."""
    from imgscreen.model import Decision, Photo, ScreenResult
    from imgscreen.policy import Policy

    def frame(n: int) -> ScreenResult:
        photo = Photo(pixels=np.full((20, 30, 3), 90 + n, np.uint8), frame=n,
                      metadata=FileMetadata(exif={0x8298: "Clinic Comms", 0x010F: "TestCam"}))
        return ScreenResult(photo=photo, source=None, frame=n, findings=[], lines=[], stages=[],
                            decision=Decision("accept", []))

    one = frame(0)
    (path,) = write.write_outputs([(one, one.photo.pixels)], tmp_path / "a.jpg", Policy(), None)
    assert path == tmp_path / "a.jpg" and b"Clinic Comms" not in path.read_bytes()
    keep = Policy().replace("metadata", keep=("copyright",))
    frames = [frame(0), frame(1)]
    paths = write.write_outputs([(r, r.photo.pixels) for r in frames], tmp_path / "b.png", keep, None)
    assert [p.name for p in paths] == ["b.frame000.png", "b.frame001.png"]
    for p in paths:
        data = p.read_bytes()
        assert b"Clinic Comms" in data and b"TestCam" not in data
