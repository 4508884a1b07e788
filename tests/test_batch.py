"""Batch workers: a hung or crashing photo costs one reject line, never the scan."""

from __future__ import annotations

import os
import time
from pathlib import Path

from imgscreen.batch import Task, run
from imgscreen.policy import Policy


def _init(policy):
    pass


def _screen(src: Path, root, out, show_text):
    if src.name.startswith("hang"):
        time.sleep(60)
    if src.name.startswith("crash"):
        os._exit(3)
    if src.name.startswith("raise"):
        raise RuntimeError("DOE JOHN")
    if src.name.startswith("hog"):
        hog = bytearray(400 * 2**20)  # touched: resident
        for i in range(0, len(hog), 4096):
            hog[i] = 1
        time.sleep(60)
    return {"path": str(src), "decision": "accept", "reasons": [], "findings": []}


def test_hang_crash_and_error_each_become_one_reject_and_the_rest_completes():
    names = ["a.jpg", "hang.jpg", "b.jpg", "crash.jpg", "raise.jpg", "c.jpg"]
    tasks = [Task(Path(n), Path("."), None, False) for n in names]
    start = time.monotonic()
    records = {Path(r["path"]).name: r for r in run(tasks, Policy(), 2, 2.0, _screen, _init)}
    assert time.monotonic() - start < 30
    assert set(records) == set(names)
    assert records["hang.jpg"]["decision"] == "reject" and "timed out" in records["hang.jpg"]["reasons"][0]
    assert records["crash.jpg"]["decision"] == "reject" and "crashed" in records["crash.jpg"]["reasons"][0]
    assert records["raise.jpg"]["decision"] == "reject" and "DOE" not in str(records["raise.jpg"])
    assert all(records[n]["decision"] == "accept" for n in ("a.jpg", "b.jpg", "c.jpg"))


def test_a_photo_over_the_memory_cap_is_rejected_and_the_rest_completes():
    from imgscreen.batch import rss_mb

    assert (rss_mb(os.getpid()) or 0) > 1
    # A worker here loads no models (~50 MB); the hog touches 400 MB more.
    policy = Policy().replace("limits", worker_memory_mb=250)
    names = ["a.jpg", "hog.jpg", "b.jpg"]
    tasks = [Task(Path(n), Path("."), None, False) for n in names]
    records = {Path(r["path"]).name: r for r in run(tasks, policy, 1, 30.0, _screen, _init)}
    assert records["hog.jpg"]["decision"] == "reject" and "memory cap" in records["hog.jpg"]["reasons"][0]
    assert records["a.jpg"]["decision"] == "accept" and records["b.jpg"]["decision"] == "accept"


def test_workers_split_the_cores_between_them(monkeypatch):
    from imgscreen.modelfiles import THREADS_ENV, onnx_threads

    monkeypatch.setenv(THREADS_ENV, "3")
    assert onnx_threads() == 3
    monkeypatch.setenv(THREADS_ENV, "not a number")
    assert onnx_threads() >= 1
    monkeypatch.delenv(THREADS_ENV)
    assert onnx_threads() == len(os.sched_getaffinity(0))


def _threads_screen(src: Path, root, out, show_text):
    from imgscreen.batch import thread_settings

    oom = Path("/proc/self/oom_score_adj")  # read by the Ray test: an actor is no likelier an OOM victim
    return {"path": str(src), "decision": "accept", "reasons": [], "findings": [], "threads": thread_settings(),
            "oom_score_adj": oom.read_text().strip() if oom.exists() else None}


def test_a_worker_runs_every_thread_pool_at_its_share_of_the_cores(monkeypatch):
    """The same settings a Ray actor gets (tests/test_ray_engine.py), whatever the parent had."""
    from imgscreen.batch import THREAD_VARS
    from imgscreen.modelfiles import THREADS_ENV

    monkeypatch.setenv(THREADS_ENV, "4")  # this process may use 4 threads, so 2 workers get 2 each
    monkeypatch.setenv("OMP_NUM_THREADS", "7")  # a parent's setting does not leak into the workers
    tasks = [Task(Path(f"{i}.jpg"), Path("."), None, False) for i in range(2)]
    records = list(run(tasks, Policy(), 2, 60.0, _threads_screen, _init))
    assert len(records) == 2
    for record in records:
        assert record["threads"] == {**{name: "2" for name in THREAD_VARS}, "cv2": 2}
