"""Who did what on a code forge's or an issue tracker's screen.

A tracker's timeline names its people by login at the start of each event (`MTK10671 was assigned by
GiteaBot`, `jdoe commented 3 hours ago`, `opened 21 minutes ago by ksmith`) or by the name they show (`Cristian Filipov
commented on Oct 12`), and a contributors page puts each
person's name or login over their count (`Iliyan` over `567 contributions`). A login is no name to a name
recognizer; the event's verb or the count under it says it is a person. Bots (`GiteaBot`, `dependabot[bot]`)
and service accounts (`srv_backup`, `svc-ci`) are the system's own and stay.
"""

from __future__ import annotations

import re

from .model import TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name
from .recognizers.words import NOT_A_NAME, english_words

_LOGIN = r"@?[A-Za-z][\w.\-]{1,38}"
_VERB = (r"(?:was\s+(?:assigned|unassigned|mentioned)|(?:self-)?assigned|unassigned|commented|opened|closed|reopened"
         r"|merged|pushed|committed|approved|reviewed|requested\s+(?:a\s+)?review|added|removed|created|deleted"
         r"|changed|edited|mentioned|referenced|labeled|labelled)")
# `MTK10671 was assigned by GiteaBot 21 minutes ago`: the login that opens an event
# An admin's change history capitalises its verbs (`MrCheese Changed Active.`, `jdoe Deleted choice ...`)
_ACTOR = re.compile(rf"^\s*(?P<v>{_LOGIN})\s+(?i:{_VERB})\b")
# `Cristian Filipov commented on Oct 12, 2018`: a display name of two or three capitalised words opening one
_SHOWN = re.compile(rf"^\s*(?P<v>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){{1,2}})\s+{_VERB}\b")
# `opened 21 minutes ago by ksmith`, `was assigned by jdoe`: the login after `by` in an event
_BY = re.compile(rf"\b{_VERB}\b[^\n]{{0,40}}?\bby\s+(?P<v>{_LOGIN})\b")
_COUNT = re.compile(r"(?i)^\s*[\d,.]+\s*(?:contributions?|commits?|pull\s+requests?|merge\s+requests?)\s*$")
_SYSTEM = re.compile(r"(?i)(?:bot|\[bot\])$|^(?:srv|svc|service|system|ci|build)[_\-]|^(?:root|admin|ghost|system)$")


def _person(login: str) -> bool:
    """A person's login or name, not a bot's or a service's, and not an ordinary word (`Everything was
    assigned`, `Data changed by the import`): a digit or a joiner in it, an inner capital, a given name or a word
    no English list has."""
    v = login.lstrip("@")
    if _SYSTEM.search(v) or v.isalpha() and v.isupper() and len(v) <= 5:
        return False  # a system's account, or an acronym (`PHIC Approved`: an insurer's status)
    if re.search(r"\d|[_.\-]\w|[a-z][A-Z]", v):
        return True
    return is_first_name(v.upper()) or (v.upper() not in english_words() and v.upper() not in NOT_A_NAME)


def _display_name(name: str) -> bool:
    """A person's shown name, not a thing that did something (`Build Pipeline created`, `Data Import
    completed`): a census given name first, or no word an ordinary English or hospital word."""
    words = [w.upper() for w in name.split()]
    if any(w in NOT_A_NAME for w in words):
        return False
    return is_first_name(words[0]) and words[0] not in english_words() or not any(w in english_words() for w in words)


def _over(a: TextLine, b: TextLine) -> bool:
    """Is `a` right above `b`, in the same column?"""
    ax, ay, aw, ah = bbox_of(a.polygon)
    bx, by, bw, bh = bbox_of(b.polygon)
    return abs(bx - ax) < 2 * ah and 0 <= by - (ay + ah) < 1.5 * ah


def actors(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of every person's login or name in a forge's timeline or contributor cards."""
    out = []
    for i, line in enumerate(lines):
        t = normalize(line.text)
        for rx in (_ACTOR, _BY):
            out.extend((i, m.start("v"), m.end("v")) for m in rx.finditer(t) if _person(m.group("v")))
        out.extend((i, m.start("v"), m.end("v")) for m in _SHOWN.finditer(t) if _display_name(m.group("v")))
        if _COUNT.match(t):
            out.extend((j, 0, len(above.text.rstrip())) for j, above in enumerate(lines)
                       if j != i and _over(above, line) and re.fullmatch(_LOGIN + r"(?:\s+[A-Z][\w'\-]+){0,2}",
                                                                         normalize(above.text).strip())
                       and _person(above.text.strip()))
    return sorted(set(out))
