"""Is the page written in a language other than English? The name rules' weakest evidence assumes English.

A pair of capitalised words that no English dictionary has, alone on a line, is taken for a name the Census lists
never saw (`Ngozi Babatunde` on a badge). On a page in German, French, Spanish, Portuguese or Italian almost every
word is missing from the English dictionary, so that evidence says nothing there (`Niedriges Risiko`, a risk card's
heading). What gives the page's language away is its small words, which names are not made of: two lines or more
holding one of them make the page foreign. Words that are also English (`die`, `per`, `et al.`), a place's (`Los`,
`Las`, `Des Moines`), a domain's (`.com`) or a name's particle (`de`, `la`, `van`, `der`) are not counted; they are
matched in lower case only (`Sie` aside, as German writes it).
"""

from __future__ import annotations

import re

from .model import TextLine
from .recognizers.base import normalize
from .recognizers.gazetteer import folded, is_first_name, is_surname
from .recognizers.words import english_words

_SMALL_WORDS = re.compile(
    r"(?<![\w'\-.@])(?:Sie|und|ist|sind|nicht|mit|für|auf|eine|oder|werden|wurden|bitte|sie|les|est|une|pour|avec"
    r"|vous|dans|sur|una|por|uma|com|não|nao|gli|della|los|las|del|hay|aux|sont|nel|sono|dos|das)(?![\w'\-])"
)
MIN_LINES = 2
# A screen of short labels has few small words (`Unidade Padrão`, `Consultar Atendimentos`, `Escritura Pública`):
# its nouns' endings in Portuguese, Spanish and Italian give it away too, in words that are no name and no English.
_ROMANCE_NOUN = re.compile(
    r"(?<![\w'\-])[^\W\d_]{2,}(?:ção|ções|ões|dade|idad|mentos?|mientos?|zione|zioni|ización|ência|encia|ância"
    r"|ória|ário|ários)(?![\w'\-])", re.IGNORECASE)


def _romance_noun(text: str) -> bool:
    vocab = english_words()
    return any(not (is_first_name(w.upper()) or is_surname(folded(w.upper())) or w.upper() in vocab)
               for w in _ROMANCE_NOUN.findall(text))


def foreign_page(lines: list[TextLine]) -> bool:
    texts = [normalize(ln.text) for ln in lines]
    return sum(bool(_SMALL_WORDS.search(t)) or _romance_noun(t) for t in texts) >= MIN_LINES
