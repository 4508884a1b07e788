"""The span type the PHI classifier and its context rules share."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Identifier

# A name rule scores below this when no label, occasion or room said whose name it is (`phi`, `decide`).
UNLABELLED_NAME = 0.8


@dataclass(frozen=True)
class Span:
    """A PHI span in a string: `text[start:end]` is identifier `identifier`."""

    start: int
    end: int
    identifier: Identifier
    label: str  # plain words: "Name", "Date of birth", "Medical record number"
    score: float
    recognizer: str
    entity: str = ""  # the recognizer's entity type (PATIENT_NAME, DATE_OF_BIRTH, ...)
