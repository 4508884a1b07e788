"""Gradio events -> review actions -> the page's updates.

Each handler finds the tab's session, calls one function of `review`, and returns `render`'s view as
`{component: gr.update(...)}`, so what a handler changes is named, never matched by position. Every
handler is `guarded`: an unexpected error reaches neither the log nor the page with its message.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from ..decision_log import clean_reviewer
from . import render, review
from .state import AppContext, Item, Session

log = logging.getLogger("imgscreen.ui")

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


Updates = dict[Any, Any]  # component -> gr.update(...)


class Handlers:
    """The page's event handlers, bound to one app's context and its components (by name)."""

    def __init__(self, ctx: AppContext, components: dict[str, Any]) -> None:
        self.ctx = ctx
        self.c = components

    def _updates(self, *views: render.View) -> Updates:
        return {self.c[name]: gr.update(**kw) for v in views for name, kw in v.items()}

    def _show(self, session: Session, index: int | None, note: str = "") -> Updates:
        return self._updates(render.view(self.ctx, session, index, note))

    # -- uploads and picking ---------------------------------------------------------------------
    @guarded
    def upload(self, paths: list[str] | str | None, request: gr.Request, progress=gr.Progress()) -> Updates:  # noqa: B008
        session = self.ctx.sessions.get(request)
        if isinstance(paths, str):
            paths = [paths]
        new = [p for p in (paths or []) if p and p not in session.uploads]
        first_new = len(session.items)
        for n, path in enumerate(new):
            progress((n, len(new)), desc=f"Checking photo {n + 1} of {len(new)}…")
            session.uploads.add(path)
            review.screen_upload(self.ctx, session, Path(path))
        if not new:
            return self._show(session, len(session.items) - 1 if session.items else None)
        return self._show(session, first_new, review.upload_note(session.items[first_new:]))

    @guarded
    def pick(self, picked: str | None, request: gr.Request) -> Updates:
        session = self.ctx.sessions.get(request)
        index, _ = session.item(picked)
        return self._show(session, index)

    # -- the reviewer's changes ----------------------------------------------------------------------
    def _edit(self, request: gr.Request, picked: str | None, change: Callable[[Item], str | None]) -> Updates:
        """Run one reviewer change on the current photo and re-render it."""
        session = self.ctx.sessions.get(request)
        index, item = session.item(picked)
        if item is None:
            return self._show(session, None, review.missing(picked, self.ctx.sessions.idle_s))
        if item.failed:
            return self._show(session, index, "This photo could not be screened; it can only be rejected.")
        return self._show(session, index, review.after_edit(item, change(item)))

    @guarded
    def masked(self, picked: str | None, values: list[str] | None, request: gr.Request) -> Updates:
        return self._edit(request, picked, lambda item: review.set_masked(item, values))

    @guarded
    def consent(self, picked: str | None, values: list[str] | None, request: gr.Request) -> Updates:
        return self._edit(request, picked, lambda item: review.set_consent(item, values))

    @guarded
    def style(self, picked: str | None, value: str | None, request: gr.Request) -> Updates:
        return self._edit(request, picked, lambda item: review.set_style(item, value))

    @guarded
    def add_box(self, picked: str | None, x: float | None, y: float | None, w: float | None, h: float | None,
                request: gr.Request) -> Updates:
        return self._edit(request, picked, lambda item: review.add_box(item, x, y, w, h))

    @guarded
    def clear_boxes(self, picked: str | None, request: gr.Request) -> Updates:
        return self._edit(request, picked, review.clear_boxes)

    @guarded
    def click(self, picked: str | None, evt: gr.SelectData, request: gr.Request) -> Updates:
        return self._edit(request, picked, lambda item: review.click_corner(item, *evt.index[:2]))

    # -- decisions ---------------------------------------------------------------------------------
    def decide(self, verdict: str) -> Callable[..., Updates]:
        @guarded
        def handler(picked: str | None, who: str | None, request: gr.Request) -> Updates:
            session = self.ctx.sessions.get(request)
            index, item = session.item(picked)
            reviewer_name = clean_reviewer(getattr(request, "username", None) or who)
            if item is None:
                note = review.missing(picked, self.ctx.sessions.idle_s)
            elif not reviewer_name:
                note = "Please type your name first, so the record shows who decided."
            else:
                note = review.record_decision(self.ctx, session, item, verdict, reviewer_name)
            if note.startswith("Refused") or note.startswith("Please"):
                gr.Warning(note)
            return self._updates(render.view(self.ctx, session, index, note), render.downloads(self.ctx, session))

        return handler

    @guarded
    def clear(self, request: gr.Request) -> Updates:
        self.ctx.sessions.end(getattr(request, "session_hash", None))
        session = self.ctx.sessions.get(request)
        cleared = {"files": {"value": None}, "paste": {"value": None}}
        return self._updates(render.view(self.ctx, session, None, "Batch cleared; its files were deleted."),
                             render.downloads(self.ctx, session), cleared)

    # -- session start and end ---------------------------------------------------------------------
    @guarded
    def load(self, request: gr.Request) -> Any:
        name = getattr(request, "username", None)
        if name:
            return gr.update(value=name, interactive=False, label="Signed in as")
        return gr.update()

    @guarded
    def unload(self, request: gr.Request) -> None:
        self.ctx.sessions.end(getattr(request, "session_hash", None))
