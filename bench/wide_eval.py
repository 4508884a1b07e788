"""Today's imgscreen on the wide synthetic set, per layout: how much of each document's PHI it protects.

    python -m bench.wide_eval --seed 1000 --n 40 [--leaks tesseract|both|none]
    python -m bench.wide_eval --combine bench/results/wide_1000.json bench/results/wide_1001.json

Dev seeds only while tuning (1000-1999, see bench.synth_wide); a held-out seed needs --held-out and is for
reporting. The set is generated into bench/cache/wide/<seed> when it is not there.

Scores, per layout and per truth category (`items` of the truth):
  protected    a PHI item counts when >= 90% of its polygon's pixels are covered in the safe copy, or the
               photo was rejected; covered: changed from the photo (a fill, face smoothing) or the solid
               text fill (0, 0, 0), since black ink under a black fill does not change (a fully masked
               barcode read as 64-80% "changed");
  in safe copy the same over items of photos that got a safe copy (a reject protects by not sharing);
  decision     imgscreen's verdict against the truth's `expected` (accept / redact / reject);
  false alarms `not_phi` text (an organisation's phone or address, a product code) with >= 50% of its
               pixels covered in a safe copy; `either` text (staff names) is not scored;
  leaks        bench.leaks.ocr_leaks on each safe copy (Tesseract, and our OCR in thorough mode with
               --leaks both) over rectified strips of the lines that hold PHI: values of >= 4 letters or
               digits read back.
Baselines: the truth's own `expected` column (the decisions a careful reviewer makes), and with --anchor N
the same score on N bench.synth photos (bench.e2e's seed-9 set, the generator imgscreen was tuned on),
screened by the same Screener in the same run.
No PHI text is printed; raw per-item results (category, fraction changed) go to bench/results/wide_<seed>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from bench import leaks, synth_wide

ROOT = Path(__file__).resolve().parent
PROTECTED = 0.9
FALSE_ALARM = 0.5
FILL = (0, 0, 0)  # imgscreen's solid text and barcode fill


def changed_in(changed: np.ndarray, poly: list[list[float]]) -> float:
    """Fraction of the polygon's pixels that differ between the photo and its safe copy."""
    h, w = changed.shape
    p = np.asarray(poly, np.float64)
    x0, y0 = np.maximum(np.floor(p.min(axis=0)).astype(int), 0)
    x1, y1 = np.minimum(np.ceil(p.max(axis=0)).astype(int) + 1, [w, h])
    if x1 <= x0 or y1 <= y0:
        return 0.0
    m = np.zeros((y1 - y0, x1 - x0), np.uint8)
    cv2.fillPoly(m, [np.round(p - [x0, y0]).astype(np.int32)], 1)
    inside = m > 0
    if not inside.any():
        return 0.0
    return float(np.count_nonzero(changed[y0:y1, x0:x1] & inside)) / float(np.count_nonzero(inside))


def score_photo(gt: dict, decision: str, orig: np.ndarray, safe: np.ndarray | None) -> dict[str, Any]:
    rejected = decision == "reject" or safe is None
    changed = None if rejected else np.any(orig != safe, axis=2) | np.all(safe == FILL, axis=2)
    items = []
    for it in gt["items"]:
        f = None if changed is None else changed_in(changed, it["polygon"])
        items.append(
            {
                "category": it["category"],
                "fraction": None if f is None else round(f, 3),
                "protected": rejected or f >= PROTECTED,
            }
        )
    alarms = [changed_in(changed, it["polygon"]) >= FALSE_ALARM for it in gt["not_phi"]] if changed is not None else []
    return {
        "file": gt["file"],
        "layout": gt["layout"],
        "geometry": gt["geometry"],
        "flat": gt["flat"],
        "expected": gt["expected"],
        "decision": decision,
        "rejected": rejected,
        "items": items,
        "not_phi": len(gt["not_phi"]),
        "not_phi_masked": int(sum(alarms)),
        "changed_fraction": None if changed is None else round(float(changed.mean()), 4),
    }


