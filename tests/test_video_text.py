"""Video text reading: lines read on the previous sampled frame are followed there and taken over where
their pixels are unchanged (moved onto their new place); new or changed lines are recognised again."""

from __future__ import annotations

import cv2
import numpy as np

from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext
from imgscreen.faces import iou
from imgscreen.model import Photo, TextLine, Word, bbox_of, polygon_from_box
from imgscreen.policy import Policy
from imgscreen.video.text import IncrementalText

W, H = 640, 360


def strip(seed: int, w: int = 120, h: int = 16) -> np.ndarray:
    """A line of 'text': a random pattern of dark strokes on white, its red channel naming it."""
    rng = np.random.default_rng(seed)
    ink = rng.random((h // 4, w // 4)) < 0.4
    img = np.where(cv2.resize(ink.astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)[..., None] > 0,
                   (seed, 20, 20), (255, 255, 255)).astype(np.uint8)
    return img


def frame(lines: list[tuple[int, int, int]]) -> np.ndarray:
    img = np.full((H, W, 3), 90, np.uint8)
    for seed, x, y in lines:
        s = strip(seed)
        img[y:y + s.shape[0], x:x + s.shape[1]] = s
    return img


def boxes(pixels: np.ndarray) -> list[tuple[int, int, int, int]]:
    white = (pixels.min(axis=2) > 200).astype(np.uint8)
    white = cv2.dilate(white, np.ones((5, 5), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(white)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, n) if stats[i, 2] > 40]


class Reader:
    """Stand-in for the photo reader: every line reads 'line N', N its ink's red value; a region that is
    a known line (IoU >= 0.7, as `ocr._match_known`) takes the known reading. Counts what it recognised."""

    def __init__(self) -> None:
        self.recognised: list[int] = []

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        lines, n = [], 0
        for x, y, w, h in boxes(photo.pixels):
            known = [k for k in context.known_lines if iou(bbox_of(k.polygon), (x, y, w, h)) >= 0.7]
            if known:
                lines.append(known[0])
                continue
            ink = photo.pixels[y:y + h, x:x + w]
            red = int(np.median(ink[..., 0][ink[..., 1] < 100]))
            poly = polygon_from_box(x, y, w, h)
            lines.append(TextLine(f"line {red}", poly, 0.9, (Word(f"line {red}", poly, 0.9, 0, 6),)))
            n += 1
        self.recognised.append(n)
        return StageResult(lines=lines)


def texts(result: StageResult) -> dict[str, tuple[float, float]]:
    return {ln.text: tuple(np.asarray(ln.polygon).min(axis=0)) for ln in result.lines}


def test_lines_read_before_are_taken_over_and_only_new_or_changed_ones_are_recognised():
    r = Reader()
    text = IncrementalText(refresh=4, read=r)
    pol = Policy()
    first = text(Photo(pixels=frame([(60, 40, 50), (70, 300, 120), (80, 100, 250)])), pol)
    assert set(texts(first)) == {"line 60", "line 70", "line 80"} and r.recognised == [3]

    # Everything moved (a pan): nothing is recognised again, every reading is on the line's new place.
    moved = text(Photo(pixels=frame([(60, 47, 53), (70, 307, 123), (80, 107, 253)])), pol)
    assert r.recognised[-1] == 0
    got = texts(moved)
    assert set(got) == {"line 60", "line 70", "line 80"}
    assert abs(got["line 70"][0] - (307 - 2)) <= 2 and abs(got["line 70"][1] - (123 - 2)) <= 2

    # One line changed its pixels where it stands (a monitor showing the next patient): it is read again.
    changed = text(Photo(pixels=frame([(60, 47, 53), (90, 307, 123), (80, 107, 253)])), pol)
    assert set(texts(changed)) == {"line 60", "line 90", "line 80"} and r.recognised[-1] == 1

    # Every 4th read after the first reads everything, and after a scene cut nothing is carried over.
    same = frame([(60, 47, 53), (90, 307, 123), (80, 107, 253)])
    text(Photo(pixels=same), pol)
    assert r.recognised[-1] == 0
    text(Photo(pixels=same), pol)
    assert r.recognised[-1] == 3
    text(Photo(pixels=same), pol)
    assert r.recognised[-1] == 0
    text.forget()
    text(Photo(pixels=same), pol)
    assert r.recognised[-1] == 3
    assert (text.state.reused, text.state.recognised) == (11, 10)


def test_frames_are_read_without_the_photo_defaults_thorough_pass():
    """Photos read every contrasted window (`text.thorough`); frames keep their per-frame budget
    (`video.text_thorough`) unless the policy asks for it, whatever the photo default."""
    from imgscreen.video.screen import VideoScreener

    screener = VideoScreener(Policy())
    assert Policy().text.thorough
    assert not screener.text.policy.text.thorough and not screener.text_verify.policy.text.thorough
    both = Policy().replace("video", text_thorough=True)
    assert VideoScreener(both).text.policy.text.thorough
