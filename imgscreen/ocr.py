"""Scene-text reader: every line of text in the photo, at any angle, with word polygons.

PHI in clinical photos is mostly text nobody meant to photograph: a wristband, an upside-down chart,
a monitor behind the team. This stage only *reads*; `phi` decides what is PHI, so it emits no findings.

Default engine (`rapidocr`): the PP-OCRv6 detector / recogniser and the PP-OCR v2 angle classifier that
ship inside the `rapidocr` wheel, run directly on sessions we create ourselves (`runtime.create`:
the detector on OpenVINO when it is verified, the others on onnxruntime; the rapidocr `RapidOCR`
front-end is not used: it would resolve model URLs and download on a miss, and it logs at INFO).
Flow for one photo:

1. *Detect* on two levels. The coarse level (long side `COARSE_SIDE`) is read whole, in positive and
   negative (light-on-dark screens barely register otherwise); its boxes serve only where the fine
   level finds nothing. The fine level (long side `FINE_SIDE`, half of a 12 MP photo) is read in
   windows around any coarse response grown by `GATE_GROW` (`_gated_windows`), and with `thorough` (the
   policy's default: in a busy scene the coarse level can miss a whole page of small print) also in
   every window with sharp contrast (`_active_windows`), keeping those boxes only where the gated
   windows found nothing; dark windows are read in negative too.
2. *Crop* each detected quadrilateral from the *full-resolution* pixels (never from the thumbnail),
   rectified to a horizontal strip; tall strips are turned by 90 degrees.
3. *Orient*: the angle classifier says 0 or 180 degrees; when it is unsure (score < `CLS_SURE`) the
   recogniser reads both orientations and keeps the more confident reading. Near-square crops (short
   words at 90 degrees) are read both ways as well. The other orientations are read only where the
   first reading is not already sure (`SURE_READ`).
4. *Recognise* in batches of similar width; CTC time steps give each character's position, and
   words get polygons interpolated along the line quadrilateral, so a slanted line's words keep the
   slant. Between batches, reading stops (and the result is truncated: the photo can only be
   rejected) when the lines read so far already make the photo a reject (`VerifyContext.enough`) or
   the strips read pass the recognition budget (`text.max_read_megapixels`): a dense page costs a
   part of its reading, not all of it (`_Stopper`).
5. *Mend*: a reading that fills most of its CTC steps (condensed text, letters dropped) is read again
   from the strip stretched (`_reread_crowded`); a line whose ink goes on past its box along the same
   band and background (the detector cut "DOB:" off a date) is read again with its box grown, and the
   longer reading kept when it keeps the first and adds confident, close characters
   (`_extend_truncated`).

Confidence: every non-empty line with a recognition score >= `KEEP_FLOOR` is returned, with its score,
including lines under `policy.text.min_confidence`: the PHI classifier decides what to trust (a
half-legible MRN is still a reason to look). Lines under the floor are texture noise and dropped.

Tesseract (`engine="tesseract"`) is kept as the classic baseline: it reads the full-resolution photo
as-is (page segmentation 11, sparse text) and handles level dark-on-light text only.

No text recognised by this module is ever logged or put in an exception.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import math
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np

from . import runtime
from .detect import FIRST_LOOK, Stage, StageResult, VerifyContext
from .errors import ScreenError
from .model import Photo, Polygon, TextLine, Word, merge_rects
from .modelfiles import ModelFile, model_path, register
from .policy import Policy

ENGINES = ("rapidocr", "tesseract")

FINE_SIDE = 2048  # long side of the fine detection level: 12 MP photos are read at half size
COARSE_SIDE = 1024  # long side of the coarse level, read whole
COARSE_MIN_HEIGHT = 6.0  # coarse boxes shorter than this (coarse px) are too rough to crop from
GATE_PROB = 0.05  # coarse DB probability that counts as "maybe text here"
GATE_GROW = 24  # coarse px: the fine level also reads this far around any coarse response
DARK_MEDIAN = 100  # fine windows darker than this (median) are also read in negative
BLOCK = 32  # fine-level block size for the contrast gate of the thorough mode
EDGE_MIN = 32  # 3x3 gray-level range that counts as a sharp edge
EDGE_PIXELS = 6  # sharp-edge pixels a block needs to be read
CLS_SURE = 0.9  # angle-classifier score above which we trust it and read one orientation only
# A first reading this confident is kept without reading the region's other orientations (flipped,
# turned 90 degrees). On 3929 regions of the real dev half and 10 wide dev photos, read both ways, the
# other orientation won over such a reading 6 times: single characters, "+++" and exact ties. It
# saves 15-20% of the strip area on screens and pages, where most short labels read sure at once.
SURE_READ = 0.97
KEEP_FLOOR = 0.3  # lines read with a lower mean character probability are dropped as noise
REC_HEIGHT = 48
REC_MAX_WIDTH = 2400  # longer strips are squeezed; long lines on screens stay well under this
REC_BATCH = 16
# Narrower strips are stretched to this width. With the width batches, on bench.ocr (n 60) this read
# 92.9% of all lines, against 92.3% when only strips under 64 px were stretched (and noise read as ",").
REC_MIN_WIDTH = 320
REC_GROUP = 1.25  # a batch holds strips whose widths differ by at most this factor
# One model call takes at most this many strip pixels of width (strips x padded width; a full batch of
# the narrowest strips, 16 x 320): a batch of wider strips runs as several calls, each padded as the
# whole batch is, so every strip gets the same input and the same reading (bit for bit). Why: the
# recogniser's activations grow with batch x width (onnxruntime: +0.26 GB for 16 x 320, +0.88 GB for
# 16 x 2400) and its time per pixel grows with them (12 x 2008 in one call: 3.3 CPU s, in six: 2.3 s).
REC_CALL_PIXELS = REC_BATCH * REC_MIN_WIDTH

_RAPIDOCR_PIP = "rapidocr==3.10.0"

DET_MODEL = register(
    ModelFile(
        name="ppocrv6-det-small",
        package="rapidocr",
        pip_name=_RAPIDOCR_PIP,
        relpath="models/PP-OCRv6_det_small.onnx",
        sha256="090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f",
        license="Apache-2.0",
        input_size="1x3xHxW, H and W multiples of 32",
    )
)
REC_MODEL = register(
    ModelFile(
        name="ppocrv6-rec-small",
        package="rapidocr",
        pip_name=_RAPIDOCR_PIP,
        relpath="models/PP-OCRv6_rec_small.onnx",
        sha256="6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884",
        license="Apache-2.0",
        input_size="Nx3x48xW",
    )
)
CLS_MODEL = register(
    ModelFile(
        name="ppocr-cls-mobile-v2",
        package="rapidocr",
        pip_name=_RAPIDOCR_PIP,
        relpath="models/ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        sha256="e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
        license="Apache-2.0",
        input_size="Nx3x48x192",
    )
)


class OcrError(ScreenError, RuntimeError):
    """The text stage could not run (model missing, engine failure). Never carries recognised text."""


@dataclass(frozen=True)
class OcrResult:
    lines: list[TextLine]
    truncated: bool = False
    regions: int = 0  # text regions detected (before recognition)
    stopped: str | None = None  # why reading stopped before every region was read (then truncated)
    read_regions: int = 0  # regions whose reading finished (all of them unless stopped)


# --------------------------------------------------------------------------------------------
# models


@dataclass
class _Models:
    det: Any
    cls: Any
    rec: Any
    chars: list[str]  # CTC alphabet, index 0 = blank
    lock: threading.Lock


# Runtimes, measured per model with `python -m bench.runtime` (paired, same inputs): the detector runs
# ~3x faster on OpenVINO, on its dynamic-shape model up to this many input pixels, above it on a
# compile for the input's own shape (the dynamic model would hold ~0.3 GB per MP: see
# runtime.SizedSession); the recogniser is no faster there and the angle classifier slower.
DET_OV_MAX_PIXELS = 1_600_000


def _session(name: str, probe_shape: tuple[int, ...], openvino: bool = True, max_pixels: int | None = None) -> Any:
    """A verified session for one of the wheel's models, on the runtime `runtime.create` picks."""
    from . import runtime

    return runtime.create(name, str(model_path(name)), runtime.Probe(probe_shape), openvino, max_pixels)