def summarize(per: list[dict]) -> dict[str, Any]:
    def agg(recs: list[dict]) -> dict[str, Any]:
        items = [i for r in recs for i in r["items"]]
        kept = [i for r in recs if not r["rejected"] for i in r["items"]]
        return {
            "photos": len(recs),
            "items": len(items),
            "protected": sum(i["protected"] for i in items),
            "items_in_safe_copies": len(kept),
            "protected_in_safe_copies": sum(i["protected"] for i in kept),
            "decisions": dict(
                sorted(
                    defaultdict(
                        int, {d: sum(r["decision"] == d for r in recs) for d in ("accept", "redact", "reject")}
                    ).items()
                )
            ),
            "decision_matches": sum(r["decision"] == r["expected"] for r in recs),
            "not_phi": sum(r["not_phi"] for r in recs),
            "not_phi_masked": sum(r["not_phi_masked"] for r in recs),
            "leaks": sum(len(r.get("leaks", [])) for r in recs),
            "leak_values": sum(r.get("leak_values", 0) for r in recs),
        }

    by_layout = defaultdict(list)
    for r in per:
        by_layout[r["layout"]].append(r)
    cats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in per:
        for i in r["items"]:
            c = cats[i["category"]]
            c[0] += i["protected"]
            c[1] += 1
            if not r["rejected"]:
                c[2] += i["protected"]
                c[3] += 1
    phi_free = [r for r in per if r["expected"] == "accept"]
    bare = [r for r in phi_free if not r["not_phi"]]
    return {
        "all": agg(per),
        "layouts": {k: agg(v) for k, v in sorted(by_layout.items())},
        "categories": {k: v for k, v in sorted(cats.items())},
        "phi_free_accepted": [sum(r["decision"] == "accept" for r in phi_free), len(phi_free)],
        "phi_free_accepted_without_org_contact": [sum(r["decision"] == "accept" for r in bare), len(bare)],
    }


def anchor(screener: Any, n: int) -> dict[str, int]:
    """The baseline in the same run: bench.synth photos (bench.e2e's seed-9 set) scored the same way, each
    PHI span's polygon interpolated along its line by the font's advances as bench.e2e does."""
    from bench import e2e

    gts, _ = e2e.ensure_synth(n)
    got = total = rejected = 0
    for gt in gts[:n]:
        path = e2e.CACHE / "12mp" / gt["file"]
        r = screener.screen_file(path)[0]
        orig = leaks.load_rgb(path)
        rej = r.decision.verdict == "reject" or r.safe_pixels is None
        rejected += rej
        covered = None if rej else np.any(orig != r.safe_pixels, axis=2) | np.all(r.safe_pixels == FILL, axis=2)
        for ln in gt["lines"]:
            for sp in ln["phi"]:
                a, b = e2e.span_fractions(ln["text"], sp["start"], sp["end"], ln["font"])
                poly = e2e.span_polygon(ln["polygon"], a, b).tolist()
                got += rej or changed_in(covered, poly) >= PROTECTED
                total += 1
        print(f"  anchor {gt['file']}: {r.decision.verdict}", flush=True)
    return {"photos": len(gts[:n]), "items": total, "protected": int(got), "rejected": int(rejected)}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "-"


