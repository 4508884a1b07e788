"""The page's video section: components, handlers and wiring, added to the photo page by `build_app`.

A section of its own (an accordion under the photos) rather than videos mixed into the photo picker:
a video is reviewed differently (a player, findings over time, consent per person's face track, boxes
over a time span, changes applied by writing the copy again), and the photo page's code stays as it is.
Every handler is `guarded` as the photo handlers are, and each one's rules live in `video_review`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import gradio as gr

from ..decision_log import clean_reviewer
from . import render, video_render, video_review
from .handlers import guarded
from .state import AppContext

VIDEO_TYPES = [".mp4", ".mov", ".m4v", ".webm"]


class VideoHandlers:
    """The video section's event handlers, bound to one app's context and its components (by name)."""

    def __init__(self, ctx: AppContext, components: dict[str, Any], screener: Any = None) -> None:
        self.ctx = ctx
        self.c = components
        self._screener = screener
        self._lock = threading.Lock()

    @property
    def screener(self) -> Any:
        """The `VideoScreener`, built on first use (its models load once per process)."""
        with self._lock:
            if self._screener is None:
                from ..video import VideoScreener

                self._screener = VideoScreener(self.ctx.policy)
            return self._screener

    def _updates(self, *views: dict[str, dict[str, Any]]) -> dict[Any, Any]:
        return {self.c[name]: gr.update(**kw) for v in views for name, kw in v.items()}

    def _show(self, request: gr.Request, index: int | None, note: str = "") -> dict[Any, Any]:
        return self._updates(video_render.view(self.ctx.sessions.get(request), index, note))

    @guarded
    def upload(self, path: str | None, request: gr.Request, progress=gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        session = self.ctx.sessions.get(request)
        if not path or path in session.uploads:
            videos = video_review.videos_of(session)
            return self._show(request, len(videos) - 1 if videos else None)
        progress(0.0, desc="Checking the video… (every frame is looked at; this takes a while)")
        item = video_review.screen_video_upload(self.ctx, self.screener, session, Path(path))
        return self._show(request, len(video_review.videos_of(session)) - 1, video_review.upload_note(item))

    @guarded
    def pick(self, picked: str | None, request: gr.Request) -> dict[Any, Any]:
        return self._show(request, self._index(request, picked)[0])

    def _index(self, request: gr.Request, picked: str | None) -> tuple[int | None, video_review.VideoItem | None]:
        videos = video_review.videos_of(self.ctx.sessions.get(request))
        try:
            i = int(picked) if picked is not None else None
        except ValueError:
            i = None
        if i is None or not 0 <= i < len(videos):
            return None, None
        return i, videos[i]

    def _edit(self, request: gr.Request, picked: str | None, change: Any) -> dict[Any, Any]:
        index, item = self._index(request, picked)
        if item is None:
            return self._show(request, None, "Add a video first, or pick one.")
        if item.failed:
            return self._show(request, index, "This video could not be screened; it can only be rejected.")
        return self._show(request, index, change(item) or "")

    @guarded
    def masked(self, picked: str | None, values: list[str] | None, request: gr.Request) -> dict[Any, Any]:
        return self._edit(request, picked, lambda item: video_review.set_masked(item, values))

    @guarded
    def consent(self, picked: str | None, values: list[str] | None, request: gr.Request) -> dict[Any, Any]:
        return self._edit(request, picked, lambda item: video_review.set_consent(item, values))

    @guarded
    def add_box(self, picked: str | None, x: Any, y: Any, w: Any, h: Any, t0: Any, t1: Any,
                request: gr.Request) -> dict[Any, Any]:
        return self._edit(request, picked, lambda item: video_review.add_box(item, x, y, w, h, t0, t1))

    @guarded
    def clear_boxes(self, picked: str | None, request: gr.Request) -> dict[Any, Any]:
        return self._edit(request, picked, video_review.clear_boxes)

    @guarded
    def apply(self, picked: str | None, request: gr.Request, progress=gr.Progress()) -> dict[Any, Any]:  # noqa: B008
        session = self.ctx.sessions.get(request)
        progress(0.0, desc="Writing the safe copy again with your changes…")
        return self._edit(request, picked,
                          lambda item: video_review.apply_changes(self.ctx, self.screener, session, item))

    @guarded
    def cleared(self, request: gr.Request) -> dict[Any, Any]:
        """After "Clear this batch" (which ends the session, its videos and their files): an empty section."""
        view = video_render.view(self.ctx.sessions.get(request), None)
        view["v_picker"] = {"choices": [], "value": None}
        return self._updates(view)

    def decide(self, verdict: str) -> Any:
        @guarded
        def handler(picked: str | None, who: str | None, request: gr.Request) -> dict[Any, Any]:
            session = self.ctx.sessions.get(request)
            index, item = self._index(request, picked)
            reviewer_name = clean_reviewer(getattr(request, "username", None) or who)
            if item is None:
                note = "Add a video first, or pick one."
            elif not reviewer_name:
                note = "Please type your name first, so the record shows who decided."
            else:
                note = video_review.record_decision(self.ctx, self.screener, session, item, verdict, reviewer_name)
            if note.startswith(("Refused", "Please")):
                gr.Warning(note)
            return self._updates(video_render.view(session, index, note), render.downloads(self.ctx, session))

        return handler


def add_section(c: dict[str, Any]) -> None:
    """The video section's components, into `c` by name (inside the caller's Blocks)."""
    with gr.Accordion("Videos: check a short clip", open=False, elem_id="imgs-video-section"):
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=280):
                c["v_files"] = gr.File(label="Add a video (mp4, mov, m4v, webm)", file_count="single",
                                       file_types=VIDEO_TYPES, type="filepath", elem_id="imgs-v-files", height=120)
                c["v_picker"] = gr.Radio(label="Videos in this batch", choices=[], elem_id="imgs-v-picker")
            with gr.Column(scale=3):
                c["v_proposal"] = gr.HTML(video_render.START, elem_id="imgs-v-proposal")
                c["v_player"] = gr.Video(label="Safe copy", interactive=False, elem_id="imgs-v-player", height=360,
                                         format=None)
        c["v_table"] = gr.Dataframe(headers=video_render.HEADERS, label="Findings over time", interactive=False,
                                    elem_id="imgs-v-table", wrap=True, max_height=300)
        with gr.Row():
            c["v_mask"] = gr.CheckboxGroup(label="Mask these (untick a false alarm)", choices=[],
                                           elem_id="imgs-v-mask", scale=2)
            c["v_consent"] = gr.CheckboxGroup(label="These people consented (their face stays visible in the whole "
                                                    "video)", choices=[], elem_id="imgs-v-consent", scale=2)
        with gr.Accordion("Mark a missed area (pixels of the frame, times in seconds)", open=False):
            with gr.Row():
                c["v_bx"] = gr.Number(label="x", precision=0, minimum=0, elem_id="imgs-v-bx")
                c["v_by"] = gr.Number(label="y", precision=0, minimum=0, elem_id="imgs-v-by")
                c["v_bw"] = gr.Number(label="width", precision=0, minimum=1, elem_id="imgs-v-bw")
                c["v_bh"] = gr.Number(label="height", precision=0, minimum=1, elem_id="imgs-v-bh")
                c["v_t0"] = gr.Number(label="from (s; empty: whole video)", minimum=0, elem_id="imgs-v-t0")
                c["v_t1"] = gr.Number(label="to (s)", minimum=0, elem_id="imgs-v-t1")
            with gr.Row():
                c["v_add_box"] = gr.Button("Add box", size="sm", elem_id="imgs-v-addbox")
                c["v_clear_boxes"] = gr.Button("Remove my boxes", size="sm", elem_id="imgs-v-clearboxes")
        c["v_apply"] = gr.Button("Apply changes (write the safe copy again)", interactive=False,
                                 elem_id="imgs-v-apply", size="sm")
        with gr.Row():
            c["v_accept"] = gr.Button("Accept (post as is, metadata removed)", variant="secondary",
                                      elem_id="imgs-v-accept", interactive=False)
            c["v_redact"] = gr.Button("Redact (post the masked copy)", variant="primary", elem_id="imgs-v-redact",
                                      interactive=False)
            c["v_reject"] = gr.Button("Reject (do not post)", variant="stop", elem_id="imgs-v-reject",
                                      interactive=False)
        c["v_status"] = gr.Markdown("", elem_id="imgs-v-status")
        c["v_safe_dl"] = gr.DownloadButton("Download safe copy", visible=False, elem_id="imgs-v-download",
                                           variant="primary")


def wire(c: dict[str, Any], h: VideoHandlers, edit: dict[str, Any], screen: dict[str, Any]) -> None:
    """Which event runs which handler (the photo page's queues: screening one at a time, edits in order)."""
    view = [c[name] for name in video_render.VIEW]
    with_downloads = view + [c[name] for name in render.DOWNLOADS]
    picked = c["v_picker"]
    c["v_files"].upload(h.upload, inputs=[c["v_files"]], outputs=view, show_progress="full", **screen)
    picked.input(h.pick, inputs=[picked], outputs=view, **edit)
    c["v_mask"].input(h.masked, inputs=[picked, c["v_mask"]], outputs=view, **edit)
    c["v_consent"].input(h.consent, inputs=[picked, c["v_consent"]], outputs=view, **edit)
    c["v_add_box"].click(h.add_box, inputs=[picked, c["v_bx"], c["v_by"], c["v_bw"], c["v_bh"], c["v_t0"],
                                            c["v_t1"]], outputs=view, **edit)
    c["v_clear_boxes"].click(h.clear_boxes, inputs=[picked], outputs=view, **edit)
    c["v_apply"].click(h.apply, inputs=[picked], outputs=view, show_progress="full", **screen)
    c["clear"].click(h.cleared, outputs=view, **edit)
    for verdict in ("accept", "redact", "reject"):
        c[f"v_{verdict}"].click(h.decide(verdict), inputs=[picked, c["reviewer"]], outputs=with_downloads,
                                show_progress="full", **screen)
