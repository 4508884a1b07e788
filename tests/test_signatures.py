"""Handwritten signatures: found by the shape of the pen stroke on a page, not by what the OCR reads.

Each page is drawn here: printed text (with the OCR lines that would have read it, for scale), then
either a signature-like pen stroke or one of the things a careless stroke test takes for one: a table
grid, a box round a field, a red chart line, big printed letters, a photo.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from imgscreen import signatures
from imgscreen.model import Identifier, Rect
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy
from tests.fakes import Fixed, line, text_finding

FONT = cv2.FONT_HERSHEY_SIMPLEX


def page(w: int = 900, h: int = 600) -> tuple[np.ndarray, list]:
    """A white page with three printed lines about 20 px tall, and the lines the OCR would return."""
    img = np.full((h, w, 3), 255, np.uint8)
    lines = []
    for k, text in enumerate(("Invoice total due on receipt", "Thank you for your order", "Customer copy")):
        y = 60 + 40 * k
        cv2.putText(img, text, (40, y), FONT, 0.7, (0, 0, 0), 2, cv2.LINE_AA)
        lines.append(line(text, 40, y - 18, 14 * len(text), 22))
    return img, lines


def pen(img: np.ndarray, x: int, y: int, width: int = 260, loops: int = 7, colour=(20, 30, 140)) -> Rect:
    """A looping cursive stroke (a prolate cycloid: the pen doubles back at every letter) in ballpoint blue."""
    t = np.linspace(0, 2 * math.pi * loops, 900)
    xs = x + t / (2 * math.pi * loops) * width - 18 * np.sin(t)
    ys = y + 30 - 26 * np.cos(t) + 8 * np.sin(t / 3)
    pts = np.stack([xs, ys], axis=1).astype(np.int32)
    cv2.polylines(img, [pts], False, colour, 2, cv2.LINE_AA)
    return Rect(int(xs.min()), int(ys.min()), int(xs.max() - xs.min()), int(ys.max() - ys.min()))


def test_a_pen_signature_on_a_form_is_found_and_covered():
    img, lines = page()
    truth = pen(img, 420, 300)
    boxes = signatures.regions(img, lines)
    assert len(boxes) == 1
    assert truth.fraction_inside(boxes[0]) > 0.95
    # ... and the printed text above it is not part of the box.
    assert not any(b.overlaps(Rect(40, 40, 400, 100)) for b in boxes)


def test_black_ink_counts_as_pen_too():
    img, lines = page()
    pen(img, 420, 300, colour=(10, 10, 10))
    assert len(signatures.regions(img, lines)) == 1


def seal(img: np.ndarray, cx: int, cy: int) -> None:
    """A round seal: an outer ring, a serrated inner ring (its lettering) and the ticks that join them."""
    cv2.circle(img, (cx, cy), 55, (0, 0, 0), 2, cv2.LINE_AA)
    t = np.linspace(0, 2 * math.pi, 720)
    r = 45 + 3 * np.sin(24 * t)
    cv2.polylines(img, [np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], axis=1).astype(np.int32)], True,
                  (0, 0, 0), 2, cv2.LINE_AA)
    for a in (0.0, 0.5 * math.pi, math.pi, 1.5 * math.pi):
        cv2.line(img, (int(cx + 47 * math.cos(a)), int(cy + 47 * math.sin(a))),
                 (int(cx + 55 * math.cos(a)), int(cy + 55 * math.sin(a))), (0, 0, 0), 2)


@pytest.mark.parametrize("draw", [
    pytest.param(lambda im: [cv2.line(im, (40, y), (860, y), (0, 0, 0), 2) for y in range(200, 560, 40)]
                 + [cv2.line(im, (x, 200), (x, 560), (0, 0, 0), 2) for x in range(40, 900, 205)], id="table grid"),
    pytest.param(lambda im: cv2.rectangle(im, (420, 300), (560, 400), (0, 0, 0), 2), id="box round a field"),
    pytest.param(lambda im: cv2.polylines(
        im, [np.array([[40 + 8 * k, 450 - int(60 * abs(math.sin(k * 1.7)))] for k in range(100)], np.int32)],
        False, (200, 30, 30), 2), id="red chart line"),
    pytest.param(lambda im: cv2.putText(im, "SALE", (300, 480), FONT, 5, (0, 0, 0), 14), id="big bold letters"),
    pytest.param(lambda im: seal(im, 600, 420), id="an agency's round seal"),  # fresh66's blank Texas form
])
def test_shapes_that_are_not_pen_strokes_are_left_alone(draw):
    img, lines = page()
    draw(img)
    assert signatures.regions(img, lines) == []


def test_a_camera_scene_is_not_searched():
    """No single light background: every edge of a scene would be 'ink', so nothing is claimed."""
    rng = np.random.default_rng(3)
    img = rng.integers(0, 255, (600, 900, 3), dtype=np.uint8)
    _, lines = page()
    pen(img, 420, 300)
    assert signatures.regions(img, lines) == []


def test_handwriting_read_as_words_is_left_to_the_text_classifier():
    img, lines = page()
    box = pen(img, 420, 300)
    lines.append(line("Meeting moved to Tuesday", box.x - 5, box.y - 5, box.w + 10, box.h + 10))
    assert signatures.regions(img, lines) == []


def test_only_pages_with_someone_on_them_or_a_signature_line_are_searched():
    _, lines = page()
    assert not signatures.expected(lines, personal_phi=False)
    assert signatures.expected(lines, personal_phi=True)
    assert signatures.expected([*lines, line("Signature of patient:", 40, 300, 300, 22)], personal_phi=False)
    assert signatures.expected([*lines, line("Unterschrift", 40, 300, 200, 22)], personal_phi=False)
    assert not signatures.expected([*lines, line("Design your own signs", 40, 300, 300, 22)], personal_phi=False)
    assert signatures.expected([*lines, line("Signed:", 40, 300, 100, 22)], personal_phi=False)
    paragraph = "signed, reinstated, or demoted without"  # a paragraph's line
    assert not signatures.expected([*lines, line(paragraph, 40, 300, 700, 22)], personal_phi=False)


def _screen(img, lines, findings=()):
    from imgscreen.model import Photo

    s = Screener(Policy(), detectors={"text": Fixed(findings=findings, lines=lines, only_first_call=True)},
                 classifier=lambda lines, policy: [])
    return s.screen_photo(Photo(pixels=img))


def test_the_pipeline_masks_a_signature_on_a_page_with_patient_details():
    img, lines = page()
    truth = pen(img, 420, 300)
    res = _screen(img, lines, [text_finding(40, 100, 200, 22)])
    sig = [f for f in res.findings if f.identifier == Identifier.BIOMETRIC]
    assert len(sig) == 1 and sig[0].text is None  # no reading of a signature is ever reported
    assert res.decision.verdict == "redact"
    safe = res.safe_pixels
    assert safe is not None
    inside = safe[truth.y:truth.y1, truth.x:truth.x1]
    assert (np.abs(inside.astype(int) - inside[0, 0].astype(int)).sum(axis=2) == 0).mean() > 0.99  # solid fill


def test_a_signature_shape_alone_on_a_page_with_no_one_on_it_is_not_masked():
    img, lines = page()
    pen(img, 420, 300)
    res = _screen(img, lines)
    assert res.decision.verdict == "accept"
    assert not [f for f in res.findings if f.identifier == Identifier.BIOMETRIC]


def scrawl(img: np.ndarray, x: int, y: int) -> Rect:
    """A quick signature: a lead-in, one tall loop and a long wavy tail, as a finger draws on a phone's
    signature pad. It winds about 1.3, far less than cursive, so the shape test alone passes it by."""
    lead = np.stack([np.linspace(x, x + 50, 30), np.linspace(y + 110, y + 60, 30)], axis=1)
    t = np.linspace(0, 2 * math.pi, 120)
    loop = np.stack([x + 50 + 12 * np.sin(t), y + 60 - 30 * (1 - np.cos(t))], axis=1)
    tx = np.linspace(x + 50, x + 260, 120)
    tail = np.stack([tx, y + 70 - (tx - x) / 14 + 6 * np.sin((tx - x) / 9)], axis=1)
    pts = np.concatenate([lead, loop, tail]).astype(np.int32)
    cv2.polylines(img, [pts], False, (10, 10, 10), 3, cv2.LINE_AA)
    return Rect(x, y, 260, 110)


def test_a_quick_scrawl_over_a_signature_label_is_a_signature():
    img, lines = page()
    truth = scrawl(img, 300, 330)
    assert signatures.regions(img, lines) == []  # no cue: a scrawl alone is too plain to claim
    cue = line("Signature", 380, 480, 110, 22)
    boxes = signatures.regions(img, [*lines, cue])
    assert len(boxes) == 1 and truth.fraction_inside(boxes[0]) > 0.9
    # ... and the same cue far below the scrawl, or a cue beside a straight stroke, claims nothing.
    assert signatures.regions(img, [*lines, line("Signature", 380, 580, 110, 22)]) == []
    plain, lines = page()
    cv2.line(plain, (300, 400), (560, 380), (10, 10, 10), 3)
    assert signatures.regions(plain, [*lines, cue]) == []
