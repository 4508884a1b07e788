"""Fake detectors for pipeline tests: they return what a test tells them to, or raise on demand."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image

from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext
from imgscreen.model import (
    FaceGeometry,
    Finding,
    Identifier,
    Photo,
    Rect,
    TextLine,
    TextSource,
    Word,
    polygon_from_box,
)
from imgscreen.policy import Policy


def face(x: int, y: int, w: int, h: int, score: float = 0.9, rotation: int = 0) -> Finding:
    return Finding("face", Identifier.FACE, "Face", score, "fake", polygon_from_box(x, y, w, h), mask="ellipse",
                   face=FaceGeometry(Rect(x, y, w, h), rotation=rotation))


def text_finding(x: int, y: int, w: int, h: int, ident: Identifier = Identifier.MRN, line: int = 0) -> Finding:
    return Finding("text", ident, "Medical record number", 0.9, "fake", polygon_from_box(x, y, w, h),
                   text="00482913", source=TextSource(line))


def line(text: str, x: int, y: int, w: int, h: int) -> TextLine:
    poly = polygon_from_box(x, y, w, h)
    return TextLine(text, poly, 0.95, (Word(text, poly, 0.95, 0, len(text)),))


class Fixed:
    """A detector that returns the same findings (and lines) for every photo, counting its calls."""

    def __init__(self, findings=(), lines=(), truncated=False, only_first_call=False):
        self.findings, self.lines, self.truncated = list(findings), list(lines), truncated
        self.only_first_call = only_first_call
        self.calls = 0

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        self.calls += 1
        if self.only_first_call and self.calls > 1:
            return StageResult()
        return StageResult(findings=list(self.findings), lines=list(self.lines), truncated=self.truncated,
                           notes=["capped"] if self.truncated else [])


class Boom:
    def __init__(self, exc: Exception):
        self.exc = exc

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        raise self.exc


def no_phi(lines, policy):
    return []


def jpeg_bytes(w: int = 64, h: int = 48, colour=(200, 120, 40), exif: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    img = Image.new("RGB", (w, h), colour)
    kwargs = {"exif": exif} if exif else {}
    img.save(buf, "JPEG", quality=90, **kwargs)
    return buf.getvalue()


def write_jpeg(path: Path, w: int = 64, h: int = 48, **kw) -> Path:
    path.write_bytes(jpeg_bytes(w, h, **kw))
    return path


def gradient(w: int = 80, h: int = 60) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([x * 3 % 256, y * 4 % 256, (x + y) % 256], axis=-1).astype(np.uint8)
