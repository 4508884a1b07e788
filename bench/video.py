"""Video benchmark (issue 19): per-frame face and PHI-text coverage and speed, imgscreen beside deface.

Clips are generated scenes with exact truth on every frame: real faces cut from `../shared/photos/`
(the reference boxes in `faces_reference.json`) moving over a real background (a `clean_*` photo,
slowly panning like a hand-held camera), and PHI cards drawn by `bench.synth` (wristbands, charts,
monitors with light-on-dark text). What happens in them is what goes wrong in event videos:

- `walk`: faces that cross the frame, leave it and come back, shrink from ~90 px to 20 px as a person
  walks away, turn their head (squeezed sideways to 40% and tilted), a 24-30 px face moving fast, and
  a pillar passing in front of a face (occluded frames are not counted as visible).
- `cards`: a wristband card panning through the frame, a chart drifting and turning, a monitor
  sliding in from the bottom, with two faces.
Each clip is rendered at 720p and 1080p, 30 fps, with an AAC audio track.

Truth: a face is *visible* on a frame when at least half of its box is in view (inside the frame, not
behind the pillar); a PHI span (the value, not its label) likewise. Scored on the decoded output of
each tool against the rendered frame:
- a face is *covered* when the output's face box has lost the original's detail: the normalised
  correlation of the two boxes' band-pass images (difference of Gaussians at the scale of facial
  features, boxes resized to 48 px) is below `COVERED_DETAIL`. A face that was only re-encoded keeps
  ~0.8-0.95; deface's blur and imgscreen's fill leave < 0.2. (SSIM, the first criterion tried, counted
  deface's blur over a face with large flat areas, hair in profile, as uncovered: SSIM 0.6; it is
  still computed, `*_ssim` in the results, for comparison.)
- a PHI span is *covered* when >= 85% of its box is the solid fill (deface does not look at text).
Reported per tool: the share of visible face-frames covered (faces >= 24 px, and all), the longest
run of consecutive visible-but-uncovered frames for any face (>= 24 px), text PHI frames covered, and
frames per second end to end (decode, detect, mask, encode; for imgscreen also OCR, the verify pass
and the audio copy), with the load average before and after each run. Runs alternate between the
tools clip by clip; every tool's models are loaded before the first run is timed (`_warm`).
deface runs in this process through its own `video_detect` (its CLI's code path,
model loaded once, onnxruntime backend); deface 1.5.0 has no tracker, so it is run at full
resolution (its default) and at the network size imgscreen uses (`--scale`).

Usage: `python -m bench.video [--quick] [--sizes 720,1080] [--clips walk,cards] [--variants "face_every=1;"]`
(each variant is a set of `[video]` policy values; the empty one is the defaults; `--cache DIR` and
`--results FILE` let two runs go side by side without sharing clip files). Each imgscreen row also
gives its CPU ms per frame by phase (analysis, writing, verify).
Results: `bench/results/video.json`. Without `../shared/photos/` the face scenes are skipped and the
card scene runs on a generated background.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
from PIL import Image, ImageFont

from bench import synth

ROOT = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("IMGSCREEN_SHARED", ROOT.parents[1] / "shared")) / "photos"
CACHE = ROOT / "cache" / "video"
RESULTS = ROOT / "results" / "video.json"
FPS = 30
COVERED_DETAIL = 0.35
COVERED_SSIM = 0.5
TEXT_FILLED = 0.85
VISIBLE = 0.5
MIN_FACE = 24

# Faces to cut out: (photo, index of the reference box); large, sharp, mostly frontal or three-quarter.
FACE_SOURCES = [("faces_clinicians_stock_4.jpg", 0), ("faces_poker_table_6.jpg", 1),
                ("faces_family_studio_5.jpg", 2), ("faces_two_portrait.jpg", 0), ("faces_dental_staff_10.jpg", 3),
                ("faces_bench_group_9.jpg", 4), ("mixed_train_interior_profile.jpg", 0),
                ("faces_profile_3quarter.png", 0)]


# ------------------------------------------------------------------------------------------- scene

@dataclass
class Face:
    patch: np.ndarray  # RGB crop around the face
    box: tuple[float, float, float, float]  # face box in the patch
    path: Callable[[float], tuple[float, float, float, float, float]]  # t -> cx, cy, face px, squash, roll


@dataclass
class Card:
    image: np.ndarray
    spans: list[tuple[float, float, float, float]]  # PHI value boxes in card pixels (x0, y0, x1, y1)
    path: Callable[[float], tuple[float, float, float, float]]  # t -> cx, cy, angle, scale


@dataclass
class Scene:
    name: str
    seconds: float
    background: np.ndarray  # wider than the frame: the camera pans across it
    faces: list[Face] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    pillar: Callable[[float], float | None] | None = None  # t -> pillar's left edge (relative), or None


def _load(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def _face_patches() -> list[tuple[np.ndarray, tuple[float, float, float, float]]]:
    ref_file = SHARED / "faces_reference.json"
    if not ref_file.exists():
        return []
    ref = json.loads(ref_file.read_text())["faces"]
    out = []
    for name, k in FACE_SOURCES:
        if name not in ref or not (SHARED / name).exists():
            continue
        img = _load(SHARED / name)
        x, y, w, h = sorted(ref[name], key=lambda b: -b[3])[k] if k < len(ref[name]) else ref[name][0]
        m = 0.45 * max(w, h)
        x0, y0 = max(0, int(x - m)), max(0, int(y - m))
        x1, y1 = min(img.shape[1], int(x + w + m)), min(img.shape[0], int(y + h + m))
        out.append((np.ascontiguousarray(img[y0:y1, x0:x1]), (x - x0, y - y0, w, h)))
    return out


def _background(size: tuple[int, int], seconds: float) -> np.ndarray:
    w, h = size
    pan = int(0.02 * w * seconds) + 2
    files = [SHARED / "clean_bedroom_interior.jpg", SHARED / "clean_red_barn.jpg"]
    files = [f for f in files if f.exists()]
    if files:
        img = _load(files[0])
        scale = max((w + pan) / img.shape[1], h / img.shape[0])
        img = cv2.resize(img, (math.ceil(img.shape[1] * scale), math.ceil(img.shape[0] * scale)),
                         interpolation=cv2.INTER_AREA)
        return np.ascontiguousarray(img[:h, : w + pan])
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:h, 0 : w + pan]
    base = np.stack([90 + 60 * np.sin(xx / 97.0), 110 + 40 * np.cos(yy / 61.0),
                     120 + 30 * np.sin((xx + yy) / 45.0)], -1)
    return np.clip(base + rng.normal(0, 8, base.shape), 0, 255).astype(np.uint8)


def _lerp(keys: list[tuple[float, ...]]) -> Callable[[float], tuple[float, ...]]:
    """Piecewise-linear path through (t, values...) keys."""
    ts = [k[0] for k in keys]

    def at(t: float) -> tuple[float, ...]:
        return tuple(float(np.interp(t, ts, [k[i] for k in keys])) for i in range(1, len(keys[0])))

    return at


def _card(kind: str, seed: int, text_px: float) -> tuple[np.ndarray, list[tuple[float, float, float, float]]]:
    rng = np.random.default_rng(seed)
    spec = synth.KINDS[kind](rng, synth.Person.make(rng))
    font_name = "DejaVuSans-Bold"
    card = synth._render_card(spec, text_px, font_name, rng)
    fpath = synth._font_path(font_name)
    spans = []
    for ln, size in zip(card.lines, spec.sizes, strict=True):
        font = ImageFont.truetype(str(fpath), max(6, int(round(text_px * size * 1.4))))
        x0, y0, _, y1 = ln["box"]
        left = x0 - font.getbbox(ln["text"], anchor="ls")[0]
        for s in synth._spans(ln["parts"]):
            a = left + font.getlength(ln["text"][: s["start"]])
            b = left + font.getlength(ln["text"][: s["end"]])
            spans.append((a, y0, b, y1))
    return card.image, spans


def scenes(size: tuple[int, int], quick: bool) -> list[Scene]:
    w, h = size
    u = h / 720  # sizes are given for 720p
    secs = 5.0 if quick else 10.0
    s = secs / 10.0  # key times are given for a 10 s clip
    patches = _face_patches()
    out = []
    if patches:
        p = patches
        faces = [
            # crosses left to right, leaves the frame, comes back right to left
            Face(*p[0], _lerp([(0, -0.05 * w, 0.3 * h, 70 * u, 1, 0), (4 * s, 1.08 * w, 0.32 * h, 70 * u, 1, 0),
                               (5.5 * s, 1.08 * w, 0.32 * h, 70 * u, 1, 0), (10 * s, 0.2 * w, 0.3 * h, 64 * u, 1, 0)])),
            # walks away: 90 px to 20 px
            Face(*p[1], _lerp([(0, 0.75 * w, 0.55 * h, 90 * u, 1, 0), (10 * s, 0.55 * w, 0.42 * h, 20 * u, 1, 0)])),
            # turns the head (squeezed to 40%) and tilts
            Face(*p[2], _lerp([(0, 0.45 * w, 0.7 * h, 56 * u, 1, 0), (3 * s, 0.47 * w, 0.7 * h, 56 * u, 0.4, 15),
                               (6 * s, 0.45 * w, 0.7 * h, 56 * u, 1, -15),
                               (10 * s, 0.43 * w, 0.72 * h, 58 * u, 0.5, 0)])),
            # small and fast: 24-30 px, diagonal
            Face(*p[3], _lerp([(0, 0.1 * w, 0.9 * h, 26 * u, 1, 0), (10 * s, 0.9 * w, 0.12 * h, 30 * u, 1, 0)])),
            # stands still while a pillar passes in front
            Face(*p[4], _lerp([(0, 0.25 * w, 0.62 * h, 44 * u, 1, 0), (10 * s, 0.27 * w, 0.6 * h, 44 * u, 1, 0)])),
        ]
        pillar = _lerp([(0, -0.1), (10 * s, 0.5)])
        out.append(Scene("walk", secs, _background(size, secs), faces, [], lambda t, f=pillar: f(t)[0]))
    cards = []
    # A wristband panning through the top, a chart drifting and turning at the right, a monitor sliding
    # up from the bottom left; text 12-14 px tall at 720p.
    img, spans = _card("wristband", 11, 14 * u)
    cards.append(Card(img, spans, _lerp([(0, -0.3 * w, 0.15 * h, 0, 1), (10 * s, 1.3 * w, 0.17 * h, 0, 1)])))
    img, spans = _card("chart", 12, 12 * u)
    cards.append(Card(img, spans, _lerp([(0, 0.76 * w, 0.64 * h, -8, 1), (5 * s, 0.78 * w, 0.6 * h, 8, 1.1),
                                         (10 * s, 0.8 * w, 0.62 * h, -4, 1)])))
    img, spans = _card("screen", 13, 13 * u)
    cards.append(Card(img, spans, _lerp([(0, 0.22 * w, 1.4 * h, 0, 1), (4 * s, 0.22 * w, 0.74 * h, 0, 1),
                                         (10 * s, 0.22 * w, 0.72 * h, 0, 1)])))
    faces = []
    if patches:
        faces = [Face(*patches[5 % len(patches)], _lerp([(0, 0.42 * w, 0.38 * h, 60 * u, 1, 0),
                                                         (10 * s, 0.47 * w, 0.4 * h, 60 * u, 1, 0)])),
                 Face(*patches[6 % len(patches)], _lerp([(0, 0.58 * w, 0.36 * h, 40 * u, 1, 0),
                                                         (10 * s, 0.55 * w, 0.38 * h, 46 * u, 1, 0)]))]
    out.append(Scene("cards", secs, _background(size, secs), faces, cards, None))
    return out


def _paste(frame: np.ndarray, ids: np.ndarray, ident: int, img: np.ndarray, m: np.ndarray) -> None:
    """Warp `img` into the frame; `ids` records which object each pixel shows (for visibility)."""
    h, w = frame.shape[:2]
    warped = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_AREA if m[0, 0] < 1 else cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT)
    alpha = cv2.warpAffine(np.full(img.shape[:2], 255, np.uint8), m, (w, h), borderMode=cv2.BORDER_CONSTANT)
    sel = alpha > 127
    frame[sel] = warped[sel]
    ids[sel] = ident


def _box_after(m: np.ndarray, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32).reshape(-1, 1, 2)
    q = cv2.transform(pts, m).reshape(-1, 2)
    return float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())


def _visible(box: tuple[float, float, float, float], ids: np.ndarray, ident: int) -> float:
    """Share of the box that shows object `ident` (not outside the frame, not behind something else)."""
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    area = max(1, (x1 - x0) * (y1 - y0))
    h, w = ids.shape
    # Clamped to the frame on both ends: a box wholly left of the frame has x1 < 0, and a negative
    # slice end would count from the right edge.
    patch = ids[min(h, max(0, y0)) : min(h, max(0, y1)), min(w, max(0, x0)) : min(w, max(0, x1))]
    return float(np.count_nonzero(patch == ident)) / area


def render(sc: Scene, size: tuple[int, int], i: int) -> tuple[np.ndarray, dict]:
    """Frame `i` of the scene and its truth: faces [(box, height, visible)], spans [(box, visible)]."""
    w, h = size
    t = i / FPS
    pan = int(round(0.02 * w * t))
    frame = np.ascontiguousarray(sc.background[:, pan : pan + w]).copy()
    ids = np.zeros((h, w), np.uint16)
    truth: dict = {"faces": [], "spans": []}
    spans, faces = [], []
    for k, c in enumerate(sc.cards, 1):
        cx, cy, angle, scale = c.path(t)
        ch, cw = c.image.shape[:2]
        m = cv2.getRotationMatrix2D((cw / 2, ch / 2), angle, scale)
        m[:, 2] += (cx - cw / 2, cy - ch / 2)
        _paste(frame, ids, k, c.image, m)
        spans += [(_box_after(m, b), k) for b in c.spans]
    for k, f in enumerate(sc.faces, 100):
        cx, cy, px, squash, roll = f.path(t)
        bx, by, bw, bh = f.box
        s = px / bh
        m = cv2.getRotationMatrix2D((bx + bw / 2, by + bh / 2), roll, 1.0)
        m = np.array([[s * squash, 0, 0], [0, s, 0]], np.float64) @ np.vstack([m, [0, 0, 1]])
        m[:, 2] += (cx, cy) - (m[:, :2] @ np.array([bx + bw / 2, by + bh / 2]))
        _paste(frame, ids, k, f.patch, m)
        faces.append((_box_after(m, (bx, by, bx + bw, by + bh)), px, k))
    if sc.pillar is not None:
        left = sc.pillar(t) * w
        x0, x1 = int(max(0, left)), int(min(w, left + 0.08 * w))
        if x1 > x0:
            frame[:, x0:x1] = (70, 62, 58)
            ids[:, x0:x1] = 0xFFFF
    truth["faces"] = [(b, px, _visible(b, ids, k)) for b, px, k in faces]
    truth["spans"] = [(b, _visible(b, ids, k)) for b, k in spans]
    return frame, truth


def encode(sc: Scene, size: tuple[int, int], path: Path) -> int:
    """Write the clip (H.264 crf 16, AAC tone); return the frame count."""
    n = round(sc.seconds * FPS)
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w") as out:
        v = out.add_stream("libx264", rate=FPS)
        v.width, v.height = size
        v.pix_fmt = "yuv420p"
        v.options = {"crf": "16", "preset": "veryfast"}
        a = out.add_stream("aac", rate=48000)
        a.layout = "mono"
        out.metadata["creation_time"] = "2026-03-01T10:20:30.000000Z"
        out.metadata["location"] = "+40.7128-074.0060/"
        for i in range(n):
            frame, _ = render(sc, size, i)
            for p in v.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                out.mux(p)
        for p in v.encode():
            out.mux(p)
        samples = round(48000 * n / FPS)
        tone = (0.2 * np.sin(2 * np.pi * 440 * np.arange(samples) / 48000)).astype(np.float32)
        for k in range(0, samples, 1024):
            fr = av.AudioFrame.from_ndarray(tone[k : k + 1024].reshape(1, -1), format="fltp", layout="mono")
            fr.sample_rate, fr.pts, fr.time_base = 48000, k, Fraction(1, 48000)
            for p in a.encode(fr):
                out.mux(p)
        for p in a.encode():
            out.mux(p)
    return n


# ------------------------------------------------------------------------------------------- scoring

def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM of two grey patches (Gaussian window 7, sigma 1.5), on patches resized to >= 24 px."""
    if min(a.shape) < 24:
        k = 24 / min(a.shape)
        size = (max(24, round(a.shape[1] * k)), max(24, round(a.shape[0] * k)))
        a, b = cv2.resize(a, size), cv2.resize(b, size)
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    g = lambda x: cv2.GaussianBlur(x, (7, 7), 1.5)  # noqa: E731
    ma, mb = g(a), g(b)
    va, vb, cov = g(a * a) - ma * ma, g(b * b) - mb * mb, g(a * b) - ma * mb
    s = ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2))
    return float(s.mean())


