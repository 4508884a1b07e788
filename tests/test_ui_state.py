"""The review UI's rules, without a browser: what a photo allows, what its safe copy masks, what the
page shows. `ui.state`, `ui.review` and `ui.render` import no gradio, so these run wherever the
pipeline does; the browser tests (test_ui_browser.py) drive the same code through the real page.
"""

from __future__ import annotations

import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from uikit import make_card, stand_in_screener

from imgscreen.decision_log import DecisionLog
from imgscreen.model import Decision, Rect, ScreenResult, StageOutcome
from imgscreen.policy import Policy
from imgscreen.ui import render, review, state


@pytest.fixture
def ctx(tmp_path) -> state.AppContext:
    (tmp_path / "w").mkdir()
    return state.AppContext(policy=Policy(), screener=stand_in_screener(),
                            decision_log=DecisionLog(tmp_path / "d.jsonl"), sessions=state.Sessions(tmp_path / "w"))


@pytest.fixture
def card(tmp_path):
    path = tmp_path / "DOE_JOHN_card.jpg"
    return path, make_card(path)


def _session(ctx: state.AppContext) -> state.Session:
    return ctx.sessions.get(SimpleNamespace(session_hash="tab"))


def test_stand_in_detectors_find_the_card(card):
    """The stand-in detectors must find what the UI tests assume they find."""
    path, boxes = card
    (result,) = stand_in_screener().screen_file(path)
    by_label = {f.label: f for f in result.findings}
    assert {"Patient name", "Medical record number", "Face", "GPS location in file"} <= set(by_label)
    for key, label in (("name", "Patient name"), ("mrn", "Medical record number"), ("face", "Face")):
        x, y, w, h = boxes[key]
        fx, fy, fw, fh = by_label[label].bbox
        assert fx <= x + 8 and fy <= y + 8 and fx + fw >= x + w - 8 and fy + fh >= y + h - 8, key
    assert result.decision.verdict == "redact"


def test_accept_and_redact_are_refused_for_failed_or_unmasked_photos(ctx, card, tmp_path):
    """Server-side guards the browser cannot reach: a disabled button can still be POSTed."""
    session = _session(ctx)
    failed = ScreenResult(photo=None, source=None, frame=0, findings=[], lines=[],
                          stages=[StageOutcome("load", False, 0.0, "not an image")],
                          decision=Decision("reject", ["could not read the photo"]))
    item = state.Item(number=1, name="x.jpg", sha256="0" * 64, result=failed)
    for verdict in ("accept", "redact"):
        assert review.record_decision(ctx, session, item, verdict, "Kim").startswith("Refused")
    assert not ctx.decision_log.path.exists()

    path, _ = card
    (res,) = stand_in_screener().screen_file(path)
    item = state.Item(number=2, name="c.jpg", sha256="1" * 64, result=res)
    assert review.record_decision(ctx, session, item, "accept", "Kim").startswith("Refused")
    item.dropped = set(item.pixel_indices())  # every finding a false alarm: now it may be posted as is
    assert "accepted" in review.record_decision(ctx, session, item, "accept", "Kim")
    assert [r["decision"] for r in ctx.decision_log.records()] == ["accept"]

    # The verify pass found PHI again after masking twice: neither Accept nor Redact, whatever the reviewer did.
    (res,) = stand_in_screener().screen_file(path)
    res.verify = {"ran": True, "passes": 2, "persisted": 1}
    res.decision = Decision("reject", ["PHI still detected after masking twice (1 regions)"])
    item = state.Item(number=3, name="c.jpg", sha256="2" * 64, result=res)
    item.dropped = set(item.pixel_indices())
    for verdict in ("accept", "redact"):
        assert "cannot be trusted" in review.record_decision(ctx, session, item, verdict, "Kim")
    assert "rejected" in review.record_decision(ctx, session, item, "reject", "Kim")
    assert [r["decision"] for r in ctx.decision_log.records()] == ["accept", "reject"]


def test_the_ui_masks_what_the_pipeline_masks_for_the_same_overrides(ctx, card):
    """One `apply_overrides`: the reviewer's tick boxes and boxes, replayed through the pipeline as
    override records (what the decision log keeps), mask exactly what the UI's preview masks."""
    path, boxes = card
    session = _session(ctx)
    review.screen_upload(ctx, session, path)
    (item,) = session.items
    labels = {item.result.findings[i].label: i for i in item.pixel_indices()}
    review.set_masked(item, [str(i) for i in item.pixel_indices() if i != labels["Medical record number"]])
    review.set_consent(item, [str(labels["Face"])])
    assert review.add_box(item, *boxes["blue"]).startswith("Added a box")
    ui_masks = sorted((f.label, f.bbox) for f in item.to_mask())
    assert [label for label, _ in ui_masks] == ["Marked by reviewer", "Patient name"]
    (again,) = stand_in_screener().screen_file(path, item.overrides())
    assert sorted((f.label, f.bbox) for f in again.findings if f.in_pixels) == ui_masks
    assert sorted(f.dismissed for f in again.dismissed) == ["consented", "dropped by reviewer"]


