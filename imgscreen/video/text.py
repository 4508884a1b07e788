"""Text on video frames: detect every time, recognise only the lines not read before.

Why: a text read on a 720p frame costs ~1.3 CPU s (walk, 5 regions) to ~3 CPU s (cards): about half
the detector's passes, half recognising every line in up to four orientations. One second later the
same wristband, chart and monitor are in view, moved a little: their lines read the same. So each
sampled frame is run through the text detector (the cheap part), and every detected line whose pixels
match a line read on the previous sampled frame takes that reading over, moved onto its new place;
only the others are recognised, on crops around them (`crops.crops_for`), with the photo reader.

When is a line "the same": its strip (the region rectified to `SIG_HEIGHT` px high, grey, normalised)
correlates >= `SAME` with a strip read before, and has the same aspect within `ASPECT`: a line whose
pixels changed (a monitor showing the next patient, a digit that changed) does not, and is read again.
All lines are read afresh on the first sampled frame after a scene cut and every `refresh` reads, so a
reading is never carried for long. Lines are matched against the lines of the previous read only.

The PHI classifier still gets every line of the frame (reused and new), so context rules (a label on
the line above) see the same page as a full read would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..detect import FIRST_LOOK, StageResult, VerifyContext
from ..model import Photo, Rect, TextLine, Word
from ..policy import Policy
from .crops import crops_for

SIG_HEIGHT = 24  # px: strips are compared at this height
SAME = 0.93  # normalised correlation of two strips above which they show the same line
ASPECT = 0.08  # relative difference of strip aspect (length / height) allowed for the same line
SIZE = 0.25  # relative difference of text height allowed (a card coming closer is read again)
OVERLAP = 0.5  # share of a fresh reading inside a region for it to be that region's reading

Quad = np.ndarray  # 4 x 2 float32, corners in order


@dataclass
class _Known:
    line: TextLine
    quad: Quad  # the line's polygon as 4 corners, reading order (TL, TR, BR, BL)
    sig: np.ndarray


@dataclass
class TextReuse:
    """What a video's text stage remembers between sampled frames (one per video)."""

    known: list[_Known] = field(default_factory=list)
    reads: int = 0
    reused: int = 0  # lines taken over, over the whole video (for the report's notes and bench)
    recognised: int = 0  # regions detected that had to be read

    def forget(self) -> None:
        """A scene cut: nothing read before describes the new scene."""
        self.known = []


def _quad(poly: Sequence[tuple[float, float]]) -> Quad | None:
    q = np.asarray(poly, np.float32)
    return q if q.shape == (4, 2) else None


def _sides(q: Quad) -> tuple[float, float]:
    w = 0.5 * (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3]))
    h = 0.5 * (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1]))
    return float(w), float(h)


