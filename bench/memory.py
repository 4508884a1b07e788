"""Peak memory of one screening process per configuration (issue 17), each in a fresh process.

    python -m bench.memory [--n 3] [--configs before,onnxruntime,default] [--rounds 1] [--size 12mp]
                           [--checkout DIR] [--stages]

Each configuration screens the same 12 MP synth photos (bench.e2e's cache; `--size 4mp|2mp`: the
same resized) in its own fresh process, after one small warm-up photo, and reports its peak resident
memory (`ru_maxrss`), the resident memory after the warm-up, and CPU / wall seconds per photo:

  before       onnxruntime with its CPU memory arena for every model, reading every region (the
               tool before issue 17);
  onnxruntime  today's code on onnxruntime only (`IMGSCREEN_RUNTIME=onnxruntime`: no arena);
  default      today's defaults (OpenVINO where verified and measured faster);
  checkout     with `--checkout DIR`: the imgscreen package of another checkout (say the main branch
               before a change) with its defaults, screened by this same harness: a baseline in the
               same run.

With `--rounds 2` the configurations run again in reverse order. `--stages` also samples the
resident memory every 3 ms in the child and prints the highest value seen while each stage (and each
model call inside it, by input shape) ran, on the main thread and on the helper thread beside it:
where the peak is. A photo's result is dropped before the next photo is screened, as `scan` does
(holding it kept the previous 12 MP photo, its safe copy and its levels resident: ~0.2 GB).
Results: bench/results/memory.json.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "memory.json"
CONFIGS = ("before", "onnxruntime", "default")


def _rss_mb() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class StageSampler:
    """Resident memory sampled on a thread, labelled with what each screening thread was doing."""

    def __init__(self) -> None:
        self.labels: dict[str, list[str]] = {}
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            mb = _rss_mb()
            for thread, stack in list(self.labels.items()):
                if stack:
                    key = f"{'beside ' if thread != 'MainThread' else ''}{'/'.join(stack)}"
                    self.peak[key] = max(self.peak.get(key, 0.0), mb)
            self._stop.wait(0.003)

    @contextlib.contextmanager
    def label(self, name: str) -> Iterator[None]:
        stack = self.labels.setdefault(threading.current_thread().name, [])
        stack.append(name)
        try:
            yield
        finally:
            stack.pop()

    def install(self) -> None:
        """Label the pipeline's stages, the verify pass and every model call (by class and input shape)."""
        from imgscreen import pipeline, runtime

        run_stage, verify = pipeline._run_stage, pipeline.Screener._redact_and_verify

        def staged(name: str, fn: Any) -> Any:
            with self.label(name):
                return run_stage(name, fn)

        def verified(screener: Any, result: Any) -> None:
            with self.label("masks+verify"):
                verify(screener, result)

        pipeline._run_stage, pipeline.Screener._redact_and_verify = staged, verified
        for cls in (runtime.OrtSession, runtime.OvSession):
            def run(sess: Any, outputs: Any, feeds: dict, _run: Any = cls.run, _name: str = cls.__name__) -> Any:
                shape = "x".join(str(d) for d in next(iter(feeds.values())).shape)
                with self.label(f"{_name}({shape})"):
                    return _run(sess, outputs, feeds)
            cls.run = run  # type: ignore[method-assign]
        self._thread.start()

    def top(self, n: int = 12) -> list[list[Any]]:
        self._stop.set()
        return [[k, round(v)] for k, v in sorted(self.peak.items(), key=lambda kv: -kv[1])[:n]]


def digest(result: Any) -> str:
    """One short hash of a result's decision, findings (kind, label, box, text) and lines (text,
    polygon): equal digests, equal outputs. Only the hash leaves the process, never the text."""
    parts = [result.decision.verdict, *result.decision.reasons]
    parts += [f"{f.kind}|{f.label}|{f.detector}|{f.bbox}|{f.text}" for f in result.findings]
    parts += [f"{ln.text}|{ln.polygon}" for ln in result.lines]
    return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:16]