@cache
def _models() -> _Models:
    """Load the three ONNX models once per process, from the verified wheel files only."""
    # rapidocr's own logger prints at INFO (model paths, sometimes results); keep it quiet in case any
    # rapidocr helper we import logs.
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    det = _session(DET_MODEL.name, (1, 3, 96, 128), max_pixels=DET_OV_MAX_PIXELS)
    cls = _session(CLS_MODEL.name, (2, 3, 48, 192), openvino=False)
    rec = _session(REC_MODEL.name, (2, 3, 48, 320), openvino=False)
    meta = rec.metadata()
    if "character" not in meta:
        raise OcrError("recognition model has no character table")
    chars = ["<blank>", *meta["character"].splitlines(), " "]
    return _Models(det, cls, rec, chars, threading.Lock())


@cache
def _db_post() -> Any:
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    from rapidocr.ch_ppocr_det.utils import DBPostProcess

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # box_thresh 0.4 rather than rapidocr's 0.5: a small line or a short word of a rotated line ("37 -"
    # in "Room 37 - KOWALSKI") can score just under 0.5; on bench.ocr (n 30) 0.4 reads 208 of 213 PHI
    # lines instead of 206 in the same time, and the shared clean photos get the same decisions
    # (noise boxes die in recognition).
    return DBPostProcess(thresh=0.3, box_thresh=0.4, max_candidates=1000, unclip_ratio=1.6, use_dilation=True)


# --------------------------------------------------------------------------------------------
# detection


def _det_input(rgb: np.ndarray) -> np.ndarray:
    h, w = rgb.shape[:2]
    h32, w32 = max(32, int(math.ceil(h / 32) * 32)), max(32, int(math.ceil(w / 32) * 32))
    pad = np.zeros((h32, w32, 3), np.float32)
    pad[:h, :w] = rgb.astype(np.float32) * (2.0 / 255.0) - 1.0
    return pad.transpose(2, 0, 1)[None]


def _det_prob(rgb: np.ndarray) -> np.ndarray:
    """DB text probability map at the input's resolution (input padded to multiples of 32)."""
    m = _models()
    out = m.det.run(None, {"x": _det_input(rgb)})[0]
    return out[0, 0, : rgb.shape[0], : rgb.shape[1]]


def _boxes_from_prob(prob: np.ndarray) -> tuple[list[np.ndarray], list[float]]:
    boxes, scores = _db_post()(prob[None, None], prob.shape)
    return [np.asarray(b, np.float32) for b in boxes], [float(s) for s in scores]


def _quad_size(q: np.ndarray) -> tuple[float, float]:
    w = 0.5 * (np.linalg.norm(q[1] - q[0]) + np.linalg.norm(q[2] - q[3]))
    h = 0.5 * (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1]))
    return float(w), float(h)


def _text_height(q: np.ndarray) -> float:
    """Detector boxes come in image order (not reading order): the text height is the short side."""
    return min(_quad_size(q))


def _line_direction(q: np.ndarray) -> np.ndarray:
    """Unit vector along the long side of a box (the line's direction, up to sign)."""
    w, h = _quad_size(q)
    d = (q[1] - q[0]) if w >= h else (q[3] - q[0])
    return d / (np.linalg.norm(d) + 1e-6)


