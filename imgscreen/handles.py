"""A display name spelled out by a handle on the same photo: `Conny Duck` over `@ConnyDuck`, `Brent
Thorne` beside `@brentthorne18`, `John Mastodon` over `@johnm@example.com`.

A social client, a mail client, a poster's footer or a code forge prints a person twice: their display
name, which is any words at all (`John Mastodon` has no surname any list knows), and their handle, login
or mailbox, which is those words run together (`conny.duck`, `jdoe`, `john_m`). The second is evidence for
the first that no dictionary gives: two or three capitalised words that a handle on the same photo spells
(all of them, or a given name and the other's initial, or an initial and the last word) are a person's
name, wherever they stand. One word alone is not (`Twitter` and `@twitter` are a company).
"""

from __future__ import annotations

import re

from .model import TextLine
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name
from .recognizers.words import NOT_A_NAME, english_words

# `@ConnyDuck`, `@johnm@example.com`, `jane.doe@clinic.org`, `by @brent_thorne18`: the part a person chose.
_HANDLE = re.compile(r"(?<![\w.])@(?P<h>[A-Za-z][\w.\-]{2,30})|(?<![\w.@])(?P<m>[A-Za-z][\w.\-]{2,40})@[\w\-]+\.")
# A word of letters (`John`, `María-José`, `O'Neil`) standing alone between spaces or punctuation.
_WORD = re.compile(r"(?<![\w@.])[^\W\d_][^\W\d_'\-]*(?![\w@])")
MIN_KEY = 4  # letters a handle needs before it can spell a name


def _fold(text: str) -> str:
    """Lower case, accents off (`normalize`), letters only: `María-José` -> `mariajose`."""
    return "".join(ch for ch in normalize(text).lower() if "a" <= ch <= "z")


def _spellings(words: list[str]) -> set[str]:
    """The ways a handle writes these words: all of them joined, the first with the last's initial, the
    first's initial with the last."""
    first, last = words[0], words[-1]
    return {"".join(words), first + last, first + last[0], first[0] + last}


def _name_words(words: list[str]) -> bool:
    """`John Mastodon`, `Fabio Verzoto`: a given name first, or no ordinary word at all. An organisation's
    mailbox spells its name too (`Healthy Start`, `Gadget House`), and a form's hint (`Your Name`)."""
    upper = [normalize(w).upper() for w in words]
    if is_first_name(upper[0]) and upper[0] not in NOT_A_NAME:
        return True
    return not any(w in NOT_A_NAME or w in english_words() for w in upper)


def handle_keys(lines: list[TextLine]) -> set[str]:
    """The folded handles, logins and mailboxes' names on the photo, digits dropped (`brentthorne18`)."""
    keys = set()
    for line in lines:
        for m in _HANDLE.finditer(normalize(line.text)):
            key = _fold(m.group("h") or m.group("m"))
            if len(key) >= MIN_KEY:
                keys.add(key)
    return keys


def handle_names(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of each run of two or three capitalised words, side by side on a line, that a
    handle on the photo spells."""
    keys = handle_keys(lines)
    if not keys:
        return []
    out = []
    for i, line in enumerate(lines):
        words = [m for m in _WORD.finditer(line.text) if m.group(0)[0].isupper()]
        for k in range(len(words)):
            for n in (3, 2):
                run = words[k : k + n]
                gaps = [line.text[a.end() : b.start()] for a, b in zip(run, run[1:], strict=False)]
                if len(run) < n or any(g.strip() for g in gaps):
                    continue  # (only words with nothing but spaces between them)
                folded = [_fold(m.group(0)) for m in run]
                if all(folded) and _spellings(folded) & keys and _name_words([m.group(0) for m in run]):
                    out.append((i, run[0].start(), run[-1].end()))
                    break
    return out
