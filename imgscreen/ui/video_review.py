"""Videos in the review UI: screen a short clip, change what is masked, decide. No gradio here.

A video is screened once (`VideoScreener.screen`, which writes the tool's proposed safe copy). The
reviewer's changes (untick a false alarm, tick a consenting person's face track, add a box over a
time span) are kept on the item and applied with `VideoScreener.revise`, which decides and writes the
copy again from the kept analysis without reading the frames again. Re-writing a video takes seconds,
not milliseconds as a photo's preview does, so changes are applied when the reviewer asks for the
new copy ("Apply") or decides Redact or Accept, never behind their back: until then the player shows
the last copy written, and the page says that it is out of date.

The same rules as for photos, checked here whatever the page's buttons allowed (a disabled button
can still be POSTed):
- a video that could not be screened, or whose masks the verify pass could not make hold, can only
  be rejected;
- Accept means posting it as it is (metadata removed): nothing may be left marked to be masked;
- Redact needs a safe copy written from exactly the changes on screen;
- a tool `reject` that revise cannot turn into a copy (a screen full of PHI) can only be rejected:
  there is no copy to post.

Findings are kept by identity (a face track's id, a PHI region's id), not by their position in the
report: a verify round can add findings, which moves the positions of the ones after them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..decision_log import LogEntry
from ..model import Finding, Override, Rect
from ..video import VideoOverrides, VideoResult, video_record
from ..video.streams import safe_video_format
from .state import VERDICT_WORDS, AppContext, Session, sha256_file

log = logging.getLogger("imgscreen.ui")

Key = tuple[str, int]  # ("track", track id) or ("region", region id): a finding that keeps its identity
TimedBox = tuple[tuple[int, int, int, int], float | None, float | None]


@dataclass
class VideoItem:
    """One video under review. `name` is shown in the reviewer's own browser only, never logged."""

    number: int
    name: str
    sha256: str
    result: VideoResult
    tool_verdict: str = "reject"  # what the tool proposed before any change (the record keeps it)
    dropped: set[Key] = field(default_factory=set)
    consented: set[int] = field(default_factory=set)  # face track ids
    boxes: list[TimedBox] = field(default_factory=list)
    copy: Path | None = None  # the safe copy last written (what the player shows), or None
    stale: bool = False  # the reviewer changed something since `copy` was written
    edits: int = 0  # changes made so far: a copy written from an older state stays stale
    revision: int = 0
    decision: str | None = None
    safe_path: Path | None = None  # the copy the decision was made on (Accept / Redact)

    # -- what the tool found ---------------------------------------------------------------------
    def keys(self) -> list[Key | None]:
        """Per report finding (the screener's `items()` order), its identity; None for a reviewer box."""
        out: list[Key | None] = []
        for kind, item in self.result.items():
            out.append(("track", item.track_id) if kind == "track" else
                       ("region", item.region_id) if kind == "region" else None)
        return out

    def record(self) -> dict[str, Any]:
        """The report object (schema 1 with time ranges); PHI text masked."""
        return video_record(self.result, show_text=False)

    def tracks(self) -> list[int]:
        return [t.track_id for t in self.result.tracks]

    # -- the reviewer's changes as the screener's overrides ----------------------------------------
    def overrides(self) -> VideoOverrides:
        keys = self.keys()
        drop = tuple(i for i, k in enumerate(keys) if k is not None and k in self.dropped)
        return VideoOverrides(add_box=tuple(self.boxes), drop=drop,
                              consent_tracks=tuple(sorted(self.consented & set(self.tracks()))))

    def override_records(self) -> list[Override]:
        """For the decision record: drops and consents by finding number, boxes (times are not kept there)."""
        keys = self.keys()
        out = [Override("drop", finding_index=i) for i, k in enumerate(keys) if k is not None and k in self.dropped]
        out += [Override("consent", finding_index=i) for i, k in enumerate(keys)
                if k is not None and k[0] == "track" and k[1] in self.consented]
        out += [Override("add_box", box=Rect(*b)) for b, _, _ in self.boxes]
        return out

    def findings(self) -> list[Finding]:
        """One finding per face track, PHI region and file tag (for the record's counts by identifier)."""
        from ..video.tracks import face_finding

        res = self.result
        size = (res.info.width, res.info.height) if res.info else (0, 0)
        out = []
        for kind, item in res.items():
            if kind == "track":
                out.append(face_finding(item.first.box, item.score, item.rotation, res.head_scale, size))
            elif kind == "region":
                out.append(item.finding)
        return out + list(res.metadata)

    # -- what the reviewer may do --------------------------------------------------------------------
    @property
    def failed_stages(self) -> list[str]:
        return sorted({s.stage for s in self.result.stages if not s.ok or s.truncated})

    @property
    def failed(self) -> bool:
        return self.result.info is None or bool(self.failed_stages)

    @property
    def unmaskable(self) -> bool:
        return bool(self.result.verify.get("persisted"))

    def to_mask(self) -> int:
        """How many findings the copy masks with the changes on screen: tracks and regions not dropped
        or consented, plus the reviewer's boxes."""
        n = 0
        for k in self.keys():
            if k is None:
                continue
            if k in self.dropped or (k[0] == "track" and k[1] in self.consented):
                continue
            n += 1
        return n + len(self.boxes)

    def redact_blocker(self) -> str | None:
        if self.failed:
            return "Screening did not complete for this video, so it cannot be redacted. Reject it."
        if self.unmaskable:
            return ("The tool still found PHI after masking this video several times, so a masked copy cannot "
                    "be trusted. Reject it.")
        if self.copy is None and not self.stale:
            return "The tool wrote no safe copy of this video (see its reasons), so it can only be rejected."
        return None

    def accept_blocker(self) -> str | None:
        if (blocker := self.redact_blocker()) is not None:
            return blocker
        if self.to_mask():
            return ("Accept means posting the video as it is, but something is still marked to be masked. "
                    "Choose Redact, or untick the false alarms first.")
        return None


