"""What the reviewer does: add a photo, change what is masked, decide. Each returns the words to show.

No gradio here. The refusals ("a photo that could not be screened can only be rejected") are
checked in `record_decision` whatever the page's buttons allowed, because a disabled button can
still be POSTed.
"""

from __future__ import annotations

import hashlib
import logging
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..decision_log import LogEntry
from ..model import Rect, ScreenResult
from ..policy import FACE_STYLES
from .state import VERDICT_WORDS, AppContext, Item, Session, sha256_file

log = logging.getLogger("imgscreen.ui")


def face_style_choices() -> list[tuple[str, str]]:
    """(label, value) of every face style, in the policy's order: the one list the page offers."""
    return [(style.capitalize(), style) for style in FACE_STYLES]


def screen_upload(ctx: AppContext, session: Session, path: Path) -> None:
    """Screen one upload into the session; log a hash and the verdict, never the name."""
    start = time.perf_counter()
    try:
        digest = sha256_file(path)
    except OSError:
        digest = hashlib.sha256(b"").hexdigest()
    with ctx.screen_lock:  # one photo at a time: the models use every core already
        results: list[ScreenResult] = ctx.screener.screen_file(path)
    number = 1 + len({it.number for it in session.items})
    for r in results:
        r.safe_pixels = None  # re-made from the reviewer's choices; a 12 MP copy per photo is not kept
        if r.photo is not None:
            r.photo.drop_caches()
        session.items.append(Item(number=number, name=path.name, sha256=digest, result=r, n_frames=len(results),
                                  style=ctx.policy.faces.style))
    log.info("screened sha256=%s frames=%d verdicts=%s in %.1fs", digest[:12], len(results),
             ",".join(r.decision.verdict for r in results), time.perf_counter() - start)


def upload_note(items: list[Item]) -> str:
    """What to tell the reviewer after `items` were added."""
    failed = sum(1 for it in items if it.failed)
    note = f"Checked {len(items)} photo{'s' if len(items) != 1 else ''}."
    if failed:
        note += f" **{failed} could not be screened** and can only be rejected."
    return note


def missing(picked: str | None, idle_s: float) -> str:
    """Why there is no photo to act on: none added yet, or the batch was ended (and its files deleted)."""
    if picked is None:
        return "Add a photo first."
    return (f"This batch is no longer on the server (it was cleared, or left unused for {idle_s / 60:.0f} "
            "minutes, and its files were deleted). Add the photos again.")


# -- the reviewer's changes: each edits one item and returns a note (or None) -----------------------


def set_masked(item: Item, values: Iterable[str] | None) -> None:
    """The tick boxes of findings to mask: an unticked one is a false alarm (consented faces aside)."""
    on = {int(v) for v in values or []}
    item.dropped = {i for i in item.pixel_indices() if i not in on and i not in item.consented}


def set_consent(item: Item, values: Iterable[str] | None) -> None:
    """The tick boxes of faces whose people consented: not masked, and no longer a false alarm."""
    item.consented = {int(v) for v in values or []} & set(item.face_indices())
    item.dropped -= item.consented


def set_style(item: Item, value: str | None) -> str:
    names = {v: label for label, v in face_style_choices()}
    if value in names:
        item.style = value
    return f"Face style: {names.get(item.style, item.style)}."


def add_box(item: Item, x: Any, y: Any, w: Any, h: Any) -> str:
    """A region the tool missed, in photo pixels, clipped to the photo."""
    if item.result.photo is None:
        return "This photo has no pixels to mark."
    try:
        x, y, w, h = (int(round(float(v))) for v in (x, y, w, h))
    except (TypeError, ValueError):
        return "Give x, y, width and height as whole numbers of pixels."
    W, H = item.result.photo.width, item.result.photo.height
    x0, y0 = max(0, min(x, W)), max(0, min(y, H))
    x1, y1 = max(0, min(x + w, W)), max(0, min(y + h, H))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return "That box is too small or outside the photo."
    item.boxes.append(Rect.from_corners(x0, y0, x1, y1))
    return f"Added a box at x {x0}, y {y0}, {x1 - x0}×{y1 - y0}."


