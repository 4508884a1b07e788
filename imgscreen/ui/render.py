"""State -> what the page shows, in plain words. No gradio: a view is a dict of updates keyed by
component name (`layout.build_app` names the components), each update the keyword arguments of
`gr.update`, so a test can read what the page would show without a browser and no handler has to
match a tuple to a list of components by position.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ..model import Identifier
from ..overrides import REVIEWER_LABEL, manual_finding
from ..report import mask_text
from .review import batch_files
from .state import VERDICT_WORDS, AppContext, Item, Session

Update = dict[str, Any]  # keyword arguments of gr.update for one component
View = dict[str, Update]  # component name -> its update

START = "<p>Add a photo to start.</p>"
FINDING_HEADERS = ["#", "What", "HIPAA identifier", "Text (masked)", "Confidence", "In the safe copy"]
FINDING_WIDTHS = ["7%", "22%", "25%", "16%", "10%", "20%"]
# The components `view` updates, and the batch downloads `downloads` updates.
VIEW = ("picker", "proposal", "marked", "preview", "table", "to_mask", "consent", "style", "accept", "redact",
        "reject", "safe_dl", "status")
DOWNLOADS = ("zip_dl", "log_dl", "csv_dl")


def proposal_html(item: Item) -> str:
    d = item.result.decision
    verdict = d.verdict
    word = VERDICT_WORDS.get(verdict, verdict)
    override = ""
    if item.failed:
        head = "Screening failed: this photo can only be rejected"
        cls = "reject"
    elif item.unmaskable:
        head = "Masking could not be verified: this photo can only be rejected"
        cls = "reject"
    else:
        head = f"The tool proposes: {word}"
        cls = verdict
        if verdict == "reject":
            override = ("<p class='imgs-mine'>You may still redact it after checking the preview; the "
                        "record will show that you overrode the tool.</p>")
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in d.reasons) or "<li>no reasons given</li>"
    mine = override
    if item.decision:
        mine = (f"<p class='imgs-mine'>Your decision: <strong>{VERDICT_WORDS[item.decision]}</strong>"
                + (" (safe copy ready below)" if item.safe_path else "") + "</p>")
    return (f"<div class='imgs-proposal imgs-{cls}' role='status'><p class='imgs-head'>{html.escape(head)}</p>"
            f"<ul>{reasons}</ul>{mine}</div>")


def findings_rows(item: Item) -> list[list[Any]]:
    """In-photo findings first, in the numbers the picture shows, then the reviewer's boxes, then
    what the file's metadata said (always removed, so it is listed last)."""
    rows = []
    fs = item.result.findings
    for i in item.pixel_indices():
        f = fs[i]
        status = ("false alarm (not masked)" if i in item.dropped else
                  "consented (not masked)" if i in item.consented else "masked")
        rows.append([str(item.shown_number(i)), f.label, f.identifier.label, mask_text(f.text) or "",
                     f"{f.score:.0%}", status])
    for k, b in enumerate(item.boxes, 1):
        rows.append([f"R{k}", REVIEWER_LABEL, Identifier.OTHER_ID.label, "x {}, y {}, {}×{}".format(*b), "", "masked"])
    for f in fs:
        if not f.in_pixels:
            rows.append(["file", f.label, f.identifier.label, mask_text(f.text) or "", f"{f.score:.0%}",
                         "removed with the file's metadata"])
    return rows


def picker_label(item: Item) -> str:
    mark = {"accept": "✓ accepted", "redact": "✓ redacted", "reject": "✗ rejected"}.get(item.decision or "")
    if not mark:
        mark = "failed, reject it" if item.reject_only else f"proposed: {VERDICT_WORDS[item.result.decision.verdict]}"
    return f"{item.title} ({mark})"


def _choice(item: Item, i: int) -> tuple[str, str]:
    return (f"{item.shown_number(i)}. {item.result.findings[i].label}", str(i))


