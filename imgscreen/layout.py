"""Where OCR lines sit relative to each other: cards, screens, table columns.

Recognizers see one string; a person sees a page. A date on its own means nothing, but a date on
the same card as a patient's name is that patient's date, and a cell under a "Patient" header is a
name whatever it looks like. This module only groups lines by geometry (no text rules), so the
same grouping serves wristbands, EHR screens, whiteboards and lab reports.

- `regions`: lines joined when their boxes, grown by about one and a half text heights, touch, and
  they run the same way at a similar size. One region is one card, label, form or screen area.
- `column_cells`: the word ranges below a table header that fall inside its column.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import TextLine, bbox_of

REGION_GROW = 1.5  # text heights a line's box is grown by before two lines count as touching
SIZE_RATIO = 3.0  # lines more different in height than this are not one block (a title above a table is)
ANGLE_TOLERANCE = 20.0  # degrees between two lines' directions still counted as the same way
COLUMN_GAP = 6.0  # text heights of empty column below a cell that end a table column
HEADER_ROW = 0.6  # vertical offset, in text heights, within which two headers share a row


@dataclass(frozen=True)
class Frame:
    """A line's upright box, height and reading direction: what grouping needs of it."""

    x0: float
    y0: float
    x1: float
    y1: float
    h: float
    angle: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def frame(line: TextLine) -> Frame:
    x, y, w, h = bbox_of(line.polygon)
    p = line.polygon
    angle = math.degrees(math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0])) if len(p) >= 2 else 0.0
    return Frame(float(x), float(y), float(x + w), float(y + h), max(1.0, line.height), angle)


def turn(a: Frame, b: Frame) -> float:
    """Degrees between two lines' reading directions, 0 to 180 (a line read upside down is 180 from its page)."""
    return abs((a.angle - b.angle + 180) % 360 - 180)


def _same_way(a: Frame, b: Frame) -> bool:
    return turn(a, b) <= ANGLE_TOLERANCE and max(a.h, b.h) <= SIZE_RATIO * min(a.h, b.h)


def _touch(a: Frame, b: Frame) -> bool:
    g = REGION_GROW * min(a.h, b.h)
    return a.x0 - g < b.x1 and b.x0 - g < a.x1 and a.y0 - g < b.y1 and b.y0 - g < a.y1


class Joined:
    """Items 0..n-1 joined transitively (union-find): lines into regions, PHI lines into groups."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, a: int) -> int:
        parent = self.parent
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(self, a: int, b: int) -> None:
        self.parent[self.root(a)] = self.root(b)


ROW_PIECE_GAP = 1.5  # text heights between two boxes of one printed line (a column is further apart)


@dataclass(frozen=True)
class Axes:
    """A line's own reading frame: its corners, first corner, unit reading direction and the unit
    direction down its page. A card at an angle or a label upside down has no upright rows, so `beside`
    and `above` are measured along these, not along the photo's x and y."""

    points: np.ndarray  # the polygon, N x 2
    origin: np.ndarray  # its first corner (top-left in reading order)
    along: np.ndarray
    down: np.ndarray
    length: float

    def along_of(self, pts: np.ndarray) -> np.ndarray:
        return (pts - self.origin) @ self.along

    def down_of(self, pts: np.ndarray) -> np.ndarray:
        return (pts - self.origin) @ self.down

    def runs_with(self, other: Axes, cos_min: float) -> bool:
        """Do the two lines read the same way, within the angle whose cosine is `cos_min`?"""
        return float(self.along @ other.along) >= cos_min


def axes(line: TextLine, corners: int = 2) -> Axes | None:
    """`line`'s reading frame; None when its polygon has fewer than `corners` points or no length."""
    p = np.asarray(line.polygon, float)
    if len(p) < max(2, corners):
        return None
    along = p[1] - p[0]
    length = float(np.hypot(*along))
    if length < 1e-6:
        return None
    along = along / length
    return Axes(p, p[0], along, np.array([-along[1], along[0]]), length)


def _one_line(a: TextLine, b: TextLine) -> bool:
    """Are `a` and `b` two boxes of one printed line: the same way, on one band, with no more than a
    word space or two between them (measured in `a`'s own reading direction)?"""
    if max(a.height, b.height) > SIZE_RATIO * min(a.height, b.height):
        return False
    pa, qa = axes(a), axes(b)
    if pa is None or qa is None or not pa.runs_with(qa, math.cos(math.radians(ANGLE_TOLERANCE))):
        return False
    h = max(1.0, a.height)
    if abs(float(pa.down_of(qa.points).mean() - pa.down_of(pa.points).mean())) > HEADER_ROW * h:
        return False
    xa, xb = pa.along_of(pa.points), pa.along_of(qa.points)
    gap = max(float(xb.min() - xa.max()), float(xa.min() - xb.max()), 0.0)
    return gap <= ROW_PIECE_GAP * h


