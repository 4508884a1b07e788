"""Geographic subdivisions smaller than a state (identifier 2): street addresses, city + ZIP, ZIPs.

Borderline choice: a street address is flagged wherever it appears, the clinic's own address on a
sign included; the tool cannot tell whose address it is, and masking a sign's address is cheap.
A room number (`Rm 412-B`) is not an address. A bare five-digit number is not taken for a ZIP
without a label or a state before it.
"""

from __future__ import annotations

import re

from .base import D, RuleRecognizer, alt, rule
from .words import english_words

STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "PR",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]
STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho"
    "|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota"
    "|Mississippi|Missouri|Montana|Nebraska|Nevada|New\\s+Hampshire|New\\s+Jersey|New\\s+Mexico|New\\s+York"
    "|North\\s+Carolina|North\\s+Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\\s+Island|South\\s+Carolina"
    "|South\\s+Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West\\s+Virginia|Wisconsin|Wyoming"
)
STATE = alt("|".join(STATES), rf"(?i:{STATE_NAMES})")
ZIP = rf"{D}{{5}}(?:\s?-\s?{D}{{4}})?"
SUFFIX = alt(
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Av",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Drive",
    "Dr",
    "Lane",
    "Ln",
    "Court",
    "Ct",
    "Way",
    "Place",
    "Pl",
    "Terrace",
    "Ter",
    "Parkway",
    "Pkwy",
    "Highway",
    "Hwy",
    "Circle",
    "Cir",
    "Square",
    "Trail",
    "Trl",
    "Route",
    "Rte",
    "Pike",
    "Alley",
    "Loop",
    "Row",
    "Crescent",
    # British, Commonwealth and Indian street words
    "Grove",
    "Gardens",
    "Mews",
    "Rise",
    "Vale",
    "Parade",
    "Esplanade",
    "Marg",
    "Nagar",
    # more of USPS Publication 28's street suffixes (Appendix C1), with their standard abbreviations;
    # the ones that are also everyday words after a number (Run, View, Walk, Station, Point, Field,
    # Pass) are left out: `5 km Run` and `4 West Station` are no addresses
    "Bend",
    "Bnd",
    "Cove",
    "Cv",
    "Creek",
    "Crk",
    "Crossing",
    "Xing",
    "Heights",
    "Hts",
    "Hill",
    "Hollow",
    "Holw",
    "Knoll",
    "Landing",
    "Lndg",
    "Manor",
    "Meadows?",
    "Mdws",
    "Path",
    "Ridge",
    "Rdg",
    "Shores?",
    "Springs",
    "Summit",
    "Turnpike",
    "Tpke",
    "Village",
    "Vlg",
    "Plaza",
    "Plz",
    "Glen",
    "Harbor",
    "Hbr",
    "Orchard",
    "Trace",
    "Valley",
    "Vly",
    "Vista",
    "Close",
    "Wynd",
    "Commons",
    "Crest",
    "Cres",
    "Expressway",
    "Expy",
    "Freeway",
    "Fwy",
    "Causeway",
    "Estates",
    "Bluff",
    "Brook",
    "Canyon",
    # South Asia's road words, after the road's name: `L.B.S. Marg`, `Anna Salai`
    "Marg",
    "Salai",
)
# Places smaller than a state, as registers and insurance lists name a person's home (Safe Harbor keeps only
# the state): `Village`, `Municipality`, `District`, `County`.
PLACE_UNIT = (r"(?:village|municipality|district|county|parish|commune|locality|suburb|neighbou?rhood|hamlet"
              r"|barangay|sub-?district|township)")
