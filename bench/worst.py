"""The worst case on real dense images (issue 17): before and after, paired, same process.

    python -m bench.worst [--half dev|heldout] [--kinds id_document,lab_report,...] [--n N] [--after-only]
    python -m bench.worst --synth12 [--n 6]      # the same pairing on bench.e2e's 12 MP synth photos

Images: the real-photo set's documents (`bench/realset`: identity documents, lab reports, forms,
letters, receipts, insurance cards, `other_*` pages), one half of the split (tune on `dev`, report
`heldout`). Each image is screened whole (`Screener.screen_file`, verify pass included) in two
configurations, alternating which goes first from image to image:

  before  onnxruntime with its CPU arena for every model, reading every region (no stop rule, no
          recognition budget): the tool as it was before issue 17;
  after   the defaults: the runtime `imgscreen.runtime` picks, `text.stop_at_reject`,
          `text.max_read_megapixels`.

With `--checkout DIR` the pair is instead another checkout's imgscreen (say the main branch before a
change, `checkout`) and this one's (`after`), each in its own long-lived worker process (warm, models
loaded once), still alternating per image; a digest per image says whether decision, findings and
lines are the same. `--synth12` and `--kinds` can be mixed (`--mix`): the documents and the everyday
12 MP photos in one set, for max/median over photos up to 12 MP.

Per image: wall and CPU seconds (`process_time`, all threads), decision, and where reading stopped.
Printed: median / p95 / max and max/median per configuration, images over 15 s, decisions that
differ, and the load average. Results: bench/results/worst_<half>.json (image ids, no text).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.lineworker import LineWorker

ROOT = Path(__file__).resolve().parent
KINDS = ("id_document", "lab_report", "form", "letter", "receipt", "insurance_card", "other")
LIMIT_S = 15.0


def configs() -> dict[str, tuple[Any, dict[str, Any]]]:
    """name -> (Screener, sessions for `bench.runtime.use`)."""
    from bench.runtime import model_sources
    from imgscreen import faces, ocr, runtime
    from imgscreen.pipeline import Screener
    from imgscreen.policy import Policy

    before = {name: runtime.OrtSession(m, arena=True) for name, m in model_sources().items()}
    after = {"centerface": faces._session(), "ppocrv6-det-small": ocr._models().det,
             "ppocr-cls-mobile-v2": ocr._models().cls, "ppocrv6-rec-small": ocr._models().rec}
    old = Policy().replace("text", stop_at_reject=False, max_read_megapixels=1e9)
    return {"before": (Screener(old), before), "after": (Screener(), after)}


_WORKER = """
import json, sys
from bench.memory import digest
from bench.worst import screen
sys.path.insert(0, sys.argv[1])  # after this harness's own modules: that checkout's imgscreen
import numpy as np
from imgscreen.model import Photo
from imgscreen.pipeline import Screener
s = Screener()
s.screen_photo(Photo(pixels=np.random.default_rng(0).integers(0, 256, (480, 640, 3), dtype=np.uint8)))  # warm
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    r = screen(s, line.strip(), keep=True)
    r["digest"] = digest(r.pop("result"))
    print(json.dumps(r), flush=True)
