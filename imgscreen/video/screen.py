"""One video in, one decision out: analyse every frame, decide, write the masked copy, verify it.

The path, and why each step is where it is:
1. `streams.probe`: limits (size, duration, resolution, frames) and a first decoded frame, before any
   work. A video that fails here is `reject` with the reason.
2. Analysis, one decode of every frame (on a helper thread, a few frames ahead: `pipe.prefetch`):
   the face stage on the whole frame every `video.face_every`-th frame and on crops around the
   faces already seen every `video.face_track_every`-th frame between (`crops`), fed to ByteTrack
   (`tracks.FaceTracker`); OCR + PHI classification + barcodes on a frame every `video.text_every_s`
   and at every scene cut, lines unchanged since the last read taking over its reading
   (`text.IncrementalText`), each PHI region followed by optical flow (`regions.RegionFollower`).
   Stages run under the photo pipeline's own guard (`Screener.detect`): a stage that fails on any
   frame makes the video `reject`.
3. With the whole video seen, face tracks are filled with hindsight (`tracks.fill`: gaps
   interpolated, margins in time) and consent and the reviewer's overrides apply to whole tracks.
4. Decide: the photo rules (`decide.decide`) on every frame that was read for text, with the faces
   of that frame; the worst decision wins (a screen full of PHI in one shot rejects the video).
5. Write (`streams.write_video`): masks from `redact.apply_masks` on every frame, audio copied;
   decoding ahead and encoding behind on helper threads (`pipe`).
6. Verify: the written file is decoded again and the detectors look at sampled frames where masks
   are (`video.verify_crops`: faces on crops around the face masks, text on frames with text masks).
   A hit is masked in another round (the file is written again); if hits persist after
   `video.max_rounds` rounds, the output is deleted and the video rejected.
Any error on the way deletes the output: a partial or unverified safe copy is never left behind.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..decide import decide
from ..detect import Detector, Stage
from ..errors import safe_error
from ..model import Decision, Finding, Identifier, Photo, Rect, StageOutcome, TextLine
from ..overrides import manual_finding
from ..pipeline import Screener
from ..policy import Policy
from ..redact import apply_masks, union_mask
from . import pipe, streams
from .crops import crops_for, face_scale, run_on_crops, track_boxes
from .regions import Region, RegionFollower, scene_change, small_gray
from .streams import VideoError, VideoInfo
from .text import IncrementalText, TextReuse
from .tracks import FaceTrack, FaceTracker, Sighting, face_finding, face_of, fill, group

TimedBox = tuple[tuple[int, int, int, int], float | None, float | None]  # box, from s, to s (None: open)


@dataclass(frozen=True)
class VideoOverrides:
    """A reviewer's changes to a video: consent to a face track (a box at a time), extra boxes over a
    time span, findings dropped by their number in the report."""

    consent: tuple[tuple[tuple[int, int, int, int], float], ...] = ()
    add_box: tuple[TimedBox, ...] = ()
    drop: tuple[int, ...] = ()  # 0-based finding indices, in the report's order
    consent_tracks: tuple[int, ...] = ()  # face track ids (the report's `track`), as a reviewer ticks them

    def records(self) -> list[dict[str, Any]]:
        return ([{"action": "consent", "box": list(b), "time_s": t} for b, t in self.consent]
                + [{"action": "consent", "track": t} for t in self.consent_tracks]
                + [{"action": "add_box", "box": list(b), "from_s": t0, "to_s": t1} for b, t0, t1 in self.add_box]
                + [{"action": "drop", "finding_index": i} for i in self.drop])


@dataclass
class VideoResult:
    path: Path
    decision: Decision
    info: VideoInfo | None = None
    n_frames: int = 0
    times: list[float] = field(default_factory=list)
    tracks: list[FaceTrack] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    manual: list[tuple[Finding, int, int]] = field(default_factory=list)  # finding, first frame, last frame
    metadata: list[Finding] = field(default_factory=list)  # tags in the container, dropped from the safe copy
    dropped: set[int] = field(default_factory=set)  # indices into `findings_order()`
    cuts: list[int] = field(default_factory=list)
    stages: list[StageOutcome] = field(default_factory=list)
    verify: dict[str, Any] = field(default_factory=dict)
    output: Path | None = None
    write: dict[str, Any] = field(default_factory=dict)
    overrides: VideoOverrides = field(default_factory=VideoOverrides)
    seconds: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of this process (all its threads) per phase: on a shared machine wall time says more
    # about the neighbours than about the work (bench.video prints both).
    phase_cpu: dict[str, float] = field(default_factory=dict)
    head_scale: tuple[float, float] = (1.35, 1.5)
    # What the decision was made from (frames read for text, their PHI and lines): kept so that a
    # reviewer's changes can be decided and written again without analysing the video again.
    samples: list[tuple[int, list[Finding], list[TextLine], list[StageOutcome]]] = field(default_factory=list)

    def items(self) -> list[tuple[str, Any]]:
        """Every finding over time in the report's order: face tracks, PHI regions, reviewer boxes."""
        return ([("track", t) for t in self.tracks] + [("region", r) for r in self.regions]
                + [("manual", m) for m in self.manual])


