"""Fast stand-ins for the scan workers, importable by local and Ray worker processes (tests/ is on their path).

`fake_init` builds the CLI's per-worker `Screener` with the real metadata detector, a colour "face"
detector that can take its time (so a worker can be killed mid-photo) and a colour "text" detector that
reports a patient's name and MRN (`PHI`), in place of the models; `imgscreen.cli`'s real `_screen_one`
then writes the safe copies and records as in any scan. Each screened photo is noted in
$IMGSCREEN_TEST_LOG (path and pid), so a test can tell which process screened what, and kill one.

Photos named `hang*` never finish, `crash*` kill their worker, `capped*` hit the text stage's cap (a
reject that was screened).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext
from imgscreen.model import FaceGeometry, Finding, Identifier, Photo, Rect, polygon_from_box
from imgscreen.policy import Policy

LOG_ENV = "IMGSCREEN_TEST_LOG"
DELAY_ENV = "IMGSCREEN_TEST_DELAY"
RED = (220, 30, 30)
INK = (20, 20, 110)
PHI = ("DOE, JOHNATHAN", "MRN 00482913")


def red_faces(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
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
                                         mask="ellipse", face=FaceGeometry(Rect(*box)))])


def ink_text(photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
    """A name and an MRN wherever the photo has dark-blue ink (as `make_photos` draws them)."""
    name = Path(str(photo.source or "")).name
    diff = np.abs(photo.pixels.astype(np.int16) - np.array(INK, np.int16)).max(axis=2)
    ys, xs = np.nonzero(diff < 40)
    found = []
    if len(xs):
        x, y = int(xs.min()), int(ys.min())
        w, h = int(xs.max()) - x + 1, int(ys.max()) - y + 1
        found = [Finding("text", Identifier.NAMES, "Patient name", 0.95, "fake-ink",
                         polygon_from_box(x, y, w, h // 2), text=PHI[0]),
                 Finding("text", Identifier.MRN, "Medical record number", 0.95, "fake-ink",
                         polygon_from_box(x, y + h // 2, w, h - h // 2), text=PHI[1])]
    return StageResult(findings=found, truncated=name.startswith("capped"),
                       notes=["too many text regions"] if name.startswith("capped") else [])


def no_phi(lines, policy):
    return []


def fake_init(policy: Policy) -> None:
    import logging

    from imgscreen import cli, metadata
    from imgscreen.pipeline import Screener

    logging.getLogger().setLevel(logging.WARNING)
    cli._SCREENER = Screener(policy.replace("output", verify=False),
                             detectors={"metadata": metadata.detect, "faces": red_faces, "text": ink_text},
                             classifier=no_phi)


def failing_init(policy: Policy) -> None:
    """A worker that cannot start (as when a node lacks the model files)."""
    raise RuntimeError("no model files on this node")


def make_photos(folder: Path, n: int, w: int = 160, h: int = 120, prefix: str = "p") -> list[Path]:
    """`n` small JPEGs: every third has a red 'face', every fourth the patient's name and MRN in ink; the
    patient's name in every file's EXIF (Artist) and GPS."""
    from PIL import Image, ImageDraw, ImageFont

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        img = Image.new("RGB", (w, h), (40 + (i * 37) % 160, 140, 90 + (i * 53) % 120))
        draw = ImageDraw.Draw(img)
        if i % 3 == 0:
            draw.ellipse([w // 3, h // 4, w // 3 + w // 4, h // 4 + h // 3], fill=RED)
        if i % 4 == 1:
            font = ImageFont.load_default(max(10, h // 10))
            draw.text((w // 20, h // 2), PHI[0], fill=INK, font=font)
            draw.text((w // 20, h // 2 + h // 8), PHI[1], fill=INK, font=font)
        exif = Image.Exif()
        exif[0x013B] = PHI[0]
        exif.get_ifd(0x8825).update({1: "N", 2: (40.0, 42.0, 46.0)})
        path = folder / f"{prefix}{i:03d}.jpg"
        img.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths
