"""Licence plates beside the vehicle they are on: a garage app's card (`1992` / `Jeep` / `Cherokee` /
`G29 7RG`), a fleet list's row, a service record's title (`1992 Jeep Cherokee (#G29 7RG)`).

Safe Harbor counts vehicle identifiers and licence plate numbers among a person's identifiers. A plate has
no shape of its own (every country writes it differently, and part numbers and model codes look the same),
so no plate is taken without evidence: a labelled plate is `recognizers.numbers`' job, and this module takes
an unlabelled one only where a vehicle's make is named on its line or on its card, just above or below, or
where the evidence is the scene itself: a camera photo (no page or light screen behind the text) in which a
line reads as one plate and nothing else (`scene_plates`).
"""

from __future__ import annotations

import re

from .model import Rect, TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.words import english_words

# Makes sold widely enough to be named on a screen or a form; matched as whole words, in any case. Makes that
# are everyday words (Smart, Mini, Seat, Genesis) are left out: `Enable SMART` names no car.
_MAKES = (
    "Acura|Alfa Romeo|Aston Martin|Audi|Bentley|BMW|Buick|BYD|Cadillac|Chevrolet|Chevy|Chrysler|Citro[eë]n|Cupra"
    "|Dacia|Daewoo|Daihatsu|Dodge|Ferrari|Fiat|Ford|Geely|GMC|Harley-Davidson|Holden|Honda|Hummer|Hyundai"
    "|Infiniti|Isuzu|Iveco|Jaguar|Jeep|Kawasaki|Kia|Lada|Lamborghini|Lancia|Land Rover|Lexus|Lincoln|Mahindra"
    "|Maserati|Mazda|McLaren|Mercedes(?:-Benz)?|Mitsubishi|Nissan|Opel|Peugeot|Plymouth|Pontiac|Porsche"
    "|Range Rover|Renault|Rivian|Saab|[SŠ]koda|SsangYong|Subaru|Suzuki|Tesla|Toyota"
    "|Vauxhall|Volkswagen|VW|Volvo|Yamaha"
)
_MAKE = re.compile(rf"(?i)(?<![\w\-])(?:{_MAKES})(?![\w\-])")
# Two or three groups of letters and digits with a space or dash between (`G29 7RG`, `ABC-1234`, `T51 777`,
# `B MW 1234`), or one group after a number sign (`#G291RG`): five to eight characters, letters and digits both.
_MODEL_BEFORE = re.compile(rf"(?i)(?:{_MAKES})(?:\s+[\w\-]+)?\s+$")  # `Mercedes GLC 300`: a model's code
_PLATE = re.compile(r"(?<![\w\-])#?(?P<v>[A-Z0-9]{1,4}(?:[ \-][A-Z0-9]{1,4}){1,2}|(?<=#)[A-Z0-9]{5,8})(?![\w\-])")


def _plate_shaped(value: str) -> bool:
    chars = re.sub(r"[ \-]", "", value)
    return 5 <= len(chars) <= 8 and bool(re.search(r"\d", chars)) and bool(re.search(r"[A-Z]", chars))


def _same_card(a: TextLine, b: TextLine) -> bool:
    """Is `b` within four line heights above or below `a`, overlapping it sideways (one card's lines)?"""
    ax, ay, aw, ah = bbox_of(a.polygon)
    bx, by, bw, bh = bbox_of(b.polygon)
    gap = max(by - (ay + ah), ay - (by + bh), 0.0)
    return gap <= 4 * max(ah, 1.0) and bx < ax + aw + ah and ax < bx + bw + ah


