"""The rest of a person's address, found from where it sits.

The OCR cuts an address wherever the detector sees a gap: a pharmacy bag photographed upside down
comes back as `8104`, `Hawthorne Pl`, `Bayview,` and `FL 18238`, four boxes of which only the last is
an address to a recognizer. Each piece alone is too weak to call (`Bayview,` could be anything), but a
piece shaped like part of an address (a street with its suffix, a house number with a street name, a
city with its comma, a lone house number) that sits right beside an address finding of a person's
region is the rest of it. Pieces chain: `Hawthorne Pl` is beside `8104`, which is stacked on `Bayview,`,
which is beside `FL 18238`.

Only addresses that stayed PHI seed the chain (an organisation's own address kept visible does not),
and only in a person's region, so a street name on a sign stays a street name.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from .layout import axes
from .model import Identifier, TextLine
from .organisations import ORG_WORD
from .people import name_shaped, stacked_above, whole_name
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name, is_surname
from .recognizers.places import CITY, LABEL_WORDS, PLACE_UNIT, STATE, SUFFIX, ZIP
from .recognizers.words import COUNTRY_NAMES, english_words
from .spans import Span

_WORD = r"[A-Z][A-Za-z'.\-]*"
# `Hawthorne Pl`, `8255 Foundry Ln,`, `Ln`: a street with its suffix, maybe its number.
_STREET_PART = re.compile(
    rf"^(?:\d{{1,6}}[A-Za-z]?\s+)?(?:\d{{1,3}}(?:st|nd|rd|th)\s+)?(?:{_WORD}\s+){{0,3}}(?i:{SUFFIX})\.?,?$")
# `8255 Foundry`: a house number and a capitalised street name whose suffix went to another box.
_HOUSE_PART = re.compile(rf"^\d{{1,6}}[A-Za-z]?\s+{_WORD}(?:\s+{_WORD}){{0,2}},?$")
# `Bayview,`, `Glen Ellyn,`: a city with the comma that says a state follows.
_CITY_PART = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,2}},$")
_NUMBER_PART = re.compile(r"^\d{1,6}[A-Za-z]?,?$")
# Postal codes as other countries write them: `10115 Berlin`, `75008 Paris`, `Bangalore - 560001`,
# `NW1 6XE`, `M5V 3L9`, `1200-195 Lisboa`, and the town first: `Cohuna 3568`.
_POSTAL_PART = re.compile(
    rf"^(?:\d{{4,5}}(?:-\d{{3}})?,?\s+{_WORD}(?:\s+{_WORD}){{0,2}}"
    rf"|\d{{3}}\s\d{{2}}\s+{_WORD}(?:\s+{_WORD}){{0,2}}"  # `747 05 Praha`
    rf"|{_WORD}(?:\s+{_WORD}){{0,2}},?\s*-?\s*\d{{6}}"
    rf"|{_WORD}(?:\s+{_WORD}){{0,2}},?(?:\s+[A-Z]{{2,3}})?\s+\d{{4}}"  # `Cohuna 3568`, `Fitzroy VIC 3065`
    r"|(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})"
    r"|(?:[A-Z]\d[A-Z]\s?\d[A-Z]\d)"
    # `Forest, ON 7W8 9Y0`, `Treesville, ON MIN 2P3`: a town, its province and a 3+3 postcode, however the OCR
    # read the postcode's letters and digits
    rf"|{_WORD}(?:\s+{_WORD}){{0,2}},?\s+[A-Z]{{2}}\s+(?=[A-Z ]*\d)[A-Z0-9]{{3}}\s?[A-Z0-9]{{3}}"
    r"),?$"
)
# `Lisboa`, `Glen Ellyn`: a place's name alone. Too weak to chain from, but the line stacked right
# under a person's street address is the town it is in.
# `Kreisverkehr 12a`, `Straße der Einheit 3451`: a street written number last, whatever its street word.
_NUMBER_LAST = re.compile(
    r"^[A-Z\u00c0-\u00dd][\w'.\-]*(?:\s+[\w'.\-]+){0,4}\s+\d{1,5}[A-Za-z]?(?:\s*[/\-]\s*\d{1,4})?,?$")
_US_TOWN = re.compile(rf"^{CITY}\s*,?\s+{STATE}\.?,?\s+{ZIP}$")
_PLACE_LINE = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,2}}\.?$")

ALONG_REACH = 3.0  # text heights between the end of one piece and the start of the next on a band
BAND_REACH = 1.8  # text heights between the baselines of stacked lines of one address block


# A column's or a field's name for a place is no part of the place: `Village` over `Darbu`.
_PLACE_LABEL = re.compile(rf"(?i)(?:{PLACE_UNIT}|address|city|town|street|state|country|region|province|zip"
                          r"|post\s*code)s?\s*:?")


# A second field on the address's line (`Cohuna 3568 ph: 5456 4478`): the address is what comes before it.
_NEXT_FIELD = re.compile(r"\s+[A-Za-z][A-Za-z.]{0,11}\s*:.*$")


def address_piece(text: str) -> bool:
    t = _NEXT_FIELD.sub("", normalize(text)).strip()
    if _PLACE_LABEL.fullmatch(t):
        return False
    return any(p.match(t) for p in (_STREET_PART, _HOUSE_PART, _CITY_PART, _NUMBER_PART, _POSTAL_PART))


def _in_frame_of(a: TextLine, b: TextLine) -> tuple[float, float, np.ndarray, np.ndarray] | None:
    """`b`'s corners along and down `a`'s own reading direction (a card at an angle, a label upside
    down), with `a`'s length and height; None unless the two run the same way (within ~25 degrees)
    at similar heights."""
    if not 0.5 < b.height / max(1.0, a.height) < 2:
        return None
    pa, qa = axes(a, corners=4), axes(b, corners=4)
    if pa is None or qa is None or not pa.runs_with(qa, 0.9):
        return None
    return pa.length, a.height, pa.along_of(qa.points), pa.down_of(qa.points)


def _under(a: TextLine, b: TextLine) -> bool:
    """Is `b` the line stacked right under `a` (in `a`'s reading direction), overlapping it along?"""
    f = _in_frame_of(a, b)
    if f is None:
        return False
    length, h, xs, ys = f
    return bool(xs.max() > 0 and xs.min() < length and 0.5 * h < ys.min() < (1 + BAND_REACH) * h)


def _beside(a: TextLine, b: TextLine) -> bool:
    """Is `b` on `a`'s band within reach of its ends, or on the band just above or below?"""
    f = _in_frame_of(a, b)
    if f is None:
        return False
    length, h, xs, ys = f
    reach_along = ALONG_REACH * h
    overlaps_along = xs.max() > -reach_along and xs.min() < length + reach_along
    overlaps_down = ys.max() > -BAND_REACH * h and ys.min() < h + BAND_REACH * h
    return bool(overlaps_along and overlaps_down)


def address_parts(lines: list[TextLine], spans: dict[int, list[Span]], region: set[int]) -> list[int]:
    """Lines (of `region`, a person's) holding the rest of an address found on a line beside them.

    A lone number links pieces (`8104` between `Hawthorne Pl` and `Bayview,`) but is not added: a
    house number long enough to identify anyone is masked as a number already."""
    seeds = {i for i, ss in spans.items() if i in region and any(s.identifier == Identifier.GEOGRAPHIC for s in ss)}
    pieces = {i for i in region if i not in seeds and address_piece(lines[i].text)}
    found: list[int] = []
    frontier = list(seeds)
    while frontier:
        j = frontier.pop()
        for i in sorted(pieces):
            if _beside(lines[j], lines[i]) or _beside(lines[i], lines[j]):
                pieces.discard(i)
                if not _NUMBER_PART.match(normalize(lines[i].text).strip()):
                    found.append(i)
                frontier.append(i)
    ends = seeds | set(found)
    towns = [i for i in region if i not in ends and _town(lines[i].text)
             and any(_under(lines[k], lines[i]) and _printed_alike(lines[k].text, lines[i].text) for k in ends)]
    # `59000 LILLE` under `RES LES CITEAUX` under `5/42 AVENUE DE MORMAL`: a postcode and town may have a
    # building's or a residence's name between it and its street
    between = {m for m in region if any(_under(lines[k], lines[m]) for k in ends)}
    postal = [i for i in sorted(pieces) if i not in ends and i not in towns
              and _POSTAL_PART.match(_NEXT_FIELD.sub("", normalize(lines[i].text)).strip())
              and any(_under(lines[m], lines[i]) for m in between)]
    return sorted(found + towns + postal)


def address_tails(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Postcode-and-town lines right under a street address already found, anywhere on the photo: the rest of
    that address (`Hauptstraße 123` over `12345 Astadt`). The street is kept only where it is someone's (an
    organisation's own on a page with no one on it was dropped before), so its town goes with it."""
    streets = [j for j, ss in spans.items() if any(s.entity == "ADDRESS" for s in ss)
               and _street_line(lines[j].text)]
    return sorted({k for j in streets for k, ln in enumerate(lines)
                   if k != j and not spans.get(k) and _postal_line(ln.text) and stacked_above(lines[j], ln)})


def _printed_alike(a: str, b: str) -> bool:
    """`Millbrook,` over `METFORMIN`: a town is printed in its address's case."""
    def upper(t: str) -> bool:
        letters = [c for c in t if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)
    return upper(a) == upper(b)


def _town(text: str) -> bool:
    """A place's name alone: not a label, not only ordinary words (`Parents`, `Notes`)."""
    t = normalize(text).strip()
    if not _PLACE_LINE.match(t) or len(t) < 3 or t.split()[0].strip(".,").upper() in LABEL_WORDS:
        return False
    vocab = english_words()
    return not vocab or any(w.strip(".,").upper() not in vocab for w in t.split())



def _street_line(text: str) -> bool:
    t = re.sub(r",\s*\d{4,6}$", "", normalize(text).strip())  # `456 Elm St, 54321`: the postcode after the street
    # `40219 Düsseldorf` is shaped like `8255 Foundry` but is a postcode and town: no street word, no street
    return bool(_STREET_PART.match(t) or _NUMBER_LAST.match(t) or _HOUSE_PART.match(t) and not _postal_line(t))


# `Other Town, Canada`: a town and its country, the line a street line with its postcode (`456 Elm St, 54321`) leaves
_TOWN_COUNTRY = re.compile(rf"^{_WORD}(?:\s+{_WORD}){{0,2}},\s*(?P<country>[A-Za-z][A-Za-z .]{{1,30}}?)\.?$")


def _postal_line(text: str) -> bool:
    t = normalize(text).strip()
    country = _TOWN_COUNTRY.match(t)
    return bool(_POSTAL_PART.match(t) or _US_TOWN.match(t)
                or country and " ".join(country.group("country").split()).upper() in COUNTRY_NAMES)


_TITLES = re.compile(r"(?i)^(?:(?:prof|dr|med|dent|vet|herr|frau|mr|mrs|ms|mx|mme|m)\.?\s+)+")


def _named(text: str, spans: list[Span]) -> bool:
    """A line that is a name found, after the titles before it (`Prof. Dr. med. Alfred Testmeier`)."""
    lead = _TITLES.match(normalize(text))
    cut = lead.end() if lead else 0
    kept = [dataclasses.replace(s, start=s.start - cut, end=s.end - cut) for s in spans if s.start >= cut]
    return whole_name(text[cut:], kept)


def _block_name(text: str) -> bool:
    """Over an address block, a census first name and surname are a name even when both are words
    (`Will Black`), which alone elsewhere they are not."""
    words = normalize(text).split()
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return False  # a lone word over an address is as often a company's (`Musterbank`, `Adler-Apotheke`)
    if name_shaped(text):
        return True
    return len(words) <= 4 and all(w.isalpha() for w in words) and is_first_name(
        words[0].upper()) and is_surname(words[-1].upper())


# A letter's or a label's word for whom the block under it goes to, standing in for the name (`Empfänger`, `Ship to`).
_RECIPIENT = re.compile(r"(?i)^(?:empf(?:ä|ae|a)nger(?:in)?|recipient|addressee|destinataire|destinatario|ship\s*to"
                        r"|deliver\s*to|bill\s*to|sold\s*to|mail\s*to)$")


def address_blocks(lines: list[TextLine], spans: dict[int, list[Span]]) -> tuple[list[int], list[int]]:
    """(name lines, address lines) of the blocks a letter, an invoice or an envelope prints a person's
    address as: a name, under it a street, under that a postcode and town, left-aligned.

    Each line alone is weak (`Kreisverkehr 12a` has no street word, `Will Black` is two English words,
    `23421 Eckstadt` could be a product and its maker), but the three stacked are an address in every
    country that writes one. The top line must be a person's name (found as one, or shaped like one
    and no organisation's) or a word for the recipient (`Empfänger`, whose address the rest is): a company's
    letterhead above its own address stays visible."""
    names: list[int] = []
    parts: list[int] = []
    for j, street in enumerate(lines):
        if not _street_line(street.text):
            continue
        towns = [k for k, ln in enumerate(lines) if k != j and _postal_line(ln.text) and stacked_above(street, ln)]
        if not towns:
            continue
        for i, top in enumerate(lines):
            if i == j or not stacked_above(top, street):
                continue
            if _RECIPIENT.match(normalize(top.text).strip(" :")):
                parts += [m for m in (j, *towns) if m not in parts]  # `Empfänger` over the street: whoever it is
                continue
            found = spans.get(i)
            if (_named(top.text, found) if found else _block_name(top.text)) and not ORG_WORD.search(
                    normalize(top.text)):
                names += [i] if not found and i not in names else []
                parts += [m for m in (j, *towns) if m not in parts]
    return names, sorted(parts)
