"""The text stage: reading at any angle, word polygons and offsets, caps, engines, presidio adapter."""

from __future__ import annotations

import dataclasses
import hashlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from imgscreen import ocr
from imgscreen.detect import VerifyContext
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


def _labelled_frame() -> np.ndarray:
    rng = np.random.default_rng(1)
    frame = rng.normal(120, 12, (3024, 4032, 3)).clip(0, 255).astype(np.uint8)
    label = render(["MRN 7730142"], size=22, width=260)
    frame[1800 : 1800 + label.shape[0], 2500 : 2500 + label.shape[1]] = label
    return frame


def test_thorough_adds_what_the_gate_left_out_and_nothing_twice(monkeypatch):
    """Thorough mode reads every contrasted window as well, but keeps only boxes where the gated
    windows found nothing: a big window's second box for the same line would displace a better one."""
    frame = _labelled_frame()
    lines = ocr.read_lines(frame, thorough=True)
    assert sum("7730142" in ln.text for ln in lines) == 1
    # Never less than the default: the gated windows are read in thorough mode too.
    with monkeypatch.context() as m:
        m.setattr(ocr, "_active_windows", lambda gray: [])
        assert any("7730142" in ln.text for ln in ocr.read_lines(frame, thorough=True))
    monkeypatch.setattr(ocr, "_gated_windows", lambda *a: [])  # the coarse pass sees nothing:
    monkeypatch.setattr(ocr, "COARSE_MIN_HEIGHT", 1e9)  # no windows, no boxes of its own
    assert not any("7730142" in ln.text for ln in ocr.read_lines(frame))
    assert any("7730142" in ln.text for ln in ocr.read_lines(frame, thorough=True))


def _page_in_a_textured_scene() -> np.ndarray:
    """A lab sheet in 18 px grey print on a 12 MP photo of a busy surface: blobs and grain at two
    scales (like a photo of rock or gravel), which leave the coarse detector no response on the page."""
    rng = np.random.default_rng(3)
    blobs = cv2.resize(rng.normal(128, 50, (94, 126)).astype(np.float32), (4032, 3024), interpolation=cv2.INTER_CUBIC)
    grain = cv2.resize(rng.normal(0, 30, (756, 1008)).astype(np.float32), (4032, 3024))
    frame = np.repeat((blobs + grain).clip(0, 255).astype(np.uint8)[:, :, None], 3, axis=2)
    font = ImageFont.truetype(FONT, 18)
    rows = [f"Albumin {k}.{k}   g/dL   3.4-5.4" for k in range(14)]
    rows[7] = "MRN 5528830"
    im = Image.new("RGB", (396, 20 + 14 * 27), (200, 200, 196))
    d = ImageDraw.Draw(im)
    for i, t in enumerate(rows):
        d.text((12, 10 + i * 27), t, fill=(105, 105, 105), font=font)
    page = cv2.GaussianBlur(np.asarray(im), (0, 0), 1.0)
    frame[900 : 900 + page.shape[0], 1200 : 1200 + page.shape[1]] = page
    return frame


def test_by_default_a_page_of_small_print_in_a_busy_photo_is_read():
    """The coarse pass can be blind to a whole page in a textured scene, so the default first look
    also reads every contrasted window of the fine level (policy `text.thorough`)."""
    frame = _page_in_a_textured_scene()
    assert not any("5528830" in ln.text for ln in ocr.read_lines(frame))  # the coarse gate alone
    assert Policy().text.thorough
    assert any("5528830" in ln.text for ln in ocr.detect(Photo(pixels=frame), Policy()).lines)


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


# ---- batches, cut lines, crowded strips


def test_recognition_batches_hold_similar_widths():
    widths = [320, 2000, 330, 900, 1000, 340, 2100]
    batches = ocr._rec_batches(widths)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))
    for b in batches:
        ws = [widths[i] for i in b]
        assert max(ws) <= ocr.REC_GROUP * min(ws) and len(b) <= ocr.REC_BATCH
    assert [sorted(widths[i] for i in b) for b in batches] == [[320, 330, 340], [900, 1000], [2000, 2100]]


