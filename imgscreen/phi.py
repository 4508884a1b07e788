"""Decide which OCR text is PHI, and where it is: spans in strings, then polygons over OCR words.

`classify_text` runs one presidio `AnalyzerEngine` (built once per process, on a blank spaCy
pipeline so no model is downloaded) with our recognizers (`imgscreen.recognizers`), resolves
overlaps (the higher score wins, the loser keeps only what sticks out) and applies the policy.
`classify` does that per OCR line, plus once more for a line that ends in a label (`MRN:`,
`Patient Name`) joined with the line beside or below it, then maps each span to the OCR words it
covers so only those words are masked: `MRN:` may stay readable, `00482913` goes.

Policy (`policy.text`):
- `flag_staff_names` (default on): names after staff titles (`Dr. K. Patel`, `Jane Smith, RN`) are
  PHI. Off: they are dropped, but an unlabelled name is still flagged, since we cannot tell.
- `flag_unlabelled_dates` (default off): a date with no person context (`Flu clinic Oct 12, 2025`)
  is left alone unless the photo shows a patient's PHI (a name, an MRN) somewhere: then it is masked,
  wherever it sits. Which of a screen's dates belong to its person cannot be told from the layout
  (a chart's axis, a list's run-out dates, a log's timestamps), so on a photo with a person every date
  is theirs (fail closed). Staff names do not count as that context (a badge near an event poster).

Nothing here logs or raises with text in it: errors name the exception type only.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import math
import re
from functools import cache

import cv2
import numpy as np
import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from spacy.language import Language

from . import boxes, context
from .activity import actors
from .addresses import address_parts, address_tails
from .badges import holder_names
from .chat import chat_names
from .clinical import diary_dates, record_dates, rx_numbers, with_weekday
from .contactbar import contact_cells
from .datarecord import data_view
from .errors import ScreenError
from .fields import field_label, value_line
from .handles import handle_names
from .language import foreign_page
from .layout import ANGLE_TOLERANCE, HEADER_ROW, axes, frame, turn
from .menus import PRICE_AT_END, menu_page
from .model import DOUBT_ENTITIES, Finding, Identifier, Polygon, Rect, TextLine, TextSource, bbox_of
from .organisations import LEGAL_SUFFIX, TRADE_SIGNS, defined_acronyms, drop_own_contacts, org_name, trade_paper
from .people import (
    ECHO_SOURCES,
    demographic_names,
    initialled_names,
    initials,
    kin_names,
    list_mates,
    login_echoes,
    misread_between_names,
    name_echoes,
    stacked_above,
)
from .placenames import place_name
from .policy import Policy
from .radio import radio_identifiers
from .recognizers import ENTITIES, build_recognizers, vietnamese
from .recognizers.base import letters_of, normalize, quantity
from .recognizers.dates import MONTH, WEEKDAY
from .recognizers.gazetteer import first_name_start, is_census_first_name, is_first_name, is_surname, surname_rank
from .recognizers.labels_intl import TRAILING as FOREIGN_TRAILING
from .recognizers.names import BY_LABEL, DETERMINER, GREETING, RX_COURTESY_END, UNKNOWN_PAIR_SCORE, restore_capitals
from .recognizers.places import SUFFIX
from .recognizers.words import COUNTRY_NAMES, NOT_A_NAME, all_ordinary, english_words
from .sourcecode import code_lines
from .spans import UNLABELLED_NAME, Span
from .vehicles import plates

MIN_SCORE = 0.5  # presidio results below this are dropped (our weakest rule scores 0.5)
WHOLE_CELL = 0.6  # a name span this share of its line's text makes the line a name's cell
ECHO_SCORE = 0.3  # a name seen again scores under every finding, so it only adds what nothing else found
LABELLED_NAME = 0.9  # a name rule's score when a label or a banner says whose name it is


class PhiError(ScreenError, RuntimeError):
    """Classification failed; the message never holds the text."""


# --- the engine -----------------------------------------------------------------------------------


@Language.component("imgscreen_lower_lemma")
def _lower_lemma(doc):  # type: ignore[no-untyped-def]
    """Blank pipelines have no lemmatizer; presidio's context words match lemmas, so use lower case."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


class BlankSpacyNlpEngine(SpacyNlpEngine):
    """presidio's spaCy engine on `spacy.blank("en")`: tokens only, nothing to download, no NER."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": "blank:en"}])

    def load(self) -> None:
        nlp = spacy.blank("en")
        nlp.add_pipe("imgscreen_lower_lemma")
        self.nlp = {"en": nlp}


@cache
def nlp_engine() -> BlankSpacyNlpEngine:
    engine = BlankSpacyNlpEngine()
    engine.load()
    return engine


@cache
def analyzer() -> AnalyzerEngine:
    """Our analyzer, built once per process (recognizers compile hundreds of regexes)."""
    registry = RecognizerRegistry(recognizers=build_recognizers(), supported_languages=["en"])
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine(), supported_languages=["en"])


# --- strings --------------------------------------------------------------------------------------


def classify_text(text: str, policy: Policy) -> list[Span]:
    """PHI spans in one string, sorted by start, non-overlapping, policy applied."""
    spans = _without_staff(_analyze(text), policy)
    keep_dates = policy.text.flag_unlabelled_dates or _has_person_phi(spans)
    return [s for s in spans if keep_dates or s.entity != "DATE_UNLABELLED"]


def _analyze(text: str) -> list[Span]:
    """Every candidate span in `text`, overlaps resolved, before any policy."""
    if not text.strip():
        return []
    try:
        results = analyzer().analyze(restore_capitals(normalize(data_view(text))), language="en")
    except Exception as e:  # noqa: BLE001 - presidio errors may quote the text
        raise PhiError(f"PHI text analysis failed ({type(e).__name__})") from None
    spans = []
    for r in results:
        info = ENTITIES.get(r.entity_type)
        if info is None or r.score < MIN_SCORE:
            continue
        name = (r.recognition_metadata or {}).get("recognizer_name", "presidio")
        spans.append(Span(r.start, r.end, info.identifier, info.label, float(r.score), name, r.entity_type))
    return _resolve(spans, text)


def _resolve(spans: list[Span], text: str) -> list[Span]:
    """Keep the best span where spans overlap; a loser keeps only the part no winner covers."""
    kept: list[Span] = []
    for s in sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start)):
        pieces = [(s.start, s.end)]
        for k in kept:
            nxt = []
            for a, b in pieces:
                if b <= k.start or a >= k.end:
                    nxt.append((a, b))
                    continue
                if a < k.start:
                    nxt.append((a, k.start))
                if b > k.end:
                    nxt.append((k.end, b))
            pieces = nxt
        for a, b in pieces:
            if (a, b) == (s.start, s.end):
                kept.append(s)
            elif _worth_keeping(s.identifier, text[a:b]) or _glued(text, a, b, kept):
                kept.append(Span(a, b, s.identifier, s.label, s.score, s.recognizer, s.entity))
    return sorted(kept, key=lambda s: s.start)


_WORDY = (Identifier.NAMES, Identifier.GEOGRAPHIC)


def _worth_keeping(identifier: Identifier, piece: str) -> bool:
    """Is what sticks out of a losing span still PHI? Digits, or two letters of a wordy identifier.

    `License Plate 7ABC123`: the licence rule's `Plate 7ABC123` loses to the vehicle rule's
    `7ABC123`; the leftover `Plate` is a label, not a value, and stays readable.
    """
    alnum = sum(ch.isalnum() for ch in piece)
    if identifier in _WORDY:
        return alnum >= 2
    return alnum >= 5 and any(ch.isdigit() for ch in piece)


def _glued(text: str, a: int, b: int, kept: list[Span]) -> bool:
    """A leftover stuck to a winning span with no space (`DL968211` split as `DL` + `968211`) is part
    of one value; a separate word (`Plate 7ABC123`) is a label and stays readable."""
    if not any(ch.isalnum() for ch in text[a:b]):
        return False
    if any(k.start == b for k in kept):
        return not text[b - 1].isspace()
    if any(k.end == a for k in kept):
        return not text[a].isspace()
    return False


def _without_staff(spans: list[Span], policy: Policy) -> list[Span]:
    """Drop names found by a staff title when the policy says staff names are not PHI.

    Applied after overlaps are resolved: `Jane Smith, RN` is staff, and the weaker "two known name
    words" reading of the same words must not bring it back.
    """
    return [s for s in spans if policy.text.flag_staff_names or s.entity != "STAFF_NAME"]


def _has_person_phi(spans: list[Span]) -> bool:
    """Does this text say whose it is (a name, an MRN, ...)? Then its bare dates are that person's."""
    return any(s.entity not in ("DATE_UNLABELLED", "STAFF_NAME") for s in spans)


# --- OCR lines ------------------------------------------------------------------------------------

# A person's role in a record, their name beside or below it (`Patron  Smith, Angel Heather`). A settings row
# (`Guest  Enabled`, `Student  Portal Access`) holds ordinary words instead: `_plain_value`.
ROLE_LABEL = (r"Patron|Guest|Learner|Pupil|Trainee|Student|Customer|Client|Resident|Participant|Borrower|Attendee"
              r"|Tenant|Applicant|Candidate|Passenger")
_ROLE_END = re.compile(rf"(?i)\b(?:{ROLE_LABEL})\s*$")
# A line that ends like this expects its value on the next line (below) or beside it (right).
TRAILING_LABEL = re.compile(
    r"(?:[:#]|\b(?:MRN|MR|D[O0]B|SSN|ID|N[o0]|Name|Patient|Pt|Phone|Tel|Cell|Fax|E-?mail|Acct|Account|Member"
    r"|Policy|Plan|Group|Serial|S/N|VIN|Plate|Licen[cs]e|Lic|Address|Addr|Zip|Admit(?:ted)?|Admission"
    r"|Discharged?|Born|Birth|Date|Rx|Age|Insurance|Ins|Contact|Kin|Guardian|Mother|Father|Spouse|Husband|Wife"
    r"|Subscriber|Device|Number|Record|Chart|Visit(?:ed)?|Due|Expected|Delivery|Issued?|Expires?|Exp|Valid(?:\s*(?:from|to|until|thru))?|Effective|City|Town|Village|Suburb|County|Street|Post(?:al)?\s*Code|Postcode|Hometown|Birthplace|Seen|Collected|Reported|Received|Ordered|User\s*name|(?-i:user)|Login"
    rf"|{ROLE_LABEL}"
    rf"|{FOREIGN_TRAILING})\.?)\s*$",
    re.IGNORECASE,
)


# A screen's icon before a field's value (a user glyph, a status dot, a bullet) that the OCR reads as a symbol:
# `Username  • fgreenholm`. Blanked (offsets kept) when the value is read after its label, as a person reads it.
_ICON_LEAD = re.compile(r"^[ \t]*[\u2022\u00b7\u2219\u25cf\u25cb\u25e6\u25aa\u25ab\u25a0\u25a1\u25c6\u25c7\u2605\u2606"
                        r"\u25ba\u25b6\u2192\u2713\u2714\u2709\u260e\U0001f464\U0001f4c5\U0001f4de*]{1,2}[ \t]+(?=\w)")


