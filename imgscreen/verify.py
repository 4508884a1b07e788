"""The verify pass's geometry: which crops of the safe copy are screened again, what an earlier look
tells each crop, and whether a finding is just a mask seen again. Pure functions; `Screener._verify`
runs them.

Outside the masks' neighbourhoods the safe copy is the original, pixel for pixel, and the first look
already judged it, so the verify pass reads only crops around the masks (`verify_crops`). A line the
first look read that touches no mask has the same pixels in a crop, so the text stage may take its
reading over (`VerifyContext.known_lines`); a line a mask touches is read again, in the direction it
was read before (`VerifyContext.line_hints`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cv2
import numpy as np

from .detect import VerifyContext
from .model import Finding, Rect, TextLine, bbox_of, merge_rects, moved_line

# A verify finding this much under existing masks is the detector reacting to a mask, not a miss.
COVERED = 0.9
# Masking rounds before a photo whose verify pass keeps finding something is rejected. Text is
# masked solid and is either gone after the second round or a real problem; a face detector can
# still take a filled head for a face, and each round gives such a blob its own, larger mask.
MAX_MASK_PASSES = 3
# A verify text finding this much inside a first-look line no mask touched is that line, judged before.
JUDGED = 0.8


def verify_crops(boxes: Sequence[Rect], shape: tuple[int, int]) -> list[Rect]:
    """Crops that hold every mask with room around it, overlapping ones merged.

    The margin is two region heights (the box's short side) plus 16 px: enough for the rest of a
    text line or a whole head to be seen in context, small enough that a 12 MP photo with a few
    masks is a few small crops. When the crops together would cover most of the frame, one crop
    is cheaper than many.
    """
    h, w = shape
    grown = [Rect(*b).grown(2 * min(b[2], b[3]) + 16, (w, h)) for b in boxes]
    rects = [r for r in merge_rects(grown) if r.w > 0 and r.h > 0]
    if rects and sum(r.area for r in rects) > 0.6 * w * h:
        whole = rects[0]
        for r in rects[1:]:
            whole = whole.union(r)
        rects = [whole]
    return rects


def changed_box(box: Rect, size: tuple[int, int]) -> Rect:
    """A mask's box grown by half its size on every side: the drawn mask (a face's capsule and neck, a
    text line's padding) and the filled context around it lie inside."""
    return box.grown(max(box.w, box.h) // 2 + 2, size)


def crop_context(crop: Rect, scale: float, boxes: Sequence[Rect], size: tuple[int, int],
                 lines: Sequence[TextLine] = (), touched: frozenset[int] = frozenset()) -> VerifyContext:
    """What the first look tells a stage about `crop` of the safe copy, read at `scale`, in the crop's
    own pixels: where the masks changed pixels (`boxes`), and, for a stage that reads text, the first
    look's `lines` inside the crop, split by whether a mask touches them (`touched` holds their ids)."""
    changed = tuple(_into(changed_box(b, size), crop, scale) for b in boxes)
    near = [ln for ln in lines if crop.contains(line_box(ln))]
    known = tuple(moved_line(ln, -crop.x, -crop.y, scale) for ln in near if id(ln) not in touched)
    hints = tuple(moved_line(ln, -crop.x, -crop.y, scale) for ln in near if id(ln) in touched)
    return VerifyContext(known_lines=known, line_hints=hints, changed=changed)


def _into(box: Rect, crop: Rect, scale: float) -> Rect:
    """`box` (photo pixels) in the pixels of `crop` read at `scale`, rounded outwards."""
    if scale == 1.0:
        return Rect(box.x - crop.x, box.y - crop.y, box.w, box.h)
    x0, y0 = math.floor((box.x - crop.x) * scale), math.floor((box.y - crop.y) * scale)
    return Rect.from_corners(x0, y0, math.ceil((box.x1 - crop.x) * scale), math.ceil((box.y1 - crop.y) * scale))


def line_box(line: TextLine, grow: int = 2) -> Rect:
    return bbox_of(line.polygon).grown(grow)


def touches(line: TextLine, union: np.ndarray) -> bool:
    """Does any mask pixel lie in the line's polygon (grown by a pixel)? A rotated line's box would
    hold its neighbours' masks too."""
    box = line_box(line)
    patch = union[box.slices()]
    if not patch.any():
        return False
    inside = np.zeros(patch.shape, np.uint8)
    poly = np.round(np.asarray(line.polygon) - (max(0, box.x), max(0, box.y))).astype(np.int32)
    cv2.fillPoly(inside, [poly], 1)
    inside = cv2.dilate(inside, np.ones((3, 3), np.uint8))
    return bool((patch[inside > 0]).any())


def coverage(f: Finding, union: np.ndarray) -> float:
    """Fraction of a finding's box that lies under the union of masks."""
    if f.polygon is None:
        return 0.0
    patch = union[bbox_of(f.polygon).slices()]
    return float(np.count_nonzero(patch)) / patch.size if patch.size else 0.0


def masked_already(f: Finding, union: np.ndarray) -> bool:
    """Is a verify finding just the detector reacting to a mask that already hides it?

    Text: yes when the mask covers it almost wholly (a solid bar cannot be read). Faces: never. A
    face found on a filled head means the outline still reads as a face to a detector, which is
    what the leak test measures; it gets its own mask in the next round.
    """
    return f.kind != "face" and coverage(f, union) >= COVERED


def judged_before(f: Finding, union: np.ndarray, lines: Sequence[TextLine]) -> bool:
    """Is a verify text finding on a line the first look read and no mask touched? Those pixels are
    the original's, and the first look classified that very line with the whole photo in view; a
    crop lacks that context (a menu's prices beside its dishes, an organisation's name above its
    phone), so the crop's verdict on it is no news. Text the first look never read, and faces and
    codes, always count: that is what the verify pass is for."""
    if f.kind != "text" or f.bbox is None:
        return False
    return any(f.bbox.fraction_inside(line_box(ln)) >= JUDGED and not touches(ln, union) for ln in lines)


def set_aside(f: Finding, dismissed: Sequence[Finding], threshold: float = 0.5) -> bool:
    """Whether most of `f` lies inside a finding the reviewer set aside (a crop may cut a region, so
    not IoU): the verify pass does not count what the reviewer chose to leave visible."""
    if f.bbox is None:
        return False
    return any(o.bbox is not None and f.bbox.fraction_inside(o.bbox) >= threshold for o in dismissed)
