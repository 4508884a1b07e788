"""The review UI: a local web page where a non-developer checks photos before they are posted.

Why it is built the way it is:

* The pipeline runs once per upload (`Screener.screen_file`); every later change the reviewer makes
  (untick a false alarm, mark a consented face, draw a missed box, change the face style) is
  re-applied to the cached result with `redact.apply_masks`, so the preview updates in well under a
  second instead of re-running OCR.
* Safe by default: 127.0.0.1 unless told otherwise (and then only with a login), analytics off and
  no calls out, uploads capped in size, uploaded originals and previews deleted when the tab closes
  or the session goes idle, and no PHI in logs (file names can carry patient names, so the app logs
  a hash, and the web server's access log, which would print upload URLs, is silenced).
* A photo whose screening failed can only be rejected: there is no path from "we could not look"
  to "post it".
"""

from __future__ import annotations

import os

# Before gradio is imported: it reads these at import time and would otherwise phone home.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

import atexit  # noqa: E402
import dataclasses  # noqa: E402
import functools  # noqa: E402
import hashlib  # noqa: E402
import html  # noqa: E402
import logging  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zipfile  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import cv2  # noqa: E402
import gradio as gr  # noqa: E402
import numpy as np  # noqa: E402
from gradio.utils import get_upload_folder  # noqa: E402

from .decision_log import DecisionLog, LogEntry, clean_reviewer  # noqa: E402
from .model import Finding, Identifier, Override, ScreenResult  # noqa: E402
from .overrides import manual_finding  # noqa: E402
from .policy import Policy, load_policy  # noqa: E402

log = logging.getLogger("imgscreen.ui")

DISPLAY_MAX_SIDE = 1600  # previews are shrunk to this: a laptop screen, and a 12 MP PNG is 20 MB
SESSION_IDLE_S = 1800.0  # a session untouched this long is ended and its files deleted
CACHE_SWEEP = (300, 1800)  # gradio's own copies (previews, downloads): deleted after 30 min, as idle sessions
FACE_STYLES = [("Smooth", "smooth"), ("Pixelate", "pixelate"), ("Blur", "blur"), ("Solid", "solid")]
VERDICT_WORDS = {"accept": "Accept", "redact": "Redact", "reject": "Reject"}
PHOTO_TYPES = ["image", ".heic", ".heif", ".avif", ".tif", ".tiff", ".webp", ".dng"]
# Loggers that, at INFO, print request lines (URLs carry upload file names) or request bodies.
NOISY_LOGGERS = ("uvicorn", "uvicorn.access", "uvicorn.error", "httpx", "httpcore", "gradio", "fastapi",
                 "multipart", "python_multipart", "PIL", "matplotlib", "asyncio", "websockets")


def quiet_loggers() -> None:
    """Nothing that could carry PHI (file names in URLs, request bodies) is logged below WARNING."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any unexpected error in a handler into a plain message, logged by type only.

    Gradio prints a handler's traceback, and an exception message can quote a file path (which can
    carry a patient's name) or text read from the photo. So nothing but the exception's type is
    logged, and the reviewer is told what to do rather than shown the message.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as e:  # noqa: BLE001 - see the docstring
            log.error("%s failed: %s", fn.__name__, type(e).__name__)
            raise gr.Error(f"Something went wrong ({type(e).__name__}). Nothing was recorded for this "
                           "step; try again, or reject the photo.", print_exception=False) from None

    return wrapper


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_log_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(os.environ.get("IMGSCREEN_DECISION_LOG") or Path(base) / "imgscreen" / "decisions.jsonl")


# --------------------------------------------------------------------------------------------
# What the reviewer is looking at: one frame of one upload, plus their changes to it.
# --------------------------------------------------------------------------------------------


def _scaled(f: Finding, s: float) -> Finding:
    return f if s == 1.0 else f.mapped(lambda x, y: (x * s, y * s))


@dataclass
class Item:
    """One frame under review. `name` is shown in the reviewer's own browser only, never logged."""

    number: int
    name: str
    sha256: str
    result: ScreenResult
    n_frames: int = 1
    dropped: set[int] = field(default_factory=set)
    consented: set[int] = field(default_factory=set)
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    corner: tuple[int, int] | None = None  # first click of a box being drawn
    style: str = "smooth"
    decision: str | None = None
    safe_path: Path | None = None
    _display: tuple[np.ndarray, float] | None = None

    @property
    def title(self) -> str:
        frame = f" (frame {self.result.frame + 1} of {self.n_frames})" if self.n_frames > 1 else ""
        return f"{self.number}. {self.name}{frame}"

    @property
    def failed_stages(self) -> list[str]:
        r = self.result
        names = [s.stage for s in r.stages if not s.ok or s.truncated]
        names += list(r.verify.get("failed_stages") or [])
        if r.photo is None and not names:
            names.append("load")
        return sorted(set(names))

    @property
    def failed(self) -> bool:
        """Screening did not complete: nobody can vouch for what was missed, so only Reject."""
        return self.result.photo is None or bool(self.failed_stages)

    def pixel_indices(self) -> list[int]:
        return [i for i, f in enumerate(self.result.findings) if f.in_pixels]

    def shown_number(self, index: int) -> int:
        """What the reviewer sees as "#": in-pixel findings numbered 1.. in order, stable under changes."""
        return self.pixel_indices().index(index) + 1

    def face_indices(self) -> list[int]:
        return [i for i, f in enumerate(self.result.findings) if f.kind == "face" and f.in_pixels]

    def to_mask(self) -> list[Finding]:
        """What the safe copy masks: tool findings minus false alarms and consented faces, plus boxes."""
        fs = self.result.findings
        keep = [fs[i] for i in self.pixel_indices() if i not in self.dropped and i not in self.consented]
        return keep + [manual_finding(b) for b in self.boxes]

    def overrides(self) -> list[Override]:
        fs = self.result.findings
        out = [Override("drop", finding_index=i) for i in sorted(self.dropped)]
        # The detector's raw face box, as `faces.apply_consent` matches consent boxes against it.
        out += [Override("consent", box=fs[i].face.box if fs[i].face else fs[i].bbox, finding_index=i)
                for i in sorted(self.consented)]
        out += [Override("add_box", box=b) for b in self.boxes]
        return out

    @property
    def unmaskable(self) -> bool:
        """The pipeline's verify pass still found PHI after its last masking round: no mask can be trusted."""
        return bool(self.result.verify.get("persisted"))

    @property
    def reject_only(self) -> bool:
        return self.failed or self.unmaskable

    def redact_blocker(self) -> str | None:
        """Why Redact is not allowed, in words for the reviewer; None if it is."""
        if self.failed:
            return "Screening did not complete for this photo, so it cannot be redacted. Reject it."
        if self.unmaskable:
            return ("The tool still found PHI after masking this photo twice, so a masked copy cannot be "
                    "trusted. Reject it.")
        return None

    def accept_blocker(self) -> str | None:
        """Why Accept is not allowed right now, in words for the reviewer; None if it is."""
        if self.reject_only:
            return self.redact_blocker()
        if self.to_mask():
            return ("Accept means posting the photo as it is, but something is still marked to be masked. "
                    "Choose Redact, or untick the false alarms first.")
        return None

    def display(self) -> tuple[np.ndarray, float]:
        """The upright photo shrunk for the screen, and the scale used (cached: it never changes)."""
        if self._display is None:
            assert self.result.photo is not None
            px = self.result.photo.pixels
            long_side = max(px.shape[:2])
            s = min(1.0, DISPLAY_MAX_SIDE / long_side)
            if s < 1.0:
                size = (max(1, round(px.shape[1] * s)), max(1, round(px.shape[0] * s)))
                px = cv2.resize(px, size, interpolation=cv2.INTER_AREA)
            self._display = (px, s)
        return self._display

    def display_findings(self, findings: list[Finding]) -> list[Finding]:
        _, s = self.display()
        return [_scaled(f, s) for f in findings]


@dataclass
class Session:
    """One browser tab's batch. Its directory holds previews and safe copies; all deleted at the end."""

    workdir: Path
    batch: str = field(default_factory=lambda: secrets.token_hex(6))
    items: list[Item] = field(default_factory=list)
    uploads: set[str] = field(default_factory=set)  # gradio's temp copies of the originals
    last_used: float = field(default_factory=time.monotonic)
    view_seq: int = 0

    def cleanup(self) -> None:
        """Delete the originals we were handed and everything we wrote. Idempotent."""
        for p in list(self.uploads):
            try:
                Path(p).unlink(missing_ok=True)
                parent = Path(p).parent
                if parent.exists() and not any(parent.iterdir()):
                    parent.rmdir()
            except OSError:
                pass
        self.uploads.clear()
        self.items.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Sessions:
    """Sessions by gradio session hash; ended on tab close (`unload`) or after `idle_s` untouched."""

    def __init__(self, root: Path, idle_s: float = SESSION_IDLE_S) -> None:
        self.root = root
        self.idle_s = idle_s
        self._by_hash: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, request: gr.Request | None) -> Session:
        key = getattr(request, "session_hash", None) or "local"
        self.sweep()
        with self._lock:
            session = self._by_hash.get(key)
            if session is None:
                workdir = Path(tempfile.mkdtemp(prefix="session-", dir=self.root))
                session = self._by_hash[key] = Session(workdir=workdir)
            session.last_used = time.monotonic()
            return session

    def end(self, key: str | None) -> None:
        with self._lock:
            session = self._by_hash.pop(key or "local", None)
        if session is not None:
            session.cleanup()
            log.info("session ended; its files were deleted")

    def sweep(self) -> None:
        now = time.monotonic()
        with self._lock:
            idle = [k for k, s in self._by_hash.items() if now - s.last_used > self.idle_s]
        for k in idle:
            self.end(k)

    def end_all(self) -> None:
        for k in list(self._by_hash):
            self.end(k)

    def __len__(self) -> int:
        return len(self._by_hash)


# --------------------------------------------------------------------------------------------
# Writing safe copies
# --------------------------------------------------------------------------------------------


def safe_name(item: Item) -> str:
    """No part of the original name (it may be the patient's): position, short hash, frame."""
    from .write import safe_format_for

    frame = f"-f{item.result.frame + 1}" if item.n_frames > 1 else ""
    ext = safe_format_for(Path(item.name).suffix.lower())[1]
    return f"{item.number:02d}-{item.sha256[:8]}{frame}-safe{ext}"


# --------------------------------------------------------------------------------------------
# Plain-words rendering
# --------------------------------------------------------------------------------------------


def _mask_text(text: str | None) -> str:
    from .report import mask_text

    return mask_text(text) or ""


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
        rows.append([str(item.shown_number(i)), f.label, f.identifier.label, _mask_text(f.text), f"{f.score:.0%}",
                     status])
    for k, b in enumerate(item.boxes, 1):
        rows.append([f"R{k}", "Marked by reviewer", Identifier.OTHER_ID.label, "x {}, y {}, {}×{}".format(*b),
                     "", "masked"])
    for f in fs:
        if not f.in_pixels:
            rows.append(["file", f.label, f.identifier.label, _mask_text(f.text), f"{f.score:.0%}",
                         "removed with the file's metadata"])
    return rows


FINDING_HEADERS = ["#", "What", "HIPAA identifier", "Text (masked)", "Confidence", "In the safe copy"]
FINDING_WIDTHS = ["7%", "22%", "25%", "16%", "10%", "20%"]


def _choice(item: Item, i: int) -> tuple[str, str]:
    return (f"{item.shown_number(i)}. {item.result.findings[i].label}", str(i))


# --------------------------------------------------------------------------------------------
# The app
# --------------------------------------------------------------------------------------------

CSS = """
.gradio-container {max-width: 1280px !important; margin: auto;}
#imgs-title h1 {margin-bottom: 0;}
.imgs-proposal {border-radius: 8px; padding: 10px 14px; border-left: 6px solid #888; background: #f6f7f9;}
.imgs-proposal ul {margin: 4px 0 0 18px;}
.imgs-head {font-weight: 700; font-size: 1.1em; margin: 0;}
.imgs-accept {border-left-color: #1a7f37; background: #eef8f0;}
.imgs-redact {border-left-color: #b7791f; background: #fdf6e7;}
.imgs-reject {border-left-color: #c62828; background: #fdecec;}
.imgs-mine {margin: 6px 0 0 0;}
#imgs-status {min-height: 1.5em;}
button:focus-visible {outline: 3px solid #1f6feb !important; outline-offset: 2px;}
"""


# Reviewer edits and decisions change one session's state: run them one at a time (each takes
# milliseconds), so a click cannot interleave with the re-render of the change before it.
EDIT: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "review", "concurrency_limit": 1}
# Screening is slow and uses every core: one photo at a time, in its own queue.
SCREEN: dict[str, Any] = {"api_visibility": "private", "concurrency_id": "screen", "concurrency_limit": 1}


@dataclass
class AppContext:
    """What every handler needs; one per `build_app` call."""

    policy: Policy
    screener: Any
    decision_log: DecisionLog
    sessions: Sessions
    screen_lock: threading.Lock = field(default_factory=threading.Lock)


def _policy_for(ctx: AppContext, item: Item) -> Policy:
    return ctx.policy.replace("faces", style=item.style)