def detail(a: np.ndarray, b: np.ndarray) -> float:
    """Correlation of two grey patches' facial-scale detail: band-pass (DoG, sigma 1 and 3 at 48 px)."""
    h, w = a.shape
    k = 48 / max(1, min(h, w))
    size = (max(8, round(w * k)), max(8, round(h * k)))
    a = cv2.resize(a, size, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC).astype(np.float64)
    b = cv2.resize(b, size, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC).astype(np.float64)
    da = cv2.GaussianBlur(a, (0, 0), 1.0) - cv2.GaussianBlur(a, (0, 0), 3.0)
    db = cv2.GaussianBlur(b, (0, 0), 1.0) - cv2.GaussianBlur(b, (0, 0), 3.0)
    da, db = da - da.mean(), db - db.mean()
    den = math.sqrt(float((da * da).sum()) * float((db * db).sum()))
    return float((da * db).sum()) / den if den > 1e-9 else 0.0


def _crop(img: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    h, w = img.shape[:2]
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    return img[min(h, max(0, y0)) : min(h, max(0, y1)), min(w, max(0, x0)) : min(w, max(0, x1))]


def score(sc: Scene, size: tuple[int, int], output: Path) -> dict:
    """Per-frame coverage of the output against the scene's truth."""
    faces_vis = faces_cov = big_vis = big_cov = spans_vis = spans_cov = ssim_vis = ssim_cov = 0
    runs: dict[int, int] = {}
    longest = 0
    details_uncovered: list[float] = []
    details_covered: list[float] = []
    with av.open(str(output)) as c:
        for i, f in enumerate(c.decode(video=0)):
            out = f.to_ndarray(format="rgb24")
            clean, truth = render(sc, size, i)
            g_out, g_clean = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY), cv2.cvtColor(clean, cv2.COLOR_RGB2GRAY)
            for k, (box, px, vis) in enumerate(truth["faces"]):
                if vis < VISIBLE:
                    runs[k] = 0
                    continue
                a, b = _crop(g_clean, box), _crop(g_out, box)
                if a.size < 16:
                    continue
                s = ssim(a, b)
                d = detail(a, b)
                covered = d < COVERED_DETAIL
                ssim_vis += px >= MIN_FACE
                ssim_cov += px >= MIN_FACE and s < COVERED_SSIM
                faces_vis += 1
                faces_cov += covered
                if px >= MIN_FACE:
                    big_vis += 1
                    big_cov += covered
                    runs[k] = 0 if covered else runs.get(k, 0) + 1
                    longest = max(longest, runs[k])
                (details_covered if covered else details_uncovered).append(d)
            for box, vis in truth["spans"]:
                if vis < VISIBLE:
                    continue
                patch = _crop(out, box)
                if patch.size == 0:
                    continue
                filled = float((patch.max(axis=2) < 40).mean())
                spans_vis += 1
                spans_cov += filled >= TEXT_FILLED
    return {"face_frames": faces_vis, "face_frames_covered": faces_cov, "face24_frames": big_vis,
            "face24_frames_covered": big_cov, "longest_uncovered_run": longest, "text_frames": spans_vis,
            "text_frames_covered": spans_cov, "face24_frames_covered_ssim": ssim_cov,
            "detail_uncovered_median": round(float(np.median(details_uncovered)), 3) if details_uncovered else None,
            "detail_covered_p95": round(float(np.percentile(details_covered, 95)), 3) if details_covered else None}


