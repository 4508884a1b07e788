"""Video text reading: lines read on an earlier sampled frame are taken over where their pixels are
unchanged (moved onto their new place); new or changed lines are read again, on crops only."""

from __future__ import annotations

import cv2
import numpy as np

from imgscreen.detect import StageResult
from imgscreen.model import Photo, TextLine, Word, polygon_from_box
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
    """Stand-in reader: every line it sees reads 'line N', N its ink's red value; counts what it read."""

    def __init__(self) -> None:
        self.seen: list[tuple[tuple[int, int], int]] = []  # (image size, lines read)

    def regions(self, photo: Photo, policy: Policy) -> list[np.ndarray]:
        return [np.asarray(polygon_from_box(*b), np.float32) for b in boxes(photo.pixels)]

    def read(self, photo: Photo, policy: Policy) -> StageResult:
        lines = []
        for x, y, w, h in boxes(photo.pixels):
            red = int(np.median(photo.pixels[y:y + h, x:x + w, 0][photo.pixels[y:y + h, x:x + w, 1] < 100]))
            poly = polygon_from_box(x, y, w, h)
            lines.append(TextLine(f"line {red}", poly, 0.9, (Word(f"line {red}", poly, 0.9, 0, 6),)))
        self.seen.append((photo.pixels.shape[:2], len(lines)))
        return StageResult(lines=lines)


def texts(result: StageResult) -> dict[str, tuple[float, float]]:
    return {ln.text: tuple(np.asarray(ln.polygon).min(axis=0)) for ln in result.lines}


def test_lines_read_before_are_taken_over_and_only_new_or_changed_ones_are_read():
    r = Reader()
    text = IncrementalText(refresh=4, regions=r.regions, read=r.read)
    pol = Policy()
    first = text(Photo(pixels=frame([(60, 40, 50), (70, 300, 120), (80, 100, 250)])), pol)
    assert set(texts(first)) == {"line 60", "line 70", "line 80"} and r.seen == [((H, W), 3)]

    # Everything moved (a pan): nothing is read again, every reading lands on the line's new place.
    moved = text(Photo(pixels=frame([(60, 47, 53), (70, 307, 123), (80, 107, 253)])), pol)
    assert len(r.seen) == 1
    got = texts(moved)
    assert set(got) == {"line 60", "line 70", "line 80"}
    assert abs(got["line 70"][0] - (307 - 2)) <= 3 and abs(got["line 70"][1] - (123 - 2)) <= 3

    # One line changed its pixels (a monitor showing the next patient): only it is read, on a crop.
    changed = text(Photo(pixels=frame([(60, 47, 53), (90, 307, 123), (80, 107, 253)])), pol)
    assert set(texts(changed)) == {"line 60", "line 90", "line 80"}
    (size, n), = r.seen[1:]
    assert n == 1 and size[0] * size[1] < 0.5 * W * H

    # The same frame again: nothing to read. Every 4th read after the first is a whole one, and after
    # a scene cut nothing is carried over.
    same = frame([(60, 47, 53), (90, 307, 123), (80, 107, 253)])
    assert set(texts(text(Photo(pixels=same), pol))) == {"line 60", "line 90", "line 80"} and len(r.seen) == 2
    text(Photo(pixels=same), pol)
    assert r.seen[-1] == ((H, W), 3)
    text.forget()
    text(Photo(pixels=frame([(60, 47, 53)])), pol)
    assert r.seen[-1] == ((H, W), 1)