# -- adding a video -------------------------------------------------------------------------------------

def _copy_path(session: Session, item_number: int, sha: str, revision: int, src: Path) -> Path:
    """No part of the original name (it may be the patient's): position, short hash, revision."""
    _, suffix = safe_video_format(src)
    return session.workdir / f"v{item_number:02d}-{sha[:8]}-r{revision}-safe{suffix}"


def screen_video_upload(ctx: AppContext, screener: Any, session: Session, path: Path) -> VideoItem:
    """Screen one uploaded video into the session (its proposed safe copy written to the session's
    folder); log a hash and the verdict, never the name."""
    start = time.perf_counter()
    try:
        digest = sha256_file(path)
    except OSError:
        digest = hashlib.sha256(b"").hexdigest()
    videos = videos_of(session)
    number = 1 + len(videos)
    out = _copy_path(session, number, digest, 0, path)
    with ctx.screen_lock:  # one screening at a time: the models use every core already
        res = screener.screen(path, out)
    session.uploads.add(str(path))
    item = VideoItem(number=number, name=path.name, sha256=digest, result=res, tool_verdict=res.decision.verdict,
                     copy=res.output)
    videos.append(item)
    log.info("screened video sha256=%s frames=%d verdict=%s in %.1fs", digest[:12], res.n_frames,
             res.decision.verdict, time.perf_counter() - start)
    return item


def videos_of(session: Session) -> list[VideoItem]:
    """The session's videos (kept beside its photos; deleted with its folder when the session ends)."""
    return session.__dict__.setdefault("videos", [])


# -- the reviewer's changes: each edits one item and returns a note -------------------------------------

def _changed(item: VideoItem, note: str) -> str:
    """A change to the masks voids an Accept or Redact already made, and the copy on screen is out of date."""
    item.stale = True
    item.edits += 1
    if item.decision and item.decision != "reject":
        item.decision, item.safe_path = None, None
        note += " You changed the masks: choose your decision again."
    return note + " Press **Apply changes** to see the new copy."


def set_masked(item: VideoItem, values: list[str] | None) -> str:
    """Tick boxes of findings to mask (values: finding numbers as text); unticked ones are false alarms."""
    on = {int(v) for v in values or []}
    keys = item.keys()
    before = set(item.dropped)
    item.dropped = {k for i, k in enumerate(keys) if k is not None and i not in on
                    and not (k[0] == "track" and k[1] in item.consented)}
    return _changed(item, "Masks changed.") if item.dropped != before else ""


def set_consent(item: VideoItem, values: list[str] | None) -> str:
    """Tick boxes of face tracks (values: track ids as text) whose person consented: their whole track
    stays unmasked."""
    before = set(item.consented)
    item.consented = {int(v) for v in values or []} & set(item.tracks())
    item.dropped -= {("track", t) for t in item.consented}
    return _changed(item, "Consent changed.") if item.consented != before else ""


