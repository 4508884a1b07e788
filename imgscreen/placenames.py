"""Places that read as people: a station, a district, a city and its state.

The name rules take two capitalised words the Census knows (`Hyde Park`, `Austin, Texas`, `Willesden Green`)
for a person, and a transit app, a weather app or a map is full of them. What tells a place from a person is
the word beside it, not a list of places: a station or an airport word after it (`Hyde Park Corner
Underground Station`), a state or a country after its comma (`Austin, Texas`, `Berlin, Germany`), a word
built as a place is built (`Hertzallee`, `Potsdam Hauptbahnhof`, `Zoologischer Garten`), a lake's, a river's or a
mountain's word at its end (`Jordan Pond`), or a saint's title in front (`San Diego`, `Santa Monica`). A person's
name is not written so; under a person's label it is still masked (the callers only ask about names nothing
labelled).
"""

from __future__ import annotations

import re

from .recognizers.gazetteer import is_first_name
from .recognizers.places import STATE_NAMES
from .recognizers.words import COUNTRY_NAMES

# Words for a place where people pass through, in the languages of the set's transit and map screens.
_PLACE_WORD = (
    r"(?:Underground|Station|Stn|Subway|U-?Bahn|S-?Bahn|Airport|Bahnhof|Hauptbahnhof|Hbf|Flughafen"
    r"|Gare|A[eé]roport|Estaci[oó]n|Esta[cç][aã]o|Stazione|Aeroporto|Aeropuerto|Station(?:s|splein)?|Garten"
    r"|Platz|Stra(?:ss|ß)e|Allee|Markt|Br[uü]cke|Corner|Cross)"
)
# one to three place words right after the name (`Hyde Park` + `Corner Underground Station`); a ward board's
# `Jane Doe  Nurses Station` or `Station 3` is no place name
_PLACE_AFTER = re.compile(rf"^[ \t,]*(?:{_PLACE_WORD}[ \t]+){{0,2}}{_PLACE_WORD}\b(?![ \t]*#?\d)")
_PLACE_END = re.compile(rf"\b{_PLACE_WORD}$")
# The land and water a trip log or a map names after someone (`Jordan Pond`, `Morgan Falls`): words that end a
# place's name and are rarely a surname (not `Lake`, `Beach`, `Hill` or `Park`, which are common ones).
_NATURE_END = re.compile(r"\b(?:Pond|River|Creek|Mountains?|Falls|Valley|Canyon|Island|Glacier|Lagoon|Peak|Summit"
                         r"|Trail|Bay|Cove|Harbou?r|Springs|National[ \t]+Park|State[ \t]+Park)$")
# German and Dutch place words are written joined to the name they follow: `Hertzallee`, `Johannesstift`
_JOINED_PLACE = re.compile(r"(?i)^[a-zäöüß]{3,}(?:stra(?:ss|ß)e|allee|platz|bahnhof|garten|stift|markt|br[uü]cke|plein"
                           r"|gracht|ufer|damm)$")
_SAINT_FIRST = re.compile(r"^(?:San|Santa|Santo|S[aã]o|Saint|Sainte|Sankt)[ \t]+[A-Z]")
_STATE_OR_COUNTRY = re.compile(rf"(?i)^(?:{STATE_NAMES})$")


def _region(words: str) -> bool:
    """A US state or a country that is no given name (`Texas`, `Germany`; not `Georgia`, `Virginia`)."""
    w = " ".join(words.split())
    if not w or is_first_name(w.upper()):
        return False
    return bool(_STATE_OR_COUNTRY.match(w)) or w.upper() in COUNTRY_NAMES


def place_name(text: str, start: int, end: int) -> bool:
    """Is the name-shaped `text[start:end]` a place by the words in and around it?"""
    value = text[start:end].strip(" ,")
    if not value:
        return False
    if _PLACE_AFTER.match(text[end:]) or _PLACE_END.search(value) or _NATURE_END.search(value):
        return True
    if _SAINT_FIRST.match(value) and len(value.split()) == 2 and "," not in value:
        return True  # `San Diego`; not `Santa Narimana, Levand`, a surname that opens with the word
    if any(_JOINED_PLACE.match(w) for w in re.findall(r"[^\W\d_]+", value)):
        return True
    _, comma, tail = value.partition(",")
    if comma and _region(tail):
        return True  # `Austin, Texas`: the comma form of a name, but a state after it
    after = re.match(r"^[ \t]*,[ \t]*([A-Z][\w]*(?:[ \t]+[A-Z][\w]*)?)", text[end:])
    return bool(after) and any(_region(" ".join(after.group(1).split()[:k])) for k in (1, 2))
