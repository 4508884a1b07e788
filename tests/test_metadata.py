"""metadata.parse / metadata.detect on crafted files: every metadata class is found and labelled."""

from __future__ import annotations

import io

import crafted
import numpy as np
import pytest
from PIL import Image

from imgscreen import metadata
from imgscreen.model import Identifier, Photo
from imgscreen.policy import Policy


def _parse(data: bytes):
    img = Image.open(io.BytesIO(data))
    return metadata.parse(img, data, img.format)


def _findings(data: bytes):
    meta = _parse(data)
    photo = Photo(pixels=np.zeros((4, 4, 3), np.uint8), metadata=meta)
    return metadata.detect(photo, Policy()).findings


def _by_label(findings):
    return {f.label: f for f in findings}


def test_dirty_jpeg_every_class_is_reported_with_its_identifier():
    found = _by_label(_findings(crafted.dirty_jpeg()))
    expected = {
        "GPS location in file": Identifier.GEOGRAPHIC,
        "Capture date in file": Identifier.DATES,
        "Modification date in file": Identifier.DATES,
        "GPS date in file": Identifier.DATES,
        "Camera serial number in file": Identifier.DEVICE,
        "Lens serial number in file": Identifier.DEVICE,
        "Camera owner name in file": Identifier.NAMES,
        "Author name in file": Identifier.NAMES,
        "Maker notes in file (may hold serial numbers)": Identifier.DEVICE,
        "Person name in file (XMP)": Identifier.NAMES,
        "Capture date in file (XMP)": Identifier.DATES,
        "Place name in file (XMP)": Identifier.GEOGRAPHIC,
        "Caption in file (XMP)": Identifier.OTHER_ID,
        "Author name in file (IPTC)": Identifier.NAMES,
        "Caption in file (IPTC)": Identifier.OTHER_ID,
        "City in file (IPTC)": Identifier.GEOGRAPHIC,
        "Comment in file": Identifier.OTHER_ID,
        "Data after end of image": Identifier.OTHER_ID,
    }
    for label, ident in expected.items():
        assert label in found, label
        assert found[label].identifier == ident, label
        assert not found[label].informational, label
    assert found["GPS location in file"].text.startswith("40.4461")
    assert "-79.98" in found["GPS location in file"].text
    assert found["Camera serial number in file"].text == "BODY-SN-998877"
    assert "Jane Roe" in found["Person name in file (XMP)"].text
    assert found["Data after end of image"].text == "128 bytes"
    for f in found.values():
        assert f.kind == "metadata" and f.polygon is None and f.detector == "metadata"


def test_non_identifiers_are_informational():
    found = _by_label(_findings(crafted.dirty_jpeg()))
    for label in ("Software name in file", "Camera make and model in file", "Colour profile in file"):
        assert found[label].identifier == Identifier.OTHER_ID
        assert found[label].informational is True
    assert found["Colour profile in file"].text == "sRGB built-in"


def test_exif_thumbnail_is_reported():
    meta = _parse(crafted.thumbnail_jpeg())
    assert meta.has_exif_thumbnail
    labels = {f.label for f in metadata.findings_for(meta)}
    assert "Embedded thumbnail (may show the unedited photo)" in labels


def test_png_text_chunks_xmp_exif_and_bytes_after_iend():
    meta = _parse(crafted.dirty_png())
    assert meta.text_chunks["Author"] == "Pat Example"
    assert meta.trailing_bytes == len(b"CROPPED-AWAY-IDAT-DATA") * 8
    found = _by_label(metadata.findings_for(meta))
    assert found["Person name in file (text field)"].identifier == Identifier.NAMES
    assert found["Capture date in file (text field)"].identifier == Identifier.DATES
    assert "Jane Roe" in found["Caption in file (text field)"].text
    assert found["GPS location in file"].identifier == Identifier.GEOGRAPHIC
    assert "Person name in file (XMP)" in found
    assert "Data after end of image" in found


def test_mpf_secondary_image_is_counted():
    meta = _parse(crafted.mpo())
    assert meta.mpf_images == 1
    assert meta.trailing_bytes == 0, "MPF pictures are not 'trailing' garbage"
    assert "Secondary images in file (MPF/auxiliary)" in {f.label for f in metadata.findings_for(meta)}