def click_corner(item: Item, x: float, y: float) -> str:
    """A click on the displayed photo at display pixel (x, y): the first or second corner of a box."""
    _, s = item.display()
    x, y = round(x / s), round(y / s)
    if item.corner is None:
        item.corner = (x, y)
        return "First corner set; now click the opposite corner."
    (x0, y0), item.corner = item.corner, None
    return add_box(item, min(x0, x), min(y0, y), abs(x - x0), abs(y - y0))


def clear_boxes(item: Item) -> str:
    item.boxes.clear()
    item.corner = None
    return "Your boxes were removed."


def after_edit(item: Item, note: str | None) -> str:
    """A change to the masks voids an Accept or Redact already made: the copy no longer matches."""
    note = note or ""
    if item.decision and item.decision != "reject":
        item.decision, item.safe_path = None, None
        note = (note + " " if note else "") + "You changed the masks: choose your decision again."
    return note


# -- deciding -----------------------------------------------------------------------------------------


def safe_name(item: Item) -> str:
    """No part of the original name (it may be the patient's): position, short hash, frame."""
    from ..write import safe_format_for

    frame = f"-f{item.result.frame + 1}" if item.n_frames > 1 else ""
    ext = safe_format_for(Path(item.name).suffix.lower())[1]
    return f"{item.number:02d}-{item.sha256[:8]}{frame}-safe{ext}"


def record_decision(ctx: AppContext, session: Session, item: Item, verdict: str, reviewer: str) -> str:
    """Write the safe copy (if any) and append the log line. Returns the message for the reviewer."""
    safe_sha: str | None = None
    safe_path: Path | None = None
    if verdict == "accept" and (blocker := item.accept_blocker()):
        return f"Refused: {blocker}"
    if verdict == "redact" and (blocker := item.redact_blocker()):
        return f"Refused: {blocker}"
    if verdict in ("accept", "redact"):
        from ..write import write_outputs

        assert item.result.photo is not None
        pixels = item.result.photo.pixels
        if verdict == "redact":
            from ..redact import apply_masks

            pixels = apply_masks(pixels, item.to_mask(), ctx.policy_for(item))
        source = item.result.source if item.result.source and Path(item.result.source).exists() else None
        (safe_path,) = write_outputs([(item.result, pixels)], session.workdir / safe_name(item), ctx.policy, source)
        safe_sha = sha256_file(safe_path)
    entry = LogEntry.build(
        reviewer=reviewer, file_sha256=item.sha256, tool_verdict=item.result.decision.verdict, decision=verdict,
        findings=item.result.findings, overrides=item.overrides(), failed_stages=item.failed_stages,
        frame=item.result.frame, n_frames=item.n_frames, face_style=item.style if verdict == "redact" else "",
        safe_sha256=safe_sha, batch=session.batch,
    )
    ctx.decision_log.append(entry)
    item.decision, item.safe_path = verdict, safe_path
    log.info("decision sha256=%s frame=%d verdict=%s", item.sha256[:12], item.result.frame, verdict)
    if verdict == "reject":
        return f"Photo {item.number} rejected and recorded. It will not be posted."
    return f"Photo {item.number}: {VERDICT_WORDS[verdict].lower()}ed and recorded. Download the safe copy below."


def batch_files(ctx: AppContext, session: Session) -> tuple[Path | None, Path | None, Path | None]:
    """(zip of every safe copy so far, this batch's decision record as JSON Lines, as CSV), fresh files;
    None for what there is nothing of yet."""
    ready = [it.safe_path for it in session.items if it.safe_path is not None and it.safe_path.exists()]
    zpath = None
    if ready:
        zpath = session.workdir / "imgscreen-safe-copies.zip"
        tmp = zpath.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
            for p in ready:
                z.write(p, arcname=p.name)
        tmp.replace(zpath)
    if not ctx.decision_log.records_for(session.batch):
        return zpath, None, None
    jpath = ctx.decision_log.export(session.workdir / "decision-record.jsonl", "jsonl", session.batch)
    cpath = ctx.decision_log.export(session.workdir / "decision-record.csv", "csv", session.batch)
    return zpath, jpath, cpath