def _plain_value(text: str) -> bool:
    """Ordinary English words only and no `Surname, Given` comma: a setting's value, not a person."""
    return "," not in text and all_ordinary(re.findall(r"[A-Za-z]+", text))


# A bare `Name` label, as a screen heads whatever it lists (`Name:` over `Save as template`, `A Name` over
# `Software License Renewal`, `name` over `Industry 1`): what it names may be a thing.
_COMMON_SURNAME = 5_000  # a surname this common in a value (`Smith John`) keeps it a person's
_BARE_NAME = re.compile(r"(?i)^\W*(?:[A-Za-z]\s+)?name\s*[:*]?\s*$")


def _thing_named(label: str, value: str) -> bool:
    """Is `value`, under or beside a bare `Name` label, a thing's name rather than a person's? Only a value of two
    words or more, none of its capitalised words a census given name or common surname, and every word an ordinary
    English word or a number: a phrase going on in lower case (`Save as template`), a title of ordinary words
    (`Software License Renewal`), a word and its number (`Industry 1`). One word alone stays a name (`Name` over
    `Demo`: a demo user's, fail closed), as does `Tom Blue`."""
    if not _BARE_NAME.match(normalize(label)):
        return False
    words = re.findall(r"[^\W_]+", normalize(value))
    capitals = [w.upper() for w in words if w[0].isupper()]
    if len(words) < 2 or not words[0][0].isupper() or any(
            is_census_first_name(w) or surname_rank(w) <= _COMMON_SURNAME for w in capitals):
        return False  # (`Smith John`, `Baker Mary`: a surname first, as a register lists people)
    vocab = english_words()
    # (`Save as template` and `Software License Renewal` alike: every word an ordinary one, digits aside)
    return all(w.upper() in vocab for w in words if not w.isdigit())


def _without_icon(text: str) -> str:
    """`text` with a leading icon glyph blanked, its length kept (span offsets still point into the line)."""
    m = _ICON_LEAD.match(text)
    return " " * m.end() + text[m.end():] if m else text


_ENDS_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z'\-]+$")
_STARTS_CAPITALISED = re.compile(r"^[A-Z][A-Za-z'\-]+\b")


def _wrapped_names(lines: list[TextLine], policy: Policy) -> list[tuple[int, int, Span]]:
    """(upper line, lower line, span over `upper + " " + lower`) for a name a paragraph wrapped over
    two lines (`... this test result for Jane` / `Doe as an error?`): read across the break, as a
    person reads it. Only a name the recognisers find by itself there, and only across the break."""
    ends = [i for i, ln in enumerate(lines) if _ENDS_CAPITALISED.search(normalize(ln.text).rstrip())
            and context.prose(ln.text, min_words=4, lower_share=0.5)]  # a paragraph's line, not a list's or a sign's
    starts = [j for j, ln in enumerate(lines) if _STARTS_CAPITALISED.match(normalize(ln.text).lstrip())]
    out = []
    for i in ends:
        for j in starts:
            if i == j or not stacked_above(lines[i], lines[j]):
                continue
            cut = len(lines[i].text) + 1
            for s in _without_staff(_analyze(lines[i].text + " " + lines[j].text), policy):
                if s.identifier == Identifier.NAMES and s.start < cut - 1 and s.end > cut and s.score >= _WRAP_SCORE:
                    out.append((i, j, s))
    return out


_WRAP_SCORE = 0.75  # a name read across a line break stands on its own: a census given name and surname at least

# A chart's box or a card sets a person's given name over the surname (`Radobod` / `Gibbs`, `DAVID` / `MOLNAR`):
# one capitalised word over one or two (`De Palma`), and no more single words above or below (a column of single
# words, `Washington` / `Georgia` / `Delaware`, is a list of things). Read together, as the box shows them, they
# are a name when the recognisers find a census given name and surname over both lines; a pair only half known
# (`Radobod Gibbs`) when the photo holds `_STACKED_MANY` sure ones (a family tree, a grid of cards).
_GIVEN_ALONE = re.compile(r"^[A-Z\u00c0-\u00de][^\W\d_]+$")
_SURNAME_ALONE = re.compile(r"^[A-Z\u00c0-\u00de][^\W\d_'\-]*(?:['\-][^\W\d_]+)?(?: [A-Z\u00c0-\u00de][^\W\d_]+)?$")
_STACKED_MANY = 3
_STACKED_HALF = 0.6  # `_full`'s score for a pair with one half known and the other shaped like a name


def _stacked_names(lines: list[TextLine], policy: Policy) -> list[tuple[int, int, Span]]:
    """(given-name line, surname line, span over `upper + " " + lower`) for names set over two lines."""
    texts = [normalize(ln.text).strip() for ln in lines]
    single = [i for i, t in enumerate(texts) if _GIVEN_ALONE.match(t)]
    lowers = [j for j, t in enumerate(texts) if _SURNAME_ALONE.match(t)]
    found = []
    for i in single:
        for j in lowers:
            if i == j or texts[i] == texts[j] or not stacked_above(lines[i], lines[j]):
                continue
            if any(k not in (i, j) and (stacked_above(lines[k], lines[i]) or stacked_above(lines[j], lines[k]))
                   for k in single):
                continue  # a column of single words
            joined = lines[i].text.strip() + " " + lines[j].text.strip()
            spans = [s for s in _without_staff(_analyze(joined), policy)
                     if s.identifier == Identifier.NAMES and s.start == 0 and s.end == len(joined)]
            if spans:
                found.append((i, j, max(spans, key=lambda s: s.score)))
    sure = sum(s.score >= _WRAP_SCORE for _, _, s in found)
    floor = _STACKED_HALF if sure >= _STACKED_MANY else _WRAP_SCORE
    return [(i, j, s) for i, j, s in found if s.score >= floor]


# `Good morning,` over `Khalid`: an app greets its signed-in user by name on the line under the greeting. The
# name is any one to three capitalised words that are no ordinary word (`Good morning,` over `Team` is not).
_GREETING_ALONE = re.compile(rf"(?i)^\W*(?:{GREETING}|hey|welcome\s+back)\s*[,!]?\s*$")
_GREETED = re.compile(r"^[A-Z][^\W\d_'\-]+(?:[ \-][A-Z][^\W\d_'\-]+){0,2}\s*[!,.]?$")
_GREETED_SCORE = 0.75  # a bare name's: masked, and no proof alone that the photo is someone's document


def _under_greeting(greeting: TextLine, line: TextLine) -> bool:
    """`line` starts under `greeting`'s start, right below it, in a font as big or up to three times bigger."""
    g, f = frame(greeting), frame(line)
    return (g.h * 0.8 <= f.h <= 3 * g.h and abs(f.x0 - g.x0) <= 2 * g.h and -0.3 * g.h <= f.y0 - g.y1 <= 1.2 * g.h
            and turn(g, f) <= ANGLE_TOLERANCE)


def _greeted_names(lines: list[TextLine]) -> list[int]:
    greetings = [i for i, ln in enumerate(lines) if _GREETING_ALONE.match(normalize(ln.text))]
    vocab = english_words()
    out = []
    for i in greetings:
        for j, line in enumerate(lines):
            text = normalize(line.text).strip()
            if j == i or not _GREETED.match(text) or not _under_greeting(lines[i], line):
                continue
            words = [w.upper() for w in re.findall(r"[^\W\d_]+", text)]
            if all(is_first_name(w) or is_surname(w) or (w not in vocab and w not in NOT_A_NAME) for w in words):
                out.append(j)
    return out


def classify(lines: list[TextLine], policy: Policy) -> list[Finding]:
    """One `Finding` per PHI span in the OCR lines, its polygon covering only the span's words.

    A date typed in boxes (`boxes.date_rows`) is classified as the one line a person reads, then each
    box it masks gets its own finding on its own line, so every finding still points at the line that
    holds it.
    """
    rows = boxes.date_rows(lines)
    if not rows:
        return _classify(lines, policy)
    first = {row[0]: row for row in rows}
    dropped = {k for row in rows for k in row[1:]}
    order = [i for i in range(len(lines)) if i not in dropped]
    seen = [boxes.joined(lines, first[i]) if i in first else lines[i] for i in order]
    out = []
    for f in _classify(seen, policy):  # (every finding of `_classify` carries its line)
        i = order[f.source.line]
        if i not in first:
            out.append(dataclasses.replace(f, source=dataclasses.replace(f.source, line=i)))
            continue
        line = seen[f.source.line]
        at = line.text.find(f.text or "")
        lo, hi = (at, at + len(f.text or "")) if at >= 0 and f.text else (0, len(line.text))
        for k, (a, b) in zip(first[i], boxes.piece_spans(line), strict=True):
            if a < hi and b > lo:
                out.append(dataclasses.replace(f, polygon=lines[k].polygon, text=lines[k].text,
                                               source=dataclasses.replace(f.source, line=k)))
    return out


def _classify(lines: list[TextLine], policy: Policy) -> list[Finding]:
    per_line: dict[int, list[Span]] = {i: [] for i in range(len(lines))}
    for i, line in enumerate(lines):
        per_line[i].extend(_without_staff(_analyze(line.text), policy))
    columns = context.table_columns(lines)
    things = columns[1]
    far = _value_column(lines)
    beside = _labels_beside(lines)
    for i, line in enumerate(lines):
        if not TRAILING_LABEL.search(normalize(line.text)) or org_name(line.text):
            continue  # `Alder Valley Medical Group` ends in a label word but is a name, not a label
        j = _partner(lines, i, far, beside)
        if j is None or (_ROLE_END.search(normalize(line.text)) and _plain_value(lines[j].text)):
            continue
        if _thing_named(line.text, lines[j].text):
            continue
        value = normalize(lines[j].text).strip()
        if i in things and not (_GIVEN_ALONE.match(value) and is_census_first_name(value.upper())):
            # a `Name` column of things (`White`, `Maroon`) labels none of them; a form's `Name` over `John`, with
            # more labels below it (`Nickname`, `Patronymic`), labels its value
            continue
        if context.prose(line.text, min_words=8) and context.prose(lines[j].text):
            continue  # `An action that was performed on a patient` over `dom-2: If the resource is ...`: running text
        joined = line.text + "\n" + _without_icon(lines[j].text)
        cut = len(line.text) + 1
        for s in _without_staff(_analyze(joined), policy):
            if s.start < len(line.text):
                per_line[i].append(_clip(s, 0, len(line.text), 0))
            if s.end > cut:
                per_line[j].append(_clip(s, cut, len(joined), cut))
    for i, j, s in _wrapped_names(lines, policy):
        cut = len(lines[i].text) + 1
        per_line[i].append(_clip(s, 0, len(lines[i].text), 0))
        per_line[j].append(_clip(s, cut, cut + len(lines[j].text), cut))
    for j in _greeted_names(lines):
        per_line[j].append(context.named_span("PATIENT_NAME", 0, len(lines[j].text), _GREETED_SCORE))
    for i, j, s in _stacked_names(lines, policy):
        per_line[i].append(dataclasses.replace(s, start=0, end=len(lines[i].text)))
        per_line[j].append(dataclasses.replace(s, start=0, end=len(lines[j].text)))
    resolved = {i: _resolve([s for s in spans if s.end > s.start], lines[i].text) for i, spans in per_line.items()}
    acronyms = defined_acronyms(lines)
    resolved = {i: [s for s in spans if not _no_phi(lines[i].text, s, _NOT_PHI)
                    and not _defined_acronym(lines[i].text, s, acronyms)]
                for i, spans in resolved.items()}
    priced = set(range(len(lines))) if menu_page(lines) else _priced_lines(lines)  # a menu's dishes, priced or not
    resolved = {i: [s for s in spans if not (i in priced and _unlabelled_name(s) and not _payer(lines[i].text, s))]
                for i, spans in resolved.items()}
    if foreign_page(lines):
        resolved = {i: [s for s in spans if not _english_only_evidence(lines[i].text, s)]
                    for i, spans in resolved.items()}
    dictionary = _dictionary_page(lines)
    if dictionary:
        resolved = _without_names(resolved)
    viet = vietnamese.is_vietnamese([ln.text for ln in lines])
    if viet:
        resolved = _vietnamese(lines, resolved, add=True)
    code = code_lines(lines)
    resolved = _off_code(resolved, code)
    if _process_page(lines):
        resolved = {i: [s for s in spans if not _process_id(lines, i, s)] for i, spans in resolved.items()}
    # what a kind of page says is a person's: a clinical list's and a diary's dates, a pharmacy label's numbers, a
    # radio's call signs, a JSON person object's id
    kinds = (("RECORD_DATE", record_dates(lines)), ("DIARY_DATE", diary_dates(lines)), ("RX_NUMBER", rx_numbers(lines)))
    page_spans = [(i, context.named_span(entity, a, b)) for entity, found in kinds for i, a, b in found]
    page_spans += [(i, context.named_span(entity, a, b)) for i, a, b, entity in radio_identifiers(lines)]
    page_spans += [(i, context.named_span("FIELD_ID", a, b, 0.8)) for i, a, b in _json_person_ids(lines)]
    for i, s in page_spans:
        resolved[i] = _resolve(resolved[i] + [s], lines[i].text)
    if trade_paper(lines, any(s.identifier == Identifier.NAMES for spans in resolved.values() for s in spans)):
        # a company's invoice to a company: its number, its order number and its dates are the companies'
        # business (an MRN, a date of birth, a plan number would still be someone's)
        resolved = {i: [s for s in spans if s.entity not in TRADE_SIGNS] for i, spans in resolved.items()}
    added, anchored, page = context.extend(lines, resolved, policy.text.min_confidence, columns)
    for i, spans in added.items():
        resolved[i] = _resolve(resolved[i] + [s for s in spans if not _no_phi(lines[i].text, s, _NOT_PHI_ADDED)],
                               lines[i].text)
    resolved = _off_code(resolved, code)
    for i, spans in resolved.items():
        if twin := _other_script_name(lines[i].text, spans):
            resolved[i] = _resolve(spans + twin, lines[i].text)
    for j, kind in _field_values_below(lines, anchored):
        _add_whole_line(resolved, lines, j, context.FIELD_ENTITY[kind])
    resolved = drop_own_contacts(lines, resolved)
    resolved = {i: [s for s in spans if i in anchored or not (_site(lines[i].text, s) or _lan_ip(lines[i].text, s))]
                for i, spans in resolved.items()}
    # (a form's address fields are looked for only on a photo with no person's region, the one place they count)
    form = not anchored and any(_ADDRESS_FIELD.fullmatch(normalize(ln.text).strip(" :*")) for ln in lines)
    if not anchored and not any(_has_person_phi([s for s in spans if not _nobodys(lines[i].text, s, form, spans)])
                                for i, spans in resolved.items()):
        resolved = {i: [s for s in spans if not _things_own(lines[i].text, s, form, spans)]
                    for i, spans in resolved.items()}
    for i in kin_names(lines) + initialled_names(lines):
        _add_whole_line(resolved, lines, i, "LISTED_NAME")
    for i, a, b, what in demographic_names(lines):
        entity = "LISTED_NAME" if what == "name" else "FIELD_PLACE"
        resolved[i] = _resolve(resolved[i] + [context.named_span(entity, a, b)], lines[i].text)
    for i, a, b in chat_names(lines):
        resolved[i] = _resolve(resolved[i] + [context.named_span("CHAT_NAME", a, b)], lines[i].text)
    for i in holder_names(lines):
        _add_whole_line(resolved, lines, i, "BADGE_NAME")
    for i, a, b, what in contact_cells(lines, resolved):
        entity = "URL" if what == Identifier.URL else "PHONE"
        resolved[i] = _resolve(resolved[i] + [context.named_span(entity, a, b)], lines[i].text)
    for i, a, b in handle_names(lines):
        resolved[i] = _resolve(resolved[i] + [context.named_span("HANDLE_NAME", a, b)], lines[i].text)
    for i, a, b in actors(lines):
        resolved[i] = _resolve(resolved[i] + [context.named_span("FORGE_USER", a, b)], lines[i].text)
    for i, a, b in plates(lines):
        resolved[i] = _resolve(resolved[i] + [context.named_span("VEHICLE_PLATE", a, b)], lines[i].text)
    for i in [*address_parts(lines, resolved, anchored), *address_tails(lines, resolved)]:
        _add_whole_line(resolved, lines, i, "ADDRESS_PART")
    names = [lines[i].text[s.start:s.end] for i, spans in resolved.items() for s in spans
             if s.identifier == Identifier.NAMES and s.entity not in ("STAFF_NAME", "FOREIGN_TEXT")]
    for i in initials(lines, names):
        _add_whole_line(resolved, lines, i, "INITIALS")
    sources = [lines[i].text[s.start:s.end] for i, spans in resolved.items() for s in spans if s.entity in ECHO_SOURCES]
    for i, a, b in name_echoes(lines, sources):
        resolved[i] = _resolve(resolved[i] + [context.named_span("NAME_PART", a, b, ECHO_SCORE)], lines[i].text)
    for i, a, b in login_echoes(lines, sources):
        resolved[i] = _resolve(resolved[i] + [context.named_span("NAME_PART", a, b, ECHO_SCORE)], lines[i].text)
    named = {i for i, spans in resolved.items() if any(
        s.identifier == Identifier.NAMES and s.entity not in ("STAFF_NAME", "FOREIGN_TEXT")
        and s.end - s.start >= WHOLE_CELL * len(lines[i].text.strip()) for s in spans)}
    for i in misread_between_names(lines, named):
        _add_whole_line(resolved, lines, i, "LISTED_NAME")
    for i, spans in list(resolved.items()):
        found = [(s.start, s.end) for s in spans if s.identifier == Identifier.NAMES and s.entity != "FOREIGN_TEXT"]
        mates = [context.named_span("NAME_PART", a, b) for a, b in list_mates(lines[i].text, found)]
        if mates:
            resolved[i] = _resolve(spans + mates, lines[i].text)
    if viet:
        resolved = _vietnamese(lines, resolved, add=False)
    for j, entity in _stacked_years(lines, resolved):
        _add_whole_line(resolved, lines, j, entity)
    resolved = {i: _resolve([_whole_code(lines[i].text, _whole_name(lines[i].text, s)) for s in spans], lines[i].text)
                for i, spans in resolved.items()}
    for j, s in _wrapped_codes(lines, resolved):
        resolved[j] = _resolve(resolved[j] + [s], lines[j].text)
    resolved = _off_code({i: [_with_time(lines[i].text, s) for s in spans] for i, spans in resolved.items()}, code)
    if dictionary:  # (and none that a column or an echo added since)
        resolved = _without_names(resolved)
    # a column's own header (`MEDICO BASE`, two capitalised words) is the name of a column, not a person's
    heads = [(i, a, b) for kind, i, a, b, _cells, _towns in columns[0] if kind == "CONTEXT_NAME"]
    resolved = {i: [s for s in spans if not any(i == h and a <= s.start and s.end <= b for h, a, b in heads)]
                for i, spans in resolved.items()}
    for i, a, b in context.dateline_towns(lines, resolved):
        resolved[i] = _resolve(resolved[i] + [context.named_span("DATELINE_TOWN", a, b)], lines[i].text)
    personal = {i for i, spans in resolved.items() if _has_person_phi(spans)}
    dated = policy.text.flag_unlabelled_dates or bool(personal)  # see the module docstring
    findings: list[Finding] = []
    for i, spans in resolved.items():
        line = lines[i]
        whole = _mostly_found(line.text, spans)
        for s in spans:
            if not line.text[s.start : s.end].strip() or (s.entity == "DATE_UNLABELLED" and not dated):
                continue
            findings.append(
                Finding(
                    kind="text",
                    identifier=s.identifier,
                    label=s.label,
                    score=round(s.score, 3),
                    detector=f"phi:{s.recognizer}",
                    # an unclear reading's words may be a sliver of what is there: the whole box goes
                    polygon=line.polygon if s.entity == "UNCLEAR_TEXT" else badge(line) if s.entity == "INITIALS"
                    else _covering(line, s) if whole else span_polygon(line, s.start, s.end),
                    text=line.text[s.start : s.end],
                    mask="polygon",
                    source=TextSource(line=i, entity=s.entity, personal=_personal(s, i in anchored, line.text),
                                      record=page and i in anchored),
                )
            )
    return findings


MOSTLY = 0.5  # share of a line's letters and digits found to be PHI that masks the whole line


def _mostly_found(text: str, spans: list[Span]) -> bool:
    """Most of the line is someone's detail: the rest is its house number, its town after the postcode, the title
    before the name or the letters the OCR split off, and is masked with it (a mask cut at a span's end leaves
    `050` of `050 Phillip Crossroad` and a town readable). Doubtful spans do not count, and a line with a label's
    colon outside its spans keeps its label."""
    marks = [c.isalnum() for c in text]
    total = sum(marks)
    if not total:
        return False
    found = [False] * len(text)
    for s in spans:
        if s.entity not in DOUBT_ENTITIES:
            found[s.start : s.end] = [True] * (s.end - s.start)
    if any(c == ":" and not found[k] for k, c in enumerate(text)):
        return False  # `MRN: 00482913`: a label stays readable beside its masked value
    return sum(1 for k, m in enumerate(marks) if m and found[k]) >= MOSTLY * total


_YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d\d\s*$")
_MONTH_WORD = rf"(?i:{MONTH})\.?"
_DAY_MONTH = re.compile(rf"^\s*(?:\d{{1,2}}\.?\s*{_MONTH_WORD}|{_MONTH_WORD}\s*\d{{1,2}}(?:st|nd|rd|th)?)\s*$")


def _stacked_years(lines: list[TextLine], resolved: dict[int, list[Span]]) -> list[tuple[int, str]]:
    """(line, entity) of a year printed alone right above or below a masked day and month (`2012` over
    `25 Jun`, a flowsheet's or a calendar's column header): one date set in two lines, masked whole."""
    months = [i for i, spans in resolved.items() if _DAY_MONTH.match(lines[i].text)
              and any(s.identifier == Identifier.DATES for s in spans)]
    if not months:
        return []
    years = [j for j, ln in enumerate(lines) if _YEAR_ALONE.match(ln.text)]
    out = []
    for i in months:
        entity = next(s.entity for s in resolved[i] if s.identifier == Identifier.DATES)
        out += [(j, entity) for j in years if stacked_above(lines[j], lines[i]) or stacked_above(lines[i], lines[j])]
    return out


