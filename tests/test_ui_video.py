"""The review UI's video section, server-side: a short clip screened with colour stand-in detectors
(`tests/clips.py`), the reviewer's consent per face track, dropped findings and boxes over a time span
written with `VideoScreener.revise`, the same Accept / Redact / Reject rules as for photos, and the
decision record. The rules (`ui.video_review`, `ui.video_render`) are tested without gradio; the
handlers through the app `build_app` makes, called as gradio calls them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from clips import BLUE, SKIN, BluePanels, Boom, SkinFaces, blobs, make_clip, mrn_classifier, read_frames, scene

from imgscreen.decision_log import DecisionLog
from imgscreen.policy import Policy
from imgscreen.ui import state, video_render, video_review
from imgscreen.video import VideoScreener

W, H, N, FPS = 320, 240, 40, 20
PHI = ("00482913", "MRN 00")


def draw(i: int) -> np.ndarray:
    """A face walking right the whole clip; a card (an MRN) in the lower left from frame 10 on."""
    return scene(W, H, disks=[(40 + 4 * i, 70, 14)], panels=[(30, 160, 70, 26)] if i >= 10 else [])


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("uiv") / "DOE_JOHN_party.mp4", draw, N, fps=FPS)


def video_screener(faces=None) -> VideoScreener:
    return VideoScreener(Policy(), {"faces": faces or SkinFaces(), "text": BluePanels()}, mrn_classifier)


@pytest.fixture
def ctx(tmp_path) -> state.AppContext:
    (tmp_path / "w").mkdir()
    return state.AppContext(policy=Policy(), screener=None, decision_log=DecisionLog(tmp_path / "d.jsonl"),
                            sessions=state.Sessions(tmp_path / "w"))


def _session(ctx: state.AppContext) -> state.Session:
    return ctx.sessions.get(SimpleNamespace(session_hash="tab"))


def colour_frames(path: Path, colour) -> list[int]:
    """Per frame of a written video, how many blobs of `colour` are left."""
    return [len(blobs(p, colour, min_px=5)) for p in read_frames(path)]


def test_findings_over_time_consent_per_track_and_the_same_rules_as_photos(ctx, clip):
    vs = video_screener()
    session = _session(ctx)
    item = video_review.screen_video_upload(ctx, vs, session, clip)
    assert item.tool_verdict == "redact" and item.copy is not None and item.copy.exists()
    assert "DOE" not in item.copy.name  # no part of the upload's name in the files written
    assert colour_frames(item.copy, SKIN) == [0] * N and colour_frames(item.copy, BLUE) == [0] * N

    shown = video_render.view(session, 0)
    assert set(shown) == set(video_render.VIEW)
    rows = shown["v_table"]["value"]
    face = next(r for r in rows if r[1].startswith("Face"))
    card = next(r for r in rows if r[1] == "Medical record number")
    assert face[3] == "0.0-2.0" and card[3].endswith("-2.0") and card[5] == "masked"  # time ranges, seconds
    assert any(r[0] == "file" for r in rows)  # GPS / recording time in the container, removed
    assert not any(s in json.dumps(shown, default=str) for s in PHI)  # PHI text is masked on the page too
    assert shown["v_redact"]["interactive"] and not shown["v_accept"]["interactive"]
    assert len(shown["v_consent"]["choices"]) == 1 and not shown["v_apply"]["interactive"]
    assert video_review.record_decision(ctx, vs, session, item, "accept", "Kim").startswith("Refused")

    # The person consented: their whole track stays visible; the card stays masked.
    (track,) = [v for _, v in shown["v_consent"]["choices"]]
    note = video_review.set_consent(item, [track])
    assert "Apply changes" in note and item.stale
    assert video_render.view(session, 0)["v_apply"]["interactive"]
    first_copy = item.copy
    note = video_review.record_decision(ctx, vs, session, item, "redact", "Kim")
    assert "redacted and recorded" in note and not item.stale and item.copy != first_copy
    assert not first_copy.exists()  # the superseded copy is deleted
    assert all(n == 1 for n in colour_frames(item.safe_path, SKIN))
    assert colour_frames(item.safe_path, BLUE) == [0] * N
    (rec,) = ctx.decision_log.records()
    assert rec["decision"] == "redact" and rec["tool_verdict"] == "redact" and rec["n_frames"] == N
    assert rec["safe_sha256"] == hashlib.sha256(item.safe_path.read_bytes()).hexdigest()
    assert {"action": "consent", "finding_index": 0, "identifier": "17 full-face photographs"} in rec["overrides"]
    assert rec["findings"]["8 medical record numbers"] == 1
    log_text = ctx.decision_log.path.read_text()
    assert not any(s in log_text for s in (*PHI, "DOE", "party"))

    # The card is a false alarm too: a change voids the decision; nothing is left to mask, so Accept.
    mask = video_render.view(session, 0)["v_mask"]["choices"]
    assert [label.split(" (")[0] for label, _ in mask] == ["2. Medical record number"]  # consented face not offered
    note = video_review.set_masked(item, [])
    assert "choose your decision again" in note and item.decision is None and item.safe_path is None
    assert video_review.record_decision(ctx, vs, session, item, "accept", "Kim").startswith("Video 1: accepted")
    assert colour_frames(item.safe_path, BLUE)[10:] == [1] * (N - 10)
    assert ctx.decision_log.records()[-1]["overrides"][0] == {"action": "drop", "finding_index": 1,
                                                              "identifier": "8 medical record numbers"}


def test_a_video_that_could_not_be_screened_can_only_be_rejected(ctx, clip):
    vs = video_screener(faces=Boom(on_frame=6))
    session = _session(ctx)
    item = video_review.screen_video_upload(ctx, vs, session, clip)
    assert item.failed and item.copy is None
    shown = video_render.view(session, 0)
    assert "can only be rejected" in shown["v_proposal"]["value"]
    assert not shown["v_accept"]["interactive"] and not shown["v_redact"]["interactive"]
    assert not shown["v_mask"]["interactive"] and shown["v_reject"]["interactive"]
    video_review.set_masked(item, [])  # a POSTed edit changes nothing that matters: still reject only
    video_review.apply_changes(ctx, vs, session, item)
    for verdict in ("accept", "redact"):
        assert video_review.record_decision(ctx, vs, session, item, verdict, "Kim").startswith("Refused")
    assert "rejected and recorded" in video_review.record_decision(ctx, vs, session, item, "reject", "Kim")
    (rec,) = ctx.decision_log.records()
    assert rec["decision"] == "reject" and rec["safe_sha256"] is None and rec["failed_stages"] == ["faces"]
    assert not list(session.workdir.glob("*.mp4"))


def test_a_change_made_while_the_copy_is_written_keeps_it_out_of_date(ctx, clip):
    """Edits and writing run in different queues: a tick during the writing must not be lost."""
    vs = video_screener()
    session = _session(ctx)
    item = video_review.screen_video_upload(ctx, vs, session, clip)
    (track,) = item.tracks()
    revise = vs.revise

    def revise_while_the_reviewer_ticks(*args, **kwargs):
        video_review.set_consent(item, [str(track)])
        return revise(*args, **kwargs)

    vs.revise = revise_while_the_reviewer_ticks
    video_review.set_masked(item, [])
    note = video_review.record_decision(ctx, vs, session, item, "redact", "Kim")
    assert note.startswith("Refused: the masks changed") and item.stale and item.decision is None
    assert ctx.decision_log.records() == []


def test_the_handlers_screen_edit_and_decide_a_video(tmp_path, clip):
    from imgscreen import ui

    demo = ui.build_app(Policy(), tmp_path / "d.jsonl", screener=object(), work_root=tmp_path / "w",
                        video_screener=video_screener())
    h = demo.imgscreen_video
    c = h.c
    request = SimpleNamespace(session_hash="tab", username=None)
    upload = tmp_path / "upload" / clip.name  # as gradio hands it over: its own copy of the upload
    upload.parent.mkdir()
    upload.write_bytes(clip.read_bytes())

    def value(updates, name):
        return updates[c[name]].get("value")

    out = h.upload(str(upload), request)
    assert "the tool proposes Redact" in value(out, "v_status") and value(out, "v_picker") == "0"
    player = Path(value(out, "v_player"))
    assert player.exists() and player.parent == demo.imgscreen.sessions.get(request).workdir

    # A box the tool missed, over 1-1.5 s only (frames 20-30 at 20 fps), then applied.
    out = h.add_box("0", 200, 150, 60, 40, 1.0, 1.5, request)
    assert "Apply changes" in value(out, "v_status") and out[c["v_apply"]]["interactive"]
    out = h.apply("0", request)
    frames = read_frames(Path(value(out, "v_player")))
    boxed = [bool((f[155:185, 205:255].max(axis=2) < 40).all()) for f in frames]
    assert boxed == [19 <= i <= 30 for i in range(N)] or boxed == [20 <= i <= 30 for i in range(N)]
    assert any(r[0] == "R1" and r[3] == "1-1.5" for r in value(out, "v_table"))

    out = h.decide("redact")("0", "", request)
    assert "type your name" in value(out, "v_status")
    out = h.decide("redact")("0", "Kim Lee", request)
    assert "redacted and recorded" in value(out, "v_status")
    assert out[c["v_safe_dl"]]["visible"] and out[c["log_dl"]]["interactive"]  # the batch's record, videos too
    (rec,) = demo.imgscreen.decision_log.records()
    assert rec["reviewer"] == "Kim Lee" and {"action": "add_box", "box": [200, 150, 60, 40]} in rec["overrides"]

    # The session's end ("Clear this batch", a closed tab) deletes the upload and every copy written.
    workdir = demo.imgscreen.sessions.get(request).workdir
    h.ctx.sessions.end("tab")
    assert not upload.exists() and not workdir.exists()
    out = h.cleared(request)
    assert out[c["v_picker"]]["choices"] == [] and value(out, "v_player") is None


# -- the page itself, in headless Chromium (skipped where Chromium is missing) --------------------------

@pytest.fixture(scope="module")
def video_server(tmp_path_factory):
    """The app on a free 127.0.0.1 port in this process, with stand-in detectors for photos and videos."""
    import os

    from uikit import free_port, stand_in_screener

    from imgscreen import ui

    base = tmp_path_factory.mktemp("uivs")
    old = os.environ.get("GRADIO_TEMP_DIR")
    os.environ["GRADIO_TEMP_DIR"] = str(base / "gradio")
    demo = ui.build_app(Policy(), base / "decisions.jsonl", screener=stand_in_screener(),
                        video_screener=video_screener())
    url = ui.start(demo, "127.0.0.1", free_port())
    try:
        yield {"url": url, "demo": demo}
    finally:
        demo.close()
        demo.imgscreen.sessions.end_all()
        if old is None:
            os.environ.pop("GRADIO_TEMP_DIR", None)
        else:
            os.environ["GRADIO_TEMP_DIR"] = old


def test_the_page_reviews_a_video(video_server, context, clip, tmp_path):
    from playwright.sync_api import expect

    timeout = 90_000  # screening a clip on a loaded 2-core box
    page = context.new_page()
    page.set_default_timeout(timeout)
    page.goto(video_server["url"])
    page.get_by_text("Videos: check a short clip").click()
    page.locator("#imgs-v-files input[type=file]").set_input_files(str(clip))
    expect(page.locator("#imgs-v-table")).to_contain_text("Medical record number", timeout=timeout)
    expect(page.locator("#imgs-v-proposal")).to_contain_text("The tool proposes: Redact")
    expect(page.locator("#imgs-v-player video")).to_have_count(1)
    consent = page.locator("#imgs-v-consent input[type=checkbox]")
    expect(consent).to_have_count(1)
    consent.first.check()
    expect(page.locator("#imgs-v-status")).to_contain_text("Apply changes")
    page.locator("#imgs-reviewer input, #imgs-reviewer textarea").first.fill("Kim Lee")
    page.locator("#imgs-v-redact").click()
    expect(page.locator("#imgs-v-status")).to_contain_text("redacted and recorded", timeout=timeout)
    with page.expect_download() as info:
        page.locator("#imgs-v-download").click()
    saved = tmp_path / "safe.mp4"
    info.value.save_as(saved)
    (rec,) = video_server["demo"].imgscreen.decision_log.records()
    assert rec["safe_sha256"] == hashlib.sha256(saved.read_bytes()).hexdigest()
    assert all(n == 1 for n in colour_frames(saved, SKIN)) and colour_frames(saved, BLUE) == [0] * N
    assert context.outside == []
    _shot(page, "06-video-review.png")
    page.close()


def _shot(page, name: str) -> None:
    """A screenshot for the README, rewritten only on a visible change (as test_ui_browser's are)."""
    import io

    from PIL import Image

    shots = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    raw = page.locator("#imgs-video-section").screenshot()
    img = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
    dest = shots / name
    if dest.exists():
        old = np.asarray(Image.open(dest).convert("RGB"), dtype=np.int16)
        new = np.asarray(img.convert("RGB"), dtype=np.int16)
        if old.shape == new.shape and np.abs(old - new).mean() < 0.5:
            return
    img.save(dest, optimize=True)