def _views(ctx: AppContext, session: Session, item: Item | None) -> tuple[str | None, str | None]:
    """(highlighted, preview) images at screen size, as PNG files in the session's own folder.

    Files, not arrays: gradio copies an array into its shared cache, where it outlives the session
    (only the age-based sweep removes it). A file already inside gradio's cache is served in place,
    so these are deleted with the session. Only the latest two sets are kept: one on screen, one
    that the browser may still be fetching.
    """
    if item is None or item.result.photo is None:
        return None, None
    from PIL import Image

    from .redact import apply_masks, highlight

    px, _ = item.display()
    fs = item.result.findings
    shown = [dataclasses.replace(fs[i], label=f"{item.shown_number(i)}. {fs[i].label}")
             for i in item.pixel_indices() if i not in item.dropped]
    shown += [dataclasses.replace(manual_finding(b), label=f"R{k}. Marked by reviewer")
              for k, b in enumerate(item.boxes, 1)]
    marked = highlight(px, item.display_findings(shown), numbered=False)
    if item.corner is not None:
        _, s = item.display()
        cx, cy = round(item.corner[0] * s), round(item.corner[1] * s)
        marked = np.array(marked)  # highlight returns a read-only view
        cv2.drawMarker(marked, (cx, cy), (31, 111, 235), cv2.MARKER_CROSS, 24, 3)
    preview = apply_masks(px, item.display_findings(item.to_mask()), _policy_for(ctx, item))
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