def child(config: str, paths: list[str], stages: bool = False) -> dict:
    """Runs in the fresh process: screen the photos, return peak RSS and times."""
    if config in ("before", "onnxruntime"):
        os.environ["IMGSCREEN_RUNTIME"] = "onnxruntime"
    if config.startswith("checkout="):  # that checkout's imgscreen, not this one's
        sys.path.insert(0, str(Path(config.split("=", 1)[1]).resolve()))
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
    warm = _rss_mb()
    sampler = StageSampler() if stages else None
    if sampler is not None:
        sampler.install()
    photos = []
    for p in paths:
        w, c = time.perf_counter(), time.process_time()
        r = screener.screen_file(p)[0]
        photos.append({"file": Path(p).name, "wall": round(time.perf_counter() - w, 2),
                       "cpu": round(time.process_time() - c, 2), "decision": r.decision.verdict,
                       "findings": len(r.findings), "lines": len(r.lines), "digest": digest(r)})
        del r  # as scan does: the next photo is screened without this one's pixels held
    out = {"config": config, "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
           "after_warmup_mb": round(warm), "photos": photos, "runtime": runtime.status(),
           "load1": round(os.getloadavg()[0], 1)}
    if sampler is not None:
        out["stage_peaks_mb"] = sampler.top()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=3)
    ap.add_argument("--configs", default=",".join(CONFIGS))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--size", default="12mp", choices=("12mp", "4mp", "2mp"),
                    help="bench.e2e's synth photos at this size")
    ap.add_argument("--checkout", help="also screen with the imgscreen package of this checkout (a baseline)")
    ap.add_argument("--stages", action="store_true", help="sample memory per stage and model call (where the peak is)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child[0], a.child[1].split(","), a.stages)))
        return 0
    from bench import e2e

    gts, _ = e2e.ensure_synth(a.n)
    if a.size == "4mp":
        e2e.resized(gts, e2e.SIZE_4MP, e2e.CACHE / "4mp")
    paths = ",".join(str(e2e.CACHE / a.size / g["file"]) for g in gts[: a.n])
    names = a.configs.split(",") + ([f"checkout={a.checkout}"] if a.checkout else [])
    runs = []
    for rnd in range(a.rounds):
        for cfg in (names if rnd % 2 == 0 else names[::-1]):
            proc = subprocess.run([sys.executable, "-m", "bench.memory", "--child", cfg, paths,
                                   *(["--stages"] if a.stages else [])],
                                  capture_output=True, text=True, timeout=3600)
            if proc.returncode:
                print(f"{cfg} failed: {proc.stderr[-500:]}")
                continue
            rec = json.loads(proc.stdout.strip().splitlines()[-1])
            runs.append(rec)
            cpu = sum(p["cpu"] for p in rec["photos"]) / len(rec["photos"])
            wall = sum(p["wall"] for p in rec["photos"]) / len(rec["photos"])
            print(f"{cfg[:12]:12} peak {rec['peak_mb']:5d} MB (after warm-up {rec['after_warmup_mb']} MB); per photo "
                  f"CPU {cpu:.2f} s, wall {wall:.2f} s; load {rec['load1']}", flush=True)
            for where, mb in rec.get("stage_peaks_mb", []):
                print(f"    {mb:5d} MB  {where}")
    by_cfg = {r["config"]: [p["digest"] for p in r["photos"]] for r in runs}
    for cfg, digests in by_cfg.items():
        if cfg != names[0]:
            same = sum(a == b for a, b in zip(digests, by_cfg.get(names[0], []), strict=False))
            print(f"same decision, findings and lines as {names[0]}: {cfg[:24]} {same}/{len(digests)}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"n": a.n, "size": a.size, "runs": runs, "loadavg_end": os.getloadavg()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
