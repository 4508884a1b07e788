"""Batch throughput: `imgscreen scan` on the local pool and on Ray, the same photos, in the same run.

Method. The photos (default: the four demo photos of samples/ copied 10 times, 40 photos of 1600 x 1200)
are scanned by the real `imgscreen scan` command, in this process, once per configuration, in the order
local 1 worker, Ray 1 actor, local 2 workers, Ray 2 actors (and again for each `--rounds`, every second
round with Ray first), so the machine's load falls on both engines alike. A configuration's time is the
whole scan (workers or actors starting and loading their models, every photo, the report), from
`cli.main` called to returned. Ray runs
on a local instance of this machine started once before the runs; its start-up is timed and printed
apart (a cluster is started once and serves many scans). Thread counts match between engines: one local
worker runs its models on every core, so one Ray actor asks for every core (`--actor-cpus`); with two,
each gets one.

Equality. Every Ray scan's report (times left out) and safe copies are compared byte for byte with the
local scan at the same worker count.

Where the time goes. Each photo's time inside its worker is in the report (`seconds`: load, screen,
write); the table prints its median, and "outside": the scan's wall time less the photos' time inside
the workers divided by the workers, i.e. start-up (processes or actors, model loading), hand-out and
the report, plus any idle worker at the end. On a shared machine the inside time moves with the load;
compare an engine's outside time and inside time with the local run beside it.

Engine overhead per photo. The same engines hand out `--noop` photos (default 300) to a screen function
that returns at once: what is left is the engine's own cost per photo (dispatch, result transfer,
bookkeeping), from the first record to the last, and the start-up until the first record.

Prints a table; raw results go to bench/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results" / "batch.json"
SAMPLES = ROOT.parent / "samples"


def _noop_init(policy: Any) -> None:
    pass


def _noop_screen(src: Path, root: Path, out_dir: Path | None, show_text: bool) -> dict[str, Any]:
    return {"path": str(src), "decision": "accept", "reasons": [], "findings": []}


def _photos(folder: Path, source: Path, copies: int) -> int:
    folder.mkdir(parents=True)
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in (".jpg", ".jpeg", ".png"))
    for i in range(copies):
        for f in files:
            shutil.copyfile(f, folder / f"{i:02d}_{f.name}")
    return len(files) * copies


def _timeless(value: Any, out: str) -> Any:
    if isinstance(value, dict):
        return {k: _timeless(v, out) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_timeless(v, out) for v in value]
    if isinstance(value, str) and value.startswith(out):
        return "OUT" + value[len(out):]
    return value


def _differences(a: Path, b: Path) -> list[str]:
    """What differs between two scans (`a`, `b` hold r.jsonl and out/): paths of differing records and files."""
    ra = [json.loads(x) for x in (a / "r.jsonl").read_text().splitlines()]
    rb = [json.loads(x) for x in (b / "r.jsonl").read_text().splitlines()]
    diff = []
    if len(ra) != len(rb):
        diff.append(f"{len(ra)} vs {len(rb)} records")
    for x, y in zip(ra, rb, strict=False):
        if _timeless(x, str(a / "out")) != _timeless(y, str(b / "out")):
            diff.append(f"record {Path(x['path']).name}")
    fa = {p.relative_to(a / "out"): p for p in (a / "out").rglob("*") if p.is_file()}
    fb = {p.relative_to(b / "out"): p for p in (b / "out").rglob("*") if p.is_file()}
    diff += [f"file {k}" for k in sorted(set(fa) ^ set(fb))]
    diff += [f"bytes {k}" for k in sorted(set(fa) & set(fb)) if fa[k].read_bytes() != fb[k].read_bytes()]
    return diff


def _scan(photos: Path, work: Path, engine: str, workers: int, cores: int) -> float:
    from imgscreen import cli

    argv = ["scan", str(photos), "--out", str(work / "out"), "--report", str(work / "r.jsonl"), "--quiet",
            "--workers", str(workers), "--engine", engine]
    if engine == "ray":
        argv += ["--actor-cpus", str(max(1, cores // workers))]
    start = time.perf_counter()
    code = cli.main(argv)
    seconds = time.perf_counter() - start
    if code not in (cli.EXIT_OK, cli.EXIT_PHI):
        raise SystemExit(f"scan failed with exit code {code} ({engine}, {workers})")
    return seconds


def _inside(work: Path) -> list[float]:
    """Each photo's time inside its worker (the report's `seconds`: load, screen, write its safe copy)."""
    return [json.loads(x)["seconds"] for x in (work / "r.jsonl").read_text().splitlines()]


def _noop(engine: str, workers: int, n: int, cores: int) -> dict[str, float]:
    from imgscreen import batch, ray_engine
    from imgscreen.batch import Task
    from imgscreen.policy import Policy

    tasks = [Task(Path(f"/nonexistent/{i:05d}.jpg"), Path("/nonexistent"), None, False) for i in range(n)]
    if engine == "local":
        run = batch.run(tasks, Policy(), workers, 60, _noop_screen, _noop_init)
    else:
        run = ray_engine.run(tasks, Policy(), workers, 60, _noop_screen, _noop_init,
                             cpus_per_actor=max(1, cores // workers))
    start = time.perf_counter()
    first = None
    count = 0
    for _ in run:
        count += 1
        if first is None:
            first = time.perf_counter()
    end = time.perf_counter()
    assert count == n and first is not None
    return {"startup_s": first - start, "per_photo_ms": (end - first) / max(1, n - 1) * 1000}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--photos", type=Path, default=SAMPLES, help="folder of photos to copy (default: samples/)")
    ap.add_argument("--copies", type=int, default=10, help="copies of each photo (default 10: 40 photos)")
    ap.add_argument("--rounds", type=int, default=1, help="repeat the four scans, alternating (default 1)")
    ap.add_argument("--noop", type=int, default=300, help="photos for the engine-overhead runs (default 300)")
    ap.add_argument("--quick", action="store_true", help="1 copy, 100 no-op photos")
    args = ap.parse_args(argv)
    if args.quick:
        args.copies, args.noop = 1, 100

    from imgscreen import ray_engine

    cores = len(os.sched_getaffinity(0))
    work = Path(tempfile.mkdtemp(prefix="imgscreen-bench-batch-"))
    try:
        n = _photos(work / "photos", args.photos, args.copies)
        load0 = os.getloadavg()[0]
        start = time.perf_counter()
        with ray_engine.connected(None, num_cpus=cores) as ray:
            ray_start = time.perf_counter() - start
            runs: list[dict[str, Any]] = []
            for r in range(args.rounds):
                for workers in (1, 2):
                    for engine in ("local", "ray") if r % 2 == 0 else ("ray", "local"):  # ABBA across rounds
                        d = work / f"{engine}{workers}-{r}"
                        seconds = _scan(work / "photos", d, engine, workers, cores)
                        inside = _inside(d)
                        runs.append({"engine": engine, "workers": workers, "round": r, "seconds": seconds,
                                     "photos_per_min": n / seconds * 60, "dir": str(d),
                                     "inside_median_s": statistics.median(inside),
                                     "outside_s": seconds - sum(inside) / workers,
                                     "load_avg": os.getloadavg()[0]})
                        print(f"  {engine:5} {workers}: {seconds:6.1f} s  {n / seconds * 60:5.1f} photos/min, "
                              f"{statistics.median(inside):.2f} s per photo inside a worker, "
                              f"load {os.getloadavg()[0]:.1f}", flush=True)
            noop = {f"{e}{w}": _noop(e, w, args.noop, cores) for w in (1, 2) for e in ("local", "ray")}
            ray_version = ray.__version__
        load1 = os.getloadavg()[0]
        for run in runs:
            if run["engine"] == "ray":
                run["differences_vs_local"] = _differences(work / f"local{run['workers']}-{run['round']}",
                                                           Path(run["dir"]))
        local_1_vs_2 = _differences(work / "local1-0", work / "local2-0")
        out = {"date": time.strftime("%Y-%m-%d %H:%M"), "photos": n, "source": str(args.photos), "cores": cores,
               "ray": ray_version, "ray_start_s": ray_start, "load_avg": [load0, load1], "runs": runs,
               "noop": noop, "noop_photos": args.noop, "local_1_vs_2_workers": local_1_vs_2}
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(out, indent=1))
        _print(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _print(out: dict[str, Any]) -> None:
    print(f"\nbench.batch {out['date']}: {out['photos']} photos from {out['source']}, {out['cores']} cores, "
          f"Ray {out['ray']}, load average {out['load_avg'][0]:.1f} -> {out['load_avg'][1]:.1f}")
    print(f"{'engine':8}{'workers':>8}{'round':>6}{'wall s':>9}{'photos/min':>12}{'vs local':>10}"
          f"{'s/photo in worker':>19}{'outside s':>11}{'load':>6}  same as local")
    local = {(r["workers"], r["round"]): r["seconds"] for r in out["runs"] if r["engine"] == "local"}
    for r in out["runs"]:
        base = local[(r["workers"], r["round"])]
        vs = f"{(r['seconds'] - base) / base * 100:+.1f}%" if r["engine"] == "ray" else "baseline"
        same = ""
        if r["engine"] == "ray":
            d = r["differences_vs_local"]
            same = "yes, byte for byte" if not d else f"NO: {len(d)} differ ({', '.join(d[:3])})"
        print(f"{r['engine']:8}{r['workers']:>8}{r['round']:>6}{r['seconds']:>9.1f}{r['photos_per_min']:>12.1f}"
              f"{vs:>10}{r['inside_median_s']:>19.2f}{r['outside_s']:>11.1f}{r['load_avg']:>6.1f}  {same}")
    print(f"Ray local instance start (once, not in the times above): {out['ray_start_s']:.1f} s")
    print(f"engine cost with a screen that returns at once ({out['noop_photos']} photos): per photo / start-up")
    for key, v in out["noop"].items():
        print(f"  {key:7} {v['per_photo_ms']:7.2f} ms / {v['startup_s']:5.2f} s")
    d = out["local_1_vs_2_workers"]
    print("local 1 worker vs 2 workers (model threads 2 vs 1): " + ("identical" if not d else f"{len(d)} differ"))


if __name__ == "__main__":
    raise SystemExit(main())
