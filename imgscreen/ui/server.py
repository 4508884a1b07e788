"""Serving the review UI safely: loopback unless a login is set, private temp folders, models warmed up.

`serve` is what `imgscreen serve` and `python app.py` run; `start` and `launch_options` are shared
with the tests, so the server they drive is launched exactly as a user's.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np

from ..policy import Policy, load_policy
from .handlers import quiet_loggers
from .layout import CSS, build_app
from .state import AppContext, default_log_path

log = logging.getLogger("imgscreen.ui")

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
    from ..model import Photo

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
