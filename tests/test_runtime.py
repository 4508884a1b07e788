"""Which runtime runs a model (OpenVINO verified against onnxruntime, onnxruntime as the fallback), and
the text stage's bounded worst case: the stop rule and the recognition budget."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from imgscreen import faces, ocr, runtime
from imgscreen.decide import already_reject
from imgscreen.detect import FIRST_LOOK, VerifyContext
from imgscreen.model import Finding, Identifier, Photo, TextLine, polygon_from_box
from imgscreen.modelfiles import model_path
from imgscreen.onnx_shapes import free_dims
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy
from tests.test_ocr import render

DET = ocr.DET_MODEL.name
PROBE = runtime.Probe((1, 3, 64, 96))


@pytest.fixture
def fresh_status(monkeypatch):
    monkeypatch.setattr(runtime, "_status", {})


def _det_path() -> str:
    return str(model_path(DET))


def test_onnxruntime_when_asked(monkeypatch, fresh_status):
    monkeypatch.setenv(runtime.RUNTIME_ENV, "onnxruntime")
    sess = runtime.create(DET, _det_path(), PROBE)
    assert isinstance(sess, runtime.OrtSession)
    assert runtime.status()[DET].startswith("onnxruntime (requested")
    monkeypatch.setenv(runtime.RUNTIME_ENV, "tensorflow")
    with pytest.raises(runtime.RuntimeChoiceError):
        runtime.create(DET, _det_path(), PROBE)


def test_openvino_is_verified_and_matches_onnxruntime(monkeypatch, fresh_status):
    """On this machine OpenVINO is installed (pinned): the detector runs there, with outputs that match
    onnxruntime's on an input it was not verified on."""
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    sess = runtime.create(DET, _det_path(), PROBE)
    assert isinstance(sess, runtime.OvSession), runtime.status()
    assert runtime.status()[DET] == "openvino"
    x = np.random.default_rng(3).uniform(-1, 1, (1, 3, 160, 224)).astype(np.float32)
    want = runtime.OrtSession(_det_path()).run(None, {"x": x})[0]
    got = sess.run(None, {"x": x})[0]
    assert got.shape == want.shape
    assert float(np.max(np.abs(got - want))) < 1e-3


def test_falls_back_when_openvino_differs_or_fails_or_is_missing(monkeypatch, fresh_status):
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    real_run = runtime.OvSession.run
    monkeypatch.setattr(runtime.OvSession, "run", lambda self, o, f: [a + 0.5 for a in real_run(self, o, f)])
    assert isinstance(runtime.create(DET, _det_path(), PROBE), runtime.OrtSession)
    assert "differs from onnxruntime" in runtime.status()[DET]

    def broken(self, o, f):
        raise RuntimeError("no kernel")

    monkeypatch.setattr(runtime.OvSession, "run", broken)
    assert isinstance(runtime.create(DET, _det_path(), PROBE), runtime.OrtSession)
    assert "openvino failed (RuntimeError)" in runtime.status()[DET]

    def missing():
        raise ImportError("No module named 'openvino'")

    monkeypatch.setattr(runtime, "_openvino", missing)
    assert isinstance(runtime.create(DET, _det_path(), PROBE), runtime.OrtSession)
    assert runtime.status()[DET] == "onnxruntime (openvino not installed)"


def test_a_model_measured_no_faster_stays_on_onnxruntime(monkeypatch, fresh_status):
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    assert isinstance(runtime.create(DET, _det_path(), PROBE, openvino=False), runtime.OrtSession)
    # ... unless OpenVINO is asked for by name.
    monkeypatch.setenv(runtime.RUNTIME_ENV, "openvino")
    assert isinstance(runtime.create(DET, _det_path(), PROBE, openvino=False), runtime.OvSession)


