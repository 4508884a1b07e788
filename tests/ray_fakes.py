"""Fast stand-ins for the scan workers, importable by Ray worker processes (tests/ is on their PYTHONPATH).

`fake_init` builds the CLI's per-worker `Screener` with the real metadata detector, a colour "face"
detector that sleeps a little (so a worker can be killed mid-photo), and no OCR; `imgscreen.cli`'s real
`_screen_one` then writes the safe copies and records as in any scan. Each screened photo is noted in
$IMGSCREEN_TEST_LOG (path and pid), so a test can tell which process screened what, and kill one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from imgscreen.detect import StageResult
from imgscreen.model import Finding, Identifier, Photo, polygon_from_box
from imgscreen.policy import Policy

LOG_ENV = "IMGSCREEN_TEST_LOG"
DELAY_ENV = "IMGSCREEN_TEST_DELAY"
RED = (220, 30, 30)


def red_faces(photo: Photo, policy: Policy) -> StageResult:
    """A 'face' wherever the photo is pure-ish red; notes the photo in the log and takes its time."""
    log = os.environ.get(LOG_ENV)
    if log and photo.source is not None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{photo.source}\t{os.getpid()}\n")
    time.sleep(float(os.environ.get(DELAY_ENV, "0")))
    name = Path(str(photo.source or "")).name
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("crash"):
        os._exit(3)
    diff = np.abs(photo.pixels.astype(np.int16) - np.array(RED, np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff < 30)
    if len(xs) == 0:
        return StageResult()
    x, y = int(xs.min()), int(ys.min())
    box = (x, y, int(xs.max()) - x + 1, int(ys.max()) - y + 1)
    return StageResult(findings=[Finding("face", Identifier.FACE, "Face", 0.9, "fake-red", polygon_from_box(*box),
                                         mask="ellipse", extra={"face_box": list(box)})])


def fake_init(policy: Policy) -> None:
    import logging

    from imgscreen import cli, metadata
    from imgscreen.pipeline import Screener

    logging.getLogger().setLevel(logging.WARNING)
    cli._SCREENER = Screener(policy.replace("output", verify=False),
                             detectors={"metadata": metadata.detect, "faces": red_faces},
                             classifier=lambda lines, policy: [])


def make_photos(folder: Path, n: int, w: int = 160, h: int = 120) -> list[Path]:
    """`n` small JPEGs: every third has a red 'face', the rest are clean; GPS in every file's EXIF."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        img = Image.new("RGB", (w, h), (40 + (i * 37) % 160, 120, 90 + (i * 53) % 120))
        if i % 3 == 0:
            ImageDraw.Draw(img).ellipse([w // 3, h // 4, w // 3 + 40, h // 4 + 50], fill=RED)
        exif = Image.Exif()
        exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 42.0, 46.0)})
        path = folder / f"p{i:03d}.jpg"
        img.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths
