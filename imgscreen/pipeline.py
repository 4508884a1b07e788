"""load -> detect -> classify -> decide -> redact -> verify: the one path the CLI and the UI share.

Every stage runs under the same guard (`_run_stage`): it is timed, an exception becomes a failed
`StageOutcome` whose message carries no PHI, and `decide` turns any failed or capped stage into
`reject`. There is no code path from an error to `accept`.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from .decide import decide
from .detect import Detector, StageResult
from .errors import safe_error
from .load import LoadError, load_file
from .model import (
    Decision,
    Finding,
    Identifier,
    Override,
    Photo,
    ScreenResult,
    StageOutcome,
    TextLine,
    bbox_of,
    merge_rects,
    moved_line,
    polygon_from_box,
)
from .policy import Policy
from .redact import apply_masks, draw_region, union_mask


def _run_stage(name: str, fn: Callable[[], StageResult]) -> tuple[StageResult, StageOutcome]:
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - every failure must become a reject, never a crash
        return StageResult(), StageOutcome(name, False, time.perf_counter() - start, safe_error(exc))
    outcome = StageOutcome(name, True, time.perf_counter() - start, notes=list(result.notes),
                           truncated=result.truncated)
    return result, outcome


def _default_detectors(policy: Policy) -> dict[str, Detector]:
    """Imported lazily so that a missing optional engine fails its stage, not the whole tool."""
    detectors: dict[str, Detector] = {}
    if policy.metadata.enabled:
        from . import metadata

        detectors["metadata"] = metadata.detect
    if policy.faces.enabled:
        from . import faces

        detectors["faces"] = faces.detect
    if policy.text.enabled:
        from . import ocr

        detectors["ocr"] = ocr.detect
    if policy.barcodes.enabled:
        from . import barcodes

        detectors["barcodes"] = barcodes.detect
    return detectors


def _default_classifier() -> Callable[[list[TextLine], Policy], list[Finding]]:
    from . import phi

    return phi.classify


def _mostly_inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Fraction of box `a`'s area that lies inside box `b`."""
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    ix = max(0, min(ax + aw, bx + bw) - max(ax, bx))
    iy = max(0, min(ay + ah, by + bh) - max(ay, by))
    return (ix * iy) / (aw * ah) if aw * ah else 0.0


def _overlaps(f: Finding, others: Sequence[Finding], threshold: float = 0.5) -> bool:
    """Whether most of `f` lies inside one of `others` (a crop may cut a region, so not IoU)."""
    if f.bbox is None:
        return False
    return any(o.bbox is not None and _mostly_inside(f.bbox, o.bbox) >= threshold for o in others)


def manual_finding(box: tuple[int, int, int, int]) -> Finding:
    return Finding(kind="manual", identifier=Identifier.OTHER_ID, label="Marked by reviewer", score=1.0,
                   detector="reviewer", polygon=polygon_from_box(*box), mask="polygon")