def test_appended_jpeg_without_mpf_is_counted():
    data = crafted.jpeg() + crafted.jpeg(crafted.base_image(20, 20))
    meta = _parse(data)
    assert meta.mpf_images == 1


def test_clean_jpeg_has_no_findings():
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), (1, 2, 3)).save(buf, "JPEG")
    assert _findings(buf.getvalue()) == []


@pytest.mark.parametrize("fmt", ["WEBP", "TIFF"])
def test_exif_and_xmp_in_webp_and_tiff(fmt):
    buf = io.BytesIO()
    kw = {"exif": crafted.exif_full().tobytes()}
    if fmt == "WEBP":
        kw["xmp"] = crafted.XMP
    crafted.base_image().save(buf, fmt, **kw)
    data = buf.getvalue()
    found = _by_label(_findings(data))
    assert found["Capture date in file"].identifier == Identifier.DATES
    assert found["Camera serial number in file"].text == "BODY-SN-998877"
    if fmt == "WEBP":
        assert "Person name in file (XMP)" in found
        assert _parse(data).trailing_bytes == 0
        assert _parse(data + b"junk").trailing_bytes == 4


def test_gif_comment_and_trailer():
    buf = io.BytesIO()
    crafted.base_image().convert("P").save(buf, "GIF", comment=b"Jane Roe bed 4")
    data = buf.getvalue()
    meta = _parse(data)
    assert "Jane Roe" in meta.text_chunks.get("Comment", "")
    assert meta.trailing_bytes == 0
    assert _parse(data + b"after-trailer").trailing_bytes == len(b"after-trailer")


def test_heic_exif_is_read():
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    buf = io.BytesIO()
    try:
        crafted.base_image(64, 48).save(buf, "HEIF", exif=crafted.exif_full().tobytes(), quality=80)
    except Exception as e:  # noqa: BLE001 - an encoder-less build cannot make the fixture
        pytest.skip(f"no HEIF encoder: {type(e).__name__}")
    data = buf.getvalue()
    meta = _parse(data)
    found = _by_label(metadata.findings_for(meta))
    assert found["GPS location in file"].identifier == Identifier.GEOGRAPHIC
    assert meta.trailing_bytes == 0
    assert _parse(data + b"tail").trailing_bytes == 4


def test_corrupt_exif_never_raises_and_is_reported_without_values():
    garbage = b"Exif\x00\x00II*\x00\xff\xff\xff\x7fSECRET-NAME-Jane-Roe" + b"\x01" * 40
    seg = b"\xff\xe1" + len(garbage + b"..").to_bytes(2, "big") + garbage
    data = crafted.insert_after_soi(crafted.jpeg(), seg)
    meta = _parse(data)  # must not raise
    assert meta.format == "JPEG"
    assert meta.errors, "damaged EXIF must be noted"
    for e in meta.errors:
        assert "Jane" not in e and "SECRET" not in e


def test_broken_structure_is_an_error_not_a_crash():
    data = crafted.jpeg()
    cut = data[: len(data) // 2]
    img = Image.open(io.BytesIO(data))  # the header is fine; the walk of the cut bytes is not
    meta = metadata.parse(img, cut, "JPEG")
    assert meta.errors, "a JPEG without its end marker must be noted"
    labels = {f.label for f in metadata.findings_for(meta)}
    assert "Metadata that could not be read" in labels


def test_broken_xmp_is_reported_as_unreadable():
    meta = _parse(crafted.jpeg(xmp=b"<x:xmpmeta><rdf:RDF><unclosed></x:xmpmeta>"))
    labels = {f.label for f in metadata.findings_for(meta)}
    assert "XMP metadata in file (unreadable)" in labels


def test_disabled_by_policy_returns_nothing():
    meta = _parse(crafted.dirty_jpeg())
    photo = Photo(pixels=np.zeros((4, 4, 3), np.uint8), metadata=meta)
    policy = Policy().replace("metadata", enabled=False)
    assert metadata.detect(photo, policy).findings == []


def test_orientation_is_parsed_and_invalid_values_fall_back():
    ex = crafted.Image.Exif()
    ex[0x0112] = 6
    assert _parse(crafted.jpeg(exif=ex.tobytes())).orientation == 6
    ex[0x0112] = 42
    meta = _parse(crafted.jpeg(exif=ex.tobytes()))
    assert meta.orientation == 1 and meta.errors
