"""The review UI, driven as a person would: a real headless Chromium clicking the real page.

The app runs in this process on a free 127.0.0.1 port. The screener uses the real metadata
detector and the real masking and writing code; the face and text detectors are small colour
detectors (below) so the tests know exactly where the PHI is, run in milliseconds, and do not
depend on OCR model quality (that is the pipeline's tests' job).

Also checked on every page: no request leaves 127.0.0.1, and nothing logged carries PHI or the
upload's file name.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import logging
import os
import re
import socket
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("needs /usr/bin/chromium (apt install chromium)", allow_module_level=True)

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from imgscreen import metadata  # noqa: E402
from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext  # noqa: E402
from imgscreen.model import (  # noqa: E402
    FaceGeometry,
    Finding,
    Identifier,
    Photo,
    Rect,
    ScreenResult,
    polygon_from_box,
)
from imgscreen.pipeline import Screener  # noqa: E402
from imgscreen.policy import Policy  # noqa: E402

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
TEXT_INK = (60, 60, 60)  # not the masks' pure black, so a masked line is not found again
SKIN = (201, 150, 120)
BLUE = (30, 90, 200)
FILE_NAME = "DOE_JOHN_wristband.jpg"
PHI_STRINGS = ("DOE", "JOHN", "00482913", "40.7", "74.0")
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)  # a shared 2-core CI box: patience, but bounded


# ---------------------------------------------------------------------------------------------
# The test photo and the detectors that know it
# ---------------------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def make_card(path: Path) -> dict[str, tuple[int, int, int, int]]:
    """A wristband-like card: name and MRN in big dark ink, a 'face' disk, a blue panel, GPS in EXIF.

    Returns the boxes (x, y, w, h) of each region so the test can check the pixels there.
    """
    img = Image.new("RGB", (960, 540), "white")
    d = ImageDraw.Draw(img)
    boxes = {}
    for key, text, y in (("name", "Patient: DOE, JOHN", 40), ("mrn", "MRN: 00482913", 140)):
        d.text((40, y), text, fill=TEXT_INK, font=_font(60))
        x0, y0, x1, y1 = d.textbbox((40, y), text, font=_font(60))
        boxes[key] = (x0, y0, x1 - x0, y1 - y0)
    d.ellipse([700, 250, 860, 430], fill=SKIN)
    boxes["face"] = (700, 250, 160, 180)
    d.rectangle([40, 330, 340, 490], fill=BLUE)
    boxes["blue"] = (40, 330, 300, 160)
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (40.0, 42.0, 46.0), 3: "W", 4: (74.0, 0.0, 21.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' \
          b'<rdf:Description about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>DOE JOHN' \
          b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
    if path.suffix.lower() == ".heic":  # as an iPhone would send it, metadata included
        import pillow_heif

        pillow_heif.register_heif_opener()
        img.save(path, "HEIF", quality=90, exif=exif.tobytes(), xmp=xmp)
    else:
        img.save(path, "JPEG", quality=95, exif=exif, xmp=xmp)
    return boxes


def _colour_blobs(pixels: np.ndarray, colour: tuple[int, int, int], tol: int, min_h: int,
                  grow: tuple[int, int] = (1, 1)) -> list[tuple[int, int, int, int]]:
    import cv2

    diff = np.abs(pixels.astype(np.int16) - np.array(colour, dtype=np.int16)).max(axis=2)
    mask = (diff <= tol).astype(np.uint8)
    if grow != (1, 1):
        mask = cv2.dilate(mask, np.ones(grow, np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    return [tuple(int(v) for v in stats[i, :4]) for i in range(1, n) if stats[i, 3] >= min_h]


def text_detector(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """Dark-ink lines; the top one is a name, the next an MRN (as the card is drawn)."""
    lines = sorted(_colour_blobs(photo.pixels, TEXT_INK, 22, 20, grow=(15, 41)), key=lambda b: b[1])
    kinds = [(Identifier.NAMES, "Patient name"), (Identifier.MRN, "Medical record number")]
    found = [Finding("text", ident, label, 0.95, "test-ink", polygon_from_box(*box), text=text)
             for box, (ident, label), text in zip(lines, kinds, ("DOE, JOHN", "00482913"), strict=False)]
    return StageResult(findings=found)


def face_detector(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """Skin-coloured disks, grown like a head box (a real detector's box is eyes-to-chin)."""
    found = []
    for x, y, w, h in _colour_blobs(photo.pixels, SKIN, 30, 40):
        head = (x - w // 5, y - h // 5, w + 2 * (w // 5), h + 2 * (h // 5))
        found.append(Finding("face", Identifier.FACE, "Face", 0.9, "test-skin", polygon_from_box(*head),
                             mask="ellipse", face=FaceGeometry(Rect(x, y, w, h))))
    return StageResult(findings=found)


def test_screener() -> Screener:
    detectors = {"metadata": metadata.detect, "faces": face_detector, "text": text_detector}
    return Screener(Policy(), detectors=detectors, classifier=lambda lines, policy: [])


test_screener.__test__ = False  # a factory, not a test


def test_test_detectors_find_the_card(tmp_path):
    """The stand-in detectors must find what the browser tests assume they find."""
    boxes = make_card(tmp_path / "card.jpg")
    (result,) = test_screener().screen_file(tmp_path / "card.jpg")
    by_label = {f.label: f for f in result.findings}
    assert {"Patient name", "Medical record number", "Face", "GPS location in file"} <= set(by_label)
    for key, label in (("name", "Patient name"), ("mrn", "Medical record number"), ("face", "Face")):
        x, y, w, h = boxes[key]
        fx, fy, fw, fh = by_label[label].bbox
        assert fx <= x + 8 and fy <= y + 8 and fx + fw >= x + w - 8 and fy + fh >= y + h - 8, key
    assert result.decision.verdict == "redact"


# ---------------------------------------------------------------------------------------------
# The server and the browser
# ---------------------------------------------------------------------------------------------


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoCallsOut:
    """Refuse, and record, any socket connection from this process to a non-loopback address."""

    LOCAL = ("127.0.0.1", "::1", "localhost")

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._orig = (socket.socket.connect, socket.socket.connect_ex)

    def _check(self, address) -> None:
        if isinstance(address, tuple) and address and address[0] not in self.LOCAL:
            self.attempts.append(str(address[0]))
            raise OSError("the test forbids connections off this machine")

    def __enter__(self) -> _NoCallsOut:
        connect, connect_ex = self._orig
        guard = self

        def guarded_connect(sock, address):
            guard._check(address)
            return connect(sock, address)

        def guarded_connect_ex(sock, address):
            guard._check(address)
            return connect_ex(sock, address)

        socket.socket.connect, socket.socket.connect_ex = guarded_connect, guarded_connect_ex
        return self

    def __exit__(self, *exc) -> None:
        socket.socket.connect, socket.socket.connect_ex = self._orig


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app in this process; the whole module runs with outgoing connections forbidden."""
    with _NoCallsOut() as calls:
        with pytest.raises(OSError):  # the guard itself works
            socket.create_connection(("192.0.2.1", 80), timeout=0.2)
        calls.attempts.clear()
        yield from _server(tmp_path_factory)
    assert calls.attempts == [], f"the server tried to reach: {calls.attempts}"


def _server(tmp_path_factory):
    base = tmp_path_factory.mktemp("ui")
    old_env = {k: os.environ.get(k) for k in ("GRADIO_TEMP_DIR",)}
    os.environ["GRADIO_TEMP_DIR"] = str(base / "gradio")
    records = _Records()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(records)
    root.setLevel(logging.INFO)  # what an operator running with INFO logs would see
    from imgscreen import ui

    demo = ui.build_app(Policy(), base / "decisions.jsonl", screener=test_screener())
    url = ui.start(demo, "127.0.0.1", _free_port())
    try:
        yield {"url": url, "demo": demo, "ctx": demo.imgscreen, "base": base, "records": records}
    finally:
        demo.close()
        demo.imgscreen.sessions.end_all()
        root.removeHandler(records)
        root.setLevel(old_level)
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def browser():
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


def _records(server) -> list[dict]:
    path = server["ctx"].decision_log.path
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


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


# ---------------------------------------------------------------------------------------------
# Server-side guards that the browser cannot reach (a disabled button can still be POSTed)
# ---------------------------------------------------------------------------------------------


def test_accept_is_refused_on_the_server_for_failed_or_unmasked_photos(tmp_path):
    from imgscreen.decision_log import DecisionLog
    from imgscreen.model import Decision, StageOutcome
    from imgscreen.ui import state
    from imgscreen.ui.review import record_decision

    ctx = state.AppContext(policy=Policy(), screener=None, decision_log=DecisionLog(tmp_path / "d.jsonl"),
                           sessions=state.Sessions(tmp_path))
    session = state.Session(workdir=tmp_path / "s")
    session.workdir.mkdir()
    failed = ScreenResult(photo=None, source=None, frame=0, findings=[], lines=[],
                          stages=[StageOutcome("load", False, 0.0, "not an image")],
                          decision=Decision("reject", ["could not read the photo"]))
    item = state.Item(number=1, name="x.jpg", sha256="0" * 64, result=failed)
    for verdict in ("accept", "redact"):
        assert record_decision(ctx, session, item, verdict, "Kim").startswith("Refused")
    assert not ctx.decision_log.path.exists()

    card = tmp_path / "c.jpg"
    make_card(card)
    (res,) = test_screener().screen_file(card)
    item = state.Item(number=2, name="c.jpg", sha256="1" * 64, result=res)
    assert record_decision(ctx, session, item, "accept", "Kim").startswith("Refused")
    item.dropped = set(item.pixel_indices())  # every finding a false alarm: now it may be posted as is
    assert "accepted" in record_decision(ctx, session, item, "accept", "Kim")
    assert [r["decision"] for r in ctx.decision_log.records()] == ["accept"]

    # The verify pass found PHI again after masking twice: neither Accept nor Redact, whatever the reviewer did.
    (res,) = test_screener().screen_file(card)
    res.verify = {"ran": True, "passes": 2, "persisted": 1}
    res.decision = Decision("reject", ["PHI still detected after masking twice (1 regions)"])
    item = state.Item(number=3, name="c.jpg", sha256="2" * 64, result=res)
    item.dropped = set(item.pixel_indices())
    for verdict in ("accept", "redact"):
        assert "cannot be trusted" in record_decision(ctx, session, item, verdict, "Kim")
    assert "rejected" in record_decision(ctx, session, item, "reject", "Kim")
    assert [r["decision"] for r in ctx.decision_log.records()] == ["accept", "reject"]


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


def test_login_is_required_and_names_the_reviewer(context, tmp_path):
    """With --auth, nothing is served before a login, and the record's "who" is the login name."""
    import urllib.error
    import urllib.request

    from imgscreen import ui

    demo = ui.build_app(Policy(), tmp_path / "d.jsonl", screener=test_screener(), work_root=tmp_path / "w")
    url = ui.start(demo, "127.0.0.1", _free_port(), auth=ui.parse_auth("kim:s3cret-pw"))
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


def test_idle_sessions_are_ended_and_their_files_deleted(tmp_path):
    from types import SimpleNamespace

    from imgscreen.ui.state import Sessions

    sessions = Sessions(tmp_path, idle_s=0.05)
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
