"""The review UI under load: several people upload at once, and each gets their own result.

Four browser contexts (four reviewers, four sessions) upload four different photos at the same
time, decide, and download. The photos differ in size, in the number of faces and in a colour
patch no detector touches, so any cross-talk (a result, preview, safe copy or log record of one
session showing up in another) is visible. Twenty plain HTTP requests run alongside. Everything
is bounded: loopback only, a fixed number of clients, and a time limit for the whole run.

The server (the `server` fixture, its own instance for this module) and the stand-in detectors come
from conftest.py and uikit.py, as for the browser tests.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from uikit import CHROMIUM, SKIN, TEXT_INK, decision_records, font

PHOTOS = {  # name: (size, faces, colour of an untouched patch)
    "A": ((800, 500), 1, (200, 40, 40)),
    "B": ((880, 540), 2, (40, 160, 40)),
    "C": ((960, 600), 3, (40, 40, 200)),
    "D": ((1040, 640), 4, (200, 160, 0)),
}
WALL_LIMIT_S = 120  # the whole concurrent run; a hang fails the test instead of stalling CI
TIMEOUT_MS = 30_000

if not Path(CHROMIUM).exists():
    pytest.skip(f"needs {CHROMIUM} (apt install chromium)", allow_module_level=True)


def make_photo(path: Path, size: tuple[int, int], faces: int, patch: tuple[int, int, int]) -> None:
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    d.text((30, 30), "Patient: DOE, JOHN", fill=TEXT_INK, font=font(48))
    for i in range(faces):
        x = 40 + i * 180
        d.ellipse([x, 200, x + 120, 335], fill=SKIN)
    d.rectangle([size[0] - 150, size[1] - 110, size[0] - 30, size[1] - 30], fill=patch)
    img.save(path, "JPEG", quality=95)


async def _review(browser, url: str, name: str, photo: Path, out: Path) -> dict:
    """One reviewer's whole visit: upload, check the findings, redact, download."""
    from playwright.async_api import expect

    ctx = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    try:
        page = await ctx.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        await page.goto(url)
        await page.locator("#imgs-reviewer input, #imgs-reviewer textarea").first.fill(f"Reviewer {name}")
        await page.locator("#imgs-files input[type=file]").set_input_files(str(photo))
        table = page.locator("#imgs-table")
        await expect(table).to_contain_text("Patient name", timeout=TIMEOUT_MS)
        faces = PHOTOS[name][1]
        # One consent tick box per face found: this photo's count, not another session's.
        await expect(page.locator("#imgs-consent input[type=checkbox]")).to_have_count(faces, timeout=TIMEOUT_MS)
        await expect(page.locator("#imgs-picker")).to_contain_text(photo.name)
        await page.locator("#imgs-redact").click()
        await expect(page.locator("#imgs-status")).to_contain_text("redacted and recorded", timeout=TIMEOUT_MS)
        async with page.expect_download() as info:
            await page.locator("#imgs-download").click()
        dl = await info.value
        await dl.save_as(out)
        picker = await page.locator("#imgs-picker").inner_text()
        return {"picker": picker, "safe": out}
    finally:
        await ctx.close()


async def _all_reviews(url: str, photos: dict[str, Path], out: Path) -> dict[str, dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            jobs = [_review(browser, url, n, photos[n], out / f"{n}-safe.jpg") for n in photos]
            results = await asyncio.wait_for(asyncio.gather(*jobs), timeout=WALL_LIMIT_S)
        finally:
            await browser.close()
    return dict(zip(photos, results, strict=True))


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as r:
        r.read()
        return r.status


def test_concurrent_reviewers_each_get_their_own_result(server, tmp_path):
    photos = {}
    for name, (size, faces, patch) in PHOTOS.items():
        photos[name] = tmp_path / f"{name}.jpg"
        make_photo(photos[name], size, faces, patch)
    before = len(decision_records(server))

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:  # plain page loads alongside the four reviewers
        gets = [pool.submit(_get, server["url"]) for _ in range(20)]
        results = asyncio.run(_all_reviews(server["url"], photos, tmp_path))
        statuses = [g.result(timeout=60) for g in gets]
    elapsed = time.monotonic() - t0
    assert statuses == [200] * 20
    assert elapsed < WALL_LIMIT_S

    new = decision_records(server)[before:]
    assert len(new) == 4
    by_file = {r["file_sha256"]: r for r in new}
    assert len(by_file) == 4 and len({r["safe_sha256"] for r in new}) == 4
    for name, (size, faces, patch) in PHOTOS.items():
        res = results[name]
        # The page lists only this reviewer's photo.
        assert photos[name].name in res["picker"]
        assert all(f"{o}.jpg" not in res["picker"] for o in PHOTOS if o != name)
        # The safe copy is this photo, masked: its size, its patch untouched, no skin left.
        safe = res["safe"].read_bytes()
        out = np.asarray(Image.open(res["safe"]).convert("RGB")).astype(int)
        assert (out.shape[1], out.shape[0]) == size
        w, h = size
        assert np.abs(out[h - 100:h - 40, w - 140:w - 40] - np.array(patch)).max() < 30
        skin = (np.abs(out - np.array(SKIN)).max(axis=2) < 20).mean()
        assert skin < 0.001, f"{name}: faces left unmasked"
        # Its decision record: this file, this safe copy, this reviewer, this many faces.
        rec = by_file[hashlib.sha256(photos[name].read_bytes()).hexdigest()]
        assert rec["safe_sha256"] == hashlib.sha256(safe).hexdigest()
        assert rec["reviewer"] == f"Reviewer {name}"
        assert rec["findings"]["17 full-face photographs"] == faces
        assert (rec["tool_verdict"], rec["decision"]) == ("redact", "redact")
    # Four sessions were open at once and none saw another's items.
    for session in server["ctx"].sessions._by_hash.values():
        assert len({it.name for it in session.items}) <= 1