def test_sized_session_compiles_big_inputs_for_their_own_shape(monkeypatch, fresh_status):
    """Big inputs run on a static-shape compile (matching onnxruntime), the dynamic model's buffers
    released first; should that compile fail, onnxruntime runs the input."""
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    sess = runtime.create(DET, _det_path(), PROBE, max_pixels=64 * 64)
    assert isinstance(sess, runtime.SizedSession)
    used: list[str] = []
    for name in ("run", "run_static", "release"):
        real = getattr(sess.ov, name)
        monkeypatch.setattr(sess.ov, name, lambda *a, n=name, r=real: used.append(n) or r(*a))
    ort_run = sess.ort.run
    monkeypatch.setattr(sess.ort, "run", lambda o, f: used.append("ort") or ort_run(o, f))
    small = np.zeros((1, 3, 64, 64), np.float32)
    big = np.random.default_rng(5).uniform(-1, 1, (1, 3, 64, 96)).astype(np.float32)
    a = sess.run(None, {"x": small})[0]
    b = sess.run(None, {"x": big})[0]
    assert used == ["run", "release", "run_static"] and a.shape[-1] == 64 and b.shape[-1] == 96
    assert float(np.max(np.abs(b - ort_run(None, {"x": big})[0]))) < 1e-3
    assert "compiled for their own shape" in runtime.status()[DET]
    used.clear()
    monkeypatch.setattr(sess.ov, "_ir", None)  # the static compile now fails
    c = sess.run(None, {"x": big})[0]
    assert used == ["release", "run_static", "ort"] and float(np.max(np.abs(c - b))) < 1e-3


def test_centerface_bytes_load_on_either_runtime(fresh_status, monkeypatch):
    data = free_dims(model_path(faces.CENTERFACE.name).read_bytes())
    probe = runtime.Probe((1, 3, 64, 64), 0.0, 255.0)
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    ov = runtime.create("centerface", data, probe)
    x = {"input.1": np.random.default_rng(1).uniform(0, 255, (1, 3, 96, 128)).astype(np.float32)}
    ort = runtime.OrtSession(data)
    for a, b in zip(ov.run(None, x), ort.run(None, x), strict=True):
        assert a.shape == b.shape and float(np.max(np.abs(a - b))) < 1e-3


def test_describe_and_stage_reports_name_the_runtime(monkeypatch):
    monkeypatch.setattr(runtime, "_status", {"a": "openvino", "b": "onnxruntime (requested)", "c": "onnxruntime"})
    assert runtime.describe(["a"]) == "openvino"
    assert runtime.describe(["a", "b", "c"]) == "openvino: a; onnxruntime: b, c"
    assert runtime.describe(["zzz"]) is None
    ocr._models()
    monkeypatch.setattr(runtime, "_status", {DET: "openvino (inputs over 1.6 MP compiled for their own shape)",
                                             ocr.CLS_MODEL.name: "onnxruntime", ocr.REC_MODEL.name: "onnxruntime"})
    res = ocr.detect(Photo(render(["Room 4B"])), Policy())
    assert res.runtime == f"openvino: {DET}; onnxruntime: {ocr.CLS_MODEL.name}, {ocr.REC_MODEL.name}"


# ---- the bounded worst case


def _text_finding(line: int, box: tuple[int, int, int, int]) -> Finding:
    from imgscreen.model import TextSource

    return Finding(kind="text", identifier=Identifier.NAMES, label="Name", score=0.9, detector="phi:test",
                   polygon=polygon_from_box(*box), source=TextSource(line=line, entity="PATIENT_NAME"))


def _line(y: int) -> TextLine:
    return TextLine(text="Name", polygon=polygon_from_box(10, y, 200, 20), score=0.9, words=())