class Screener:
    """Holds the policy and the detectors; build one per process and reuse it (models load once)."""

    def __init__(
        self,
        policy: Policy | None = None,
        detectors: dict[str, Detector] | None = None,
        classifier: Callable[[list[TextLine], Policy], list[Finding]] | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.detectors = detectors if detectors is not None else _default_detectors(self.policy)
        self._classifier = classifier
        self._pool: ThreadPoolExecutor | None = None

    def _helper(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imgscreen-beside")
        return self._pool

    @property
    def classifier(self) -> Callable[[list[TextLine], Policy], list[Finding]]:
        if self._classifier is None:
            self._classifier = _default_classifier()
        return self._classifier

    # -- detection ---------------------------------------------------------------------------
    def detect(self, photo: Photo, skip: Sequence[str] = ()) -> tuple[list[Finding], list[TextLine],
                                                                       list[StageOutcome]]:
        """Run every stage not in `skip`; results come in the detectors' order, whatever ran where.

        Stages in `BESIDE` run on a helper thread while the others run here: the face and text
        stages keep both cores busy inside onnxruntime only part of the time (their sessions do not
        spin between ops), and the barcode stage, mostly OpenCV and zxing-cpp in C++, fills the gaps.
        On the e2e 12 MP photos the three stages take 2.2 s instead of 2.6 s.
        """
        names = [n for n in self.detectors if n not in skip]
        beside = {n: self._helper().submit(_run_stage, n, lambda d=self.detectors[n]: d(photo, self.policy))
                  for n in names if n in BESIDE and len(names) > 1}
        findings: list[Finding] = []
        lines: list[TextLine] = []
        stages: list[StageOutcome] = []
        here = {n: _run_stage(n, lambda d=self.detectors[n]: d(photo, self.policy)) for n in names if n not in beside}
        for name in names:
            result, outcome = beside[name].result() if name in beside else here[name]
            stages.append(outcome)
            findings.extend(result.findings)
            if name == "ocr" and outcome.ok:
                lines = result.lines
                phi_result, phi_outcome = _run_stage(
                    "phi", lambda read=result.lines: StageResult(findings=self.classifier(read, self.policy))
                )
                stages.append(phi_outcome)
                findings.extend(phi_result.findings)
        return findings, lines, stages

    # -- overrides -----------------------------------------------------------------------------
    def _apply_overrides(self, findings: list[Finding], overrides: Sequence[Override]
                         ) -> tuple[list[Finding], list[Finding]]:
        dropped_idx = {o.finding_index for o in overrides if o.action == "drop" and o.finding_index is not None}
        active = [f for i, f in enumerate(findings) if i not in dropped_idx]
        dismissed = [dataclasses.replace(f, extra={**f.extra, "dismissed": "dropped by reviewer"})
                     for i, f in enumerate(findings) if i in dropped_idx]
        consent = [o.box for o in overrides if o.action == "consent" and o.box]
        if consent:
            from .faces import apply_consent

            faces = [f for f in active if f.kind == "face"]
            keep_masked, consented = apply_consent(faces, consent)
            others = [f for f in active if f.kind != "face"]
            active = others + list(keep_masked)
            dismissed += [dataclasses.replace(f, extra={**f.extra, "dismissed": "consented"}) for f in consented]
        active += [manual_finding(o.box) for o in overrides if o.action == "add_box" and o.box]
        return active, dismissed

    # -- verify ----------------------------------------------------------------------------------
    def _verify(self, safe: np.ndarray, around: list[Finding], dismissed: list[Finding],
                lines: Sequence[TextLine] = (), union: np.ndarray | None = None
                ) -> tuple[list[Finding], list[StageOutcome]]:
        """Screen the safe pixels again around the masks in `around`; return what is still found.

        Outside the masks' neighbourhoods the safe copy is the original, pixel for pixel, and the
        first pass already judged it, so the verify pass reads only crops around the masks (see
        `verify_crops`), not the whole 12 MP frame again. And a mask can only fail to hide the kind
        of thing it covers (a solid bar over a name cannot uncover a face), so each crop is read by
        the stage that found its masks (`VERIFY_STAGES`); a reviewer's box, or a kind whose usual
        stage is not configured, is read by every stage. The first look's text `lines` that touch
        no mask (`union`) have the same pixels in a crop, so the text stage takes their reading
        over (`Photo.known_lines`); those a mask touches are read again, in the direction they
        were read before (`Photo.line_hints`).
        """
        touched = {id(ln) for ln in lines if union is None or _touches(ln, union)}
        every = tuple(n for n in self.detectors if n != "metadata")
        by_stage: dict[str, list[tuple[int, int, int, int]]] = {}
        for f in around:
            if f.bbox is None:
                continue
            usual = VERIFY_STAGES.get(f.kind)
            for name in (usual,) if usual in self.detectors else every:
                by_stage.setdefault(name, []).append(f.bbox)
        found_all: list[Finding] = []
        stages: list[StageOutcome] = []
        h, w = safe.shape[:2]
        for name, boxes in by_stage.items():
            skip = tuple(n for n in self.detectors if n != name)
            scale = _verify_scale(name, w, h)
            # Faces are looked for in the whole frame, as the first look did: a face detector's view of
            # a filled head depends on the pyramid it sees, and a crop's pyramid is not the frame's.
            crops = [(0, 0, w, h)] if name == "faces" else verify_crops(boxes, (h, w))
            for x0, y0, x1, y1 in crops:
                pixels = safe[y0:y1, x0:x1]
                if scale < 1.0:
                    size = (max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale)))
                    pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
                near = [ln for ln in lines if _within(ln, (x0, y0, x1, y1))] if name == "ocr" else []
                known = tuple(moved_line(ln, -x0, -y0, scale) for ln in near if id(ln) not in touched)
                hints = tuple(moved_line(ln, -x0, -y0, scale) for ln in near if id(ln) in touched)
                # The whole frame is read for faces, but only the pyramid tiles near the face masks
                # run: elsewhere the pixels are the first look's.
                changed = tuple(_grown(b, (w, h)) for b in boxes) if name == "faces" else None
                crop = Photo(pixels=np.ascontiguousarray(pixels), known_lines=known, line_hints=hints,
                             changed=changed)
                found, _, crop_stages = self.detect(crop, skip=skip)
                stages.extend(crop_stages)
                for f in found:
                    if f.polygon is None:
                        continue
                    moved = dataclasses.replace(
                        f, polygon=tuple((px / scale + x0, py / scale + y0) for px, py in f.polygon))
                    if not _overlaps(moved, dismissed):
                        found_all.append(moved)
        return found_all, stages

    # -- the whole path ----------------------------------------------------------------------------
    def screen_photo(self, photo: Photo, overrides: Sequence[Override] = ()) -> ScreenResult:
        start = time.perf_counter()
        findings, lines, stages = self.detect(photo)
        active, dismissed = self._apply_overrides(findings, overrides)
        size = (photo.width, photo.height)
        decision = decide(active, stages, self.policy, lines, size)
        result = ScreenResult(photo=photo, source=photo.source, frame=photo.frame, findings=active,
                              lines=lines, stages=stages, decision=decision, overrides=list(overrides),
                              dismissed=dismissed)
        if decision.verdict != "reject":
            self._redact_and_verify(result)
        result.seconds = time.perf_counter() - start
        limit = self.policy.limits.photo_timeout_s
        if result.seconds > limit and result.decision.verdict == "accept":
            result.decision = Decision("reject", [f"screening took {result.seconds:.0f} s, over the {limit:.0f} s "
                                                  "time-out"], decision.policy)
            result.safe_pixels = None
        return result

    def _redact_and_verify(self, result: ScreenResult) -> None:
        assert result.photo is not None
        start = time.perf_counter()
        pixels = result.photo.pixels
        masked = [f for f in result.findings if f.in_pixels]
        safe = apply_masks(pixels, masked, self.policy) if masked else pixels.copy()
        if not self.policy.output.verify or not masked:
            result.safe_pixels = safe
            result.verify = {"ran": False, "reason": "nothing was masked" if not masked else "disabled by policy"}
            return
        shape = pixels.shape[:2]
        union = union_mask(shape, masked, self.policy)
        still, stages = self._verify(safe, masked, result.dismissed, result.lines, union)
        # Anything not already under a mask is something the first pass missed (or a mask too small
        # for its region): mask it too and look again.
        still = [f for f in still if not _masked_already(f, union)]
        failed = [s for s in stages if not s.ok]
        passes = 1
        found_after_first = len(still)
        while still and not failed and passes < MAX_MASK_PASSES:
            masked = masked + still
            result.findings = result.findings + [
                dataclasses.replace(f, extra={**f.extra, "verify": True, "verify_pass": passes}) for f in still]
            safe = apply_masks(pixels, masked, self.policy)
            # Only the new masks changed pixels; the earlier looks already cleared the rest.
            for f in still:
                draw_region(union, f, self.policy)
            still, stages_again = self._verify(safe, still, result.dismissed, result.lines, union)
            still = [f for f in still if not _masked_already(f, union)]
            passes += 1
            failed = [s for s in stages_again if not s.ok]
        result.verify = {
            "ran": True,
            "passes": passes,
            "found_after_first_mask": found_after_first,
            "persisted": len(still),
            "failed_stages": [s.stage for s in failed],
            # masks and every verify round: with the stage timings, where a photo's time went
            "seconds": round(time.perf_counter() - start, 3),
        }
        if failed:
            result.decision = Decision("reject", [f"could not verify the safe copy: the {s.stage} stage failed "
                                                  f"({s.error})" for s in failed], result.decision.policy)
            return
        if still:
            result.decision = Decision("reject", [f"PHI still detected after masking {passes} times "
                                                  f"({len(still)} regions)"], result.decision.policy)
            return
        result.safe_pixels = safe

    def screen_file(self, path: str | Path, overrides: Sequence[Override] = ()) -> list[ScreenResult]:
        """One result per frame. Never raises for bad input: an unreadable file is one `reject`."""
        path = Path(path)
        start = time.perf_counter()
        try:
            photos = load_file(path, self.policy.limits)
        except LoadError as e:
            return [_failed(path, "load", str(e), time.perf_counter() - start)]
        except Exception as e:  # noqa: BLE001
            return [_failed(path, "load", safe_error(e), time.perf_counter() - start)]
        return [self.screen_photo(p, overrides) for p in photos]