def rows(indices: list[int], lines: list[TextLine], together: Sequence[Sequence[int]] = ()) -> int:
    """How many printed lines the OCR lines `indices` make: the detector cuts one line of a label into
    several boxes (`8104`, `Hawthorne Pl`), at any angle of the photo. Columns stay apart: a card's
    `DOB` and `SEX` fields side by side are two values to mask, not one line. `together`: line groups
    known to be one value (a date typed in boxes, `boxes.date_rows`), counted once."""
    joined = Joined(len(indices))
    at = {i: k for k, i in enumerate(indices)}
    for a in range(len(indices)):
        for b in range(a + 1, len(indices)):
            if _one_line(lines[indices[a]], lines[indices[b]]):
                joined.join(a, b)
    for group in together:
        known = [at[i] for i in group if i in at]
        for k in known[1:]:
            joined.join(known[0], k)
    return len({joined.root(a) for a in range(len(indices))})


def regions(lines: list[TextLine]) -> list[int]:
    """A region number per line: lines transitively touching, running the same way, at a similar size."""
    frames = [frame(ln) for ln in lines]
    joined = Joined(len(lines))
    order = sorted(range(len(lines)), key=lambda i: frames[i].y0)
    for k, i in enumerate(order):
        a = frames[i]
        for j in order[k + 1 :]:
            b = frames[j]
            if b.y0 > a.y1 + REGION_GROW * a.h:
                break  # sorted by top, and the growth is at most 1.5 of line i's height: nothing further can touch
            if _touch(a, b) and _same_way(a, b):
                joined.join(i, j)
    return [joined.root(i) for i in range(len(lines))]


def word_frame(line: TextLine, start: int, end: int) -> Frame:
    """The frame of the words of `line` that hold characters start..end (the whole line without words)."""
    words = [w for w in line.words or () if w.end > start and w.start < end]
    if not words:
        return frame(line)
    boxes = [bbox_of(w.polygon) for w in words]
    f = frame(line)
    return Frame(float(min(b[0] for b in boxes)), float(min(b[1] for b in boxes)),
                 float(max(b[0] + b[2] for b in boxes)), float(max(b[1] + b[3] for b in boxes)), f.h, f.angle)


def column_extent(head: Frame, row: list[Frame]) -> tuple[float, float]:
    """The x range a header's column covers: from just left of it to the next header on its row."""
    right = [f.x0 for f in row if f.x0 > head.x1 - 0.5 * head.h]
    left = [f.x1 for f in row if f.x1 < head.x0 + 0.5 * head.h]
    x0 = max(left) if left else head.x0 - 2 * head.h  # cells may start left of a centred header
    x1 = min(right, default=head.x1 + 12 * head.h)
    return x0, x1


def same_row(a: Frame, b: Frame) -> bool:
    return abs(a.cy - b.cy) <= HEADER_ROW * a.h and _same_way(a, b)


def column_cells(lines: list[TextLine], head: Frame, row: list[Frame], stop: set[int],
                 frames: list[Frame] | None = None) -> list[tuple[int, int, int]]:
    """(line, start, end) character ranges below a header inside its column, top to bottom.

    `row` holds the frames of the headers on the header's row (itself included); `stop` the lines
    that are headers themselves. A cell is the run of a line's words whose centres fall in the
    column (OCR often reads a table row as one line: `625  M. Bryan Paul  03/11/2020`). The column
    ends at another header or after `COLUMN_GAP` text heights with no cell.
    """
    frames = frames if frames is not None else [frame(ln) for ln in lines]
    x0, x1 = column_extent(head, row)
    below = sorted((j for j in range(len(lines)) if frames[j].y0 >= head.cy and _same_way(head, frames[j])),
                   key=lambda j: frames[j].y0)
    cells: list[tuple[int, int, int]] = []
    last = head.y1
    for j in below:
        b = frames[j]
        if b.y0 - last > COLUMN_GAP * head.h:
            break
        if lines[j].words:
            words = [w for w in lines[j].words if x0 <= _cx(w.polygon) <= x1]
            span = (min(w.start for w in words), max(w.end for w in words)) if words else None
        else:
            span = (0, len(lines[j].text)) if x0 <= (b.x0 + b.x1) / 2 <= x1 else None
        if span is None:
            continue
        if j in stop:
            break
        cells.append((j, *span))
        last = b.y1
    return cells


def _cx(poly) -> float:  # noqa: ANN001 - a Polygon
    x, _, w, _ = bbox_of(poly)
    return x + w / 2