def _active_windows(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Windows `(x, y, w, h)` of the fine level that contain any sharp contrast at all.

    Text cannot exist without strong local contrast, so flat areas (walls, sky, out-of-focus
    background) are skipped safely. Windows are the bounding boxes of connected groups of active
    blocks, grown by one block, so a window edge always lies in a flat area and never cuts a line.
    """
    h, w = gray.shape
    grad = cv2.morphologyEx(gray, cv2.MORPH_GRADIENT, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    strong = (grad >= EDGE_MIN).astype(np.float32)
    b = BLOCK
    nby, nbx = -(-h // b), -(-w // b)
    pad = np.zeros((nby * b, nbx * b), np.float32)
    pad[:h, :w] = strong
    counts = pad.reshape(nby, b, nbx, b).sum(axis=(1, 3))
    active = (counts >= EDGE_PIXELS).astype(np.uint8)
    if not active.any():
        return []
    active = cv2.dilate(active, np.ones((3, 3), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(active, connectivity=8)
    rects = [tuple(int(v) for v in stats[i, :4]) for i in range(1, n)]
    rects = merge_rects(
        [(x * b, y * b, min(w, (x + rw) * b) - x * b, min(h, (y + rh) * b) - y * b) for x, y, rw, rh in rects]
    )
    return rects


def _levels(photo: Photo) -> tuple[tuple[np.ndarray, float], tuple[np.ndarray, float]]:
    """The coarse and the fine level, with their scales.

    The fine level comes from the photo's level cache, exactly `FINE_SIDE` long (the face stage's
    snapped half-size level is another one). The coarse one is shrunk from it to exactly
    `COARSE_SIDE` (0.5 ms instead of 25 ms from 12 MP). Both sizes are exact on purpose: the DB map
    moves with a 1-2 % change of scale, and snapped 2016 / 1008 px levels read 95.5% of bench.ocr's
    PHI lines instead of 98.3%.
    """
    fine, fs = photo.downscaled(FINE_SIDE)
    h, w = fine.shape[:2]
    r = min(1.0, COARSE_SIDE / max(h, w))
    if r == 1.0:
        return (fine, fs), (fine, fs)
    size = (max(1, round(w * r)), max(1, round(h * r)))
    return (cv2.resize(fine, size, interpolation=cv2.INTER_AREA), size[0] / photo.width), (fine, fs)


def _gated_windows(prob: np.ndarray, ratio: float, fine_hw: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Fine-level windows around everything the coarse level saw as text, even faintly.

    The coarse DB map responds (weakly) to most small text it cannot segment; lines it misses sit next to
    lines it sees (same card, same screen), so the response is grown by `GATE_GROW` coarse px before
    taking windows. `ratio` maps coarse to fine pixels.
    """
    seen = (prob > GATE_PROB).astype(np.uint8)
    if not seen.any():
        return []
    k = 2 * GATE_GROW + 1
    grown = cv2.dilate(seen, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    fh, fw = fine_hw
    rects = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        x0, y0 = max(0, int(x * ratio)), max(0, int(y * ratio))
        x1, y1 = min(fw, int(math.ceil((x + w) * ratio))), min(fh, int(math.ceil((y + h) * ratio)))
        if x1 > x0 and y1 > y0:
            rects.append((x0, y0, x1 - x0, y1 - y0))
    return merge_rects(rects)


def _detect_regions(photo: Photo, thorough: bool = False) -> list[tuple[np.ndarray, float]]:
    """Text quadrilaterals in full-resolution pixel coordinates, with detection scores.

    Two levels. The *coarse* level (long side `COARSE_SIDE`) is read whole: its boxes serve large text,
    and its probability map says where smaller text may be. The *fine* level (long side `FINE_SIDE`,
    half of a 12 MP photo; finds text down to about 10 px) is read only in windows around the coarse
    response (`_gated_windows`), and with `thorough` also in every window that has sharp contrast at
    all (`_active_windows`: 1.8x slower; catches small light-on-dark screen text the gate misses).
    """
    (coarse, cs), (fine, fs) = _levels(photo)
    # Light-on-dark screens at coarse scale barely register in the DB map; their negative does.
    prob_pos, prob_neg = _det_prob(coarse), _det_prob(255 - coarse)
    boxes, scores = _boxes_from_prob(prob_pos)
    nb, ns = _boxes_from_prob(prob_neg)
    boxes, scores = boxes + nb, scores + ns
    if cs >= fs:  # small image: the coarse level is already full detail
        return _dedupe([(b / cs, s) for b, s in zip(boxes, scores, strict=True)])
    found_coarse = [(b / cs, s) for b, s in zip(boxes, scores, strict=True) if _text_height(b) >= COARSE_MIN_HEIGHT]
    found_fine = _read_windows(fine, fs, _gated_windows(np.maximum(prob_pos, prob_neg), fs / cs, fine.shape[:2]))
    if thorough:
        # Every contrasted window too, but only what it finds where the gated windows found nothing:
        # a big window's boxes for the same lines are worse than the gated ones (bench.ocr: 95.0%
        # of PHI lines instead of 98.6% when they replaced them).
        extra = _read_windows(fine, fs, _active_windows(cv2.cvtColor(fine, cv2.COLOR_RGB2GRAY)))
        found_fine += [(e, s) for e, s in extra
                       if not any(_inside(e, g) > 0.1 or _inside(g, e) > 0.1 for g, _ in found_fine)]
    return _combine(found_coarse, found_fine)


def _read_windows(
    fine: np.ndarray, fs: float, windows: list[tuple[int, int, int, int]]
) -> list[tuple[np.ndarray, float]]:
    """Detector boxes (full-resolution pixels) in windows of the fine level; dark ones also in negative."""
    found: list[tuple[np.ndarray, float]] = []
    for x, y, w, h in windows:
        win = fine[y : y + h, x : x + w]
        views = [win]
        if float(np.median(win)) < DARK_MEDIAN:  # mostly dark window: a screen, read its negative too
            views.append(255 - win)
        for view in views:
            fb, fsc = _boxes_from_prob(_det_prob(view))
            for b, s in zip(fb, fsc, strict=True):
                found.append(((b + np.array([x, y], np.float32)) / fs, s))
    return found


def _area(q: np.ndarray) -> float:
    return max(float(cv2.contourArea(q.astype(np.float32))), 1.0)


def _inside(small: np.ndarray, big: np.ndarray) -> float:
    """Fraction of `small`'s area that lies inside `big` (both convex quads)."""
    inter, _ = cv2.intersectConvexConvex(small.astype(np.float32), big.astype(np.float32))
    return float(inter) / _area(small)


def _combine(
    coarse: list[tuple[np.ndarray, float]], fine: list[tuple[np.ndarray, float]]
) -> list[tuple[np.ndarray, float]]:
    """Fine boxes win (they separate close lines that the coarse level merges); a coarse box is kept
    only where the fine level found nothing at all (e.g. text too large for the fine windows)."""
    kept = _dedupe(fine)
    boxes = _bboxes([f for f, _ in kept])
    extra = [(c, s) for c, s in coarse
             if not any(_inside(kept[j][0], c) > 0.3 or _inside(c, kept[j][0]) > 0.3 for j in _touching(boxes, c))]
    return _dedupe(kept + extra) if extra else kept


def _bboxes(quads: Sequence[np.ndarray]) -> np.ndarray:
    """N x 4 [x0, y0, x1, y1] of each quad: a cheap test before the exact polygon intersection."""
    if not quads:
        return np.zeros((0, 4), np.float64)
    q = np.asarray(quads, np.float64).reshape(len(quads), -1, 2)
    return np.concatenate([q.min(axis=1), q.max(axis=1)], axis=1)


def _touching(boxes: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Indices of `boxes` whose bounding box meets `q`'s: the only ones whose polygons can overlap it
    (a page of 1104 regions took 47 s in exact intersections of pairs that cannot meet)."""
    if not len(boxes):
        return np.zeros(0, int)
    x0, y0 = q.min(axis=0)
    x1, y1 = q.max(axis=0)
    hit = (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)
    return np.nonzero(hit)[0]


def _dedupe(found: list[tuple[np.ndarray, float]]) -> list[tuple[np.ndarray, float]]:
    """Drop boxes mostly inside a larger box (the same text seen twice)."""
    order = sorted(range(len(found)), key=lambda i: -_area(found[i][0]))
    boxes = _bboxes([q for q, _ in found])
    kept_idx: list[int] = []
    for i in order:
        q = found[i][0]
        near = _touching(boxes[kept_idx], q) if kept_idx else []
        if not any(_inside(q, found[kept_idx[j]][0]) > 0.6 for j in near):
            kept_idx.append(i)
    kept = [found[i] for i in kept_idx]
    kept.sort(key=lambda t: _reading_order(t[0]))
    return kept


# --------------------------------------------------------------------------------------------
# crops and orientation
#
# A crop is described by the order of the quad's corners that become its top-left, top-right,
# bottom-right and bottom-left: that order is how a reading is mapped back onto the photo.


def _warp(rgb: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The quad's pixels as an upright strip, its corners taken as TL, TR, BR, BL."""
    w, h = _quad_size(quad)
    cw, ch = max(2, int(round(w))), max(2, int(round(h)))
    dst = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    M = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    return cv2.warpPerspective(rgb, M, (cw, ch), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def _crop(rgb: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    img = _warp(rgb, quad)
    ch, cw = img.shape[:2]
    order = (0, 1, 2, 3)
    if ch >= 1.5 * cw:
        img = np.ascontiguousarray(np.rot90(img))  # counter-clockwise: TL,TR,BR,BL <- q1,q2,q3,q0
        order = (1, 2, 3, 0)
    return img, order


def _flip(img: np.ndarray, order: tuple[int, int, int, int]) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    return np.ascontiguousarray(img[::-1, ::-1]), (order[2], order[3], order[0], order[1])


def _rot90(img: np.ndarray, order: tuple[int, int, int, int]) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    return np.ascontiguousarray(np.rot90(img)), (order[1], order[2], order[3], order[0])


def _cls_180(crops: list[np.ndarray]) -> list[tuple[bool, float]]:
    """Angle classifier: (is upside down, score) per crop."""
    m = _models()
    out: list[tuple[bool, float]] = []
    for i in range(0, len(crops), 32):
        batch = np.zeros((len(crops[i : i + 32]), 3, 48, 192), np.float32)
        for j, c in enumerate(crops[i : i + 32]):
            h, w = c.shape[:2]
            rw = min(192, max(1, int(math.ceil(48 * w / h))))
            r = cv2.resize(c, (rw, 48)).astype(np.float32) * (2.0 / 255.0) - 1.0
            batch[j, :, :, :rw] = r.transpose(2, 0, 1)
        prob = m.cls.run(None, {"x": batch})[0]
        for p in prob:
            k = int(np.argmax(p))
            out.append((k == 1, float(p[k])))
    return out


# --------------------------------------------------------------------------------------------
# recognition


@dataclass
class _Reading:
    text: str
    score: float
    centers: list[float]  # per character: centre as a fraction of the crop width
    probs: list[float]
    steps: float = 0.0  # CTC time steps the strip spanned: a character needs one, a double letter three


def _rec_batches(widths: Sequence[int]) -> list[list[int]]:
    """Indices grouped into batches of similar width, narrowest first.

    A batch is padded to its widest strip, and padding is not free twice over: it costs time, and a
    long line padded with a long gray tail reads worse ("Sep 11, 013" for "Sep11, 2013" on bench.ocr
    crops). So a batch only takes strips within `REC_GROUP` of its narrowest one.
    """
    order = sorted(range(len(widths)), key=lambda i: widths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and len(batches[-1]) < REC_BATCH and widths[i] <= REC_GROUP * widths[batches[-1][0]]:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def _rec_widths(crops: Sequence[np.ndarray]) -> list[int]:
    """The width each strip is read at (48 px high): the recogniser's work grows with it."""
    return [min(REC_MAX_WIDTH, max(REC_MIN_WIDTH, int(math.ceil(REC_HEIGHT * c.shape[1] / c.shape[0]))))
            for c in crops]


def _recognize(crops: list[np.ndarray], stop: Any = None) -> list[_Reading]:
    """Readings of `crops`, one model call per batch of similar widths (several for a batch of wide
    strips, `REC_CALL_PIXELS`, with the same readings).

    `stop`, when given, may split the work into chunks (`stop.chunks`: lists of crop indices, in
    reading order, each batched on its own) and is asked after each batch with the readings so far
    (None where not read yet); True ends reading there, and unread crops stay None in the result.
    """
    m = _models()
    res: list[_Reading | None] = [None] * len(crops)
    widths = _rec_widths(crops)
    for chunk in (stop.chunks if stop is not None else [list(range(len(crops)))]):
        batches = _rec_batches([widths[i] for i in chunk])
        # With a stop rule, the widest strips first: the same batches (the same readings), but the
        # text area a "mostly a document" reject needs is read with the fewest batches.
        for part in (batches[::-1] if stop is not None else batches):
            group = [chunk[j] for j in part]
            max_w = int(math.ceil(max(widths[i] for i in group) / 8) * 8)
            per_call = max(1, REC_CALL_PIXELS // max_w)
            for idx in (group[k : k + per_call] for k in range(0, len(group), per_call)):
                batch = np.zeros((len(idx), 3, REC_HEIGHT, max_w), np.float32)
                for j, i in enumerate(idx):
                    r = cv2.resize(crops[i], (widths[i], REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
                    batch[j, :, :, : widths[i]] = (r.astype(np.float32) * (2.0 / 255.0) - 1.0).transpose(2, 0, 1)
                preds = m.rec.run(None, {"x": batch})[0]  # N x T x C
                T = preds.shape[1]
                for j, i in enumerate(idx):
                    r = _ctc_decode(preds[j], m.chars, (max_w / widths[i]) / T)
                    r.steps = T * widths[i] / max_w
                    res[i] = r
            if stop is not None and stop(res):
                return res  # type: ignore[return-value]
    return [r if r is not None else _Reading("", 0.0, [], []) for r in res]


def _ctc_decode(pred: np.ndarray, chars: list[str], step_frac: float) -> _Reading:
    """Greedy CTC decoding that keeps each character's time step (its position along the strip)."""
    idx = pred.argmax(axis=1)
    prob = pred.max(axis=1)
    text: list[str] = []
    centers: list[float] = []
    probs: list[float] = []
    prev = -1
    for t, k in enumerate(idx):
        if k != prev and k != 0:
            text.append(_fold(chars[k]) if k < len(chars) else "")
            centers.append(min(1.0, (t + 0.5) * step_frac))
            probs.append(float(prob[t]))
        prev = int(k)
    # strip edge spaces so offsets refer to the visible text
    while text and text[0].isspace():
        text.pop(0), centers.pop(0), probs.pop(0)
    while text and text[-1].isspace():
        text.pop(), centers.pop(), probs.pop()
    score = float(np.mean(probs)) if probs else 0.0
    return _Reading("".join(text), score, centers, probs)


@cache
def _fold(ch: str) -> str:
    """Full-width and compatibility forms to plain ones ("：" -> ":", "０" -> "0"), one char for one,
    so character offsets stay valid; the multilingual model emits full-width punctuation at times."""
    f = unicodedata.normalize("NFKC", ch)
    return f if len(f) == 1 else ch


# --------------------------------------------------------------------------------------------
# geometry of words


def _lerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    return a + (b - a) * t


def _poly(points: Sequence[np.ndarray]) -> Polygon:
    return tuple((round(float(p[0]), 1), round(float(p[1]), 1)) for p in points)


def _words(reading: _Reading, corners: np.ndarray) -> tuple[Word, ...]:
    """Split the line quadrilateral (TL, TR, BR, BL in reading order) at character positions."""
    text, c = reading.text, reading.centers
    if not text:
        return ()
    gaps = np.diff(c) if len(c) > 1 else np.array([1.0 / max(1, len(text))])
    half = 0.5 * float(np.median(gaps)) if len(gaps) else 0.5
    tl, tr, br, bl = corners
    words: list[Word] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        left = c[i] - half if i == 0 else 0.5 * (c[i - 1] + c[i])
        right = c[j - 1] + half if j == len(text) else 0.5 * (c[j - 1] + c[j])
        if i == 0:
            left = min(left, 0.0) if c[i] - half < 0.02 else left
        left, right = max(0.0, left), min(1.0, right)
        if j == len(text) and 1.0 - right < 0.02:
            right = 1.0
        pts = (_lerp(tl, tr, left), _lerp(tl, tr, right), _lerp(bl, br, right), _lerp(bl, br, left))
        score = float(np.mean(reading.probs[i:j]))
        words.append(Word(text=text[i:j], polygon=_poly(pts), score=round(score, 4), start=i, end=j))
        i = j
    return tuple(words)


# --------------------------------------------------------------------------------------------
# the rapidocr pipeline


def _read_rapidocr(photo: Photo, max_regions: int | None, thorough: bool = False,
                   context: VerifyContext = FIRST_LOOK, max_read_mpx: float | None = None) -> OcrResult:
    rgb = photo.pixels
    regions = _detect_regions(photo, thorough)
    if photo.width * photo.height >= runtime.RELEASE_MIN_PIXELS:
        # The detector's buffers (OpenVINO keeps them for its largest window) are not held while
        # the strips are read: on 12 MP photos that was the stage's, and the screen's, peak.
        runtime.release_buffers()
    n_regions = len(regions)
    truncated = max_regions is not None and n_regions > max_regions
    if truncated and context.enough is not None:
        # The first look of a page past the region cap is a reject whatever its lines say: reading
        # 400 of them would only cost time (a 1104-region held-out page: 64 CPU s).
        return OcrResult([], True, n_regions, f"not read: more text regions than the cap of {max_regions}")
    if truncated:
        regions = regions[:max_regions]
    reused, regions = _match_known(regions, context.known_lines)
    if not regions:
        return OcrResult(reused, truncated, n_regions)
    hints = _hinted_orders(regions, context.line_hints)
    crops, orders = [], []
    for (q, _), hint in zip(regions, hints, strict=True):
        img, order = _crop(rgb, q) if hint is None else (_warp(rgb, q[list(hint)]), hint)
        crops.append(img)
        orders.append(order)
    unhinted = [i for i, h in enumerate(hints) if h is None]
    cls_of = dict(zip(unhinted, _cls_180([crops[i] for i in unhinted]) if unhinted else [], strict=True))
    # candidates per region: (crop, corner order)
    cands: list[list[tuple[np.ndarray, tuple[int, int, int, int]]]] = []
    for i, (img, order) in enumerate(zip(crops, orders, strict=True)):
        if i not in cls_of:  # the direction is known: one reading
            cands.append([(img, order)])
            continue
        upside, s = cls_of[i]
        first = _flip(img, order) if upside else (img, order)
        opts = [first]
        if s < CLS_SURE:
            opts.append(_flip(*first))
        h, w = img.shape[:2]
        if w < 2.5 * h:  # short, near-square: could be a word at 90 degrees
            r = _rot90(img, order)
            opts += [r, _flip(*r)]
        cands.append(opts)
    budget = None if max_read_mpx is None else max_read_mpx * 1e6
    # First the orientation each region is most likely read in; the others only where that reading
    # is unsure. The stop rule runs on the first readings (a reject they make stands: more reading
    # can only add lines); the budget covers both rounds.
    got, done, why, spent, total = _read_round(regions, [opts[:1] for opts in cands], context.enough, budget)
    again = [i for i, opts in enumerate(cands)
             if len(opts) > 1 and done[i] and got[i][0] is not None and got[i][0].score < SURE_READ]
    if again and why is None:
        rest = [cands[i][1:] for i in again]
        left = None if budget is None else budget - spent
        if left is not None and left <= 0:  # nothing left to read the other orientations with
            more, done2, capped, total2 = [[] for _ in again], [False] * len(again), True, 0.0
        else:
            more, done2, stop, _, total2 = _read_round([regions[i] for i in again], rest, None, left)
            capped = stop is not None  # no stop rule in this round: only the budget stops it
        total += total2
        for j, i in enumerate(again):
            got[i] += more[j]
            done[i] = done2[j]
        if capped:
            why = f"text to read capped at {max_read_mpx:g} MP of strips ({total / 1e6:.1f} MP found)"
    chosen: list[tuple[_Reading, np.ndarray]] = []
    strips: list[np.ndarray] = []
    for i, ((q, _), opts) in enumerate(zip(regions, cands, strict=True)):
        if not done[i]:
            continue
        best = _best(got[i], opts[: len(got[i])], q)  # type: ignore[arg-type]
        if best is None:
            continue
        chosen.append((best[0], best[1]))
        strips.append(best[2])
    chosen = _reread_crowded(chosen, strips)
    lines = [
        TextLine(
            text=reading.text,
            polygon=_poly(corners),
            score=round(reading.score, 4),
            words=_words(reading, corners),
            engine="rapidocr",
        )
        for reading, corners in _extend_truncated(rgb, chosen, [np.asarray(ln.polygon) for ln in reused])
    ]
    if reused:
        lines = sorted(reused + lines, key=lambda ln: _reading_order(np.asarray(ln.polygon)))
    return OcrResult(lines, truncated or why is not None, n_regions, why, sum(done) + len(reused))


def _read_round(
    regions: list[tuple[np.ndarray, float]], cands: list[list[tuple[np.ndarray, tuple[int, int, int, int]]]],
    enough: Any, budget: float | None,
) -> tuple[list[list[_Reading | None]], list[bool], str | None, float, float]:
    """Read every candidate strip of every region, under the stop rule `enough` and `budget` (strip
    pixels). Returns the readings per region (None where not read), which regions are complete, why
    reading stopped (or None), the strip pixels read and the strip pixels asked for."""
    flat = [c for opts in cands for c in opts]
    owner = [i for i, opts in enumerate(cands) for _ in opts]
    widths = _rec_widths([c[0] for c in flat])
    stopper = _Stopper(regions, cands, owner, enough, None if budget is None else budget / 1e6, widths)
    crops = [c[0] for c in flat]
    readings: list[_Reading | None] = list(_recognize(crops, stopper) if stopper.active else _recognize(crops))
    per: list[list[_Reading | None]] = [[] for _ in cands]
    for r, i in zip(readings, owner, strict=True):
        per[i].append(r)
    spent = float(sum(w for w, r in zip(stopper.work, readings, strict=True) if r is not None))
    return per, stopper.complete(readings), stopper.why, spent, float(sum(stopper.work))


def _best(readings: Sequence[_Reading], opts: Sequence[tuple[np.ndarray, tuple[int, int, int, int]]],
          q: np.ndarray) -> tuple[_Reading, np.ndarray, np.ndarray] | None:
    """The best reading of one region among its candidate strips, with its corners in reading order
    and its strip; None when it reads as nothing (empty, or under `KEEP_FLOOR`)."""
    best = max(range(len(opts)), key=lambda t: _rank(readings[t]))
    reading, (strip, order) = readings[best], opts[best]
    if not reading.text or reading.score < KEEP_FLOOR:
        return None
    return reading, np.asarray([q[order[0]], q[order[1]], q[order[2]], q[order[3]]], np.float64), strip


# Regions newly read between two asks of the stop rule (each runs the PHI classifier on the lines so far:
# ~1 ms a line).
STOP_EVERY = 24
# A photo with more regions than this is recognised in chunks of `STOP_EVERY` regions in reading order,
# each in width batches of its own, so that the lines of one card or screen are read together and a
# dense reject stops early; with fewer, the width batches span the whole photo exactly as without a
# stop rule. Why not always: a batch is padded to its widest strip, so other batches can change a
# borderline reading (on dev, chunking a 49-region form flipped its decision through the verify pass).
CHUNK_MIN_REGIONS = 150


class _Stopper:
    """Decides, between recognition batches, whether reading can stop (`_recognize`'s `stop`).

    Two reasons: the first look's stop rule (`VerifyContext.enough`: the lines read so far already
    make the photo a reject), asked each time `STOP_EVERY` more regions are complete (widest strips
    first; in reading-order chunks past `CHUNK_MIN_REGIONS` regions); and the recognition budget: strips read
    (megapixels at the recogniser's 48 px height) past `max_read_mpx`. Either way the result is
    truncated, so the photo can only be rejected.
    """

    def __init__(self, regions: list[tuple[np.ndarray, float]], cands: list, owner: list[int],
                 enough: Any, max_read_mpx: float | None, widths: list[int]) -> None:
        self.regions, self.cands, self.owner, self.enough = regions, cands, owner, enough
        self.budget = None if max_read_mpx is None else max_read_mpx * 1e6
        self.work = [REC_HEIGHT * w for w in widths]
        self.total_mpx = sum(self.work) / 1e6
        self.active = enough is not None or (self.budget is not None and sum(self.work) > self.budget)
        self.why: str | None = None
        by_region: list[list[int]] = [[] for _ in cands]
        for j, i in enumerate(owner):
            by_region[i].append(j)
        step = STOP_EVERY if len(cands) > CHUNK_MIN_REGIONS else max(1, len(cands))
        self.chunks = [[j for r in by_region[a : a + step] for j in r] for a in range(0, len(by_region), step)]
        self._asked = 0

    def complete(self, res: Sequence[_Reading | None]) -> list[bool]:
        done = [True] * len(self.cands)
        for j, r in enumerate(res):
            if r is None:
                done[self.owner[j]] = False
        return done

    def __call__(self, res: list[_Reading | None]) -> bool:
        if self.budget is not None:
            spent = sum(w for w, r in zip(self.work, res, strict=True) if r is not None)
            if spent > self.budget and any(r is None for r in res):
                self.why = (f"text to read capped at {self.budget / 1e6:g} MP of strips "
                            f"({self.total_mpx:.1f} MP found)")
                return True
        done = self.complete(res)
        n_done = sum(done)
        if self.enough is None or n_done == len(done) or n_done - self._asked < STOP_EVERY:
            return False
        self._asked = n_done
        lines = []
        k = 0
        for i, ((q, _), opts) in enumerate(zip(self.regions, self.cands, strict=True)):
            k += len(opts)
            got = _best(res[k - len(opts) : k], opts, q) if done[i] else None  # type: ignore[arg-type]
            if got is not None:
                lines.append(TextLine(text=got[0].text, polygon=_poly(got[1]), score=round(got[0].score, 4),
                                      words=_words(got[0], got[1]), engine="rapidocr"))
        why = self.enough(lines)
        if why:
            self.why = f"reading stopped after {n_done} of {len(done)} text regions: {why}"
            return True
        return False


KNOWN_IOU = 0.7  # a detected region this close to a known line's polygon is that line
HINT_INSIDE = 0.7  # share of a region inside a hinted line for it to take that line's direction
HINT_ANGLE = 0.94  # cosine between a region's long side and the hinted direction (about 20 degrees)


def _hinted_orders(
    regions: list[tuple[np.ndarray, float]], hints: Sequence[TextLine]
) -> list[tuple[int, int, int, int] | None]:
    """Per region, the corner order (TL, TR, BR, BL) that reads it in the direction of the hinted line
    it lies in, or None. A fragment of a masked line (its text cut by a solid bar) is short and nearly
    square, which would otherwise cost four readings (two flips, two turns)."""
    if not hints:
        return [None] * len(regions)
    polys = [np.asarray(h.polygon, np.float32) for h in hints if len(h.polygon) == 4]
    out: list[tuple[int, int, int, int] | None] = []
    for q, _ in regions:
        order = None
        for poly in polys:
            if _inside(q, poly) < HINT_INSIDE:
                continue
            d = poly[1] - poly[0]
            d = d / (np.linalg.norm(d) + 1e-6)
            if abs(float(_line_direction(q) @ d)) < HINT_ANGLE and min(_quad_size(q)) * 2.5 < max(_quad_size(q)):
                continue  # a long region across the line is not a piece of it
            order = _order_along(q, d)
            break
        out.append(order)
    return out


def _order_along(q: np.ndarray, d: np.ndarray) -> tuple[int, int, int, int]:
    """The cyclic corner order of `q` whose top edge (TL -> TR) points most along direction `d`."""
    shifts = [(k, (k + 1) % 4, (k + 2) % 4, (k + 3) % 4) for k in range(4)]

    def along(o: tuple[int, int, int, int]) -> float:
        top = q[o[1]] - q[o[0]]
        return float(top @ d) / (float(np.linalg.norm(top)) + 1e-6)

    return max(shifts, key=along)


def _reading_order(points: np.ndarray) -> tuple[int, float]:
    """Sort key for boxes and lines: top to bottom (in 16 px rows), then left to right."""
    return round(float(points[:, 1].min()) / 16), float(points[:, 0].min())


def _match_known(
    regions: list[tuple[np.ndarray, float]], known: Sequence[TextLine]
) -> tuple[list[TextLine], list[tuple[np.ndarray, float]]]:
    """Known lines that detected regions re-find, and the regions left to read.

    The verify pass reads crops around masks again; a line away from every mask has the same pixels
    as in the first look, so its reading is taken over instead of recognised a second time.
    """
    if not known:
        return [], regions
    quads = [np.asarray(ln.polygon, np.float32) for ln in known]
    used: set[int] = set()
    reused: list[TextLine] = []
    left: list[tuple[np.ndarray, float]] = []
    for q, score in regions:
        best, best_iou = -1, KNOWN_IOU
        for j, k in enumerate(quads):
            if j in used or len(k) != 4:
                continue
            inter, _ = cv2.intersectConvexConvex(q.astype(np.float32), k)
            iou = float(inter) / max(_area(q) + _area(k) - float(inter), 1.0)
            if iou >= best_iou:
                best, best_iou = j, iou
        if best >= 0:
            used.add(best)
            reused.append(known[best])
        else:
            left.append((q, score))
    return reused, left


# --------------------------------------------------------------------------------------------
# crowded strips
#
# The recogniser sees a strip at 48 px high and emits one time step per 8 px of width. Condensed
# text in a box with a tall margin ("Address: 2388 Cedar Ln, Springfield, OH 10963" in a 343 x 42
# crop) gets fewer steps than it needs: CTC then drops letters, doubled ones first ("Adress", "38").
# A reading that fills most of its steps is read again from the strip stretched to twice the width.

CROWDED = 0.6  # characters per time step above which a strip is read again, stretched
STRETCH = 2.0


def _reread_crowded(
    chosen: list[tuple[_Reading, np.ndarray]], strips: list[np.ndarray]
) -> list[tuple[_Reading, np.ndarray]]:
    todo = [i for i, (r, _) in enumerate(chosen) if r.steps and len(r.text) >= CROWDED * r.steps]
    if not todo:
        return chosen
    wide = []
    for i in todo:
        h, w = strips[i].shape[:2]
        wide.append(cv2.resize(strips[i], (max(1, round(w * STRETCH)), h), interpolation=cv2.INTER_CUBIC))
    out = list(chosen)
    for i, again in zip(todo, _recognize(wide), strict=True):
        if again.score > chosen[i][0].score:
            out[i] = (again, chosen[i][1])
    return out


# --------------------------------------------------------------------------------------------
# lines the detector cut short
#
# The detector sometimes boxes only part of a line: "DOB:" left out of "DOB: 2002-12-14", "KI" of
# "KIM, YUKI". The reading is then confident and wrong. A complete line's box ends in blank
# background (the box already has a margin); a cut one ends next to more ink on the same band. So
# we look along the line's band past each end, and re-read lines whose ink goes on.

EXT_REACH = 8.0  # how far past a box end (in text heights) a cut line may go on
EXT_GAP = 1.0  # a blank stretch this long (text heights) ends the line: wider than a word gap
EXT_MIN = 0.25  # ink must go on at least this far (text heights) past the box to count as cut
EXT_STRIP = 24  # rows of the rectified band used to look for ink
EXT_INK = 60  # gray-level range within a column that counts as a stroke
EXT_KEEP = 0.85  # the longer reading must keep this share of the first one's characters
EXT_CHAR = 0.8  # an added character needs at least this probability
EXT_BACKGROUND = 40  # gray levels: a column whose median differs this much from the line's is off its card


def _ink_reach(inked: np.ndarray, wall: np.ndarray, start: int, step: int, gap: int) -> int:
    """Columns of ink past `start` (walking by `step`) before a blank run of `gap` columns or a wall."""
    reach, blank, x = 0, 0, start
    while 0 <= x < inked.size and not wall[x]:
        if inked[x]:
            reach, blank = abs(x - start) + 1, 0
        else:
            blank += 1
            if blank >= gap:
                break
        x += step
    return reach


def _extension(rgb: np.ndarray, corners: np.ndarray, others: np.ndarray) -> tuple[float, float]:
    """How far (in pixels, along the line) ink goes on past the left and right ends of a line.

    `others` (N x 4 x 2) are the other lines' corners: their text is theirs, so ink under them ends
    the walk instead of extending it.
    """
    tl, tr, br, bl = corners
    length = float(np.linalg.norm(tr - tl))
    h = float(np.linalg.norm(bl - tl))
    if length < 1 or h < 4:
        return 0.0, 0.0
    u = (tr - tl) / length
    reach = EXT_REACH * h
    quad = np.asarray([tl - u * reach, tr + u * reach, br + u * reach, bl - u * reach], np.float32)
    scale = EXT_STRIP / h  # px of the band per px of the photo
    width = max(8, int(round((length + 2 * reach) * scale)))
    dst = np.array([[0, 0], [width, 0], [width, EXT_STRIP], [0, EXT_STRIP]], np.float32)
    M = cv2.getPerspectiveTransform(quad, dst)
    band = cv2.warpPerspective(rgb, M, (width, EXT_STRIP), flags=cv2.INTER_AREA, borderMode=cv2.BORDER_REPLICATE)
    mid = cv2.cvtColor(band, cv2.COLOR_RGB2GRAY)[EXT_STRIP // 6 : EXT_STRIP - EXT_STRIP // 6]
    left_edge, right_edge = int(round(reach * scale)), int(round((reach + length) * scale))
    # Text goes on over the line's own background (the card, the screen); where the background
    # changes, the card has ended and what follows is not this line.
    background = float(np.median(mid[:, left_edge:right_edge]))
    # Off-background for half a text height at least: a bold vertical stroke is narrower.
    off = (np.abs(np.median(mid, axis=0) - background) > EXT_BACKGROUND).astype(np.uint8)[None]
    wall = cv2.morphologyEx(off, cv2.MORPH_OPEN, np.ones((1, EXT_STRIP // 2), np.uint8))[0].astype(bool)
    inked = (mid.max(axis=0).astype(np.int16) - mid.min(axis=0)) >= EXT_INK
    if len(others):
        pts = cv2.perspectiveTransform(others.reshape(-1, 1, 2).astype(np.float32), M).reshape(-1, 4, 2)
        lo, hi = EXT_STRIP // 6, EXT_STRIP - EXT_STRIP // 6
        for q in pts[(pts[:, :, 1].max(axis=1) > lo) & (pts[:, :, 1].min(axis=1) < hi)]:  # on this band: a wall
            x0, x1 = max(0, int(q[:, 0].min())), min(width, int(math.ceil(q[:, 0].max())))
            wall[x0:x1] = True
    gap = max(2, int(round(EXT_GAP * EXT_STRIP)))
    return (_ink_reach(inked, wall, left_edge - 1, -1, gap) / scale,
            _ink_reach(inked, wall, right_edge, 1, gap) / scale)


def _grown_reading(first: _Reading, longer: _Reading, length: float, h: float) -> tuple[_Reading, float, float] | None:
    """The part of `longer` (read on a strip `length` px long) that is `first` plus confident,
    close characters at either end; with the span it covers as fractions of the strip.

    None when `longer` does not keep `first` or adds nothing: the grown strip also holds whatever lies
    past the line (a card edge, texture), read as junk characters that must not join the line.
    """
    text, c, pr = longer.text, longer.centers, longer.probs
    matcher = difflib.SequenceMatcher(None, first.text, text, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks or sum(b.size for b in blocks) < EXT_KEEP * len(first.text):
        return None
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size  # text[lo:hi] is the first reading
    step = EXT_GAP * h / length  # largest gap between neighbouring characters, as a strip fraction

    def takes(j: int, nxt: int) -> bool:
        return (text[j].isspace() or pr[j] >= EXT_CHAR) and abs(c[nxt] - c[j]) <= step

    a, b = lo, hi
    while a > 0 and takes(a - 1, a):
        a -= 1
    while b < len(text) and takes(b, b - 1):
        b += 1
    while a < lo and text[a].isspace():
        a += 1
    while b > hi and text[b - 1].isspace():
        b -= 1
    if a == lo and b == hi:
        return None
    half = 0.5 * float(np.median(np.diff(c[a:b]))) if b - a > 1 else 0.5 * step
    left, right = max(0.0, c[a] - half), min(1.0, c[b - 1] + half)
    span = max(1e-6, right - left)
    grown = _Reading(text[a:b], float(np.mean(pr[a:b])), [(x - left) / span for x in c[a:b]], pr[a:b])
    return grown, left, right


def _extend_truncated(
    rgb: np.ndarray, chosen: list[tuple[_Reading, np.ndarray]], walls: Sequence[np.ndarray] = ()
) -> list[tuple[_Reading, np.ndarray]]:
    """Re-read, with their ends grown, the lines whose ink goes on past their box; keep the longer
    reading only when it keeps the first one, adds confident characters, and is as confident.
    `walls` are other lines' quads (already read) that a grown line must not run into."""
    quads = np.asarray([corners for _, corners in chosen], np.float64).reshape(-1, 4, 2)
    extra = np.asarray([w for w in walls if len(w) == 4], np.float64).reshape(-1, 4, 2)
    todo: list[tuple[int, np.ndarray]] = []
    for i, (_, corners) in enumerate(chosen):
        left, right = _extension(rgb, corners, np.concatenate([np.delete(quads, i, axis=0), extra]))
        h = float(np.linalg.norm(corners[3] - corners[0]))
        if max(left, right) < EXT_MIN * h:
            continue
        tl, tr, br, bl = corners
        u = (tr - tl) / max(1e-6, float(np.linalg.norm(tr - tl)))
        grow_l = left + 0.5 * h if left >= EXT_MIN * h else 0.0
        grow_r = right + 0.5 * h if right >= EXT_MIN * h else 0.0
        todo.append((i, np.asarray([tl - u * grow_l, tr + u * grow_r, br + u * grow_r, bl - u * grow_l])))
    if not todo:
        return chosen
    crops = [_warp(rgb, ext) for _, ext in todo]
    out = list(chosen)
    for (i, ext), longer in zip(todo, _recognize(crops), strict=True):
        first = chosen[i][0]
        h = float(np.linalg.norm(ext[3] - ext[0]))
        got = _grown_reading(first, longer, float(np.linalg.norm(ext[1] - ext[0])), h)
        if got is None or got[0].score < min(first.score, 0.9) - 0.02:
            continue
        grown, left, right = got
        tl, tr, br, bl = ext
        trimmed = [_lerp(tl, tr, left), _lerp(tl, tr, right), _lerp(bl, br, right), _lerp(bl, br, left)]
        out[i] = (grown, np.asarray(trimmed))
    return out


def _rank(r: _Reading) -> float:
    """Prefer confident readings, and longer ones among equally confident (a flipped strip often
    reads as a couple of confident punctuation marks)."""
    return r.score * min(1.0, 0.5 + 0.1 * len(r.text.strip()))


# --------------------------------------------------------------------------------------------
# Tesseract baseline


def _read_tesseract(rgb: np.ndarray, max_regions: int | None) -> OcrResult:
    import pytesseract

    rgb = _as_rgb(rgb)
    try:
        data = pytesseract.image_to_data(rgb, config="--psm 11", output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError as e:  # its message can quote nothing from the image, but be safe
        raise OcrError(f"tesseract failed (status {e.status})") from None
    groups: dict[tuple[int, int, int, int], list[int]] = {}
    for i, t in enumerate(data["text"]):
        if str(t).strip() and float(data["conf"][i]) >= 0:
            key = (data["page_num"][i], data["block_num"][i], data["par_num"][i], data["line_num"][i])
            groups.setdefault(key, []).append(i)
    n_regions = len(groups)
    keys = list(groups)
    truncated = max_regions is not None and n_regions > max_regions
    if truncated:
        keys = keys[:max_regions]
    lines = []
    for key in keys:
        idx = groups[key]
        words, parts, pos = [], [], 0
        for i in idx:
            t = str(data["text"][i]).strip()
            if parts:
                pos += 1
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            poly = ((x, y), (x + w, y), (x + w, y + h), (x, y + h))
            words.append(
                Word(t, tuple((float(a), float(b)) for a, b in poly), float(data["conf"][i]) / 100, pos, pos + len(t))
            )
            parts.append(t)
            pos += len(t)
        x0 = min(data["left"][i] for i in idx)
        y0 = min(data["top"][i] for i in idx)
        x1 = max(data["left"][i] + data["width"][i] for i in idx)
        y1 = max(data["top"][i] + data["height"][i] for i in idx)
        score = float(np.mean([w.score for w in words]))
        lines.append(
            TextLine(
                text=" ".join(parts),
                polygon=(
                    (float(x0), float(y0)),
                    (float(x1), float(y0)),
                    (float(x1), float(y1)),
                    (float(x0), float(y1)),
                ),
                score=round(score, 4),
                words=tuple(words),
                engine="tesseract",
            )
        )
    return OcrResult(lines, truncated, n_regions)


# --------------------------------------------------------------------------------------------
# public API


def _as_rgb(rgb: np.ndarray) -> np.ndarray:
    a = np.asarray(rgb)
    if a.dtype != np.uint8:
        raise OcrError("OCR needs uint8 pixels")
    if a.ndim == 2:
        return cv2.cvtColor(a, cv2.COLOR_GRAY2RGB)
    if a.ndim == 3 and a.shape[2] == 4:
        return np.ascontiguousarray(a[:, :, :3])
    if a.ndim != 3 or a.shape[2] != 3:
        raise OcrError("OCR needs an H x W x 3 RGB image")
    return np.ascontiguousarray(a)


def read(
    rgb: np.ndarray | Photo, engine: str = "rapidocr", max_regions: int | None = None, thorough: bool = False,
    context: VerifyContext = FIRST_LOOK, max_read_mpx: float | None = None,
) -> OcrResult:
    """Read all text lines of an RGB uint8 image; stop at `max_regions` detected regions (truncated).

    Given a `Photo`, the reader uses its level cache; `context` is what an earlier look read in these
    pixels (`known_lines`, `line_hints`) and when reading may stop (`enough`). `max_read_mpx` caps
    the recognition work (strip megapixels): past it, reading stops and the result is truncated."""
    photo = rgb if isinstance(rgb, Photo) else Photo(pixels=rgb)
    pixels = _as_rgb(photo.pixels)
    if engine == "rapidocr":
        if pixels is not photo.pixels:
            photo = dataclasses.replace(photo, pixels=pixels)
        return _read_rapidocr(photo, max_regions, thorough, context, max_read_mpx)
    if engine == "tesseract":
        return _read_tesseract(pixels, max_regions)
    raise OcrError(f"unknown OCR engine {engine!r}; known: {', '.join(ENGINES)}")


def read_lines(
    rgb: np.ndarray, engine: str = "rapidocr", max_regions: int | None = None, thorough: bool = False
) -> list[TextLine]:
    """Pure reading of an RGB uint8 image (benchmarks, the verify pass): lines with word polygons."""
    return read(rgb, engine, max_regions, thorough).lines


def detect(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """The text stage: lines for the PHI classifier, no findings. Raises on failure (fail closed)."""
    tp = policy.text
    if not tp.enabled:
        return StageResult(notes=["text reading disabled by policy"])
    res = read(photo, tp.engine, tp.max_regions, tp.thorough, context, tp.max_read_megapixels)
    notes = []
    if tp.max_regions is not None and res.regions > tp.max_regions:
        notes.append(f"text regions capped at {tp.max_regions} ({res.regions} found)")
    if res.stopped:
        notes.append(res.stopped)
    low = sum(1 for ln in res.lines if ln.score < tp.min_confidence)
    if low:
        notes.append(f"{low} text line(s) read below confidence {tp.min_confidence:g}, kept for review")
    from .runtime import describe

    runtime = describe([DET_MODEL.name, CLS_MODEL.name, REC_MODEL.name]) if tp.engine == "rapidocr" else None
    return StageResult(lines=res.lines, notes=notes, truncated=res.truncated, runtime=runtime)


# The text stage reads lines (the PHI classifier turns them into "text" findings). Its verify pass reads
# crops at the fine level's scale, so the second look sees what the first saw.
STAGE = Stage(name="text", kinds=("text",), detect=detect, reads_text=True, verify_side=FINE_SIDE)
