"""What the UI tests share: a wristband-like card whose PHI positions are known, stand-in detectors
that find exactly that, and the app served in this process (`serve_in_process`, used by the `server`
fixture in conftest.py) with outgoing connections refused and every log record kept.

The stand-in screener uses the real metadata detector and the real masking and writing code; the
face and text detectors are small colour detectors, so the tests know exactly where the PHI is, run
in milliseconds, and do not depend on OCR model quality (that is the pipeline's tests' job).
"""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from imgscreen import metadata
from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext
from imgscreen.model import FaceGeometry, Finding, Identifier, Photo, Rect, polygon_from_box
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy

CHROMIUM = "/usr/bin/chromium"
TEXT_INK = (60, 60, 60)  # not the masks' pure black, so a masked line is not found again
SKIN = (201, 150, 120)
BLUE = (30, 90, 200)
FILE_NAME = "DOE_JOHN_wristband.jpg"
PHI_STRINGS = ("DOE", "JOHN", "00482913", "40.7", "74.0")


def font(size: int) -> ImageFont.ImageFont:
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
        d.text((40, y), text, fill=TEXT_INK, font=font(60))
        x0, y0, x1, y1 = d.textbbox((40, y), text, font=font(60))
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


def stand_in_screener() -> Screener:
    """The pipeline with the card's stand-in face and text detectors and the real metadata stage."""
    detectors = {"metadata": metadata.detect, "faces": face_detector, "text": text_detector}
    return Screener(Policy(), detectors=detectors, classifier=lambda lines, policy: [])


class LogRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.name}: {record.getMessage()}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoCallsOut:
    """Refuse, and record, any socket connection from this process to a non-loopback address."""

    LOCAL = ("127.0.0.1", "::1", "localhost")

    def __init__(self) -> None:
        self.attempts: list[str] = []
        self._orig = (socket.socket.connect, socket.socket.connect_ex)

    def _check(self, address) -> None:
        if isinstance(address, tuple) and address and address[0] not in self.LOCAL:
            self.attempts.append(str(address[0]))
            raise OSError("the test forbids connections off this machine")

    def __enter__(self) -> NoCallsOut:
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


def serve_in_process(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """The app on a free 127.0.0.1 port in this process, with the stand-in screener, logging at INFO into
    a `LogRecords` (what an operator would see). Yields url, demo, ctx, base folder and records."""
    base = tmp_path_factory.mktemp("ui")
    old_env = {k: os.environ.get(k) for k in ("GRADIO_TEMP_DIR",)}
    os.environ["GRADIO_TEMP_DIR"] = str(base / "gradio")
    records = LogRecords()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(records)
    root.setLevel(logging.INFO)  # what an operator running with INFO logs would see
    from imgscreen import ui

    demo = ui.build_app(Policy(), base / "decisions.jsonl", screener=stand_in_screener())
    url = ui.start(demo, "127.0.0.1", free_port())
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


def decision_records(server: dict[str, Any]) -> list[dict]:
    """Every line of the served app's decision record so far."""
    path = server["ctx"].decision_log.path
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
