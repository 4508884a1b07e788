"""The registry: every detector stage the pipeline runs, in the order it runs them.

Each entry names a module that defines `detect(photo, policy, context)` and, beside it, its `STAGE`
(`detect.Stage`: name, finding kinds, beside or in line, how the verify pass re-checks it). The
pipeline iterates this list and nothing else, so adding a detector is one module plus one line here
(docs/extending.md). The order is the order of `stages` in every report; stages marked `beside` run
on a helper thread but keep their place in that order.

For work that builds on the pipeline (video frames, batches on other machines, a second face check):
`default_stages(policy)` is the list a `Screener` runs by default; pass your own list to
`Screener(stages=...)` to run fewer, more, or wrapped ones.
"""

from __future__ import annotations

import importlib

from .detect import Stage
from .policy import Policy

REGISTRY: tuple[str, ...] = (
    "imgscreen.metadata",
    "imgscreen.faces",
    "imgscreen.ocr",
    "imgscreen.barcodes",
)


def registered() -> list[Stage]:
    """Every registered stage, switched on or not. Imports the stages' modules (and their engines)."""
    return [importlib.import_module(module).STAGE for module in REGISTRY]


def default_stages(policy: Policy) -> list[Stage]:
    """The registered stages that `policy` switches on, in registry order."""
    return [stage for stage in registered() if stage.enabled(policy)]
