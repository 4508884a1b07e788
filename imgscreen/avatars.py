"""Avatars beside names: the small picture a help desk, a chat or a patient list draws left of each person.

A photo avatar is a face, and an initials disc or a coloured tile is matched to the name beside it by
anyone who sees both; the face detector misses most of them (30-50 px on a 3,000 px screenshot, often
cropped to the face). A name the classifier masks in such a list leaves its avatar to read.

What marks one, whatever it shows: on a flat screen background, one compact blob (about square, filling
most of its box, one to three text heights tall) that ends just left of the name's line and sits level
with it. Text is not a blob here (the OCR's own lines of three or more letters or digits are cut out
first; an avatar itself is often read as one or two), a ruled line or an outlined checkbox fills too
little of its box, and on a camera photo the background is not flat, so nothing is searched. Pure
functions of the pixels and the text lines; `pipeline` turns the boxes into findings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from .model import Rect, TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.words import NOT_A_NAME, english_words

# The search window beside a name, in the name line's text heights: how far left of the line, and how far
# above and below its middle.
_LEFT = 3.6
_UP_DOWN = 1.9
# A pixel is the avatar's when a channel differs this much from the background.
_CONTRAST = 28
# The window's outer ring must be this flat (share of its pixels on the background colour): a screen.
_FLAT_RING = 0.8
# The avatar: this many text heights tall and wide, about square, filling this much of its box, ending
# within this many text heights left of the name, and its middle this close to the line's.
_SIZE = (0.9, 3.3)
_ASPECT = (0.7, 1.45)
_FILL = 0.5
_GAP = 1.7
_LEVEL = 1.1
_PAD = 2  # pixels added round the box: anti-aliased edges


def _level(box: Rect) -> bool:
    """Only lines that run about level: a rotated line's bounding box says nothing of what is beside it."""
    return box[2] >= box[3]


def regions(pixels: np.ndarray, lines: Sequence[TextLine], names: Sequence[int]) -> list[tuple[int, Rect]]:
    """(name line, box (x, y, w, h)) of the avatars beside the lines `names` (indices into `lines`)."""
    if pixels.ndim != 3 or not names:
        return []
    height, width = pixels.shape[:2]
    boxes = [bbox_of(ln.polygon) for ln in lines]
    # the OCR reads an avatar as a letter or two (`0`, `CO`, `20`): only longer text is cut out as text
    words = [b for b, ln in zip(boxes, lines, strict=True) if sum(ch.isalnum() for ch in ln.text) >= 3]
    out: list[tuple[int, Rect]] = []
    for i in sorted(set(names)):
        x, y, w, h = boxes[i]
        if not _level(boxes[i]) or h < 6:
            continue
        x0, x1 = int(max(0, x - _LEFT * h)), int(x)
        cy = y + h / 2
        y0, y1 = int(max(0, cy - _UP_DOWN * h)), int(min(height, cy + _UP_DOWN * h))
        if x1 - x0 < _SIZE[0] * h or y1 - y0 < _SIZE[0] * h:
            continue
        box = _blob(pixels[y0:y1, x0:x1], [_shift(b, x0, y0) for b in words], h, x1 - x0, cy - y0)
        if box is not None:
            bx, by, bw, bh = box
            out.append((i, (max(0, x0 + bx - _PAD), max(0, y0 + by - _PAD), min(width, bw + 2 * _PAD),
                             min(height, bh + 2 * _PAD))))
    return out


def _shift(box: Rect, dx: int, dy: int) -> Rect:
    return (box[0] - dx, box[1] - dy, box[2], box[3])


def _blob(window: np.ndarray, lines: list[Rect], h: float, right: int, cy: float) -> Rect | None:
    """The avatar in `window` (the region left of a name), in window coordinates, or None."""
    win = window[..., :3].astype(np.int16)
    ring = np.concatenate([win[:2].reshape(-1, 3), win[-2:].reshape(-1, 3), win[:, :2].reshape(-1, 3)])
    background = np.median(ring, axis=0)
    if np.mean(np.abs(ring - background).max(axis=1) <= _CONTRAST) < _FLAT_RING:
        return None  # not a flat screen background: a camera photo, a gradient, a picture
    ink = (np.abs(win - background).max(axis=2) > _CONTRAST).astype(np.uint8)
    for lx, ly, lw, lh in lines:  # text is no avatar: the OCR's lines of words are cut out
        ink[max(0, int(ly)) : max(0, int(np.ceil(ly + lh))), max(0, int(lx)) : max(0, int(np.ceil(lx + lw)))] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    best: tuple[float, Rect] | None = None
    for k in range(1, count):
        bx, by, bw, bh, area = (int(v) for v in stats[k])
        if not (_SIZE[0] * h <= bh <= _SIZE[1] * h and _SIZE[0] * h <= bw <= _SIZE[1] * h):
            continue
        if not _ASPECT[0] <= bw / bh <= _ASPECT[1] or area < _FILL * bw * bh:
            continue
        gap = right - (bx + bw)
        if gap > _GAP * h or abs(by + bh / 2 - cy) > _LEVEL * h:
            continue
        if best is None or gap < best[0]:
            best = (gap, (bx, by, bw, bh))
    return None if best is None else best[1]


