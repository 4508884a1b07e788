"""Which inference runtime runs an ONNX model: OpenVINO when installed and verified, else onnxruntime.

Why two: the same ONNX files run faster on OpenVINO's CPU plugin on Intel CPUs (measured per model
with `python -m bench.runtime`, alternating runtimes per photo in one process), and onnxruntime is
the runtime every install has. OpenVINO is used only when

- the `openvino` package is importable and is the pinned version (`OPENVINO_VERSION`), and
- the model compiled on it gives the same outputs as onnxruntime on a fixed probe input
  (`_verify`, once per model and process; max abs difference within `VERIFY_ATOL` plus
  `VERIFY_RTOL` of the output's range).

Anything else (not installed, another version, a compile error, different outputs) falls back to
onnxruntime, and the reason is kept in `status()` for `imgscreen models` and the stage notes. A
failure *while running* a photo is not retried on the other runtime: it propagates, and the
pipeline's guard rejects the photo (fail closed).

Precision is FP32 on both. OpenVINO's CPU plugin defaults to BF16 on CPUs with AVX-512 BF16 / AMX;
that changes outputs, so it is pinned to f32 (`IMGSCREEN_PRECISION=bf16` exists for the benchmark
only, see bench/README.md for why it does not ship).

Memory: onnxruntime sessions run without the CPU memory arena. With the arena, every tensor size a
session has ever seen stays reserved; the text detector sees a 2048 px window once per photo and
the arena kept ~1 GB of it for the life of the process (measured in `bench.runtime --memory`).
Freed activations go back to glibc's heaps, which keep the pages: `release_buffers` also trims the
heap (`trim_heap`), and the pipeline calls it between the stages of every photo (`bench.memory
--stages` shows where a screen's peak is).

`IMGSCREEN_RUNTIME` = `auto` (default), `openvino` or `onnxruntime` chooses; `openvino` still
falls back when OpenVINO cannot be verified (the reason says so).
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .modelfiles import onnx_threads

RUNTIME_ENV = "IMGSCREEN_RUNTIME"
PRECISION_ENV = "IMGSCREEN_PRECISION"
OPENVINO_VERSION = "2026.4.1"  # pinned in pyproject.toml
ONNXRUNTIME, OPENVINO = "onnxruntime", "openvino"
CHOICES = ("auto", OPENVINO, ONNXRUNTIME)
VERIFY_ATOL = 1e-3
VERIFY_RTOL = 1e-3

_status: dict[str, str] = {}  # model name -> "openvino" / "onnxruntime (why)"
_status_lock = threading.Lock()
_open: weakref.WeakSet[OvSession] = weakref.WeakSet()  # OpenVINO sessions, for `release_buffers`


class RuntimeChoiceError(ValueError):
    """IMGSCREEN_RUNTIME or IMGSCREEN_PRECISION holds a value we do not know."""


@dataclass(frozen=True)
class Probe:
    """A fixed input a model is verified on: `shape` filled with a deterministic pattern in [lo, hi]."""

    shape: tuple[int, ...]
    lo: float = -1.0
    hi: float = 1.0

    def array(self) -> np.ndarray:
        rng = np.random.default_rng(17)
        return rng.uniform(self.lo, self.hi, self.shape).astype(np.float32)


def requested() -> str:
    """The runtime asked for by the environment (`auto` when unset)."""
    value = os.environ.get(RUNTIME_ENV, "auto").strip().lower() or "auto"
    if value not in CHOICES:
        raise RuntimeChoiceError(f"{RUNTIME_ENV} must be one of {', '.join(CHOICES)}")
    return value


def precision() -> str:
    value = os.environ.get(PRECISION_ENV, "f32").strip().lower() or "f32"
    if value not in ("f32", "bf16"):
        raise RuntimeChoiceError(f"{PRECISION_ENV} must be f32 or bf16")
    return value


def status() -> dict[str, str]:
    """Model name -> the runtime its session runs on (with the reason when it fell back)."""
    with _status_lock:
        return dict(_status)


def describe(models: Sequence[str]) -> str | None:
    """Which runtime runs each of `models`, for a stage's report entry: "openvino" when one runtime
    runs them all, else "openvino: a; onnxruntime: b, c". None before any of them is loaded."""
    st = status()
    by: dict[str, list[str]] = {}
    for m in models:
        if m in st:
            by.setdefault(st[m].split(" ")[0], []).append(m)
    if not by:
        return None
    if len(by) == 1:
        return next(iter(by))
    return "; ".join(f"{rt}: {', '.join(ms)}" for rt, ms in by.items())


# -------------------------------------------------------------------------------- onnxruntime


class OrtSession:
    """An onnxruntime CPU session; `run(outputs, feeds)` as onnxruntime's own."""

    runtime = ONNXRUNTIME

    def __init__(self, model: bytes | str, arena: bool = False) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = onnx_threads()
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # No busy-waiting between ops: the barcode stage runs beside the models on the other core.
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # No arena: it keeps the largest activations a session ever saw reserved (see module doc).
        opts.enable_cpu_mem_arena = arena
        self._sess = ort.InferenceSession(model, sess_options=opts, providers=["CPUExecutionProvider"])
        self.output_names = [o.name for o in self._sess.get_outputs()]
        self.input_names = [i.name for i in self._sess.get_inputs()]

    def run(self, outputs: Sequence[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        return self._sess.run(list(outputs) if outputs else None, feeds)

    def metadata(self) -> dict[str, str]:
        return dict(self._sess.get_modelmeta().custom_metadata_map)


# -------------------------------------------------------------------------------- OpenVINO


def _openvino() -> Any:
    """The openvino module if it is installed at the pinned version; raises ImportError otherwise.

    `import openvino` imports its model converter, which starts `openvino_telemetry` and sends an
    analytics request to Google from a child process: never from a PHI screening tool. A module set
    to None in `sys.modules` cannot be imported, so the converter falls back to its own no-op stub
    (`tests/test_offline.py` traces every connect() of a real run).
    """
    import sys

    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]
    sys.modules.setdefault("openvino_telemetry.backend", None)  # type: ignore[arg-type]
    import openvino as ov

    version = ov.__version__.split("-")[0]
    if version != OPENVINO_VERSION:
        raise ImportError(f"openvino {version} installed, {OPENVINO_VERSION} pinned")
    return ov


class OvSession:
    """An OpenVINO CPU compiled model behind onnxruntime's `run(outputs, feeds)`.

    One infer request per thread: a request is not safe to share, and the stages run on the main
    thread and the helper (and the UI may screen two photos at once)."""

    runtime = OPENVINO

    def __init__(self, model: bytes | str, bf16: bool = False, metadata: dict[str, str] | None = None) -> None:
        ov = _openvino()
        core = ov.Core()
        config = {
            "INFERENCE_NUM_THREADS": onnx_threads(),
            "NUM_STREAMS": 1,
            "PERFORMANCE_HINT": "LATENCY",
            # Threads not pinned to cores: the machine is shared (other workers, the barcode stage).
            "ENABLE_CPU_PINNING": False,
            "INFERENCE_PRECISION_HINT": "bf16" if bf16 else "f32",
        }
        ir = core.read_model(model if isinstance(model, str) else bytes(model))
        self._compiled = core.compile_model(ir, "CPU", config)
        self._core, self._ir, self._config = core, ir, config
        self.output_names = [o.get_any_name() for o in self._compiled.outputs]
        self.input_names = [i.get_any_name() for i in self._compiled.inputs]
        self._local = threading.local()
        self._metadata = dict(metadata or {})
        self._busy = 0
        self._held = False
        self._lock = threading.Lock()
        _open.add(self)

    def metadata(self) -> dict[str, str]:
        """The ONNX file's metadata (read by onnxruntime when the session was verified)."""
        return dict(self._metadata)

    def release(self) -> None:
        """Give back the intermediate buffers (they are allocated again by the next call); skipped
        while a call runs (OpenVINO must not release a model that is inferring)."""
        with self._lock:
            if self._busy or not self._held:
                return
            self._compiled.release_memory()
            self._held = False

    def _request(self) -> Any:
        req = getattr(self._local, "req", None)
        if req is None:
            req = self._local.req = self._compiled.create_infer_request()
        return req

    def run(self, outputs: Sequence[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        req = self._request()
        with self._lock:
            self._busy += 1
            self._held = True
        try:
            req.infer({k: np.ascontiguousarray(v) for k, v in feeds.items()})
            names = list(outputs) if outputs else self.output_names
            # Copies: the request's output buffers are reused by its next call.
            return [np.array(req.get_tensor(name).data, copy=True) for name in names]
        finally:
            with self._lock:
                self._busy -= 1

    def run_static(self, outputs: Sequence[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        """One call on a copy of the model compiled for exactly this input shape, then dropped.

        Why: for a big input a static shape needs far less memory than the dynamic model's buffers
        and compiles in ~0.3 CPU s (text detector on 1984 x 960: +0.29 GB and 1.1 CPU s with the
        compile, against +0.62 GB dynamic, +0.43 GB and 3.1 CPU s on onnxruntime; on 2048 x 1536:
        +0.41 GB, 1.5 s, against +1.02 GB and +0.72 GB, 4.6 s; one input per fresh process,
        outputs within 1e-4 of onnxruntime's). Not kept: every big window has its own shape.
        """
        model = self._ir.clone()
        model.reshape({name: tuple(feeds[name].shape) for name in self.input_names})
        compiled = self._core.compile_model(model, "CPU", self._config)
        req = compiled.create_infer_request()
        req.infer({k: np.ascontiguousarray(v) for k, v in feeds.items()})
        names = list(outputs) if outputs else self.output_names
        out = [np.array(req.get_tensor(name).data, copy=True) for name in names]
        del req, compiled, model
        trim_heap()
        return out


# Photos from this many pixels up give back inference buffers after each step (`release_buffers`):
# 4 MP phone photos and up. Not smaller ones (720p and 1080p video frames, verify crops): allocating
# the buffers again would cost every frame.
RELEASE_MIN_PIXELS = 3_000_000


def release_buffers() -> None:
    """Release every idle OpenVINO session's intermediate buffers.

    The pipeline calls it after each stage: OpenVINO keeps a dynamic-shape model's buffers sized
    for the largest input it ran (the face detector's tiles ~0.3 GB, the text detector's windows up
    to ~0.5 GB), and without this the face stage's would still be held while the text stage runs.
    The next call allocates them again (measured: +10-20% on that one call).
    """
    for sess in list(_open):
        try:
            sess.release()
        except Exception:  # noqa: BLE001, S112 - only memory is at stake: the next call allocates anyway
            continue
    trim_heap()


def _libc_trim() -> Any:
    """glibc's `malloc_trim`, or None on another C library (musl, macOS: nothing to trim this way)."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_size_t], ctypes.c_int
    return fn


_trim = _libc_trim()


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc `malloc_trim(0)`).

    Why: the models' activations (onnxruntime without its arena, OpenVINO after `release`) are
    freed into glibc's heaps, which keep the pages: a 12 MP screen left ~150-200 MB resident that
    no one used (after the warm-up photo: 553 -> 419 MB with OpenVINO, 368 -> 258 MB without).
    Trimming between stages keeps one stage's freed memory from adding to the next one's peak.
    Costs a few ms (a walk over the free lists), so it runs per stage of a big photo, not per call.
    """
    if _trim is not None:
        _trim(0)


# -------------------------------------------------------------------------------- choice


def _verify(ov_sess: OvSession, ort_sess: OrtSession, probe: Probe) -> str | None:
    """None when OpenVINO's outputs match onnxruntime's on the probe; else why not (no data in it)."""
    feeds = {ort_sess.input_names[0]: probe.array()}
    want = ort_sess.run(None, feeds)
    got = ov_sess.run(ort_sess.output_names, feeds)
    for name, a, b in zip(ort_sess.output_names, want, got, strict=True):
        if a.shape != b.shape:
            return f"output {name} has shape {b.shape} on openvino, {a.shape} on onnxruntime"
        tol = VERIFY_ATOL + VERIFY_RTOL * float(np.ptp(a)) if a.size else VERIFY_ATOL
        diff = float(np.max(np.abs(a.astype(np.float64) - b))) if a.size else 0.0
        if not np.isfinite(diff) or diff > tol:
            return f"output {name} differs from onnxruntime by {diff:.2g} (> {tol:.2g})"
    return None


class SizedSession:
    """OpenVINO's dynamic-shape model for inputs up to `max_pixels` (batch x height x width); above,
    the same model compiled for that one input's static shape (`OvSession.run_static`).

    Why: OpenVINO's CPU plugin keeps every intermediate tensor of a dynamic-shape model allocated
    for the largest input it has run (no reuse between layers as with a fixed shape): the text
    detector on a whole 2048 x 1536 level holds ~1.0 GB, onnxruntime without its arena ~0.7 GB
    while it runs, a static-shape compile ~0.4 GB, at a third of onnxruntime's CPU time. Big inputs
    (dense pages read whole) get the static compile, and the dynamic model's buffers are released
    first so the two never add up. Should the static compile fail, onnxruntime runs the input.
    """

    def __init__(self, ov_sess: OvSession, ort_sess: OrtSession, max_pixels: int) -> None:
        self.ov, self.ort, self.max_pixels = ov_sess, ort_sess, max_pixels
        self.runtime = OPENVINO
        self.output_names, self.input_names = ort_sess.output_names, ort_sess.input_names

    def run(self, outputs: Sequence[str] | None, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
        x = next(iter(feeds.values()))
        pixels = int(np.prod(x.shape[:1])) * int(np.prod(x.shape[2:])) if x.ndim >= 3 else x.size
        if pixels <= self.max_pixels:
            return self.ov.run(outputs, feeds)
        self.ov.release()
        try:
            return self.ov.run_static(outputs, feeds)
        except Exception:  # noqa: BLE001 - a compile for an odd shape failed: the verified fallback runs it
            return self.ort.run(outputs, feeds)

    def metadata(self) -> dict[str, str]:
        return self.ort.metadata()


def create(name: str, model: bytes | str, probe: Probe, openvino: bool = True,
           max_pixels: int | None = None) -> OrtSession | OvSession | SizedSession:
    """A session for model `name` (ONNX bytes or a path, already checksum-verified by the caller).

    OpenVINO when requested (or `auto`), installed at the pinned version and verified against
    onnxruntime on `probe`; onnxruntime otherwise. `openvino=False`: a model measured no faster on
    OpenVINO stays on onnxruntime. `max_pixels`: larger inputs run on onnxruntime (`SizedSession`).
    The choice and its reason go to `status()`.
    """
    want = requested()
    bf16 = precision() == "bf16"
    ort_sess = OrtSession(model)
    if want == ONNXRUNTIME or (want == "auto" and not openvino):
        _record(name, f"{ONNXRUNTIME} ({'requested' if want == ONNXRUNTIME else 'measured no faster on openvino'})")
        return ort_sess
    try:
        ov_sess = OvSession(model, bf16=bf16, metadata=ort_sess.metadata())
        why = None if bf16 else _verify(ov_sess, ort_sess, probe)
    except ImportError as e:
        why = f"openvino not usable: {e}" if "pinned" in str(e) else "openvino not installed"
    except Exception as e:  # noqa: BLE001 - any compile or run failure means: use the fallback
        why = f"openvino failed ({type(e).__name__})"
    if why is not None:
        _record(name, f"{ONNXRUNTIME} ({why})")
        return ort_sess
    label = OPENVINO + (" bf16" if bf16 else "")
    if max_pixels is not None:
        _record(name, f"{label} (inputs over {max_pixels / 1e6:.1f} MP compiled for their own shape)")
        return SizedSession(ov_sess, ort_sess, max_pixels)
    _record(name, label)
    return ov_sess


def _record(name: str, value: str) -> None:
    with _status_lock:
        _status[name] = value