def table(s: dict[str, Any]) -> str:
    rows = [
        f"{'layout':<18}{'photos':>7}{'protected':>16}{'in safe copies':>17}{'decisions a/r/x':>17}"
        f"{'expected':>10}{'false alarms':>14}{'leaks':>9}"
    ]
    for name, a in [*s["layouts"].items(), ("ALL", s["all"])]:
        d = a["decisions"]
        rows.append(
            f"{name:<18}{a['photos']:>7}{_pct(a['protected'], a['items']):>16}"
            f"{_pct(a['protected_in_safe_copies'], a['items_in_safe_copies']):>17}"
            f"{d.get('accept', 0):>7}/{d.get('redact', 0)}/{d.get('reject', 0):<5}"
            f"{_pct(a['decision_matches'], a['photos']):>12}"
            f"{_pct(a['not_phi_masked'], a['not_phi']):>14}"
            f"{(str(a['leaks']) + '/' + str(a['leak_values'])) if a['leak_values'] else '-':>9}"
        )
    rows.append("")
    rows.append(f"{'category':<18}{'protected':>16}{'in safe copies':>17}")
    for cat, (p, n, pk, nk) in s["categories"].items():
        rows.append(f"{cat:<18}{_pct(p, n):>16}{_pct(pk, nk):>17}")
    a, n = s["phi_free_accepted"]
    b, m = s["phi_free_accepted_without_org_contact"]
    rows.append(
        f"\nPHI-free photos accepted: {_pct(a, n)}; those without an organisation's phone or address: {_pct(b, m)}"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.wide_eval", description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--held-out", action="store_true")
    ap.add_argument("--leaks", choices=("none", "tesseract", "both"), default="tesseract")
    ap.add_argument("--dir", type=Path, default=None, help="default bench/cache/wide/<seed>")
    ap.add_argument("--anchor", type=int, default=0, help="also screen N bench.synth photos (seed 9) as a baseline")
    ap.add_argument("--combine", type=Path, nargs="+", help="print one table over earlier runs' raw results")
    a = ap.parse_args(argv)
    if a.combine:
        runs = [json.loads(f.read_text()) for f in a.combine]
        per = [r for run in runs for r in run["per_photo"]]
        print(f"imgscreen on bench.synth_wide seeds {', '.join(str(run['seed']) for run in runs)}, {len(per)} photos")
        print(table(summarize(per)))
        return 0
    synth_wide.check_seed(a.seed, a.held_out)
    d = a.dir or ROOT / "cache" / "wide" / str(a.seed)
    gts = json.loads((d / "index.json").read_text()) if (d / "index.json").exists() else []
    if len(gts) < a.n:
        print(f"generating {a.n} wide photos (seed {a.seed}) into {d} ...", flush=True)
        gts = synth_wide.generate(a.n, a.seed, d, held_out=a.held_out)
    gts = gts[: a.n]
    from imgscreen.pipeline import Screener

    screener = Screener()
    engines = {"none": (), "tesseract": ("tesseract",), "both": ("tesseract", "rapidocr")}[a.leaks]
    start, per = time.perf_counter(), []
    base = anchor(screener, a.anchor) if a.anchor else None
    for gt in gts:
        t = time.perf_counter()
        r = screener.screen_file(d / gt["file"])[0]
        sec = time.perf_counter() - t
        orig = leaks.load_rgb(d / gt["file"])
        rec = score_photo(gt, r.decision.verdict, orig, r.safe_pixels)
        rec["seconds"] = round(sec, 2)
        if engines and not rec["rejected"]:
            vals = [(i, v) for _, i, v in leaks.phi_values(gt)]
            rec["leak_values"] = len(vals)
            rec["leaks"] = leaks.ocr_leaks(r.safe_pixels, vals, leaks.phi_line_regions(gt), engines=engines)
        per.append(rec)
        got = sum(i["protected"] for i in rec["items"])
        print(
            f"  {gt['file']} {gt['layout']:<17} expected {gt['expected']:<7} got {rec['decision']:<7} "
            f"protected {got}/{len(rec['items'])}  {sec:.1f} s",
            flush=True,
        )
    s = summarize(per)
    out = {
        "seed": a.seed,
        "n": len(gts),
        "held_out": a.held_out,
        "leak_readers": list(engines),
        "seconds": round(time.perf_counter() - start, 1),
        "loadavg": os.getloadavg(),
        "summary": s,
        "anchor_bench_synth": base,
        "per_photo": per,
    }
    res = ROOT / "results" / f"wide_{a.seed}.json"
    res.parent.mkdir(parents=True, exist_ok=True)
    res.write_text(json.dumps(out, indent=1))
    print(
        f"\nimgscreen on bench.synth_wide seed {a.seed} ({'held-out' if a.held_out else 'dev'}), {len(gts)} photos; "
        f"baseline: the truth's expected decisions"
    )
    print(table(s))
    if base:
        print(
            f"baseline in this run, bench.synth seed 9 ({base['photos']} photos, the set imgscreen was tuned on): "
            f"PHI spans protected {_pct(base['protected'], base['items'])}, {base['rejected']} photos rejected"
        )
    print(f"({out['seconds'] / 60:.1f} min, load average {out['loadavg'][0]:.1f}; raw: {res})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
