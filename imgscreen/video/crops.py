"""A stage run on crops of a frame instead of the whole frame, its findings mapped back.

Why: on a 720p frame the face detector costs ~160 CPU ms at the video network size and the text
stage ~1.3 CPU s, and most of a frame is the same scene the last full look already judged. Where a
face track is, or where a mask was drawn, is known; a crop around each (grown by two box heights
plus 16 px, `verify.verify_crops`, so a head or a line is seen with its context) costs a fraction
of the frame. Used for the face detector between full-frame looks (around live tracks) and for the
verify pass (around the masks).

A crop is read at the scale the whole frame is read at (`face_scale`): the detector sees a face at
the same size in network pixels, so its scores and its smallest face do not change with the crop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..detect import FIRST_LOOK, Stage, StageResult, VerifyContext
from ..faces import plan_scales
from ..model import Finding, Photo, Rect, StageOutcome, TextLine, moved_line
from ..pipeline import _run_stage
from ..policy import Policy
from ..verify import verify_crops

# When the crops together cover more than this share of the frame, one look at the whole frame is
# cheaper (fewer, larger network calls and no pyramid per crop).
WHOLE_FRAME_SHARE = 0.5


def crops_for(boxes: Sequence[Rect], size: tuple[int, int]) -> list[Rect] | None:
    """Crops holding every box with its context (merged where they meet), or None when they would
    cover so much of the frame that the whole frame is the cheaper look."""
    w, h = size
    rects = verify_crops([b for b in boxes if b.w > 0 and b.h > 0], (h, w))
    if sum(r.area for r in rects) > WHOLE_FRAME_SHARE * w * h:
        return None
    return rects


def face_scale(size: tuple[int, int], megapixels: float) -> float:
    """The scale the face stage reads a whole frame of `size` at (its finest pyramid level)."""
    return plan_scales(size[0], size[1], megapixels)[0]


def face_policy_for(policy: Policy, crop: Rect, scale: float) -> Policy:
    """The face policy whose pixel budget makes the stage read `crop` at `scale`, as the whole frame."""
    mp = scale * scale * crop.w * crop.h / 1e6
    return policy.replace("faces", max_megapixels=max(mp, 1e-4))


def _shift(f: Finding, dx: float, dy: float) -> Finding:
    return f.mapped(lambda x, y: (x + dx, y + dy))


def run_on_crops(stage: Stage, pixels: np.ndarray, frame: int, crops: Sequence[Rect], policy: Policy,
                 scale: float | None = None, prefix: str = ""
                 ) -> tuple[list[Finding], list[TextLine], list[StageOutcome]]:
    """`stage` on each crop of `pixels`; findings and lines in frame pixels, one outcome per crop.

    With `scale` (faces), each crop is read at that scale through the policy's pixel budget; without
    it the stage's own policy applies. Errors are caught by the pipeline's guard (`_run_stage`) and
    come back as failed outcomes: the caller rejects.
    """
    findings: list[Finding] = []
    lines: list[TextLine] = []
    outcomes: list[StageOutcome] = []
    for c in crops:
        sub = np.ascontiguousarray(pixels[c.y:c.y1, c.x:c.x1])
        photo = Photo(pixels=sub, frame=frame)
        pol = face_policy_for(policy, c, scale) if scale is not None else policy

        def call(photo: Photo = photo, pol: Policy = pol, ctx: VerifyContext = FIRST_LOOK) -> StageResult:
            return stage.detect(photo, pol, ctx)

        result, outcome = _run_stage(prefix + stage.name, call)
        outcomes.append(outcome)
        if not outcome.ok:
            break
        findings += [_shift(f, c.x, c.y) for f in result.findings]
        lines += [moved_line(ln, c.x, c.y, 1.0) for ln in result.lines]
    return findings, lines, outcomes


def track_boxes(last: dict[object, tuple[int, tuple[float, float, float, float]]], frame: int, within: int,
                size: tuple[int, int]) -> list[Rect]:
    """Boxes of the faces seen in the last `within` frames (the places a face can be now), grown by
    how far a face may have moved since (its own size per `within` frames, the speed a walker crossing
    a 720p frame in 2 s has)."""
    w, h = size
    out = []
    for f, (x, y, bw, bh) in last.values():
        age = frame - f
        if not 0 < age <= within:
            continue
        pad = math.ceil(max(bw, bh) * age / max(1, within))
        r = Rect(int(x) - pad, int(y) - pad, math.ceil(bw) + 2 * pad, math.ceil(bh) + 2 * pad)
        out.append(r.grown(0, (w, h)))
    return [r for r in out if r.w > 0 and r.h > 0]