def _vietnamese(lines: list[TextLine], resolved: dict[int, list[Span]], add: bool) -> dict[int, list[Span]]:
    """On a Vietnamese page, names in Vietnamese shape only (see `recognizers.vietnamese`), and places
    named by their administrative unit (`TP. Hồ Chí Minh`).

    A labelled name (`LABELLED_NAME`) and text in a script the classifier cannot read stay whatever their
    shape; other names must be name syllables, and with `add` a line holding a whole name or
    such a place gains it (a place no person's record holds is dropped later, as any address).
    Run before context (so menu words make no person's region) and again after the rules that copy
    names (echoes, list mates), which would copy a menu word too.
    """
    out: dict[int, list[Span]] = {}
    for i, spans in resolved.items():
        text = lines[i].text
        kept = [s for s in spans if s.identifier != Identifier.NAMES or s.score >= LABELLED_NAME
                or s.entity == "FOREIGN_TEXT" or vietnamese.plausible(text, s.start, s.end)]
        found = vietnamese.names(text) if add else None
        more = [context.named_span("VIET_NAME", *found)] if found else []
        more += [context.named_span("ADDRESS", a, b) for a, b in (vietnamese.places(text) if add else ())]
        out[i] = _resolve(kept + more, text) if more else kept
    return out


# A system monitor's vocabulary (`CPU1: 14 %`, `Threads:`, `Mem usage`, `15.2 GiB`): on such a screen `PID` is a
# process's number, not a patient identifier's label.
_SYSTEM_WORD = re.compile(r"(?i)\b(?:cpu\d*|mem(?:ory)?|swap|threads?|procs?|load\s*avg|uptime|[kmgt]ib)\b")
_PID = re.compile(r"(?i)\bpid\b")
_RECORD_WORD = re.compile(r"(?i)\b(?:patient|mrn|record|chart|medical)\b")


def _process_page(lines: list[TextLine]) -> bool:
    return sum(bool(_SYSTEM_WORD.search(ln.text)) for ln in lines) >= 3


def _process_id(lines: list[TextLine], i: int, s: Span) -> bool:
    """An MRN whose only label is `PID`, on its line or the next one to it (`Pid:` beside `3997824`)."""
    if s.entity != "MRN":
        return False
    near = [lines[k].text for k in (i - 1, i, i + 1) if 0 <= k < len(lines)]
    return any(_PID.search(t) for t in near) and not any(_RECORD_WORD.search(t) for t in near)


def _off_code(resolved: dict[int, list[Span]], code: set[int]) -> dict[int, list[Span]]:
    """Lines of program code keep only e-mail addresses (an author's, in a comment): the rest of what they
    seem to hold is identifiers, line numbers and constants (see `sourcecode`)."""
    if not code:
        return resolved
    return {i: [s for s in spans if i not in code or s.identifier == Identifier.EMAIL] for i, spans in resolved.items()}


_SITE = re.compile(r"(?i)^(?:https?\s?:\s?//)?(?:www\s?\.)?[a-z][a-z\-]*(?:\.[a-z][a-z\-]*)+/?[.,;:)]?$")
# `http://localhost:8080/fhir`, `127.0.0.1:3000/api-docs`: a web address on the screen's own machine is a
# developer's server, reachable by no one else. A path with a record's number (`/Patient/1234`) still names one.
_LOCAL_URL = re.compile(r"(?i)^(?:https?\s?:\s?//)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d{2,5})?"
                        r"(?:/[a-z_\-./]*(?:v\d)?[a-z_\-./]*)?[.,;:)]?$")


def _add_whole_line(resolved: dict[int, list[Span]], lines: list[TextLine], i: int, entity: str) -> None:
    resolved[i] = _resolve(resolved[i] + [context.whole_line(entity, lines[i].text)], lines[i].text)


def _field_values_below(lines: list[TextLine], anchored: set[int]) -> list[tuple[int, str]]:
    """(value line, kind) for a field label alone on its line (`Address`, `Patient ID:`) in a person's
    region, whose value (`Kathmandu`, `56`) sits beside or below it on a line of the same region: the
    value is what the label names, whatever its shape (`fields`)."""
    out = []
    for i in sorted(anchored):
        kind = field_label(lines[i].text)
        j = _partner(lines, i) if kind else None
        if j is not None and j in anchored and value_line(kind, lines[j].text):
            out.append((j, kind))
    return out


def _code_piece(text: str, s: Span) -> bool:
    """`32KB Low Power SRAM`: a name's letters glued to a code's digits before them are the code's."""
    return s.identifier == Identifier.NAMES and s.start > 0 and text[s.start - 1].isalnum() and bool(
        re.search(r"\d[A-Za-z]*$", text[: s.start]))


# A log's or a JSON record's time key: `"time":1679340670`, `ts=1700000000123`, `expires_at: 1735689600`.
_TIME_KEY = re.compile(r"(?i)[\"']?\b_*(?:[mc]?time|timestamp|ts|epoch|created(?:_at)?|updated(?:_at)?"
                       r"|modified(?:_at)?|expires?(?:_at)?|since|until|last_?seen)[\"']?\s*[:=]\s*[\"']?$")


def _epoch(text: str, s: Span) -> bool:
    """A Unix time after a time key, in seconds, milli-, micro- or nanoseconds (a log store's
    `"_timestamp":1784867154388504`): when something happened, not whose."""
    return bool(re.fullmatch(r"\d{9,19}", text[s.start : s.end])) and bool(_TIME_KEY.search(text[: s.start]))


_THING_NUMBER = re.compile(r"(?i)(?:\b(?:version|ver|v|release|build|rev|revision|corollary|theorem|lemma|section"
                           r"|definition|proposition|figure|fig|table|chapter|ch|step)\.?|§)[ \t]*:?[ \t]*$")


_WORD_END = re.compile(r"\S*$")  # the part of a word before an offset
_WORD_START = re.compile(r"\S*")


def _numbered_thing(text: str, s: Span) -> bool:
    """`Version: 3.2.1.10`, `Corollary 2.1.1.1`: dotted numbers after a version or a section word number a
    release or a paragraph, not a machine on a network, nor a date (`2.1.10` inside the version)."""
    if s.identifier not in (Identifier.IP_ADDRESS, Identifier.DATES):
        return False
    start = s.start - len(_WORD_END.search(text, 0, s.start).group())
    token = text[start : _WORD_START.match(text, s.end).end()].rstrip(",;)")
    return bool(re.fullmatch(r"\d+(?:\.\d+){2,}", token)) and bool(_THING_NUMBER.search(text[:start]))


_DOCUMENTATION_NETS = tuple(ipaddress.ip_network(n) for n in
                            ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))


def _lan_ip(text: str, s: Span) -> bool:
    """`172.16.0.1/24`, `10.0.0.5`: a private or loopback address names a machine inside some network,
    reachable by no one outside it; away from anyone's details it is a network screen's, not a person's
    (beside a patient every address stays masked), unless the words before it say it is a client's. The
    documentation ranges (`192.0.2.33`) are not such a machine: a demo log writes them where a client's
    public address stands, so they are masked as that address would be."""
    if s.identifier != Identifier.IP_ADDRESS:
        return False
    if re.fullmatch(r"\s*/\d{1,3}\s*", text[s.start : s.end]):
        return True  # `/24`: the prefix length of a network, with no address left in it
    try:
        ip = ipaddress.ip_address(text[s.start : s.end].strip().split("/")[0])
    except ValueError:
        return False
    if any(ip in net for net in _DOCUMENTATION_NETS) or _CLIENT_SIDE.search(text[: s.start]):
        return False
    return ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved


# `User with IP 192.168.1.105`, `request by 192.168.1.106`, `Suspicious activity detected from IP: 10.0.0.123`: a log
# that says an address is a user's, a client's or where a request came from names someone's device, whatever its
# range (a log of a private network records its people's machines); `Connected to server at` does not.
_CLIENT_SIDE = re.compile(r"(?i)\b(?:user|client|visitor|customer|source|src|from|by)\b[\w\s]{0,12}"
                          r"(?:\bIP\b(?:\s*address)?\s*:?\s*)?$")


# `18.30.1.1 Formal Views of Profile Content`: a heading's section number opens its line, its parts small and the
# words after it a title; an address opens a log's line with dashes, brackets or a network's words instead.
_TITLE_AFTER = re.compile(r"^[ \t]+[A-Z][a-z]+(?:[ \t]+[A-Za-z][a-z]*){1,10}[ \t]*$")
_NETWORK_WORD = re.compile(r"(?i)\b(?:ip|host|client|server|address|gateway|dns|port|ping|connected|proxy|vpn|lan"
                           r"|wan)\b")


def _section_number(text: str, s: Span) -> bool:
    """A dotted number that heads its line's title is the section's number, not an IP address."""
    value = text[s.start : s.end].strip()
    return (s.identifier == Identifier.IP_ADDRESS and not text[: s.start].strip()
            and re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){3}", value) is not None
            and bool(_TITLE_AFTER.match(text[s.end :])) and not _NETWORK_WORD.search(text[s.end :]))


# `(0008,0050)`, `(0010, 0010)`: a DICOM tag, the group and element numbers of a field of the standard (here
# Accession Number and Patient's Name). An imaging tool's tag list and a header dump print them beside the field's
# name; they number the field, not any person's record.
_DICOM_TAG = re.compile(r"\(\s*[0-9A-Fa-f]{4}\s*[,.]\s*[0-9A-Fa-f]{4}\s*\)")


def _dicom_tag(text: str, s: Span) -> bool:
    """A span inside a DICOM tag's brackets."""
    return any(m.start() <= s.start and s.end <= m.end() for m in _DICOM_TAG.finditer(text))


def _site(text: str, s: Span) -> bool:
    """`tomovision.com`, `www.rewe.de`: a web address that is only a site's name, with no path and no
    digits (or a page on the screen's own machine, `_LOCAL_URL`), away from anyone's details, is the
    organisation's or the product's, not a person's (a patient's profile or portal link has a path, and
    beside a patient every URL stays masked)."""
    value = text[s.start : s.end].strip()
    return s.identifier == Identifier.URL and bool(_SITE.match(value) or _LOCAL_URL.match(value))


# Identifiers of things: a machine's MAC address or serial number, a web page. Not a public IP address: a
# client's is the address of someone's device (a private one is a network screen's, `_lan_ip`).
_THINGS = frozenset({Identifier.DEVICE, Identifier.URL})
# A team's or a machine's mailbox (`customerservices@`, `enquiries@`, `admin@`): an office's, or a CV's own
# (`info@jankuester.com`, `contact@example.com` on a résumé): which one, only the rest of the photo says.
_ROLE_MAILBOX = re.compile(r"(?i)^(?:customer\.?services?|customer\.?care|enquiries|inquiries|info|contact|help"
                           r"|helpdesk|support|office|reception|appointments|bookings|admissions|billing|accounts|sales|team"
                           r"|hello|no-?reply|do-?not-?reply|press|media|privacy|dpo|feedback|admin|administrator|root"
                           r"|webmaster|postmaster)@")


