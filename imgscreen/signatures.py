"""Handwritten signatures on documents and forms: a biometric identifier no text reader can classify.

A signature is ink the OCR either misses or reads as gibberish (`vamusvyo`), so the PHI classifier never
sees it. What sets it apart on a page is its shape, not its reading: one connected stroke, or a few,
that is taller than the page's printed text, thin for its size, and winds far more than a printed
letter or a ruled line does. A printed letter of any size is one short loop; a table rule or a chart's
line runs more or less straight; a cursive pen stroke doubles back on itself again and again.

Only pages that look like paper or a light screen are searched (most pixels one light background): on
a camera scene, a dark monitor or an X-ray every edge is "ink" and the shape test means nothing.
Pure functions of the pixels and the text lines; `pipeline` turns the boxes into findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from .model import Rect, TextLine, bbox_of

# The page must be mostly one light background: this share of its pixels within `_BG_SPREAD` grey
# levels of the background level, which must itself be at least `_BG_MIN`.
_BG_SHARE = 0.55
_BG_SPREAD = 40
_BG_MIN = 170
# Ink is this many grey levels darker than the background.
_INK_CONTRAST = 70
# A signature stroke is at least this many times the page's printed text height tall, and 18 px.
_MIN_HEIGHT = 1.6
_MIN_PX = 18
# ... and at most this many times as tall (a map, a drawing or a chart is bigger than a signature).
_MAX_HEIGHT = 7.0
# ... and at most this share of its box is ink (printed bold letters and logos fill theirs).
_MAX_FILL = 0.25
# A component with this share of its ink in the outer tenth of its box is a drawn frame.
_FRAME_EDGE = 0.7
# Winding: the stroke's length (half its contour) over its box's half-perimeter. A printed letter is
# 0.8-1.6, a straight rule 1; the real signatures of the tuning halves wind 1.8-2.4.
_MIN_WINDING = 1.7
# ... unless the stroke sits on a signature line: just above or right of a `Signature` cue, a quick
# scrawl (one loop and a tail, winding 1.2-1.4) is a signature too; only a near-straight line is not.
_CUE_WINDING = 1.15
# "Just above": the stroke's foot at most this many cue-line heights over the cue, across from it (the
# cue widened by as many heights each way: a signature line is wider than its label), or level with it
# and at most `_CUE_RIGHT` heights to its right.
_CUE_ABOVE = 4.0
_CUE_RIGHT = 15.0
# A stroke thinner than this share of its own height (pen lines are thin for their size).
_MAX_STROKE = 0.07
# At most this long side relative to its short side: longer is a rule, an underline or a chart line.
_MAX_ASPECT = 9.0
# A component enclosing a hole this share of its box is a ring (a seal, a stamp, a round logo): a signature's
# loops are small beside its sweep.
_MAX_HOLE = 0.3
# Ink whose channels differ by at most this share of the brightest is grey or black.
_PEN_GREY = 0.25
# A straight run of ink this many text heights long is a rule, not pen.
_RULE_RUN = 3.0
# A stroke mostly under one confidently read line of real words is handwriting someone reads as text
# (a whiteboard note), not a signature.
_READ_COVER = 0.6
_READ_SCORE = 0.93


# Words that announce a signature on a form or letter, in the languages the set has met, on a label-length
# line: `Signature of patient:` asks for one, a paragraph that says a rule was "signed" does not.
_CUE_WORDS = 5
_CUE = re.compile(r"\b(signatur[ea]?|unterschrift|firma|assinatura|handtekening|podpis|signé)\b|签名|署名"
                  r"|^\W*sign(ed)?\b\s*(:|by\b|here\b|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Stroke:
    """One pen stroke that passed the shape test, with the measures it passed on (for tuning reports)."""

    box: Rect
    winding: float
    fill: float
    thinness: float  # stroke width over height


def _text_height(lines: Sequence[TextLine]) -> float:
    heights = sorted(ln.height for ln in lines if len(ln.text.strip()) >= 3)
    return float(heights[len(heights) // 2]) if heights else 0.0


def _background(gray: np.ndarray) -> int | None:
    """The page's light background level, or None when the picture is not a page."""
    hist = cv2.calcHist([gray], [0], None, [256], [0, 256]).ravel()  # (np.bincount: ten times slower on 12 MP)
    level = int(np.argmax(hist))
    near = hist[max(0, level - _BG_SPREAD // 2): level + _BG_SPREAD // 2 + 1].sum() / max(1, gray.size)
    return level if level >= _BG_MIN and near >= _BG_SHARE else None


def is_page(rgb: np.ndarray) -> bool:
    """Whether the picture is mostly one light background (paper, a light screen), not a camera scene."""
    return _background(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)) is not None


def _read_as_words(box: Rect, lines: Sequence[TextLine]) -> bool:
    for ln in lines:
        if ln.score < _READ_SCORE:
            continue
        words = [w for w in ln.text.split() if w.isalpha() and len(w) >= 4]
        if not words:
            continue
        if box.fraction_inside(bbox_of(ln.polygon)) >= _READ_COVER:
            return True
    return False


def _rules(ink: np.ndarray, text_h: float) -> np.ndarray:
    """Ruled lines (table grids, frames, underlines), a little thickened: straight runs of ink far
    longer than a printed word is tall. Taken out before the strokes are measured, so a form's grid
    is not one huge winding component."""
    run = max(15, int(_RULE_RUN * text_h))
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    return cv2.dilate(h | v, np.ones((3, 3), np.uint8)) & 1


def _frame(comp: np.ndarray) -> bool:
    """A box drawn round something (a field, a button, an icon's frame): most of its ink on its edges."""
    band = max(2, min(comp.shape) // 10)
    inner = comp[band:-band, band:-band]
    return inner.size == 0 or inner.sum() <= (1 - _FRAME_EDGE) * comp.sum()


def _ring(comp: np.ndarray) -> bool:
    """A seal or a round logo (an agency's seal at a form's corner): one hole inside the ink takes up a good
    part of its box."""
    contours, hierarchy = cv2.findContours(comp, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return False
    holes = [cv2.contourArea(c) for c, h in zip(contours, hierarchy[0], strict=True) if h[3] >= 0]
    return max(holes, default=0.0) > _MAX_HOLE * comp.size


def _pen_colour(rgb: np.ndarray) -> bool:
    """Black, grey or blue-to-violet ink: pens. A red chart line, an orange icon or a green map road is not."""
    r, g, b = (float(v) for v in rgb)
    hi, lo = max(r, g, b), min(r, g, b)
    if hi - lo <= _PEN_GREY * max(hi, 1.0) or hi < 60:
        return True
    return b == hi and r < b  # blue, navy, violet


@dataclass(frozen=True)
class _Ink:
    text_h: float
    labels: np.ndarray
    stats: np.ndarray  # cv2.connectedComponentsWithStats: x, y, w, h, area per component (0: background)


def _ink(rgb: np.ndarray, lines: Sequence[TextLine]) -> _Ink | None:
    """The page's ink, ruled lines taken out, as connected components; None when it is not a page."""
    text_h = _text_height(lines)
    if text_h <= 0:
        return None
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    bg = _background(gray)
    if bg is None:
        return None
    ink = (gray.astype(np.int16) < bg - _INK_CONTRAST).astype(np.uint8)
    ink &= ~_rules(ink, text_h)
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    return _Ink(text_h, labels, stats)


def _cue(line: TextLine) -> bool:
    return bool(_CUE.search(line.text)) and len(line.text.split()) <= _CUE_WORDS


def _on_signature_line(box: Rect, cues: Sequence[Rect]) -> bool:
    """Whether `box` is where a cue asks for the pen: just over the cue or right of it."""
    for c in cues:
        reach = _CUE_ABOVE * c.h
        across = box.x < c.x + c.w + reach and c.x - reach < box.x + box.w
        above = across and -c.h <= c.y - (box.y + box.h) <= _CUE_ABOVE * c.h
        level = box.y < c.y + c.h and c.y < box.y + box.h
        right = level and 0 <= box.x - (c.x + c.w) <= _CUE_RIGHT * c.h
        if above or right:
            return True
    return False


def _strokes(rgb: np.ndarray, lines: Sequence[TextLine], ink: _Ink) -> list[Stroke]:
    text_h, labels, stats = ink.text_h, ink.labels, ink.stats
    cues = [bbox_of(ln.polygon) for ln in lines if _cue(ln)]
    min_h = max(_MIN_PX, _MIN_HEIGHT * text_h)
    out: list[Stroke] = []
    for i in range(1, len(stats)):
        x, y, w, h, area = (int(v) for v in stats[i])
        if h < min_h or h > _MAX_HEIGHT * text_h or max(w, h) > _MAX_ASPECT * min(w, h):
            continue
        fill = area / float(w * h)
        if fill > _MAX_FILL:
            continue
        comp = (labels[y:y + h, x:x + w] == i).astype(np.uint8)
        contours, _ = cv2.findContours(comp, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
        length = sum(cv2.arcLength(c, True) for c in contours) / 2.0
        winding = length / float(w + h)
        width = area / max(1.0, length)
        box = Rect(x, y, w, h)
        if winding < _MIN_WINDING and not (winding >= _CUE_WINDING and _on_signature_line(box, cues)):
            continue
        if width > _MAX_STROKE * h or _frame(comp) or _ring(comp):
            continue
        if not _pen_colour(rgb[y:y + h, x:x + w][comp > 0].mean(axis=0)):
            continue
        if _read_as_words(box, lines):
            continue
        out.append(Stroke(box, winding, fill, width / h))
    return out


def strokes(rgb: np.ndarray, lines: Sequence[TextLine]) -> list[Stroke]:
    """Pen strokes shaped like a signature on a page-like `rgb` image, with printed `lines` for scale."""
    ink = _ink(rgb, lines)
    return [] if ink is None else _strokes(rgb, lines, ink)


def regions(rgb: np.ndarray, lines: Sequence[TextLine]) -> list[Rect]:
    """Boxes to mask: each signature stroke with the pen marks beside it (the separate letters, dots
    and crossings of the same signature, whatever their shape), overlapping ones merged."""
    ink = _ink(rgb, lines)
    found = [] if ink is None else _strokes(rgb, lines, ink)
    if ink is None or not found:
        return []
    h, w = rgb.shape[:2]
    pad = max(4, int(0.5 * ink.text_h))
    boxes = []
    for s in found:
        near = s.box.grown(pad, (w, h))
        box = near
        for x, y, cw, ch, _ in ink.stats[1:]:
            part = Rect(int(x), int(y), int(cw), int(ch))
            if part.overlaps(near) and ch <= _MAX_HEIGHT * ink.text_h and cw <= 2 * s.box.w:
                box = box.union(part.grown(pad, (w, h)))
        boxes.append(box)
    merged: list[Rect] = []
    for b in sorted(boxes):
        for k, m in enumerate(merged):
            if m.overlaps(b):
                merged[k] = m.union(b)
                break
        else:
            merged.append(b)
    return merged


def expected(lines: Sequence[TextLine], personal_phi: bool) -> bool:
    """Whether to look for signatures at all: on a page that already holds someone's details (a signed
    form, a letter, a record) or that asks for a signature. A signature shape alone, on a page with
    neither, is more often a script font, a logo or a drawing than a pen."""
    return personal_phi or any(_cue(ln) for ln in lines)