def audio_identical(a: Path, b: Path) -> bool | None:
    def packets(p: Path) -> list[bytes]:
        with av.open(str(p)) as c:
            return [bytes(x) for x in c.demux(c.streams.audio[0]) if x.size] if c.streams.audio else []

    pa, pb = packets(a), packets(b)
    return None if not pb else pa == pb


# ------------------------------------------------------------------------------------------- tools

def run_imgscreen(src: Path, dest: Path, variant: str) -> dict:
    screener = _screener(variant)
    t = time.perf_counter()
    res = screener.screen(src, dest)
    wall = time.perf_counter() - t
    return {"wall": wall, "decision": res.decision.verdict, "reasons": res.decision.reasons,
            "phases": {k: round(v, 2) for k, v in res.phase_seconds.items()},
            "phase_cpu_ms_per_frame": {k: round(1000 * v / max(1, res.n_frames), 1) for k, v in res.phase_cpu.items()},
            "verify": res.verify,
            "stages": {s.stage: round(s.seconds, 2) for s in res.stages}}


_SCREENERS: dict[str, Any] = {}


def _screener(variant: str) -> Any:
    """A VideoScreener with `[video]` policy values from "key=value,key=value" (empty: the defaults)."""
    from imgscreen.policy import Policy, policy_from_dict
    from imgscreen.video import VideoScreener

    if variant not in _SCREENERS:
        values = {}
        for kv in filter(None, variant.split(",")):
            k, v = kv.split("=")
            v = v.strip()
            if v.lower() in ("true", "false"):
                values[k.strip()] = v.lower() == "true"
                continue
            values[k.strip()] = (float(v) if "." in v else int(v)) if v.lstrip("-").replace(".", "").isdigit() else v
        _SCREENERS[variant] = VideoScreener(policy_from_dict({"video": values}, Policy()))
    return _SCREENERS[variant]


