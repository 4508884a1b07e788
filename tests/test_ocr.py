"""The text stage: reading at any angle, word polygons and offsets, caps, engines, presidio adapter."""

from __future__ import annotations

import hashlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from imgscreen import ocr
from imgscreen.model import Photo, bbox_of
from imgscreen.modelfiles import MODELS, model_path
from imgscreen.policy import Policy

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def render(lines: list[str], size: int = 28, width: int = 720) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    im = Image.new("RGB", (width, 40 + len(lines) * int(size * 2.2)), "white")
    d = ImageDraw.Draw(im)
    for i, t in enumerate(lines):
        d.text((24, 20 + i * int(size * 2.2)), t, fill="black", font=font)
    return np.asarray(im)


def squash(s: str) -> str:
    return "".join(s.split())


TEXT = ["DOE, JANE MRN 48213977", "DOB 03/14/1962 Room 4B"]


@pytest.fixture(scope="module")
def upright() -> np.ndarray:
    return render(TEXT)


def test_models_registered_and_verified():
    for m in (ocr.DET_MODEL, ocr.REC_MODEL, ocr.CLS_MODEL):
        assert MODELS[m.name] is m
        path = model_path(m.name)
        assert hashlib.sha256(path.read_bytes()).hexdigest() == m.sha256


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_reads_at_right_angles(upright, k):
    """Rotated 0, 90, 180, 270 degrees: same strings, and polygons in reading order."""
    img = np.ascontiguousarray(np.rot90(upright, k))
    lines = ocr.read_lines(img)
    assert sorted(squash(ln.text) for ln in lines) == sorted(squash(t) for t in TEXT)
    for ln in lines:
        p = np.asarray(ln.polygon)
        d = p[1] - p[0]  # reading direction: TL -> TR
        direction = np.degrees(np.arctan2(d[1], d[0]))
        expected = {0: 0, 1: -90, 2: 180, 3: 90}[k]  # np.rot90 turns the picture counter-clockwise
        assert abs((direction - expected + 180) % 360 - 180) < 10
        assert ln.engine == "rapidocr" and 0 < ln.score <= 1


def test_word_offsets_and_polygons(upright):
    lines = ocr.read_lines(upright)
    assert lines
    for ln in lines:
        assert [w.text for w in ln.words] == ln.text.split()
        for w in ln.words:
            assert ln.text[w.start : w.end] == w.text
            assert 0 < w.score <= 1
        lx, ly, lw, lh = bbox_of(ln.polygon)
        xs = [bbox_of(w.polygon) for w in ln.words]
        for x, y, ww, hh in xs:
            assert lx - 2 <= x and x + ww <= lx + lw + 2 and ly - 2 <= y and y + hh <= ly + lh + 2
        lefts = [x for x, *_ in xs]
        assert lefts == sorted(lefts)  # words follow the reading direction, left to right here
    # the MRN word sits where it was drawn: right of "DOE," by its rendered width
    line = next(ln for ln in lines if "MRN" in ln.text)
    mrn = next(w for w in line.words if w.text == "48213977")
    font = ImageFont.truetype(FONT, 28)
    drawn_x = 24 + font.getlength("DOE, JANE MRN ")
    assert abs(bbox_of(mrn.polygon)[0] - drawn_x) < 20


def test_words_follow_a_slanted_line():
    """Pure geometry: a word polygon is a slice of the line quadrilateral, along its slant."""
    reading = ocr._Reading("AB CD", 0.9, [0.1, 0.3, 0.5, 0.7, 0.9], [0.9] * 5)
    corners = np.array([[0, 0], [100, 50], [90, 70], [-10, 20]], float)  # slanted by ~27 degrees
    words = ocr._words(reading, corners)
    assert [(w.text, w.start, w.end) for w in words] == [("AB", 0, 2), ("CD", 3, 5)]
    first, second = (np.asarray(w.polygon) for w in words)
    assert first[0] == pytest.approx((0, 0))  # starts at the line start
    assert second[1] == pytest.approx((100, 50))  # ends at the line end
    # the split lies halfway between "B" (0.3) and " " (0.5): 40% along both long edges
    assert first[1] == pytest.approx((40, 20))
    assert first[2] == pytest.approx((30, 40))