def _nobodys(text: str, s: Span, address_form: bool = False, line: list[Span] | None = None) -> bool:
    """What a machine or an organisation has, with no sign of a person in it: a device's serial, a web
    page, a team's mailbox, and, off a form with address fields, a street address no label gives to
    anyone (a shop's, a clinic's, a sign's), and a phone printed on one line with such an address
    (`4769 Harbor Ave, Kingsford, MI 49801  672-646-7280`: a menu's or a letterhead's footer). `line`:
    the spans found on the same line."""
    if s.identifier in (Identifier.PHONE, Identifier.FAX) and not _PERSON_PLACE.search(text[: s.start]) \
            and not _PERSON_PHONE.search(text[: s.start]):
        return any(o.entity == "ADDRESS" and _nobodys(text, o, address_form) for o in line or ())
    return s.identifier in _THINGS or (s.identifier == Identifier.EMAIL and bool(_ROLE_MAILBOX.match(
        text[s.start : s.end]))) or (s.entity == "ADDRESS" and not address_form
                                     and not _PERSON_PLACE.search(text[: s.start]))


# A form's address field (`Home Address`, `Street`, `Postal/ZIP`) alone on its line: the address is whoever's the
# form is, named on it or not.
_ADDRESS_FIELD = re.compile(r"(?i)(?:home\s*|street\s*|mailing\s*|postal\s*|patient'?s?\s*)?address"
                            r"(?:\s*(?:line\s*)?\d)?|street|city|town|zip(?:\s*code)?|post(?:al)?\s*(?:/\s*zip|code)|county(?:\s*/\s*district)?")


# `Cell`, `Mobile`, `Emergency`: a label that gives the phone after it to someone.
_PERSON_PHONE = re.compile(r"(?i)\b(?:cell|mobile|mob|handy|private|personal|emergency|kin|guardian)\b[^\n]{0,12}$")
# `Address:`, `Home`, `Lives at`, `Ship to`: a label that gives the address after it to someone.
_PERSON_PLACE = re.compile(r"(?i)\b(?:address|addr|residence|resides|lives|home|domicile|ship\s*to|deliver\s*to"
                           r"|mail\s*to|bill\s*to|sold\s*to|to|attn|c/o|adresse|anschrift|direcci[oó]n|endere[cç]o"
                           r"|indirizzo)\b[^\n]{0,12}$")


def _things_own(text: str, s: Span, address_form: bool = False, line: list[Span] | None = None) -> bool:
    """On a photo where nothing names or numbers a person (an inverter's settings, a sync tool's device
    list, a ministry's fact sheet, an installer's `admin@example.com`, a letterhead's
    `customerservices@`), a MAC address, a serial number, a web page or a team's mailbox belongs to the
    equipment or the organisation: left visible. Not a link with a number in it (a portal's
    `/patients/48213`), and beside anyone's details every one of them stays masked."""
    if not _nobodys(text, s, address_form, line):
        return False
    return not (s.identifier == Identifier.URL and re.search(r"\d{4}", text[s.start : s.end]))


def _personal(s: Span, anchored: bool, text: str) -> bool:
    """Whether a finding is text about a person (what makes a photo a record, in `decide`): anything
    in a person's region or a strong sign of one, but not an unclear reading or a run of a script we
    cannot read: masked, they are only doubt (a Chinese admin screen's menu is no record to reject)."""
    return s.entity not in DOUBT_ENTITIES and (anchored or context.is_anchor(s, text))


_ORG_SUFFIX = re.compile(
    r"(?i)^[\s,]*(?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp(?:oration)?|Co|Company|GmbH|AG|S\.?A|PLC|LLP|Group|Holdings"
    r"|Foundation|Associates|Partners|Pharmacy|Clinic|Hospital|Labs?|Laboratories|Medical\s*Center"
    r"|(?:and|&)[ \t]+(?:Sons|Daughters|Brothers|Partners|Co))\b\.?"
)
# `Byrd, Patterson and Knox`: two surnames and a comma, then `and` a third ending the line: a firm named for its
# partners (a person is written `Patterson, Ann`, never with a third name joined by `and`).
_PARTNERS_AFTER = re.compile(r"^[ \t]*,?[ \t]*(?:and|&)[ \t]+[A-Z][\w'\-]+[ \t]*$")


# A payee or a supplier ends in what it sells: `EDISON POWER`, `Wine-Tarner Cable`, `Acme Logistics`, `Truist Bank`.
_TRADE_END = re.compile(r"(?i)\b(?:Inc|LLC|Ltd|Corp|GmbH|PLC|LLP|Power|Energy|Electric|Gas|Cable|Telecom|Wireless"
                        r"|Utilities|Motors|Systems|Solutions|Technologies|Software|Logistics|Industries|Enterprises|Holdings"
                        r"|Supplies|Airlines|Airways|Bank|Bancorp|National[ \t]+Association|N\.A)\b\.?$")


# `Gradle Systems Inc, Business Operations`: a company's legal suffix before the comma of a `Surname, Given` shape.
# ... and a bank's name before its charter's (`PNC Bank, National Association`, cut short in a list's chip).
_SUFFIX_COMMA = re.compile(rf"(?i:{LEGAL_SUFFIX.pattern.removeprefix('(?i)')}|\bBank)[ \t]*,")


# A typeface's family before its style: `Bitstream Vera Sans`, `Source Serif`, `Fira Mono`.
_FONT_AFTER = re.compile(r"^[ \t]+(?:Sans|Serif|Mono(?:space)?|Condensed)\b")


def _organisation(text: str, s: Span) -> bool:
    """`Linn Electronics, Inc.`: a name-shaped span followed by a company suffix (`Hayden and Sons`), holding one
    before its comma, ending in a trade (`EDISON POWER`) or a legal form (`Gregory PLC`), or two surnames before a
    third joined by `and` (`Byrd, Patterson and Knox`), is an organisation; one before a typeface's style is a
    font's family (a settings screen's `Bitstream Vera Sans`)."""
    value = text[s.start : s.end]
    return s.identifier == Identifier.NAMES and bool(
        _ORG_SUFFIX.match(text[s.end :]) or _SUFFIX_COMMA.search(value) or _TRADE_END.search(value.rstrip(" |"))
        or _FONT_AFTER.match(text[s.end :]) or "," in value and _PARTNERS_AFTER.match(text[s.end :]))


def _defined_acronym(text: str, s: Span, acronyms: frozenset[str]) -> bool:
    """`Designated by NUCC`: a "name" whose every word is an acronym the page spelled out (`NATIONAL UNIFORM CLAIM
    COMMITTEE (NUCC)`, `organisations.defined_acronyms`) names that body."""
    words = [letters_of(w).upper() for w in text[s.start : s.end].split()]
    return s.identifier == Identifier.NAMES and bool(acronyms) and bool(words) and all(w in acronyms for w in words)


_TIME_AFTER = re.compile(
    # (`June 1 at 4:20 PM`, `28.10. um 10:15`; `2022-10-2810:15`: the OCR glued the time to the date; VistA's
    # FileMan writes `05/28/1999@09:26`)
    # (a tracker's `26/10/2019,20:02:08`: a comma alone before a clock time)
    r"^(?:,?[ \tT]+|,(?=\d{1,2}:\d{2})|[ \t]*-[ \t]*|,?[ \t]+(?:at|um|à|a\s+las?)[ \t]+|[ \t]*@[ \t]*"
    r"|(?=\d{1,2}:\d{2}))"
    r"\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?(?![\d])"
    r"(?:[ \t]?(?:UTC|GMT)(?:[+\-]\d{1,2}(?::?\d{2})?)?|[ \t][+\-]\d{2}:?\d{2})?"  # `UTC+02:00`, `+0200`
)


# (`... 2019 +0000`; a tracker's `2019-02-26 14:34:53 (+01:00)`, `(UTC+2)`)
_ZONE_AFTER = re.compile(r"^[ \t]+(?:[+\-]\d{4}(?!\d)|\((?:UTC|GMT)?[ \t]*[+\-]\d{1,2}(?::?\d{2})?\))")
# ISO 8601's tail after a time of day: its fraction of a second and its zone, glued (`01:12:15.399+00:00`, `...Z`)
_ISO_TAIL = re.compile(r"^(?:[.,]\d{1,9})?(?:Z|[+\-](?:0\d|1[0-4]):?[0-5]\d)?(?![\w:+\-])")
_ENDS_IN_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?$")
# A time of day written before its date (`updated at: 13:39 18 May 2019`, `10:15 AM, 03/04/2021`).
_TIME_BEFORE = re.compile(r"(?<![\d:.])\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?,?[ \t]+$")


def _with_time(text: str, s: Span) -> Span:
    """A date's time of day and its weekday go with it (`Tuesday, April 5, 2022 10:46:42 AM UTC+02:00`, `13:39
    18 May 2019`): the mask covers them all, or half of a commit's date is left to read."""
    if s.identifier != Identifier.DATES:
        return s
    m = _TIME_AFTER.match(text[s.end :])
    start = with_weekday(text, s.start)
    if start == s.start and (before := _TIME_BEFORE.search(text[: s.start])):
        start = before.start()
    end = s.end + m.end() if m else s.end
    zone = _ZONE_AFTER.match(text[end:])  # `... 2019 +0000`: an asctime date's zone comes after its year
    end += zone.end() if zone else 0
    if _ENDS_IN_TIME.search(text[s.start : end]) and (tail := _ISO_TAIL.match(text[end:])):
        end += tail.end()  # a FHIR resource's `2014-09-03T01:12:15+00:00`, a log's `21:25:56.399`
    return s if (start, end) == (s.start, s.end) else dataclasses.replace(s, start=start, end=end)


_SPAN_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+[A-Z]")


def _ordinary_words(text: str, s: Span) -> bool:
    """`FORWARD, REWIND`, `CREATE SONG`: an unlabelled "name" made only of ordinary English words, the
    first of them no given name, is a heading or a button (`John Smith` keeps: JOHN is a given name); an
    unlabelled "name" that is a country's is a place."""
    if s.entity != "PATIENT_NAME" or s.score >= LABELLED_NAME or "^" in text[s.start : s.end]:
        return False  # `DOE^JOHN`, `Brown^Tom`: a DICOM person name is a name by its form
    title = RX_COURTESY_END.search(text[: s.start])
    if title and (not title.group(0).isupper() or re.match(r"[A-Z]\.?\s", text[s.start:])):
        return False  # `Mr Doe`, `MR J DOE`: a courtesy title says a person follows (`MR HEAD` is a scan)
    if _SPAN_TITLE.match(text[s.start : s.end]):
        return False  # `Dear Ms. Doe,`: the title came with the name
    words = [w.upper() for w in re.findall(r"[A-Za-z]+", text[s.start : s.end])]
    if " ".join(words) in COUNTRY_NAMES:
        return True  # `Sierra Leone`, `Jordan`: a country a census reads as a given name and a surname
    vocab = english_words()
    return bool(vocab) and len(words) >= 2 and all(w in vocab for w in words) and not is_first_name(words[0])


