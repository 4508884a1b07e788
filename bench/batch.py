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
the report, plus any idle worker at the end. Beside it, the CPU time the worker process spent on each
photo (`time.process_time`, all its threads, Ray's own included; the scans run `_timed_screen_one`, the
CLI's screen function plus that clock, so the records carry `cpu_seconds`, left out of the comparison).
CPU time says whether an engine does more work per photo (threads, copies); wall time over CPU time
says how much of the cores the worker got, which on a shared machine is mostly the others' load.

Photo by photo. Whole scans run minutes apart, and on a shared machine the load moves by half in that
time. So `--alternate` photos are also screened on a local worker pool and on Ray actors that both stay
up (models loaded), the engines taking turns photo by photo (the first of each pair alternating), and
the ratio of their per-photo wall and CPU times is the engine's effect on screening itself, with the
load the same for both. Hand-out is the same code as the engines (`batch._Worker`, `ScreenActor`).

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


def _timed_screen_one(src: Path, root: Path, out_dir: Path | None, show_text: bool) -> dict[str, Any]:
    """The CLI's screen function, and the CPU time this worker process spent on the photo (every thread)."""
    from imgscreen import cli

    cpu = time.process_time()
    record = cli._screen_one(src, root, out_dir, show_text)
    record["cpu_seconds"] = round(time.process_time() - cpu, 3)
    return record


def _timeless(value: Any, out: str) -> Any:
    if isinstance(value, dict):
        return {k: _timeless(v, out) for k, v in value.items() if k not in ("seconds", "cpu_seconds")}
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


def _scan(photos: Path, work: Path, engine: str, workers: int, cores: int) -> tuple[float, int]:
    from bench import batch as this  # not __main__: worker processes import it by this name
    from imgscreen import cli

    argv = ["scan", str(photos), "--out", str(work / "out"), "--report", str(work / "r.jsonl"), "--quiet",
            "--workers", str(workers), "--engine", engine]
    if engine == "ray":
        argv += ["--actor-cpus", str(max(1, cores // workers))]
    real, cli._screen_one = cli._screen_one, this._timed_screen_one
    try:
        start = time.perf_counter()
        code = cli.main(argv)
        seconds = time.perf_counter() - start
    finally:
        cli._screen_one = real
    if code not in (cli.EXIT_OK, cli.EXIT_PHI, cli.EXIT_ERRORS):
        raise SystemExit(f"scan failed with exit code {code} ({engine}, {workers})")
    return seconds, code  # EXIT_ERRORS: a photo could not be screened; counted, and the run goes on


def _inside(work: Path, key: str = "seconds") -> list[float]:
    """Each photo's time inside its worker (the report's `seconds`: load, screen, write its safe copy), or its
    CPU time there (`cpu_seconds`)."""
    return [json.loads(x).get(key, 0.0) for x in (work / "r.jsonl").read_text().splitlines()]


def _session_cpu(exclude: set[int]) -> float:
    """CPU seconds used so far by the processes of this session but `exclude` (the workers): the driver, Ray's
    daemons and idle workers, the forkserver. Under Linux's autogroup scheduling they share one slice of the
    machine with the workers, so what they burn during a photo comes out of the worker's share."""
    session, total = os.getsid(0), 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # fields after "(comm)": state ppid pgrp session ... utime(11) stime(12)
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _alternate(photos: list[Path], work: Path, workers: int, cores: int, ray: Any) -> dict[str, Any]:
    """Per-photo wall and CPU time on a local pool and on Ray actors, both kept up, taking turns photo by photo."""
    import multiprocessing as mp

    from bench import batch as this
    from imgscreen import batch, cli, ray_engine
    from imgscreen.batch import Task
    from imgscreen.policy import Policy

    threads = max(1, cores // workers)
    policy = Policy()
    pool = [batch._Worker(mp.get_context("forkserver"), policy, this._timed_screen_one, cli._init_worker, threads)
            for _ in range(workers)]
    actor_cls = ray.remote(ray_engine.ScreenActor).options(num_cpus=threads, max_restarts=0)
    actors = [actor_cls.remote(policy, this._timed_screen_one, cli._init_worker, threads) for _ in range(workers)]
    rows: dict[str, list[dict[str, float]]] = {"local": [], "ray": []}
    try:
        exclude = set(ray.get([a.ready.remote() for a in actors])) | {w.process.pid for w in pool}
        groups = [photos[i:i + workers] for i in range(0, len(photos) - workers + 1, workers)]
        for i, group in enumerate([groups[0], *groups]):  # the first group again: a warm-up, not counted
            for engine in ("local", "ray") if i % 2 == 0 else ("ray", "local"):
                tasks = [Task(p, p.parent, work / f"alt-{engine}{workers}", False) for p in group]
                start, others = time.perf_counter(), _session_cpu(exclude)
                if engine == "local":
                    for w, t in zip(pool, tasks, strict=False):
                        w.give(t)
                    records = [w.conn.recv() for w in pool[:len(tasks)]]
                    for w in pool:
                        w.task = None
                else:
                    records = ray.get([a.screen.remote(t) for a, t in zip(actors, tasks, strict=False)])
                wall, others = time.perf_counter() - start, _session_cpu(exclude) - others
                if i == 0:
                    continue
                rows[engine] += [{"wall_s": r["seconds"], "cpu_s": r["cpu_seconds"], "group_wall_s": wall,
                                  "others_cpu_s": others / len(records), "load": os.getloadavg()[0]}
                                 for r in records]
    finally:
        for w in pool:
            w.stop()
        for a in actors:
            ray.kill(a, no_restart=True)
    out: dict[str, Any] = {"workers": workers, "photos": len(rows["local"]), "rows": rows}
    for engine, r in rows.items():
        out[engine] = {"wall_s": sum(x["wall_s"] for x in r), "cpu_s": sum(x["cpu_s"] for x in r),
                       "group_wall_s": sum(x["group_wall_s"] for x in r) / workers,
                       "others_cpu_s": sum(x["others_cpu_s"] for x in r)}
    out["ray_vs_local"] = {k: out["ray"][k] / out["local"][k] for k in ("wall_s", "cpu_s", "group_wall_s")}
    return out


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
    ap.add_argument("--rounds", type=int, default=1,
                    help="repeat the four scans, alternating (default 1; 0: only the photo-by-photo turns)")
    ap.add_argument("--noop", type=int, default=300, help="photos for the engine-overhead runs (default 300)")
    ap.add_argument("--alternate", type=int, default=8, metavar="N",
                    help="photos screened on each engine taking turns photo by photo, per worker count (default 8)")
    ap.add_argument("--alternate-workers", default="1,2", metavar="W,..",
                    help="worker counts for --alternate (default 1,2; each keeps a pool and actors up: 2W screeners)")
    ap.add_argument("--quick", action="store_true", help="1 copy, 100 no-op photos, 4 photos taking turns")
    args = ap.parse_args(argv)
    if args.quick:
        args.copies, args.noop, args.alternate = 1, 100, 4

    from imgscreen import ray_engine

    cores = len(os.sched_getaffinity(0))
    # Ray's workers import `bench.batch._timed_screen_one` by name: the repository on their path (Ray started
    # below passes this environment on to them).
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT.parent), os.environ.get("PYTHONPATH")) if p)
    work = Path(tempfile.mkdtemp(prefix="imgscreen-bench-batch-"))
    try:
        n = _photos(work / "photos", args.photos, args.copies)
        load0 = os.getloadavg()[0]
        start = time.perf_counter()
        with ray_engine.connected(None, num_cpus=cores) as ray:
            ray_start = time.perf_counter() - start
            every = sorted((work / "photos").iterdir())
            turns = [every[i % len(every)] for i in range(args.alternate)]
            alternate = [_alternate(turns, work, int(w), cores, ray)
                         for w in args.alternate_workers.split(",")] if args.alternate else []
            for a in alternate:
                print(f"  photo by photo, {a['workers']} worker(s): Ray / local wall "
                      f"{a['ray_vs_local']['wall_s']:.3f}, CPU {a['ray_vs_local']['cpu_s']:.3f}, "
                      f"load {os.getloadavg()[0]:.1f}", flush=True)
            _save({"partial": True, "alternate": alternate})
            runs: list[dict[str, Any]] = []
            for r in range(args.rounds):
                for workers in (1, 2):
                    for engine in ("local", "ray") if r % 2 == 0 else ("ray", "local"):  # ABBA across rounds
                        d = work / f"{engine}{workers}-{r}"
                        seconds, code = _scan(work / "photos", d, engine, workers, cores)
                        inside, cpu = _inside(d), _inside(d, "cpu_seconds")
                        failed = [r.get("reasons", [""])[0] for r in map(json.loads, (d / "r.jsonl").read_text()
                                                                           .splitlines()) if r.get("failed")]
                        runs.append({"engine": engine, "workers": workers, "round": r, "seconds": seconds,
                                     "photos_per_min": n / seconds * 60, "dir": str(d),
                                     "inside_median_s": statistics.median(inside),
                                     "cpu_median_s": statistics.median(cpu), "cpu_total_s": sum(cpu),
                                     "outside_s": seconds - sum(inside) / workers,
                                     "load_avg": os.getloadavg()[0], "exit_code": code, "failed": failed})
                        print(f"  {engine:5} {workers}: {seconds:6.1f} s  {n / seconds * 60:5.1f} photos/min, "
                              f"{statistics.median(inside):.2f} s per photo inside a worker "
                              f"({statistics.median(cpu):.2f} s CPU), "
                              f"load {os.getloadavg()[0]:.1f}" + (f", {len(failed)} FAILED" if failed else ""),
                              flush=True)
                        _save({"partial": True, "alternate": alternate, "runs": runs})  # what ran survives a crash
            noop = {f"{e}{w}": _noop(e, w, args.noop, cores) for w in (1, 2) for e in ("local", "ray")}
            ray_version = ray.__version__
        load1 = os.getloadavg()[0]
        for run in runs:
            if run["engine"] == "ray":
                run["differences_vs_local"] = _differences(work / f"local{run['workers']}-{run['round']}",
                                                           Path(run["dir"]))
        clean = [r["round"] for r in runs if r["engine"] == "local" and r["workers"] == 2 and not r["failed"]]
        local_1_vs_2 = _differences(work / f"local1-{clean[0]}", work / f"local2-{clean[0]}") if clean else ["none"]
        out = {"date": time.strftime("%Y-%m-%d %H:%M"), "photos": n, "source": str(args.photos), "cores": cores,
               "ray": ray_version, "ray_start_s": ray_start, "load_avg": [load0, load1], "runs": runs,
               "noop": noop, "noop_photos": args.noop, "local_1_vs_2_workers": local_1_vs_2,
               "alternate": alternate}
        _save(out)
        _print(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _save(out: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=1))


def _print(out: dict[str, Any]) -> None:
    print(f"\nbench.batch {out['date']}: {out['photos']} photos from {out['source']}, {out['cores']} cores, "
          f"Ray {out['ray']}, load average {out['load_avg'][0]:.1f} -> {out['load_avg'][1]:.1f}")
    print("whole scans (`imgscreen scan`, engines taking turns scan by scan):")
    print(f"{'engine':8}{'workers':>8}{'round':>6}{'wall s':>9}{'photos/min':>12}{'vs local':>10}"
          f"{'s/photo in worker':>19}{'CPU s/photo':>13}{'outside s':>11}{'load':>6}  same as local")
    local = {(r["workers"], r["round"]): r for r in out["runs"] if r["engine"] == "local"}
    for r in out["runs"]:
        base = local[(r["workers"], r["round"])]["seconds"]
        vs = f"{(r['seconds'] - base) / base * 100:+.1f}%" if r["engine"] == "ray" else "baseline"
        same = ""
        if r["engine"] == "ray":
            d = r["differences_vs_local"]
            same = "yes, byte for byte" if not d else f"NO: {len(d)} differ ({', '.join(d[:3])})"
        if r.get("failed"):
            same += f" ({len(r['failed'])} could not be screened: {r['failed'][0]})"
        print(f"{r['engine']:8}{r['workers']:>8}{r['round']:>6}{r['seconds']:>9.1f}{r['photos_per_min']:>12.1f}"
              f"{vs:>10}{r['inside_median_s']:>19.2f}{r.get('cpu_median_s', float('nan')):>13.2f}"
              f"{r['outside_s']:>11.1f}{r['load_avg']:>6.1f}  {same}")
    for workers in sorted({r["workers"] for r in out["runs"]}):
        # A pair where either scan had a photo that could not be screened (a time-out on an overloaded
        # machine, a worker killed for memory) compares different work: left out, and said so.
        pairs = [(r, local[(r["workers"], r["round"])]) for r in out["runs"]
                 if r["engine"] == "ray" and r["workers"] == workers]
        left_out = [r["round"] for r, b in pairs if r.get("failed") or b.get("failed")]
        ray = [r for r, b in pairs if r["round"] not in left_out]
        base = [b for r, b in pairs if r["round"] not in left_out]
        if not ray:
            print(f"  {workers} worker(s): no round without a failed photo to compare")
            continue
        wall = sum(r["seconds"] for r in ray) / sum(b["seconds"] for b in base)
        cpu = sum(r.get("cpu_total_s", 0) for r in ray) / max(1e-9, sum(b.get("cpu_total_s", 0) for b in base))
        print(f"  {workers} worker(s), {len(ray)} round(s): Ray / local wall {wall:.3f}, CPU in the workers {cpu:.3f}"
              + (f" (rounds {left_out} left out: failed photos)" if left_out else ""))
    if out.get("alternate"):
        print("photo by photo (pool and actors kept up, engines taking turns each photo; first pair not counted):")
        print(f"{'workers':>8}{'photos':>8}{'local wall s':>14}{'Ray wall s':>12}{'local CPU s':>13}{'Ray CPU s':>11}"
              f"{'Ray/local wall':>16}{'CPU':>7}{'driver':>8}{'rest of session CPU s, local / Ray':>37}{'load':>6}")
        for a in out["alternate"]:
            q = a["ray_vs_local"]
            load = statistics.mean(x["load"] for e in ("local", "ray") for x in a["rows"][e])
            print(f"{a['workers']:>8}{a['photos']:>8}{a['local']['wall_s']:>14.1f}{a['ray']['wall_s']:>12.1f}"
                  f"{a['local']['cpu_s']:>13.1f}{a['ray']['cpu_s']:>11.1f}{q['wall_s']:>16.3f}{q['cpu_s']:>7.3f}"
                  f"{q['group_wall_s']:>8.3f}"
                  f"{a['local'].get('others_cpu_s', 0):>29.1f} / {a['ray'].get('others_cpu_s', 0):<5.1f}{load:>6.1f}")
        print("  (wall and CPU: inside the workers; driver: as the driver saw it, hand-out and result included;"
              " rest of session: the driver, Ray's daemons, the forkserver, during the turns)")
    print(f"Ray local instance start (once, not in the times above): {out['ray_start_s']:.1f} s")
    print(f"engine cost with a screen that returns at once ({out['noop_photos']} photos): per photo / start-up")
    for key, v in out["noop"].items():
        print(f"  {key:7} {v['per_photo_ms']:7.2f} ms / {v['startup_s']:5.2f} s")
    d = out["local_1_vs_2_workers"]
    print("local 1 worker vs 2 workers (threads 2 vs 1): "
          + ("identical" if not d else "not compared (no clean round)" if d == ["none"] else f"{len(d)} differ"))


if __name__ == "__main__":
    raise SystemExit(main())
