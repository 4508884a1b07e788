"""The one interface every detector implements.

A detector is a function `detect(photo, policy) -> StageResult`, in a module of its own (`faces`,
`ocr`, `barcodes`, `metadata`). The pipeline runs each one under the same guard: timing, exceptions
and caps become a `StageOutcome`, and a stage that failed can never lead to `accept`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .model import Finding, Photo, TextLine
from .policy import Policy


@dataclass
class StageResult:
    findings: list[Finding] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # OCR output, for the PHI classifier
    notes: list[str] = field(default_factory=list)  # plain words, never PHI text
    truncated: bool = False  # hit a cap (e.g. too many text regions): the decision fails closed


Detector = Callable[[Photo, Policy], StageResult]