def _warm(src: Path, variants: list[str], deface: str, dscale: tuple[int, int]) -> None:
    """Load every tool's models and imports before anything is timed: otherwise whichever runs first
    pays for them (~2-5 CPU s: OpenVINO compiling, presidio and spaCy, supervision), which is a
    per-process cost, not a per-video one."""
    from imgscreen.model import Photo

    with av.open(str(src)) as c:
        first = next(c.decode(video=0)).to_ndarray(format="rgb24")
    for v in variants:
        s = _screener(v)
        s.faces.detect(Photo(pixels=first))
        s.text.detect(Photo(pixels=first))
        if s.reuse is not None:
            s.reuse.forget()
    import supervision  # noqa: F401 - imported by the face tracker on first use
    import trackers  # noqa: F401

    if "full" in deface:
        _centerface(None)
    if "scale" in deface:
        _centerface(dscale)


_CENTERFACE: dict[tuple[int, int] | None, Any] = {}


def _centerface(scale: tuple[int, int] | None) -> Any:
    from deface.centerface import CenterFace

    if scale not in _CENTERFACE:
        # CPU provider named: left to itself deface picks onnxruntime's Azure provider first here.
        _CENTERFACE[scale] = CenterFace(in_shape=scale, backend="onnxrt",
                                        override_execution_provider="CPUExecutionProvider")
    return _CENTERFACE[scale]