def build_app(
    policy: Policy | None = None,
    log_path: str | Path | None = None,
    *,
    screener: Any = None,
    work_root: str | Path | None = None,
    idle_s: float = SESSION_IDLE_S,
) -> gr.Blocks:
    """The Blocks app. `screener` is injectable so tests can pin the detectors; by default the
    pipeline's own `Screener(policy)`, built once here so models load once per process."""
    quiet_loggers()
    policy = policy or Policy()
    if screener is None:
        from .pipeline import Screener

        screener = Screener(policy)
    # Inside gradio's upload folder: files there are served in place, not copied into its cache,
    # so a session's previews and safe copies exist once and are deleted with the session.
    root = Path(work_root) if work_root else Path(get_upload_folder()) / f"imgscreen-{secrets.token_hex(8)}"
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    ctx = AppContext(policy=policy, screener=screener, decision_log=DecisionLog(log_path or default_log_path()),
                     sessions=Sessions(root, idle_s))

    with gr.Blocks(title="imgscreen: check photos before posting", analytics_enabled=False,
                   delete_cache=CACHE_SWEEP) as demo:
        demo.imgscreen = ctx  # type: ignore[attr-defined]  # for tests and serve()
        gr.Markdown(
            "# Check photos before posting\n"
            "Drop photos here. Each is checked for faces, names, record numbers, barcodes and hidden "
            "location data. Review what was found, then choose **Accept**, **Redact** or **Reject** and "
            "download the safe copy. Nothing is sent to the internet.",
            elem_id="imgs-title",
        )
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=280):
                files = gr.File(label="1. Add photos (drag and drop, or click to choose)", file_count="multiple",
                                file_types=PHOTO_TYPES, type="filepath", elem_id="imgs-files", height=150)
                # image_mode=None: gradio hands over the pasted file itself, not a converted copy.
                paste = gr.Image(label="…or paste a photo from the clipboard", sources=["clipboard"],
                                 type="filepath", image_mode=None, elem_id="imgs-paste", height=140)
                reviewer = gr.Textbox(label="Your name (for the decision record)", max_lines=1,
                                      elem_id="imgs-reviewer", placeholder="e.g. Kim Lee, Comms")
                picker = gr.Radio(label="2. Photos in this batch", choices=[], elem_id="imgs-picker")
                with gr.Accordion("Downloads for the whole batch", open=True):
                    zip_dl = gr.DownloadButton("Download all safe copies (zip)", interactive=False,
                                               elem_id="imgs-zip", size="md")
                    log_dl = gr.DownloadButton("Download decision record (JSON Lines)", interactive=False,
                                               elem_id="imgs-log-jsonl", size="md")
                    csv_dl = gr.DownloadButton("Download decision record (CSV)", interactive=False,
                                               elem_id="imgs-log-csv", size="md")
                clear_btn = gr.Button("Clear this batch", size="sm", variant="secondary", elem_id="imgs-clear")
            with gr.Column(scale=3):
                proposal = gr.HTML("<p>Add a photo to start.</p>", elem_id="imgs-proposal",
                                   js_on_load=None)
                with gr.Row():
                    marked = gr.Image(label="What was found (click two corners to mark a missed area)",
                                      interactive=False, elem_id="imgs-marked", height=380,
                                      buttons=["fullscreen"])
                    preview = gr.Image(label="Safe copy preview", interactive=False, elem_id="imgs-preview",
                                       height=380, buttons=["fullscreen"])
                table = gr.Dataframe(headers=FINDING_HEADERS, label="Findings", interactive=False,
                                     elem_id="imgs-table", wrap=True, max_height=300,
                                     column_widths=FINDING_WIDTHS)
                with gr.Row():
                    to_mask = gr.CheckboxGroup(label="Mask these (untick a false alarm)", choices=[],
                                               elem_id="imgs-mask", scale=2)
                    consent = gr.CheckboxGroup(label="These people consented (their faces stay visible)",
                                               choices=[], elem_id="imgs-consent", scale=2)
                    style = gr.Radio(label="Face style", choices=FACE_STYLES, value=policy.faces.style,
                                     elem_id="imgs-style", scale=1)
                with gr.Accordion("Mark a missed area by numbers", open=False):
                    with gr.Row():
                        bx = gr.Number(label="x", precision=0, minimum=0, elem_id="imgs-bx")
                        by = gr.Number(label="y", precision=0, minimum=0, elem_id="imgs-by")
                        bw = gr.Number(label="width", precision=0, minimum=1, elem_id="imgs-bw")
                        bh = gr.Number(label="height", precision=0, minimum=1, elem_id="imgs-bh")
                    with gr.Row():
                        add_box = gr.Button("Add box", size="sm", elem_id="imgs-addbox")
                        clear_boxes = gr.Button("Remove my boxes", size="sm", elem_id="imgs-clearboxes")
                gr.Markdown("### 3. Your decision")
                with gr.Row():
                    accept_btn = gr.Button("Accept (post as is, metadata removed)", variant="secondary",
                                           elem_id="imgs-accept", interactive=False)
                    redact_btn = gr.Button("Redact (post the masked copy)", variant="primary",
                                           elem_id="imgs-redact", interactive=False)
                    reject_btn = gr.Button("Reject (do not post)", variant="stop", elem_id="imgs-reject",
                                           interactive=False)
                status = gr.Markdown("", elem_id="imgs-status")
                safe_dl = gr.DownloadButton("Download safe copy", visible=False, elem_id="imgs-download",
                                            variant="primary")

        view = [picker, proposal, marked, preview, table, to_mask, consent, style, accept_btn, redact_btn,
                reject_btn, safe_dl]

        def render(session: Session, index: int | None, note: str = "") -> tuple[Any, ...]:
            items = session.items
            choices = [(_picker_label(it), str(i)) for i, it in enumerate(items)]
            if index is None or not (0 <= index < len(items)):
                return (gr.update(choices=choices, value=None), "<p>Add a photo to start.</p>",
                        gr.update(value=None, visible=True), gr.update(value=None, visible=True), [],
                        gr.update(choices=[], value=[]), gr.update(choices=[], value=[], visible=False),
                        gr.update(), gr.update(interactive=False), gr.update(interactive=False),
                        gr.update(interactive=False), gr.update(visible=False, value=None)), note
            item = items[index]
            hi, pv = _views(ctx, session, item)
            mask_choices = [_choice(item, i) for i in item.pixel_indices() if i not in item.consented]
            faces = item.face_indices()
            blocker = item.accept_blocker()
            ready = item.safe_path is not None and item.safe_path.exists()
            return (
                gr.update(choices=choices, value=str(index)),
                proposal_html(item),
                gr.update(value=hi, visible=hi is not None),
                gr.update(value=pv, visible=pv is not None),
                findings_rows(item),
                gr.update(choices=mask_choices,
                          value=[v for _, v in mask_choices if int(v) not in item.dropped],
                          interactive=not item.failed),
                gr.update(choices=[_choice(item, i) for i in faces], value=[str(i) for i in item.consented],
                          visible=bool(faces), interactive=not item.failed),
                gr.update(value=item.style, interactive=not item.failed),
                gr.update(interactive=blocker is None),
                gr.update(interactive=item.redact_blocker() is None),
                gr.update(interactive=True),
                gr.update(visible=ready, value=str(item.safe_path) if ready else None,
                          label=f"Download safe copy of photo {item.number}"),
            ), note

        def with_status(out: tuple[tuple[Any, ...], str]) -> tuple[Any, ...]:
            values, note = out
            return (*values, note)

        def current(session: Session, picked: str | None) -> tuple[int | None, Item | None]:
            try:
                index = int(picked) if picked is not None else None
            except ValueError:
                index = None
            if index is None or not (0 <= index < len(session.items)):
                return None, None
            return index, session.items[index]

        # -- uploads ------------------------------------------------------------------------------
        @guarded
        def on_upload(paths: list[str] | str | None, request: gr.Request, progress=gr.Progress()):  # noqa: B008
            session = ctx.sessions.get(request)
            if isinstance(paths, str):
                paths = [paths]
            new = [p for p in (paths or []) if p and p not in session.uploads]
            first_new = len(session.items)
            for n, path in enumerate(new):
                progress((n, len(new)), desc=f"Checking photo {n + 1} of {len(new)}…")
                session.uploads.add(path)
                _screen_one(ctx, session, Path(path))
            if not new:
                return with_status(render(session, len(session.items) - 1 if session.items else None))
            failed = sum(1 for it in session.items[first_new:] if it.failed)
            note = f"Checked {len(new)} photo{'s' if len(new) != 1 else ''}."
            if failed:
                note += f" **{failed} could not be screened** and can only be rejected."
            return with_status(render(session, first_new, note))

        files.upload(on_upload, inputs=[files], outputs=[*view, status], show_progress="full", **SCREEN)
        paste.upload(on_upload, inputs=[paste], outputs=[*view, status], show_progress="full", **SCREEN)

        @guarded
        def on_pick(picked: str | None, request: gr.Request):
            session = ctx.sessions.get(request)
            index, _ = current(session, picked)
            return with_status(render(session, index))

        picker.input(on_pick, inputs=[picker], outputs=[*view, status], **EDIT)

        # -- the reviewer's changes -----------------------------------------------------------------
        def apply(request: gr.Request, picked: str | None, fn: Callable[[Item], str | None]) -> tuple[Any, ...]:
            """Run one reviewer change on the current photo and re-render it."""
            session = ctx.sessions.get(request)
            index, item = current(session, picked)
            if item is None:
                return with_status(render(session, None, _missing(picked, ctx.sessions.idle_s)))
            if item.failed:
                return with_status(render(session, index, "This photo could not be screened; it can only "
                                                          "be rejected."))
            note = fn(item) or ""
            if item.decision and item.decision != "reject":
                # The safe copy on offer no longer matches the preview: decide again.
                item.decision, item.safe_path = None, None
                note = (note + " " if note else "") + "You changed the masks: choose your decision again."
            return with_status(render(session, index, note))

        @guarded
        def on_masked(picked: str | None, values: list[str] | None, request: gr.Request) -> tuple[Any, ...]:
            def change(item: Item) -> None:
                on = {int(v) for v in values or []}
                item.dropped = {i for i in item.pixel_indices() if i not in on and i not in item.consented}

            return apply(request, picked, change)

        @guarded
        def on_consent(picked: str | None, values: list[str] | None, request: gr.Request) -> tuple[Any, ...]:
            def change(item: Item) -> None:
                item.consented = {int(v) for v in values or []} & set(item.face_indices())
                item.dropped -= item.consented

            return apply(request, picked, change)

        @guarded
        def on_style(picked: str | None, value: str | None, request: gr.Request) -> tuple[Any, ...]:
            def change(item: Item) -> str:
                names = {v: label for label, v in FACE_STYLES}
                if value in names:
                    item.style = value
                return f"Face style: {names.get(item.style, item.style)}."

            return apply(request, picked, change)

        @guarded
        def on_add_box(picked: str | None, x: float | None, y: float | None, w: float | None, h: float | None,
                       request: gr.Request) -> tuple[Any, ...]:
            return apply(request, picked, lambda item: _add_box(item, x, y, w, h))

        @guarded
        def on_clear_boxes(picked: str | None, request: gr.Request) -> tuple[Any, ...]:
            def change(item: Item) -> str:
                item.boxes.clear()
                item.corner = None
                return "Your boxes were removed."

            return apply(request, picked, change)

        @guarded
        def on_click(picked: str | None, evt: gr.SelectData, request: gr.Request) -> tuple[Any, ...]:
            def corner(item: Item) -> str:
                _, s = item.display()
                x, y = (round(v / s) for v in evt.index[:2])
                if item.corner is None:
                    item.corner = (x, y)
                    return "First corner set; now click the opposite corner."
                (x0, y0), item.corner = item.corner, None
                return _add_box(item, min(x0, x), min(y0, y), abs(x - x0), abs(y - y0))

            return apply(request, picked, corner)

        out = [*view, status]
        to_mask.input(on_masked, inputs=[picker, to_mask], outputs=out, **EDIT)
        consent.input(on_consent, inputs=[picker, consent], outputs=out, **EDIT)
        style.input(on_style, inputs=[picker, style], outputs=out, **EDIT)
        add_box.click(on_add_box, inputs=[picker, bx, by, bw, bh], outputs=out, **EDIT)
        clear_boxes.click(on_clear_boxes, inputs=[picker], outputs=out, **EDIT)
        marked.select(on_click, inputs=[picker], outputs=[*view, status], **EDIT)

        # -- decisions -------------------------------------------------------------------------------
        batch_outputs = [zip_dl, log_dl, csv_dl]

        def decide(verdict: str) -> Callable[..., tuple[Any, ...]]:
            @guarded
            def handler(picked: str | None, who: str | None, request: gr.Request) -> tuple[Any, ...]:
                session = ctx.sessions.get(request)
                index, item = current(session, picked)
                reviewer_name = clean_reviewer(getattr(request, "username", None) or who)
                if item is None:
                    note = _missing(picked, ctx.sessions.idle_s)
                elif not reviewer_name:
                    note = "Please type your name first, so the record shows who decided."
                else:
                    note = _record_decision(ctx, session, item, verdict, reviewer_name)
                if note.startswith("Refused") or note.startswith("Please"):
                    gr.Warning(note)
                return (*with_status(render(session, index, note)), *_batch_downloads(ctx, session))

            return handler

        for btn, verdict in ((accept_btn, "accept"), (redact_btn, "redact"), (reject_btn, "reject")):
            btn.click(decide(verdict), inputs=[picker, reviewer], outputs=[*view, status, *batch_outputs],
                      show_progress="minimal", **EDIT)

        @guarded
        def on_clear(request: gr.Request) -> tuple[Any, ...]:
            ctx.sessions.end(getattr(request, "session_hash", None))
            session = ctx.sessions.get(request)
            return (*with_status(render(session, None, "Batch cleared; its files were deleted.")),
                    *_batch_downloads(ctx, session), None, None)

        clear_btn.click(on_clear, outputs=[*view, status, *batch_outputs, files, paste], **EDIT)

        # -- session start and end -----------------------------------------------------------------------
        @guarded
        def on_load(request: gr.Request) -> Any:
            name = getattr(request, "username", None)
            if name:
                return gr.update(value=name, interactive=False, label="Signed in as")
            return gr.update()

        demo.load(on_load, outputs=[reviewer], **EDIT)

        @guarded
        def on_unload(request: gr.Request) -> None:
            ctx.sessions.end(getattr(request, "session_hash", None))

        demo.unload(on_unload)
    return demo


