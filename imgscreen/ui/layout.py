"""The page: its components, named, and which event runs which handler. `build_app` puts them together.

Components are kept in a dict by name (the names `render` uses for its updates); `elem_id`s are what
the browser tests and the CSS select on.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import gradio as gr
from gradio.utils import get_upload_folder

from ..decision_log import DecisionLog
from ..policy import Policy
from . import render, video_page
from .handlers import Handlers, quiet_loggers
from .review import face_style_choices
from .state import SESSION_IDLE_S, AppContext, Sessions, default_log_path

CACHE_SWEEP = (300, 1800)  # gradio's own copies (previews, downloads): deleted after 30 min, as idle sessions
PHOTO_TYPES = ["image", ".heic", ".heif", ".avif", ".tif", ".tiff", ".webp", ".dng"]

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


def build_app(
    policy: Policy | None = None,
    log_path: str | Path | None = None,
    *,
    screener: Any = None,
    work_root: str | Path | None = None,
    idle_s: float = SESSION_IDLE_S,
    video_screener: Any = None,
) -> gr.Blocks:
    """The Blocks app. `screener` (and `video_screener`) are injectable so tests can pin the detectors;
    by default the pipeline's own `Screener(policy)`, built once here so models load once per process
    (the `VideoScreener` on the first video)."""
    quiet_loggers()
    policy = policy or Policy()
    if screener is None:
        from ..pipeline import Screener

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
        c = _components(policy)
        video_page.add_section(c)
        _wire(demo, c, Handlers(ctx, c))
        demo.imgscreen_video = video_page.VideoHandlers(ctx, c, video_screener)  # type: ignore[attr-defined]
        video_page.wire(c, demo.imgscreen_video, EDIT, SCREEN)  # type: ignore[attr-defined]
    return demo


def _components(policy: Policy) -> dict[str, Any]:
    """The page, top to bottom; every component the handlers read or update, by name."""
    c: dict[str, Any] = {}
    gr.Markdown(
        "# Check photos before posting\n"
        "Drop photos here. Each is checked for faces, names, record numbers, barcodes and hidden "
        "location data. Review what was found, then choose **Accept**, **Redact** or **Reject** and "
        "download the safe copy. Nothing is sent to the internet.",
        elem_id="imgs-title",
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            _batch_column(c)
        with gr.Column(scale=3):
            _review_column(c, policy)
    return c


def _batch_column(c: dict[str, Any]) -> None:
    c["files"] = gr.File(label="1. Add photos (drag and drop, or click to choose)", file_count="multiple",
                         file_types=PHOTO_TYPES, type="filepath", elem_id="imgs-files", height=150)
    # image_mode=None: gradio hands over the pasted file itself, not a converted copy.
    c["paste"] = gr.Image(label="…or paste a photo from the clipboard", sources=["clipboard"], type="filepath",
                          image_mode=None, elem_id="imgs-paste", height=140)
    c["reviewer"] = gr.Textbox(label="Your name (for the decision record)", max_lines=1, elem_id="imgs-reviewer",
                               placeholder="e.g. Kim Lee, Comms")
    c["picker"] = gr.Radio(label="2. Photos in this batch", choices=[], elem_id="imgs-picker")
    with gr.Accordion("Downloads for the whole batch", open=True):
        c["zip_dl"] = gr.DownloadButton("Download all safe copies (zip)", interactive=False, elem_id="imgs-zip",
                                        size="md")
        c["log_dl"] = gr.DownloadButton("Download decision record (JSON Lines)", interactive=False,
                                        elem_id="imgs-log-jsonl", size="md")
        c["csv_dl"] = gr.DownloadButton("Download decision record (CSV)", interactive=False,
                                        elem_id="imgs-log-csv", size="md")
    c["clear"] = gr.Button("Clear this batch", size="sm", variant="secondary", elem_id="imgs-clear")


def _review_column(c: dict[str, Any], policy: Policy) -> None:
    c["proposal"] = gr.HTML(render.START, elem_id="imgs-proposal", js_on_load=None)
    with gr.Row():
        c["marked"] = gr.Image(label="What was found (click two corners to mark a missed area)", interactive=False,
                               elem_id="imgs-marked", height=380, buttons=["fullscreen"])
        c["preview"] = gr.Image(label="Safe copy preview", interactive=False, elem_id="imgs-preview", height=380,
                                buttons=["fullscreen"])
    c["table"] = gr.Dataframe(headers=render.FINDING_HEADERS, label="Findings", interactive=False,
                              elem_id="imgs-table", wrap=True, max_height=300, column_widths=render.FINDING_WIDTHS)
    with gr.Row():
        c["to_mask"] = gr.CheckboxGroup(label="Mask these (untick a false alarm)", choices=[], elem_id="imgs-mask",
                                        scale=2)
        c["consent"] = gr.CheckboxGroup(label="These people consented (their faces stay visible)", choices=[],
                                        elem_id="imgs-consent", scale=2)
        c["style"] = gr.Radio(label="Face style", choices=face_style_choices(), value=policy.faces.style,
                              elem_id="imgs-style", scale=1)
    with gr.Accordion("Mark a missed area by numbers", open=False):
        with gr.Row():
            c["bx"] = gr.Number(label="x", precision=0, minimum=0, elem_id="imgs-bx")
            c["by"] = gr.Number(label="y", precision=0, minimum=0, elem_id="imgs-by")
            c["bw"] = gr.Number(label="width", precision=0, minimum=1, elem_id="imgs-bw")
            c["bh"] = gr.Number(label="height", precision=0, minimum=1, elem_id="imgs-bh")
        with gr.Row():
            c["add_box"] = gr.Button("Add box", size="sm", elem_id="imgs-addbox")
            c["clear_boxes"] = gr.Button("Remove my boxes", size="sm", elem_id="imgs-clearboxes")
    gr.Markdown("### 3. Your decision")
    with gr.Row():
        c["accept"] = gr.Button("Accept (post as is, metadata removed)", variant="secondary", elem_id="imgs-accept",
                                interactive=False)
        c["redact"] = gr.Button("Redact (post the masked copy)", variant="primary", elem_id="imgs-redact",
                                interactive=False)
        c["reject"] = gr.Button("Reject (do not post)", variant="stop", elem_id="imgs-reject", interactive=False)
    c["status"] = gr.Markdown("", elem_id="imgs-status")
    c["safe_dl"] = gr.DownloadButton("Download safe copy", visible=False, elem_id="imgs-download", variant="primary")


def _wire(demo: gr.Blocks, c: dict[str, Any], h: Handlers) -> None:
    """Which event runs which handler, with what it reads and what it may update."""
    view = [c[name] for name in render.VIEW]
    with_downloads = view + [c[name] for name in render.DOWNLOADS]
    c["files"].upload(h.upload, inputs=[c["files"]], outputs=view, show_progress="full", **SCREEN)
    c["paste"].upload(h.upload, inputs=[c["paste"]], outputs=view, show_progress="full", **SCREEN)
    c["picker"].input(h.pick, inputs=[c["picker"]], outputs=view, **EDIT)
    picked = c["picker"]
    c["to_mask"].input(h.masked, inputs=[picked, c["to_mask"]], outputs=view, **EDIT)
    c["consent"].input(h.consent, inputs=[picked, c["consent"]], outputs=view, **EDIT)
    c["style"].input(h.style, inputs=[picked, c["style"]], outputs=view, **EDIT)
    c["add_box"].click(h.add_box, inputs=[picked, c["bx"], c["by"], c["bw"], c["bh"]], outputs=view, **EDIT)
    c["clear_boxes"].click(h.clear_boxes, inputs=[picked], outputs=view, **EDIT)
    c["marked"].select(h.click, inputs=[picked], outputs=view, **EDIT)
    for verdict in ("accept", "redact", "reject"):
        c[verdict].click(h.decide(verdict), inputs=[picked, c["reviewer"]], outputs=with_downloads,
                         show_progress="minimal", **EDIT)
    c["clear"].click(h.clear, outputs=with_downloads + [c["files"], c["paste"]], **EDIT)
    demo.load(h.load, outputs=[c["reviewer"]], **EDIT)
    demo.unload(h.unload)