def run_deface(src: Path, dest: Path, scale: tuple[int, int] | None) -> dict:
    import contextlib
    import io

    from deface.deface import video_detect

    centerface = _centerface(scale)
    t = time.perf_counter()
    with contextlib.redirect_stderr(io.StringIO()):
        video_detect(str(src), str(dest), centerface, threshold=0.2, enable_preview=False, cam=False, nested=False,
                     replacewith="blur", mask_scale=1.3, ellipse=True, draw_scores=False,
                     ffmpeg_config={"codec": "libx264"}, keep_audio=True)
    return {"wall": time.perf_counter() - t, "decision": "n/a"}


# ------------------------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="5 s clips instead of 10 s")
    ap.add_argument("--sizes", default="720,1080")
    ap.add_argument("--variants", default="face_every=1;",
                    help="imgscreen runs, ';'-separated, each a ','-separated list of [video] policy values "
                         "(an empty one: the defaults)")
    ap.add_argument("--deface", default="full,scale",
                    help="deface runs: full (its default, full resolution) and/or scale (imgscreen's network size)")
    ap.add_argument("--clips", default="walk,cards", help="which generated clips to run (walk, cards)")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where clips and outputs go (one per concurrent run)")
    ap.add_argument("--results", type=Path, default=RESULTS, help=f"where to write the results (default {RESULTS})")
    ap.add_argument("--rescore", type=Path, metavar="JSON",
                    help="score the outputs of an earlier run again (its results file) instead of running the tools")
    args = ap.parse_args(argv)
    sizes = {720: (1280, 720), 1080: (1920, 1080)}
    if args.rescore:
        rescore(args.rescore, sizes)
        return
    variants = [v.strip() for v in args.variants.split(";")]
    if not _face_patches():
        print(f"note: {SHARED} not found: face scenes skipped, the card scene runs on a generated background")
    from imgscreen.policy import Policy

    budget = Policy().video.face_megapixels
    results: list[dict] = []
    started = time.time()
    print(f"bench.video: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    flip = False
    for side in [int(s) for s in args.sizes.split(",")]:
        size = sizes[side]
        for sc in [s for s in scenes(size, args.quick) if s.name in args.clips.split(",")]:
            src = args.cache / f"{sc.name}_{side}p{'_quick' if args.quick else ''}.mp4"
            n = encode(sc, size, src)
            s = math.sqrt(budget * 1e6 / (size[0] * size[1]))
            dscale = (round(size[0] * s / 32) * 32, round(size[1] * s / 32) * 32)
            runs: list[tuple[str, Callable[[Path], dict]]] = [
                (f"imgscreen {v or 'defaults'}", lambda d, v=v, src=src: run_imgscreen(src, d, v)) for v in variants]
            if "full" in args.deface:
                runs += [("deface", lambda d, src=src: run_deface(src, d, None))]
            if "scale" in args.deface:
                runs += [(f"deface --scale {dscale[0]}x{dscale[1]}",
                          lambda d, src=src, ds=dscale: run_deface(src, d, ds))]
            _warm(src, variants, args.deface, dscale)
            if flip:  # alternate which tool goes first, clip by clip
                runs = runs[::-1]
            flip = not flip
            for name, fn in runs:
                tag = "".join(c if c.isalnum() else "_" for c in name)
                dest = args.cache / "out" / f"{sc.name}_{side}p_{tag}.mp4"
                dest.parent.mkdir(parents=True, exist_ok=True)
                load0, cpu0 = os.getloadavg()[0], _cpu()
                r = fn(dest)
                load1, cpu = os.getloadavg()[0], _cpu() - cpu0
                row = {"clip": sc.name, "size": side, "frames": n, "tool": name, "fps": round(n / r["wall"], 2),
                       "cpu_ms_per_frame": round(1000 * cpu / n, 1), "load": [round(load0, 2), round(load1, 2)], **r}
                row["output"] = str(dest)
                if dest.exists():
                    row.update(score(sc, size, dest))
                    row["audio_identical"] = audio_identical(src, dest)
                results.append(row)
                _print_row(row)
    _summary(results)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps({"date": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick,
                                        "minutes": round((time.time() - started) / 60, 1), "rows": results}, indent=1))
    print(f"results: {args.results}")


