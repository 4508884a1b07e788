"""Scene-text reader: every line of text in the photo, at any angle, with word polygons.

PHI in clinical photos is mostly text nobody meant to photograph: a wristband, an upside-down chart,
a monitor behind the team. This stage only *reads*; `phi` decides what is PHI, so it emits no findings.

Default engine (`rapidocr`): the PP-OCRv6 detector / recogniser and the PP-OCR v2 angle classifier that
ship inside the `rapidocr` wheel, run directly on onnxruntime sessions we create ourselves (the
rapidocr `RapidOCR` front-end is not used: it would resolve model URLs and download on a miss, and it
logs at INFO). Flow for one photo:

1. *Detect* on a pyramid level of the photo (long side `DET_SIDE`), which finds text down to about
   `DET_SIDE`-relative 6 px. Smaller text is found by a second detection pass on full-resolution
   *tiles*, placed only where the coarse probability map or a cheap contrast map says text may be
   (`_small_text_tiles`), so background-only photos pay for one small detection.
2. *Crop* each detected quadrilateral from the *full-resolution* pixels (never from the thumbnail),
   rectified to a horizontal strip; tall strips are turned by 90 degrees.
3. *Orient*: the angle classifier says 0 or 180 degrees; when it is unsure (score < `CLS_SURE`) the
   recogniser reads both orientations and keeps the more confident reading. Near-square crops (short
   words at 90 degrees) are read both ways as well.
4. *Recognise* in batches of similar aspect ratio; CTC time steps give each character's position, and
   words get polygons interpolated along the line quadrilateral, so a slanted line's words keep the
   slant.

Confidence: every non-empty line with a recognition score >= `KEEP_FLOOR` is returned, with its score,
including lines under `policy.text.min_confidence`: the PHI classifier decides what to trust (a
half-legible MRN is still a reason to look). Lines under the floor are texture noise and dropped.

Tesseract (`engine="tesseract"`) is kept as the classic baseline: it reads the full-resolution photo
as-is (page segmentation 11, sparse text) and handles level dark-on-light text only.

No text recognised by this module is ever logged or put in an exception.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import cv2
import numpy as np

from .detect import StageResult
from .model import Photo, Polygon, TextLine, Word
from .modelfiles import ModelFile, model_path, register
from .policy import Policy

ENGINES = ("rapidocr", "tesseract")

DET_SIDE = 1024  # long side of the coarse detection level (multiple of 32)
TILE = 640  # tile side (px) for the fine detection pass
TILE_OVERLAP = 96
FINE_SCALE = 1.0  # scale of the fine pass relative to the full-resolution photo
COARSE_MIN_HEIGHT = 7.0  # a coarse-level box this tall (coarse px) is already well located
CLS_SURE = 0.9  # angle-classifier score above which we trust it and read one orientation only
KEEP_FLOOR = 0.3  # lines read with a lower mean character probability are dropped as noise
REC_HEIGHT = 48
REC_MAX_WIDTH = 2400  # longer strips are squeezed; long lines on screens stay well under this
REC_BATCH = 12

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


class OcrError(RuntimeError):
    """The text stage could not run (model missing, engine failure). Never carries recognised text."""


@dataclass(frozen=True)
class OcrResult:
    lines: list[TextLine]
    truncated: bool = False
    regions: int = 0  # text regions detected (before recognition)


# --------------------------------------------------------------------------------------------
# models


@dataclass
class _Models:
    det: Any
    cls: Any
    rec: Any
    chars: list[str]  # CTC alphabet, index 0 = blank
    lock: threading.Lock


def _session(path: str) -> Any:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 2
    opts.inter_op_num_threads = 1
    opts.log_severity_level = 3
    return ort.InferenceSession(path, sess_options=opts, providers=["CPUExecutionProvider"])


@cache
def _models() -> _Models:
    """Load the three ONNX models once per process, from the verified wheel files only."""
    # rapidocr's own logger prints at INFO (model paths, sometimes results); keep it quiet in case any
    # rapidocr helper we import logs.
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    det = _session(str(model_path(DET_MODEL.name)))
    cls = _session(str(model_path(CLS_MODEL.name)))
    rec = _session(str(model_path(REC_MODEL.name)))
    meta = rec.get_modelmeta().custom_metadata_map
    if "character" not in meta:
        raise OcrError("recognition model has no character table")
    chars = ["<blank>", *meta["character"].splitlines(), " "]
    return _Models(det, cls, rec, chars, threading.Lock())


@cache
def _db_post() -> Any:
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    from rapidocr.ch_ppocr_det.utils import DBPostProcess

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return DBPostProcess(thresh=0.3, box_thresh=0.5, max_candidates=1000, unclip_ratio=1.6, use_dilation=True)


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


def _small_text_tiles(
    prob: np.ndarray, boxes: Sequence[np.ndarray], scale: float, full_hw: tuple[int, int], gray_small: np.ndarray
) -> list[tuple[int, int, int, int]]:
    """Full-resolution tiles `(x, y, w, h)` where text too small for the coarse level may be.

    Evidence: a weak response in the coarse DB map (text of 2-6 coarse px gives a faint blob), or dense
    high-contrast fine structure in the gray thumbnail. Areas covered by coarse boxes that are already
    tall enough are masked out, so large text is not detected twice.
    """
    H, W = full_hw
    ph, pw = prob.shape
    evidence = (prob > 0.08).astype(np.uint8)
    # fine-structure contrast: small dark-on-light or light-on-dark strokes
    g = gray_small[:ph, :pw]
    k = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    grad = cv2.morphologyEx(g, cv2.MORPH_GRADIENT, k)
    strong = (grad > 60).astype(np.uint8)
    density = cv2.blur(strong.astype(np.float32), (9, 9))
    evidence |= (density > 0.25).astype(np.uint8)
    covered = np.zeros_like(evidence)
    for b in boxes:
        _, bh = _quad_size(b)
        if bh >= COARSE_MIN_HEIGHT:
            cv2.fillPoly(covered, [np.round(b).astype(np.int32)], 1)
    evidence &= 1 - covered
    if not evidence.any():
        return []
    # tile grid at the fine scale; a tile is needed when enough evidence falls in it
    step = TILE - TILE_OVERLAP
    tiles: list[tuple[int, int, int, int]] = []
    tile_full = int(round(TILE / FINE_SCALE))
    step_full = int(round(step / FINE_SCALE))
    ys = list(range(0, max(1, H - tile_full + step_full), step_full))
    xs = list(range(0, max(1, W - tile_full + step_full), step_full))
    for y in ys:
        for x in xs:
            x0, y0 = min(x, max(0, W - tile_full)), min(y, max(0, H - tile_full))
            cx0, cy0 = int(x0 * scale), int(y0 * scale)
            cx1, cy1 = int((x0 + tile_full) * scale) + 1, int((y0 + tile_full) * scale) + 1
            if evidence[cy0:cy1, cx0:cx1].sum() >= 4:
                tiles.append((x0, y0, min(tile_full, W - x0), min(tile_full, H - y0)))
    return sorted(set(tiles))


def _detect_regions(rgb: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """Text quadrilaterals in full-resolution pixel coordinates, with detection scores."""
    H, W = rgb.shape[:2]
    scale = min(1.0, DET_SIDE / max(H, W))
    small = rgb if scale == 1.0 else cv2.resize(rgb, (round(W * scale), round(H * scale)), interpolation=cv2.INTER_AREA)
    return _detect_regions_from(rgb, small, scale)


def _detect_regions_from(rgb: np.ndarray, small: np.ndarray, scale: float) -> list[tuple[np.ndarray, float]]:
    H, W = rgb.shape[:2]
    prob = _det_prob(small)
    boxes, scores = _boxes_from_prob(prob)
    found = [(b / scale, s) for b, s in zip(boxes, scores, strict=True)]
    if scale < 1.0:
        gray_small = cv2.cvtColor(small, cv2.COLOR_RGB2GRAY)
        for x, y, w, h in _small_text_tiles(prob, boxes, scale, (H, W), gray_small):
            tile = rgb[y : y + h, x : x + w]
            if FINE_SCALE != 1.0:
                tile = cv2.resize(tile, (round(w * FINE_SCALE), round(h * FINE_SCALE)), interpolation=cv2.INTER_AREA)
            tb, ts = _boxes_from_prob(_det_prob(tile))
            for b, s in zip(tb, ts, strict=True):
                found.append((b / FINE_SCALE + np.array([x, y], np.float32), s))
    return _dedupe(found)


def _dedupe(found: list[tuple[np.ndarray, float]]) -> list[tuple[np.ndarray, float]]:
    """Drop boxes mostly inside a larger box (the same text seen at two levels or in two tiles)."""
    order = sorted(range(len(found)), key=lambda i: -cv2.contourArea(found[i][0]))
    kept: list[tuple[np.ndarray, float]] = []
    for i in order:
        q, s = found[i]
        area = max(cv2.contourArea(q), 1.0)
        dup = False
        for k, _ in kept:
            inter, _ = cv2.intersectConvexConvex(q.astype(np.float32), k.astype(np.float32))
            if inter / area > 0.6:
                dup = True
                break
        if not dup:
            kept.append((q, s))
    # reading order: top to bottom, then left to right
    kept.sort(key=lambda t: (round(float(t[0][:, 1].min()) / 16), float(t[0][:, 0].min())))
    return kept


# --------------------------------------------------------------------------------------------
# crops and orientation
#
# A crop is described by the order of the quad's corners that become its top-left, top-right,
# bottom-right and bottom-left: that order is how a reading is mapped back onto the photo.


def _crop(rgb: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    w, h = _quad_size(quad)
    cw, ch = max(2, int(round(w))), max(2, int(round(h)))
    dst = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float32)
    M = cv2.getPerspectiveTransform(quad.astype(np.float32), dst)
    img = cv2.warpPerspective(rgb, M, (cw, ch), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
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


def _recognize(crops: list[np.ndarray]) -> list[_Reading]:
    m = _models()
    n = len(crops)
    res: list[_Reading | None] = [None] * n
    ratios = [c.shape[1] / c.shape[0] for c in crops]
    order = sorted(range(n), key=lambda i: ratios[i])
    for b in range(0, n, REC_BATCH):
        idx = order[b : b + REC_BATCH]
        widths = [min(REC_MAX_WIDTH, max(16, int(math.ceil(REC_HEIGHT * ratios[i])))) for i in idx]
        max_w = max(max(widths), 320)
        max_w = int(math.ceil(max_w / 8) * 8)
        batch = np.zeros((len(idx), 3, REC_HEIGHT, max_w), np.float32)
        for j, i in enumerate(idx):
            r = cv2.resize(crops[i], (widths[j], REC_HEIGHT), interpolation=cv2.INTER_LINEAR)
            batch[j, :, :, : widths[j]] = (r.astype(np.float32) * (2.0 / 255.0) - 1.0).transpose(2, 0, 1)
        preds = m.rec.run(None, {"x": batch})[0]  # N x T x C
        T = preds.shape[1]
        for j, i in enumerate(idx):
            res[i] = _ctc_decode(preds[j], m.chars, (max_w / widths[j]) / T)
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
            text.append(chars[k] if k < len(chars) else "")
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


def _read_rapidocr(rgb: np.ndarray, max_regions: int | None) -> OcrResult:
    rgb = _as_rgb(rgb)
    regions = _detect_regions(rgb)
    n_regions = len(regions)
    truncated = max_regions is not None and n_regions > max_regions
    if truncated:
        regions = regions[:max_regions]
    if not regions:
        return OcrResult([], truncated, n_regions)
    crops, orders = [], []
    for q, _ in regions:
        img, order = _crop(rgb, q)
        crops.append(img)
        orders.append(order)
    cls = _cls_180(crops)
    # candidates per region: (crop, corner order)
    cands: list[list[tuple[np.ndarray, tuple[int, int, int, int]]]] = []
    for img, order, (upside, s) in zip(crops, orders, cls, strict=True):
        first = _flip(img, order) if upside else (img, order)
        opts = [first]
        if s < CLS_SURE:
            opts.append(_flip(*first))
        h, w = img.shape[:2]
        if w < 2.5 * h:  # short, near-square: could be a word at 90 degrees
            r = _rot90(img, order)
            opts += [r, _flip(*r)]
        cands.append(opts)
    flat = [c for opts in cands for c in opts]
    readings = _recognize([c[0] for c in flat])
    lines: list[TextLine] = []
    k = 0
    for (q, _), opts in zip(regions, cands, strict=True):
        best = max(range(len(opts)), key=lambda t: _rank(readings[k + t]))
        reading, (_, order) = readings[k + best], opts[best]
        k += len(opts)
        if not reading.text or reading.score < KEEP_FLOOR:
            continue
        corners = np.asarray([q[order[0]], q[order[1]], q[order[2]], q[order[3]]], np.float64)
        lines.append(
            TextLine(
                text=reading.text,
                polygon=_poly(corners),
                score=round(reading.score, 4),
                words=_words(reading, corners),
                engine="rapidocr",
            )
        )
    return OcrResult(lines, truncated, n_regions)


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


def read(rgb: np.ndarray, engine: str = "rapidocr", max_regions: int | None = None) -> OcrResult:
    """Read all text lines of an RGB uint8 image; stop at `max_regions` detected regions (truncated)."""
    if engine == "rapidocr":
        return _read_rapidocr(rgb, max_regions)
    if engine == "tesseract":
        return _read_tesseract(rgb, max_regions)
    raise OcrError(f"unknown OCR engine {engine!r}; known: {', '.join(ENGINES)}")


def read_lines(rgb: np.ndarray, engine: str = "rapidocr", max_regions: int | None = None) -> list[TextLine]:
    """Pure reading of an RGB uint8 image (benchmarks, the verify pass): lines with word polygons."""
    return read(rgb, engine, max_regions).lines


def detect(photo: Photo, policy: Policy) -> StageResult:
    """The text stage: lines for the PHI classifier, no findings. Raises on failure (fail closed)."""
    tp = policy.text
    if not tp.enabled:
        return StageResult(notes=["text reading disabled by policy"])
    res = read(photo.pixels, tp.engine, tp.max_regions)
    notes = []
    if res.truncated:
        notes.append(f"text regions capped at {tp.max_regions} ({res.regions} found)")
    low = sum(1 for ln in res.lines if ln.score < tp.min_confidence)
    if low:
        notes.append(f"{low} text line(s) read below confidence {tp.min_confidence:g}, kept for review")
    return StageResult(lines=res.lines, notes=notes, truncated=res.truncated)
