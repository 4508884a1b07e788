"""Text on video frames: recognise only the lines that were not read on the previous sampled frame.

Why: a text read on a 720p frame costs ~1.3 CPU s (walk, 5 regions) to ~2 CPU s (cards, 19 lines):
about a third the detector's passes, the rest recognising every line in up to four orientations.
One second later the same wristband, chart and monitor are in view, moved a little, and read the
same. So the lines of the last read are followed to the next sampled frame by optical flow (one
pyramidal Lucas-Kanade step from the last read frame to this one, `regions.follow_many`); a line the
flow brings there whose pixels still show what was read is handed to the photo reader as a known
line (`VerifyContext.known_lines`, the verify pass's mechanism): a detected region that is that line
(IoU >= 0.7) takes its reading instead of being recognised. The detector still runs on the whole
frame, every time: a new line anywhere is found and read.

When are the pixels "still the ones read": the line's strip now (rectified at the frame's scale,
with a margin, blurred by a tenth of the text height) holds every piece (`CHUNK` text heights long)
of the strip on the read frame with a normalised correlation >= `SAME`, each piece allowed a few
pixels of shift (detector boxes jitter; a turning card is followed only roughly). A line whose
pixels changed (a monitor showing the next patient, a new word) fails its piece and is read again;
so does every line the flow loses (a fast pan, an occlusion). On `bench.video`'s cards, true
matches scored 0.92-1.00 and the best other line at the same place at most 0.84.
Everything is read afresh on the first sampled frame after a scene cut and on every `refresh`-th
read, so a reading is not carried for long. The PHI classifier gets every line of the frame (taken
over or read), as after a full read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..detect import FIRST_LOOK, StageResult, VerifyContext
from ..model import Photo, TextLine, Word
from ..policy import Policy
from .regions import follow_many, small_gray

MARGIN = 0.3  # of the text height: how far around a line's place its strip read before is searched for
END_SLACK = 0.1  # share of a known strip's length left out at each end (where detector boxes jitter)
EDGE_SLACK = 0.15  # share of its height left out at the top and bottom
CHUNK = 3.0  # text heights: the length of the pieces of a strip compared one by one
FLAT = 3.0  # grey levels: a piece of strip with less spread than this is blank
BLUR = 0.1  # Gaussian sigma of a strip, as a share of its text height
SAME = 0.93  # normalised correlation every piece of a line must reach for it to be the line read before

Quad = np.ndarray  # 4 x 2 float32, corners in order


@dataclass
class _Known:
    line: TextLine
    quad: Quad  # the line's polygon as 4 corners, reading order (TL, TR, BR, BL), where it was read
    sig: np.ndarray  # its strip on the frame it was read on


@dataclass
class TextReuse:
    """What a video's text stage remembers between sampled frames (one per video)."""

    known: list[_Known] = field(default_factory=list)
    small: np.ndarray | None = None  # the last read frame, small and grey (`regions.small_gray`)
    reads: int = 0
    reused: int = 0  # lines taken over, over the whole video (for the report's notes and bench)
    recognised: int = 0  # lines the reader recognised (not taken over)

    def forget(self) -> None:
        """A scene cut: nothing read before describes the new scene."""
        self.known = []
        self.small = None


def _quad(poly: Sequence[tuple[float, float]]) -> Quad | None:
    q = np.asarray(poly, np.float32)
    return q if q.shape == (4, 2) else None


def _sides(q: Quad) -> tuple[float, float]:
    w = 0.5 * (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3]))
    h = 0.5 * (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1]))
    return float(w), float(h)


def _margin(q: Quad, margin: float) -> int:
    return round(margin * max(4, round(_sides(q)[1]))) + 2 if margin else 0


