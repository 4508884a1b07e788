"""Serving the review UI: safe defaults, and handler errors that carry no PHI. No browser needed."""

from __future__ import annotations

import logging
import os

import pytest

from imgscreen.policy import Policy

PHI_STRINGS = ("DOE", "JOHN", "00482913")


def test_serve_options_are_safe_by_default(monkeypatch):
    from imgscreen import ui

    assert ui.parse_auth(None) is None
    assert ui.parse_auth("kim:pw1,sam:pw:2") == [("kim", "pw1"), ("sam", "pw:2")]
    with pytest.raises(ValueError):
        ui.parse_auth("kim")
    monkeypatch.delenv("IMGSCREEN_AUTH", raising=False)
    with pytest.raises(SystemExit, match="without a login"):
        ui.serve(host="0.0.0.0")
    opts = ui.launch_options(Policy())
    assert opts["share"] is False and opts["max_file_size"] == Policy().limits.max_file_bytes
    assert os.environ["GRADIO_ANALYTICS_ENABLED"] == "False"
    for name in ("uvicorn.access", "httpx", "gradio"):
        assert logging.getLogger(name).getEffectiveLevel() >= logging.WARNING


def test_handler_errors_reach_neither_the_log_nor_the_page_with_their_message(caplog):
    import gradio as gr

    from imgscreen.ui.handlers import guarded

    @guarded
    def handler(path: str) -> None:
        raise OSError(f"cannot open {path}: DOE, JOHN MRN 00482913")

    with caplog.at_level(logging.DEBUG), pytest.raises(gr.Error) as err:
        handler("/tmp/DOE_JOHN_wristband.jpg")
    shown = str(err.value.message)
    assert "OSError" in shown and "DOE" not in shown and "wristband" not in shown
    assert "handler failed: OSError" in caplog.text
    for s in (*PHI_STRINGS, "wristband"):
        assert s not in caplog.text
