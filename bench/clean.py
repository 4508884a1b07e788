"""Clean photos stay clean (issue 21): accept rate on clean 12 MP photos and face recall, before and after.

    python -m bench.clean --before /work/main [--quick] [--face-sets shared,small]

1. Clean 12 MP set (`bench.clean_set`: each shared clean_* photo as a 12 MP JPEG filled, stored
   rotated with an EXIF tag, dim, and re-encoded at q55; 44 files), plus two generated 16-bit PNGs
   holding invented PHI text (values 0-255, and 12-bit-in-16). Every file is screened by the whole
   pipeline twice: by the code in `--before` (a checkout of the baseline, e.g. main) and by this
   checkout, each in its own long-lived worker process, alternating which goes first photo by
   photo. Printed: accept rate, masked faces per clean photo ("false faces"), unreadable barcodes,
   possible faces listed but not masked, the 16-bit files' decisions, and s/photo with the load
   average (a shared 2-core machine: compare the two columns, not the seconds across runs).
2. Face recall on bench.faces' sets: the face detector's candidates once per image, scored as they
   are (before: every candidate over the threshold is masked) and after the second look
   (`faces.confirm`: only confirmed candidates are masked). `find_faces` is the same code in both,
   so one run of it serves both columns; the second look's own time is printed beside it.
Raw results: bench/results/clean.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.lineworker import LineWorker

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "clean.json"
PIXEL_CACHE = ROOT / "bench" / "cache" / "clean_pixels"

# Runs inside a worker with the code under test first on sys.path: only API both sides have.
WORKER = r"""
import json, sys, time
from imgscreen.pipeline import Screener
s = Screener()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    path = line.strip()
    t = time.perf_counter()
    rs = s.screen_file(path)
    out = {"decision": max((r.decision.verdict for r in rs), key=["accept", "redact", "reject"].index),
           "reasons": [x for r in rs for x in r.decision.reasons], "findings": [], "seconds": time.perf_counter() - t}
    for r in rs:
        for f in r.findings:
            if f.polygon is None:
                continue
            out["findings"].append({"kind": f.kind, "label": f.label, "score": round(float(f.score), 3),
                                    "informational": bool(getattr(f, "informational", False))})
    print(json.dumps(out), flush=True)
