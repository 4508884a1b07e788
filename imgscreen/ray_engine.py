"""Folder scans on a Ray cluster: the same tasks, records and fail-closed rules as `batch.run`, on many machines.

`run` has `batch.run`'s signature and yields the same records, so `scan` writes the same report and safe
copies whichever engine ran. Inputs and `--out` are paths: every node must see them at the same path
(a shared filesystem), and every node must have the same imgscreen installed.

Why actors and not Ray tasks or Ray Data: a `Screener` loads its models once, so each actor holds one
for its life (models load once per worker process, as in the local pool), and the driver keeps one
photo in flight per actor. That is the back-pressure (never more photos out than actors, the input
walk is pulled lazily) and it lets the driver keep each photo's clock, so a hung photo is killed and
rejected exactly as the local pool does it.

What happens when something breaks (every input gets exactly one record, and the run finishes):

- the screen function raises: the actor answers with a `reject` record (as a local worker does);
- a photo runs past the time-out: its actor is killed, the photo is `reject` ("timed out"), a fresh
  actor takes its place;
- an actor dies (its process is killed, out of memory, its node is lost): a dead worker is not
  evidence against the photo, so the photo goes back to the front of the queue for a fresh actor, up
  to `retries` more times; a photo that kills its worker every time is `reject` with the local pool's
  words ("the screening process crashed on this file"), or saying that its node ran low on memory when
  Ray stopped the actor for that (`death_reason`);
- no actor can start (no free CPU on the cluster, imgscreen missing on the nodes) for `start_timeout_s`
  while photos wait: every photo left is `reject`, saying why.

Offline: Ray's usage statistics are turned off before Ray is imported, the dashboard is not started,
and a Ray instance on this machine binds to 127.0.0.1 only and has its probes of cloud metadata servers
stopped (`LOCAL_ENV`). A cluster started with `ray start` on other machines needs the same care from
whoever starts it (docs/scale.md). Ray's logs and temp files see file names (task arguments) and report
records (PHI text masked unless --show-text), never pixels of a photo.

Same as a local worker: `LOCAL_ENV` also makes an actor of a Ray instance on this machine no likelier to
be killed for memory than a local worker, and `batch.use_threads` gives every actor the thread pools a
local worker with the same CPUs has.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .batch import ScreenFn, Task, failed_record, use_threads
from .policy import Policy

INSTALL_HINT = "pip install 'imgscreen[ray]' (or: pip install ray==2.60.0)"
CRASHED = "the screening process crashed on this file"  # batch.run's words for the same event
OUT_OF_MEMORY = "its node ran low on memory and Ray stopped the screening process (twice)"


class EngineUnavailable(RuntimeError):
    """The Ray engine cannot run here (Ray not installed, or no cluster at the address): nothing was screened."""


# What Ray reads to stay offline: usage statistics off, and their report address a closed local port.
OFFLINE_ENV = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_USAGE_STATS_REPORT_URL": "http://127.0.0.1:9/"}
# And for a Ray instance that lives on this machine only. With usage statistics off, Ray 2.60's head node
# still starts its dashboard process with one module, the usage-statistics one, and that module still asks
# the cloud metadata addresses (169.254.169.254, metadata.google.internal) which cloud it runs on. Those
# requests go through Python's HTTP proxy settings, so a proxy that is a closed port on this machine stops
# them before any packet leaves (and before any name is looked up); traffic between Ray's processes on
# loopback is exempt. Not for a driver joining a cluster elsewhere: its gRPC to other nodes honours the same
# settings. imgscreen itself never uses the network, so nothing of ours goes through the proxy.
LOCAL_ENV = {
    **OFFLINE_ENV,
    # Ray starts its workers at niceness 15, behind everything else on the machine: on a laptop or a
    # shared box an actor then screens a third slower than a local worker (bench.batch); the local pool
    # runs at the user's niceness, and so do the actors of a Ray instance we start.
    "RAY_worker_niceness": "0",
    # Ray's memory monitor kills workers when the *machine* is at 95% of its memory, whoever uses it: on a
    # shared machine another user's job got both actors of a scan killed twice and a photo rejected (bench.batch,
    # 2026-12-03). The local pool has no such killer, only the kernel's, whose kill is a crash either way.
    "RAY_memory_monitor_refresh_ms": "0",
    # And Ray marks its workers the kernel's first choice when memory runs out (oom_score_adj 1000): with other
    # jobs filling the machine, the kernel killed an actor mid-photo (bench.batch). A local worker has the
    # user's score; so do the actors of a Ray instance we start.
    "RAY_worker_oom_score_adjustment": "0",
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",  # every address on 127.0.0.1, no route lookup for a public one
    **{name: "http://127.0.0.1:9" for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")},
    **{name: "127.0.0.1,localhost,::1" for name in ("no_proxy", "NO_PROXY")},
}


def _is_local(address: str | None) -> bool:
    return address in (None, "local") or (address or "").rpartition(":")[0] in ("127.0.0.1", "localhost")


def _offline_env(address: str | None) -> None:
    """Set the environment above (read by Ray at import and start-up, and by the processes it starts)."""
    os.environ.update(LOCAL_ENV if _is_local(address) else OFFLINE_ENV)


def import_ray(address: str | None = None) -> Any:
    _offline_env(address)
    try:
        import ray
    except ImportError:
        raise EngineUnavailable(f"--engine ray needs Ray, which is not installed: {INSTALL_HINT}") from None
    return ray


@contextlib.contextmanager
def connected(address: str | None = None, num_cpus: int | None = None) -> Iterator[Any]:
    """Ray, initialised for the length of the block: joined to the cluster at `address`, or a local
    instance of this machine when `address` is None. Leaves an existing connection as it was."""
    ray = import_ray(address)
    if ray.is_initialized():
        yield ray
        return
    kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
    if address in (None, "local"):
        kwargs.update(address="local", num_cpus=num_cpus, _node_ip_address="127.0.0.1")
    else:
        _check_reachable(address)
        kwargs.update(address=address)
    try:
        ray.init(**kwargs)
    except (ConnectionError, TimeoutError, RuntimeError, ValueError) as e:
        where = f"join the Ray cluster at {address}" if address not in (None, "local") else "start Ray here"
        raise EngineUnavailable(f"could not {where}: {type(e).__name__}: {e}; check the address (ray status on "
                                "the head node), or use --engine local") from None
    try:
        yield ray
    finally:
        ray.shutdown()


def _check_reachable(address: str, timeout_s: float = 10.0) -> None:
    """Fail fast on an address where nothing listens: Ray itself retries for many minutes before it gives up."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms: Ray resolves them
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except OSError as e:
        raise EngineUnavailable(f"no Ray cluster answers at {address} ({e.strerror or type(e).__name__}); start "
                                "one with `ray start --head` and pass the address it prints, or leave --address "
                                "out to run Ray on this machine only") from None


