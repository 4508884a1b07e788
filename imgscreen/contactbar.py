"""A person's contact bar: `08856 | example.com | github.com | 123@example.com` under a résumé's name.

A résumé, a letterhead or an e-mail signature sets its owner's contacts on one line, cells parted by bars or
bullets. The recognizers find the e-mail address and a phone number written as one; the other cells are
written short (a bare domain for the owner's site, a code forge's domain for their profile, a phone number cut
to its digits) and no recognizer takes them alone. On a line with two bars or more and an e-mail address or
phone number among its cells, the cells that are a web address or domain, a handle, or a number of four
digits or more are that owner's contacts too.
"""

from __future__ import annotations

import re

from .model import Identifier, TextLine
from .spans import Span

_BAR = re.compile(r"[|\u2022\u00b7\u25e6\u22c5]")
_DOMAIN = re.compile(r"(?i)^(?:https?://)?(?:www\.)?[a-z0-9][\w\-]*(?:\.[\w\-]+)*\.[a-z]{2,6}(?:/\S*)?$")
_HANDLE = re.compile(r"^@[A-Za-z][\w.\-]{2,30}$")
_NUMBER = re.compile(r"^\+?[\d\s().\-]*\d{4,}[\d\s().\-]*$")
MIN_BARS = 2
_CONTACT = frozenset({Identifier.EMAIL, Identifier.PHONE})


def contact_cells(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[tuple[int, int, int, Identifier]]:
    """(line, start, end, identifier) of the cells beside an e-mail address or a phone on a contact bar."""
    out: list[tuple[int, int, int, Identifier]] = []
    for i, line in enumerate(lines):
        text = line.text
        if len(_BAR.findall(text)) < MIN_BARS or not any(s.identifier in _CONTACT for s in spans.get(i, [])):
            continue
        start = 0
        for cut in [m.start() for m in _BAR.finditer(text)] + [len(text)]:
            cell = text[start:cut]
            a = start + len(cell) - len(cell.lstrip())
            b = start + len(cell.rstrip())
            value = text[a:b]
            start = cut + 1
            if not value or any(s.start < b and a < s.end for s in spans.get(i, [])):
                continue
            if _DOMAIN.match(value) or _HANDLE.match(value):
                out.append((i, a, b, Identifier.URL))
            elif _NUMBER.match(value):
                out.append((i, a, b, Identifier.PHONE))
    return out
