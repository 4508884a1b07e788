"""Names and numbers people wear: a badge on a lanyard, a hand-written sticker, an embroidered coat, a race bib.

On an event photo the name most likely to be missed is the one on a person's chest: one word, often a
given name the Census lists do not have (`PAWEL`, `Rares`), with no label before it and nothing else on
the page to say it is a person's. What says so is *where* it is: below a face, on that person's torso,
in letters smaller than the face. The place is the person evidence, so the word itself need only be
name-shaped rather than a known name; an ordinary English word (`SPEAKER`, `Volunteer`, a T-shirt's
`Python`) or a hospital or interface word stays. The photo is redacted for its faces anyway, so a
word masked by mistake costs a little of the picture, never its acceptance.

Pure geometry and word tests on the lines and face boxes the pipeline already has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .layout import frame
from .model import Rect, TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name, is_surname
from .recognizers.names import TITLES
from .recognizers.words import NOT_A_NAME, english_words

# Where a worn name sits, in face-box units (the detector's eyes-to-chin box): from just under the chin
# down to the waist, and no further sideways than the shoulders.
BELOW = (0.8, 4.5)
ACROSS = 1.6
# Its letters: smaller than the face (a poster's headline behind the people is not), not so small that
# the line belongs to something far behind them.
HEIGHT = (0.07, 0.75)
WIDE = 3.0  # a badge or sticker is narrower than three faces
# A badge has a line or two and a role; more name-like lines on one person are a page or a list beside a
# photo (a CV's skills under its portrait), not something worn.
PER_PERSON = 4
# Text that two people wear alike (`OUTREACHY`, read whole or in part) is a shirt or an event's print:
# names differ from person to person.
SHARED = 4  # letters in common that make two lines one print

_WORD = re.compile(r"^[A-Za-z\u00c0-\u017f][A-Za-z\u00c0-\u017f'\-]{1,19}\.?$")


def name_like(text: str) -> bool:
    """One to three capitalised words of letters, at least one of them no ordinary English word (or a
    Census given name that is also one, `Grace`), none a hospital, interface or stop word. A surname that
    is also a word (`Speaker`) is not enough on its own: a ribbon says it."""
    text = normalize(text).strip()
    if text.endswith(":"):
        return False  # a label (`Firstname:`), not its value
    words = text.strip(" .,;!-").split()
    if len(words) == 1 and len(words[0]) <= 3 and words[0].isupper():
        return False  # an acronym (`USA`): no badge prints a name so short in capitals
    if not 1 <= len(words) <= 3 or not all(_WORD.match(w) for w in words):
        return False
    if not all(w[0].isupper() for w in words):
        return False
    up = [w.rstrip(".").upper() for w in words]
    if up[0] in TITLES and len(up) > 1:  # `Dr. Okafor`: the title is the badge's, the rest is the name
        up = up[1:]
    if any(w in NOT_A_NAME for w in up):
        return False
    vocab = english_words()
    return any(w not in vocab or is_first_name(w) for w in up)


def _on_torso(line: TextLine, face: Rect) -> bool:
    fx, fy, fw, fh = face
    x, y, w, h = bbox_of(line.polygon)
    cx, cy = x + w / 2, y + h / 2
    size = line.height
    return (fy + fh * BELOW[0] <= cy <= fy + fh * BELOW[1]
            and abs(cx - (fx + fw / 2)) <= fw * ACROSS
            and fh * HEIGHT[0] <= size <= fh * HEIGHT[1]
            and w <= fw * WIDE)


# A number worn on the chest: a race bib, a numbered jersey or tabard (`297`, `A1077`). It marks one person the way a
# name does (a bib is looked up in the race's list of runners), and its place below a face says whose it is.
_WORN_NUMBER = re.compile(r"^[#№]?[A-Z]?\d{2,6}[A-Z]?$")


def number_like(text: str) -> bool:
    """Two to six digits, with at most a letter before or after them: what a bib or a shirt number prints."""
    return bool(_WORN_NUMBER.match(normalize(text).strip(" .,;:")))


def worn_names(lines: Sequence[TextLine], faces: Sequence[Rect]) -> list[int]:
    """Indices of the lines that are name-like and sit on the torso of a person whose face is in `faces`,
    at most `PER_PERSON` of them on one person, and none that another person wears alike."""
    return _worn(lines, faces, name_like)


def worn_numbers(lines: Sequence[TextLine], faces: Sequence[Rect]) -> list[int]:
    """Indices of the lines that are bib or shirt numbers on the torso of a person whose face is in `faces`, by
    the same rules as `worn_names`: a number two people wear alike (`2019` on two event shirts) is the print's."""
    return _worn(lines, faces, number_like)


def _worn(lines: Sequence[TextLine], faces: Sequence[Rect], test: Callable[[str], bool]) -> list[int]:
    if not faces:
        return []
    worn: dict[int, list[int]] = {}  # face -> its lines that pass `test`
    for i, line in enumerate(lines):
        if test(line.text):
            for k, f in enumerate(faces):
                if _on_torso(line, f):
                    worn.setdefault(k, []).append(i)
    worn = {k: v for k, v in worn.items() if len(v) <= PER_PERSON}
    out = set()
    for k, idx in worn.items():
        others = [lines[j].text for m, js in worn.items() if m != k for j in js if j not in idx]
        out.update(i for i in idx if not any(_alike(lines[i].text, o) for o in others))
    return sorted(out)


# A name beside a face, as a contact card, a presence tile or a member list sets it: the line starts within this
# many face widths right of the face, its middle level with the face, its text no taller than the face.
BESIDE = 1.2


def _beside(line: TextLine, face: Rect) -> bool:
    fx, fy, fw, fh = face
    x, y, w, h = bbox_of(line.polygon)
    return fx + 0.75 * fw <= x <= fx + fw + BESIDE * fw and fy <= y + h / 2 <= fy + fh and line.height <= fh


def names_beside(lines: Sequence[TextLine], faces: Sequence[Rect]) -> list[int]:
    """Indices of the name-like lines that open a person's card beside their face (`Mathieu` over `Home`, right of
    an avatar): the first such line beside each face, the card's title; the lines under it are its details."""
    out = set()
    for f in faces:
        beside = sorted((bbox_of(line.polygon)[1], i) for i, line in enumerate(lines)
                        if sum(ch.isalpha() for ch in line.text) >= 2 and _beside(line, f))  # (an icon read as `0`)
        if beside and name_like(lines[beside[0][1]].text):
            out.add(beside[0][1])
    return sorted(out)


def _alike(a: str, b: str) -> bool:
    """Two readings that share a run of `SHARED` letters (`OLREACHY`, `SUTREACHY`): one print read twice."""
    a, b = a.upper(), b.upper()
    return any(a[i : i + SHARED] in b for i in range(len(a) - SHARED + 1))


# The kind of pass a badge or ticket prints under its holder's name (`General Admission + Training Day`, `SPEAKER`).
_PASS_TYPE = re.compile(r"(?i)^\W*(?:general\s+admission|admission|all[\s\-]+access|attendee|delegate|participant"
                        r"|speaker|sponsor|exhibitor|volunteer|organi[sz]er|crew|vip|visitor|day\s+pass|full\s+pass"
                        r"|conference\s+pass|workshop\s+pass)\b")
HOLDER_REACH = 3.0  # heights of a name line within which the pass type under it still prints that holder's pass


def holder_names(lines: Sequence[TextLine]) -> list[int]:
    """Lines over a badge's or ticket's pass type that spell its holder (`Armani` over `Acevedo` over `General
    Admission`), with no face in view: a table of printed badges, a ticket on a screen. At least one of them is a
    known given name or surname (the pass type alone does not make the event's title a person); the others need
    only be no ordinary word, as a worn name need be."""
    out: set[int] = set()
    frames = [frame(ln) for ln in lines]
    for t, tf in enumerate(frames):
        if not _PASS_TYPE.match(normalize(lines[t].text)):
            continue
        stack = [i for i, f in enumerate(frames) if i != t and f.cy < tf.cy and f.y0 < tf.y0
                 and tf.y0 - f.y1 < HOLDER_REACH * f.h and min(f.x1, tf.x1) > max(f.x0, tf.x0)
                 and _holder_word(lines[i].text)]
        words = [w.strip(".,").upper() for i in stack for w in normalize(lines[i].text).split()]
        if any(is_first_name(w) or is_surname(w, common_only=True) for w in words):
            out.update(stack)
    return sorted(out)


def _holder_word(text: str) -> bool:
    """One to three words of letters, none an ordinary English word unless a given name too (`Grace`)."""
    words = normalize(text).strip(" .,;!-").split()
    if not 1 <= len(words) <= 3 or not all(_WORD.match(w) for w in words):
        return False
    up = [w.rstrip(".").upper() for w in words]
    return not any(w in NOT_A_NAME or (w in english_words() and not is_first_name(w)) for w in up)
