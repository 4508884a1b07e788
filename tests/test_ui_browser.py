"""The review UI, driven as a person would: a real headless Chromium clicking the real page.

The app runs in this process on a free 127.0.0.1 port (the `server` fixture, conftest.py), screening
with the stand-in detectors of `uikit` on a card whose PHI positions are known. Also checked on every
page: no request leaves 127.0.0.1, and nothing logged carries PHI or the upload's file name. The
rules the page follows (and the server enforces) are tested without a browser in test_ui_state.py.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from uikit import BLUE, CHROMIUM, FILE_NAME, PHI_STRINGS, SKIN, free_port, make_card, stand_in_screener
from uikit import decision_records as _records

if not Path(CHROMIUM).exists():
    pytest.skip(f"needs {CHROMIUM} (apt install chromium)", allow_module_level=True)

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import Page, expect  # noqa: E402

from imgscreen.policy import Policy  # noqa: E402

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)  # a shared 2-core CI box: patience, but bounded


def _open(context, server) -> Page:
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(server["url"])
    expect(pg.locator("#imgs-files")).to_be_visible()
    return pg


@pytest.fixture
def page(context, server):
    """A fresh tab, i.e. a fresh session; afterwards: no call out, and no PHI in any log record."""
    pg = _open(context, server)
    yield pg
    with contextlib.suppress(PlaywrightError):  # a test may have closed its tab already
        pg.close(run_before_unload=True)
    assert context.outside == [], f"the page tried to reach the internet: {context.outside}"
    logged = "\n".join(server["records"].messages)
    for s in (*PHI_STRINGS, "DOE_JOHN", FILE_NAME):
        assert s not in logged, f"{s!r} was logged"


def _upload(page: Page, *paths: Path) -> None:
    page.locator("#imgs-files input[type=file]").set_input_files([str(p) for p in paths])


def _shot(page: Page, name: str) -> None:
    """A small screenshot for the README: 128-colour PNG of the whole page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    raw = page.screenshot(full_page=True)
    img = Image.open(io.BytesIO(raw)).convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE)
    dest = SHOTS / name
    if dest.exists():  # rewrite only on a visible change, so a test run does not dirty the checkout
        old = np.asarray(Image.open(dest).convert("RGB"), dtype=np.int16)
        new = np.asarray(img.convert("RGB"), dtype=np.int16)
        if old.shape == new.shape and np.abs(old - new).mean() < 0.5:
            return
    img.save(dest, optimize=True)


def _click_image(page: Page, selector: str, x: float, y: float) -> None:
    """Click at photo pixel (x, y) on a displayed <img>, allowing for object-fit: contain."""
    img = page.locator(selector)
    img.scroll_into_view_if_needed()
    loaded = "s => { const i = document.querySelector(s); return i && i.complete && i.naturalWidth > 0; }"
    page.wait_for_function(loaded, arg=selector)
    geo = img.evaluate(
        "img => { const r = img.getBoundingClientRect();"
        " return {l: r.left, t: r.top, w: r.width, h: r.height, nw: img.naturalWidth, nh: img.naturalHeight}; }"
    )
    s = min(geo["w"] / geo["nw"], geo["h"] / geo["nh"])
    ox = geo["l"] + (geo["w"] - geo["nw"] * s) / 2
    oy = geo["t"] + (geo["h"] - geo["nh"] * s) / 2
    page.mouse.click(ox + x * s, oy + y * s)


def _download(page: Page, selector: str, dest: Path) -> Path:
    with page.expect_download() as info:
        page.locator(selector).click()
    info.value.save_as(dest)
    return dest


def _img_src(page: Page, selector: str) -> str:
    return page.locator(selector).get_attribute("src") or ""


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


