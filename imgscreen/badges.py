"""Names people wear: a badge on a lanyard, a hand-written sticker, an embroidered coat.

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
from collections.abc import Sequence

from .model import Rect, TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name
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

_WORD = re.compile(r"^[A-Za-z\u00c0-\u017f][A-Za-z\u00c0-\u017f'\-]{1,19}\.?$")


def name_like(text: str) -> bool:
    """One to three capitalised words of letters, at least one of them no ordinary English word (or a
    Census given name that is also one, `Grace`), none a hospital, interface or stop word. A surname that
    is also a word (`Speaker`) is not enough on its own: a ribbon says it."""
    words = normalize(text).strip(" .,:;!-").split()
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


def worn_names(lines: Sequence[TextLine], faces: Sequence[Rect]) -> list[int]:
    """Indices of the lines that are name-like and sit on the torso of a person whose face is in `faces`."""
    if not faces:
        return []
    return [i for i, line in enumerate(lines)
            if name_like(line.text) and any(_on_torso(line, f) for f in faces)]
