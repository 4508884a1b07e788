"""`scan --html`: a batch page that shows every photo's findings and no PHI, opened in headless Chromium.

The batch is 200 photos screened by the real `scan` command (local engine) with the stand-in detectors of
`scan_fakes`: a patient's name and MRN drawn in ink and written in each file's EXIF, red "faces", photos
that hit a cap (reject, screened) and a file that cannot be read (reject, no preview).
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import scan_fakes
from PIL import Image

from imgscreen import cli
from imgscreen.html_report import render, sort_key
from imgscreen.previews import REJECT_CELLS, THUMB_SIDE, Preview, _mosaic, preview
from imgscreen.write import residual_metadata

pytestmark = pytest.mark.slow  # the batch is a real scan in worker processes, the page opens in Chromium

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
N_PHOTOS = 200
DATA_URI = re.compile(r'src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"')


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """200 photos screened into safe copies, a report and the page; (folder, report records, page)."""
    tmp = tmp_path_factory.mktemp("batch")
    photos = scan_fakes.make_photos(tmp / "in", N_PHOTOS - 5, w=640, h=480)
    scan_fakes.make_photos(tmp / "in" / "ward", 4, w=640, h=480, prefix="capped")
    (tmp / "in" / "broken.jpg").write_bytes(b"\xff\xd8\xff this is not a jpeg")
    assert b"DOE, JOHNATHAN" in photos[0].read_bytes()  # the PHI really is in the files
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cli, "_init_worker", scan_fakes.fake_init)
        code = cli.main(["scan", str(tmp / "in"), "--out", str(tmp / "out"), "--report", str(tmp / "r.jsonl"),
                         "--html", str(tmp / "report.html"), "--workers", "2", "--quiet"])
    assert code == cli.EXIT_ERRORS  # the broken file
    records = [json.loads(line) for line in (tmp / "r.jsonl").read_text().splitlines()]
    assert len(records) == N_PHOTOS
    return tmp, records, (tmp / "report.html").read_text(encoding="utf-8")


def test_the_page_holds_no_phi_text_anywhere(batch):
    _, records, page = batch
    found = Counter(f["identifier"] for r in records for f in r["findings"])
    assert found[1] and found[8] and found[17]  # names, MRNs and faces were found...
    for secret in (*scan_fakes.PHI, "DOE", "JOHNATHAN", "00482913", "40.7", "40 42"):
        assert secret not in page  # ...and none of their text is on the page, attributes included
    masked = {f["text"] for r in records for f in r["findings"] if f["text"]}
    assert masked and not [t for t in masked if t in page]  # not even the report's masked text


def test_the_page_is_self_contained_small_and_sorted(batch):
    _, records, page = batch
    assert len(page.encode()) < 30 * 1024 * 1024
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r'(src|href)="(?!data:)', page)  # no file, no URL: only inline data
    assert not re.search(r"https?://", page)
    images = DATA_URI.findall(page)
    assert len(images) == N_PHOTOS - 1  # every photo but the unreadable one
    for data in images:
        jpeg = base64.b64decode(data)
        assert residual_metadata(jpeg, "JPEG") == []  # previews carry no EXIF, no GPS
        assert max(Image.open(io.BytesIO(jpeg)).size) <= THUMB_SIDE
    order = re.findall(r'<article class="card" data-decision="(\w+)"', page)
    assert order == [r["decision"] for r in sorted(records, key=sort_key)]
    assert order.index("redact") > order.index("reject") and order.index("accept") > order.index("redact")


def test_previews_follow_the_decision(batch):
    tmp, records, _ = batch
    by_name = {Path(r["path"]).name: r for r in records}
    assert preview(by_name["broken.jpg"]).jpeg is None
    assert preview(by_name["p000.jpg"]).source == "safe copy"
    capped = preview(by_name["capped001.jpg"])
    assert by_name["capped001.jpg"]["decision"] == "reject" and capped.source == "masked mosaic"
    # Without a safe copy (a scan without --out), a redacted photo's PHI is filled solid in its preview.
    record = dict(by_name["p001.jpg"], output=None)
    assert record["decision"] == "redact"
    pv = preview(record)
    assert pv.source == "masked original"
    thumb = np.asarray(Image.open(io.BytesIO(pv.jpeg)).convert("RGB")).astype(int)
    scale = pv.width / 640
    for f in record["findings"]:
        if f["kind"] == "text":
            x, y, w, h = (round(v * scale) for v in f["bbox"])
            inside = thumb[y + 3:y + h - 3, x + 3:x + w - 3]
            assert inside.size and inside.max() < 60, "the text's region is not filled in the preview"


def test_a_mosaic_has_no_more_than_its_cells():
    rng = np.random.default_rng(0)
    noisy = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
    cells = _mosaic(noisy)
    assert len(np.unique(cells.reshape(-1, 3), axis=0)) <= REJECT_CELLS * REJECT_CELLS


def test_render_escapes_what_it_shows():
    record = {"path": '/x/<img src=x onerror=alert(1)>.jpg', "decision": "reject", "frames": 1,
              "reasons": ["<script>alert(1)</script>"], "findings": [], "stages": []}
    page = render([record], {record["path"]: Preview(None, source="none")})
    assert "<script>alert(1)" not in page and "<img src=x" not in page


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium (apt install chromium)")
def test_the_page_in_chromium_loads_fast_filters_and_makes_no_request(batch):
    from playwright.sync_api import sync_playwright

    tmp, records, _ = batch
    decisions = Counter(r["decision"] for r in records)
    with_mrn = sum(any(f["identifier"] == 8 for f in r["findings"]) for r in records)
    rejects_with_mrn = sum(r["decision"] == "reject" and any(f["identifier"] == 8 for f in r["findings"])
                           for r in records)
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                    "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda req: requests.append(req.url))
            start = time.monotonic()
            page.goto((tmp / "report.html").as_uri(), wait_until="load")
            wall = time.monotonic() - start
            load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            assert load_ms < 2000 and wall < 2.0, (load_ms, wall)
            assert page.locator(".card img").count() == N_PHOTOS - 1
            assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")

            def visible() -> int:
                return page.locator(".card:visible").count()

            assert visible() == N_PHOTOS
            page.select_option("#f-decision", "reject")
            assert visible() == decisions["reject"] and page.inner_text("#shown") == str(decisions["reject"])
            page.select_option("#f-id", "8")
            assert visible() == rejects_with_mrn
            page.select_option("#f-decision", "")
            assert visible() == with_mrn
            page.select_option("#f-id", "")
            page.select_option("#f-decision", "redact")
            assert visible() == decisions["redact"]
            page.select_option("#f-decision", "")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(tmp / "shot.png"))
            shutil.copyfile(tmp / "shot.png", SHOTS / "05-batch-report.png")
        finally:
            browser.close()
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []
