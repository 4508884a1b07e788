"""Faces across frames: detector sightings -> identities (ByteTrack) -> a box on every frame of a track's life.

Why a tracker and then a second, offline step: the face detector misses a face now and then (a turned
head, motion blur, a hand in front), and a face missed for three frames is visible for three frames
in the post. ByteTrack (the `trackers` package's `ByteTrackTracker`, with its Kalman filter and its
second matching round for weak detections) says which sightings are the same person. Because the
whole video is analysed before a frame is written, the gaps can then be filled with hindsight: a box
is interpolated between the sightings on either side of a gap (up to `video.max_gap_s`), grown by how
far the face moved, and every run of sightings is extended by `video.margin_s` before its first and
after its last sighting, moving on with the face's last speed (a face walking out of the frame is
still masked on the frames where it is too cut off to be detected). Consent is given to a track,
so a consenting person stays unmasked for their whole time on screen.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..faces import apply_consent, head_box, iou
from ..model import FaceGeometry, Finding, Identifier, Rect, polygon_from_box

Box = tuple[float, float, float, float]  # x, y, w, h in upright frame pixels
BUFFER = 1.0


@dataclass(frozen=True)
class Sighting:
    """One face the detector found on one frame; `track` is -1 until the tracker confirms it."""

    frame: int
    box: Box  # the detector's brow-to-chin box
    score: float
    rotation: int = 0
    track: int = -1
    source: str = "detector"  # "verify" for a face found on the written video


@dataclass
class FaceTrack:
    """One person's face over time: what the detector saw and the box drawn on each frame."""

    track_id: int
    sightings: list[Sighting]
    boxes: dict[int, Box] = field(default_factory=dict)  # frame -> box, after gaps and margins are filled
    rotation: int = 0
    consented: bool = False

    @property
    def first(self) -> Sighting:
        return min(self.sightings, key=lambda s: s.frame)

    @property
    def score(self) -> float:
        return max(s.score for s in self.sightings)


class FaceTracker:
    """ByteTrack over the frames the detector ran on; `reset` at a scene cut starts fresh identities."""

    def __init__(self, fps: float, threshold: float, max_gap_s: float) -> None:
        from trackers import BIoU, ByteTrackTracker

        # Buffered IoU (boxes grown by BUFFER of their size on each side before matching): a face that
        # moves its own width between two detector frames (a passer-by in 720p at k = 2) still
        # overlaps its prediction; with plain IoU every sighting of it started a new track.
        self._make = lambda: ByteTrackTracker(
            lost_track_buffer=max(1, round(max_gap_s * 30)),  # the tracker counts 30 fps frames
            frame_rate=fps,
            track_activation_threshold=threshold,
            minimum_consecutive_frames=1,
            minimum_iou_threshold=0.1,
            # Every detection over the face stage's own threshold (chosen for recall) is a sure one:
            # with ByteTrack's default split a weak but real face could never start a track.
            high_conf_det_threshold=threshold,
            iou=BIoU(buffer_ratio=BUFFER),
        )
        self._tracker = self._make()
        self._epoch = 0
        self._ids: dict[tuple[int, int], int] = {}

    def reset(self) -> None:
        self._tracker = self._make()
        self._epoch += 1

    def update(self, frame: int, time_s: float, found: Sequence[tuple[Box, float, int]]) -> list[Sighting]:
        """Sightings for one frame's faces ((box, score, rotation) each), with track ids where confirmed."""
        import supervision as sv

        if not found:
            boxes = np.zeros((0, 4), np.float32)
        else:
            boxes = np.array([[x, y, x + w, y + h] for (x, y, w, h), _, _ in found], np.float32)
        dets = sv.Detections(xyxy=boxes, confidence=np.array([s for _, s, _ in found], np.float32),
                             data={"row": np.arange(len(found))})
        out = self._tracker.update(dets, timestamp=time_s)
        sightings = []
        for row, tid in zip(out.data.get("row", np.zeros(0, int)), out.tracker_id, strict=True):
            box, score, rot = found[int(row)]
            gid = -1
            if tid >= 0:
                gid = self._ids.setdefault((self._epoch, int(tid)), len(self._ids))
            sightings.append(Sighting(frame, box, float(score), rot, gid))
        return sightings


def _centre(b: Box) -> tuple[float, float]:
    return b[0] + b[2] / 2, b[1] + b[3] / 2


def _close(a: Box, b: Box) -> bool:
    """Same face on nearby frames: overlapping, or centres within a face's size of each other."""
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    return iou(a, b) >= 0.2 or math.hypot(ax - bx, ay - by) <= max(a[2], a[3], b[2], b[3])