def _verify_scale(stage: str, width: int, height: int) -> float:
    """Resolution at which the verify pass reads a crop for `stage`, relative to the photo.

    The text stage reads a big photo's small text at its fine level (long side `ocr.FINE_SIDE`); a
    crop read at full size would cost that level's price again for every crop and see detail the
    first look never saw. Reading crops at the same scale the first look used keeps the second look
    equal to the first, at a fraction of the cost. Faces and barcodes read crops as they are.
    """
    if stage == "ocr":
        from .ocr import FINE_SIDE

        return min(1.0, FINE_SIDE / max(1, width, height))
    return 1.0


# Stages that run on a helper thread beside the others (see Screener.detect).
BESIDE = frozenset({"barcodes"})

# Which stage re-reads the pixels around a mask of each kind in the verify pass.
VERIFY_STAGES = {"face": "faces", "text": "ocr", "barcode": "barcodes"}

# A verify finding this much under existing masks is the detector reacting to a mask, not a miss.
COVERED = 0.9
# Masking rounds before a photo whose verify pass keeps finding something is rejected. Text is
# masked solid and is either gone after the second round or a real problem; a face detector can
# still take a filled head for a face, and each round gives such a blob its own, larger mask.
MAX_MASK_PASSES = 3


def _grown(box: tuple[int, int, int, int], size: tuple[int, int]) -> tuple[int, int, int, int]:
    """A face finding's box grown by half its size on every side: its drawn mask (capsule, neck) and
    the filled context around it lie inside."""
    x, y, bw, bh = box
    m = max(bw, bh) // 2 + 2
    x0, y0 = max(0, x - m), max(0, y - m)
    return x0, y0, min(size[0], x + bw + m) - x0, min(size[1], y + bh + m) - y0


