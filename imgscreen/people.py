"""Who is named where: the rules that find a person's name from its shape and its place rather than a
label. A cell of a name column, a name split over two lines of a card (`THIBODEAU` over `ROSALIE`), a
column that already lists two people, the addressee stacked on a street address, `Surname, I.` on a
label, an upper-case name with its sex on an image overlay (`NOVAK OLIVIA [F]`).

Each needs person evidence around it (`context` decides where these rules run): alone, `Benito` on a
dictionary page or `Shirley Temple` on a menu is no one. Census lists and the English word list say
what can be a name; geometry (`layout`) says what sits beside what.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .layout import Frame, Joined, axes, frame, turn
from .model import Identifier, TextLine
from .organisations import ORG_WORD
from .recognizers.base import normalize
from .recognizers.dates import MONTH_NAMES
from .recognizers.gazetteer import is_census_first_name, is_first_name, is_surname, surname_rank
from .recognizers.names import SYSTEM_LOGIN
from .recognizers.words import COUNTRY_NAMES, NOT_A_NAME, TRADE_SURNAMES, camel_glued, english_words
from .spans import Span

_NAME_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*\.?$")


def name_shaped(text: str) -> bool:
    """Could this cell be a person's name? One to five words of letters, not all ordinary words.

    A word counts against it when it is an ordinary English word and no census first name or surname
    (`Total`, `Pending`, `Search`), or a hospital word (`Ward`, `Clinic`).
    """
    words = normalize(text).replace(",", " ").split()
    if not 1 <= len(words) <= 5 or not all(_NAME_WORD.match(w) for w in words) or camel_glued(text):
        return False
    long = [w.strip(".").upper() for w in words if len(w.strip(".")) >= 2]
    # `Miller Stephanie`: a trade-word surname is a name beside a given name, in either order.
    given = any(is_first_name(w) and w not in NOT_A_NAME and w not in TRADE_SURNAMES for w in long)
    # `Jun Fairbanks`, `May Lee`: a month's or a flower's given name before a surname is that person's first name
    month_given = (len(long) >= 2 and long[0] in NOT_A_NAME
                   and (is_first_name(long[0]) or len(long[0]) >= 3 and any(m.startswith(long[0]) for m in MONTH_NAMES))
                   and is_surname(long[-1]) and (long[-1] not in NOT_A_NAME or long[-1] in TRADE_SURNAMES))
    if not long or any(w in NOT_A_NAME and not ((given or month_given) and w in TRADE_SURNAMES)
                       and not (month_given and k == 0) for k, w in enumerate(long)):
        return False
    vocab = english_words()
    if any(w not in vocab for w in long):
        return True
    if is_first_name(long[0]) and (len(long) == 1 or is_surname(long[-1])):
        return True
    capitalised = all(w[:1].isupper() for w in words)  # `Burns` in a name column; not `Weeks pregnant`
    return capitalised and any(is_surname(w, common_only=True) for w in long)


def lower_name_line(text: str) -> bool:
    """A line that is only a census first name, and maybe a surname, in any case (`john doe`, `Helen`)
    on a person's record: a contact list, a chat, a header."""
    words = normalize(text).split()
    if not 1 <= len(words) <= 3 or not all(w.isalpha() for w in words):
        return False
    up = [w.upper() for w in words]
    if any(w in NOT_A_NAME for w in up) or not is_census_first_name(up[0]):
        return False
    return len(up) == 1 or is_surname(up[-1])


# `Achterberg, N.`, `MILLER, Stephanie J`: a line that is a surname, a comma and a given name or initial.
# A table cut at its left edge leaves the surname's tail or nothing before the comma (`ch, Olive`, `, Anitas`).
_INVERTED = re.compile(r"^\s*(?:[A-Z][A-Za-z'\-]{1,30}|[a-z'\-]{0,30}),\s*[A-Z](?:[A-Za-z'\-]{1,30}|\.)?"
                       r"(?:\s+[A-Z](?:[A-Za-z'\-]{0,30}|\.))?\s*$")


def inverted_name(text: str) -> bool:
    return bool(_INVERTED.match(normalize(text)))
# `[F]`, `(M)`, `F 45Y`, `M/62`: the sex and age an imaging overlay prints after the patient's name.
_SEX_AGE = re.compile(r"(?i)[\s,]*(?:[\[(]\s*[MFOU]\s*[\])]|[MFOU](?:\s*/?\s*\d{1,3}\s*[YMDW]?)?|\d{1,3}\s*[YMDW])\s*$")


def caps_name(text: str) -> int:
    """`NOVAK OLIVIA [F]`, `MEYER STEPHANIE`: an upper-case line of two to four words, one of them a
    census name, none a hospital or ordinary word (a trade surname beside a given name aside), perhaps
    followed by a sex or age; the length of its name part, 0 if it is not one."""
    t = normalize(text)
    cut = _SEX_AGE.search(t)
    head = t[: cut.start()] if cut else t
    words = head.replace(",", " ").split()
    if not 2 <= len(words) <= 4 or not all(re.fullmatch(r"[A-Z][A-Z'\-]*\.?", w) for w in words):
        return 0
    long = [w.strip(".") for w in words if len(w.strip(".")) >= 2]
    vocab = english_words()
    # a trade surname (`MILLER`) is a name beside a given name, a census one or one no word list has
    # (`MILLER KWAME [M]`: Kwame is Akan, not in the US census)
    given = any(is_first_name(w) and w not in TRADE_SURNAMES for w in long)
    partner = given or any(vocab and w not in vocab and w not in NOT_A_NAME and w not in TRADE_SURNAMES for w in long)
    if any(w in NOT_A_NAME and not (partner and w in TRADE_SURNAMES) for w in long):
        return 0
    if not given and all(w in vocab for w in long):
        return 0  # `KIDNEY DISEASE`: ordinary words, however many people are called Kidney
    return len(head.rstrip()) if any(is_first_name(w) or is_surname(w) for w in long) else 0


_CAP_WORD = re.compile(r"(?<![\w'])[A-Z][a-z]{2,}(?:[ \t]+[A-Z][a-z]{2,})?(?![\w'])")


def given_names(text: str, unknown: bool = True, world: bool = True) -> list[tuple[int, int]]:
    """`Helen missed her appointment`: a capitalised census first name that is no ordinary word,
    with the capitalised word after it, on a person's record. And `Ikechukwu Okonkwo`, `NGOZI BABATUNDE`:
    two or three capitalised words the census lists never saw, each shaped like a name and none an
    ordinary or hospital word (`_unknown_pair`). On a person's record that is most likely the
    person, whatever country the name comes from (fail closed: a brand pair is masked too); not with
    `unknown` False, where such pairs are the language's nouns (a German sentence: `Ihre Spende`). With
    `world` False (a sentence) only the census's first names count: a first name known only from other
    countries' lists is there as likely a language or a place (`code in Haskell`)."""
    vocab = english_words()
    t = normalize(text)
    out = []
    known = is_first_name if world else is_census_first_name
    for m in _CAP_WORD.finditer(t):
        first = m.group(0).split()[0].upper()
        if known(first) and first not in vocab and first not in NOT_A_NAME:
            out.append((m.start(), m.end()))
    for m in _CAP_PAIR.finditer(t) if unknown else ():
        if _unknown_pair(m.group(0).split(), vocab) and not any(a < m.end() and m.start() < b for a, b in out):
            out.append((m.start(), m.end()))
    return out


# Two or three words in one case: `Ikechukwu Okonkwo`, `NGOZI ADAEZE BABATUNDE`.
_CAP_PAIR = re.compile(r"(?<![\w'])(?:[A-Z][a-z]{2,}(?:[ \t]+[A-Z][a-z]{2,}){1,2}"
                       r"|[A-Z]{3,}(?:[ \t]+[A-Z]{3,}){1,2})(?![\w'])")


def _unknown_pair(words: list[str], vocab: frozenset[str]) -> bool:
    """No word an ordinary English word (so no word list, no guess), a hospital word or an acronym."""
    up = [w.upper() for w in words]
    return bool(vocab) and all(
        w not in vocab and w not in NOT_A_NAME and re.search(r"[AEIOUY]", w) and not re.search(r"[^AEIOUY]{4}", w)
        for w in up)



_INITIALS = re.compile(r"^\s*([A-Z])\.?\s?([A-Z])\.?\s*$")


def initials(lines: list[TextLine], names: list[str]) -> list[int]:
    """Lines that are only the initials (`CS`, `D.R.`) of a name masked elsewhere in the photo: the
    avatar a patient list or a chat draws beside each person. Two letters alone name no one; the
    first and last initials of a name in view do (`Carla Sousa`), so an acronym (`OK`, `BP`) that
    matches no one's name stays."""
    known = set()
    for n in names:
        words = re.findall(r"[A-Za-z][A-Za-z'\-]*", normalize(n))
        if len(words) >= 2:
            known.add((words[0][0].upper(), words[-1][0].upper()))
    out = []
    for i, line in enumerate(lines):
        m = _INITIALS.match(normalize(line.text))
        if m and (m.group(1), m.group(2)) in known:
            out.append(i)
    return out


# A name found on the photo, seen again: the words it is made of, and the capitalised words beside them.
_NAME_RUN = re.compile(r"[A-Z][A-Za-z'\-]*(?:[ \t]+[A-Z][A-Za-z'\-]*)*")
ECHO_SOURCES = frozenset({"PATIENT_NAME", "STAFF_NAME", "ADDRESSEE", "SIGNED_IN_USER", "NAME_COLUMN", "MRZ"})


_LOGIN_TOKEN = re.compile(r"(?<![\w@.\-])[a-z][a-z0-9]*(?:[._\-][a-z0-9]+)?(?![\w@\-])")


def _logins_of(name: str) -> set[str]:
    """The logins a directory makes of `Anna Weber`: `aweber`, `anna.weber`, `anna.w`, `annaw`, `weber.a`... A
    given name or surname alone counts only when it is no English word (`anna`, not `will` or `grace`)."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]{2,}", normalize(name))]
    if len(words) < 2:
        return set()
    given, family = words[0], words[-1]
    made = {given[0] + family, given + family, f"{given}.{family}", f"{given}_{family}", f"{given}.{family[0]}",
            f"{given}.{family[:2]}", f"{given[0]}.{family}", family + given[0], given + family[0]}
    made |= {w for w in (given, family) if w.upper() not in english_words() and w.upper() not in NOT_A_NAME}
    return {m for m in made if len(m) >= 3}


def login_echoes(lines: list[TextLine], names: list[str]) -> list[tuple[int, int, int]]:
    """(line, start, end) of a login that a name on the photo makes (`Anna Weber (aweber)`, a home directory's
    `/home/alice` beside `Alice Smith`): a directory's or a server's account is the person's. The name is the
    evidence; the login adds none."""
    made = set().union(*(_logins_of(n) for n in names)) if names else set()
    if not made:
        return []
    return [(i, m.start(), m.end()) for i, line in enumerate(lines) for m in _LOGIN_TOKEN.finditer(line.text)
            if m.group() in made]


def name_echoes(lines: list[TextLine], names: list[str]) -> list[tuple[int, int, int]]:
    """(line, start, end) of a name found elsewhere on the photo, seen again (`Leland Stanford` on a
    contact card, then `Amasa Leland Stanford (March 9, 1824 -` in its biography; a patient list's
    `Daria loan`, then `Consultatie EMR / Daria loan` in the title): the whole name as found, or a
    run of capitalised words holding one of its distinctive words (no ordinary English word, three
    letters or more), or its given name alone on a line. The name is the evidence; the echo adds none."""
    vocab = english_words()
    # (`PROVIDER,EIGHT`, VistA's `LAST,FIRST`, is two words too)
    whole = {normalize(n).strip().lower() for n in names if len(re.split(r"[\s,]+", normalize(n).strip(" ,"))) >= 2}
    # `PeterMuster(01.11.1943)` under a plan made for `Peter Muster`: a footer or a login glues the words together
    whole |= {g for n in whole if len(g := re.sub(r"[\s,]+", "", n)) >= 6}
    words = {w.upper() for n in names for w in re.findall(r"[A-Za-z][A-Za-z'\-]{2,}", normalize(n))}
    words = {w for w in words if vocab and w not in vocab and w not in NOT_A_NAME}
    # a given name alone on its line, after the whole name elsewhere (a mail list's `Brook Drumm`, then the
    # thread's `Brook`): a word too ordinary to echo inside a line (`brook`) is still that person's there
    firsts = {n.split()[0] for n in (normalize(x).strip() for x in names) if len(n.split()) >= 2}
    firsts = {f for f in firsts if f[:1].isupper() and is_first_name(f.upper())}
    out = []
    for i, line in enumerate(lines):
        t = normalize(line.text)
        if (alone := t.strip()) in firsts:
            out.append((i, t.index(alone), t.index(alone) + len(alone)))
            continue
        low = t.lower()
        for n in whole:
            k = low.find(n)
            while k >= 0:
                # `PatientAshley Park`: the OCR glued a label to the name; a capital after a small letter starts it
                start = k == 0 or not low[k - 1].isalnum() or t[k].isupper() and t[k - 1].islower()
                if start and (k + len(n) == len(low) or not low[k + len(n)].isalnum()):
                    out.append((i, k, k + len(n)))
                k = low.find(n, k + 1)
        for m in _NAME_RUN.finditer(t):
            if any(w.upper() in words for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", m.group(0))):
                out.append((i, m.start(), m.end()))
    return out


# One item of a list of people on one line: `Maria Garcia2*`, `T. Mokoena`, `and Lars Olsen1,3`, a bullet's
# first item.
_MATE = re.compile(r"(?:^[\u2022\u00b7\u25aa\u25e6*\-\u2013]?|(?<=[,;&])|(?<=\band\b))\s*(?:and\s+)?"
                   r"(?P<v>(?:[A-Z][A-Za-z'\-]*\.?\s+){0,3}[A-Z][A-Za-z'\-]+)"
                   r"[\d,*\u2020\u2021\u00b9\u00b2\u00b3]*\s*(?=[,;&]|\band\b|$)")


_INITIAL_LED = re.compile(r"(?:[A-Z]\.\s*){1,3}[A-Z][a-z'\-]{2,}$")  # `R. W. Hamming`, `E. Someone`
# The list's first item after the sentence's lower-case lead-in, written with initials as a byline writes people
# (`notamment messieurs M. ALBARET, E. BIDEAU`): a capitalised word there is as often a product (`using Docker,`).
_LEAD_MATE = re.compile(r"(?<=[a-z\u00df-\u00ff][ \t])(?P<v>(?:[A-Z]\.[ \t]*){1,3}[A-Z](?:[a-z'\-]{2,}|[A-Z'\-]{2,}))"
                        r"[\d*\u2020\u2021\u00b9\u00b2\u00b3]*[ \t]*(?=[,;&])")


def list_mates(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The other items of a line that lists people (`Wei Zhang1, Maria Garcia2*, and Thabo Mokoena1,3`,
    a paper's byline, a letter's cc): when one item is a name found already, every item shaped like a
    name (one to four capitalised words, an affiliation mark aside) is one too. Ordinary words only
    (`Methods and Results`) are no one, unless initials lead them: `R. W. Hamming` and a template's
    `E. Someone` are written as a byline writes people."""
    vocab = english_words()
    if not names or not vocab or not re.search(r"[,;&]|\band\b", text):
        return []
    out = []
    for m in [*_MATE.finditer(text), *_LEAD_MATE.finditer(text)]:
        a, b = m.span("v")
        if (a, b) in out:
            continue
        words = [w.strip(".").upper() for w in m.group("v").split()]
        if any(a < e and s < b for s, e in names):
            continue
        if not _INITIAL_LED.match(m.group("v")) and all(w in vocab or w in NOT_A_NAME for w in words if len(w) > 1):
            continue
        out.append((a, b))
    return out if len(out) + len(names) >= 2 else []


_HOUSE_NUMBER = re.compile(r"^\s*\d{1,6}[A-Za-z]?\b")
_NUMBER_AFTER = re.compile(r"[A-Za-z\u00c0-\u017f.][ \t]+\d{1,4}[A-Za-z]?(?:[ \t]*,.*)?$")  # `Rathausplatz 37`


# An invoice's heading over the address it labels (`Adresse de livraison`, `Lieferadresse`, `Shipping address`):
# a label, in the place a recipient's name stands.
_ADDRESS_HEADING = re.compile(r"(?i)adress|address|direcci[o\u00f3]n|indirizzo|morada|livraison|facturation|lieferung"
                              r"|rechnung|shipping|billing|delivery|env[i\u00ed]o|spedizione|entrega")


def addressees(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Lines that name the person whose street address is stacked right under them (an envelope, a
    pharmacy bag, a letter's recipient): a name-shaped line with nothing found in it but that name,
    left-aligned with a street address (its house number first, or last as Europe writes it: the
    line starts with the street), less than a line apart. An organisation's name
    in that place (`Quarry Labs Billing`) is not a person's."""
    out = []
    for j, ss in spans.items():
        house_first = any(s.entity == "ADDRESS" and _HOUSE_NUMBER.match(lines[j].text[s.start:s.end]) for s in ss)
        number_after = any(s.entity == "ADDRESS" and s.start == 0 and _NUMBER_AFTER.search(lines[j].text[s.start:s.end])
                           for s in ss)
        if not (house_first or number_after):
            continue
        for i in range(len(lines)):
            text = lines[i].text
            stacked = i != j and stacked_above(lines[i], lines[j])
            unread = not spans.get(i) or whole_name(text, spans[i])  # nothing found, or only the name itself
            # over a street written number last, a lone word is as often a company's (`Musterbank`)
            full = house_first or len(normalize(text).split()) >= 2
            if stacked and unread and full and name_shaped(text) and not ORG_WORD.search(normalize(text)) \
                    and not _ADDRESS_HEADING.search(text) and i not in out:
                out.append(i)
    return out


def whole_name(text: str, spans: list[Span]) -> bool:
    """Is the line a name and nothing else (a name finding covers its letters)?"""
    letters = sum(ch.isalpha() for ch in text)
    named = sum(ch.isalpha() for s in spans if s.identifier == Identifier.NAMES for ch in text[s.start:s.end])
    return letters > 0 and named >= 0.8 * letters


# A form's labels in Spanish, Portuguese, French or German beside a name (`Nombre del paciente`, `Seleccione uno`):
# their small words are census surnames (DEL, UNO, UN), their nouns no English word list has.
_FOREIGN_LABELS = (  # not the particles a name keeps (`dos Santos`, `del Toro`, `von Berg`)
    "UN UNA UNO LOS LAS CON POR PARA SIN UM UMA NO NA COM LES AUX POUR SUR UND DIE MIT "
    "NOMBRE NOMBRES APELLIDO APELLIDOS PACIENTE PACIENTES NOME SOBRENOME NOM PRENOM VORNAME NACHNAME PATIENTIN "
    "SELECCIONE SELECIONE AGREGAR ANADIR ADICIONAR AJOUTER HINZUFUGEN"
)
_FOREIGN_LABEL_WORDS = frozenset(_FOREIGN_LABELS.split())


def _name_part(text: str) -> bool:
    """The other half of a name split over two lines (`THIBODEAU` over `ROSALIE`, `J. MILLER` over
    `STEPHANIE`): one to four name-like words, none a hospital or ordinary word but a trade surname, nor
    a foreign form's label word."""
    words = normalize(text).replace(",", " ").split()
    if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
        return False
    if any(w.upper() in _FOREIGN_LABEL_WORDS for w in words):
        return False
    long = [w.strip(".").upper() for w in words if len(w.strip(".")) >= 2]
    vocab = english_words()
    return bool(long) and all((w not in NOT_A_NAME and w not in vocab) or w in TRADE_SURNAMES for w in long) and any(
        is_first_name(w) or is_surname(w) for w in long)  # a census name among them: not `Kontakt`


def name_parts(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Lines holding the rest of a name whose other part is the whole of the line stacked right above
    or below them (a whiteboard cell, a card's surname and given-name lines) or right before them on their
    row (a name the OCR read as two boxes)."""
    out = []
    for j, ss in spans.items():
        if not whole_name(lines[j].text, ss):
            continue
        for i in range(len(lines)):
            if i == j or i in out or spans.get(i) or not _name_part(lines[i].text):
                continue
            if stacked_above(lines[i], lines[j]) or stacked_above(lines[j], lines[i]) or _read_on(lines[j], lines[i]):
                out.append(i)
    return out


def _read_on(first: TextLine, then: TextLine) -> bool:
    """Does `then` carry on `first`'s row right where it ends (`lara` then `Corbin`: the OCR cut a name in two
    boxes), in `first`'s own reading direction?"""
    q = axes(first, corners=4)
    if q is None or len(then.polygon) != 4:
        return False
    p = np.asarray(then.polygon, float)
    h, ht = first.height, then.height
    start = float(q.along_of(p[0])) - float(q.along_of(np.asarray(first.polygon[1], float)))
    return 0.5 < ht / max(1.0, h) < 2 and -0.3 * h <= start < 1.2 * h and abs(float(q.down_of(p[0]))) < 0.5 * h


LIST_REACH = 6.0  # text heights within which two names in one column make a list of people


def _same_column(a: Frame, b: Frame) -> bool:
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0) and max(a.h, b.h) <= 2.5 * min(a.h, b.h) and turn(a, b) <= 20


LIST_MIN = 4  # whole-line names stacked in one column that make a list of people a page's anchor


def name_stacks(lines: list[TextLine], spans: dict[int, list[Span]]) -> tuple[list[list[int]], bool]:
    """Lines that are each a name, chained one above the next in one column (each within `LIST_REACH`
    of its own text heights of the next), grouped; and whether one of them has two others that near
    it: a list of people (a patient table whose header is in a language the rules do not read, a
    roster), as sure a sign that the photo is about people as one name read with confidence
    (`context._photo_wide`)."""
    frames = [frame(ln) for ln in lines]
    named = [j for j, ss in spans.items() if ss and whole_name(lines[j].text, ss)]
    joined = Joined(len(named))
    near = [0] * len(named)
    for a, i in enumerate(named):
        for b in range(a + 1, len(named)):
            j = named[b]
            if not _same_column(frames[i], frames[j]):
                continue
            d = abs(frames[j].cy - frames[i].cy)
            if d <= LIST_REACH * frames[i].h:
                joined.join(a, b)
                near[a] += 1
            if d <= LIST_REACH * frames[j].h:
                near[b] += 1
    groups: dict[int, list[int]] = {}
    for a, i in enumerate(named):
        groups.setdefault(joined.root(a), []).append(i)
    return list(groups.values()), any(n >= 2 for n in near)


def people_list(lines: list[TextLine], stacks: list[list[int]]) -> list[int]:
    """Lines of a list of people: a stack (`name_stacks`) of `LIST_MIN` or more names, one in three of
    them holding a census first name or a common surname (a patient list, a register, a schedule).
    Capitals and countries (`Buenos Aires`, `Pago Pago`) fail the census test. Each of them is a sign
    of a person, as a labelled name is."""
    out: list[int] = []
    for group in stacks:
        census = sum(any(_common_name(w.upper()) for w in re.findall(r"[A-Za-z][A-Za-z'\-]+", normalize(
            lines[i].text))) for i in group)
        if len(group) >= LIST_MIN and 3 * census >= len(group):
            out.extend(group)
    return sorted(out)


def name_lists(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Name-shaped lines in a column that already holds two names near them: a list of people (a
    whiteboard's patient column whose header the OCR misread, a census, a sign-in sheet)."""
    frames = [frame(ln) for ln in lines]
    named = [j for j, ss in spans.items() if whole_name(lines[j].text, ss)]  # cells, not names in sentences
    out = []
    for i, f in enumerate(frames):
        words = normalize(lines[i].text).replace(",", " ").split()
        one = words[0].upper() if len(words) == 1 else ""
        full = len(words) >= 2 or (bool(one) and (is_first_name(one) or is_surname(one)))
        if spans.get(i) or not full or not name_shaped(lines[i].text) or not (
                _name_part(lines[i].text) or _initial_and_surname(lines[i].text)):
            continue  # a lone short word in the column (a header the OCR misread: `PNT`) is no name
        peers = [j for j in named
                 if j != i and _same_column(f, frames[j]) and abs(frames[j].cy - f.cy) <= LIST_REACH * f.h]
        if len(peers) >= 2:
            out.append(i)
    return out


def _detail_line(frames: list[Frame], i: int) -> int | None:
    """The line right under line `i`, starting where it starts and no taller: the detail line of a card (a list
    item's subtitle) whose title `i` is."""
    f = frames[i]
    below = [(g.y0 - f.y1, j) for j, g in enumerate(frames) if j != i and abs(g.x0 - f.x0) <= 0.6 * f.h
             and g.h <= 1.15 * f.h and -0.2 * f.h <= g.y0 - f.y1 <= 0.8 * f.h]
    return min(below)[1] if below else None


def _tail_word(text: str) -> str:
    """What makes two cards' detail lines alike: their last word (`donor`), or the whole line where it has no word,
    as a phone list's `+91` under each name whose number the screenshot blurred."""
    words = re.findall(r"[A-Za-z]{3,}", normalize(text).lower())
    if words:
        return words[-1]
    bare = "".join(normalize(text).split())
    return bare if 2 <= len(bare) <= 12 else ""


FIELD_REACH = 3  # lines under a card's title within which its first labelled field is looked for


def card_titles(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Titles of a list's cards that sit where a name sits on a card beside them: `Dipankar` over `New blood
    donor`, next to `Sufi Ahmed` over `3 times blood donor`. The cards are alike (titles aligned and of one
    height, each over a detail line ending in the same word, or with the same first labelled field as many lines
    down), so the slot that holds a name on one holds a name on the others: a given name no list knows is masked
    there. A card title made of ordinary words (`Someone from outside`) is not."""
    frames = [frame(ln) for ln in lines]
    seeds = [j for j, ss in spans.items() if ss and whole_name(lines[j].text, ss)]
    if not seeds:
        return []
    vocab = english_words()
    details: dict[int, int | None] = {}  # (each line's detail line, found once: a page has hundreds of lines)

    def detail(i: int) -> int | None:
        if i not in details:
            details[i] = _detail_line(frames, i)
        return details[i]

    def field(i: int) -> tuple[int, str]:
        """The card's first labelled field under its title, and how many lines down (`Date of Birth:` two lines
        under `Ahamd`, a free note between), or (0, '')."""
        k: int | None = i
        for step in range(1, FIELD_REACH + 1):
            k = detail(k)
            if k is None or k == i:
                break
            if label := _detail_label(lines[k].text):
                return step, label
        return 0, ""

    out = []
    for j in seeds:
        d = detail(j)
        tail = _tail_word(lines[d].text) if d is not None else ""
        label = field(j)
        if not (tail or label[1]):
            continue
        for i, ln in enumerate(lines):
            if i == j or i in out or spans.get(i):
                continue
            f, g = frames[i], frames[j]
            if abs(f.x0 - g.x0) > 0.6 * g.h or not 0.75 * g.h <= f.h <= 1.33 * g.h:
                continue
            k = detail(i)
            if k is None or k == j:
                continue
            # the same field under both (`IC:` under `1. Claire` and under `2. pete`): the cards are one form's, and
            # the title slot holds a name in whatever case it was typed
            same_field = bool(label[1]) and field(i) == label
            words = _LIST_NUMBER.sub("", normalize(ln.text)).replace(",", " ").split()
            if not 1 <= len(words) <= 4 or not all(_NAME_WORD.match(w) and (w[0].isupper() or same_field)
                                                   for w in words):
                continue
            up = [w.strip(".").upper() for w in words]
            if any(w in NOT_A_NAME for w in up) or all(w in vocab and not is_first_name(w) for w in up) or \
                    " ".join(up) in COUNTRY_NAMES:
                continue
            if same_field or (tail and _tail_word(lines[k].text) == tail):
                out.append(i)
    return sorted(out)


_LIST_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s+")
_DETAIL_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,20}?)\s*:")


def _detail_label(text: str) -> str:
    """A detail line's field label (`IC`, `Phone`), lower case, or ''."""
    m = _DETAIL_LABEL.match(normalize(text))
    return m.group(1).lower() if m else ""


_INITIAL_SURNAME = re.compile(r"^[A-Z]\.?[ \t]+([A-Z][a-z'\-]{2,30})$")


def _initial_and_surname(text: str) -> bool:
    """`A Suijkerbuijk`: an initial and a word no dictionary has, which no census needs to know to be a
    surname when the column around it holds names."""
    m = _INITIAL_SURNAME.match(normalize(text).strip())
    return bool(m) and m.group(1).upper() not in english_words() and m.group(1).upper() not in NOT_A_NAME


COLUMN_MIN = 4  # cells a column of bare names needs before it is a list of people with no seed name
_CELL_WORD = re.compile(r"^(?:[A-Z][a-z'\-]{1,20}|[A-Z][A-Z'\-]{1,20})\.?$")


def _cell_word(text: str) -> str:
    """`Johnson`, `MILLER`: one name-like word and nothing else, upper-cased; else "" (two words have
    the pair rules, and in a column they are as often a menu's dishes: `Steak Diane`, `Tom Collins`)."""
    words = normalize(text).replace(",", " ").split()
    return words[0].strip(".").upper() if len(words) == 1 and _CELL_WORD.match(words[0]) else ""


def _common_name(w: str) -> bool:
    """A first name, or a surname among the 5,000 commonest (the Census list runs to `BANANA`)."""
    return is_first_name(w) or surname_rank(w) <= 5000


def _plain_word(w: str, vocab: frozenset[str]) -> bool:
    """An ordinary word (`Region`, `North`, `Blue`), unless it is a first name or a top-1,000 surname
    (`Smith`, `White`, `Carol`); a month's name is plain whatever it is (a calendar's column of `May`)."""
    return w in MONTH_NAMES or (w in NOT_A_NAME or w in vocab) and not is_first_name(w) and surname_rank(w) > 1000


def _stacked_cells(fi: Frame, fj: Frame) -> bool:
    return _same_column(fi, fj) and abs(fi.x0 - fj.x0) <= fi.h and abs(fi.cy - fj.cy) <= 2.5 * fi.h


def _row_cells(fi: Frame, fj: Frame) -> bool:
    """Two cells of one header row, side by side (a sheet's `Jones  Sorvino  Gupta  Choi` over their sales)."""
    gap = max(fi.x0, fj.x0) - min(fi.x1, fj.x1)
    return abs(fi.cy - fj.cy) <= 0.4 * fi.h and max(fi.h, fj.h) <= 1.3 * min(fi.h, fj.h) and 0 < gap <= 4 * fi.h


def _cell_groups(cells: list[int], frames: dict[int, Frame], near: Callable[[Frame, Frame], bool]) -> list[list[int]]:
    joined = Joined(len(cells))
    for a, i in enumerate(cells):
        for b in range(a + 1, len(cells)):
            if near(frames[i], frames[cells[b]]):
                joined.join(a, b)
    groups: dict[int, list[int]] = {}
    for a, i in enumerate(cells):
        groups.setdefault(joined.root(a), []).append(i)
    return list(groups.values())


def name_columns(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[int]:
    """Cells of a column of bare first names or surnames with no header the rules know (a
    spreadsheet's `Rep` column, a roster, a seating chart), or of a header row of them (a sheet's sales by
    salesperson): at least `COLUMN_MIN` cells stacked in one column or side by side in one row, three in four
    of them common names and at most one in four an ordinary word. Colours,
    directions, fruit and menus fail one test or the other; a column of cities named like people
    (`Austin`, `Dallas`, `Houston`) passes and is masked, not shared (fail closed)."""
    # a roster's logins are typed in lower case (`alice`, `bob`, `jane`, `john` down a shift plan's user column)
    logins = {i for i, ln in enumerate(lines) if not spans.get(i) and _lower_word(ln.text)
              and not SYSTEM_LOGIN.match(ln.text.strip())}  # (`admin`, `test`: the system's, in no one's name)
    cells = sorted({i for i, ln in enumerate(lines) if not spans.get(i) and _cell_word(ln.text)} | logins)
    if len(cells) < COLUMN_MIN:
        return []
    frames = {i: frame(lines[i]) for i in cells}
    vocab = english_words()
    out = []
    groups = [(g, False) for g in _cell_groups(cells, frames, _stacked_cells)]
    groups += [(g, True) for g in _cell_groups([i for i in cells if i not in logins], frames, _row_cells)]
    for group, row in groups:
        if len(group) < COLUMN_MIN:
            continue
        words = [_cell_word(lines[i].text) or _lower_word(lines[i].text) for i in group]
        plain = sum(_plain_word(w, vocab) for w in words)
        if row:  # a header row: any census surname counts (`Gupta`), but no cell may be an ordinary word
            named, most_plain = sum(_common_name(w) or is_surname(w) for w in words), 0.0
        else:  # (a login in lower case counts as a given name only: `white`, `brown` are colours)
            named = sum(is_first_name(w) if i in logins else _common_name(w) for i, w in zip(group, words, strict=True))
            most_plain = 0.25 * len(group)
        if vocab and named >= 0.75 * len(group) and plain <= most_plain:
            out.extend(group)
    return sorted(set(out))


def ordinary_words_column(cells: list[str]) -> bool:
    """A column of four or more cells, more than one in four of them an ordinary word alone (`White`,
    `Maroon`, `Yellow`, `Lime`): a list of colours, products or settings under a bare `Name` header,
    not of people (`_plain_word`: a first name or a common surname is no ordinary word here)."""
    vocab = english_words()
    words = [_cell_word(c) or _lower_word(c) for c in cells]
    return bool(vocab) and len(cells) >= COLUMN_MIN and sum(
        bool(w) and _plain_word(w, vocab) or not w and _plain_phrase(c, vocab)
        for w, c in zip(words, cells, strict=True)) > 0.25 * len(cells)


def _lower_word(text: str) -> str:
    """`attention`, `flights`: one lower-case word alone in a cell, upper-cased (a data set's or a
    variable's name; a login is as often lower case, but a column of them is not one in four ordinary words)."""
    t = normalize(text).strip()
    return t.upper() if re.fullmatch(r"[a-z]{3,20}", t) else ""


def _plain_phrase(text: str, vocab: frozenset[str]) -> bool:
    """`Raw Read Error Rate`, `Spin-Up Time`: two or more words, every capitalised one an ordinary word
    (`_plain_word`): a setting's or a measurement's name. `Rose Hill` and `Grace Park` have a given name."""
    words = re.findall(r"[A-Za-z]+", normalize(text))
    caps = [w.upper() for w in words if w[0].isupper()]
    return len(words) >= 2 and bool(caps) and all(_plain_word(w, vocab) for w in caps)


_FILE_NAME = re.compile(r"^\S+\.[A-Za-z][A-Za-z0-9]{1,4}$|^[^\s_]+(?:_[^\s_]+){2,}$")


# The world's parts, as a statistics table names its regions (`Africa Eastern and Southern`, `Latin America`).
_REGION_WORD = re.compile(r"(?i)\b(?:africa|america|americas|asia|europe|oceania|caribbean|pacific|arab|world)\b")


def places_column(cells: list[str]) -> bool:
    """A column of four or more cells, more than one in four of them a country or a region of the world (`Aruba`,
    `Afghanistan`, `Africa Western`): a data table's countries under a bare `name` header, not people."""
    return len(cells) >= COLUMN_MIN and sum(
        " ".join(normalize(c).split()).upper() in COUNTRY_NAMES or _REGION_WORD.search(c) is not None
        for c in cells) > 0.25 * len(cells)


# A firm named for its partners (`Byrd, Patterson and Knox`, `Hayden and Sons`) or by its legal form (`PLC`).
_FIRM = re.compile(r"(?i)^[A-Z][\w'\-]+,[ \t]+[A-Z][\w'\-]+,?[ \t]+(?:and|&)[ \t]+[A-Z][\w'\-]+$"
                   r"|\b(?:and|&)[ \t]+(?:sons|daughters|partners|co)\b|\b(?:plc|ag|sa|bv|nv|pty|llp)\.?$")


def organisations_column(cells: list[str]) -> bool:
    """A column of four or more cells, more than one in four of them a firm (`Acevedo LLC`, `Gregory PLC`,
    `Byrd, Patterson and Knox`): a table of companies under a bare `name` header, not of people."""
    named = [c for c in cells if re.search(r"[A-Za-z]{2}", c)]
    return len(named) >= COLUMN_MIN and sum(
        ORG_WORD.search(c) is not None or _FIRM.search(normalize(c).strip()) is not None for c in named
    ) > 0.25 * len(named)


def file_names_column(cells: list[str]) -> bool:
    """A column most of whose cells are file names (`calibration_3m_0.2mm_PLA.gcode`, `scan_0042.png`):
    a file list under a bare `Name` header. A person's name has no extension and no underscores."""
    names = [normalize(c).strip() for c in cells if c.strip()]
    return len(names) >= 2 and 2 * sum(bool(_FILE_NAME.match(c)) for c in names) > len(names)


# `ExprGuide`, `AggregatorsSheet`, `VisiData`: a program's identifier joins words with capitals and no space.
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")


def identifiers_column(cells: list[str]) -> bool:
    """A column most of whose cells are one CamelCase identifier ending in a plain English word
    (`JoinGuide`, `DirSheet`): a program's objects under a bare `name` header. A name with an inner
    capital ends in a given name or a name no word list has (`McDonald`, `DeShawn`, `LaToya`).
    (`words.camel_glued` judges one word by its shape, four small letters before the capital; a
    column can afford the shorter `ExprGuide`, since most of its cells must agree.)"""
    names = [normalize(c).strip() for c in cells if c.strip()]

    def identifier(c: str) -> bool:
        last = re.findall(r"[A-Z][a-z]+", c)[-1].upper() if _CAMEL.match(c) else ""
        return bool(last) and last in english_words() and not is_first_name(last)
    return len(names) >= 2 and 2 * sum(identifier(c) for c in names) > len(names)


def stacked_above(upper: TextLine, lower: TextLine) -> bool:
    """Is `upper` the line right above `lower`, left-aligned with it, in `lower`'s own reading
    direction (a card photographed at an angle has no upright rows)?"""
    q = axes(lower, corners=4)
    if q is None or len(upper.polygon) != 4:
        return False
    p = np.asarray(upper.polygon, float)
    h, hu = lower.height, upper.height
    gap = -float(q.down_of(p[3]))  # from the upper line's bottom-left to the lower's top-left
    return 0.5 < hu / max(1.0, h) < 2 and -0.3 * h <= gap < 1.2 * h and abs(float(q.along_of(p[0]))) < 2 * h


# How a profile list or an emergency-contact card says who a person is to the user: `Grand mother`, `Son`, `Wife`.
_KIN = re.compile(r"(?i)^\W*(?:my\s+)?(?:(?:grand|great[\s\-]*grand|step|half)[\s\-]*)?(?:mother|father|mom|mum|dad"
                  r"|parent|son|daughter|child|kid|wife|husband|spouse|partner|brother|sister|sibling|aunt|uncle"
                  r"|niece|nephew|cousin|guardian|in[\s\-]*law)s?\W*$")


def kin_names(lines: list[TextLine]) -> list[int]:
    """Lines that are a given name (one to three words, the first a Census first name) with a kinship word
    right under it (a family health app's profile list: `Karen` over `Grand mother`). The kinship says a
    person; the name is theirs."""
    kin = [frame(ln) for ln in lines if _KIN.match(normalize(ln.text))]
    if not kin:
        return []
    out = []
    for i, line in enumerate(lines):
        words = normalize(line.text).split()
        first = re.sub(r"[^A-Za-z]", "", words[0]) if words else ""
        if not 1 <= len(words) <= 3 or not first[:1].isupper() or not is_first_name(first.upper()):
            continue
        a = frame(line)
        if any(0 <= k.y0 - a.y1 <= 1.5 * a.h and k.x0 < a.x1 + a.h and a.x0 - a.h < k.x1 for k in kin):
            out.append(i)
    return out


# `Aino W`, `Martti B.`: a given name and the initial of a surname, as apps that show residents, clients or members
# by first name print them. Alone on its line.
_GIVEN_INITIAL = re.compile(r"^([A-Z][a-z\u00e0-\u00ff'\-]{2,15})[ \t]+[A-HJ-UWYZ]\.?$")  # (not `Algebra I`, `Part V`)
GIVEN_INITIAL_LIST = 3  # such lines on one page that make them a list of people


def initialled_names(lines: list[TextLine]) -> list[int]:
    """Lines that are a given name and a surname's initial, where a page has three or more of them: a list of
    people however its header is worded (`Nimi`, `Residents`). A given name no census knows counts when it is no
    English word (`Aino`, `Martti`); `Vitamin D`, `Plan B`, `Hepatitis C` and `Type A` are no one."""
    out = []
    for i, line in enumerate(lines):
        m = _GIVEN_INITIAL.match(normalize(line.text).strip())
        if not m:
            continue
        word = m.group(1).upper()
        if word in NOT_A_NAME or (word in english_words() and not is_first_name(word)):
            continue
        out.append(i)
    return out if len(out) >= GIVEN_INITIAL_LIST else []


# A person card's second line (`Male, 70 Years, Anakatti`, `F | 34 yrs`, `Female, 8 months`): a sex, then an age.
_SEX = r"(?:male|female|man|woman|boy|girl|m|f|w)"
_AGE = r"\d{1,3}\s*(?:y/o|y\.o|yo|years?|yrs?|y|months?|mos?|weeks?|wks?|days?|d)\.?(?:\s*old)?"
_DEMOGRAPHICS = re.compile(rf"(?i)^\W*(?:{_SEX}\s*[,|/\u00b7\-]?\s*{_AGE}|{_AGE}\s*[,|/\u00b7\-]?\s*{_SEX})(?![\w])"
                           r"(?:\s*[,|/\u00b7\-]\s*(?P<place>[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+){0,2}))?\s*$")
# The same on one line, the name first (`Maryah Westbrock • 40 yo`, `Hara Kagawa, 61 y/o`): a case list's row.
_NAME_THEN_AGE = re.compile(rf"(?i)^\s*(?P<name>[^\d\u2022\u00b7,|(]{{3,60}}?)\s*[\u2022\u00b7,|(\-]\s*{_AGE}\)?\s*$")


def demographic_names(lines: list[TextLine]) -> list[tuple[int, int, int, str]]:
    """A field app's or a patient list's person card: a name-shaped line right over a line that opens with a sex
    and an age (`Ram Ingale` over `Male, 70 Years, Anakatti`). The sex and age say a person; the line above is
    their name, and a place after the age is where they live. A case list's row that is a name and an age
    (`Maryah Westbrock • 40 yo`) is a person's too. (line, start, end, "name" or "place")"""
    out = []
    for j, low in enumerate(lines):
        same = _NAME_THEN_AGE.match(normalize(low.text))
        if same and name_shaped(same.group("name")):
            out.append((j, same.start("name"), same.end("name"), "name"))
        m = _DEMOGRAPHICS.match(normalize(low.text))
        if not m:
            continue
        above = [i for i, up in enumerate(lines) if i != j and name_shaped(up.text) and stacked_above(up, low)]
        for i in above:
            out.append((i, 0, len(lines[i].text.rstrip()), "name"))
        if above and m.group("place"):
            out.append((j, m.start("place"), m.end("place"), "place"))
    return out


USER_CORNER = (0.6, 0.12)  # share of the text's width left of, and of its height below, the signed-in corner
USER_ROWS = 2  # or rows of text above it at most (a browser's tab and address bar)


def _rows_above(frames: list[Frame], f: Frame) -> int:
    """How many rows of text lie wholly above `f` (lines whose centres are within a height are one row)."""
    rows: list[float] = []
    for g in sorted((g for g in frames if g.y1 <= f.y0), key=lambda g: g.cy):
        if not rows or g.cy - rows[-1] > g.h:
            rows.append(g.cy)
    return len(rows)


def signed_in_user(lines: list[TextLine]) -> list[int]:
    """A lone first name in the top-right corner of a screen, where every web app shows who is signed
    in (`sue ▾`): someone's name, and the screen's own person even when nothing else names anyone.

    Lower case (a login: `sue`, `mark`) any census first name; Title case only one that is no
    ordinary word, so buttons such as `Page` or `Bill` stay readable. The corner is measured on the
    text's own extent (or it is the top row under a browser's tab and address bar), so a screenshot's
    crop or a photo of a monitor find the same corner."""
    frames = [frame(ln) for ln in lines]
    if len(frames) < 5:
        return []
    x0, y0 = min(f.x0 for f in frames), min(f.y0 for f in frames)
    x1, y1 = max(f.x1 for f in frames), max(f.y1 for f in frames)
    vocab = english_words()
    # a calendar's months (`January ... April`): a month in the corner is the calendar's, not a user named April
    months = {i for i, ln in enumerate(lines) if normalize(ln.text).strip().upper() in MONTH_NAMES}
    out = []
    for i, f in enumerate(frames):
        if f.x0 < x0 + USER_CORNER[0] * (x1 - x0):
            continue
        if i in months and len(months) >= 2:
            continue
        if f.y1 > y0 + USER_CORNER[1] * (y1 - y0) and _rows_above(frames, f) > USER_ROWS:
            continue
        word = re.sub(r"[^\w]+$", "", normalize(lines[i].text).strip())
        up = word.upper()
        if not re.fullmatch(r"[A-Za-z][a-z]{1,19}", word) or up in NOT_A_NAME or not is_first_name(up):
            continue
        if word[0].isupper() and vocab and up in vocab:
            continue
        out.append(i)
    return out


_CELL = re.compile(r"^[A-Za-z][A-Za-z.,'\- ]{3,30}$")
_MISREAD_WORDS = 3


def misread_between_names(lines: list[TextLine], named: set[int]) -> list[int]:
    """A short cell that sits between two names of one column, directly above and below it, and that no rule read as
    a name: a patient list's row the OCR misread (`Duck.Daffy`, `Moe nnie` among `Coyote,Wiley` and `Runner,Road`).
    It is where a person's name sits, so it is masked (fail closed). Cells of ordinary words only (`Save`,
    `Process Info`) are controls, not misread names.

    A list of cards sets each name over a line about the person (`Joe Snow` / `Male 68 years old` / `Tom Blue` /
    `Male 88 years old` / `Tyrion Lannister`): a capitalised cell at the list's own pitch, as far below the name
    above as the name below is below it, is that list's next name. There a given name that is also a word (`Tom`,
    `Will`, `Grace`) opens a name, whatever the word after it."""
    frames = {i: frame(ln) for i, ln in enumerate(lines)}
    vocab = english_words()
    out = []
    for i, line in enumerate(lines):
        t = normalize(line.text).strip()
        if i in named or not _CELL.match(t) or len(t.split()) > _MISREAD_WORDS:
            continue
        words = re.findall(r"[A-Za-z]+", t)
        glued = re.search(r"[a-z][.,][A-Z]", t)  # `Surname.Given`, as a list writes `Surname,Given`
        plain = not glued and all(w.upper() in vocab for w in words)
        f = frames[i]

        def beside(j: int, sign: int, f: Frame = f) -> bool:
            g = frames[j]
            return (abs(g.x0 - f.x0) <= f.h and 0.3 * f.h <= sign * (f.cy - g.cy) <= 1.6 * f.h
                    and 0.5 < g.h / max(f.h, 1.0) < 2)

        between = not plain and any(beside(j, 1) for j in named) and any(beside(j, -1) for j in named)
        carded = (len(words) >= 2 and all(w[0].isupper() for w in words) and is_census_first_name(words[0].upper())
                  and _in_step(f, [frames[j] for j in named]))
        if between or carded:
            out.append(i)
    return out


_PITCH = 0.15  # how far the gaps above and below a card may differ, as a share of the gap
_CARD_ROWS = 6  # the tallest card a list's pitch spans, in text heights


def _in_step(f: Frame, names: list[Frame]) -> bool:
    """A name of one column directly above and one directly below, the same distance away, at the same size."""
    col = [g for g in names if abs(g.x0 - f.x0) <= f.h and 0.8 < g.h / max(f.h, 1.0) < 1.25]
    ups = [f.cy - g.cy for g in col if 0 < f.cy - g.cy <= _CARD_ROWS * f.h]
    downs = [g.cy - f.cy for g in col if 0 < g.cy - f.cy <= _CARD_ROWS * f.h]
    if not ups or not downs:
        return False
    up, down = min(ups), min(downs)
    return abs(up - down) <= _PITCH * max(up, down)
