"""A video under review -> what the page's video section shows. No gradio: a view is a dict of updates
keyed by component name (`video_page` names the components), as `render.view` does for photos.
"""

from __future__ import annotations

import html
from typing import Any

from ..model import Identifier
from ..overrides import REVIEWER_LABEL
from .state import VERDICT_WORDS, Session
from .video_review import VideoItem, videos_of

START = "<p>Add a short video (mp4, mov, m4v, webm) to check it.</p>"
HEADERS = ["#", "What", "HIPAA identifier", "When (seconds)", "Text (masked)", "In the safe copy"]
# The components `view` updates.
VIEW = ("v_picker", "v_proposal", "v_player", "v_table", "v_mask", "v_consent", "v_apply", "v_accept",
        "v_redact", "v_reject", "v_safe_dl", "v_status")


def _when(ranges: list[list[float]], limit: int = 4) -> str:
    text = ", ".join(f"{a:.1f}-{b:.1f}" for a, b in ranges[:limit])
    return text + (", …" if len(ranges) > limit else "")


def proposal_html(item: VideoItem) -> str:
    res = item.result
    if item.failed:
        head, cls = "Screening failed: this video can only be rejected", "reject"
    elif item.unmaskable:
        head, cls = "Masking could not be verified: this video can only be rejected", "reject"
    else:
        head, cls = f"The tool proposes: {VERDICT_WORDS[item.tool_verdict]}", item.tool_verdict
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in res.decision.reasons) or "<li>no reasons given</li>"
    mine = ""
    if item.stale:
        mine = ("<p class='imgs-mine'>You changed the masks: the player still shows the previous copy. "
                "Press <strong>Apply changes</strong> to write the new one.</p>")
    if item.decision:
        mine += (f"<p class='imgs-mine'>Your decision: <strong>{VERDICT_WORDS[item.decision]}</strong>"
                 + (" (safe copy ready below)" if item.safe_path else "") + "</p>")
    info = res.info
    facts = (f"<p class='imgs-mine'>{res.n_frames} frames, {info.width}×{info.height}, {info.fps:.1f} fps, "
             f"audio {res.write.get('audio') or ('none' if not info.audio_codec else 'kept')}</p>") if info else ""
    return (f"<div class='imgs-proposal imgs-{cls}' role='status'><p class='imgs-head'>{html.escape(head)}</p>"
            f"<ul>{reasons}</ul>{facts}{mine}</div>")


def rows(item: VideoItem) -> list[list[Any]]:
    """Every finding with its time ranges: face tracks, PHI regions (numbered as the report numbers them),
    then the reviewer's boxes, then the file's metadata (always removed)."""
    rec = item.record()
    keys = item.keys()
    out = []
    for i, f in enumerate(rec["findings"]):
        if f["bbox"] is None:
            out.append(["file", f["label"], f"{f['identifier']} {f['identifier_name']}", "", f.get("text") or "",
                        "removed with the file's metadata"])
            continue
        if i >= len(keys) or keys[i] is None:
            continue  # the reviewer's own boxes: listed below from the item, with their times
        k = keys[i]
        status = ("consented (not masked)" if k[0] == "track" and k[1] in item.consented else
                  "false alarm (not masked)" if k in item.dropped else "masked")
        what = f["label"] + (f" (person {k[1] + 1})" if k[0] == "track" else "")
        out.append([str(i + 1), what, f"{f['identifier']} {f['identifier_name']}", _when(f.get("time_ranges", [])),
                    f.get("text") or "", status])
    for n, (box, t0, t1) in enumerate(item.boxes, 1):
        when = "whole video" if t0 is None else f"{t0:g}-{t1:g}"
        out.append([f"R{n}", REVIEWER_LABEL, Identifier.OTHER_ID.label, when, "x {}, y {}, {}×{}".format(*box),
                    "masked"])
    return out


def mask_choices(item: VideoItem) -> list[tuple[str, str]]:
    """(label, value) of every finding that can be unticked as a false alarm (consented faces aside)."""
    rec = item.record()
    out = []
    for i, k in enumerate(item.keys()):
        if k is None or (k[0] == "track" and k[1] in item.consented):
            continue
        f = rec["findings"][i]
        when = _when(f.get("time_ranges", []), 1)
        out.append((f"{i + 1}. {f['label']} ({when} s)", str(i)))
    return out


def consent_choices(item: VideoItem) -> list[tuple[str, str]]:
    """(label, value) per face track: one person over the whole video."""
    rec = item.record()
    out = []
    for i, k in enumerate(item.keys()):
        if k is not None and k[0] == "track":
            out.append((f"{i + 1}. Person {k[1] + 1} ({_when(rec['findings'][i].get('time_ranges', []), 2)} s)",
                        str(k[1])))
    return out


def picker_label(item: VideoItem) -> str:
    mark = {"accept": "✓ accepted", "redact": "✓ redacted", "reject": "✗ rejected"}.get(item.decision or "")
    if not mark:
        mark = ("failed, reject it" if item.failed or item.unmaskable
                else f"proposed: {VERDICT_WORDS[item.tool_verdict]}")
    return f"{item.number}. {item.name} ({mark})"


def view(session: Session, index: int | None, note: str = "") -> dict[str, dict[str, Any]]:
    """Everything the video section shows for the video at `index` (none: the empty section)."""
    videos = videos_of(session)
    picker = {"choices": [(picker_label(v), str(i)) for i, v in enumerate(videos)], "value": None}
    off = {"interactive": False}
    if index is None or not (0 <= index < len(videos)):
        return {"v_picker": picker, "v_proposal": {"value": START}, "v_player": {"value": None},
                "v_table": {"value": []}, "v_mask": {"choices": [], "value": []},
                "v_consent": {"choices": [], "value": [], "visible": False}, "v_apply": off, "v_accept": off,
                "v_redact": off, "v_reject": off, "v_safe_dl": {"visible": False, "value": None},
                "v_status": {"value": note}}
    item = videos[index]
    editable = not item.failed
    masks = mask_choices(item)
    faces = consent_choices(item)
    keys = item.keys()
    ready = item.safe_path is not None and item.safe_path.exists()
    shown = item.copy if item.copy is not None and item.copy.exists() else None
    return {
        "v_picker": {**picker, "value": str(index)},
        "v_proposal": {"value": proposal_html(item)},
        "v_player": {"value": str(shown) if shown else None},
        "v_table": {"value": rows(item)},
        "v_mask": {"choices": masks, "value": [v for _, v in masks if keys[int(v)] not in item.dropped],
                   "interactive": editable},
        "v_consent": {"choices": faces, "value": [str(t) for t in sorted(item.consented)], "visible": bool(faces),
                      "interactive": editable},
        "v_apply": {"interactive": editable and item.stale},
        "v_accept": {"interactive": item.accept_blocker() is None},
        "v_redact": {"interactive": item.redact_blocker() is None},
        "v_reject": {"interactive": True},
        "v_safe_dl": {"visible": ready, "value": str(item.safe_path) if ready else None,
                      "label": f"Download safe copy of video {item.number}"},
        "v_status": {"value": note},
    }
