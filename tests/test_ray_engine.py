"""`scan --engine ray` on a real two-node Ray cluster on this machine, compared with the local pool.

The cluster (`ray.cluster_utils.Cluster`) is a head node and a second node, each its own raylet with one
CPU, both on 127.0.0.1; every test drives the real CLI against its address. Where the models' speed is not
what is tested, the workers use `scan_fakes` (tests/ is on the cluster's PYTHONPATH): a worker is killed
mid-photo with SIGKILL, a driver is killed mid-run and resumed, a node is removed mid-run. One test screens
the real sample photos with the real models on both engines and compares them byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

# Read by Ray when it is imported: no usage statistics, and every node and driver on 127.0.0.1 (otherwise
# the driver turns 127.0.0.1 into the machine's outward address, where this cluster does not listen).
os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
ray = pytest.importorskip("ray", reason="needs Ray: pip install -e '.[ray]'")

import scan_fakes  # noqa: E402
from scan_fakes import LOG_ENV, make_photos  # noqa: E402

from imgscreen import cli  # noqa: E402

pytestmark = pytest.mark.slow  # a Ray cluster of fresh processes, and the real models on the samples

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DELAY = 0.15  # seconds per fake photo: long enough to kill a worker mid-photo


@pytest.fixture(scope="module")
def cluster():
    """A head node and a second node (one CPU each), separate raylets on 127.0.0.1; torn down after."""
    from ray.cluster_utils import Cluster

    tmp = Path(tempfile.mkdtemp(prefix="imgscreen-ray-"))  # short: Ray's socket paths must fit 107 bytes
    (tmp / "ray").mkdir()
    from imgscreen.ray_engine import LOCAL_ENV

    env = {
        **LOCAL_ENV,
        "RAY_TMPDIR": str(tmp),
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]),
        LOG_ENV: str(tmp / "screened.tsv"),
        scan_fakes.DELAY_ENV: str(DELAY),
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "node_ip_address": "127.0.0.1",
                                                      "include_dashboard": False})
    second = c.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    c.tmp, c.second = tmp, second
    try:
        yield c
    finally:
        c.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)  # Ray's logs and sockets (checked for PHI by a test below)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _screened(c) -> list[tuple[str, int]]:
    log = c.tmp / "screened.tsv"
    if not log.exists():
        return []
    return [(p, int(pid)) for p, pid in (ln.split("\t") for ln in log.read_text().splitlines() if "\t" in ln)]


def _records(report: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in report.read_text().splitlines()]


def _timeless(value: Any, out: Path | None = None) -> Any:
    """A record without what differs between any two runs (times) or by design (the --out folder)."""
    if isinstance(value, dict):
        return {k: _timeless(v, out) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_timeless(v, out) for v in value]
    if isinstance(value, str) and out is not None and value.startswith(str(out)):
        return "OUT" + value[len(str(out)):]
    return value


def _same_scan(a_report: Path, a_out: Path, b_report: Path, b_out: Path) -> None:
    a, b = _records(a_report), _records(b_report)
    assert [r["path"] for r in a] == [r["path"] for r in b]
    assert len({r["path"] for r in b}) == len(b)
    for ra, rb in zip(a, b, strict=True):
        assert _timeless(ra, a_out) == _timeless(rb, b_out), ra["path"]
    a_files = sorted(p.relative_to(a_out) for p in a_out.rglob("*") if p.is_file())
    b_files = sorted(p.relative_to(b_out) for p in b_out.rglob("*") if p.is_file())
    assert a_files == b_files
    for rel in a_files:
        assert (a_out / rel).read_bytes() == (b_out / rel).read_bytes(), rel


def _scan(folder: Path, out: Path, report: Path, *extra: str) -> int:
    return cli.main(["scan", str(folder), "--out", str(out), "--report", str(report), "--quiet", *extra])


def test_an_address_where_no_cluster_listens_is_a_usage_error_not_a_hang(tmp_path, capsys):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    make_photos(tmp_path / "in", 1)
    start = time.monotonic()
    code = _scan(tmp_path / "in", tmp_path / "out", tmp_path / "r.jsonl", "--engine", "ray",
                 "--address", f"127.0.0.1:{port}")
    assert code == cli.EXIT_USAGE and time.monotonic() - start < 15
    assert "no Ray cluster answers" in capsys.readouterr().err
    assert not (tmp_path / "r.jsonl").exists()


def test_ray_scan_with_a_worker_killed_mid_photo_equals_the_local_scan(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "_init_worker", scan_fakes.fake_init)
    photos = make_photos(tmp_path / "in", 24)
    assert _scan(tmp_path / "in", tmp_path / "local", tmp_path / "local.jsonl", "--workers", "2") == 1

    before = len(_screened(cluster))
    killed: list[tuple[str, int]] = []

    def kill_one_worker() -> None:  # the fifth photo's worker, while it screens it
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            seen = _screened(cluster)[before:]
            if len(seen) >= 5:
                killed.append(seen[4])
                os.kill(seen[4][1], signal.SIGKILL)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    code = _scan(tmp_path / "in", tmp_path / "ray", tmp_path / "ray.jsonl", "--engine", "ray",
                 "--address", cluster.address, "--workers", "2")
    killer.join()
    assert code == 1
    assert killed, "no worker was killed"
    _same_scan(tmp_path / "local.jsonl", tmp_path / "local", tmp_path / "ray.jsonl", tmp_path / "ray")
    assert {r["path"] for r in _records(tmp_path / "ray.jsonl")} == {str(p) for p in photos}
    # The killed worker's photo was screened again, by another process.
    seen = _screened(cluster)[before:]
    again = [pid for p, pid in seen if p == killed[0][0]]
    assert len(again) == 2 and again[1] != killed[0][1]


def test_hang_crash_and_error_on_the_cluster_each_become_one_reject(cluster, tmp_path, monkeypatch):
    from imgscreen import ray_engine
    from imgscreen.batch import Task
    from imgscreen.policy import Policy

    photos = make_photos(tmp_path, 4)
    for name in ("hang.jpg", "crash.jpg"):
        (tmp_path / name).write_bytes(photos[0].read_bytes())
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff not a jpeg")
    tasks = [Task(p, tmp_path, None, False) for p in sorted(tmp_path.glob("*.jpg"))]
    start = time.monotonic()
    with ray_engine.connected(cluster.address):
        records = {Path(r["path"]).name: r for r in ray_engine.run(tasks, Policy(), 2, 8.0, cli._screen_one,
                                                                   scan_fakes.fake_init)}
    assert time.monotonic() - start < 60
    assert sorted(records) == sorted(t.src.name for t in tasks)
    assert records["hang.jpg"]["decision"] == "reject" and "timed out" in records["hang.jpg"]["reasons"][0]
    assert records["crash.jpg"]["decision"] == "reject"
    assert "crashed" in records["crash.jpg"]["reasons"][0] and records["crash.jpg"]["failed"]
    assert records["broken.jpg"]["decision"] == "reject" and records["broken.jpg"]["failed"]
    assert all(not records[p.name].get("failed") for p in photos)


def test_when_no_actor_can_start_every_photo_is_a_reject_saying_why(cluster, tmp_path):
    from imgscreen import ray_engine
    from imgscreen.batch import Task
    from imgscreen.policy import Policy

    tasks = [Task(p, tmp_path, None, False) for p in make_photos(tmp_path, 3)]
    with ray_engine.connected(cluster.address):
        broken = list(ray_engine.run(tasks, Policy(), 2, 30.0, cli._screen_one, scan_fakes.failing_init,
                                     start_timeout_s=4))
        too_big = list(ray_engine.run(tasks, Policy(), 1, 30.0, cli._screen_one, scan_fakes.fake_init,
                                      cpus_per_actor=8, start_timeout_s=3))
    for records, why in ((broken, "an actor failed while starting"), (too_big, "within 3 s")):
        assert sorted(r["path"] for r in records) == sorted(str(t.src) for t in tasks)
        assert all(r["decision"] == "reject" and r["failed"] and why in r["reasons"][0] for r in records), records
    assert "no model files" not in str(broken)  # an exception's message is never quoted


def test_an_actor_runs_every_thread_pool_as_a_local_worker_does(cluster, monkeypatch):
    """Ray sets OMP_NUM_THREADS to an actor's CPUs and nothing else; the engine sets all of them, as batch.run.
    And an actor is no likelier to be killed for memory than a local worker."""
    from test_batch import _init, _threads_screen

    from imgscreen import batch, ray_engine
    from imgscreen.batch import THREAD_VARS, Task
    from imgscreen.modelfiles import THREADS_ENV
    from imgscreen.policy import Policy

    tasks = [Task(Path(f"{i}.jpg"), Path("."), None, False) for i in range(2)]
    with ray_engine.connected(cluster.address):
        on_ray = list(ray_engine.run(tasks, Policy(), 2, 60.0, _threads_screen, _init, cpus_per_actor=1))
    monkeypatch.setenv(THREADS_ENV, "2")  # two cores' worth, split between two local workers as above
    local = list(batch.run(tasks, Policy(), 2, 60.0, _threads_screen, _init))
    assert [r["threads"] for r in on_ray] == [r["threads"] for r in local] == \
        [{**{name: "1" for name in THREAD_VARS}, "cv2": 1}] * 2
    # Ray would make its workers the kernel's first OOM victims (1000); LOCAL_ENV keeps the user's score.
    assert {r["oom_score_adj"] for r in on_ray} == {r["oom_score_adj"] for r in local}


def test_a_worker_stopped_for_memory_is_told_apart_from_a_crash():
    from ray.exceptions import ActorDiedError, OutOfMemoryError

    from imgscreen.ray_engine import CRASHED, LOCAL_ENV, OUT_OF_MEMORY, death_reason

    assert death_reason(OutOfMemoryError("Task was killed due to the node running low on memory.")) == OUT_OF_MEMORY
    assert death_reason(ActorDiedError()) == CRASHED
    assert LOCAL_ENV["RAY_memory_monitor_refresh_ms"] == "0"  # on this machine only the kernel kills for memory


def test_a_killed_driver_resumes_with_no_photo_screened_twice_and_none_lost(cluster, tmp_path):
    photos = make_photos(tmp_path / "in", 30)
    report = tmp_path / "r.jsonl"
    argv = ["scan", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--report", str(report), "--quiet",
            "--engine", "ray", "--address", cluster.address, "--workers", "2"]
    driver = ("import sys, scan_fakes; from imgscreen import cli; cli._init_worker = scan_fakes.fake_init; "
              f"sys.exit(cli.main({argv!r} + sys.argv[1:]))")
    proc = subprocess.Popen([sys.executable, "-c", driver], env=os.environ.copy())
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None:
        if report.exists() and report.read_text().count("\n") >= 8:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the scan finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = {json.loads(line)["path"] for line in report.read_text().splitlines()
               if line.endswith("}")}
    assert 8 <= len(partial) < len(photos)
    time.sleep(2 * DELAY)  # the dead driver's actors finish (or lose) the photo they held
    before = len(_screened(cluster))
    resumed = subprocess.run([sys.executable, "-c", driver, "--resume"], env=os.environ.copy(), timeout=120)
    assert resumed.returncode == 1
    records = _records(report)
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in photos)  # one line each, none lost
    screened_again = {p for p, _ in _screened(cluster)[before:]}
    assert screened_again.isdisjoint(partial)
    assert screened_again == {str(p) for p in photos} - partial


def test_real_photos_ray_scan_equals_local_scan_byte_for_byte(cluster, tmp_path):
    """The real models on both engines, same worker count (so the same model threads per worker)."""
    assert _scan(SAMPLES, tmp_path / "local", tmp_path / "local.jsonl", "--workers", "2") == 1
    assert _scan(SAMPLES, tmp_path / "ray", tmp_path / "ray.jsonl", "--engine", "ray", "--address",
                 cluster.address, "--workers", "2") == 1
    _same_scan(tmp_path / "local.jsonl", tmp_path / "local", tmp_path / "ray.jsonl", tmp_path / "ray")
    assert all(not r.get("failed") for r in _records(tmp_path / "ray.jsonl"))
    # Ray's own logs and temp files hold no PHI text from the photos.
    from test_tool_leaks import SECRETS

    # All but the GPS prefix "40.7", which Ray's own timing statistics contain ("mean = 940.79ms").
    secrets = [s.encode() for s in SECRETS if s != "40.7"]
    for f in cluster.tmp.rglob("*"):
        if f.is_file() and not f.is_socket() and f.stat().st_size < 50_000_000:
            data = f.read_bytes()
            assert not [s for s in secrets if s in data], f


def test_a_node_lost_mid_run_loses_no_photo(cluster, tmp_path, monkeypatch):
    """Last: it takes the second node away. Its actor's photo goes to the head node's actor."""
    monkeypatch.setattr(cli, "_init_worker", scan_fakes.fake_init)
    photos = make_photos(tmp_path / "in", 20)
    before = len(_screened(cluster))

    def remove_second_node() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(_screened(cluster)) - before < 4:
            time.sleep(0.02)
        cluster.remove_node(cluster.second, allow_graceful=False)

    remover = threading.Thread(target=remove_second_node)
    remover.start()
    code = _scan(tmp_path / "in", tmp_path / "out", tmp_path / "r.jsonl", "--engine", "ray",
                 "--address", cluster.address, "--workers", "2")
    remover.join()
    assert code == 1
    records = _records(tmp_path / "r.jsonl")
    assert sorted(r["path"] for r in records) == sorted(str(p) for p in photos)
    assert not [r for r in records if r.get("failed")]


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_a_ray_scan_connects_to_nothing_but_this_machine(tmp_path):
    """Every process of a scan on a local Ray instance (driver, GCS, raylet, dashboard, actors) under strace."""
    make_photos(tmp_path / "in", 4)
    driver = ("import sys, scan_fakes; from imgscreen import cli; cli._init_worker = scan_fakes.fake_init\n"
              "if __name__ == '__main__':\n"
              f"    sys.exit(cli.main(['scan', {str(tmp_path / 'in')!r}, '--report', {str(tmp_path / 'r.jsonl')!r}, "
              "'--quiet', '--engine', 'ray', '--workers', '2']))\n")
    (tmp_path / "driver.py").write_text(driver)
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_") and "proxy" not in k.lower()}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    log = tmp_path / "trace"
    proc = subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
                           sys.executable, str(tmp_path / "driver.py")], env=env, cwd=tmp_path, timeout=300,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert len(_records(tmp_path / "r.jsonl")) == 4
    addresses = re.findall(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"', log.read_text())
    outside = {a or b for a, b in addresses} - {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
    assert outside == set(), outside