def images(ctx: AppContext, session: Session, item: Item | None) -> tuple[str | None, str | None]:
    """(highlighted, preview) images at screen size, as PNG files in the session's own folder.

    Files, not arrays: gradio copies an array into its shared cache, where it outlives the session
    (only the age-based sweep removes it). A file already inside gradio's cache is served in place,
    so these are deleted with the session. Only the latest two sets are kept: one on screen, one
    that the browser may still be fetching.
    """
    if item is None or item.result.photo is None:
        return None, None
    from PIL import Image

    from ..redact import apply_masks, highlight

    px, _ = item.display()
    fs = item.result.findings
    shown = [dataclasses.replace(fs[i], label=f"{item.shown_number(i)}. {fs[i].label}")
             for i in item.pixel_indices() if i not in item.dropped]
    shown += [dataclasses.replace(manual_finding(b), label=f"R{k}. {REVIEWER_LABEL}")
              for k, b in enumerate(item.boxes, 1)]
    marked = highlight(px, item.display_findings(shown), numbered=False)
    if item.corner is not None:
        _, s = item.display()
        cx, cy = round(item.corner[0] * s), round(item.corner[1] * s)
        marked = np.array(marked)  # highlight returns a read-only view
        cv2.drawMarker(marked, (cx, cy), (31, 111, 235), cv2.MARKER_CROSS, 24, 3)
    preview = apply_masks(px, item.display_findings(item.to_mask()), ctx.policy_for(item))
    views = session.workdir / "views"
    views.mkdir(exist_ok=True)
    session.view_seq += 1
    paths = []
    for kind, pixels in (("found", marked), ("preview", preview)):
        path = views / f"{session.view_seq:06d}-{kind}.png"
        Image.fromarray(np.ascontiguousarray(pixels)).save(path, compress_level=1)
        paths.append(str(path))
    for old in views.glob("*.png"):
        if int(old.name[:6]) < session.view_seq - 1:
            old.unlink(missing_ok=True)
    return paths[0], paths[1]


def view(ctx: AppContext, session: Session, index: int | None, note: str = "") -> View:
    """Everything the page shows for the item at `index` (none: the empty page), and `note` as status."""
    items = session.items
    picker = {"choices": [(picker_label(it), str(i)) for i, it in enumerate(items)], "value": None}
    if index is None or not (0 <= index < len(items)):
        off = {"interactive": False}
        return {"picker": picker, "proposal": {"value": START}, "marked": {"value": None, "visible": True},
                "preview": {"value": None, "visible": True}, "table": {"value": []},
                "to_mask": {"choices": [], "value": []}, "consent": {"choices": [], "value": [], "visible": False},
                "style": {}, "accept": off, "redact": off, "reject": off,
                "safe_dl": {"visible": False, "value": None}, "status": {"value": note}}
    item = items[index]
    hi, pv = images(ctx, session, item)
    mask_choices = [_choice(item, i) for i in item.pixel_indices() if i not in item.consented]
    faces = item.face_indices()
    ready = item.safe_path is not None and item.safe_path.exists()
    editable = not item.failed
    return {
        "picker": {**picker, "value": str(index)},
        "proposal": {"value": proposal_html(item)},
        "marked": {"value": hi, "visible": hi is not None},
        "preview": {"value": pv, "visible": pv is not None},
        "table": {"value": findings_rows(item)},
        "to_mask": {"choices": mask_choices, "value": [v for _, v in mask_choices if int(v) not in item.dropped],
                    "interactive": editable},
        "consent": {"choices": [_choice(item, i) for i in faces], "value": [str(i) for i in item.consented],
                    "visible": bool(faces), "interactive": editable},
        "style": {"value": item.style, "interactive": editable},
        "accept": {"interactive": item.accept_blocker() is None},
        "redact": {"interactive": item.redact_blocker() is None},
        "reject": {"interactive": True},
        "safe_dl": {"visible": ready, "value": str(item.safe_path) if ready else None,
                    "label": f"Download safe copy of photo {item.number}"},
        "status": {"value": note},
    }


def downloads(ctx: AppContext, session: Session) -> View:
    """The batch's download buttons: on, with fresh files, once there is something in them."""
    zpath, jpath, cpath = batch_files(ctx, session)
    out: View = {"zip_dl": {"interactive": False, "value": None}, "log_dl": {"interactive": False, "value": None},
                 "csv_dl": {"interactive": False, "value": None}}
    if zpath is not None:
        n = sum(1 for it in session.items if it.safe_path is not None and it.safe_path.exists())
        out["zip_dl"] = {"interactive": True, "value": str(zpath), "label": f"Download all safe copies (zip, {n})"}
    for name, path in (("log_dl", jpath), ("csv_dl", cpath)):
        if path is not None:
            out[name] = {"interactive": True, "value": str(Path(path))}
    return out