def _line_box(line: TextLine, grow: int = 2) -> tuple[int, int, int, int]:
    x, y, w, h = bbox_of(line.polygon)
    return x - grow, y - grow, x + w + grow, y + h + grow


def _touches(line: TextLine, union: np.ndarray) -> bool:
    """Does any mask pixel lie in the line's polygon (grown by a pixel)? A rotated line's box would
    hold its neighbours' masks too."""
    x0, y0, x1, y1 = (max(0, v) for v in _line_box(line))
    patch = union[y0:y1, x0:x1]
    if not patch.any():
        return False
    inside = np.zeros(patch.shape, np.uint8)
    poly = np.round(np.asarray(line.polygon) - (x0, y0)).astype(np.int32)
    cv2.fillPoly(inside, [poly], 1)
    inside = cv2.dilate(inside, np.ones((3, 3), np.uint8))
    return bool((patch[inside > 0]).any())


def _within(line: TextLine, crop: tuple[int, int, int, int]) -> bool:
    x0, y0, x1, y1 = _line_box(line)
    return x0 >= crop[0] and y0 >= crop[1] and x1 <= crop[2] and y1 <= crop[3]


def coverage(f: Finding, union: np.ndarray) -> float:
    """Fraction of a finding's box that lies under the union of masks."""
    if f.polygon is None:
        return 0.0
    x, y, w, h = bbox_of(f.polygon)
    patch = union[max(0, y):max(0, y + h), max(0, x):max(0, x + w)]
    return float(np.count_nonzero(patch)) / patch.size if patch.size else 0.0


def _masked_already(f: Finding, union: np.ndarray) -> bool:
    """Is a verify finding just the detector reacting to a mask that already hides it?

    Text: yes when the mask covers it almost wholly (a solid bar cannot be read). Faces: never. A
    face found on a filled head means the outline still reads as a face to a detector, which is
    what the leak test measures; it gets its own mask in the next round.
    """
    return f.kind != "face" and coverage(f, union) >= COVERED


def verify_crops(boxes: Sequence[tuple[int, int, int, int]], shape: tuple[int, int]
                 ) -> list[tuple[int, int, int, int]]:
    """Crops (x0, y0, x1, y1) that hold every mask with room around it, overlapping ones merged.

    The margin is two region heights (the box's short side) plus 16 px: enough for the rest of a
    text line or a whole head to be seen in context, small enough that a 12 MP photo with a few
    masks is a few small crops. When the crops together would cover most of the frame, one crop
    is cheaper than many.
    """
    h, w = shape
    grown = []
    for x, y, bw, bh in boxes:
        m = 2 * min(bw, bh) + 16
        x0, y0 = max(0, x - m), max(0, y - m)
        grown.append((x0, y0, min(w, x + bw + m) - x0, min(h, y + bh + m) - y0))
    rects = [(x, y, x + rw, y + rh) for x, y, rw, rh in merge_rects(grown) if rw > 0 and rh > 0]
    if rects and sum((r[2] - r[0]) * (r[3] - r[1]) for r in rects) > 0.6 * w * h:
        rects = [(min(r[0] for r in rects), min(r[1] for r in rects),
                  max(r[2] for r in rects), max(r[3] for r in rects))]
    return rects


def _failed(path: Path, stage: str, reason: str, seconds: float) -> ScreenResult:
    outcome = StageOutcome(stage, False, seconds, reason)
    return ScreenResult(photo=None, source=path, frame=0, findings=[], lines=[], stages=[outcome],
                        decision=Decision("reject", [f"could not read the photo: {reason}"]), seconds=seconds)


def screen_file(path: str | Path, policy: Policy | None = None, overrides: Sequence[Override] = ()
                ) -> list[ScreenResult]:
    return Screener(policy).screen_file(path, overrides)