def _missing(picked: str | None, idle_s: float) -> str:
    """Why there is no photo to act on: none added yet, or the batch was ended (and its files deleted)."""
    if picked is None:
        return "Add a photo first."
    return (f"This batch is no longer on the server (it was cleared, or left unused for {idle_s / 60:.0f} "
            "minutes, and its files were deleted). Add the photos again.")


def _picker_label(item: Item) -> str:
    mark = {"accept": "✓ accepted", "redact": "✓ redacted", "reject": "✗ rejected"}.get(item.decision or "")
    if not mark:
        mark = "failed, reject it" if item.reject_only else f"proposed: {VERDICT_WORDS[item.result.decision.verdict]}"
    return f"{item.title} ({mark})"


def _add_box(item: Item, x: Any, y: Any, w: Any, h: Any) -> str:
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
    item.boxes.append((x0, y0, x1 - x0, y1 - y0))
    return f"Added a box at x {x0}, y {y0}, {x1 - x0}×{y1 - y0}."


def _screen_one(ctx: AppContext, session: Session, path: Path) -> None:
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


def _record_decision(ctx: AppContext, session: Session, item: Item, verdict: str, reviewer: str) -> str:
    """Write the safe copy (if any) and append the log line. Returns the message for the reviewer."""
    safe_sha: str | None = None
    safe_path: Path | None = None
    if verdict == "accept" and (blocker := item.accept_blocker()):
        return f"Refused: {blocker}"
    if verdict == "redact" and (blocker := item.redact_blocker()):
        return f"Refused: {blocker}"
    if verdict in ("accept", "redact"):
        assert item.result.photo is not None
        pixels = item.result.photo.pixels
        if verdict == "redact":
            from .redact import apply_masks

            pixels = apply_masks(pixels, item.to_mask(), _policy_for(ctx, item))
        from .write import write_outputs

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