def _reading(text: str, probs: list[float], width: int = 100) -> ocr._Reading:
    centers = [(i + 0.5) / width for i in range(len(text))]  # one character per 1% of the strip
    return ocr._Reading(text, float(np.mean(probs)), centers, probs)


def test_grown_reading_keeps_close_confident_characters_only():
    first = _reading("2002-12-14", [1.0] * 10)
    # The grown strip (100 px long, text 4 px high here) reads "DOB: " before the date and a junk "|"
    # after it at 0.5 probability.
    longer = _reading("DOB: 2002-12-14|", [0.99] * 15 + [0.5])
    grown, left, right = ocr._grown_reading(first, longer, length=100.0, h=4.0)
    assert grown.text == "DOB: 2002-12-14"
    assert 0.0 <= left < right < 0.16
    assert grown.centers[0] > 0 and grown.centers[-1] < 1
    # Nothing added, or the first reading not kept: no change.
    assert ocr._grown_reading(first, _reading("2002-12-14", [1.0] * 10), 100.0, 4.0) is None
    assert ocr._grown_reading(first, _reading("DOB: 1999-01-01", [1.0] * 15), 100.0, 4.0) is None
    # A confident character far from the line (a gap wider than EXT_GAP heights) is not the line's.
    far = ocr._Reading("X 2002-12-14", 1.0, [0.005] + [(i + 40.5) / 100 for i in range(11)], [1.0] * 12)
    assert ocr._grown_reading(first, far, 100.0, 4.0) is None


def _line_box(img: np.ndarray, text: str, upto: str, size: int = 28) -> np.ndarray:
    """Corners (TL, TR, BR, BL) of the part of the rendered line from `upto` to its end."""
    font = ImageFont.truetype(FONT, size)
    x0 = 24 + font.getlength(text[: text.index(upto)])
    x1 = 24 + font.getlength(text)
    y0, y1 = 20 - 4, 20 + size + 6
    return np.array([[x0 - 6, y0], [x1 + 6, y0], [x1 + 6, y1], [x0 - 6, y1]], np.float64)


def test_a_line_cut_by_the_detector_is_read_whole():
    text = "DOB: 2002-12-14 F 26Y"
    img = render([text], width=900)
    corners = _line_box(img, text, "2002")
    (strip, _), = [ocr._crop(img, corners.astype(np.float32))]
    first = ocr._recognize([strip])[0]
    assert "DOB" not in first.text
    left, right = ocr._extension(img, corners, np.empty((0, 4, 2)))
    assert left > 28 and right < 5
    (reading, grown), = ocr._extend_truncated(img, [(first, corners)])
    assert squash(reading.text) == squash(text)
    assert grown[0][0] < corners[0][0] - 28
    # Another line's box in the way is a wall: ink under it is that line's, not this one's.
    other = corners.copy()
    other[:, 0] = [20, corners[0][0] - 2, corners[0][0] - 2, 20]  # "DOB:" detected as a line of its own
    assert ocr._extension(img, corners, other[None])[0] < 5
    # A complete line is left alone.
    whole = _line_box(img, text, "DOB")
    assert max(ocr._extension(img, whole, np.empty((0, 4, 2)))) < 5


def test_a_crowded_strip_is_read_again_stretched():
    """Condensed text in a tall box gets fewer CTC steps than letters need; doubled letters go first."""
    text = "Address: 2388 Cedar Ln, Springfield"
    img = render([text], width=640)
    strip = cv2.resize(img[6:62, 10:600], (260, 56), interpolation=cv2.INTER_AREA)  # squeezed ~2.3x
    first = ocr._recognize([strip])[0]
    assert len(first.text) >= ocr.CROWDED * first.steps
    (again, _), = ocr._reread_crowded([(first, np.zeros((4, 2)))], [strip])
    assert again.score > first.score
    assert squash(again.text) == squash(text)


def test_levels_share_the_photos_pyramid_at_the_exact_fine_size():
    """The fine level is exactly FINE_SIDE and comes from the photo's cache, so a second stage reuses
    it; the coarse level is shrunk from it to exactly COARSE_SIDE (snapped 2016 / 1008 px levels read
    95.5% of bench.ocr's PHI lines instead of 98.3%)."""
    photo = Photo(pixels=np.zeros((3024, 4032, 3), np.uint8))
    (coarse, cs), (fine, fs) = ocr._levels(photo)
    assert max(fine.shape[:2]) == ocr.FINE_SIDE and max(coarse.shape[:2]) == ocr.COARSE_SIDE
    assert fs == ocr.FINE_SIDE / 4032 and abs(cs - ocr.COARSE_SIDE / 4032) < 1e-9
    assert photo.downscaled(ocr.FINE_SIDE)[0] is fine


def test_known_lines_are_taken_over_not_read_again(upright, monkeypatch):
    """A region that re-finds a known line (the verify pass's unchanged lines) keeps the known reading;
    the other lines are recognised as usual, and fewer strips go through the recogniser."""
    calls: list[int] = []
    real = ocr._recognize
    monkeypatch.setattr(ocr, "_recognize", lambda crops: calls.append(len(crops)) or real(crops))
    first = ocr.read_lines(upright)
    full_read = sum(calls)
    calls.clear()
    known = dataclasses.replace(first[0], text="KNOWN LINE")
    again = ocr.read(upright, context=VerifyContext(known_lines=(known,))).lines
    assert again[0].text == "KNOWN LINE"
    assert [ln.text for ln in again[1:]] == [ln.text for ln in first[1:]]
    assert sum(calls) < full_read


def test_hinted_lines_are_read_once_in_the_hinted_direction(upright, monkeypatch):
    """Masked lines in the verify pass: their direction is known, so no angle guessing, one reading."""
    img = np.ascontiguousarray(np.rot90(upright, 2))  # upside down: the classifier would have to flip it
    first = ocr.read_lines(img)
    cls_calls: list[int] = []
    real = ocr._cls_180
    monkeypatch.setattr(ocr, "_cls_180", lambda crops: cls_calls.append(len(crops)) or real(crops))
    again = ocr.read(img, context=VerifyContext(line_hints=tuple(first))).lines
    assert cls_calls == []
    assert sorted(squash(ln.text) for ln in again) == sorted(squash(t) for t in TEXT)
    for a, b in zip(sorted(again, key=lambda ln: ln.text), sorted(first, key=lambda ln: ln.text), strict=True):
        d1, d2 = np.subtract(a.polygon[1], a.polygon[0]), np.subtract(b.polygon[1], b.polygon[0])
        assert float(d1 @ d2) > 0  # same reading direction as the hint
    # A hint is only a direction: a wrong one (the lines turned round) is followed, not second-guessed.
    flipped = tuple(dataclasses.replace(ln, polygon=(ln.polygon[2], ln.polygon[3], ln.polygon[0], ln.polygon[1]))
                    for ln in first)
    wrong = ocr.read(img, context=VerifyContext(line_hints=flipped)).lines
    assert sorted(squash(ln.text) for ln in wrong) != sorted(squash(t) for t in TEXT)


def test_other_orientations_are_read_only_where_the_first_reading_is_unsure(monkeypatch):
    """Short, near-square words could be turned 90 degrees, so each may be read four ways; a first
    reading that is already sure is kept alone (the recogniser's work on screens full of short
    labels), and words that really are turned still get the other orientations and read right."""
    words = ["MRN", "DOB", "BED", "AGE"]
    font = ImageFont.truetype(FONT, 40)
    im = Image.new("RGB", (900, 200), "white")
    d = ImageDraw.Draw(im)
    for i, w in enumerate(words):
        d.text((40 + 220 * i, 70), w, fill="black", font=font)
    upright_words = np.asarray(im)
    read: list[int] = []
    real = ocr._recognize
    monkeypatch.setattr(ocr, "_recognize", lambda crops, stop=None: read.append(len(crops)) or real(crops, stop))
    for k, one_round in ((0, True), (1, False)):
        read.clear()
        res = ocr.read(np.ascontiguousarray(np.rot90(upright_words, k)))
        assert sorted(ln.text for ln in res.lines) == sorted(words)
        assert (len(read) == 1) == one_round, read  # a second round only for the turned words
        assert read[0] == res.regions  # the first round: one strip per region
