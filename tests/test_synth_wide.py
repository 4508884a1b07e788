"""bench.synth_wide makes valid truth, quickly, with no model: every value's polygon is on its own ink,
inside the photo and inside its line; layouts stay on their page; the seed policy holds; missing fonts
narrow the choice instead of failing."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from bench import leaks, synth_canvas, synth_wide
from bench.annotate import CATEGORIES, KINDS
from bench.synth_layouts import LAYOUTS, PHI_FREE

SAMPLE = ["pill_bottle", "ehr_screen", "whiteboard_table", "passport", "menu", "lab_report_intl"]


def _boxes_overlap(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 1 and min(a[3], b[3]) - max(a[1], b[1]) > 1


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layout_draws_on_its_page_with_known_categories(name: str) -> None:
    for k in range(2):
        doc = LAYOUTS[name](np.random.default_rng([1000, k, 5]))
        W, H = doc.canvas.size
        lines = doc.canvas.lines
        assert lines, name
        assert doc.kind in KINDS and doc.expected in ("accept", "redact", "reject")
        for ln in lines:
            x0, y0, x1, y1 = ln.box
            assert 0 <= x0 < x1 <= W and 0 <= y0 < y1 <= H, (name, ln.text)
            for part in ln.parts:
                assert ln.text[part.start : part.end] == part.text
                assert part.category is None or part.category in CATEGORIES
        for i, a in enumerate(lines):
            for b in lines[i + 1 :]:
                assert not _boxes_overlap(a.box, b.box), (name, a.text, b.text)
        phi = [p for ln in lines for p in ln.parts if p.category] + [c for c in doc.canvas.codes if c["category"]]
        if name in PHI_FREE:
            assert not phi and doc.expected == "accept", name
        else:
            assert len(phi) >= 3 and doc.expected != "accept", name
        if doc.identity_document:
            assert doc.expected == "reject"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, list[dict]]:
    out = tmp_path_factory.mktemp("wide")
    return out, synth_wide.generate(len(SAMPLE), 1000, out, size=(1280, 960), layouts=SAMPLE)


def test_truth_files_and_photos_agree(sample) -> None:
    out, gts = sample
    assert json.loads((out / "index.json").read_text()) == gts
    assert sorted(g["layout"] for g in gts) == sorted(SAMPLE)
    for g in gts:
        img = cv2.imread(str(out / g["file"]))
        assert img.shape[:2] == (g["height"], g["width"])
        assert g["size"] == [g["width"], g["height"]] and g["image"] == g["file"] and g["id"] == Path(g["file"]).stem
        assert json.loads((out / (Path(g["file"]).stem + ".json")).read_text()) == g
        spans = [s for ln in g["lines"] for s in ln["phi"]]
        coded = [i for i in g["items"] if i["line"] is None]
        assert len(g["items"]) == len(spans) + len(coded)
        assert g["identifiers"] == sorted({i["identifier"] for i in g["items"]})
        assert (g["expected"] == "accept") == (g["layout"] in PHI_FREE)
        # bench.synth's per-line format: what bench.e2e and bench.leaks read
        for ln in g["lines"]:
            assert {"id", "card", "text", "polygon", "angle", "height", "font", "identifier", "phi"} <= set(ln)
            for s in ln["phi"]:
                assert ln["text"][s["start"] : s["end"]] == s["value"]
                assert s["identifier"] == int(CATEGORIES[s["category"]])
        assert all(v for _, _, v in leaks.phi_values(g))


def test_bench_real_reads_the_generators_folder_as_it_is(sample) -> None:
    """`bench.real --set DIR` scores a generated set without moving its files into images/ and truth/."""
    from bench import real

    out, gts = sample
    loaded = real.load_set(out)
    assert sorted(t["id"] for t in loaded) == sorted(g["id"] for g in gts)
    assert all(Path(t["path"]).is_file() and t["half"] == "unsplit" for t in loaded)


def test_value_polygons_sit_on_their_own_ink_inside_their_line(sample) -> None:
    out, gts = sample
    checked = 0
    for g in gts:
        grey = cv2.cvtColor(cv2.imread(str(out / g["file"])), cv2.COLOR_BGR2GRAY)
        H, W = grey.shape
        for ln in g["lines"]:
            line_poly = np.asarray(ln["polygon"], np.float32)
            for s in ln["phi"]:
                q = np.asarray(s["polygon"], np.float32)
                assert q.min() >= -1 and q[:, 0].max() <= W + 1 and q[:, 1].max() <= H + 1
                centre = tuple(float(v) for v in q.mean(axis=0))
                assert cv2.pointPolygonTest(line_poly, centre, True) >= -1.0, (g["layout"], s["value"])
                height = 0.5 * (np.linalg.norm(q[3] - q[0]) + np.linalg.norm(q[2] - q[1]))
                if height < 8 or sum(ch.isalnum() for ch in s["value"]) < 2:
                    continue
                mask = np.zeros_like(grey)
                cv2.fillPoly(mask, [np.round(q).astype(np.int32)], 1)
                inside = grey[mask > 0]
                # ink and paper both inside a value's box: a polygon off its text would see one tone
                assert np.percentile(inside, 95) - np.percentile(inside, 5) > 50, (g["layout"], s["value"])
                checked += 1
    assert checked >= 20


def test_photo_i_does_not_depend_on_n(sample, tmp_path) -> None:
    out, gts = sample
    one = synth_wide.generate(1, 1000, tmp_path, size=(1280, 960), layouts=SAMPLE)
    assert one[0] == gts[0]
    assert (tmp_path / one[0]["file"]).read_bytes() == (out / gts[0]["file"]).read_bytes()


def test_seed_policy() -> None:
    synth_wide.check_seed(1000, held_out=False)
    synth_wide.check_seed(5999, held_out=True)
    for seed, held in ((5000, False), (1000, True), (9, False), (2026, False), (7000, True)):
        with pytest.raises(SystemExit):
            synth_wide.check_seed(seed, held_out=held)
    assert "held-out" in synth_wide.__doc__ and "5000-5999" in synth_wide.__doc__


def test_missing_fonts_narrow_the_choice(tmp_path, monkeypatch) -> None:
    """Only bench.synth's DejaVu fonts installed: every layout still draws, and the gap is reported."""
    src = Path("/usr/share/fonts/truetype/dejavu")
    if not (src / "DejaVuSans.ttf").is_file():
        pytest.skip("fonts-dejavu-core is not installed")
    (tmp_path / "truetype").mkdir()
    (tmp_path / "truetype" / "dejavu").symlink_to(src)
    monkeypatch.setattr(synth_canvas, "FONT_ROOT", tmp_path)
    assert "sans" in synth_canvas.missing_fonts()
    rng = np.random.default_rng(0)
    assert synth_canvas.pick_font(rng, "sans").path.startswith("truetype/dejavu/")
    with pytest.raises(LookupError):
        synth_canvas.pick_font(rng, "cjk")
    for name, fn in LAYOUTS.items():
        doc = fn(np.random.default_rng([1000, 1]))
        assert doc.canvas.lines, name
        assert all(ln.font.startswith("DejaVu") for ln in doc.canvas.lines), name