def _batch_downloads(ctx: AppContext, session: Session) -> tuple[Any, Any, Any]:
    """Zip of every safe copy so far and this batch's lines of the decision log, as fresh files."""
    ready = [it.safe_path for it in session.items if it.safe_path is not None and it.safe_path.exists()]
    zip_update: Any = gr.update(interactive=False, value=None)
    if ready:
        zpath = session.workdir / "imgscreen-safe-copies.zip"
        tmp = zpath.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
            for p in ready:
                z.write(p, arcname=p.name)
        tmp.replace(zpath)
        zip_update = gr.update(interactive=True, value=str(zpath),
                               label=f"Download all safe copies (zip, {len(ready)})")
    if not ctx.decision_log.records_for(session.batch):
        return zip_update, gr.update(interactive=False, value=None), gr.update(interactive=False, value=None)
    jpath = ctx.decision_log.export(session.workdir / "decision-record.jsonl", "jsonl", session.batch)
    cpath = ctx.decision_log.export(session.workdir / "decision-record.csv", "csv", session.batch)
    return (zip_update, gr.update(interactive=True, value=str(jpath)), gr.update(interactive=True, value=str(cpath)))


# --------------------------------------------------------------------------------------------
# Serving
# --------------------------------------------------------------------------------------------

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """`user:password[,user2:password2]` (from --auth or IMGSCREEN_AUTH) -> gradio's list of pairs."""
    if not value:
        return None
    pairs = []
    for part in value.split(","):
        user, sep, password = part.strip().partition(":")
        if not sep or not user or not password:
            raise ValueError("auth must look like user:password (several separated by commas)")
        pairs.append((user, password))
    return pairs