def group(sightings: Sequence[Sighting], link_frames: int, stitch_frames: int = 0) -> list[FaceTrack]:
    """Sightings -> tracks. A sighting the tracker left unconfirmed (-1: every track's first one, a
    lone weak detection) joins the track whose first sighting follows it within `link_frames` at the
    same place; otherwise it is a track of its own (masked all the same)."""
    tracks: dict[int, list[Sighting]] = {}
    loose: list[Sighting] = []
    for s in sightings:
        (tracks.setdefault(s.track, []) if s.track >= 0 else loose).append(s)
    next_id = max(tracks, default=-1) + 1
    firsts = {tid: min(ss, key=lambda s: s.frame) for tid, ss in tracks.items()}
    for s in sorted(loose, key=lambda s: s.frame):
        near = [tid for tid, f in firsts.items() if 0 < f.frame - s.frame <= link_frames and _close(s.box, f.box)]
        if near:
            tid = min(near, key=lambda t: firsts[t].frame - s.frame)
            tracks[tid].append(s)
            firsts[tid] = s
        else:
            tracks[next_id] = [s]
            next_id += 1
    out = []
    for tid, ss in sorted(tracks.items()):
        ss.sort(key=lambda s: s.frame)
        out.append(FaceTrack(tid, ss, rotation=max(set(s.rotation for s in ss), key=[s.rotation for s in ss].count)))
    return stitch(out, stitch_frames)


def _velocity(ss: Sequence[Sighting], last: bool) -> tuple[float, float]:
    if len(ss) < 2:
        return 0.0, 0.0
    a, b = (ss[-2], ss[-1]) if last else (ss[0], ss[1])
    (ax, ay), (bx, by) = _centre(a.box), _centre(b.box)
    df = max(1, b.frame - a.frame)
    return (bx - ax) / df, (by - ay) / df


def stitch(tracks: list[FaceTrack], max_frames: int) -> list[FaceTrack]:
    """Join a track that starts within `max_frames` after another ends, where that one was heading.

    ByteTrack gives a face a new identity when it comes back further from its prediction than the
    match allows (a fast walker after a few missed frames). For masking that costs nothing (every
    sighting is masked), but a reviewer would see one person as several findings and consent would
    cover only a part of them, so fragments are joined: the end of one, moved on at its last speed,
    must lie within a face's size of the start of the next.
    """
    tracks = sorted(tracks, key=lambda t: t.sightings[0].frame)
    joined: list[FaceTrack] = []
    for t in tracks:
        head = t.sightings[0]
        best = None
        for o in joined:
            tail = o.sightings[-1]
            gap = head.frame - tail.frame
            if not 0 < gap <= max_frames:
                continue
            vx, vy = _velocity(o.sightings, last=True)
            (tx, ty), (hx, hy) = _centre(tail.box), _centre(head.box)
            miss = math.hypot(tx + vx * gap - hx, ty + vy * gap - hy)
            size = max(tail.box[2], tail.box[3], head.box[2], head.box[3])
            similar = 0.5 <= head.box[3] / max(1e-6, tail.box[3]) <= 2
            if miss <= 1.5 * size and similar and (best is None or gap < best[0]):
                best = (gap, o)
        if best is None:
            joined.append(t)
        else:
            best[1].sightings.extend(t.sightings)
    return joined


def _merged(ss: Sequence[Sighting]) -> list[tuple[int, Box]]:
    """One box per frame (several sightings on a frame, e.g. a verify hit beside a track: their union)."""
    by: dict[int, list[Box]] = {}
    for s in ss:
        by.setdefault(s.frame, []).append(s.box)
    out = []
    for f, boxes in sorted(by.items()):
        x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
        x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        out.append((f, (x0, y0, x1 - x0, y1 - y0)))
    return out


def _grow(b: Box, pad: float) -> Box:
    return b[0] - pad, b[1] - pad, b[2] + 2 * pad, b[3] + 2 * pad


def _shift(b: Box, dx: float, dy: float) -> Box:
    return b[0] + dx, b[1] + dy, b[2], b[3]


def _visible(b: Box, width: int, height: int) -> bool:
    return b[0] < width and b[1] < height and b[0] + b[2] > 0 and b[1] + b[3] > 0