# A list mate: one to three capitalised words, none an ordinary English word (`Suraj`, not `Settings`).
_MATE = re.compile(r"^[A-Z][a-z'\-]{1,20}(?: [A-Z][a-z'\-]{1,20}){0,2}$")
MATES_MIN = 2  # avatars found beside names before a list's other rows with avatars are read as people


def list_mates(pixels: np.ndarray, lines: Sequence[TextLine], names: Sequence[int],
               found: Sequence[tuple[int, Rect]]) -> list[tuple[int, Rect]]:
    """(line, avatar box) of the rows of a list of people whose name no rule found: a word or two in the
    names' column, of their height, with an avatar of its own beside it (`Suraj` under `Ritvik Sardana` on a
    help desk's author column). Only once two names in the list have avatars: a settings menu's icons
    beside `Profile` and `Billing` are beside no name, and ordinary words are never taken."""
    if len(found) < MATES_MIN:
        return []
    boxes = [bbox_of(ln.polygon) for ln in lines]
    rows = [boxes[i] for i, _ in found]
    vocab = english_words()
    if not vocab:
        return []  # no word list: no telling `Suraj` from `Settings`
    taken = set(names)
    mates = []
    for k, line in enumerate(lines):
        text = normalize(line.text).strip()
        if k in taken or not _MATE.match(text):
            continue
        words = [w.upper() for w in text.split()]
        if any(w in vocab or w in NOT_A_NAME for w in words):
            continue
        x, _, _, h = boxes[k]
        if any(abs(x - rx) <= 0.5 * rh and 0.75 * rh <= h <= 1.33 * rh for rx, _, _, rh in rows):
            mates.append(k)
    return regions(pixels, lines, mates) if mates else []


# A face in a photo tile (an avatar, a staff portrait on a page, an ID photo on a plain card): the search
# windows around the detector's face box, in face-box sizes on each side (a tight crop first, then a
# head-and-shoulders portrait); the tile may be at most this many face boxes in area and must hold this
# share of the face box.
_TILE_REACH = (0.6, 0.9, 1.2, 1.6, 2.0)
_TILE_AREA = 9.0
_TILE_HOLDS = 0.8
# A round avatar's window ring cuts across its light border: a little less flat than a list's row. The
# tile must still end inside the window, which a camera photo's person does not.
_TILE_FLAT = 0.7


def face_tile(pixels: np.ndarray, face: Rect) -> Rect | None:
    """The photo tile a face sits in on a flat screen background, or None.

    The face mask is an ellipse round the head, which on a square tile leaves the tile's corners (hair,
    shoulders, the photo's own background) standing out of the page: the picture is still there to see
    and match. On a flat background the tile is one blob of ink that the face box lies inside; masking
    that blob's box removes the picture whole. On a camera photo the window round a face is not flat,
    and a portrait whose picture runs on past the window is no tile: both keep the ellipse.
    """
    if pixels.ndim != 3:
        return None
    for reach in _TILE_REACH:
        tile = _tile(pixels, face, reach)
        if tile is not None:
            return tile
    return None


def _tile(pixels: np.ndarray, face: Rect, reach: float) -> Rect | None:
    """`face_tile` in one window, `reach` face-box sizes round the face box."""
    height, width = pixels.shape[:2]
    fx, fy, fw, fh = (float(v) for v in face)
    reach *= max(fw, fh)
    x0, y0 = int(fx - reach), int(fy - reach)
    x1, y1 = int(np.ceil(fx + fw + reach)), int(np.ceil(fy + fh + reach))
    if x0 < 0 or y0 < 0 or x1 > width or y1 > height or fw < 8 or fh < 8:
        return None  # a window cut by the frame's edge has no ring to judge the background by
    win = pixels[y0:y1, x0:x1, :3].astype(np.int16)
    ring = np.concatenate([win[:2].reshape(-1, 3), win[-2:].reshape(-1, 3),
                           win[:, :2].reshape(-1, 3), win[:, -2:].reshape(-1, 3)])
    background = np.median(ring, axis=0)
    if np.mean(np.abs(ring - background).max(axis=1) <= _CONTRAST) < _TILE_FLAT:
        return None
    ink = (np.abs(win - background).max(axis=2) > _CONTRAST).astype(np.uint8)
    ink = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    fx0, fy0 = int(fx - x0), int(fy - y0)
    inside = labels[fy0 : fy0 + int(fh), fx0 : fx0 + int(fw)]
    if count < 2 or inside.size == 0:
        return None
    k = int(np.bincount(inside.ravel(), minlength=count)[1:].argmax()) + 1
    bx, by, bw, bh, area = (int(v) for v in stats[k])
    if bx == 0 or by == 0 or bx + bw >= win.shape[1] or by + bh >= win.shape[0]:
        return None  # runs on past the window: a picture, not a tile
    holds = (min(bx + bw, fx0 + fw) - max(bx, fx0)) * (min(by + bh, fy0 + fh) - max(by, fy0)) / (fw * fh)
    if holds < _TILE_HOLDS or bw * bh > _TILE_AREA * fw * fh or area < _FILL * bw * bh:
        return None
    left, top = max(0, x0 + bx - _PAD), max(0, y0 + by - _PAD)
    right, bottom = min(width, x0 + bx + bw + _PAD), min(height, y0 + by + bh + _PAD)
    return (left, top, right - left, bottom - top)