class ScreenActor:
    """One screener per actor: `init` loads the models once, then `screen` takes one photo at a time."""

    def __init__(self, policy: Policy, screen_one: ScreenFn, init: Callable[[Policy], None], threads: int) -> None:
        if threads:  # before any model session exists: the same thread pools as a local worker's
            use_threads(threads)
        init(policy)
        self._screen_one = screen_one

    def ready(self) -> int:
        return os.getpid()

    def screen(self, task: Task) -> dict[str, Any]:
        try:
            return self._screen_one(task.src, task.root, task.out_dir, task.show_text)
        except Exception as e:  # noqa: BLE001 - an actor must answer for every photo it takes
            return failed_record(task.src, f"internal error ({type(e).__name__})")


@dataclass
class _Slot:
    """An actor and what the driver knows of it."""

    handle: Any
    ready_ref: Any
    created: float
    ready: bool = False
    task: Task | None = None
    attempt: int = 0
    ref: Any = None
    started: float = 0.0


@dataclass
class _State:
    queue: deque[tuple[Task, int]] = field(default_factory=deque)  # (task, attempts so far), retries in front
    exhausted: bool = False
    last_start_failure: str = ""
    waiting_since: float | None = None  # photos waiting and no actor alive, since when


def run(
    tasks: Iterable[Task],
    policy: Policy,
    workers: int,
    timeout_s: float,
    screen_one: ScreenFn,
    init: Callable[[Policy], None],
    *,
    cpus_per_actor: float = 1,
    retries: int = 1,
    start_timeout_s: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield one report record per task, in completion order, screening on `workers` Ray actors.

    Ray must be initialised (see `connected`). Each actor asks the cluster for `cpus_per_actor` CPUs and
    runs the models with that many threads.
    """
    ray = import_ray()
    actor_cls = ray.remote(ScreenActor).options(
        num_cpus=cpus_per_actor, max_restarts=0, max_task_retries=0, scheduling_strategy="SPREAD")
    threads = max(1, int(cpus_per_actor))
    start_timeout = start_timeout_s if start_timeout_s is not None else max(60.0, timeout_s)
    pending = iter(tasks)
    state = _State()

    def new_slot() -> _Slot:
        handle = actor_cls.remote(policy, screen_one, init, threads)
        return _Slot(handle, handle.ready.remote(), time.monotonic())

    def next_task() -> tuple[Task, int] | None:
        if state.queue:
            return state.queue.popleft()
        if state.exhausted:
            return None
        task = next(pending, None)
        if task is None:
            state.exhausted = True
            return None
        return task, 0

    def retire(slot: _Slot) -> _Slot:
        with contextlib.suppress(Exception):
            ray.kill(slot.handle, no_restart=True)
        return new_slot()

    slots = [new_slot() for _ in range(max(1, workers))]
    try:
        while True:
            for slot in slots:
                if slot.ready and slot.task is None:
                    item = next_task()
                    if item is None:
                        break
                    slot.task, slot.attempt = item
                    slot.ref, slot.started = slot.handle.screen.remote(slot.task), time.monotonic()
            busy = [s for s in slots if s.task is not None]
            if not busy and not state.queue and state.exhausted:
                return
            if not busy:
                # Photos wait and no actor is working: fail them all closed if none can start in time.
                now = time.monotonic()
                state.waiting_since = state.waiting_since or now
                if now - state.waiting_since > start_timeout:
                    why = state.last_start_failure or f"no Ray worker could start within {start_timeout:.0f} s " \
                                                      f"(no free CPU for an actor of {cpus_per_actor} CPU?)"
                    while (item := next_task()) is not None:
                        yield failed_record(item[0].src, why)
                    return
            else:
                state.waiting_since = None
            refs = [s.ref for s in busy] + [s.ready_ref for s in slots if not s.ready]
            done, _ = ray.wait(refs, num_returns=1, timeout=0.25) if refs else ([], [])
            done_ids = set(done)
            now = time.monotonic()
            for i, slot in enumerate(slots):
                if not slot.ready and slot.ready_ref in done_ids:
                    try:
                        ray.get(slot.ready_ref)
                        slot.ready = True
                    except Exception as e:  # noqa: BLE001 - init failed on that node: try a fresh actor
                        state.last_start_failure = f"no Ray worker could start: {_cause(e)}"
                        slots[i] = retire(slot)
                    continue
                if slot.task is None:
                    continue
                if slot.ref in done_ids:
                    try:
                        record = ray.get(slot.ref)
                    except Exception as e:  # noqa: BLE001 - the actor died (killed, OOM, node lost)
                        task, attempt = slot.task, slot.attempt
                        slots[i] = retire(slot)
                        if attempt < retries:
                            state.queue.appendleft((task, attempt + 1))
                        else:
                            yield failed_record(task.src, death_reason(e), now - slot.started)
                        continue
                    slot.task, slot.ref = None, None
                    yield record
                elif now - slot.started > timeout_s:
                    task, started = slot.task, slot.started
                    slots[i] = retire(slot)
                    yield failed_record(task.src, f"timed out after {timeout_s:.0f} s", now - started)
    finally:
        for slot in slots:
            with contextlib.suppress(Exception):
                ray.kill(slot.handle, no_restart=True)


def death_reason(exc: BaseException) -> str:
    """Why a photo whose actor died could not be screened, in the local pool's words unless Ray says its node
    ran low on memory (then the photo is not to blame, and a rerun on a quieter node may pass). Never Ray's
    message itself."""
    low_memory = type(exc).__name__ == "OutOfMemoryError" or "low on memory" in str(exc)
    return OUT_OF_MEMORY if low_memory else CRASHED


def _cause(exc: BaseException) -> str:
    """A start-up failure in plain words, never its message: Ray's message quotes the actor's exception, and a
    third-party message may quote anything (start-up handles no photo, but the rule stays simple)."""
    what = "its start-up raised an error" if getattr(exc, "actor_init_failed", False) else type(exc).__name__
    return (f"an actor failed while starting ({what}; the Ray worker log on its node says why); is imgscreen "
            "installed, with its models, on every node?")