def fill(track: FaceTrack, n_frames: int, size: tuple[int, int], max_gap: int, margin: int,
         cuts: Sequence[int] = ()) -> FaceTrack:
    """Fill `track.boxes`: sightings as they are, gaps up to `max_gap` frames interpolated, and `margin`
    frames before and after each run of sightings, moving with the face's speed. Nothing is carried
    across a scene cut (`cuts`: first frames of new scenes) or outside [0, n_frames)."""
    width, height = size
    pts = _merged(track.sightings)
    boxes: dict[int, Box] = {}
    cut_list = sorted(cuts)

    def scene(f: int) -> tuple[int, int]:
        start, end = 0, n_frames
        for c in cut_list:
            if c <= f:
                start = c
            else:
                end = c
                break
        return start, end

    runs: list[list[tuple[int, Box]]] = []
    for p in pts:
        if runs and p[0] - runs[-1][-1][0] <= max_gap and scene(p[0]) == scene(runs[-1][-1][0]):
            runs[-1].append(p)
        else:
            runs.append([p])
    for run in runs:
        for (f0, b0), (f1, b1) in zip(run, run[1:], strict=False):
            (c0x, c0y), (c1x, c1y) = _centre(b0), _centre(b1)
            moved = math.hypot(c1x - c0x, c1y - c0y)
            for f in range(f0, f1):
                t = (f - f0) / (f1 - f0)
                b = tuple(a + (c - a) * t for a, c in zip(b0, b1, strict=True))
                # Where the face was between two sightings is a guess: grow the box by how far it moved.
                boxes[f] = _grow(b, 0.5 * moved * min(t, 1 - t) + 0.05 * max(b[2], b[3]))  # type: ignore[arg-type]
        fl, bl = run[-1]
        boxes[fl] = bl
        lo, hi = scene(run[0][0])
        for end, sign in ((run[0], -1), (run[-1], 1)):
            f_end, b_end = end
            nb = run[1] if sign < 0 and len(run) > 1 else (run[-2] if sign > 0 and len(run) > 1 else None)
            vx = vy = 0.0
            if nb is not None and nb[0] != f_end:
                (ex, ey), (nx, ny) = _centre(b_end), _centre(nb[1])
                vx, vy = (ex - nx) / abs(f_end - nb[0]), (ey - ny) / abs(f_end - nb[0])
            for k in range(1, margin + 1):
                f = f_end + sign * k
                if not lo <= f < hi or f in boxes:
                    continue
                b = _grow(_shift(b_end, vx * k, vy * k), 0.05 * max(b_end[2], b_end[3]) * (1 + k / max(1, margin)))
                if _visible(b, width, height):
                    boxes[f] = b
    track.boxes = {f: b for f, b in sorted(boxes.items()) if 0 <= f < n_frames}
    return track


def face_finding(box: Box, score: float, rotation: int, head_scale: tuple[float, float], size: tuple[int, int],
                 detector: str = "centerface") -> Finding:
    """The same face finding the photo pipeline makes (`faces.detect`), for a box on one frame."""
    w, h = size
    hx, hy, hw, hh = head_box(box, head_scale, rotation, w, h)
    ux, uy, uw, uh = head_box(box, head_scale, rotation, w, h, clip=False)
    return Finding(kind="face", identifier=Identifier.FACE, label="Face", score=round(score, 4), detector=detector,
                   polygon=polygon_from_box(hx, hy, max(1.0, hw), max(1.0, hh)), mask="ellipse",
                   face=FaceGeometry(box=Rect(*(round(v) for v in box)),
                                     head=(round(ux, 1), round(uy, 1), round(uw, 1), round(uh, 1)), rotation=rotation))


def face_of(f: Finding) -> tuple[Box, int]:
    """A face finding's raw detector box and head rotation (what the tracker follows)."""
    if f.face is not None:
        return tuple(float(v) for v in f.face.box), int(f.face.rotation)  # type: ignore[return-value]
    return tuple(float(v) for v in f.bbox or (0, 0, 0, 0)), 0  # type: ignore[return-value]


def consent(tracks: Sequence[FaceTrack], boxes: Sequence[tuple[tuple[int, int, int, int], int]],
            head_scale: tuple[float, float], size: tuple[int, int]) -> None:
    """Mark tracks consented: a (box, frame) consent covers the track whose face it matches on that frame
    (the photo pipeline's rule, `faces.apply_consent`), for the track's whole life."""
    for cbox, frame in boxes:
        for t in tracks:
            b = t.boxes.get(frame)
            if b is None:
                continue
            _, ok = apply_consent([face_finding(b, t.score, t.rotation, head_scale, size)], [cbox])
            if ok:
                t.consented = True
