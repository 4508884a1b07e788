"""Folder scans in worker processes, with a hard per-photo time-out and crash isolation.

Why processes and not threads: a decoder or a native model can hang or crash on a hostile file, and
a thread cannot be stopped. Each worker is a process with its own `Screener` (models load once per
worker); the parent hands out one photo at a time (a bounded queue: never more photos in flight than
workers), kills a worker that runs past the time-out and starts a fresh one. Either way the photo gets
a `reject` line saying why, and the scan goes on. The same holds for memory: a worker whose resident
memory passes `limits.worker_memory_mb` while on a photo is killed and the photo rejected as over the
memory cap (checked every quarter second; a 12 MP photo peaks at ~1.2 GB, see bench/README.md).
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .modelfiles import THREADS_ENV, onnx_threads
from .policy import Policy

ScreenFn = Callable[[Path, Path, Path | None, bool], dict[str, Any]]


@dataclass(frozen=True)
class Task:
    src: Path
    root: Path
    out_dir: Path | None
    show_text: bool


# What the libraries in a worker read for the size of their thread pools: onnxruntime (through
# modelfiles.onnx_threads), OpenMP and the BLAS that numpy ships (read when they load).
THREAD_VARS = (THREADS_ENV, "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def use_threads(threads: int) -> None:
    """Give this worker process `threads` threads in every library that has a pool, whichever engine started it.

    Why both engines call it, before any model loads: a Ray actor starts with OMP_NUM_THREADS set to its
    CPUs by Ray, a local worker with the parent's (usually unset: every core), and OpenCV sizes its pool
    from the machine's cores in both, so two workers on two cores ran two OpenCV (and BLAS) threads each.
    The same settings in both give the same work per photo on either engine; fewer threads than cores
    per worker is also what keeps workers from preempting each other (modelfiles.onnx_threads).
    """
    threads = max(1, int(threads))
    for name in THREAD_VARS:
        os.environ[name] = str(threads)
    import cv2  # imported by every screening stage anyway; its pool is sized when first used

    cv2.setNumThreads(threads)


def thread_settings() -> dict[str, Any]:
    """What `use_threads` set, as this process sees it (for tests and the benchmark)."""
    import cv2

    return {**{name: os.environ.get(name) for name in THREAD_VARS}, "cv2": cv2.getNumThreads()}


def _worker_main(conn: Connection, policy: Policy, screen_one: ScreenFn, init: Callable[[Policy], None],
                 threads: int = 0) -> None:
    if threads:  # before any model session exists (see modelfiles.onnx_threads)
        use_threads(threads)
    init(policy)
    while True:
        task = conn.recv()
        if task is None:
            return
        try:
            record = screen_one(task.src, task.root, task.out_dir, task.show_text)
        except Exception as e:  # noqa: BLE001 - a worker must answer for every photo it takes
            record = failed_record(task.src, f"internal error ({type(e).__name__})")
        conn.send(record)


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (Linux /proc), or None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return None


def failed_record(src: Path, reason: str, seconds: float = 0.0) -> dict[str, Any]:
    from . import __version__
    from .report import SCHEMA

    return {"schema": SCHEMA, "tool_version": __version__, "path": str(src), "decision": "reject",
            "reasons": [f"could not screen: {reason}"], "frames": 0, "findings": [],
            "stages": [{"stage": "worker", "ok": False, "seconds": round(seconds, 3), "error": reason}],
            "verify": {}, "overrides": [], "output": None, "seconds": round(seconds, 3), "failed": True}


class _Worker:
    def __init__(self, ctx: Any, policy: Policy, screen_one: ScreenFn, init: Callable[[Policy], None],
                 threads: int = 0) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, policy, screen_one, init, threads),
                                   daemon=True)
        self.process.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


def run(
    tasks: Iterable[Task],
    policy: Policy,
    workers: int,
    timeout_s: float,
    screen_one: ScreenFn,
    init: Callable[[Policy], None],
) -> Iterator[dict[str, Any]]:
    """Yield one report record per task, in completion order."""
    ctx = mp.get_context("forkserver")
    pending = iter(tasks)
    threads = max(1, onnx_threads() // max(1, workers))
    cap_mb = policy.limits.worker_memory_mb
    pool = [_Worker(ctx, policy, screen_one, init, threads) for _ in range(max(1, workers))]
    exhausted = False
    try:
        while True:
            for w in pool:
                if w.task is None and not exhausted:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                    else:
                        w.give(task)
            busy = [w for w in pool if w.task is not None]
            if not busy:
                return
            ready = wait([w.conn for w in busy], timeout=0.25)
            now = time.monotonic()
            for i, w in enumerate(pool):
                if w.task is None:
                    continue
                if w.conn in ready:
                    try:
                        record = w.conn.recv()
                    except (EOFError, OSError):
                        record = failed_record(w.task.src, "the screening process crashed on this file",
                                               now - w.started)
                        w.stop(kill=True)
                        pool[i] = _Worker(ctx, policy, screen_one, init, threads)
                        yield record
                        continue
                    w.task = None
                    yield record
                elif not w.process.is_alive():
                    record = failed_record(w.task.src, "the screening process crashed on this file", now - w.started)
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, policy, screen_one, init, threads)
                    yield record
                elif now - w.started > timeout_s:
                    record = failed_record(w.task.src, f"timed out after {timeout_s:.0f} s", now - w.started)
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, policy, screen_one, init, threads)
                    yield record
                elif cap_mb and (rss_mb(w.process.pid) or 0.0) > cap_mb:
                    record = failed_record(w.task.src, f"needed more than the {cap_mb} MB memory cap of a worker",
                                           now - w.started)
                    w.stop(kill=True)
                    pool[i] = _Worker(ctx, policy, screen_one, init, threads)
                    yield record
    finally:
        for w in pool:
            w.stop(kill=w.task is not None)
