"""Issue 7's leak test in the suite: an independent OCR must read no ground-truth PHI in imgscreen's safe copies.

A few bench.synth photos at 1600x1200 (small enough for the suite, text still 4-36 px) are screened by
the real pipeline; Tesseract and our rapidocr engine in thorough mode read every PHI line of each safe
copy (bench.leaks). A positive control first shows the same readers do get the PHI out of an
unmasked photo, so 0 leaks means "masked", not "the reader cannot read". Failure messages carry
counts, photo names and identifier numbers, never the PHI strings. The face half runs our face
detector over whole safe copies of two shared photos (skipped when ../shared is absent).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import leaks, synth  # noqa: E402

SEED = 7  # photo 0 (whiteboard, screen) and 2 (screen, label) are redacted; 1 (two charts) is rejected
N = 3
SIZE = (1600, 1200)

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def test_normalize_folds_the_usual_ocr_confusions():
    assert leaks.normalize("MRN: O0482-9l3 I") == "MRN00482913" + "1"
    assert leaks.normalize("j.doe@example.com") == "JD0EEXAMP1EC0M"


def test_find_leaks_reports_values_by_index_without_the_strings():
    texts = {"tesseract": "Name: DOE, JANE  MRN 0O48291  ward", "rapidocr": ""}
    values = [(1, "JANE"), (8, "00482913"), (8, "0048291"), (1, "DOE")]
    found = leaks.find_leaks(texts, values)
    # "DOE" has < 4 letters (too short to judge), the 8-digit MRN is not there, the 7-digit one is (O->0)
    assert [(f["value_index"], f["identifier"], f["engines"]) for f in found] == [
        (0, 1, ["tesseract"]), (2, 8, ["tesseract"])]
    assert all(set(f) == {"value_index", "identifier", "length", "engines"} for f in found)


def test_rectify_turns_a_slanted_line_upright():
    img = np.full((200, 300, 3), 255, np.uint8)
    strip = leaks.rectify(img, [[50, 150], [250, 50], [260, 70], [60, 170]])
    assert strip.shape[1] > strip.shape[0] * 3  # long and flat: the line's own direction is horizontal


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return out, synth.generate(N, SEED, out, size=SIZE)


@needs_tesseract
def test_the_readers_get_phi_out_of_an_unmasked_photo(photos):
    """Positive control: without masking, the leak check must find most of the PHI values."""
    folder, gts = photos
    gt = gts[0]
    values = [(i, v) for _, i, v in leaks.phi_values(gt)]
    # Tesseract alone (the independent reader); rapidocr is our production engine and reads it anyway.
    found = leaks.ocr_leaks(leaks.load_rgb(folder / gt["file"]), values, leaks.phi_line_regions(gt),
                            engines=("tesseract",))
    assert len(values) >= 3
    assert len(found) >= 0.6 * len(values), f"readers got {len(found)}/{len(values)} values from the original"


@needs_tesseract
def test_imgscreen_safe_copies_leak_no_phi(photos):
    from imgscreen.pipeline import Screener

    folder, gts = photos
    screener = Screener()
    leaked: dict[str, list[tuple[int | None, list[str]]]] = {}
    checked = 0
    for gt in gts:
        result = screener.screen_file(folder / gt["file"])[0]
        if result.decision.verdict == "reject":
            assert result.safe_pixels is None  # nothing is shared, so nothing can leak
            continue
        assert result.safe_pixels is not None
        values = [(i, v) for _, i, v in leaks.phi_values(gt)]
        found = leaks.ocr_leaks(result.safe_pixels, values, leaks.phi_line_regions(gt))
        checked += len(values)
        if found:
            leaked[gt["file"]] = [(f["identifier"], f["engines"]) for f in found]
    assert checked > 0, "every photo was rejected: the test checked no safe copy"
    assert leaked == {}, f"{sum(map(len, leaked.values()))} PHI values readable in safe copies (identifier, reader)"


def test_face_leaks_counts_only_detections_inside_masks(monkeypatch):
    import imgscreen.faces as faces

    monkeypatch.setattr(faces, "detect_boxes", lambda *a, **k: [(10, 10, 20, 20, 0.9), (200, 200, 20, 20, 0.8)])
    img = np.zeros((300, 300, 3), np.uint8)
    found = leaks.face_leaks(img, [[0, 0, 50, 50], [100, 100, 10, 10]])
    assert [f["mask_index"] for f in found] == [0]
    assert leaks.face_leaks(img, []) == []


# Two shared photos where the earlier mosaic leaked: a bench group (13 heads) and a train interior
# with a profile; small enough for the suite.
FACE_PHOTOS = ("faces_bench_group_9.jpg", "mixed_train_interior_profile.jpg")


@pytest.mark.parametrize("name", FACE_PHOTOS)
def test_face_detector_finds_no_face_in_imgscreen_face_masks(name, shared_photos):
    """Issue 7's face half: our detector, run on the whole safe copy as on the original, finds no face
    inside any face mask. Positive control: on the original it finds the faces inside those boxes."""
    from imgscreen.pipeline import Screener

    path = shared_photos / name
    r = Screener().screen_file(path)[0]
    assert r.decision.verdict == "redact", r.decision.reasons
    boxes = [list(f.bbox) for f in r.findings if f.kind == "face" and f.bbox and not f.informational]
    assert boxes
    assert len(leaks.face_leaks(r.photo.pixels, boxes)) >= len(boxes) // 2, "control: faces there before"
    found = leaks.face_leaks(r.safe_pixels, boxes)
    assert found == [], f"{len(found)} of {len(boxes)} face masks still read as a face"