@pytest.mark.parametrize("name", ["whiteboard_table", "lab_report_intl", "passport", "xray", "intake_form"])
def test_part_boxes_are_where_the_glyphs_are(name: str) -> None:
    """Each PHI part drawn alone at its recorded origin: its ink lies inside the recorded box, and the box is
    tight around it."""
    from PIL import Image, ImageDraw

    doc = LAYOUTS[name](np.random.default_rng([1000, 2]))
    parts = [p for ln in doc.canvas.lines for p in ln.parts if p.category]
    assert parts
    for p in parts:
        img = Image.new("L", doc.canvas.size, 0)
        ImageDraw.Draw(img).text(p.origin, p.text, font=synth_canvas.truetype(p.font, p.size), fill=255, anchor="ls")
        ys, xs = np.nonzero(np.asarray(img) > 0)
        ink = (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        x0, y0, x1, y1 = p.box
        slack = 1.5  # drawn at a fractional origin: a pixel either way
        assert x0 - 1.5 <= ink[0] and y0 - 1.5 <= ink[1] and ink[2] <= x1 + 1.5 and ink[3] <= y1 + 1.5, (p.text, ink)
        assert ink[0] - x0 < slack and ink[1] - y0 < slack and x1 - ink[2] < slack and y1 - ink[3] < slack, p.text


@pytest.mark.parametrize("geometry", ["card", "page", "flat_page", "flat_screen"])
def test_polygons_follow_the_pixels_through_the_warp(geometry: str) -> None:
    """A dark block on a light page, placed like a document: its truth polygon (the same homography as
    the truth uses) has the block inside and the page right around it."""
    page = np.full((500, 800, 3), 235, np.uint8)
    page[150:300, 200:500] = 20
    box = (200, 150, 500, 300)
    for k in range(4):
        rng = np.random.default_rng([1000, k, 9])
        if geometry.startswith("flat"):
            photo, Hm, _ = synth_wide.place_flat(rng, page, geometry.split("_")[1])
        else:
            photo, Hm, _ = synth_wide.place_photo(rng, page, 30.0, geometry, (1280, 960), [])
        q = np.asarray(synth_wide._quad(Hm, box), np.float32)
        grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
        centre = q.mean(axis=0)
        inner = centre + (q - centre) * 0.8
        outer = centre + (q - centre) * 1.25
        m_in, m_ring = np.zeros_like(grey), np.zeros_like(grey)
        cv2.fillPoly(m_in, [np.round(inner).astype(np.int32)], 1)
        cv2.fillPoly(m_ring, [np.round(outer).astype(np.int32)], 1)
        cv2.fillPoly(m_ring, [np.round(centre + (q - centre) * 1.08).astype(np.int32)], 0)
        assert grey[m_in > 0].mean() < 80, (geometry, k)
        assert grey[m_ring > 0].mean() > 150, (geometry, k)


def test_a_product_labels_upc_is_a_product_code_by_the_tools_own_rule() -> None:
    """The generator calls its box's UPC a product code (no item); imgscreen keeps GS1's in-store and loyalty ranges
    (UPC number systems 2 and 4) as possibly someone's, so the generator must draw a real product's number."""
    from imgscreen.barcodes import _RESTRICTED

    drawn = [c for k in range(60) for c in LAYOUTS["product_label"](np.random.default_rng([1000, k, 7])).canvas.codes]
    assert drawn and all(c["format"] == "UPCA" for c in drawn)
    codes = [c["text"] for c in drawn]
    assert not [c for c in codes if _RESTRICTED.match(c.zfill(13))]


def test_no_clean_photo_stands_in_front_of_the_hikers_silhouettes(tmp_path, monkeypatch) -> None:
    """People whose heads a face detector may find are no clean background (bench.e2e leaves them out too)."""
    from bench.synth_wide import background_files

    (tmp_path / "photos").mkdir()
    for name in ("clean_red_barn.jpg", "clean_hikers_silhouettes.jpg", "faces_team.jpg"):
        (tmp_path / "photos" / name).write_bytes(b"")
    monkeypatch.setenv("IMGSCREEN_SHARED", str(tmp_path))
    assert [p.name for p in background_files()] == ["clean_red_barn.jpg"]