"""


class Worker(LineWorker):
    """One screening process with `code` first on its path; models load once."""

    def __init__(self, code: Path) -> None:
        super().__init__(WORKER, cwd=code, env={**os.environ, "PYTHONPATH": str(code)})

    def screen(self, path: Path) -> dict:
        return self.ask(path)


def _commit(code: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(code), "status", "--porcelain", "--", "imgscreen"],
                               capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + ("+dirty" if dirty else "")
    except OSError:
        return "?"


def pixel_cases() -> list[Path]:
    """Two 16-bit PNGs with invented PHI text: values 0-255, and 12 bits in 16."""
    import cv2
    from PIL import Image

    PIXEL_CACHE.mkdir(parents=True, exist_ok=True)
    card = np.full((360, 1100), 30, np.uint8)
    cv2.putText(card, "Patient: Jane Doe", (30, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 200, 5)
    cv2.putText(card, "MRN: 84720193", (30, 260), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 200, 5)
    out = []
    for name, arr in (("low16.png", card.astype(np.uint16)),
                      ("twelve_in_16.png", (card.astype(np.uint32) * 4095 // 255).astype(np.uint16))):
        buf = io.BytesIO()
        Image.fromarray(arr).save(buf, "PNG")
        (PIXEL_CACHE / name).write_bytes(buf.getvalue())
        out.append(PIXEL_CACHE / name)
    return out


def _summary(rows: list[dict]) -> dict:
    n = len(rows)
    faces = [sum(f["kind"] == "face" and not f["informational"] for f in r["findings"]) for r in rows]
    possible = [sum(f["kind"] == "face" and f["informational"] for f in r["findings"]) for r in rows]
    codes = [sum(f["kind"] == "barcode" for f in r["findings"]) for r in rows]
    text = [sum(f["kind"] == "text" for f in r["findings"]) for r in rows]
    secs = sorted(r["seconds"] for r in rows)
    return {"photos": n, "accepted": sum(r["decision"] == "accept" for r in rows),
            "rejected": sum(r["decision"] == "reject" for r in rows),
            "masked_faces_per_photo": sum(faces) / n if n else None,
            "photos_with_masked_face": sum(f > 0 for f in faces),
            "possible_faces_listed": sum(possible), "barcodes": sum(codes),
            "photos_with_barcode": sum(c > 0 for c in codes),
            "text_phi_regions": sum(text), "s_median": secs[n // 2] if n else None}


def run_clean(before: Path, quick: bool) -> dict:
    from bench.clean_set import build

    cases = build()
    if quick:
        cases = cases[::4]
    files = [(c.name, c.variant, c.path) for c in cases] + [("generated", "16bit", p) for p in pixel_cases()]
    if not cases:
        print("shared photos absent: the clean set is empty; only the 16-bit files are screened")
    workers = {"before": Worker(before), "after": Worker(ROOT)}
    rows: dict[str, list[dict]] = {"before": [], "after": []}
    loads = []
    try:
        for i, (name, variant, path) in enumerate(files):
            order = ("before", "after") if i % 2 == 0 else ("after", "before")
            got = {}
            for side in order:
                got[side] = workers[side].screen(path)
                got[side].update(name=name, variant=variant)
                rows[side].append(got[side])
            loads.append(os.getloadavg()[0])
            print(f"{i + 1:3d}/{len(files)} {name[:28]:28} {variant:5} before {got['before']['decision']:7} "
                  f"after {got['after']['decision']:7} load {loads[-1]:.1f}", flush=True)
    finally:
        for w in workers.values():
            w.close()
    out = {}
    for side in ("before", "after"):
        clean = [r for r in rows[side] if r["name"] != "generated"]
        out[side] = {"clean": _summary(clean),
                     "by_variant": {v: _summary([r for r in clean if r["variant"] == v])
                                    for v in sorted({r["variant"] for r in clean})},
                     "sixteen_bit": [r["decision"] for r in rows[side] if r["name"] == "generated"],
                     "rows": rows[side]}
    out["load_average"] = {"min": min(loads), "max": max(loads), "mean": sum(loads) / len(loads)} if loads else None
    out["before_code"] = f"{before} @ {_commit(before)}"
    out["after_code"] = f"{ROOT} @ {_commit(ROOT)}"
    return out


def run_faces(sets: set[str], quick: bool) -> dict:
    """Recall/precision by face size, every candidate vs confirmed candidates, from one detector run."""
    from bench import faces as bf
    from imgscreen.faces import confirm, find_faces
    from imgscreen.model import Photo
    from imgscreen.policy import Policy

    if not (bf.SHARED / "faces_reference.json").is_file():
        print(f"skipped faces: {bf.SHARED} is absent")
        return {}
    fp = Policy().faces
    base = bf.shared_cases()
    cases = (base if "shared" in sets else []) + list(bf.synth_cases(base, sets - {"shared"}, quick))
    tallies: dict[str, bf.Tally] = {}
    detect_s = confirm_s = 0.0
    for n, case in enumerate(cases, 1):
        photo = Photo(pixels=case.rgb)
        t0 = time.perf_counter()
        cands = find_faces(photo, fp.threshold, fp.min_size, fp.max_megapixels, fp.rotations)
        t1 = time.perf_counter()
        sure, _ = confirm(photo, cands, fp.confirm_below, fp.confirm_score, fp.confirm_face_px)
        t2 = time.perf_counter()
        detect_s += t1 - t0
        confirm_s += t2 - t1
        group = "rot" if case.set.startswith("rot") else case.set
        for side, found in (("before", cands), ("after", sure)):
            bf.score(tallies.setdefault(f"{side}/{group}", bf.Tally()), case,
                     [(f.x, f.y, f.w, f.h, f.score) for f in found])
        print(f"\rfaces {n}/{len(cases)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    res = {k: bf.summary(v) for k, v in sorted(tallies.items())}
    return {"results": res, "images": len(cases), "detect_s": detect_s, "second_look_s": confirm_s,
            "load_average": os.getloadavg()[0]}


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else "-"


def report(clean: dict, faces: dict) -> None:
    if clean:
        b, a = clean["before"]["clean"], clean["after"]["clean"]
        la = clean["load_average"]
        print(f"\nclean 12 MP photos ({b['photos']}): before = {clean['before_code']}, after = {clean['after_code']}")
        print(f"load average (1 min) during the run: {la['min']:.1f}-{la['max']:.1f}, mean {la['mean']:.1f} on 2 cores")
        print(f"{'':34} {'before':>16} {'after':>16}")
        rows = [("accepted", _pct(b["accepted"], b["photos"]), _pct(a["accepted"], a["photos"])),
                ("masked faces per clean photo", f"{b['masked_faces_per_photo']:.3f}",
                 f"{a['masked_faces_per_photo']:.3f}"),
                ("photos with a masked face", b["photos_with_masked_face"], a["photos_with_masked_face"]),
                ("possible faces listed, not masked", b["possible_faces_listed"], a["possible_faces_listed"]),
                ("barcodes (photos)", f"{b['barcodes']} ({b['photos_with_barcode']})",
                 f"{a['barcodes']} ({a['photos_with_barcode']})"),
                ("text PHI regions", b["text_phi_regions"], a["text_phi_regions"]),
                ("rejected", b["rejected"], a["rejected"]),
                ("s/photo median", f"{b['s_median']:.2f}", f"{a['s_median']:.2f}")]
        for label, x, y in rows:
            print(f"{label:34} {x!s:>16} {y!s:>16}")
        for v in clean["after"]["by_variant"]:
            bv, av = clean["before"]["by_variant"][v], clean["after"]["by_variant"][v]
            print(f"  accepted, {v:5} {_pct(bv['accepted'], bv['photos']):>27} "
                  f"{_pct(av['accepted'], av['photos']):>16}")
        print(f"16-bit PHI cards (0-255, 12-in-16): before {clean['before']['sixteen_bit']}, "
              f"after {clean['after']['sixteen_bit']}")
    if faces:
        res = faces["results"]
        print(f"\nface recall by reference height, {faces['images']} images; before = every candidate >= threshold, "
              f"after = confirmed (load average {faces['load_average']:.1f})")
        print(f"{'set':8} {'side':7} {'<12':>6} {'12-24':>6} {'<24':>6} {'24-64':>6} {'>=64':>6} {'all':>6} "
              f"{'prec':>6} {'FP':>4} {'unk':>4}")
        for key, r in res.items():
            side, group = key.split("/")
            rc = r["recall"]

            def f(v: float | None) -> str:
                return "  -  " if v is None else f"{v:.4f}"
            print(f"{group:8} {side:7} {f(rc['<12'])} {f(rc['12-24'])} {f(r['recall_lt24'])} {f(rc['24-64'])} "
                  f"{f(rc['>=64'])} {f(r['recall_all'])} {f(r['precision'])} {r['fp']:4d} {r['unknown_in_crowds']:4d}")
        print(f"time: detector {faces['detect_s']:.1f} s, second looks {faces['second_look_s']:.1f} s "
              f"({100 * faces['second_look_s'] / max(faces['detect_s'], 1e-9):.1f}% on top)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, required=True, help="checkout of the baseline code (e.g. /work/main)")
    ap.add_argument("--quick", action="store_true", help="a quarter of the clean set, a third of the 12 MP face sets")
    ap.add_argument("--face-sets", default="shared,small", help="bench.faces sets ('' to skip)")
    ap.add_argument("--no-clean", action="store_true")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    clean = {} if args.no_clean else run_clean(args.before.resolve(), args.quick)
    sets = {s for s in args.face_sets.split(",") if s}
    faces = run_faces(sets, args.quick) if sets else {}
    report(clean, faces)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {"clean": clean, "faces": faces, "quick": args.quick}
    args.out.write_text(json.dumps(payload, indent=1, default=float) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