def add_box(item: VideoItem, x: Any, y: Any, w: Any, h: Any, t0: Any = None, t1: Any = None) -> str:
    """A region the tool missed, in frame pixels, clipped to the frame, over [t0, t1] seconds (empty:
    the whole video)."""
    info = item.result.info
    if info is None:
        return "This video has no frames to mark."
    try:
        x, y, w, h = (int(round(float(v))) for v in (x, y, w, h))
        a = None if t0 in (None, "") else float(t0)
        b = None if t1 in (None, "") else float(t1)
    except (TypeError, ValueError):
        return "Give x, y, width and height as whole numbers of pixels, and times in seconds."
    x0, y0 = max(0, min(x, info.width)), max(0, min(y, info.height))
    x1, y1 = max(0, min(x + w, info.width)), max(0, min(y + h, info.height))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return "That box is too small or outside the video."
    if (a is None) != (b is None) or (a is not None and b is not None and (a < 0 or b < a)):
        return "Give both times (from, to) in seconds with from <= to, or neither for the whole video."
    item.boxes.append(((x0, y0, x1 - x0, y1 - y0), a, b))
    when = "the whole video" if a is None else f"{a:g}-{b:g} s"
    return _changed(item, f"Added a box at x {x0}, y {y0}, {x1 - x0}×{y1 - y0}, for {when}.")


def clear_boxes(item: VideoItem) -> str:
    if not item.boxes:
        return ""
    item.boxes.clear()
    return _changed(item, "Your boxes were removed.")


def apply_changes(ctx: AppContext, screener: Any, session: Session, item: VideoItem) -> str:
    """Write the safe copy again with the reviewer's changes (`VideoScreener.revise`); the old copy goes."""
    if item.failed:
        return "This video could not be screened; it can only be rejected."
    item.revision += 1
    out = _copy_path(session, item.number, item.sha256, item.revision, item.result.path)
    old = item.copy
    edits = item.edits  # the page's edits run beside this (another queue): one made meanwhile keeps it stale
    with ctx.screen_lock:
        item.result = screener.revise(item.result, item.overrides(), out)
    item.copy = item.result.output
    item.stale = item.edits != edits
    if old is not None and old != item.copy and old != item.safe_path:
        old.unlink(missing_ok=True)
    verdict = item.result.decision.verdict
    log.info("revised video sha256=%s verdict=%s", item.sha256[:12], verdict)
    if item.copy is None:
        return f"With your changes the tool says **{VERDICT_WORDS[verdict]}** and wrote no copy."
    return "The safe copy was written again with your changes."


# -- deciding -------------------------------------------------------------------------------------------

def record_decision(ctx: AppContext, screener: Any, session: Session, item: VideoItem, verdict: str,
                    reviewer: str) -> str:
    """Apply pending changes (for Accept / Redact), check the rules, append the log line."""
    if verdict not in VERDICT_WORDS:
        return "Refused: unknown decision."
    if verdict == "accept" and (blocker := item.accept_blocker()):
        return f"Refused: {blocker}"
    if verdict == "redact" and (blocker := item.redact_blocker()):
        return f"Refused: {blocker}"
    safe_sha = None
    safe_path = None
    if verdict in ("accept", "redact"):
        if item.stale or item.copy is None:
            apply_changes(ctx, screener, session, item)
        if item.stale:
            return "Refused: the masks changed while the copy was being written; choose your decision again."
        blocker = item.accept_blocker() if verdict == "accept" else item.redact_blocker()
        if blocker or item.copy is None or not item.copy.exists():
            return f"Refused: {blocker or 'no safe copy could be written with these changes; reject it.'}"
        safe_path = item.copy
        safe_sha = sha256_file(safe_path)
    entry = LogEntry.build(
        reviewer=reviewer, file_sha256=item.sha256, tool_verdict=item.tool_verdict, decision=verdict,
        findings=item.findings(), overrides=item.override_records(), failed_stages=item.failed_stages,
        frame=0, n_frames=max(1, item.result.n_frames),
        face_style=screener.policy.faces.style if verdict == "redact" else "", safe_sha256=safe_sha,
        batch=session.batch,
    )
    ctx.decision_log.append(entry)
    item.decision, item.safe_path = verdict, safe_path
    log.info("decision video sha256=%s verdict=%s", item.sha256[:12], verdict)
    if verdict == "reject":
        return f"Video {item.number} rejected and recorded. It will not be posted."
    return f"Video {item.number}: {VERDICT_WORDS[verdict].lower()}ed and recorded. Download the safe copy below."


def upload_note(item: VideoItem) -> str:
    res = item.result
    if item.failed:
        return "Checked the video: **it could not be screened** and can only be rejected."
    return f"Checked the video ({res.n_frames} frames): the tool proposes {VERDICT_WORDS[res.decision.verdict]}."