def plates(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of each plate-shaped value on a line that names a vehicle's make, or on a card
    one of whose lines does."""
    texts = [normalize(line.text) for line in lines]
    makes = [i for i, t in enumerate(texts) if _MAKE.search(t)]
    if not makes:
        return []
    out = []
    for i, (line, t) in enumerate(zip(lines, texts, strict=True)):
        found = [m for m in _PLATE.finditer(t) if _plate_shaped(m.group("v"))]
        if not found or not any(j == i or _same_card(lines[j], line) for j in makes):
            continue
        out.extend((i, m.start("v"), m.end("v")) for m in found
                   if m.group(0).startswith("#") or not _MODEL_BEFORE.search(t[: m.start()]))
    return out


# A plate read alone: the whole line is one code in capitals and digits, with only the separators plates print
# (space, dash, dot, middle dot, and the colon OCR makes of a German plate's seal): 5-9 characters, at least two
# digits and a letter (`PK849F`, `127-JRV`, `5AU 5341`, `B EU E 2492E`; six at least when it is one group, since
# `ESP32` and `RX100` are a board's and a camera's names), or China's province character, a letter and four to six
# more with a digit among them (`藏D·T5022`, the older `京F A915`).
_SEPARATORS = re.compile(r"[ \-.\u00b7:]")
_SCENE_PLATE = re.compile(r"^[A-Z0-9]{1,8}(?:[ \-.\u00b7:]{1,2}[A-Z0-9]{1,6}){0,3}$")
_CN_PLATE = re.compile(r"^[\u4e00-\u9fff][A-Z][ \u00b7.]?(?=[A-Z]*\d)[A-Z0-9]{4,6}$")
# ... but not a quantity with its unit (`100KM`, `5000MAH`, `1080P`, `2.4GHZ`), a date (`12 MAR 2020`), a time of
# day or an ordinal: a sign, a product box or a device prints these alone too.
_NOT_PLATE = re.compile(
    r"(?<![A-Z])(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)(?![A-Z])"
    r"|\d(?:KM|KG|MM|CM|ML|MG|MPH|KMH|KW|KWH|V|W|WH|MAH|MB|GB|TB|HZ|KHZ|MHZ|GHZ|P|K|MIN|H|AM|PM|ST|ND|RD|TH|X|MP|FPS)"
    r"(?=$|[ \-.\u00b7:])")
# A scene shows a few signs and plates; a screen or document photographed has lines by the dozen.
SCENE_LINES = 30
# A neighbour is a line at least half the plate's height within 1.5 of its heights above or below it.
_NEIGHBOUR_SIZE = 0.5
_NEIGHBOUR_GAP = 1.5
_SCENE_SCORE = 0.6


def plate_alone(text: str) -> bool:
    """Is the whole of `text` one licence plate's characters (see `_SCENE_PLATE`)?"""
    t = normalize(text).strip()
    if _CN_PLATE.match(t):
        return True
    chars = _SEPARATORS.sub("", t)
    if not (_SCENE_PLATE.match(t) and (6 if chars == t else 5) <= len(chars) <= 9
            and sum(c.isdigit() for c in chars) >= 2 and any(c.isalpha() for c in chars)) or _NOT_PLATE.search(t):
        return False
    if chars == t and len(t) <= 6 and re.fullmatch(r"[A-Z]{1,3}\d{2,4}", t):
        return False  # `CR1220`, `LM317`: a part's or a battery's type, printed on things far more than on plates
    # a word is no plate's group: `ROOM 204`, `EXIT 12B`, `COVID-19` (plates print at most four letters together)
    words = english_words()
    return not any(g.isalpha() and (len(g) >= 5 or (len(g) >= 3 and g.upper() in words))
                   for g in _SEPARATORS.split(t))


def scene_plates(lines: list[TextLine], page: bool) -> list[int]:
    """The lines of a camera scene (`page` False: no paper or light screen behind the text, and few lines) that
    read as one plate each. The scene is the evidence a make's name gives on a screen: on a street, a code alone
    on a small bright plate is a car's."""
    if page or len(lines) > SCENE_LINES:
        return []
    boxes = [bbox_of(line.polygon) for line in lines]
    chars = [_SEPARATORS.sub("", normalize(line.text).strip()) for line in lines]
    return [i for i, line in enumerate(lines) if line.score >= _SCENE_SCORE and plate_alone(line.text)
            and not _neighbours(i, boxes, chars)]


def _one_apart(a: str, b: str) -> bool:
    """Equal but for at most one character changed, added or dropped (`ZA834CO` and `ZA834C0`)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _neighbours(i: int, boxes: list[Rect], chars: list[str]) -> bool:
    """Text of the plate's size just above or below it: a plate stands alone on a car's body, a receipt's or a
    label's code (`CHK 0778`) sits in a column of lines. A neighbour that repeats the plate (a recognition demo's
    label over the plate it read, within one misread character) is the plate read twice, not a column."""
    x, y, w, h = boxes[i]
    for k, (bx, by, bw, bh) in enumerate(boxes):
        if k == i or bh < _NEIGHBOUR_SIZE * h or _one_apart(chars[k], chars[i]):
            continue
        gap = max(by - (y + h), y - (by + bh))
        if gap < _NEIGHBOUR_GAP * h and bx < x + w + h and x - h < bx + bw:
            return True
    return False
