"""Peak memory of one screening process per configuration (issue 17), each in a fresh process.

    python -m bench.memory [--n 3] [--configs before,onnxruntime,default] [--rounds 1]

Each configuration screens the same 12 MP synth photos (bench.e2e's cache) in its own fresh process,
after one small warm-up photo, and reports its peak resident memory (`ru_maxrss`), the resident
memory after the warm-up, and CPU / wall seconds per photo:

  before       onnxruntime with its CPU memory arena for every model, reading every region (the
               tool before issue 17);
  onnxruntime  today's code on onnxruntime only (`IMGSCREEN_RUNTIME=onnxruntime`: no arena);
  default      today's defaults (OpenVINO where verified and measured faster).

With `--rounds 2` the configurations run again in reverse order. Results: bench/results/memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "memory.json"
CONFIGS = ("before", "onnxruntime", "default")


def child(config: str, paths: list[str]) -> dict:
    """Runs in the fresh process: screen the photos, return peak RSS and times."""
    if config in ("before", "onnxruntime"):
        os.environ["IMGSCREEN_RUNTIME"] = "onnxruntime"
    import numpy as np

    from imgscreen import runtime
    from imgscreen.model import Photo
    from imgscreen.pipeline import Screener
    from imgscreen.policy import Policy

    policy = None
    if config == "before":
        init = runtime.OrtSession.__init__
        runtime.OrtSession.__init__ = lambda self, model, arena=True: init(self, model, arena=True)
        policy = Policy().replace("text", stop_at_reject=False, max_read_megapixels=1e9)
    screener = Screener(policy)
    screener.screen_photo(Photo(pixels=np.random.default_rng(0).integers(0, 256, (480, 640, 3), dtype=np.uint8)))
    warm = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    photos = []
    for p in paths:
        w, c = time.perf_counter(), time.process_time()
        r = screener.screen_file(p)[0]
        photos.append({"file": Path(p).name, "wall": round(time.perf_counter() - w, 2),
                       "cpu": round(time.process_time() - c, 2), "decision": r.decision.verdict})
    return {"config": config, "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "after_warmup_mb": round(warm), "photos": photos, "runtime": runtime.status(),
            "load1": round(os.getloadavg()[0], 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1].split(","))))
        return 0
    from bench import e2e

    gts, _ = e2e.ensure_synth(a.n)
    paths = ",".join(str(e2e.CACHE / "12mp" / g["file"]) for g in gts[: a.n])
    names = a.configs.split(",")
    runs = []
    for rnd in range(a.rounds):
        for cfg in (names if rnd % 2 == 0 else names[::-1]):
            proc = subprocess.run([sys.executable, "-m", "bench.memory", "--child", cfg, paths],
                                  capture_output=True, text=True, timeout=3600)
            if proc.returncode:
                print(f"{cfg} failed: {proc.stderr[-500:]}")
                continue
            rec = json.loads(proc.stdout.strip().splitlines()[-1])
            runs.append(rec)
            cpu = sum(p["cpu"] for p in rec["photos"]) / len(rec["photos"])
            wall = sum(p["wall"] for p in rec["photos"]) / len(rec["photos"])
            print(f"{cfg:12} peak {rec['peak_mb']:5d} MB (after warm-up {rec['after_warmup_mb']} MB); per photo "
                  f"CPU {cpu:.2f} s, wall {wall:.2f} s; load {rec['load1']}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"n": a.n, "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