def test_redact_flow_masks_phi_and_strips_metadata(page: Page, server, tmp_path):
    card = tmp_path / FILE_NAME
    boxes = make_card(card)
    _shot(page, "01-start.png")
    page.locator("#imgs-reviewer input, #imgs-reviewer textarea").first.fill("Kim Lee")
    _upload(page, card)

    table = page.locator("#imgs-table")
    for words in ("Patient name", "1 names", "Medical record number", "8 medical record numbers", "Face",
                  "GPS location in file", "D** J***"):
        expect(table).to_contain_text(words)
    expect(table).not_to_contain_text("DOE, JOHN")
    expect(page.locator("#imgs-proposal")).to_contain_text("The tool proposes: Redact")
    expect(page.locator("#imgs-marked img")).to_be_visible()
    # Something is still to be masked, so posting as-is is not on offer.
    expect(page.locator("#imgs-accept")).to_be_disabled()

    # Solid face style; the preview must change when it is picked.
    before = _img_src(page, "#imgs-preview img")
    page.locator("#imgs-style").get_by_label("Solid", exact=True).check()
    expect(page.locator("#imgs-status")).to_contain_text("Face style: Solid")
    expect(page.locator("#imgs-preview img")).not_to_have_attribute("src", before)

    # Draw a box the tool "missed": the left half of the blue panel, by clicking two corners.
    bx, by, bw, bh = boxes["blue"]
    _click_image(page, "#imgs-marked img", bx + 10, by + 10)
    expect(page.locator("#imgs-status")).to_contain_text("First corner set")
    _click_image(page, "#imgs-marked img", bx + 140, by + 150)
    expect(page.locator("#imgs-status")).to_contain_text("Added a box")
    expect(table).to_contain_text("Marked by reviewer")
    _shot(page, "02-review.png")

    page.locator("#imgs-redact").click()
    expect(page.locator("#imgs-status")).to_contain_text("redacted and recorded")
    expect(page.locator("#imgs-picker")).to_contain_text("redacted")
    safe = _download(page, "#imgs-download", tmp_path / "safe.jpg")
    _shot(page, "03-decided.png")

    data = safe.read_bytes()
    assert data[:3] == b"\xff\xd8\xff"
    for marker in (b"Exif\x00", b"http://ns.adobe.com/xap", b"xmpmeta", b"TestCam", b"DOE"):
        assert marker not in data, marker
    out = np.asarray(Image.open(safe).convert("RGB")).astype(int)
    orig = np.asarray(Image.open(card).convert("RGB")).astype(int)
    assert out.shape == orig.shape

    def region(a: np.ndarray, box: tuple[int, int, int, int], inset: int = 0) -> np.ndarray:
        x, y, w, h = box
        return a[y + inset:y + h - inset, x + inset:x + w - inset]

    for key in ("name", "mrn"):  # PHI text: solid black, where the original was mostly white card
        assert region(orig, boxes[key]).mean() > 120
        assert region(out, boxes[key]).mean() < 30, key
    fx, fy, fw, fh = boxes["face"]
    centre = out[fy + fh // 2 - 20:fy + fh // 2 + 20, fx + fw // 2 - 20:fx + fw // 2 + 20]
    assert np.abs(centre - np.array(SKIN)).max(axis=2).mean() > 40  # the face is no longer skin
    drawn = (bx + 10, by + 10, 130, 140)
    assert region(out, drawn, 3).mean() < 30  # the reviewer's box is masked
    untouched = (bx + 180, by + 20, 100, 120)  # the rest of the panel is not
    assert np.abs(region(out, untouched) - region(orig, untouched)).mean() < 8

    # The decision record: who, which file (by hash), what, and the override; no PHI.
    (rec,) = [r for r in _records(server) if r["safe_sha256"] == hashlib.sha256(data).hexdigest()]
    assert rec["reviewer"] == "Kim Lee"
    assert rec["file_sha256"] == hashlib.sha256(card.read_bytes()).hexdigest()
    assert (rec["tool_verdict"], rec["decision"], rec["face_style"]) == ("redact", "redact", "solid")
    assert rec["findings"]["1 names"] == 2  # on the card, and the XMP creator
    assert rec["findings"]["8 medical record numbers"] == 1
    assert rec["findings"]["17 full-face photographs"] == 1
    assert [o["action"] for o in rec["overrides"]] == ["add_box"]
    raw = server["ctx"].decision_log.path.read_text(encoding="utf-8")
    for s in (*PHI_STRINGS, "DOE_JOHN"):
        assert s not in raw

    # The batch zip holds exactly the safe copy.
    z = zipfile.ZipFile(_download(page, "#imgs-zip", tmp_path / "batch.zip"))
    (name,) = z.namelist()
    assert "DOE" not in name and z.read(name) == data


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_heic_false_alarm_consent_and_closing_the_tab_deletes_files(page: Page, server, tmp_path):
    card = tmp_path / "IMG_0042.HEIC"
    boxes = make_card(card)
    temp_root = Path(os.environ["GRADIO_TEMP_DIR"])
    before = _files(temp_root)
    page.locator("#imgs-reviewer input, #imgs-reviewer textarea").first.fill("Kim Lee")
    _upload(page, card)
    expect(page.locator("#imgs-table")).to_contain_text("Patient name")
    page.locator("#imgs-mask").get_by_label("3. Medical record number").uncheck()
    expect(page.locator("#imgs-table")).to_contain_text("false alarm (not masked)")
    page.locator("#imgs-consent").get_by_label("1. Face").check()
    expect(page.locator("#imgs-table")).to_contain_text("consented (not masked)")
    page.locator("#imgs-redact").click()
    expect(page.locator("#imgs-status")).to_contain_text("redacted and recorded")
    expect(page.locator("#imgs-table")).to_contain_text("GPS location in file")  # HEIC metadata was read
    with page.expect_download() as info:
        page.locator("#imgs-download").click()
    assert info.value.suggested_filename.endswith("-safe.jpg")  # HEIC in, JPEG out: what Instagram takes
    data = Path(info.value.path()).read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and b"Exif\x00" not in data and b"xmpmeta" not in data
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)
    orig = np.asarray(Image.open(card).convert("RGB")).astype(int)
    for key, masked in (("name", True), ("mrn", False), ("face", False)):
        x, y, w, h = boxes[key]
        diff = np.abs(out[y:y + h, x:x + w] - orig[y:y + h, x:x + w]).mean()
        assert (diff > 40) if masked else (diff < 8), key
    rec = _records(server)[-1]
    assert sorted(o["action"] for o in rec["overrides"]) == ["consent", "drop"]
    (drop,) = [o for o in rec["overrides"] if o["action"] == "drop"]
    assert drop["identifier"] == "8 medical record numbers"
    (consent,) = [o for o in rec["overrides"] if o["action"] == "consent"]
    assert consent["identifier"] == "17 full-face photographs" and len(consent["box"]) == 4

    # Closing the tab ends the session: the uploaded original and the safe copy are deleted.
    (session,) = [s for s in server["ctx"].sessions._by_hash.values()
                  if any(it.name == card.name for it in s.items)]
    upload = Path(next(iter(session.uploads)))
    assert upload.exists() and session.workdir.exists() and any(session.workdir.iterdir())
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while (upload.exists() or session.workdir.exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not upload.exists()
    assert not session.workdir.exists()
    # Nothing this session made (upload, previews, safe copy, zip, record) is left in temp storage.
    # (gradio's multipart parser can leave an empty temp file behind; empty files carry nothing)
    assert {p for p in _files(temp_root) - before if p.stat().st_size > 0} == set()


def test_accept_reject_and_a_failed_photo_cannot_be_accepted(page: Page, server, tmp_path):
    card = tmp_path / "card2.jpg"
    make_card(card)
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg")
    clean = tmp_path / "clean.png"  # nothing in the pixels; a name only in a PNG text chunk
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "DOE JOHN")
    Image.new("RGB", (400, 300), BLUE).save(clean, pnginfo=info)
    n = len(_records(server))
    _upload(page, card, broken, clean)
    expect(page.locator("#imgs-status")).to_contain_text("could not be screened")
    picker = page.locator("#imgs-picker")
    expect(picker).to_contain_text("failed, reject it")
    # No name, no decision: the record must say who decided.
    page.locator("#imgs-reject").click()
    expect(page.locator("#imgs-status")).to_contain_text("type your name")
    assert len(_records(server)) == n
    page.locator("#imgs-reviewer input, #imgs-reviewer textarea").first.fill("Sam")

    picker.get_by_label(re.compile(r"broken\.jpg")).check()
    expect(page.locator("#imgs-proposal")).to_contain_text("Screening failed")
    expect(page.locator("#imgs-accept")).to_be_disabled()
    expect(page.locator("#imgs-redact")).to_be_disabled()
    _shot(page, "04-failed.png")
    page.locator("#imgs-reject").focus()  # keyboard only: the decision buttons are real buttons
    page.keyboard.press("Enter")
    expect(page.locator("#imgs-status")).to_contain_text("rejected and recorded")
    expect(page.locator("#imgs-download")).to_be_hidden()
    rec = _records(server)[-1]
    assert rec["file_sha256"] == hashlib.sha256(broken.read_bytes()).hexdigest()
    assert (rec["tool_verdict"], rec["decision"], rec["safe_sha256"]) == ("reject", "reject", None)
    assert rec["failed_stages"] == ["load"] and rec["reviewer"] == "Sam"

    picker.get_by_label(re.compile(r"card2\.jpg")).check()
    expect(page.locator("#imgs-proposal")).to_contain_text("The tool proposes: Redact")
    page.locator("#imgs-reject").click()
    expect(page.locator("#imgs-status")).to_contain_text("rejected and recorded")
    rec = _records(server)[-1]
    assert rec["file_sha256"] == hashlib.sha256(card.read_bytes()).hexdigest()
    assert (rec["tool_verdict"], rec["decision"]) == ("redact", "reject")

    # Nothing to mask: Accept is offered, and the copy is the same pixels without the text chunk.
    picker.get_by_label(re.compile(r"clean\.png")).check()
    expect(page.locator("#imgs-proposal")).to_contain_text("The tool proposes: Accept")
    expect(page.locator("#imgs-accept")).to_be_enabled()
    page.locator("#imgs-accept").click()
    expect(page.locator("#imgs-status")).to_contain_text("accepted and recorded")
    safe = _download(page, "#imgs-download", tmp_path / "accepted.png").read_bytes()
    assert safe[:8] == b"\x89PNG\r\n\x1a\n" and b"tEXt" not in safe and b"DOE" not in safe
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(safe)).convert("RGB")),
                          np.asarray(Image.open(clean).convert("RGB")))

    rows = list(csv.DictReader(_download(page, "#imgs-log-csv", tmp_path / "log.csv").open(encoding="utf-8")))
    assert [r["decision"] for r in rows] == ["reject", "reject", "accept"]
    assert all(r["reviewer"] == "Sam" for r in rows)
    assert rows[2]["safe_sha256"] == hashlib.sha256(safe).hexdigest()

    # A screenshot pasted from the clipboard joins the batch and is screened like a file.
    png = io.BytesIO()
    Image.open(card).save(png, "PNG")
    page.evaluate(
        """async bytes => { const blob = new Blob([new Uint8Array(bytes)], {type: 'image/png'});
           await navigator.clipboard.write([new ClipboardItem({'image/png': blob})]); }""",
        list(png.getvalue()),
    )
    page.locator("#imgs-paste").get_by_text("Paste from Clipboard").click()
    expect(picker).to_contain_text("4. clipboard.png (proposed: Redact)")
    expect(page.locator("#imgs-table")).to_contain_text("Patient name")


def test_login_is_required_and_names_the_reviewer(context, tmp_path):
    """With --auth, nothing is served before a login, and the record's "who" is the login name."""
    import urllib.error
    import urllib.request

    from imgscreen import ui

    demo = ui.build_app(Policy(), tmp_path / "d.jsonl", screener=stand_in_screener(), work_root=tmp_path / "w")
    url = ui.start(demo, "127.0.0.1", free_port(), auth=ui.parse_auth("kim:s3cret-pw"))
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url.rstrip("/") + "/config", timeout=5)
        assert err.value.code in (401, 403)
        pg = context.new_page()
        pg.set_default_timeout(TIMEOUT_MS)
        pg.goto(url)
        pg.get_by_label("username").fill("kim")
        pg.get_by_label("password").fill("s3cret-pw")
        pg.get_by_role("button", name="Login").click()
        name = pg.locator("#imgs-reviewer input, #imgs-reviewer textarea").first
        expect(name).to_have_value("kim")
        expect(name).to_be_disabled()
        pg.close()
    finally:
        demo.close()
        demo.imgscreen.sessions.end_all()