def signature(gray: np.ndarray, q: Quad) -> np.ndarray:
    """The quad's pixels as a strip `SIG_HEIGHT` high (corners taken as TL, TR, BR, BL), zero mean,
    unit norm: comparing two is one dot product."""
    w, h = _sides(q)
    sw = int(np.clip(round(SIG_HEIGHT * w / max(h, 1.0)), 4, 40 * SIG_HEIGHT))
    dst = np.array([[0, 0], [sw, 0], [sw, SIG_HEIGHT], [0, SIG_HEIGHT]], np.float32)
    m = cv2.getPerspectiveTransform(q.astype(np.float32), dst)
    strip = cv2.warpPerspective(gray, m, (sw, SIG_HEIGHT), flags=cv2.INTER_AREA,
                                borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    strip -= strip.mean()
    n = float(np.linalg.norm(strip))
    return strip / n if n > 1e-6 else strip


def _same(a: np.ndarray, b: np.ndarray) -> float:
    if a.shape != b.shape:
        if abs(a.shape[1] - b.shape[1]) > ASPECT * max(a.shape[1], b.shape[1]):
            return 0.0
        b = cv2.resize(b, (a.shape[1], a.shape[0]), interpolation=cv2.INTER_LINEAR)
        b = b - b.mean()
        n = float(np.linalg.norm(b))
        b = b / n if n > 1e-6 else b
    return float((a * b).sum())


def moved(line: TextLine, src: Quad, dst: Quad) -> TextLine:
    """`line` carried from where it was read (`src`, its 4 corners) onto `dst` by the perspective
    transform between them: its polygon and its words' polygons."""
    m = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))

    def move(poly: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
        p = cv2.perspectiveTransform(np.asarray(poly, np.float32).reshape(-1, 1, 2), m).reshape(-1, 2)
        return tuple((float(x), float(y)) for x, y in p)

    words = tuple(Word(w.text, move(w.polygon), w.score, w.start, w.end) for w in line.words)
    return TextLine(line.text, move(line.polygon), line.score, words, line.engine)


def _inside(a: Quad, b: Quad) -> float:
    """Share of `a`'s area inside `b` (both convex)."""
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    return float(inter) / max(float(cv2.contourArea(a.astype(np.float32))), 1.0)


Regions = Callable[[Photo, Policy], list[Quad]]
Reader = Callable[[Photo, Policy], StageResult]


def ocr_regions(photo: Photo, policy: Policy) -> list[Quad]:
    """The photo text reader's detector (both levels), its quads in frame pixels."""
    from .. import ocr

    return [np.asarray(q, np.float32) for q, _ in ocr._detect_regions(photo, policy.text.thorough)]


def ocr_read(photo: Photo, policy: Policy) -> StageResult:
    from .. import ocr

    return ocr.detect(photo, policy)


class IncrementalText:
    """The text stage of a video: call with each sampled frame in order (`forget` at a cut)."""

    def __init__(self, refresh: int, regions: Regions = ocr_regions, read: Reader = ocr_read) -> None:
        self.refresh = refresh
        self._regions, self._read = regions, read
        self.state = TextReuse()

    def forget(self) -> None:
        self.state.forget()

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        st = self.state
        st.reads += 1
        gray = photo.gray
        fresh = not st.known or self.refresh <= 1 or st.reads % self.refresh == 1
        if fresh:
            got = self._read(photo, policy)
            return self._remember(got, gray, len(got.lines))
        regions = self._regions(photo, policy)
        cap = policy.text.max_regions
        if cap is not None and len(regions) > cap:  # the photo reader's cap: a page, read whole and rejected
            got = self._read(photo, policy)
            return self._remember(got, gray, len(got.lines))
        reused: list[TextLine] = []
        todo: list[Quad] = []
        taken: set[int] = set()
        for q in regions:
            hit = self._match(gray, q, taken)
            if hit is None:
                todo.append(q)
            else:
                k, dst = hit
                taken.add(k)
                reused.append(moved(st.known[k].line, st.known[k].quad, dst))
        if not todo:
            st.reused += len(reused)
            return self._remember(StageResult(lines=reused, notes=[f"{len(reused)} line(s) as read before"]),
                                  gray, 0)
        h, w = gray.shape
        rects = crops_for([_rect(q, w, h) for q in todo], (w, h))
        if rects is None:  # most of the frame is new: one whole read
            got = self._read(photo, policy)
            return self._remember(got, gray, len(got.lines))
        fresh_lines: list[TextLine] = []
        notes: list[str] = []
        truncated = False
        for c in rects:
            sub = Photo(pixels=np.ascontiguousarray(photo.pixels[c.y:c.y1, c.x:c.x1]), frame=photo.frame)
            got = self._read(sub, policy)
            truncated |= got.truncated
            notes += got.notes
            fresh_lines += [_shift(ln, c.x, c.y) for ln in got.lines]
        # A fresh reading of a line that was taken over (it lay in a crop beside a new one) is dropped:
        # one reading per line.
        olds = [q for q in (_quad(ln.polygon) for ln in reused) if q is not None]
        fresh_lines = [ln for ln in fresh_lines
                       if (q := _quad(ln.polygon)) is None or not any(_inside(q, o) > OVERLAP for o in olds)]
        st.reused += len(reused)
        lines = sorted(reused + fresh_lines, key=_order)
        return self._remember(StageResult(lines=lines, notes=[*notes, f"{len(reused)} line(s) as read before, "
                                                              f"{len(todo)} region(s) read"], truncated=truncated),
                              gray, len(todo))

    def _match(self, gray: np.ndarray, q: Quad, taken: set[int]) -> tuple[int, Quad] | None:
        """The known line this region shows, unchanged, and the region's corners in that line's
        reading order; None when there is none (the region is read)."""
        best: tuple[float, int, Quad] | None = None
        for roll in range(4):  # which of the detector's corners is the line's top-left
            r = np.roll(q, -roll, axis=0)
            rw, rh = _sides(r)
            if rw < 0.8 * rh:  # a line's reading order runs along its long side
                continue
            sig = None
            for k, kn in enumerate(self.state.known):
                if k in taken:
                    continue
                kw, kh = _sides(kn.quad)
                ka, ra = kw / max(kh, 1.0), rw / max(rh, 1.0)
                if abs(kh - rh) > SIZE * max(kh, rh) or abs(ka - ra) > ASPECT * ka:
                    continue
                sig = signature(gray, r) if sig is None else sig
                s = _same(kn.sig, sig)
                if s >= SAME and (best is None or s > best[0]):
                    best = (s, k, r)
        return None if best is None else (best[1], best[2])

    def _remember(self, result: StageResult, gray: np.ndarray, recognised: int) -> StageResult:
        """Keep this read's lines (with their strips) for the next sampled frame."""
        st = self.state
        st.recognised += recognised
        st.known = [_Known(ln, q, signature(gray, q)) for ln in result.lines if (q := _quad(ln.polygon)) is not None]
        return result


def _rect(q: Quad, w: int, h: int) -> Rect:
    x0, y0 = np.floor(q.min(axis=0)).astype(int)
    x1, y1 = np.ceil(q.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    return Rect(int(x0), int(y0), int(max(1, x1 - x0)), int(max(1, y1 - y0)))


def _shift(line: TextLine, dx: float, dy: float) -> TextLine:
    def move(poly: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
        return tuple((x + dx, y + dy) for x, y in poly)

    return TextLine(line.text, move(line.polygon), line.score,
                    tuple(Word(w.text, move(w.polygon), w.score, w.start, w.end) for w in line.words), line.engine)


def _order(line: TextLine) -> tuple[int, float]:
    p = np.asarray(line.polygon, np.float32)
    return round(float(p[:, 1].min()) / 16), float(p[:, 0].min())
