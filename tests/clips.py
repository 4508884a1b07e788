"""Small generated videos for the video tests, and colour stand-ins for the face and text detectors.

A clip is drawn frame by frame by a function of the frame index and encoded with PyAV (H.264 near
lossless, AAC audio, phone-style metadata: creation time and a GPS location), so a test knows where
every face and card is on every frame. The stand-in detectors find skin-coloured disks ("faces") and
blue panels ("PHI text"), and can be told to miss given frames, as a real detector does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from imgscreen.detect import FIRST_LOOK, StageResult, VerifyContext
from imgscreen.model import FaceGeometry, Finding, Identifier, Photo, Rect, TextLine, TextSource, Word, polygon_from_box
from imgscreen.policy import Policy

SKIN = (230, 180, 140)
BLUE = (30, 60, 220)
GREY = (120, 128, 120)


def make_clip(path: Path, draw: Callable[[int], np.ndarray], n: int, fps: int = 25, audio: bool = True,
              rotation: int = 0, metadata: bool = True, codec: str = "libx264", audio_codec: str = "aac") -> Path:
    """Encode `draw(i)` (upright RGB frames) for i < n; stored turned by `rotation` with that display tag.
    `codec` libx264, libx265 (HEVC, as iPhones record) or libvpx-vp9 (for .webm)."""
    fmt = {".mov": "mov", ".webm": "webm"}.get(path.suffix, "mp4")
    with av.open(str(path), "w", format=fmt) as out:
        first = draw(0)
        h, w = first.shape[:2]
        v = out.add_stream(codec, rate=fps)
        v.width, v.height = (h, w) if rotation in (90, 270) else (w, h)
        v.pix_fmt = "yuv420p"
        v.options = {"libx264": {"crf": "4", "preset": "ultrafast"},
                     "libx265": {"crf": "4", "preset": "ultrafast", "x265-params": "log-level=error"},
                     "libvpx-vp9": {"crf": "10", "b": "0", "deadline": "realtime", "cpu-used": "8"}}[codec]
        if codec == "libx265":
            v.codec_tag = "hvc1"
        if rotation:
            v.set_display_rotation(rotation)
        a = None
        if audio:
            a = out.add_stream(audio_codec, rate=48000)
            a.layout = "mono"
        if metadata:
            out.metadata["creation_time"] = "2026-03-01T10:20:30.000000Z"
            out.metadata["location"] = "+40.7128-074.0060/"
            out.metadata["com.apple.quicktime.make"] = "Apple"
        for i in range(n):
            pixels = draw(i)
            stored = np.ascontiguousarray(np.rot90(pixels, -(rotation // 90))) if rotation else pixels
            for p in v.encode(av.VideoFrame.from_ndarray(stored, format="rgb24")):
                out.mux(p)
        for p in v.encode():
            out.mux(p)
        if a is not None:
            samples = round(48000 * n / fps)
            t = np.arange(samples) / 48000
            tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
            step = a.codec_context.frame_size or 1024
            fmt_name = a.codec_context.format.name
            for k in range(0, samples, step):
                chunk = tone[k:k + step]
                if len(chunk) < step:
                    chunk = np.pad(chunk, (0, step - len(chunk)))
                if fmt_name == "s16":
                    frame = av.AudioFrame.from_ndarray((chunk * 32767).astype(np.int16).reshape(1, -1), format="s16",
                                                       layout="mono")
                else:
                    frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format=fmt_name, layout="mono")
                frame.sample_rate = 48000
                frame.pts = k
                frame.time_base = Fraction(1, 48000)
                for p in a.encode(frame):
                    out.mux(p)
            for p in a.encode():
                out.mux(p)
    return path


def scene(w: int, h: int, disks: Iterable[tuple[float, float, float]] = (),
          panels: Iterable[tuple[float, float, float, float]] = ()) -> np.ndarray:
    """A grey frame with skin disks (cx, cy, r) and blue panels (x, y, w, h) on it."""
    img = np.full((h, w, 3), GREY, np.uint8)
    img[::8, :] = (100, 108, 100)  # some texture for the optical flow
    img[:, ::8] = (100, 108, 100)
    for cx, cy, r in disks:
        cv2.circle(img, (round(cx), round(cy)), round(r), SKIN, -1)
    for x, y, pw, ph in panels:
        cv2.rectangle(img, (round(x), round(y)), (round(x + pw), round(y + ph)), BLUE, -1)
        for k in range(3):  # "letters": corners the flow can hold on to
            cv2.rectangle(img, (round(x + 4 + k * pw / 3), round(y + ph / 3)),
                          (round(x + k * pw / 3 + pw / 5), round(y + 2 * ph / 3)), (240, 240, 240), -1)
    return img


def blobs(pixels: np.ndarray, colour: tuple[int, int, int], tol: int = 40, min_px: int = 30
          ) -> list[tuple[int, int, int, int]]:
    m = (np.abs(pixels.astype(np.int16) - np.array(colour, np.int16)).max(axis=2) < tol).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(m)
    return [tuple(int(v) for v in stats[k, :4]) for k in range(1, n) if stats[k, 4] >= min_px]


class SkinFaces:
    """Face stand-in: every skin disk is a face (the disk's box as the eyes-to-chin box), except on `miss`
    frames. `always`: a fixed face found on every frame whatever the pixels (a detector that keeps firing)."""

    def __init__(self, miss: Iterable[int] = (), always: tuple[int, int, int, int] | None = None) -> None:
        self.miss, self.always, self.calls = set(miss), always, []

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        self.calls.append(photo.frame)
        boxes = [] if photo.frame in self.miss else blobs(photo.pixels, SKIN)
        if self.always:
            boxes.append(self.always)
        return StageResult(findings=[Finding("face", Identifier.FACE, "Face", 0.9, "skin", polygon_from_box(*b),
                                             mask="ellipse", face=FaceGeometry(Rect(*b))) for b in boxes])


class BluePanels:
    """OCR stand-in: each blue panel is one line reading an MRN (classified by `mrn_classifier`)."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        self.calls.append(photo.frame)
        lines = []
        for x, y, w, h in blobs(photo.pixels, BLUE, min_px=60):
            poly = polygon_from_box(x, y, w, h)
            lines.append(TextLine("MRN 00482913", poly, 0.95, (Word("MRN 00482913", poly, 0.95, 0, 12),)))
        return StageResult(lines=lines)


def mrn_classifier(lines: list[TextLine], policy: Policy) -> list[Finding]:
    return [Finding("text", Identifier.MRN, "Medical record number", 0.95, "fake", ln.polygon, text=ln.text,
                    source=TextSource(line=k)) for k, ln in enumerate(lines)]


class Boom:
    def __init__(self, on_frame: int = 0) -> None:
        self.on_frame = on_frame

    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext = FIRST_LOOK) -> StageResult:
        if photo.frame >= self.on_frame:
            raise RuntimeError("detector exploded on PATIENT Jane Doe")
        return StageResult()


def read_frames(path: Path) -> list[np.ndarray]:
    """Decoded frames as displayed (rotation tag applied)."""
    out = []
    with av.open(str(path)) as c:
        for f in c.decode(video=0):
            px = f.to_ndarray(format="rgb24")
            out.append(np.ascontiguousarray(np.rot90(px, (f.rotation or 0) // 90)) if f.rotation else px)
    return out


def audio_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as c:
        if not c.streams.audio:
            return []
        return [bytes(p) for p in c.demux(c.streams.audio[0]) if p.size]