def test_ctc_decoding_collapses_repeats_and_folds_fullwidth():
    chars = ["<blank>", "M", "：", "1", " "]
    steps = [1, 1, 0, 2, 0, 3, 3, 0, 3]  # M M _ ： _ 1 1 _ 1  ->  "M:11"
    pred = np.full((len(steps), len(chars)), 0.01, np.float32)
    for t, k in enumerate(steps):
        pred[t, k] = 0.9
    r = ocr._ctc_decode(pred, chars, 1 / len(steps))
    assert r.text == "M:11"
    assert len(r.centers) == 4 and r.centers == sorted(r.centers)


def test_small_text_in_a_12mp_frame():
    """A 16 px label at 30 degrees in a noisy 4032 x 3024 frame is found by the two-level detector."""
    rng = np.random.default_rng(1)
    frame = rng.normal(120, 12, (3024, 4032, 3)).clip(0, 255).astype(np.uint8)
    label = render(["MRN 7730142"], size=22, width=260)
    h, w = label.shape[:2]
    M = cv2.getRotationMatrix2D((w / 2, h / 2), 30, 1.0)
    M[:, 2] += (2500 - w / 2, 1800 - h / 2)
    mask = cv2.warpAffine(np.full((h, w), 255, np.uint8), M, (4032, 3024))
    warped = cv2.warpAffine(label, M, (4032, 3024))
    frame[mask > 0] = warped[mask > 0]
    lines = ocr.read_lines(frame)
    hits = [ln for ln in lines if "7730142" in ln.text]
    assert hits, "small rotated label not read"
    x, y, bw, bh = bbox_of(hits[0].polygon)
    assert 2300 < x + bw / 2 < 2700 and 1600 < y + bh / 2 < 2000


def test_cap_truncates_and_says_so():
    img = render([f"Line number {i}" for i in range(6)], size=24)
    policy = Policy().replace("text", max_regions=2)
    res = ocr.detect(Photo(img), policy)
    assert res.truncated
    assert any("text regions capped at 2" in n for n in res.notes)
    assert len(res.lines) <= 2
    assert not res.findings
    full = ocr.detect(Photo(img), Policy())
    assert not full.truncated and len(full.lines) == 6


def test_detect_disabled_and_bad_input():
    res = ocr.detect(Photo(render(["X"])), Policy().replace("text", enabled=False))
    assert res.lines == [] and res.notes
    with pytest.raises(ocr.OcrError):
        ocr.read(np.zeros((10, 10, 3), np.float32))
    with pytest.raises(ocr.OcrError):
        ocr.read(render(["X"]), engine="nope")


def test_tesseract_engine_on_plain_text():
    lines = ocr.read_lines(render(["HELLO WORLD 2024"], size=36), engine="tesseract")
    assert [squash(ln.text) for ln in lines] == ["HELLOWORLD2024"]
    ln = lines[0]
    assert ln.engine == "tesseract"
    assert [w.text for w in ln.words] == ["HELLO", "WORLD", "2024"]
    assert all(ln.text[w.start : w.end] == w.text for w in ln.words)


def test_presidio_adapter_shape(upright):
    from presidio_image_redactor.ocr import OCR

    from imgscreen.ocr_presidio import KEYS, PresidioOCR

    adapter = PresidioOCR()
    assert isinstance(adapter, OCR)
    out = adapter.perform_ocr(Image.fromarray(upright))
    assert set(out) == set(KEYS)
    n = len(out["text"])
    assert n == 8 and all(len(out[k]) == n for k in KEYS)
    assert all(isinstance(v, int) for k in ("left", "top", "width", "height") for v in out[k])
    assert all(0 < c <= 100 for c in out["conf"])
    assert "48213977" in OCR.get_text_from_ocr_dict(out)
