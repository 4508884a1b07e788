"""Text and barcode regions across frames: found on sampled frames, followed by optical flow in between.

Why: OCR and PHI classification cost a few hundred milliseconds a frame, so they run on a frame every
`video.text_every_s` and on every scene change, not on all of them. A wristband or a screen is in view
for longer than that, and it is visible before the frame that read it. So each PHI region read on a
sampled frame is followed frame by frame in both directions, backwards over the frames since the last
sample (kept as small grey images) and forwards until it leaves the frame, with pyramidal Lucas-Kanade
optical flow (OpenCV) on corners in and around it and a RANSAC similarity transform (moves, turns and
zooms, as a card held in a hand does). When the flow loses it (occlusion, blur), the last place is held
for `hold` frames; a region read again on a later sample is re-anchored there, so drift never builds up.
Nothing is carried across a scene cut.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from dataclasses import dataclass, field

import cv2
import numpy as np

from ..model import Finding

FLOW_SIDE = 960  # long side of the grey images the flow runs on
_MIN_POINTS = 6
_FB_ERROR = 1.0  # forward-backward error (small-image pixels) above which a point is dropped


@dataclass
class Region:
    """One PHI region (a text span or a barcode) over time; polygons in upright full-size pixels."""

    region_id: int
    finding: Finding
    polys: dict[int, np.ndarray] = field(default_factory=dict)  # frame -> N x 2 float32
    reads: list[int] = field(default_factory=list)  # frames on which OCR / the barcode reader found it
    lost: int = 0  # frames since the flow last followed it (forward direction)
    done: bool = False
    # Frame borders the region touched when it was last read: text cut by the border goes on outside
    # it, and comes into view as the card moves in, so the mask reaches to that border until re-read.
    edges: tuple[str, ...] = ()
    size: tuple[int, int] = (0, 0)
    edge_at: dict[int, tuple[str, ...]] = field(default_factory=dict)  # frame -> borders its mask reaches

    def put(self, frame: int, poly: np.ndarray) -> None:
        """A followed (not read) position: the mask reaches the borders the last reading touched."""
        self.polys[frame] = poly
        if self.edges:
            self.edge_at[frame] = self.edges

    def finding_at(self, frame: int) -> Finding:
        poly = self.polys[frame]
        if frame in self.edge_at:
            poly = reach_edges(poly, self.edge_at[frame], self.size)
        return dataclasses.replace(self.finding, polygon=tuple((float(x), float(y)) for x, y in poly))


def small_gray(pixels: np.ndarray) -> tuple[np.ndarray, float]:
    """The frame in grey with its long side at most FLOW_SIDE, and the scale used."""
    h, w = pixels.shape[:2]
    s = min(1.0, FLOW_SIDE / max(h, w))
    g = cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY)
    if s < 1.0:
        g = cv2.resize(g, (max(1, round(w * s)), max(1, round(h * s))), interpolation=cv2.INTER_AREA)
    return g, s


def scene_change(prev: np.ndarray | None, cur: np.ndarray, threshold: float) -> bool:
    """A cut: the mean absolute grey change between two frames (0-1) at or above `threshold`."""
    if prev is None or prev.shape != cur.shape:
        return prev is not None
    a = cv2.resize(prev, (64, 36), interpolation=cv2.INTER_AREA).astype(np.int16)
    b = cv2.resize(cur, (64, 36), interpolation=cv2.INTER_AREA).astype(np.int16)
    return float(np.abs(a - b).mean()) / 255.0 >= threshold


def _bbox(poly: np.ndarray) -> tuple[float, float, float, float]:
    x0, y0 = poly.min(axis=0)
    x1, y1 = poly.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _corners(prev: np.ndarray, poly: np.ndarray, scale: float) -> np.ndarray | None:
    """Corners to follow a region by (small-image pixels, N x 1 x 2), or None when it has too few.

    Taken in the polygon's own box (the letters), and only when there are too few of them in a box
    grown by the text height (a card's edges move with it; the background may not, and RANSAC follows
    the majority). The corner search runs on a crop of that box, not on the whole image with a mask:
    OpenCV scores every pixel of the image it is given, and on a 960 px frame with 20 regions that
    was 22 of 228 s of a 5 s clip (bench.video `cards`, 720p).
    """
    x0, y0, x1, y1 = (v * scale for v in _bbox(poly))
    h, w = prev.shape[:2]
    for grow in (2.0, max(4.0, min(x1 - x0, y1 - y0))):
        gx0, gy0 = max(0, int(x0 - grow)), max(0, int(y0 - grow))
        gx1, gy1 = min(w, int(np.ceil(x1 + grow))), min(h, int(np.ceil(y1 + grow)))
        if gx1 - gx0 < 4 or gy1 - gy0 < 4:
            return None
        p0 = cv2.goodFeaturesToTrack(np.ascontiguousarray(prev[gy0:gy1, gx0:gx1]), maxCorners=60,
                                     qualityLevel=0.01, minDistance=2, blockSize=3)
        if p0 is not None and len(p0) >= _MIN_POINTS:
            return (p0 + np.array([gx0, gy0], np.float32)).astype(np.float32)
    return None


_LK = {"winSize": (15, 15), "maxLevel": 3, "criteria": (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03)}


def follow_many(prev: np.ndarray, cur: np.ndarray, polys: list[np.ndarray], scale: float) -> list[np.ndarray | None]:
    """Each polygon of `polys` (full-size pixels on `prev`) moved to `cur`, or None where the flow cannot
    follow it.

    Pyramidal Lucas-Kanade for every region's corners in one call forwards and one backwards (each call
    builds both images' pyramids: once per frame, not once per region); points that do not come back
    to where they started (forward-backward check) are dropped; per region, a similarity transform is
    fitted with RANSAC.
    """
    out: list[np.ndarray | None] = [None] * len(polys)
    pts = [_corners(prev, p, scale) for p in polys]
    live = [k for k, p in enumerate(pts) if p is not None]
    if not live:
        return out
    p0 = np.concatenate([pts[k] for k in live])
    p1, st1, _ = cv2.calcOpticalFlowPyrLK(prev, cur, p0, None, **_LK)
    pb, st2, _ = cv2.calcOpticalFlowPyrLK(cur, prev, p1, None, **_LK)
    good_all = (st1.ravel() == 1) & (st2.ravel() == 1) & (np.linalg.norm((p0 - pb).reshape(-1, 2), axis=1) < _FB_ERROR)
    start = 0
    for k in live:
        n = len(pts[k])  # type: ignore[arg-type]
        a, b, good = p0[start:start + n], p1[start:start + n], good_all[start:start + n]
        start += n
        if good.sum() < _MIN_POINTS:
            continue
        m, inliers = cv2.estimateAffinePartial2D(a[good], b[good], method=cv2.RANSAC, ransacReprojThreshold=1.5)
        if m is None or inliers is None or inliers.sum() < _MIN_POINTS:
            continue
        q = (polys[k] * scale).reshape(-1, 1, 2).astype(np.float32)
        out[k] = (cv2.transform(q, m).reshape(-1, 2) / scale).astype(np.float32)
    return out


def follow(prev: np.ndarray, cur: np.ndarray, poly: np.ndarray, scale: float) -> np.ndarray | None:
    """`poly` (full-size pixels on `prev`) moved to `cur`, or None when the flow cannot follow it."""
    return follow_many(prev, cur, [poly], scale)[0]


_EDGE = 3.0  # px: a region this close to a border touches it


def touched_edges(poly: np.ndarray, size: tuple[int, int]) -> tuple[str, ...]:
    x0, y0, x1, y1 = _bbox(poly)
    w, h = size
    return tuple(side for side, hit in (("left", x0 <= _EDGE), ("top", y0 <= _EDGE), ("right", x1 >= w - _EDGE),
                                        ("bottom", y1 >= h - _EDGE)) if hit)


def reach_edges(poly: np.ndarray, edges: tuple[str, ...], size: tuple[int, int]) -> np.ndarray:
    """The polygon's box stretched to the given frame borders (the polygon itself when there are none)."""
    if not edges:
        return poly
    x0, y0, x1, y1 = _bbox(poly)
    x0 = 0.0 if "left" in edges else x0
    y0 = 0.0 if "top" in edges else y0
    x1 = float(size[0]) if "right" in edges else x1
    y1 = float(size[1]) if "bottom" in edges else y1
    return np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)