# A form's hint of what to type, not a value: `MM/DD/YYYY`, `XXX-XX-XXXX`, `(000) 000-0000`, `###-####`.
_MASK_WORD = re.compile(r"(?i)^[(\[]?(?:(?:mm|dd|yy|yyyy|m|d|hh)(?:[/.\-](?:mm|dd|yy|yyyy|m|d|hh))+"
                        r"|[0x#*_]{2,}(?:[)\]]?[ /.\-]*[0x#*_]{2,})*)[)\].,:;]?$")
# Domains reserved for examples (RFC 2606, RFC 6761): nobody's mailbox or web address.
_EXAMPLE_DOMAIN = re.compile(
    r"(?i)@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))\b")
# A form's hint names no one (`name@example.com`); `h.vandermolen@example.org` on a demo record is a
# made-up person's address, masked like a real one.
_HINT_MAILBOX = re.compile(r"(?i)^(?:name|user|username|email|e-mail|you|your\.?name|yourname|first\.?last"
                           r"|firstname\.?lastname|someone|example|info|test|me|address)@")


_PRICE = re.compile(r"^\s*[$\u20ac\u00a3]?\s*-?\d{1,5}[.,]\d{2}\s*[$\u20ac\u00a3A-Z]?\s*$")
_SHORT_PRICE = re.compile(r"^\s*[$\u20ac\u00a3]?\s*\d{1,5}[.,]\d\s*$")
MENU_PRICES = 5  # prices standing alone that make a page a menu or a price list


# A dictionary's headword with its part of speech: `Benjamin n.`, `bequeath v.`, `Bertha n.`
_HEADWORD = re.compile(r"^[A-Za-z][\w'\-]*(?:[ \t][\w'\-]+)?[ \t]+(?:n|v|vb|vt|vi|adj|adv|prep|pron|conj|interj|abbr"
                       r"|pl)\.(?:[ \t]|$)")
DICTIONARY_HEADWORDS = 4


def _english_only_evidence(text: str, s: Span) -> bool:
    """A name found only because no English dictionary has its words, with no Census given name or common surname in
    it: on a page in another language that is no evidence (`language`)."""
    if s.entity != "PATIENT_NAME" or s.score > UNKNOWN_PAIR_SCORE:
        return False
    words = [w.upper() for w in re.findall(r"[^\W\d_]+", text[s.start : s.end])]
    return not any(is_first_name(w) or is_surname(w, common_only=True) for w in words)


def _dictionary_page(lines: list[TextLine]) -> bool:
    """A dictionary or a baby-name book (issue 22: `Benjamin`, `Benito` rejected): its headwords name no one, and
    neither do its definitions (`son of Jacob`)."""
    return sum(bool(_HEADWORD.match(normalize(ln.text).strip())) for ln in lines) >= DICTIONARY_HEADWORDS


def _without_names(resolved: dict[int, list[Span]]) -> dict[int, list[Span]]:
    return {i: [s for s in spans if s.identifier != Identifier.NAMES] for i, spans in resolved.items()}


def _priced_lines(lines: list[TextLine]) -> set[int]:
    """Lines that are a bill's or a menu's items: they end in a price, or a price stands alone after
    them (in their own reading direction: a receipt photographed upside down too) on their row or the
    next. A dish (`Eggs Benedict  14.19`) is not a person, however its words read."""
    prices = [k for k, ln in enumerate(lines) if _PRICE.match(ln.text)]
    if len(prices) >= MENU_PRICES:  # a price list: a price the OCR cut short (`3.3` for `3.30`) is one too
        prices += [k for k, ln in enumerate(lines) if _SHORT_PRICE.match(ln.text)]
    out = {k for k, ln in enumerate(lines) if PRICE_AT_END.search(ln.text)}
    cos_min = math.cos(math.radians(ANGLE_TOLERANCE))
    priced = [(k, b) for k in prices if (b := axes(lines[k])) is not None]
    for i, line in enumerate(lines):
        if i in out or not priced:
            continue
        a = axes(line)
        if a is None:
            continue
        h = max(1.0, line.height)
        x0, y = float(a.along_of(a.points).min()), float(a.down_of(a.points).mean())
        for k, b in priced:
            # (either way along the row: the OCR may read a short price such as `3.3` as turned over)
            if k == i or abs(float(a.along @ b.along)) < cos_min:
                continue
            dy = float(a.down_of(b.points).mean()) - y
            # the price sits on the item's row, or on the row below it (a menu prints the dish's name,
            # then its description with the price at the right)
            if float(a.along_of(b.points).min()) > x0 and (abs(dy) <= HEADER_ROW * h or 0 < dy <= 1.6 * h):
                out.add(i)
                break
    return out


# Two to four Han characters: how a Chinese, Japanese or Korean name is written in its own script.
_HAN_NAME = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,4}")


def _other_script_name(text: str, spans: list[Span]) -> list[Span]:
    """`唐鳳 Audrey Tang`: Han characters right beside a name found in Latin letters, with only spaces between, are the
    same person's name in their own script (a signature, a business card, a letterhead): masked with it."""
    names = [s for s in spans if s.identifier == Identifier.NAMES]
    return [context.named_span("NAME_PART", m.start(), m.end()) for m in _HAN_NAME.finditer(text)
            if any(re.fullmatch(r"[ \t]+", text[m.end() : s.start]) or re.fullmatch(r"[ \t]+", text[s.end : m.start()])
                   for s in names)]


# `Troy Brosnan paid 14.00 €`, `paid by Sam Hill`: a shared-bill or payment app's line names whoever paid or owes,
# though it ends in a price as a menu's dish does.
_PAID_AFTER = re.compile(r"[ \t]+(?:paid|pays|owes|owe|lent|borrowed|sent|received|requested|transferred|spent)\b")
_PAID_BEFORE = re.compile(r"\b(?:paid|owed|lent|sent|requested|transferred)[ \t]+(?:by|to|from)[ \t]+$", re.IGNORECASE)


def _payer(text: str, s: Span) -> bool:
    return bool(_PAID_AFTER.match(text, s.end) or _PAID_BEFORE.search(text[: s.start]))


def _unlabelled_name(s: Span) -> bool:
    return s.entity == "PATIENT_NAME" and s.score < UNLABELLED_NAME


def _after_preposition(text: str, s: Span) -> bool:
    """`from Latin benedictus`, `a form of Benedict`: a capitalised word after a lower-case preposition
    in a sentence is a word's origin or a reference, not a person being named (`To: Jane` on a card
    and `Dear Ms. Miller` keep: a label or a greeting, not a preposition mid-sentence)."""
    # `partners in North America, Asia, Europe`: the words between the preposition and the span are the
    # same phrase (a place's first word), no label or greeting; a list of places is half capitals
    # (`Created by harold on May 25`: a past participle before `by` says who did it, as a record's byline does)
    return (s.identifier == Identifier.NAMES and s.score < LABELLED_NAME and context.prose(text, lower_share=0.5)
            and bool(re.search(r"(?<![A-Za-z])(?:from|to|for|of|in|by)\s+(?:[A-Z][a-z]+\s+){0,2}$", text[: s.start]))
            and not _DONE_BY.search(text[: s.start]))


_DONE_BY = re.compile(rf"(?i:\b(?:{BY_LABEL}))[ \t]+$")  # (not `Powered by`: a product's credit, `names._ORG_VERB`)


# Articles and possessives of German, French, Spanish, Italian and Dutch (`names.DETERMINER`): a capitalised pair
# they lead is a noun phrase (`Meine Solaranlage`, `Die Praxis`), never how a person is written. Not the short ones
# that are also names (`Le Roux`, `Ma Long`, `Mi Nguyen`, `Des O'Connor`).
def _determiner_led(text: str, s: Span) -> bool:
    return (s.identifier == Identifier.NAMES and s.score < LABELLED_NAME
            and bool(DETERMINER.match(text[s.start : s.end])))


# A button's or a link's label: an action verb and what it acts on (`View Details`, `+ Add Reading`, `Learn More`).
_ACTION = re.compile(r"(?i)^(?:view|add|edit|delete|remove|save|cancel|open|close|show|hide|create|new|load|export"
                     r"|import|print|search|select|update|upload|download|submit|refresh|reset|manage|change|apply"
                     r"|clear|filter|sort|confirm|continue|learn|read|see|get|send|share|copy|start|stop|book)$")


def _button(text: str, s: Span) -> bool:
    """`View Details` in a column of buttons beside a person's card: an action verb (no Census given name) and only
    ordinary words after it, unlabelled, is a control, not a name (`Add John Smith` keeps its name)."""
    if s.identifier != Identifier.NAMES or s.score >= LABELLED_NAME:
        return False
    words = re.findall(r"[A-Za-z]+", text[s.start : s.end])
    vocab = english_words()
    return (len(words) >= 2 and bool(_ACTION.match(words[0])) and not is_first_name(words[0].upper())
            and all(w.upper() in vocab and not is_first_name(w.upper()) for w in words[1:]))


# A calendar's row of weekdays (`Sun Mon Tue Wed Thu FriSat`, `MO TU WE`): `Sun`, `Mon`, `Wed` are no surnames there.
def _weekday_row(text: str, s: Span) -> bool:
    """A name in a line of three weekdays or more and nothing else is a calendar's header."""
    if s.identifier != Identifier.NAMES:
        return False
    t = normalize(text)
    return len(WEEKDAY.findall(t)) >= 3 and sum(ch.isalpha() for ch in WEEKDAY.sub("", t)) <= 2


_STREET_END = re.compile(rf"(?i)\b(?:{SUFFIX})\.?[\s,]*$")


# Where Europe and Latin America put the street word first, a street named after someone reads as a name:
# `Place Paul Vallier`, `Boulevard Jean Pain`, `Rua Pedro Álvares`, `Via Giuseppe Verdi`.
_STREET_WORD = (
    r"(?i:(?:rue|place|boulevard|bd|bld|avenue|av|allée|allee|chemin|quai|impasse|cours|square|route|passage"
    r"|calle|carrer|avenida|avda|paseo|plaza|pla[cç]a|rua|praça|praca|travessa|largo|alameda|via|viale|piazza"
    r"|piazzale|corso|vicolo|strada|ulica|aleja|plac|stra[sș]a|bulevardul|calea|pia[tț]a)\.?[ \t]+|(?:ul|al)\.[ \t]*)")
_STREET_FIRST = re.compile(rf"^{_STREET_WORD}")
_STREET_WORD_BEFORE = re.compile(rf"(?:^|(?<=\s)){_STREET_WORD}$")


def _place(text: str, s: Span) -> bool:
    """`Hyde Park Corner Underground Station`, `Austin, Texas`: an unlabelled name that its neighbours make a place."""
    return s.entity == "PATIENT_NAME" and s.score < LABELLED_NAME and place_name(text, s.start, s.end)


def _street(text: str, s: Span) -> bool:
    """`7455 Harbor Ave`: a "name" after a house number that ends in a street word is the street. `Place Paul
    Vallier`: a "name" that a Romance street word opens (or follows) is the street's."""
    if s.identifier != Identifier.NAMES:
        return False
    m = _STREET_FIRST.match(text[s.start : s.end]) or _STREET_WORD_BEFORE.search(text[: s.start])
    if m and (m.group(0)[:1].isupper() or m.group(0)[:3] in ("ul.", "al.")):
        return True  # a capitalised street word: `Via Giuseppe Verdi`, not `sent via John Smith`
    return bool(re.search(r"\d[\s,]*$", text[: s.start])) and bool(_STREET_END.search(text[s.start : s.end]))


# A map's or a sign's street, named for someone (`DARWIN AVE`, `Harriet Rd`): the suffix says it is the street, and a
# street with no house number on it is no one's address. Fewer suffixes than `places.SUFFIX` on purpose: `Lane`,
# `Court`, `Way` and `Hill` end surnames too (`Ann Lane`), and a name of two words has no number to tell them apart.
_STREET_NAMED = re.compile(r"(?i)^[A-Z][\w'\-]+(?:[ \t]+[A-Z][\w'\-]+)?[ \t]+(?:ave|avenue|rd|road|blvd|boulevard"
                           r"|street|hwy|highway|pkwy|parkway|drive)\.?$")


def _street_named(text: str, s: Span) -> bool:
    """A name that is the whole of a street's name with its suffix (`NIGEL AVE`), the line no more than that."""
    return s.identifier == Identifier.NAMES and bool(_STREET_NAMED.match(normalize(text).strip()))


_TOLL_FREE = re.compile(
    r"(?<![\d\-.])(?:\+?1[\s.\-]*)?\(?8(?:00|33|44|55|66|77|88)\)?[\s.\-]*\d{3}[\s.\-]*\d{4}(?![\d\-])"
    # the UK's non-geographic lines of public bodies and businesses (03xx, 080x): never a household's
    r"|(?<![\d\-.])(?:\+44[\s.\-]*|0)(?:3[03-7]\d|80[08])[\s.\-]*\d{3}[\s.\-]*\d{4}(?![\d\-])")


# ... unless its label says it is the person's own (`Home Phone: 8005553763`, a demo roster's made-up numbers)
_OWN_PHONE = re.compile(r"(?i)\b(?:home|cell|mobile|work|alternate|alt\.?|personal|private|emergency)[ \t]*"
                        r"(?:phone|ph\.?|tel\.?|telephone|number|no\.?|#)[ \t]*[:#]?[ \t]*$")


def placeholder(text: str, s: Span) -> bool:
    """A value that is no one's: every word it touches is a form's format mask (`MM/DD/YYYY`,
    `(000) 000-0000`), a toll-free number, or a hint's mailbox at a domain reserved for examples."""
    a = text.rfind(" ", 0, s.start) + 1
    b = text.find(" ", s.end)
    b = len(text) if b < 0 else b
    words = text[a:b].split()
    if words and all(_MASK_WORD.match(w) for w in words):
        return True
    if any(m.start() <= s.start and s.end <= m.end() for m in _TOLL_FREE.finditer(text)) and not _OWN_PHONE.search(
            text[: s.start]):
        return True  # a toll-free number is a business's line (a plan's customer service), never a person's
    value = text[s.start : s.end]
    return s.identifier == Identifier.EMAIL and bool(_EXAMPLE_DOMAIN.search(value) and _HINT_MAILBOX.match(value))


def _clip(s: Span, lo: int, hi: int, shift: int) -> Span:
    start, end = max(s.start, lo) - shift, min(s.end, hi) - shift
    return Span(start, max(start, end), s.identifier, s.label, s.score, s.recognizer, s.entity)


# A name's parts the rules stop short of: the rest of a hyphenated name (`Jean-Baptiste`, `Kowalczyk-Nowak`)
# and the particles before a surname, capitalised or not (`De la Tourette`, `van der Berg`).
_HYPHEN_AFTER = re.compile(r"-[A-Z][A-Za-z']+")
_HYPHEN_BEFORE = re.compile(r"(?<![\w\-])[A-Z][A-Za-z']+-$")
_TITLE_LEAD = re.compile(r"^(?i:dr|mr|mrs|ms|mx|miss|prof)\.?[ \t]+")
_TITLE_BEFORE = re.compile(r"(?:^|(?<=[\s,:(]))(?i:dr|mr|mrs|ms|mx|miss|prof)\.?[ \t]+$")
_GIVEN_AFTER = re.compile(r",[ \t]?([A-Z][A-Za-z]{2,})(?![\w\-])")
_PARTICLES_BEFORE = re.compile(
    r"(?:^|(?<=[\s,:(]))(?:(?i:de|van|von|der|den|la|le|du|del|della|da|di|dos|das|ten|ter)\s+){1,3}$")


# (or in capitals, as a French imprint or a badge writes it: `Christine DÉOM`)
_SURNAME_AFTER = re.compile(r"[ \t]+([A-Z](?:[a-z'\-]{1,30}|[A-Z'\-]{1,30}))(?:\d{1,2}|[*\u2020\u2021])*(?![\w'])")


def _surname_like(word: str) -> bool:
    """A word no English dictionary or label list has (`Thorne`, `Xie`): after a given name, its surname.
    `Anna Clinic`, `Grace Period`: the second word is an ordinary one, and stays."""
    w = word.upper()
    return w not in english_words() and w not in NOT_A_NAME


def _whole_name(text: str, s: Span) -> Span:
    """A name span grown over the rest of its hyphenated parts and the particles before it: half a
    name masked is a name still read."""
    if s.identifier != Identifier.NAMES or s.entity in DOUBT_ENTITIES:
        return s
    folded = normalize(text)
    a, b = s.start, s.end
    while m := _HYPHEN_AFTER.match(folded, b):
        b = m.end()
    while m := _HYPHEN_BEFORE.search(folded[:a]):
        a = m.start()
    if m := _PARTICLES_BEFORE.search(folded[:a]):
        a = m.start()
    if m := _TITLE_BEFORE.search(folded[:a]):
        a = m.start()  # `Dr. Jones`: the title masked with the name, or the half left reads as a doctor's name
    if "," not in folded[a:b] and (m := _GIVEN_AFTER.match(folded, b)) and first_name_start(m.group(1).upper()):
        b = m.end()  # `Cordara, Cam`: a list's `Surname, Given` with the given name cut short by its cell
    elif (" " not in (core := _TITLE_LEAD.sub("", folded[a:b]).strip()) and is_first_name(core.upper())
          and (m := _SURNAME_AFTER.match(folded, b))
          and (_surname_like(m.group(1)) or core != folded[a:b].strip() and not org_name(folded[a : m.end(1)])
               and not _SURNAME_AFTER.match(folded, m.end(1)))):
        # `Brent` of `Brent Thorne3` (a byline's footnote mark glued on): the surname goes with it; after a title
        # (`Dr. Gregory House`) the one word that follows is the surname even where it is an English one, unless
        # the three make an organisation's name (`Dr. Anna Clinic`)
        b = m.end(1)
    return s if (a, b) == (s.start, s.end) else dataclasses.replace(s, start=a, end=b)


# A code's letters before its number (`EVAL 2023/000010`, `ENC-000123`): the number masked alone
# leaves half the code read. A field's own abbreviation (`MRN 12345`) is its label and stays.
_CODE_PREFIX = re.compile(r"(?:^|(?<=\s))([A-Z]{2,6})[ \-]$")
_LABEL_ABBREVIATIONS = frozenset({"ID", "NO", "NR", "NUM", "MRN", "SSN", "SIN", "DOB", "NHS", "TEL", "FAX", "PH",
                                  "MOB", "REF", "PIN", "UHID", "ACCT", "AC", "HN", "CN", "TIN", "NPI", "DEA", "IP"})
_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")
_CODE_IDS = frozenset({Identifier.MRN, Identifier.HEALTH_PLAN, Identifier.ACCOUNT, Identifier.LICENSE,
                       Identifier.OTHER_ID})


def _whole_code(text: str, s: Span) -> Span:
    """A code's letters go with its digits (`AB 123456`), and a code is one token: the digits of
    `Veteran_101338` masked alone leave a test patient's name to read."""
    if s.identifier not in _CODE_IDS:
        return s
    if _WORD_CHAR.match(text[s.start - 1 : s.start]) or _WORD_CHAR.match(text[s.end : s.end + 1]):
        a, b = s.start, s.end
        while a > 0 and _WORD_CHAR.match(text[a - 1]):
            a -= 1
        while b < len(text) and _WORD_CHAR.match(text[b]):
            b += 1
        return dataclasses.replace(s, start=a, end=b)
    if not text[s.start : s.start + 1].isdigit():
        return s
    m = _CODE_PREFIX.search(text[: s.start])
    if not m or m.group(1) in _LABEL_ABBREVIATIONS:
        return s
    return dataclasses.replace(s, start=m.start(1))


_CONTINUED = re.compile(r"^[ \t]*([A-Za-z0-9][\w\-]*)")


def _wrapped_codes(lines: list[TextLine], resolved: dict[int, list[Span]]) -> list[tuple[int, Span]]:
    """A code that ends its line on a hyphen (`Prior Authorization Number: 9048357c-abd7-4270-`) goes on at the
    start of the line below (`a31b-1f43e302d414`): that piece, with a digit in it, is the same identifier (a
    word hyphenated over two lines of prose has none; `128GB` is a size)."""
    out: list[tuple[int, Span]] = []
    for i, spans in resolved.items():
        text = lines[i].text.rstrip()
        for s in spans:
            if s.identifier not in _CODE_IDS or text[s.end :].strip() not in ("", "-") or not text.endswith("-"):
                continue
            for j, below in enumerate(lines):
                if (j != i and stacked_above(lines[i], below) and (m := _CONTINUED.match(below.text))
                        and len(piece := m.group(1)) >= 4 and any(ch.isdigit() for ch in piece)
                        and not quantity(piece)):
                    out.append((j, dataclasses.replace(s, start=m.start(1), end=m.end(1))))
    return out


# A JSON record's person object and its id on the line below (`"patient": {` over `"id": "2320c885-..."`): the id is
# that person's, as a `"patient_id"` key would say on one line.
_JSON_PERSON = re.compile(r'^[ \t]*"(?:patient|subject|person|member|beneficiary)"[ \t]*:[ \t]*\{[ \t]*$', re.I)
_JSON_ID = re.compile(r'^[ \t]*"id"[ \t]*:[ \t]*"(?P<v>[A-Za-z0-9][\w\-.]{2,63})"')
JSON_REACH = 3  # line heights below its object within which the id still opens it


def _json_person_ids(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of each id that opens a person's object in a JSON record."""
    out = []
    for i, line in enumerate(lines):
        if not _JSON_PERSON.match(line.text):
            continue
        _, y, _, h = bbox_of(line.polygon)
        for j in range(i + 1, min(i + 4, len(lines))):
            _, yj, _, _ = bbox_of(lines[j].polygon)
            if 0 < yj - y <= JSON_REACH * h and (m := _JSON_ID.match(lines[j].text)):
                out.append((j, m.start("v"), m.end("v")))
                break
    return out


HEADER_CELLS = 3  # upper-case word cells on one row that make it a table's header row


def _centre_y(line: TextLine) -> float:
    _, y, _, h = bbox_of(line.polygon)
    return y + h / 2


def _caps_words(text: str, vocabulary: bool = False) -> bool:
    """`FULL NAME`, `ACTION`: a cell of upper-case words (and, with `vocabulary`, all ordinary English
    words: `SMITH` beside `NAME` on a wristband is a value, `ACTION` is the next column's header)."""
    words = re.findall(r"[A-Za-z]+", text)
    if not words or any(c.isdigit() for c in text) or not all(w.isupper() and len(w) >= 2 for w in words):
        return False
    vocab = english_words()
    return not vocabulary or bool(vocab) and all(w in vocab for w in words)


FAR_VALUE = 25  # text heights from a label to its value in a summary list's value column


def _between(boxes: list[Rect], row: list[int], left: float, right: float, skip: tuple[int, int]) -> bool:
    """Does a line of `row` (other than `skip`; `boxes` are the lines' boxes) reach into the gap from x = `left`
    to `right`?"""
    return any(k not in skip and boxes[k][0] < right and boxes[k][0] + boxes[k][2] > left for k in row)


def _value_column(lines: list[TextLine]) -> frozenset[int]:
    """The lines of a summary list's value column: the next line on a label's row, `10` to `FAR_VALUE`
    text heights right of it with nothing between, where another label's such line starts level with it
    (`First name ... sarah` over `Last name ... Smith`). One far line alone is no column: a blank form's
    next field (`First Name ... MI`) is another label, not a value."""
    boxes = [bbox_of(ln.polygon) for ln in lines]  # once: the classifier runs on every round of the first look
    middles = [y + h / 2 for _, y, _, h in boxes]
    found: list[tuple[int, float, float]] = []  # (value line, its left edge, its height)
    for i, line in enumerate(lines):
        if not TRAILING_LABEL.search(normalize(line.text)) or len(line.text.split()) > 4:
            continue  # a summary list's labels are short (`Date of birth`), not a sentence that ends in one
        x0, _, w, _ = boxes[i]
        h, cy = max(1.0, line.height), middles[i]
        row = [j for j in range(len(lines)) if j != i and abs(middles[j] - cy) < 0.6 * h
               and boxes[j][0] >= x0 + w + 10 * h]
        if not row:
            continue
        j = min(row, key=lambda k: boxes[k][0])
        a0 = boxes[j][0]
        if (a0 - x0 - w < FAR_VALUE * h and not TRAILING_LABEL.search(normalize(lines[j].text))
                and not _between(boxes, row, x0 + w, a0, (i, j))):
            found.append((j, a0, max(1.0, lines[j].height)))
    return frozenset(j for j, a, h in found
                     if any(k != j and abs(a - b) <= max(h, g) for k, b, g in found))


def _labels_beside(lines: list[TextLine]) -> frozenset[int]:
    """The labels of a summary list whose values stand beside them: a label with a line on its row (3 to 10 text
    heights right), left-aligned with another such label a few rows away whose value starts level with its own
    (`Patron ... Smith, Angel` over `Checkout Date ... 12/23/14`). Its value is that line, not the next label
    below it (`Total Circs`, whose value is blank)."""
    boxes = [bbox_of(ln.polygon) for ln in lines]
    rows: list[tuple[int, float, float, float]] = []  # (label, its left edge, its middle, its value's left edge)
    for i, line in enumerate(lines):
        if not TRAILING_LABEL.search(normalize(line.text)) or len(line.text.split()) > 4:
            continue
        x0, y0, w, h0 = boxes[i]
        h, cy = max(1.0, line.height), y0 + h0 / 2
        right = [boxes[j][0] for j in range(len(lines)) if j != i and abs(boxes[j][1] + boxes[j][3] / 2 - cy) < 0.6 * h
                 and x0 + w + 3 * h <= boxes[j][0] < x0 + w + 10 * h
                 and not TRAILING_LABEL.search(normalize(lines[j].text))]
        if right:
            rows.append((i, x0, cy, min(right)))
    return frozenset(i for i, x, cy, r in rows
                     if any(k != i and abs(x - x2) < lines[i].height and 0 < abs(cy - cy2) < 5 * lines[i].height
                            and abs(r - r2) < 2 * lines[i].height for k, x2, cy2, r2 in rows))


def _partner(lines: list[TextLine], i: int, far: frozenset[int] = frozenset(),
             beside: frozenset[int] = frozenset()) -> int | None:
    """The line a label's value most likely sits on: nearest to the right on the same row, else below.
    A value right beside the label (within two text heights) is its value even when the next row's
    value sits closer below it: a form's label column (`Address  Fall road N. 782` over `City`). A
    summary list's value column (`far`, `_value_column`) may sit up to `FAR_VALUE` text heights away."""
    x0, y0, w, h0 = bbox_of(lines[i].polygon)
    x1, y1 = x0 + w, y0 + h0
    h = max(1.0, lines[i].height)
    cy = y0 + h0 / 2
    best: tuple[float, int] | None = None
    row = [j for j, other in enumerate(lines) if abs(_centre_y(other) - cy) < 0.6 * h]
    headers = sum(_caps_words(lines[j].text) for j in row) >= HEADER_CELLS and _caps_words(lines[i].text)
    # A form's column of labels (`Your name` over `Your last name` over `Bank card PIN code`): below the next
    # label down the column is that label's value, not this one's.
    labels = {j for j, other in enumerate(lines) if j != i and TRAILING_LABEL.search(normalize(other.text))}
    tops = [bbox_of(lines[j].polygon) for j in labels]
    floor = min((b0 for a0, b0, aw, _ in tops if b0 >= cy and a0 < x1 + h and a0 + aw > x0 - h), default=float("inf"))
    for j, other in enumerate(lines):
        if j == i or j in labels:
            continue  # another label (`First Name:` above `Last Name:`) is not this label's value
        a0, b0, aw, bh = bbox_of(other.polygon)
        a1 = a0 + aw
        ocy = b0 + bh / 2
        if abs(ocy - cy) < 0.6 * h and headers and _caps_words(other.text, vocabulary=True):
            continue  # `FULL NAME  ACTION  TYPE`: a table's header row; the next header is no value
        if abs(ocy - cy) < 0.6 * h and a0 >= x1 - 0.5 * h and (a0 - x1 < 10 * h or j in far):
            gap = max(0.0, a0 - x1)
            # beside it, or a summary list's value: before anything below
            d = gap - 2 * h if gap <= 2 * h else (gap - 100 * h if i in beside else gap)
        elif b0 >= cy and b0 - y1 < 1.6 * h and a0 < x1 + h and a1 > x0 - h and b0 < floor:
            d = max(0.0, b0 - y1) + 0.5 * h + 0.01 * abs(a0 - x0)
        else:
            continue
        if best is None or d < best[0]:
            best = (d, j)
    return None if best is None else best[1]


# --- geometry -------------------------------------------------------------------------------------


def _lerp(p: np.ndarray, q: np.ndarray, t: float) -> np.ndarray:
    return p + (q - p) * t


def _word_piece(poly: Polygon, a: float, b: float) -> np.ndarray:
    """The part of a word quadrilateral between fractions a..b of its length (TL, TR, BR, BL)."""
    p = np.asarray(poly, dtype=float)
    if len(p) != 4:
        x, y, w, h = bbox_of(poly)
        p = np.array([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], dtype=float)
    return np.array([_lerp(p[0], p[1], a), _lerp(p[0], p[1], b), _lerp(p[3], p[2], b), _lerp(p[3], p[2], a)])


def _words_of(line: TextLine):
    """The line's words, or one pseudo-word spanning the whole line if the OCR gave none."""
    if line.words:
        return line.words
    from .model import Word

    return (Word(line.text, line.polygon, line.score, 0, len(line.text)),)


def _has_alnum(piece: str) -> bool:
    return any(ch.isalnum() for ch in piece)


BADGE = 2.2  # an avatar's disc, in text heights: initials are drawn in one about twice their height


def badge(line: TextLine) -> Polygon:
    """The square of the avatar a person's initials sit in (`CS` in a coloured disc beside a list's
    name): the disc's colour and shape are the user's too, and masking only the letters leaves the
    disc with letter-sized holes that a reader can match to the name beside it."""
    x, y, w, h = bbox_of(line.polygon)
    side = max(w + h, BADGE * h)
    cx, cy = x + w / 2, y + h / 2
    a = side / 2
    return ((cx - a, cy - a), (cx + a, cy - a), (cx + a, cy + a), (cx - a, cy + a))


def _covering(line: TextLine, s: Span) -> Polygon:
    """The whole line and the span: the OCR's line box and the span's word boxes can each reach past the other, so
    the mask is their convex hull, never smaller than the span's own mask."""
    points = np.array([*line.polygon, *span_polygon(line, s.start, s.end)], dtype=np.float32)
    return tuple((float(x), float(y)) for x, y in cv2.convexHull(points).reshape(-1, 2))


def span_polygon(line: TextLine, start: int, end: int) -> Polygon:
    """A quadrilateral along the line's slant covering exactly the words (or word parts) of a span.

    A word only partly inside the span (`MRN:00482913` read as one word) is cut by character
    fraction, widened by half a character so a misjudged glyph width does not leave a digit showing.
    A word whose rest is only punctuation (`Allan!`, `(Smith,`) is covered whole: a narrow `!` or `,`
    counted as a full character would cut the name's last letter off.
    """
    pieces = []
    text = line.text
    for w in _words_of(line):
        if w.end <= start or w.start >= end:
            continue
        n = max(1, w.end - w.start)
        a = max(0.0, (start - w.start - 0.5) / n) if start > w.start and _has_alnum(text[w.start : start]) else 0.0
        b = min(1.0, (end - w.start + 0.5) / n) if end < w.end and _has_alnum(text[end : w.end]) else 1.0
        pieces.append(_word_piece(w.polygon, a, b))
    if not pieces:  # offsets outside every word: cover the line rather than nothing (fail closed)
        pieces.append(_word_piece(line.polygon, 0.0, 1.0))
    pts = np.vstack(pieces)
    first, last = pieces[0], pieces[-1]
    u = (last[1] + last[2]) / 2 - (first[0] + first[3]) / 2
    norm = float(np.hypot(*u))
    if norm < 1e-6:
        u = first[1] - first[0]
        norm = float(np.hypot(*u)) or 1.0
    u = u / norm
    n = np.array([-u[1], u[0]])
    s, t = pts @ u, pts @ n
    corners = [(s.min(), t.min()), (s.max(), t.min()), (s.max(), t.max()), (s.min(), t.max())]
    return tuple((float(a * u[0] + b * n[0]), float(a * u[1] + b * n[1])) for a, b in corners)


# What a span's own line shows it is not a person's (each reads `text` and the span): the recognisers' spans are
# checked against all of `_NOT_PHI`; what `context.extend` adds from the page's layout only against
# `_NOT_PHI_ADDED`, as its spans already come from a person's region, column or label.
_NOT_PHI_ADDED = (placeholder, _numbered_thing, _epoch, _button, _dicom_tag, _weekday_row, _street_named)
_NOT_PHI = (_organisation, _ordinary_words, _street, _after_preposition, _code_piece, _determiner_led, _place,
            _section_number, *_NOT_PHI_ADDED)


def _no_phi(text: str, s: Span, checks: tuple) -> bool:
    return any(check(text, s) for check in checks)
