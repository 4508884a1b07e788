"""The signed-in user's name in a screen's top bar: `JANNIS` beside a bell, `Mitchell Admin (openerp_test)`.

Web apps and desktop programs put the account's name in the top-right corner, by convention the user menu. Alone
on its line it is one capitalised word or two, with no label and no list around it, so the text rules pass it by.
Its place is the evidence: a first name (not an English word) starting a short line in the top-right corner of a
screen is the person signed in. Pure functions of the lines and the screen's size; `pipeline` makes findings.
"""

from __future__ import annotations

import re

from .model import TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.dates import MONTH
from .recognizers.gazetteer import is_first_name, is_surname
from .recognizers.words import NOT_A_NAME, english_words

# The corner: the line's middle within this share of the screen's height from the top, its left edge past this
# share of the width.
_TOP = 0.08
_RIGHT = 0.55
# One or two words, a login or a database in brackets after them, a menu's caret.
_ACCOUNT = re.compile(r"^(?P<v>[^\W\d_][\w'\-]*(?: [^\W\d_][\w'\-]*)?)(?:\s*\([\w.@\-]+\))?\s*[\u25be\u25bc\u2304v]?$")


_CALENDAR = re.compile(rf"(?i)^(?:{MONTH}|mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?$")


def _first_name(word: str) -> bool:
    w = word.upper()
    return is_first_name(w) and w not in english_words() and w not in NOT_A_NAME and not _CALENDAR.match(word)


def _account_name(words: list[str]) -> bool:
    """A first name the lists know (`JANNIS`, `Mitchell Admin`), or a given name they do not before a surname they
    do (`Zayn Ahmed`): neither an English word."""
    if _first_name(words[0]):
        return True
    vocab = english_words()
    return len(words) == 2 and words[1][:1].isupper() and all(w.upper() not in vocab and w.upper() not in NOT_A_NAME
                                                               for w in words) and is_surname(words[1].upper())


def top_bar_users(lines: list[TextLine], size: tuple[int, int]) -> list[tuple[int, int, int]]:
    """(line, start, end) of the account name in a screen's top-right corner."""
    width, height = size
    if width <= 0 or height <= 0:
        return []
    out = []
    for i, line in enumerate(lines):
        x, y, w, h = bbox_of(line.polygon)
        if y + h / 2 > _TOP * height or x < _RIGHT * width:
            continue
        text = normalize(line.text)
        m = _ACCOUNT.match(text.strip())
        if m and m.group("v")[0].isupper() and _account_name(m.group("v").split()):
            lead = len(text) - len(text.lstrip())
            out.append((i, lead + m.start("v"), lead + m.end("v")))
    return out
