"""Text-reading benchmark: our rapidocr pipeline against plain Tesseract on synthetic 12 MP photos.

`python -m bench.ocr [--n 60] [--seed 0] [--data bench/cache/synth] [--engines rapidocr,tesseract]`

Generates the synthetic set with `bench.synth` when `--data` has no `index.json`, reads every photo
with each engine in the same run, and scores each ground-truth line:

- *found*: at least one recognised word whose centre lies inside the line's polygon (grown by half
  the text height);
- *CER*: edit distance between the ground-truth text and the words found in it (ordered along the
  line's baseline, joined by spaces), over the ground-truth length; whitespace runs are collapsed on
  both sides; case and punctuation count;
- *read*: found with CER <= 5%.

Tables: recall (read) by angle bucket and by text-height bucket, for all lines and for the target
population (PHI-bearing lines with text >= 14 px), plus seconds per photo. Raw numbers go to
bench/results/ocr.json; per-line details to bench/cache/ocr_lines.json (not committed: it holds the
fake PHI strings).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from bench import synth
from imgscreen import ocr

RESULTS = Path(__file__).resolve().parent / "results" / "ocr.json"
CACHE = Path(__file__).resolve().parent / "cache"
MIN_PX = 14.0
CER_OK = 0.05

ANGLE_BUCKETS = ("0", "+45", "+90", "+135", "180", "-135", "-90", "-45")
HEIGHT_BUCKETS = ((0, 14), (14, 20), (20, 30), (30, 50), (50, 1000))


def _cpu() -> float:
    """CPU seconds of this process and finished children (tesseract runs as a child process): less
    sensitive than wall time to the other jobs sharing the machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def angle_bucket(a: float) -> str:
    """Baseline direction in degrees (image coordinates, y down) -> one of 8 buckets of 30-60 deg."""
    a = (a + 180) % 360 - 180
    if -15 <= a < 15:
        return "0"
    if 15 <= a < 75:
        return "+45"
    if 75 <= a < 105:
        return "+90"
    if 105 <= a < 165:
        return "+135"
    if a >= 165 or a < -165:
        return "180"
    if -165 <= a < -105:
        return "-135"
    if -105 <= a < -75:
        return "-90"
    return "-45"


def height_bucket(h: float) -> str:
    for lo, hi in HEIGHT_BUCKETS:
        if lo <= h < hi:
            return f"{lo}-{hi}" if hi < 1000 else f"{lo}+"
    return "?"


def cer(ref: str, hyp: str, spaces: bool = False) -> float:
    """Character error rate. Whitespace is ignored unless `spaces` (then runs are collapsed): scene
    text has no reliable spacing ("MRN:123" for "MRN: 123"), and the PHI classifier must not rely on it."""
    if spaces:
        ref, hyp = " ".join(ref.split()), " ".join(hyp.split())
    else:
        ref, hyp = "".join(ref.split()), "".join(hyp.split())
    if not ref:
        return 0.0 if not hyp else 1.0
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, hc in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc))
        prev = cur
    return prev[-1] / len(ref)


def score_lines(gt: dict, lines: list) -> list[dict]:
    """Per ground-truth line: found / CER, from the recognised words that fall inside it."""
    words = [(w.text, np.mean(np.asarray(w.polygon, float), axis=0)) for ln in lines for w in ln.words]
    out = []
    for g in gt["lines"]:
        poly = np.asarray(g["polygon"], np.float32)
        # grow by half the text height along both axes of the quad
        d_w = poly[1] - poly[0]
        d_h = poly[3] - poly[0]
        nw, nh = np.linalg.norm(d_w) + 1e-6, np.linalg.norm(d_h) + 1e-6
        pad = 0.5 * g["height"]
        grown = poly + np.array(
            [
                -d_w / nw * pad - d_h / nh * pad,
                d_w / nw * pad - d_h / nh * pad,
                d_w / nw * pad + d_h / nh * pad,
                -d_w / nw * pad + d_h / nh * pad,
            ],
            np.float32,
        )
        inside = [
            (float(np.dot(p - poly[0], d_w / nw)), t)
            for t, p in words
            if cv2.pointPolygonTest(grown.reshape(-1, 1, 2), (float(p[0]), float(p[1])), False) >= 0
        ]
        inside.sort()
        hyp = " ".join(t for _, t in inside)
        e = cer(g["text"], hyp) if inside else 1.0
        out.append(
            {
                "file": gt["file"],
                "line": g["id"],
                "phi": bool(g["identifiers"]),
                "height": g["height"],
                "angle": g["angle"],
                "angle_bucket": angle_bucket(g["angle"]),
                "height_bucket": height_bucket(g["height"]),
                "light_on_dark": g["light_on_dark"],
                "found": bool(inside),
                "cer": round(min(e, 1.0), 4),
                "read": bool(inside) and e <= CER_OK,
                "read_strict": bool(inside) and cer(g["text"], hyp, spaces=True) <= CER_OK,
                "text": g["text"],
                "hyp": hyp,
            }
        )
    return out


def summarize(rows: list[dict], key: str, buckets: list[str]) -> dict[str, dict]:
    out = {}
    for b in buckets:
        sel = [r for r in rows if r[key] == b]
        if not sel:
            out[b] = {"n": 0}
            continue
        out[b] = {
            "n": len(sel),
            "found": round(sum(r["found"] for r in sel) / len(sel), 4),
            "read": round(sum(r["read"] for r in sel) / len(sel), 4),
            "read_with_spaces": round(sum(r["read_strict"] for r in sel) / len(sel), 4),
            "mean_cer": round(float(np.mean([r["cer"] for r in sel])), 4),
        }
    sel = rows
    out["all"] = {
        "n": len(sel),
        "found": round(sum(r["found"] for r in sel) / max(1, len(sel)), 4),
        "read": round(sum(r["read"] for r in sel) / max(1, len(sel)), 4),
        "mean_cer": round(float(np.mean([r["cer"] for r in sel])) if sel else 0.0, 4),
    }
    return out


def _fmt(cell: dict) -> str:
    if not cell.get("n"):
        return "-"
    return f"{100 * cell['read']:5.1f}% ({cell['mean_cer']:.3f})"


def print_table(title: str, engines: list[str], tables: dict[str, dict], buckets: list[str]) -> None:
    print(f"\n{title}: read rate (CER <= {CER_OK:.0%}, spaces ignored) and (mean CER)")
    head = f"{'bucket':>8} {'n':>5} " + " ".join(f"{e:>22}" for e in engines)
    print(head)
    for b in [*buckets, "all"]:
        n = tables[engines[0]][b].get("n", 0)
        print(f"{b:>8} {n:>5} " + " ".join(f"{_fmt(tables[e][b]):>22}" for e in engines))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="OCR benchmark on synthetic 12 MP photos")
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--data", type=Path, default=CACHE / "synth")
    ap.add_argument("--engines", default="rapidocr,tesseract")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--thorough", action="store_true", help="rapidocr: read every contrasted window")
    a = ap.parse_args(argv)
    engines = [e.strip() for e in a.engines.split(",") if e.strip()]

    index = a.data / "index.json"
    gts = synth.load(a.data) if index.is_file() else []
    if len(gts) < a.n or any(g["seed"] != a.seed for g in gts[: a.n]):
        print(f"generating {a.n} synthetic photos (seed {a.seed}) in {a.data} ...")
        gts = synth.generate(a.n, a.seed, a.data)
    gts = gts[: a.n]

    rows: dict[str, list[dict]] = {e: [] for e in engines}
    secs: dict[str, list[float]] = {e: [] for e in engines}
    cpu: dict[str, list[float]] = {e: [] for e in engines}
    ocr._models()  # load once, outside the timings
    for k, gt in enumerate(gts):
        with Image.open(a.data / gt["file"]) as im:
            rgb = np.asarray(im.convert("RGB"))
        for e in engines:
            t0, c0 = time.perf_counter(), _cpu()
            lines = ocr.read_lines(rgb, e, thorough=a.thorough)
            secs[e].append(time.perf_counter() - t0)
            cpu[e].append(_cpu() - c0)
            rows[e].extend(score_lines(gt, lines))
        print(f"[{k + 1}/{len(gts)}] " + "  ".join(f"{e} {secs[e][-1]:.2f}s" for e in engines), flush=True)

    result: dict = {
        "n_photos": len(gts),
        "seed": a.seed,
        "size": [gts[0]["width"], gts[0]["height"]] if gts else None,
        "min_px": MIN_PX,
        "cer_ok": CER_OK,
        "thorough": a.thorough,
        "engines": {},
    }
    hb = [height_bucket(lo) for lo, _ in HEIGHT_BUCKETS]
    tables: dict[str, dict[str, dict]] = {}
    for e in engines:
        r = rows[e]
        target = [x for x in r if x["phi"] and x["height"] >= MIN_PX]
        tables[e] = {
            "angle_all": summarize(r, "angle_bucket", list(ANGLE_BUCKETS)),
            "height_all": summarize(r, "height_bucket", hb),
            "angle_target": summarize(target, "angle_bucket", list(ANGLE_BUCKETS)),
            "height_phi": summarize([x for x in r if x["phi"]], "height_bucket", hb),
            "light_on_dark_target": summarize(target, "light_on_dark", [True, False]),
        }
        s = np.asarray(secs[e])
        result["engines"][e] = {
            **tables[e],
            "seconds_per_photo": {
                "mean": round(float(s.mean()), 3),
                "median": round(float(np.median(s)), 3),
                "p90": round(float(np.percentile(s, 90)), 3),
                "max": round(float(s.max()), 3),
            },
            "cpu_seconds_per_photo": {
                "mean": round(float(np.mean(cpu[e])), 3),
                "median": round(float(np.median(cpu[e])), 3),
            },
            "per_photo_seconds": [round(float(x), 3) for x in s],
        }

    print_table(
        "PHI lines >= 14 px, by angle", engines, {e: tables[e]["angle_target"] for e in engines}, list(ANGLE_BUCKETS)
    )
    print_table("PHI lines, by text height (px)", engines, {e: tables[e]["height_phi"] for e in engines}, hb)
    print_table("all lines, by angle", engines, {e: tables[e]["angle_all"] for e in engines}, list(ANGLE_BUCKETS))
    print_table("all lines, by text height (px)", engines, {e: tables[e]["height_all"] for e in engines}, hb)
    print("\nseconds per 12 MP photo (mean / median / p90 / max; 2 shared CPU cores, pessimistic):")
    for e in engines:
        sp = result["engines"][e]["seconds_per_photo"]
        cp = result["engines"][e]["cpu_seconds_per_photo"]
        print(
            f"  {e:>10}: {sp['mean']:.2f} / {sp['median']:.2f} / {sp['p90']:.2f} / {sp['max']:.2f}"
            f"   CPU seconds (this process and its children) mean {cp['mean']:.2f}, median {cp['median']:.2f}"
        )

    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(result, indent=1, default=str))
    CACHE.mkdir(exist_ok=True)
    (CACHE / "ocr_lines.json").write_text(json.dumps(rows, indent=0))
    print(f"\nwrote {a.out}")


if __name__ == "__main__":
    main()