def _outside(poly: np.ndarray, size: tuple[int, int]) -> bool:
    x0, y0, x1, y1 = _bbox(poly)
    return x1 <= 0 or y1 <= 0 or x0 >= size[0] or y0 >= size[1]


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller box inside the other (a re-read span may be cut differently)."""
    ax0, ay0, ax1, ay1 = _bbox(a)
    bx0, by0, bx1, by1 = _bbox(b)
    iw, ih = max(0.0, min(ax1, bx1) - max(ax0, bx0)), max(0.0, min(ay1, by1) - max(ay0, by0))
    small = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
    return iw * ih / small if small > 0 else 0.0


class RegionFollower:
    """Feed it every frame in order (`step`) and the PHI findings of sampled frames (`found`)."""

    def __init__(self, size: tuple[int, int], back_frames: int, hold: int) -> None:
        self.size = size
        self.back_frames = back_frames
        self.hold = hold
        self.regions: list[Region] = []
        self._grays: deque[tuple[int, np.ndarray]] = deque(maxlen=back_frames + 1)
        self._scale = 1.0

    def cut(self) -> None:
        """A scene change: nothing is carried over, forwards or backwards."""
        for r in self.regions:
            r.done = True
        self._grays.clear()

    def step(self, frame: int, gray: np.ndarray, scale: float) -> None:
        """Move every live region from the previous frame onto `frame`."""
        self._scale = scale
        prev = self._grays[-1] if self._grays else None
        self._grays.append((frame, gray))
        if prev is None or prev[0] != frame - 1:
            return
        live = [r for r in self.regions if not r.done and frame - 1 in r.polys]
        for r, moved in zip(live, follow_many(prev[1], gray, [r.polys[frame - 1] for r in live], scale), strict=True):
            if moved is None:
                r.lost += 1
                if r.lost > self.hold:
                    r.done = True
                    continue
                moved = r.polys[frame - 1]  # held where it was last seen
            else:
                r.lost = 0
            if _outside(moved, self.size):
                r.done = True
                continue
            r.put(frame, moved)

    def found(self, frame: int, findings: list[Finding]) -> list[Region]:
        """PHI regions read on `frame` (after `step(frame)`): re-anchor the live region each one is, or
        start a new region and follow it backwards. Returns the new regions."""
        new = []
        for f in findings:
            if f.polygon is None:
                continue
            poly = np.asarray(f.polygon, np.float32)
            same = [r for r in self.regions if not r.done and frame in r.polys and r.finding.kind == f.kind
                    and r.finding.identifier == f.identifier and _overlap(r.polys[frame], poly) >= 0.5]
            if same:
                r = max(same, key=lambda r: _overlap(r.polys[frame], poly))
                r.polys[frame] = poly
                r.edge_at.pop(frame, None)
                r.reads.append(frame)
                r.lost = 0
                r.edges = touched_edges(poly, self.size)
                continue
            r = Region(len(self.regions), f, {frame: poly}, [frame], edges=touched_edges(poly, self.size),
                       size=self.size)
            self.regions.append(r)
            new.append(r)
        self._back(new, frame)
        return new

    def _back(self, new: list[Region], frame: int) -> None:
        """Follow regions first read on `frame` backwards over the kept grey frames, all in one flow call
        per frame, until each leaves the frame or is lost for longer than `hold`."""
        grays = {i: g for i, g in self._grays}
        state = {id(r): (r.polys[frame], 0) for r in new}
        live = list(new)
        f = frame
        while live and f - 1 in grays and f in grays:
            moved_all = follow_many(grays[f], grays[f - 1], [state[id(r)][0] for r in live], self._scale)
            nxt = []
            for r, moved in zip(live, moved_all, strict=True):
                poly, lost = state[id(r)]
                if moved is None:
                    lost += 1
                    if lost > self.hold:
                        continue
                    moved = poly
                else:
                    lost = 0
                if _outside(moved, self.size):
                    continue
                state[id(r)] = (moved, lost)
                if f - 1 not in r.polys:
                    r.put(f - 1, moved)
                nxt.append(r)
            live = nxt
            f -= 1