def signature(gray: np.ndarray, q: Quad, margin: float = 0.0) -> np.ndarray:
    """The quad's pixels as an upright grey strip at the frame's own scale (corners taken as TL, TR,
    BR, BL), with `margin` times its height of its surroundings on every side (`_margin` px), blurred.

    At the frame's scale, not normalised to one height: two detector boxes of the same line differ by
    a few pixels in height, and stretching both to one height would make the same letters differ."""
    w, h = _sides(q)
    sw, sh = max(4, round(w)), max(4, round(h))
    m = _margin(q, margin)
    dst = np.array([[m, m], [m + sw, m], [m + sw, m + sh], [m, m + sh]], np.float32)
    t = cv2.getPerspectiveTransform(q.astype(np.float32), dst)
    strip = cv2.warpPerspective(gray, t, (sw + 2 * m, sh + 2 * m), flags=cv2.INTER_LINEAR,
                                borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    # Blurred by a tenth of the text height: two resamplings of a thin stroke (turned a few degrees
    # between reads) differ pixel by pixel; the letters, words and their places do not.
    return cv2.GaussianBlur(strip, (0, 0), max(1.0, BLUR * sh))


def _same(known: np.ndarray, seen: np.ndarray, m: int) -> float:
    """How well a line read before (`known`, its strip) shows in a region (`seen`, its strip with `m`
    px around it): the worst, over pieces of the known strip about `CHUNK` text heights long, of each
    piece's best normalised correlation near its own place. Each piece may shift by a few pixels on
    its own (detector boxes jitter at their ends, a card turned a little between reads is followed
    by the flow only roughly), but every piece must be there: a changed word fails its piece."""
    kh, kw = known.shape
    cx, cy = max(1, round(END_SLACK * kw)), round(EDGE_SLACK * kh)
    tpl = known[cy:kh - cy, cx:kw - cx]
    if tpl.shape[0] < 4 or tpl.shape[1] < 4:
        tpl, cx, cy = known, 0, 0
    th, tw = tpl.shape
    if th > seen.shape[0] or tw > seen.shape[1] + 2 * m:
        return 0.0
    n = max(1, round(tw / (CHUNK * kh)))
    slack = m + round(0.05 * kw)
    worst = 1.0
    for j in range(n):
        a, b = j * tw // n, (j + 1) * tw // n
        piece = tpl[:, a:b]
        x0, x1 = max(0, m + cx + a - slack), min(seen.shape[1], m + cx + b + slack)
        win = seen[:, x0:x1]
        if win.shape[1] < piece.shape[1]:
            return 0.0
        if float(piece.std()) < FLAT:  # a blank piece (between words) must stay blank
            s = 1.0 if float(win.std()) < 2 * FLAT else 0.0
        else:
            s = float(cv2.matchTemplate(win, piece, cv2.TM_CCOEFF_NORMED).max())
        worst = min(worst, s)
    return worst


def moved(line: TextLine, src: Quad, dst: Quad) -> TextLine:
    """`line` carried from where it was read (`src`, its 4 corners) onto `dst` by the perspective
    transform between them: its polygon and its words' polygons."""
    m = cv2.getPerspectiveTransform(src.astype(np.float32), dst.astype(np.float32))

    def move(poly: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
        p = cv2.perspectiveTransform(np.asarray(poly, np.float32).reshape(-1, 1, 2), m).reshape(-1, 2)
        return tuple((float(x), float(y)) for x, y in p)

    words = tuple(Word(w.text, move(w.polygon), w.score, w.start, w.end) for w in line.words)
    return TextLine(line.text, move(line.polygon), line.score, words, line.engine)


Reader = Callable[[Photo, Policy, VerifyContext], StageResult]


def ocr_read(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """The photo text stage (`ocr.detect`): with `context.known_lines`, a detected region that is one
    of those lines (IoU >= 0.7) takes its reading instead of being recognised."""
    from .. import ocr

    return ocr.detect(photo, policy, context)


class IncrementalText:
    """The text stage of a video: call it with each sampled frame in order; `forget` at a scene cut."""

    def __init__(self, refresh: int, read: Reader = ocr_read) -> None:
        self.refresh = refresh
        self._read = read
        self.state = TextReuse()

    def forget(self) -> None:
        self.state.forget()

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        st = self.state
        st.reads += 1
        small, scale = small_gray(photo.pixels)
        fresh = not st.known or st.small is None or self.refresh <= 1 or (st.reads - 1) % self.refresh == 0
        known: list[TextLine] = []
        if not fresh:
            known = self._still_there(photo.gray, small, scale)
        result = self._read(photo, policy, dataclasses.replace(context, known_lines=tuple(known)))
        ids = {id(ln) for ln in known}
        reused = sum(1 for ln in result.lines if id(ln) in ids)
        st.reused += reused
        st.recognised += len(result.lines) - reused
        if known:
            result = dataclasses.replace(result, notes=[*result.notes, f"{reused} line(s) as read before"])
        st.known = [_Known(ln, q, signature(photo.gray, q)) for ln in result.lines
                    if (q := _quad(ln.polygon)) is not None]
        st.small = small
        return result

    def _still_there(self, gray: np.ndarray, small: np.ndarray, scale: float) -> list[TextLine]:
        """The last read's lines that optical flow follows from that frame to this one and whose
        pixels here are still the ones read, moved onto their place here."""
        st = self.state
        assert st.small is not None
        if st.small.shape != small.shape:
            return []
        out = []
        for kn, q in zip(st.known, follow_many(st.small, small, [k.quad for k in st.known], scale), strict=True):
            if q is None:
                continue
            if _same(kn.sig, signature(gray, q, MARGIN), _margin(q, MARGIN)) >= SAME:
                out.append(moved(kn.line, kn.quad, q))
        return out