def theme() -> gr.themes.Base:
    """System fonts only: the default theme would fetch fonts from Google, a call out we do not make."""
    system = [gr.themes.Font("system-ui"), gr.themes.Font("Segoe UI"), gr.themes.Font("Roboto"), "sans-serif"]
    mono = [gr.themes.Font("ui-monospace"), gr.themes.Font("Consolas"), "monospace"]
    return gr.themes.Default(primary_hue="blue", neutral_hue="slate", font=system, font_mono=mono)


def launch_options(policy: Policy) -> dict[str, Any]:
    """The `launch()` arguments that make the server safe by default, shared by `serve` and tests."""
    return dict(
        theme=theme(),
        css=CSS,
        max_file_size=policy.limits.max_file_bytes,
        share=False,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        footer_links=[],
        quiet=True,
        show_error=False,
        enable_monitoring=False,
    )


def start(demo: gr.Blocks, host: str = "127.0.0.1", port: int | None = None,
          auth: list[tuple[str, str]] | None = None, open_browser: bool = False) -> str:
    """Launch without blocking; returns the local URL."""
    policy = demo.imgscreen.policy  # type: ignore[attr-defined]
    _, url, _ = demo.launch(server_name=host, server_port=port, auth=auth, inbrowser=open_browser,
                            prevent_thread_lock=True, auth_message="imgscreen: sign in to review photos",
                            **launch_options(policy))
    quiet_loggers()  # uvicorn resets its loggers' levels when it starts
    return url


def check_log_writable(path: Path) -> None:
    """Fail at start-up, not at the first decision, if the decision record cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    except OSError as e:
        raise SystemExit(f"cannot write the decision record {path}: {e.strerror or type(e).__name__}; "
                         "choose another file with --log") from None


def warm_up(ctx: AppContext) -> None:
    """Load the detectors' models on a blank frame, so the first real photo is not the slow one."""
    from .model import Photo

    start = time.perf_counter()
    with ctx.screen_lock:
        try:
            ctx.screener.screen_photo(Photo(pixels=np.full((64, 64, 3), 255, np.uint8)))
        except Exception as e:  # noqa: BLE001 - a failed warm-up only means a slower first photo
            log.warning("warm-up failed (%s); models will load on the first photo", type(e).__name__)
            return
    log.info("models loaded in %.1fs", time.perf_counter() - start)


def serve(host: str = "127.0.0.1", port: int | None = None, auth: str | None = None,
          policy_path: str | Path | None = None, log_path: str | Path | None = None,
          open_browser: bool = False) -> None:
    """Run the review UI until Ctrl+C. Refuses to listen beyond this computer without a login."""
    quiet_loggers()
    host = host or "127.0.0.1"
    pairs = parse_auth(auth or os.environ.get("IMGSCREEN_AUTH"))
    if host not in LOOPBACK and not pairs:
        raise SystemExit(f"refusing to listen on {host} without a login: add --auth user:password "
                         "(or set IMGSCREEN_AUTH); photos here may contain PHI")
    if port is None and os.environ.get("GRADIO_SERVER_PORT"):
        port = int(os.environ["GRADIO_SERVER_PORT"])
    if not os.environ.get("GRADIO_TEMP_DIR"):
        # A private temp dir for gradio's copies of uploads and previews, removed at exit.
        tmp = tempfile.mkdtemp(prefix="imgscreen-gradio-")
        os.environ["GRADIO_TEMP_DIR"] = tmp
        atexit.register(shutil.rmtree, tmp, True)
    policy = load_policy(policy_path)
    log_file = Path(log_path) if log_path else default_log_path()
    check_log_writable(log_file)
    demo = build_app(policy, log_file)
    ctx: AppContext = demo.imgscreen  # type: ignore[attr-defined]
    atexit.register(shutil.rmtree, ctx.sessions.root, True)
    threading.Thread(target=warm_up, args=(ctx,), name="imgscreen-warm-up", daemon=True).start()
    url = start(demo, host, port, pairs, open_browser)
    print(f"imgscreen review UI: {url}")
    print(f"decision record: {ctx.decision_log.path}")
    try:
        demo.block_thread()
    finally:
        ctx.sessions.end_all()
