"""Fixtures shared across the suite.

- `samples`: the bundled demo photos (scripts/make_samples.py).
- `shared_photos`: `../shared/photos` beside the project (or `$IMGSCREEN_SHARED/photos`, as the
  benchmarks read it); a test that asks for it is skipped where the folder is absent.
- `server`, `browser`, `context`: the review UI served in this process (one instance per test module)
  and a headless Chromium with every request off 127.0.0.1 refused; the browser ones are skipped
  where Chromium is missing.

Markers: `slow` marks tests that start fresh Python processes (the CLI end to end, under strace or in
a network namespace). `python -m pytest` runs everything, as CI does; `-m "not slow"` is the quick
loop while editing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_photos_dir() -> Path:
    """Where the shared photos are: `$IMGSCREEN_SHARED/photos`, else `../shared/photos`."""
    return Path(os.environ.get("IMGSCREEN_SHARED") or ROOT.parent / "shared") / "photos"


@pytest.fixture(scope="session")
def samples() -> Path:
    return ROOT / "samples"


@pytest.fixture(scope="session")
def shared_photos() -> Path:
    path = shared_photos_dir()
    if not path.is_dir():
        pytest.skip(f"shared photos absent ({path})")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app in this process; the whole module runs with outgoing connections forbidden."""
    import socket

    from uikit import NoCallsOut, serve_in_process

    with NoCallsOut() as calls:
        with pytest.raises(OSError):  # the guard itself works
            socket.create_connection(("192.0.2.1", 80), timeout=0.2)
        calls.attempts.clear()
        yield from serve_in_process(tmp_path_factory)
    assert calls.attempts == [], f"the server tried to reach: {calls.attempts}"


@pytest.fixture(scope="module")
def browser():
    from uikit import CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip(f"needs {CHROMIUM} (apt install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM,
                              args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def context(browser):
    """One browser profile for the module (the app's scripts load once); each tab is its own session.

    Every request is checked: anything not to 127.0.0.1 is refused and recorded.
    """
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True,
                              permissions=["clipboard-read", "clipboard-write"])
    ctx.outside = []

    def guard(route):
        if re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]", route.request.url) or \
                route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            ctx.outside.append(route.request.url)
            route.abort()

    ctx.route("**/*", guard)
    yield ctx
    ctx.close()
