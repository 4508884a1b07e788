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
import unicodedata

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


def foreign_runs(text: str) -> list[tuple[int, int]]:
    """Runs of letters in scripts other than Latin (a name in such a run cannot be told from a label); not
    runs of horizontal strokes only, which are drawn lines read as characters."""
    out: list[tuple[int, int]] = []
    start = None
    for k, ch in enumerate(text + " "):
        alien = ch.isalpha() and not ch.isascii() and "LATIN" not in unicodedata.name(ch, "LATIN")
        if alien and start is None:
            start = k
        elif not alien and start is not None:
            if not set(text[start:k]) <= _STROKES:
                out.append((start, k))
            start = None
    return out


# What the OCR's Chinese model makes of a terminal's box drawing and a chart's rules: `一`, `二`, `三`.
_STROKES = frozenset("一二三十丨")


def is_foreign_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    alien = sum(e - s for s, e in foreign_runs(text))
    return alien >= 2 and alien >= 0.5 * len(letters)  # a lone `一` is OCR's reading of a dash


# The hundred commonest Chinese surnames (about 85% of people), one character each.
HAN_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范"
    "金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


def han_name(text: str) -> bool:
    """A line that is only two or three Han characters, the first a common surname: how a Chinese screen
    writes a person (`张三`, the placeholder patient; `王小明`). Asked only on a page in a script we cannot
    read, where masking it is doubt, fail closed."""
    t = text.strip()
    return 2 <= len(t) <= 3 and t[0] in HAN_SURNAMES and all("CJK UNIFIED" in unicodedata.name(ch, "") for ch in t)


# A price at a line's end, as a price board in a script we cannot read prints it: `豬腳飯90`, `酸辣湯餃(高) 80`,
# `20元`.
_PRICE_END = re.compile(r"(?<![\d.:/\-])\d{2,4}(?:\s*[元円₩₽]|\s*[A-Za-z]{0,3})?\s*$")
PRICE_LIST_LINES = 6  # priced lines in a script we cannot read that make the page a price board


def foreign_price_list(lines: list[TextLine]) -> bool:
    """A menu or a price board in a script we cannot read: six lines or more, and half of its lines in that
    script, are a Han run no name is shaped like (`han_name`) with a price after it. Its dishes are no one's
    name, and its address and phone are the shop's. A ward list's `王小明 45` is a name and an age, no price."""
    foreign = [ln.text for ln in lines if is_foreign_line(ln.text)]
    priced = sum(bool(_PRICE_END.search(t)) and len(name_runs(t)) < len(foreign_runs(t)) for t in foreign)
    return priced >= PRICE_LIST_LINES and priced >= 0.5 * len(foreign)


def name_runs(text: str) -> list[tuple[int, int]]:
    """The runs of `text` shaped like a Han name (`han_name`), or every foreign run where it has no Han."""
    runs = foreign_runs(text)
    han = [(a, b) for a, b in runs if any("CJK UNIFIED" in unicodedata.name(ch, "") for ch in text[a:b])]
    return [(a, b) for a, b in runs if (a, b) not in han or han_name(text[a:b])]