WORD = r"[A-Za-z0-9][A-Za-z0-9'\-]{0,30}\.?"
UNIT = r"(?:[ \t]*,?[ \t]*(?i:Apt|Apartment|Unit|Suite|Ste|Fl|Floor|#)\.?[ \t]*#?[ \t]*[A-Za-z0-9\-]{1,6})?"
STREET = (
    # a block or building word before the number is the address's too: `Blk 30 Geylang Street 29`
    r"(?:(?i:Blk|Block|Bldg|Building|Flat)\.?[ \t]+)?"
    rf"(?=[^\s]{{0,5}}\d){D}{{1,6}}[A-Za-z|]?,?(?:[ \t]+(?i:[NSEW]\.?|North|South|East|West))?(?:[ \t]+{WORD}){{1,4}}?"
    rf"[ \t]+(?i:{SUFFIX})\b\.?(?:[ \t]+(?i:{SUFFIX})\b\.?)?"  # `Maple Grove Ave`: a suffix word in the name
    rf"(?:[ \t]+\d{{1,3}}(?![\w/:.]))?{UNIT}"  # `311, Clementi Ave 2, #02-25`: Singapore numbers its avenues
)
EURO_STREET = (
    r"(?:(?:Calle|Carrer|Avenida|Avda\.|Rua|Via|Viale|Piazza|Corso|Rue|Chemin|Paseo|Strada|Ulica|ul\.|Travessa|Largo)"
    r"[ \t]+(?:[A-Za-z\u00c0-\u017f'.]+[ \t]+){0,4}\d{1,4}[A-Za-z]?"
    # the street word after a stem of three letters or more (`Ostring 4`; `String 1` is a solar panel's string)
    r"|[A-Z\u00c0-\u00dd][A-Za-z\u00c0-\u017f\-]{2,}(?:stra\u00dfe|strasse|str\.|weg|platz|gasse|allee|ring|damm|ufer|chaussee"
    r"|straat|laan|plein|gracht|vej|gade|gatan|gata|veien|v\u00e4gen"
    # a street named after someone is hyphenated, its street word capitalised: `Herbert-Lewin-Platz 2`
    r"|-(?:Stra\u00dfe|Strasse|Platz|Weg|Gasse|Allee|Ring|Damm|Ufer|Chaussee|Straat|Laan|Plein))[ \t]+\d{1,4}[A-Za-z]?"
    # ... and its postcode and town after a comma, as Europe writes them: `Blumenweg 18, 26427 Esens`
    r"(?:[ \t]*,[ \t]*\d{4,5}[ \t]+[A-Z\u00c0-\u00dd][A-Za-z\u00c0-\u017f\-]+"
    r"(?:[ \t]+[A-Z\u00c0-\u00dd][A-Za-z\u00c0-\u017f\-]+)?)?"
    # `Example St. 1`, `Baker Street 221B`: an English street word with the number after it, as Europe writes
    # (the street word in small letters too, as a form's user types it: `Park avenue 7`)
    r"|[A-Z][a-z\u00e0-\u017f]+[ \t]+(?:[Ss]treet|St\.|[Rr]oad|Rd\.|[Ll]ane|Ln\.|[Aa]venue|Ave\.)[ \t]+\d{1,4}[A-Za-z]?"
    # ... and the other English street words, with a house number of three digits at most (`Inventor Drive 23`,
    # `Killmotor Hill 1`; `Test Drive 2024` is a year)
    r"|[A-Z][a-z\u00e0-\u017f]+[ \t]+(?:Drive|Way|Close|Court|Place|Terrace|Crescent|Boulevard|Blvd\.|Square|Hill"
    r"|Row|Grove|Gardens)[ \t]+\d{1,3}[A-Za-z]?(?!\d|[/.:\-]\d))"  # not a date's day: `Blood Drive 03/14/2026`
)
# `Straße der Einheit 3451 - 23452 Beispielhausen`, `Musterstr. 123 · 12345 Musterort`: any street written
# number last, when a postcode and its town follow on the same line, after a separator or none (`Unterdorf 17
# 9999 Elexikon`); the town no English word: `Version 2 - 2024 Release` is no address.
STREET_POSTCODE_TOWN = (
    r"[A-Z\u00c0-\u00dd][\w'.\-]*(?:[ \t]+[\w'.][\w'.\-]*){0,3}[ \t]+\d{1,4}[A-Za-z]?"
    r"[ \t]*(?:[\u00b7\u2022,\-\u2013|][ \t]*)?(?:\d{4,5}[ \t]+(?P<town>[A-Z\u00c0-\u00dd][\w\-]+)"
    # ... or the town first and the postcode last: `Ruzinovska 12, Bratislava, SK, 821 01`
    r"|(?P<town2>[A-Z\u00c0-\u00dd][\w\-]+)[ \t]*,[ \t]*(?:[A-Z]{2}[ \t]*,[ \t]*)?(?:\d{3}[ \t]?\d{2}|\d{4,5})(?!\d))"
)
# France, Belgium and Spain put the number first and the street word after it: `12 rue de la Paix`, `5/42 AVENUE
# DE MORMAL`, `3 bis, Chemin des Vignes`, `25 Calle Mayor`. A capitalised word in the street's name is required
# (`3 place settings` is a table).
NUMBER_FIRST_STREET = (
    r"\d{1,4}(?:[/\-]\d{1,4})?[A-Za-z]?(?:[ \t]+(?i:bis|ter))?,?[ \t]+"
    r"(?i:rue|avenue|av\.|boulevard|bd\.?|bld\.?|chemin|place|all[\u00e9e]e|impasse|quai|route|cours|square|passage"
    r"|faubourg|chauss[\u00e9e]e|sentier|calle|avenida|rua)"
    r"(?:[ \t]+[\w'\u2019.\-]+){1,5}"
)
POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]\d[A-Z]\d)"  # LS6 2AB, K1A 0B1
CITY = r"(?:[A-Z058][A-Za-z.'\-]{1,30}[ \t]+){0,3}[A-Z058][A-Za-z.'\-]{1,30}"