class _Stages:
    """Stage outcomes summed over frames: one line per stage in the report, the first error kept."""

    def __init__(self) -> None:
        self.by: dict[str, StageOutcome] = {}
        self.runs: dict[str, int] = {}

    def add(self, outcomes: Sequence[StageOutcome], prefix: str = "") -> list[StageOutcome]:
        failed = []
        for s in outcomes:
            name = prefix + s.stage
            cur = self.by.setdefault(name, StageOutcome(name, True, 0.0))
            cur.seconds += s.seconds
            self.runs[name] = self.runs.get(name, 0) + 1
            if not s.ok and cur.ok:
                cur.ok, cur.error = False, s.error
            if s.truncated:
                cur.truncated = True
                cur.notes = list(s.notes)
            if not s.ok or s.truncated:
                failed.append(s)
        return failed

    def outcomes(self) -> list[StageOutcome]:
        return [dataclasses.replace(s, notes=s.notes + [f"ran on {self.runs[n]} frames"]) for n, s in self.by.items()]


FACE_STAGE = "faces"
# Stages that look at a frame's pixels for things to mask; the metadata stage reads the file, and a
# video's container tags are read by `streams.probe` instead.
_NOT_PER_FRAME = ("metadata",)


class VideoScreener:
    """Holds the policy and the stages (models load once); `screen` one video at a time.

    The stages are the photo pipeline's (`stages.default_stages`, or `Screener(detectors=...)` pins
    for tests): the face stage runs on the frames the face sampling picks, every other pixel stage
    (text with its PHI classifier, barcodes) on the frames the text sampling picks.
    """

    def __init__(self, policy: Policy | None = None, detectors: dict[str, Detector] | None = None,
                 classifier: Any = None, *, stages: Sequence[Stage] | None = None) -> None:
        self.policy = policy or Policy()
        vp = self.policy.video
        every = Screener(self.policy, detectors, classifier, stages=stages).stages
        # Faces at the video budget, upright only: people in event videos stand; the rotated search
        # would cost three more passes a frame.
        face_policy = self.policy.replace("faces", max_megapixels=vp.face_megapixels, rotations=False)
        self.faces = Screener(face_policy, classifier=classifier,
                              stages=[s for s in every if s.name == FACE_STAGE])
        text_stages = [s for s in every if s.name not in (FACE_STAGE, *_NOT_PER_FRAME)]
        # The verify pass reads crops of the written video afresh; the analysis may take over the
        # readings of lines it has read before (`text.IncrementalText`, policy video.text_reuse).
        # Frames read text with the video's own `text_thorough` (off: the frame budget), not the photo default.
        text_policy = self.policy.replace("text", thorough=vp.text_thorough)
        self.text_verify = Screener(text_policy, classifier=classifier, stages=text_stages)
        self.reuse: IncrementalText | None = None
        if vp.text_reuse > 0:
            from .. import ocr

            for k, st in enumerate(text_stages):
                if st.name == "text" and st.detect is ocr.detect:
                    self.reuse = IncrementalText(vp.text_reuse)
                    text_stages = [*text_stages[:k], dataclasses.replace(st, detect=self.reuse), *text_stages[k + 1:]]
                    break
        self.text = Screener(text_policy, classifier=classifier, stages=text_stages)

    # -- analysis ---------------------------------------------------------------------------------
    def _analyse(self, path: Path, res: VideoResult, deadline: float) -> list[tuple[int, list[Finding],
                                                                                     list[TextLine], list]]:
        info = res.info
        assert info is not None
        vp = self.policy.video
        fps = info.fps
        size = (info.width, info.height)
        tracker = FaceTracker(fps, self.policy.faces.threshold, vp.max_gap_s) if self.faces.stages else None
        text_frames = max(1, round(vp.text_every_s * fps))
        follower = RegionFollower(size, back_frames=3 * text_frames, hold=text_frames)
        stages = _Stages()
        sightings: list[Sighting] = []
        samples: list[tuple[int, list[Finding], list[TextLine], list]] = []
        prev = None
        last_text = -10**9
        last_seen: dict[object, tuple[int, tuple[float, float, float, float]]] = {}
        if self.reuse is not None:
            self.reuse.state = TextReuse()  # nothing carried from another video
        face_at = face_scale(size, vp.face_megapixels)
        failed = False

        def decoded() -> Iterator[tuple[streams.Frame, np.ndarray, float]]:
            for fr in streams.frames(path, info, vp):  # on the decode thread, with the grey copy
                yield (fr, *small_gray(fr.pixels))

        for fr, gray, scale in pipe.prefetch(decoded(), vp.decode_ahead):
            if time.monotonic() > deadline:
                raise VideoError(f"screening took longer than the {vp.timeout_s:.0f} s limit (policy video.timeout_s)")
            i = fr.index
            res.times.append(fr.time_s)
            cut = scene_change(prev, gray, vp.scene_change)
            prev = gray
            if cut:
                res.cuts.append(i)
                follower.cut()
                if self.reuse is not None:
                    self.reuse.forget()
                if tracker is not None:
                    tracker.reset()
            follower.step(i, gray, scale)
            photo = None
            if tracker is not None:
                photo, face_findings, outs = self._look_for_faces(fr.pixels, path, i, cut, last_seen, face_at)
                if stages.add(outs, ""):
                    failed = True
                    break
                if face_findings is not None:
                    found = [(box, f.score, rot) for f in face_findings if f.bbox is not None
                             for box, rot in [face_of(f)]]
                    new = tracker.update(i, fr.time_s, found)  # type: ignore[arg-type]
                    sightings.extend(new)
                    for k, s in enumerate(new):
                        last_seen[s.track if s.track >= 0 else (i, k)] = (i, s.box)
            if self.text.stages and (cut or i - last_text >= text_frames):
                photo = photo or Photo(pixels=fr.pixels, source=path, frame=i)
                found_text, lines, outs = self.text.detect(photo)
                if stages.add(outs, ""):
                    failed = True
                    break
                phi = [f for f in found_text if f.in_pixels]
                follower.found(i, phi)
                samples.append((i, phi, lines, outs))
                last_text = i
        res.n_frames = len(res.times)
        res.stages = stages.outcomes()
        if failed:
            return samples
        margin = max(vp.face_every, math.ceil(vp.margin_s * fps))
        tracks = group(sightings, link_frames=3 * vp.face_every, stitch_frames=round(vp.max_gap_s * fps))
        res.tracks = [fill(t, res.n_frames, size, max(vp.face_every, round(vp.max_gap_s * fps)), margin, res.cuts)
                      for t in tracks]
        res.regions = [r for r in follower.regions if r.polys]
        return samples

    def _look_for_faces(self, pixels: np.ndarray, path: Path, i: int, cut: bool,
                        last_seen: dict[object, tuple[int, tuple[float, float, float, float]]], scale: float
                        ) -> tuple[Photo | None, list[Finding] | None, list[StageOutcome]]:
        """The face look for frame `i`: the whole frame every `face_every`-th frame and at a cut; on
        every `face_track_every`-th frame between, only crops around the faces seen since the last
        whole look (`crops.track_boxes`). Returns (the frame's Photo if one was made, the findings or
        None when nothing looked, the stage outcomes).

        Why crops are enough between whole looks: a face that comes into view is found by the next
        whole look at most `face_every` frames later, and its track's mask is carried back by
        `margin_s` (more frames than that) from its first sighting; what the crops keep is the
        sightings of faces already known, which are what the tracker and the gap filling need.
        """
        vp = self.policy.video
        h, w = pixels.shape[:2]
        whole = i % vp.face_every == 0 or cut
        near = (not whole and vp.face_track_every > 0 and i % vp.face_track_every == 0)
        if not whole and not near:
            return None, None, []
        if near:
            boxes = track_boxes(last_seen, i, vp.face_every, (w, h))
            rects = crops_for(boxes, (w, h)) if boxes else []
            if rects is not None:
                if not rects:
                    return None, None, []
                stage = self.faces.stages[0]
                found, _, outs = run_on_crops(stage, pixels, i, rects, self.faces.policy, scale)
                return None, found, outs
        photo = Photo(pixels=pixels, source=path, frame=i)
        found, _, outs = self.faces.detect(photo)
        return photo, found, outs

    # -- decision -----------------------------------------------------------------------------------
    def _decide(self, res: VideoResult, samples: list[tuple[int, list[Finding], list[TextLine], list]]) -> Decision:
        failed = [s for s in res.stages if not s.ok or s.truncated]
        if failed:
            return decide([], failed, self.policy)
        assert res.info is not None
        size = (res.info.width, res.info.height)
        hs = self.policy.faces.head_scale
        worst: Decision | None = None
        for i, phi, lines, outs in samples:
            faces = [face_finding(t.boxes[i], t.score, t.rotation, hs, size)
                     for t in res.tracks if not t.consented and i in t.boxes]
            d = decide(faces + phi, outs, self.policy, lines, size)
            if d.verdict == "reject":
                t = res.times[i] if i < len(res.times) else 0.0
                return Decision("reject", [f"at {t:.1f} s: {r}" for r in d.reasons], d.policy)
            worst = worst or d
        live = [k for k, (kind, item) in enumerate(res.items()) if k not in res.dropped
                and not (kind == "track" and item.consented)]
        meta = ", ".join(f.label for f in res.metadata)
        tail = [f"metadata removed from the safe copy: {meta}"] if meta else []
        if not live:
            return Decision("accept", ["no faces, PHI text or barcodes found in any frame", *tail],
                            worst.policy if worst else {})
        counts: dict[str, int] = {}
        for k in live:
            kind, item = res.items()[k]
            label = "face" if kind == "track" else (item.finding.label if kind == "region" else item[0].label)
            counts[label] = counts.get(label, 0) + 1
        summary = ", ".join(f"{n} x {label}" if n > 1 else label for label, n in counts.items())
        return Decision("redact", [f"PHI masked in every frame it is in: {summary}", *tail],
                        worst.policy if worst else {})

    # -- overrides ----------------------------------------------------------------------------------
    def _frame_at(self, res: VideoResult, t: float) -> int:
        if not res.times:
            return 0
        return int(np.argmin(np.abs(np.asarray(res.times) - t)))

    def _apply_overrides(self, res: VideoResult, ov: VideoOverrides) -> None:
        from .tracks import consent

        assert res.info is not None
        size = (res.info.width, res.info.height)
        consent(res.tracks, [(b, self._frame_at(res, t)) for b, t in ov.consent], self.policy.faces.head_scale, size)
        for t in res.tracks:
            if t.track_id in ov.consent_tracks:
                t.consented = True
        for box, t0, t1 in ov.add_box:
            f0 = 0 if t0 is None else self._frame_at(res, t0)
            f1 = res.n_frames - 1 if t1 is None else self._frame_at(res, t1)
            res.manual.append((manual_finding(Rect(*box)), f0, f1))
        n = len(res.items())
        res.dropped = {i for i in ov.drop if 0 <= i < n}

    # -- masks per frame ------------------------------------------------------------------------------
    def _plan(self, res: VideoResult) -> dict[int, list[Finding]]:
        assert res.info is not None
        size = (res.info.width, res.info.height)
        hs = self.policy.faces.head_scale
        plan: dict[int, list[Finding]] = {}
        for k, (kind, item) in enumerate(res.items()):
            if k in res.dropped:
                continue
            if kind == "track":
                if item.consented:
                    continue
                for f, b in item.boxes.items():
                    plan.setdefault(f, []).append(face_finding(b, item.score, item.rotation, hs, size))
            elif kind == "region":
                for f in item.polys:
                    plan.setdefault(f, []).append(item.finding_at(f))
            else:
                finding, f0, f1 = item
                for f in range(f0, f1 + 1):
                    plan.setdefault(f, []).append(finding)
        return plan

    # -- verify ---------------------------------------------------------------------------------------
    def _verify(self, out: Path, res: VideoResult, plan: dict[int, list[Finding]], deadline: float,
                only: set[int] | None = None) -> tuple[list[Sighting], list[tuple[int, Finding]], list[StageOutcome]]:
        """Faces and PHI the detectors still find on sampled frames of the written file, outside consent
        and dropped findings; a text hit already under a mask (the reader reacting to the bar) is not one.

        With `only` (a later round), only those frames are looked at: the frames around the masks that
        round added. Elsewhere the masks are the previous round's, which that round's look cleared.
        """
        from ..verify import coverage
        from .tracks import _close

        vp = self.policy.video
        assert res.info is not None
        info = res.info
        text_frames = max(1, round(vp.verify_text_every_s * info.fps))
        consented = [t for t in res.tracks if t.consented]
        dropped_regions = {id(item) for k, (kind, item) in enumerate(res.items()) if k in res.dropped}
        faces: list[Sighting] = []
        texts: list[tuple[int, Finding]] = []
        stages = _Stages()
        shape = (info.height, info.width)

        size = (info.width, info.height)
        face_at = face_scale(size, vp.face_megapixels)

        def boxes(i: int, faces: bool) -> list[Rect]:
            return [m.bbox for m in plan.get(i, []) if (m.kind == "face") == faces and m.bbox is not None]

        def face_frame(i: int) -> bool:
            return (bool(self.faces.stages) and (i % vp.verify_every == 0 or i == res.n_frames - 1)
                    and (not vp.verify_crops or bool(boxes(i, True))))

        def text_frame(i: int) -> bool:
            return (bool(self.text.stages) and (i % text_frames == 0 or i == res.n_frames - 1)
                    and (not vp.verify_crops or bool(boxes(i, False))))

        def want(i: int) -> bool:
            return (only is None or i in only) and (face_frame(i) or text_frame(i))

        for fr in pipe.prefetch(streams.frames(out, info, vp, want), vp.decode_ahead):
            if time.monotonic() > deadline:
                raise VideoError(f"screening took longer than the {vp.timeout_s:.0f} s limit (policy video.timeout_s)")
            i = fr.index
            if face_frame(i):
                rects = crops_for(boxes(i, True), size) if vp.verify_crops else None
                if rects is None:
                    found, _, outs = self.faces.detect(Photo(pixels=fr.pixels, frame=i))
                else:
                    found, _, outs = run_on_crops(self.faces.stages[0], fr.pixels, i, rects, self.faces.policy,
                                                  face_at)
                if stages.add(outs, "verify "):
                    break
                for f in found:
                    box, rot = face_of(f)
                    if any(i in t.boxes and _close(t.boxes[i], box) for t in consented):  # type: ignore[arg-type]
                        continue
                    faces.append(Sighting(i, box, f.score, rot, -1, "verify"))
            if text_frame(i):
                # The whole frame, not crops: PHI is classified by context (a vital sign beside a
                # patient's name), and a crop shows a different context than the first look saw.
                found, _, outs = self.text_verify.detect(Photo(pixels=fr.pixels, frame=i))
                if stages.add(outs, "verify "):
                    break
                masks = plan.get(i, [])
                union = union_mask(shape, [m for m in masks if m.kind != "face"], self.policy) if masks else None
                for f in found:
                    if not f.in_pixels:
                        continue
                    if union is not None and coverage(f, union) >= 0.9:
                        continue
                    if any(id(r) in dropped_regions and i in r.polys for r in res.regions):
                        continue
                    texts.append((i, f))
        return faces, texts, stages.outcomes()

    # -- the whole path ---------------------------------------------------------------------------------
    def screen(self, path: str | Path, output: Path | None = None, overrides: VideoOverrides | None = None,
               keep_audio: bool | None = None) -> VideoResult:
        """Screen one video; with `output`, write its safe copy there (only when not rejected). Never raises
        for a bad video: it becomes a `reject` with the reason, and no output is left behind."""
        path = Path(path)
        vp = self.policy.video
        keep_audio = vp.keep_audio if keep_audio is None else keep_audio
        start = time.monotonic()
        deadline = start + vp.timeout_s
        res = VideoResult(path, Decision("reject", ["not screened"]), overrides=overrides or VideoOverrides())
        try:
            t0, c0 = time.monotonic(), time.process_time()
            res.head_scale = self.policy.faces.head_scale
            res.info = streams.probe(path, vp)
            res.metadata = [Finding("metadata", Identifier(ident), label, 1.0, "container")
                            for label, ident in streams.metadata_labels(res.info.metadata_keys)]
            samples = self._analyse(path, res, deadline)
            res.samples = samples
            res.phase_seconds["analyse"] = time.monotonic() - t0
            res.phase_cpu["analyse"] = time.process_time() - c0
            self._apply_overrides(res, res.overrides)
            res.decision = self._decide(res, samples)
            if output is not None and res.decision.verdict != "reject":
                self._write_and_verify(path, Path(output), res, keep_audio, deadline)
        except VideoError as e:
            res.decision = Decision("reject", [f"could not screen the video: {e}"])
            res.stages.append(StageOutcome("video", False, time.monotonic() - start, str(e)))
            _remove(output, res)
        except Exception as e:  # noqa: BLE001 - every failure must become a reject, never a crash
            msg = safe_error(e)
            res.decision = Decision("reject", [f"could not screen the video: {msg}"])
            res.stages.append(StageOutcome("video", False, time.monotonic() - start, msg))
            _remove(output, res)
        except BaseException:
            _remove(output, res)
            raise
        res.seconds = time.monotonic() - start
        return res

    def revise(self, res: VideoResult, overrides: VideoOverrides, output: Path | None,
               keep_audio: bool | None = None) -> VideoResult:
        """Apply a reviewer's changes to a screened video and write its safe copy again, without
        analysing it again (the review UI: tick a consented face, drop a false alarm, add a box).

        A video that could not be screened stays rejected: there is no path from "we could not look"
        to a safe copy.
        """
        if res.info is None or any(not s.ok or s.truncated for s in res.stages if not s.stage.startswith("verify")):
            return res
        vp = self.policy.video
        keep_audio = vp.keep_audio if keep_audio is None else keep_audio
        start = time.monotonic()
        for t in res.tracks:
            t.consented = False
        res.manual, res.dropped, res.overrides = [], set(), overrides
        res.stages = [s for s in res.stages if not s.stage.startswith("verify")]
        try:
            self._apply_overrides(res, overrides)
            res.decision = self._decide(res, res.samples)
            if output is not None and res.decision.verdict != "reject":
                self._write_and_verify(res.path, Path(output), res, keep_audio, start + vp.timeout_s)
        except VideoError as e:
            res.decision = Decision("reject", [f"could not write the video: {e}"])
            _remove(output, res)
        except Exception as e:  # noqa: BLE001 - every failure must become a reject, never a crash
            res.decision = Decision("reject", [f"could not write the video: {safe_error(e)}"])
            _remove(output, res)
        return res

    def _write_and_verify(self, path: Path, output: Path, res: VideoResult, keep_audio: bool, deadline: float) -> None:
        vp = self.policy.video
        assert res.info is not None
        found_first = 0
        rounds = 0
        faces: list[Sighting] = []
        texts: list[tuple[int, Finding]] = []
        only: set[int] | None = None
        while True:
            rounds += 1
            plan = self._plan(res)
            t0, c0 = time.monotonic(), time.process_time()

            def render(i: int, _t: float, pixels: np.ndarray, plan: dict[int, list[Finding]] = plan) -> np.ndarray:
                masks = plan.get(i)
                return apply_masks(pixels, masks, self.policy, seed=i) if masks else pixels

            res.write = streams.write_video(path, output, res.info, render, vp, keep_audio, res.n_frames)
            res.output = output
            res.phase_seconds["write"] = res.phase_seconds.get("write", 0.0) + time.monotonic() - t0
            res.phase_cpu["write"] = res.phase_cpu.get("write", 0.0) + time.process_time() - c0
            if not self.policy.output.verify:
                res.verify = {"ran": False, "reason": "disabled by policy"}
                return
            t0, c0 = time.monotonic(), time.process_time()
            faces, texts, outs = self._verify(output, res, plan, deadline, only)
            res.phase_seconds["verify"] = res.phase_seconds.get("verify", 0.0) + time.monotonic() - t0
            res.phase_cpu["verify"] = res.phase_cpu.get("verify", 0.0) + time.process_time() - c0
            failed = [s for s in outs if not s.ok]
            res.stages.extend(outs)
            if rounds == 1:
                found_first = len(faces) + len(texts)
            if failed:
                _remove(output, res)
                res.decision = Decision("reject", [f"could not verify the safe copy: the {s.stage} stage failed "
                                                   f"({s.error})" for s in failed], res.decision.policy)
                break
            if not faces and not texts:
                break
            if rounds >= vp.max_rounds:
                _remove(output, res)
                times = sorted({round(res.times[i], 1) for i, *_ in [(s.frame,) for s in faces] + texts})
                res.decision = Decision("reject", [f"PHI still detected after masking {rounds} times "
                                                   f"({len(faces) + len(texts)} hits, at {_fmt_times(times)} s)"],
                                        res.decision.policy)
                break
            only = self._add_hits(res, faces, texts)
        res.verify = {"ran": True, "passes": rounds, "found_after_first_mask": found_first,
                      "persisted": len(faces) + len(texts) if res.decision.verdict == "reject" else 0,
                      "sampled": {"faces_every_frames": vp.verify_every,
                                  "text_every_s": vp.verify_text_every_s}}

    def _add_hits(self, res: VideoResult, faces: list[Sighting], texts: list[tuple[int, Finding]]) -> set[int]:
        """Verify hits become findings of their own, held over the frames between verify samples;
        returns the frames whose masks changed (the next round looks only there)."""
        vp = self.policy.video
        assert res.info is not None
        size = (res.info.width, res.info.height)
        next_id = max((t.track_id for t in res.tracks), default=-1) + 1
        changed: set[int] = set()
        for s in faces:
            t = FaceTrack(next_id, [dataclasses.replace(s, track=next_id)], rotation=s.rotation)
            next_id += 1
            res.tracks.append(fill(t, res.n_frames, size, 0, vp.verify_every, res.cuts))
            changed |= set(res.tracks[-1].boxes)
        hold = max(1, round(vp.verify_text_every_s * res.info.fps / 2))
        for i, f in texts:
            f = dataclasses.replace(f, verify_pass=1)
            poly = np.asarray(f.polygon, np.float32)
            polys = {j: poly for j in range(max(0, i - hold), min(res.n_frames, i + hold + 1))}
            res.regions.append(Region(len(res.regions), f, polys, [i]))
            changed |= set(polys)
        return changed