"""


class Worker(LineWorker):
    """A long-lived process screening with the imgscreen package of `checkout` (paths in, records out)."""

    def __init__(self, checkout: str) -> None:
        super().__init__(_WORKER, (str(Path(checkout).resolve()),), cwd=ROOT.parent)

    def screen_file(self, path: str) -> dict[str, Any]:
        return self.ask(path)


def images(half: str, kinds: list[str], n: int | None, synth: bool = False) -> list[dict]:
    if synth:  # bench.e2e's 12 MP synth photos: the everyday case, beside the documents
        from bench import e2e

        gts, _ = e2e.ensure_synth(n or 6)
        return [{"id": g["file"], "path": str(e2e.CACHE / "12mp" / g["file"])} for g in gts]
    from bench import real

    out = [t for t in real.load_set(half=half) if any(t["id"] == k or t["id"].startswith(k + "_") for k in kinds)]
    return out[:n] if n else out


def screen(screener: Any, path: str, keep: bool = False) -> dict[str, Any]:
    if isinstance(screener, Worker):
        return screener.screen_file(path)
    w0, c0 = time.perf_counter(), time.process_time()
    r = screener.screen_file(path)[0]
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    text = next((s for s in r.stages if s.stage == "text"), None)
    stopped = [n for n in (text.notes if text else []) if "stopped" in n or "capped" in n or "not read" in n]
    out = {"wall": round(wall, 2), "cpu": round(cpu, 2), "decision": r.decision.verdict,
           "stopped": stopped[0].split(":")[0] if stopped else None, "lines": len(r.lines),
           "stages": {s.stage: round(s.seconds, 2) for s in r.stages}}
    if keep:
        out["result"] = r
    return out


def stats(v: list[float]) -> dict[str, float | None]:
    if not v:
        return {"median": None, "p95": None, "max": None, "max_over_median": None}
    med = float(np.median(v))
    return {"median": round(med, 2), "p95": round(float(np.percentile(v, 95)), 2), "max": round(max(v), 2),
            "max_over_median": round(max(v) / med, 2) if med else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", default="dev", choices=("dev", "heldout"))
    ap.add_argument("--kinds", default=",".join(KINDS), help="id prefixes (kinds) or whole image ids")
    ap.add_argument("--n", type=int, default=None)
    ap.add_argument("--tag", default="", help="suffix of the results file name")
    ap.add_argument("--synth12", action="store_true", help="bench.e2e's 12 MP synth photos instead")
    ap.add_argument("--after-only", action="store_true", help="only today's defaults (no paired baseline)")
    ap.add_argument("--checkout", help="baseline: this checkout's imgscreen, in a worker beside this one's")
    ap.add_argument("--mix", action="store_true", help="the documents and bench.e2e's 12 MP synth photos together")
    a = ap.parse_args(argv)
    from bench.runtime import use

    if a.checkout:
        cfgs: dict[str, tuple[Any, dict[str, Any]]] = {"checkout": (Worker(a.checkout), {}),
                                                       "after": (Worker(str(ROOT.parent)), {})}
    else:
        cfgs = configs()
    if a.after_only:
        cfgs = {"after": cfgs["after"]}
    names = list(cfgs)
    loads = [os.getloadavg()]
    recs = []
    start = time.perf_counter()
    todo = images(a.half, a.kinds.split(","), a.n, a.synth12)
    if a.mix:
        todo += images(a.half, [], None, synth=True)
    for k, t in enumerate(todo):
        rec: dict[str, Any] = {"id": t["id"], "expected": t.get("expected")}
        for name in (names if k % 2 == 0 else names[::-1]):
            screener, sessions = cfgs[name]
            if sessions:
                use(sessions)
            rec[name] = screen(screener, t["path"])
        rec["load1"] = round(os.getloadavg()[0], 2)
        recs.append(rec)
        print(f"{t['id']:34} " + "  ".join(
            f"{n} {rec[n]['wall']:6.1f}s cpu {rec[n]['cpu']:5.1f} {rec[n]['decision']:7} "
            f"{rec[n]['stopped'] or '':28}" for n in names) + f" load {rec['load1']}", flush=True)
    loads.append(os.getloadavg())
    summary = {n: {"wall": stats([r[n]["wall"] for r in recs]), "cpu": stats([r[n]["cpu"] for r in recs]),
                   "over_limit": [r["id"] for r in recs if r[n]["wall"] > LIMIT_S],
                   "stopped": sum(bool(r[n]["stopped"]) for r in recs)} for n in names}
    base = next((n for n in ("before", "checkout") if n in cfgs), None)
    if base:
        summary["decisions_differ"] = [r["id"] for r in recs if r[base]["decision"] != r["after"]["decision"]]
        summary["ratio_cpu_median"] = round(float(np.median([r[base]["cpu"] / r["after"]["cpu"] for r in recs])),
                                            2) if recs else None
        summary["ratio_wall_median"] = round(float(np.median([r[base]["wall"] / r["after"]["wall"] for r in recs])),
                                             2) if recs else None
    if "checkout" in cfgs:
        summary["outputs_differ"] = [r["id"] for r in recs if r["checkout"]["digest"] != r["after"]["digest"]]
        for w, _ in cfgs.values():
            w.close()
    out = {"half": "synth12" if a.synth12 else a.half, "checkout": a.checkout, "mix": a.mix, "n": len(recs),
           "records": recs, "summary": summary,
           "loadavg": [[round(x, 2) for x in la] for la in loads], "seconds": round(time.perf_counter() - start, 1)}
    res = ROOT / "results" / f"worst_{'synth12' if a.synth12 else a.half}{a.tag}.json"
    res.parent.mkdir(parents=True, exist_ok=True)
    res.write_text(json.dumps(out, indent=1))
    print(f"\n{len(recs)} {a.half} images; load average (1 min) {min(x[0] for x in loads):.1f}-"
          f"{max(r['load1'] for r in recs) if recs else 0:.1f}")
    for n in names:
        s = summary[n]
        print(f"{n:7} wall median {s['wall']['median']} / p95 {s['wall']['p95']} / max {s['wall']['max']} s "
              f"(max {s['wall']['max_over_median']}x median); CPU median {s['cpu']['median']} / p95 "
              f"{s['cpu']['p95']} / max {s['cpu']['max']} s ({s['cpu']['max_over_median']}x); over {LIMIT_S:g} s "
              f"wall: {len(s['over_limit'])}; reading stopped early: {s['stopped']}")
    if base:
        print(f"{base}/after per image, median: CPU {summary['ratio_cpu_median']}, wall {summary['ratio_wall_median']};"
              f" decisions that differ: {summary['decisions_differ'] or 'none'}")
    if "outputs_differ" in summary:
        print(f"decision, findings or lines differ from the checkout's: {summary['outputs_differ'] or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