def test_already_reject_only_on_rules_more_text_cannot_undo():
    policy = Policy()
    lines = [_line(30 * i) for i in range(12)]
    size = (4000, 3000)
    # 3 PHI lines in one place: nothing yet.
    assert already_reject([_text_finding(i, (10, 30 * i, 200, 20)) for i in range(3)], lines, policy, size) is None
    # 9 PHI lines in one group (> max_phi_lines 8): a document, whatever else is read.
    why = already_reject([_text_finding(i, (10, 30 * i, 200, 20)) for i in range(9)], lines, policy, size)
    assert why and "in one place" in why
    # More PHI regions than max_findings.
    many = [_text_finding(0, (300 * (i % 10), 400 * (i // 10), 20, 10)) for i in range(61)]
    assert "PHI regions" in already_reject(many, lines, policy, size)
    # Text covering most of the photo with some PHI in it.
    big = [TextLine(text="x", polygon=polygon_from_box(0, 0, 4000, 1000), score=0.9, words=())]
    assert "covers" in already_reject([_text_finding(0, (0, 0, 50, 20))], big, policy, size)
    assert already_reject([], big, policy, size) is None  # no PHI: not a reject


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of two strips, asked every four regions: a short page shows where reading stops."""
    monkeypatch.setattr(ocr, "REC_BATCH", 2)
    monkeypatch.setattr(ocr, "STOP_EVERY", 4)
    monkeypatch.setattr(ocr, "CHUNK_MIN_REGIONS", 8)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return render([f"Patient {i} seen" for i in range(14)], size=20, width=420)


def test_reading_stops_when_the_rule_says_so(page):
    asked: list[int] = []

    def enough(lines):
        asked.append(len(lines))
        return "a test reason" if len(lines) >= 4 else None

    full = ocr.read(page)
    assert not full.truncated and full.stopped is None and len(full.lines) == 14
    res = ocr.read(page, context=dataclasses.replace(FIRST_LOOK, enough=enough))
    assert res.truncated and res.stopped and "a test reason" in res.stopped
    assert asked and res.read_regions < res.regions
    assert 4 <= len(res.lines) < 14
    # What was read is read as in a full reading.
    full_texts = {ln.text for ln in full.lines}
    assert all(ln.text in full_texts for ln in res.lines)
    # A rule that never fires: the same lines as without one.
    same = ocr.read(page, context=dataclasses.replace(FIRST_LOOK, enough=lambda lines: None))
    assert [ln.text for ln in same.lines] == [ln.text for ln in full.lines] and not same.truncated


def test_recognition_budget_truncates_and_says_so(page):
    res = ocr.detect(Photo(page), Policy().replace("text", max_read_megapixels=0.05))
    assert res.truncated and any("capped at 0.05 MP" in n for n in res.notes)
    assert ocr.detect(Photo(page), Policy()).truncated is False


def _classifier(lines, policy):
    """Every line that starts with 'Patient' is a name: enough for a document."""
    return [_text_finding(i, tuple(int(v) for v in ln.polygon[0]) + (50, 10)) for i, ln in enumerate(lines)
            if ln.text.startswith("Patient")]


def test_a_dense_page_is_rejected_before_it_is_read_whole(page):
    screener = Screener(detectors={"text": ocr.detect}, classifier=_classifier)
    r = screener.screen_photo(Photo(page))
    text = next(s for s in r.stages if s.stage == "text")
    assert r.decision.verdict == "reject"
    assert text.truncated and any("reading stopped after" in n for n in text.notes)
    assert len(r.lines) < 14
    # A reviewer's overrides: the whole page is read (they must see every finding).
    from imgscreen.model import Override

    r2 = screener.screen_photo(Photo(page), [Override(action="drop", finding_index=0)])
    assert len(r2.lines) == 14
    # And off by policy.
    off = Screener(Policy().replace("text", stop_at_reject=False), detectors={"text": ocr.detect},
                   classifier=_classifier).screen_photo(Photo(page))
    assert len(off.lines) == 14 and off.decision.verdict == "reject"


def test_first_look_context_is_plain_without_the_rule():
    s = Screener(Policy().replace("text", stop_at_reject=False))
    assert s._first_look(Photo(np.zeros((8, 8, 3), np.uint8))) is FIRST_LOOK
    assert VerifyContext().enough is None


def test_big_photos_release_inference_buffers_after_each_stage(monkeypatch):
    from imgscreen import pipeline
    from imgscreen.detect import StageResult

    calls: list[int] = []
    monkeypatch.setattr(pipeline, "release_buffers", lambda: calls.append(1))
    monkeypatch.setattr(pipeline, "RELEASE_MIN_PIXELS", 64 * 64)
    s = Screener(detectors={"a": lambda p, pol, c: StageResult(), "b": lambda p, pol, c: StageResult()},
                 classifier=lambda lines, pol: [])
    s.detect(Photo(np.zeros((32, 32, 3), np.uint8)))
    assert calls == []  # a video frame's size: buffers kept for the next frame
    s.detect(Photo(np.zeros((64, 64, 3), np.uint8)))
    assert calls == [1, 1]


def test_openvino_session_release_is_skipped_while_running(monkeypatch, fresh_status):
    monkeypatch.delenv(runtime.RUNTIME_ENV, raising=False)
    sess = runtime.create(DET, _det_path(), PROBE)
    assert isinstance(sess, runtime.OvSession)
    released: list[int] = []
    monkeypatch.setattr(sess._compiled, "release_memory", lambda: released.append(1), raising=False)
    sess._busy = 1
    sess.release()
    assert released == []
    sess._busy = 0
    sess.release()
    assert released == [1]
    sess.release()  # nothing held since: nothing to release
    assert released == [1]


def test_a_page_past_the_region_cap_is_not_read_on_the_first_look(page):
    policy = Policy().replace("text", max_regions=3)
    first = ocr.detect(Photo(page), policy, dataclasses.replace(FIRST_LOOK, enough=lambda lines: None))
    assert first.truncated and first.lines == []
    assert any("text regions capped at 3" in n for n in first.notes) and any("not read" in n for n in first.notes)
    # Elsewhere (the verify pass, plain reads) the first regions are still read.
    again = ocr.detect(Photo(page), policy)
    assert again.truncated and 0 < len(again.lines) <= 3


def test_dedupe_prefilter_keeps_exactly_what_pairwise_checks_keep():
    """The bounding-box prefilter only skips pairs that cannot overlap: same boxes as checking all pairs."""
    rng = np.random.default_rng(5)
    found = []
    for _ in range(120):
        c, w, h, a = rng.uniform(0, 400, 2), rng.uniform(5, 200), rng.uniform(5, 40), rng.uniform(0, np.pi)
        rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
        pts = np.array([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]]) @ rot.T + c
        found.append((pts.astype(np.float32), 0.9))

    def pairwise(items):
        kept = []
        for q, s in sorted(items, key=lambda t: -ocr._area(t[0])):
            if not any(ocr._inside(q, k) > 0.6 for k, _ in kept):
                kept.append((q, s))
        return sorted(kept, key=lambda t: ocr._reading_order(t[0]))

    got, want = ocr._dedupe(found), pairwise(found)
    assert len(got) == len(want) and all(np.array_equal(a[0], b[0]) for a, b in zip(got, want, strict=True))


def _anon_mb() -> float:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("RssAnon")) / 1024


@pytest.mark.skipif(runtime._trim is None or not __import__("os").path.exists("/proc/self/status"),
                    reason="glibc on Linux only")
def test_trim_heap_gives_freed_pages_back():
    """Memory freed into the C heap below a live block stays resident until trimmed (what the
    models' activations did between stages); `trim_heap` hands it back."""
    blocks = [b"x" * 100_000 for _ in range(400)]  # 40 MB of heap blocks, each under the mmap threshold
    sentinel = b"y" * 100_000  # above them: the heap's top cannot simply shrink
    before = _anon_mb()
    del blocks
    held = _anon_mb()
    runtime.trim_heap()
    after = _anon_mb()
    assert held > before - 10  # freed, but still resident
    assert after < held - 25
    del sentinel


def test_text_stage_releases_detector_buffers_before_reading_big_photos(monkeypatch, page):
    events: list[str] = []
    recognize = ocr._recognize
    monkeypatch.setattr(runtime, "release_buffers", lambda: events.append("release"))
    monkeypatch.setattr(ocr, "_recognize", lambda *a, **k: (events.append("read"), recognize(*a, **k))[1])
    ocr.read(page)
    assert "release" not in events  # a small photo (a video frame) keeps them for the next call
    events.clear()
    monkeypatch.setattr(runtime, "RELEASE_MIN_PIXELS", page.shape[0] * page.shape[1])
    lines = ocr.read(page).lines
    assert events[:2] == ["release", "read"] and len(lines) == 14


def test_wide_batches_run_as_several_calls_with_the_same_readings(monkeypatch, page):
    """A batch over `REC_CALL_PIXELS` is split into calls padded as the whole batch: same readings."""
    monkeypatch.setattr(ocr, "REC_BATCH", 16)
    m = ocr._models()
    calls: list[tuple[int, ...]] = []
    run = m.rec.run
    rec = type("Rec", (), {"run": lambda self, o, f: (calls.append(f["x"].shape), run(o, f))[1]})
    monkeypatch.setattr(m, "rec", rec())
    whole = ocr.read(page)
    n_whole, widths = len(calls), {s[3] for s in calls}
    calls.clear()
    monkeypatch.setattr(ocr, "REC_CALL_PIXELS", 2 * ocr.REC_MIN_WIDTH)
    split = ocr.read(page)
    assert len(calls) > n_whole and max(s[0] for s in calls) <= 2 and {s[3] for s in calls} == widths
    def key(res):
        return [(ln.text, ln.score, ln.polygon) for ln in res.lines]

    assert key(split) == key(whole)


def test_every_photo_gives_back_its_buffers_before_the_next(monkeypatch):
    from imgscreen import pipeline
    from imgscreen.detect import StageResult

    calls: list[int] = []
    monkeypatch.setattr(pipeline, "release_buffers", lambda: calls.append(1))
    s = Screener(detectors={"a": lambda p, pol, c: StageResult()}, classifier=lambda lines, pol: [])
    r = s.screen_photo(Photo(np.zeros((32, 32, 3), np.uint8)))
    assert r.decision.verdict == "accept"
    assert calls == [1, 1]  # after its one stage, and after the photo
    calls.clear()
    s.detect(Photo(np.zeros((32, 32, 3), np.uint8)))  # a video frame's size, through detect alone
    assert calls == []