def _named_street(m: re.Match[str]) -> float | None:
    """`12 rue de la Paix`: some word of the street's name is capitalised (`3 place settings` has none)."""
    return 0.85 if any(w[:1].isupper() for w in m.group("v").split()[2:]) else None


def _not_a_label(m: re.Match[str]) -> float | None:
    """`Addr:` over a masked value, then `PHONE` on the next line: a label word is not a city."""
    first = m.group("v").split()[0].strip(".,").upper()
    return None if first in LABEL_WORDS else 0.85


def _town_no_word(m: re.Match[str]) -> float | None:
    vocab = english_words()
    town = m.group("town") or m.group("town2")
    return None if vocab and town.upper() in vocab else 0.86


_LABELS = (
    "PHONE TEL TELEPHONE CELL MOBILE FAX EMAIL E-MAIL NAME PATIENT DOB MRN SSN INS INSURANCE MEMBER ADMIT "
    "ATTENDING ROOM BED AGE SEX DATE ACCOUNT ACCT ZIP STATE CITY ADDRESS ADDR"
)
LABEL_WORDS = frozenset(_LABELS.split())


# A position in decimal degrees (`32.96076, -96.73352`, read glued as `32.96076-96.73352`): a place far smaller
# than a state, whoever's it is (a radio node's, a phone's, a photo's location overlay).
GPS_PAIR = r"-?\d{1,2}\.\d{4,8}[ \t]*[,;/]?[ \t]*[-+]?\d{1,3}\.\d{4,8}"


def _on_earth(m: re.Match[str]) -> float | None:
    """On the globe, and measured, and a pair alone: a table of `1.0000  2.0000` or of readings is no position."""
    if re.search(r"\d\.\d+[ \t]*[,;/]?[ \t]*$", m.string[: m.start("v")]):
        return None
    (lat, lat_frac), (lon, lon_frac) = re.findall(r"(-?\d{1,3}\.(\d+))", m.group("v"))[:2]
    measured = lat_frac.strip("0") and lon_frac.strip("0")
    return 0.8 if abs(float(lat)) <= 90 and abs(float(lon)) <= 180 and measured else None


class AddressRecognizer(RuleRecognizer):
    RULES = (
        rule("GPS_POSITION", rf"(?<![\w.\-])(?P<v>{GPS_PAIR})(?![\w.]|[ \t]*[,;/]?[ \t]*-?\d+\.\d)", 0.8, _on_earth),
        rule("ADDRESS", rf"(?<![\w\-])(?P<v>{STREET})(?![A-Za-z])", 0.85),
        # ... and its town after a comma (`123 Main Street, Anytown, USA`): the country is no identifier.
        rule("ADDRESS", rf"(?<![\w\-])(?P<v>{STREET}[ \t]*,[ \t]*{CITY})(?=[ \t]*(?:,|$))", 0.86, _not_a_label),
        rule("ADDRESS", r"(?P<v>(?i:\bP\.?\s?O\.?\s*Box)\s*\d{1,6})", 0.85),
        # Europe's number after the street: `Musterstraße 12`, `Keizersgracht 123`, `Calle Mayor 3`, `Rua das
        # Flores 123`, `Via Roma 12`, `ul. Długa 5`.
        rule("ADDRESS", rf"(?<![\w])(?P<v>{STREET_POSTCODE_TOWN})(?![\w])", 0.86, _town_no_word),
        rule("ADDRESS", rf"(?<![\w])(?P<v>{EURO_STREET})(?![\w])", 0.85),
        rule("ADDRESS", rf"(?<![\w\-/])(?P<v>{NUMBER_FIRST_STREET})", 0.85, _named_street),
        # A British postcode (`LS6 2AB`, `SW1A 1AA`) or a Canadian one (`K1A 0B1`), with its town if any.
        rule("ADDRESS", rf"(?<![\w])(?P<v>(?:{CITY}[ \t]*,?[ \t]+)?(?:[A-Z]{{2}},?[ \t]+)?{POSTCODE})(?![\w])", 0.85,
             _not_a_label),
        rule("ADDRESS", rf"(?P<v>{CITY}[ \t]*,?[ \t]+{STATE}\.?,?[ \t]+{ZIP})(?![0-9])", 0.9),
        rule("ADDRESS", rf"(?<![\w])(?P<v>{STATE}\.?,?[ \t]+{ZIP})(?![0-9])", 0.85),
        rule(
            "ADDRESS",
            rf"(?i:\b(?:ZIP|Zip\s*Code|Postal\s*Code|Postcode|PLZ|Postleitzahl|Code\s*postal|C[oó]digo\s*postal|CAP)\b)"
            rf"[ \t]*[:#]?[\s]*(?P<v>{ZIP})(?![0-9])", 0.9
        ),
        rule(
            "ADDRESS",
            rf"(?i:\b(?:City|Town|County|Lives\s*in|Ort|Wohnort|Stadt|Ville|Ciudad|Citt[aà]|Cidade|Localidad)\b)"
            rf"[ \t]*[:\n][\s]*"
            rf"(?P<v>{CITY}(?:[ \t]*,[ \t]*{CITY})?)(?![A-Za-z.'\-]|[ \t]*[:#])",  # `PHONE:` is the next label
            0.85,
            _not_a_label,
        ),
        # After `Address`, a place needs its comma (`Springfield, IL`) or a street word (`Locust Rd.`): a
        # lone word beside an Address label is as often the next button of a settings screen (`Display`).
        rule(
            "ADDRESS",
            rf"(?i:\b(?:Address|Addr|Home\s*Address|Residence)\b)[ \t]*[:\n][\s]*"
            rf"(?P<v>{CITY}[ \t]*,[ \t]*{CITY}|(?:[A-Z][A-Za-z'\-]+[ \t]+){{1,3}}(?i:{SUFFIX})\.?)"
            r"(?![A-Za-z'\-]|[ \t]*[:#])",
            0.85,
            _not_a_label,
        ),
        rule("ADDRESS", r"(?i:\b(?:Address|Addr)\b)[ \t]*[:\n][\s]*(?P<v>\d{1,6}[^\n]{3,60})", 0.85),
        # `Address: Fall road N. 782`, `Via Roma 12, Milano`: the number after the street, as much of Europe
        # writes it.
        rule("ADDRESS", r"(?i:\b(?:Address|Addr)\b)[ \t]*[:\n][\s]*(?P<v>[A-Za-z][^\n\d:]{3,40}[ \t]\d{1,5}[A-Za-z]?"
             r"(?:[ \t]*,[ \t]*[^\n:]{2,30})?)[ \t]*$", 0.85, flags=re.MULTILINE),
        # A form's street field, in the languages that write the number after the street (`Straße:  Am Waldacker 5`).
        rule("ADDRESS", r"(?i:\b(?:Street|Stra(?:ß|ss)e|Str\.|Anschrift|Adresse|Direcci[oó]n|Endere[cç]o|Indirizzo|Rue)"
             r")[ \t]*[:\n][\s]*(?P<v>[^\W\d_][^\n\d:]{2,40}[ \t]\d{1,5}[A-Za-z]?)[ \t]*$", 0.85,
             flags=re.MULTILINE),
    )
