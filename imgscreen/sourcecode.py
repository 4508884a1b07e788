"""Program code on a screen: an editor's or a terminal's lines, which name no one.

A code editor is full of what the recognizers take for a person's details: identifiers that read as
names (`buf`), numbers glued to keywords by the OCR (`168func`, a line number and `func`), type names
with digits (`int64`), constants (`1000`). Once one of them anchors "a person's details", the context
rules mask the rest of the screen and the photo is rejected as a record.

A line is code when it shows two or more signs of a programming language's syntax (a call, an
assignment, an operator, a brace or semicolon at its end, a comment marker, a keyword at its start).
Prose and forms have at most one. Data files are not code here: a FHIR or JSON viewer's
`"family": "Smith",` has none of these signs, so a patient's record shown as JSON stays screened.
Only a screen with several code lines counts, so one stray line on a chart changes nothing.
"""

from __future__ import annotations

import re

from .model import TextLine
from .recognizers.base import normalize

_SIGNS = (
    re.compile(r"[A-Za-z_][\w.]*\([^()]*\)"),  # a call: `NewBuffer(file)`, `len(text)`
    re.compile(r"^\s*(?:\d+\s*)?[A-Za-z_][\w.\[\]\"']*\s*(?::=|[+\-*/]?=)(?!=)\s*\S"),  # `sub := ...`, `b.x = 1`
    re.compile(r":=|==|!=|->|=>|&&|\|\||\+=|<<|>>"),
    re.compile(r"[{}\[(]\s*$|^\s*(?:\d+\s*)?[})\]]"),  # a block opened at the end or closed at the start
    re.compile(r";\s*$"),
    re.compile(r"(?:^|\s)(?://|/\*|\*/|#include|#define|#!)"),
    re.compile(r"^\s*(?:\d+\s*)?(?:func|def|return|import|package|var|const|let|elif|fn|impl|struct|class|public"
               r"|private|static|void|switch|case|else|try|catch|except|throw|raise)\b(?!:)"),
)
MIN_CODE_LINES = 5  # lines of code that make a screen a code screen


def code_line(text: str) -> bool:
    t = normalize(text)
    return sum(1 for p in _SIGNS if p.search(t)) >= 2


def code_lines(lines: list[TextLine]) -> set[int]:
    """Indexes of the lines of code on a screen with several of them; empty on any other photo."""
    found = {i for i, line in enumerate(lines) if code_line(line.text)}
    return found if len(found) >= MIN_CODE_LINES else set()