def _fmt_times(times: Sequence[float]) -> str:
    return ", ".join(f"{t:g}" for t in times[:5]) + (" ..." if len(times) > 5 else "")


def _remove(output: Path | None, res: VideoResult) -> None:
    """Delete a written safe copy that must not stay (rejected after writing, or an error)."""
    if output is not None and res.output is not None:
        with contextlib.suppress(FileNotFoundError):
            Path(output).unlink()
        res.output = None


# -- report ------------------------------------------------------------------------------------------

def _ranges(frames: Sequence[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for f in sorted(frames):
        if out and f == out[-1][1] + 1:
            out[-1] = (out[-1][0], f)
        else:
            out.append((f, f))
    return out


def video_record(res: VideoResult, show_text: bool = False) -> dict[str, Any]:
    """The report object for one video: schema 1, plus per-finding `time_ranges` / `frame_ranges` and a
    `video` object. `frame` on a finding is the frame where a detector saw it first; `bbox` is its box there."""
    from .. import __version__
    from ..report import SCHEMA, finding_record

    assert res is not None
    info = res.info
    size = (info.width, info.height) if info else (0, 0)
    findings = []
    times = res.times

    def span(r: tuple[int, int]) -> list[float]:
        last = times[r[1] + 1] if r[1] + 1 < len(times) else (times[r[1]] + 1 / info.fps if info else 0.0)
        return [round(times[r[0]], 3), round(last, 3)]

    for k, (kind, item) in enumerate(res.items()):
        if kind == "track":
            first = item.first
            f = face_finding(first.box, item.score, item.rotation, res.head_scale, size,
                             detector="centerface" if first.source == "detector" else "centerface (verify)")
            frames = list(item.boxes)
            rep = first.frame
        elif kind == "region":
            rep = item.reads[0]
            f = item.finding_at(rep)
            frames = list(item.polys)
        else:
            f, f0, f1 = item
            frames, rep = list(range(f0, f1 + 1)), f0
        rec = finding_record(f, show_text, frame=rep)
        rngs = _ranges(frames) if times else []
        rec["time_ranges"] = [span(r) for r in rngs]
        rec["frame_ranges"] = [list(r) for r in rngs]
        if kind == "track":
            rec["track"] = item.track_id
            rec["sightings"] = len(item.sightings)
            if item.consented:
                rec["dismissed"] = "consented"
        if k in res.dropped:
            rec["dismissed"] = "dropped by reviewer"
        findings.append(rec)
    findings += [finding_record(f, show_text) for f in res.metadata]
    return {
        "schema": SCHEMA,
        "tool_version": __version__,
        "path": str(res.path),
        "decision": res.decision.verdict,
        "reasons": list(res.decision.reasons),
        "frames": res.n_frames,
        "findings": findings,
        "stages": [{"stage": s.stage, "ok": s.ok, "seconds": round(s.seconds, 3), "error": s.error}
                   for s in res.stages],
        "verify": res.verify,
        "overrides": res.overrides.records(),
        "output": str(res.output) if res.output else None,
        "seconds": round(res.seconds, 3),
        "video": {**(info.as_dict() if info else {}), "audio": res.write.get("audio"),
                  "scene_cuts": len(res.cuts)},
        "failed": any(not s.ok for s in res.stages),
    }