def rescore(path: Path, sizes: dict[int, tuple[int, int]]) -> None:
    """Score an earlier run's outputs again (after a change to the scoring): same clips, same files."""
    data = json.loads(path.read_text())
    quick = data.get("quick", False)
    for r in data["rows"]:
        size = sizes[r["size"]]
        sc = next(s for s in scenes(size, quick) if s.name == r["clip"])
        old_name = f"{r['clip']}_{r['size']}p_{r['tool'].replace(' ', '_').replace('=', '')}.mp4"  # before "output"
        out = Path(r.get("output") or CACHE / "out" / old_name)
        if out.exists():
            r.update(score(sc, size, out))
        _print_row(r)
    _summary(data["rows"])
    data["rescored"] = time.strftime("%Y-%m-%d %H:%M")
    path.write_text(json.dumps(data, indent=1))


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (deface's ffmpeg reader and writer)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "n/a"


def _print_row(r: dict) -> None:
    faces = (f"faces>=24 {_pct(r.get('face24_frames_covered', 0), r.get('face24_frames', 0))} "
             f"(all {_pct(r.get('face_frames_covered', 0), r.get('face_frames', 0))}), "
             f"longest uncovered run {r.get('longest_uncovered_run', '-')}") if r.get("face_frames") else "no faces"
    text = f"text PHI {_pct(r.get('text_frames_covered', 0), r.get('text_frames', 0))}" if r.get("text_frames") else ""
    print(f"  {r['clip']:6} {r['size']}p {r['tool']:36} {r['fps']:6.2f} fps "
          f"({r.get('cpu_ms_per_frame', 0):.0f} CPU ms/frame)  {faces}  {text}  "
          f"audio identical {r.get('audio_identical')}  decision {r['decision']}  "
          f"load {r['load'][0]:.1f}->{r['load'][1]:.1f}", flush=True)
    if r.get("phase_cpu_ms_per_frame"):
        phases = ", ".join(f"{k} {v:.0f}" for k, v in r["phase_cpu_ms_per_frame"].items())
        print(f"         CPU ms/frame by phase: {phases}", flush=True)


def _summary(rows: list[dict]) -> None:
    print("\nsummary (all clips of a size pooled):")
    tools = sorted({r["tool"] for r in rows}, key=lambda t: (not t.startswith("imgscreen"), t))
    for side in sorted({r["size"] for r in rows}):
        for t in tools:
            rs = [r for r in rows if r["size"] == side and r["tool"] == t and "face_frames" in r]
            if not rs:
                continue
            f24 = sum(r["face24_frames_covered"] for r in rs), sum(r["face24_frames"] for r in rs)
            fa = sum(r["face_frames_covered"] for r in rs), sum(r["face_frames"] for r in rs)
            tx = sum(r["text_frames_covered"] for r in rs), sum(r["text_frames"] for r in rs)
            frames, wall = sum(r["frames"] for r in rs), sum(r["wall"] for r in rs)
            cpu = sum(r.get("cpu_ms_per_frame", 0) * r["frames"] for r in rs) / frames
            print(f"  {side}p {t:36} faces>=24 {_pct(*f24):>6} of {f24[1]} face-frames, all {_pct(*fa):>6}; "
                  f"longest uncovered run {max(r['longest_uncovered_run'] for r in rs)}; text PHI {_pct(*tx):>6} "
                  f"of {tx[1]}; {frames / wall:.2f} fps, {cpu:.0f} CPU ms/frame")


if __name__ == "__main__":
    main()
