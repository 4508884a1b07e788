"""Licence plates beside the vehicle they are on: a garage app's card (`1992` / `Jeep` / `Cherokee` /
`G29 7RG`), a fleet list's row, a service record's title (`1992 Jeep Cherokee (#G29 7RG)`).

Safe Harbor counts vehicle identifiers and licence plate numbers among a person's identifiers. A plate has
no shape of its own (every country writes it differently, and part numbers and model codes look the same),
so no plate is taken without evidence: a labelled plate is `recognizers.numbers`' job, and this module takes
an unlabelled one only where a vehicle's make is named on its line or on its card, just above or below.
"""

from __future__ import annotations

import re

from .model import TextLine, bbox_of
from .recognizers.base import normalize

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
