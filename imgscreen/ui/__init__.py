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
  to "post it". The rules live in `state` and `review`, which do not import gradio, so they are
  tested without a browser; a disabled button can still be POSTed, so the server checks them again.

The package, one job per module:

  state     what is under review: items (one frame each, with the reviewer's changes), sessions
  review    what the reviewer does to it: screen an upload, edit, decide (writes the safe copy and
            the decision record)
  render    state -> what the page shows, as updates keyed by component name (no gradio)
  handlers  gradio events -> review actions -> rendered updates; errors logged by type only
  layout    the page (components, CSS) and which event runs which handler: `build_app`
  server    launching safely: login, loopback, temp folders, warm-up: `serve`
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# Before gradio is imported (every module here is imported after this one): it reads these at import
# time and would otherwise phone home. `imgscreen/__init__` forces them too.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")

# The entry points, importable as `imgscreen.ui.serve` etc. Loaded on first use, so importing
# `imgscreen.ui.state` (tests of the rules) does not import gradio.
_ENTRY_POINTS = {"build_app": "layout", "serve": "server", "start": "server", "launch_options": "server",
                 "parse_auth": "server"}


def __getattr__(name: str) -> Any:
    if name in _ENTRY_POINTS:
        return getattr(importlib.import_module(f"{__name__}.{_ENTRY_POINTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