def test_the_view_is_keyed_by_component_and_follows_the_reviewer(ctx, card):
    path, boxes = card
    session = _session(ctx)
    empty = render.view(ctx, session, None, "hello")
    assert set(empty) == set(render.VIEW) and empty["status"] == {"value": "hello"}
    assert empty["accept"] == {"interactive": False} and empty["proposal"] == {"value": render.START}

    review.screen_upload(ctx, session, path)
    shown = render.view(ctx, session, 0)
    assert set(shown) == set(render.VIEW)
    assert "The tool proposes: Redact" in shown["proposal"]["value"]
    assert shown["accept"]["interactive"] is False and shown["redact"]["interactive"] is True
    assert [row[1] for row in shown["table"]["value"]][:3] == ["Face", "Patient name", "Medical record number"]
    assert "DOE" not in str(shown["table"]["value"])  # text is masked on the page too
    assert shown["consent"]["visible"] and len(shown["consent"]["choices"]) == 1
    assert shown["picker"]["value"] == "0"
    assert shown["picker"]["choices"] == [("1. DOE_JOHN_card.jpg (proposed: Redact)", "0")]

    item = session.items[0]
    review.set_masked(item, [])  # everything a false alarm: posting as is becomes possible
    assert render.view(ctx, session, 0)["accept"]["interactive"] is True
    assert "accepted" in review.record_decision(ctx, session, item, "accept", "Kim")
    assert render.view(ctx, session, 0)["safe_dl"]["visible"] is True
    files = render.downloads(ctx, session)
    assert set(files) == set(render.DOWNLOADS) and all(u["interactive"] for u in files.values())
    # Changing the masks after deciding voids the decision: the copy on offer no longer matches.
    note = review.after_edit(item, review.add_box(item, *boxes["blue"]))
    assert "choose your decision again" in note and item.decision is None


def test_boxes_are_clipped_to_the_photo_and_drawn_by_two_clicks(ctx, card):
    path, _ = card
    session = _session(ctx)
    review.screen_upload(ctx, session, path)
    item = session.items[0]
    assert review.add_box(item, 900, 500, 200, 200) == "Added a box at x 900, y 500, 60×40."
    assert review.add_box(item, 2000, 10, 5, 5) == "That box is too small or outside the photo."
    assert review.add_box(item, "x", 1, 2, 3).startswith("Give x, y")
    assert review.click_corner(item, 10, 20).startswith("First corner set")
    assert review.click_corner(item, 5, 60) == "Added a box at x 5, y 20, 5×40."
    assert item.boxes == [Rect(900, 500, 60, 40), Rect(5, 20, 5, 40)]
    assert review.clear_boxes(item) and item.boxes == []


def test_idle_sessions_are_ended_and_their_files_deleted(tmp_path):
    sessions = state.Sessions(tmp_path, idle_s=0.05)
    first = sessions.get(SimpleNamespace(session_hash="a"))
    upload = tmp_path / "gradio" / "0123" / "DOE_JOHN.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"x")
    first.uploads.add(str(upload))
    (first.workdir / "01-safe.jpg").write_bytes(b"x")
    assert sessions.get(SimpleNamespace(session_hash="a")) is first  # in use: kept
    time.sleep(0.1)
    second = sessions.get(SimpleNamespace(session_hash="b"))  # any request sweeps idle sessions
    assert second is not first and len(sessions) == 1
    assert not first.workdir.exists() and not upload.exists() and not upload.parent.exists()


def test_the_rules_import_no_gradio():
    code = ("import sys; import imgscreen.ui.state, imgscreen.ui.review, imgscreen.ui.render; "
            "print('gradio' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"


def test_the_preview_draws_a_face_mask_where_the_face_is_on_screen():
    """A 12 MP photo is shown at 1600 px: the face's geometry (its unclipped head box) is scaled with
    its polygon, so the preview's mask sits on the face, not where the face is at full size."""
    import numpy as np

    from imgscreen.model import FaceGeometry, Finding, Identifier, Photo, polygon_from_box
    from imgscreen.redact import region_mask

    head = (2000.0, 1200.0, 400.0, 480.0)
    f = Finding("face", Identifier.FACE, "Face", 0.9, "centerface", polygon_from_box(*head), mask="ellipse",
                face=FaceGeometry(Rect(2060, 1300, 280, 300), head=head))
    result = ScreenResult(photo=Photo(pixels=np.zeros((2400, 3200, 3), np.uint8)), source=None, frame=0,
                          findings=[f], lines=[], stages=[], decision=Decision("redact", []))
    item = state.Item(number=1, name="big.jpg", sha256="0" * 64, result=result)
    (shown,) = item.display_findings(item.to_mask())
    assert shown.face.head == (1000.0, 600.0, 200.0, 240.0) and shown.face.box == (1030, 650, 140, 150)
    mask = region_mask((1200, 1600), shown, Policy())
    assert mask[720, 1100] and not mask[300, 300]  # on the face's centre at display scale
