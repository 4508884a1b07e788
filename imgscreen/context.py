"""PHI that only context reveals: what a line means from where it sits, not from its own words.

The recognizers judge one string. On real photos most missed identifiers were plain-looking values
whose meaning came from the page: a date or an ID on the same card as a patient's name, a cell
under a "Patient" header, a Latin-letter MRN on a report in a script we do not read, the MRZ of a
passport. These rules generalise instead of listing examples:

- **Anchored regions.** A region (`layout.regions`: one card, form or screen area) that holds a
  strong sign of a person (a labelled name, date of birth, MRN, SSN, plan or licence number, a
  name in a table's name column) makes every identifier-shaped value in it PHI: any date, any
  number of four or more digits, any letter-and-digit code. Fail closed: a lab value that looks
  like an ID is masked too; the masks say "near patient information".
- **Table columns.** A header that names people, IDs or dates (`Patient`, `Name`, `MRN`, `ID`,
  `DOB`, `Admission`) makes the cells below it in its column PHI when they have that shape.
- **Unread scripts.** A document region with several lines in a script the recognizers do not read
  (CJK, Cyrillic, Arabic, ...) is anchored (we cannot tell which line is the name), and its short
  runs of that script are masked as possible names.
- **Medical images and vital signs.** The dates on an X-ray's overlay or a monitor's trend are the
  person's, named or not: masked (without making the photo a record to reject).
- **Unclear reading.** A line the OCR read with low confidence inside an anchored region is masked
  whole: what it really says may be the name or number its garbled text hides (fail closed). It
  does not count towards a record's reject: it is doubt, not evidence.
- **Names from their place** (`people`): a name split over two lines, a column already listing two
  people, the addressee above a street address, `Surname, I.` and upper-case overlay names in a
  person's region. Their masks are no new evidence of a person.
- **A record as a whole.** A page or screen with two signs of a person, or one labelled record
  number or date of birth, is anchored whole; with two different labelled signs it is one person's
  record, whose PHI lines `decide` counts together.
- **Any label, any language.** A letters-then-digits code after any `label:` is someone's number.
- **Identity documents.** A machine-readable zone, or a document title (`DRIVER LICENSE`,
  `PASSPORT`) on a region with a person's details, is reported as such; `decide` rejects the photo.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np

from .addresses import address_blocks
from .fields import field_values
from .language import foreign_price_list, foreign_runs, han_name, is_foreign_line, name_runs
from .layout import Frame, frame, regions, same_row, word_frame
from .layout import column_cells as _column_cells
from .model import Identifier, TextLine
from .organisations import anonymous_receipt
from .people import (
    addressees,
    caps_name,
    card_titles,
    file_names_column,
    given_names,
    identifiers_column,
    inverted_name,
    lower_name_line,
    name_columns,
    name_lists,
    name_parts,
    name_shaped,
    name_stacks,
    ordinary_words_column,
    organisations_column,
    people_list,
    places_column,
    signed_in_user,
    stacked_above,
)
from .recognizers import ENTITIES
from .recognizers.base import D, normalize, quantity
from .recognizers.dates import DATE_AFTER_LABEL, MONTH, WEEKDAY
from .recognizers.gazetteer import is_first_name, surname_rank
from .recognizers.labels_intl import PATIENT as FOREIGN_PATIENT
from .recognizers.labels_intl import ROLE as FOREIGN_ROLE
from .recognizers.numbers import CARD_SHAPED, SELLER_ID
from .recognizers.places import PLACE_UNIT, SUFFIX
from .recognizers.words import NOT_A_NAME, english_words
from .spans import Span

CONTEXT_SCORE = 0.7
LABELLED_VISIT = 0.9  # a visit date's label names the visit (`Appt`, `DOS`); a bare `Date:` scores under it
GARBLED_BELOW = 0.8  # under it a reading of more separators than letters and digits is a garbled line, not a rule
_SEPARATORS = frozenset(":/|.,;-_")
UNCLEAR_BELOW = 0.5  # mean character probability under which a line's text is a guess (policy.text.min_confidence)
PAGE_LINES = 12  # a photo with this many lines and two person anchors is a record: anchored as a whole

# What makes a region a person's: findings that say whose the text is.
_STRONG = frozenset({"DATE_OF_BIRTH", "ADMISSION_DATE", "DISCHARGE_DATE", "DEATH_DATE", "SSN", "MRN",
                     "HEALTH_PLAN", "LICENSE", "ACCOUNT", "AGE_OVER_89", "CONTEXT_NAME", "ADDRESSEE",
                     "MRZ", "LISTED_NAME"})


def is_anchor(s: Span, text: str = "") -> bool:
    """A finding strong enough to make the values around it that person's. In running prose (`from
    Latin benedictus`, `a surname and given name, from Benedict`) only a labelled name is: a name
    after a preposition in a sentence is a word's history or a book's, not a record's."""
    if s.entity == "ACCOUNT":
        return s.score > CARD_SHAPED  # a labelled account, or a card number whose Luhn digit checks
    if s.entity in _STRONG:
        return True
    if s.entity == "PATIENT_NAME":
        return s.score >= (0.9 if prose(text) else 0.75)
    if s.entity == "VISIT_DATE" and period(text):
        return False  # `Date: December 1, 2023 - December 19, 2023`: a report's period, no one's visit
    if s.entity == "VISIT_DATE" and s.score < LABELLED_VISIT:
        return False  # a bare `Date` over a log's or a release's column is no one's visit
    if s.entity == "OTHER_ID" and _UUID.search(text[max(0, s.start - 1):s.end + 13]):
        return False  # `48ad8b2c-986d-...`: a request's, an object's, a device's; no sign of a person alone
    return s.entity in ("OTHER_ID", "VISIT_DATE") and s.score >= 0.6


def _contact_card(found: list[tuple[Span, str]]) -> bool:
    """A name with an e-mail address, a phone or a street address in one block (`Cheka Doe` over `98765432`,
    `johnd@example.com`, `311, Clementi Ave 2`): a person's contact card, whose other values are theirs too,
    though no label or census name made the name sure."""
    # the name is its line, as a card's title is (not `Rosa` at the end of a company's `Rua José Beraldo Rosa`)
    titled = any(s.entity == "PATIENT_NAME" and s.end - s.start >= CARD_NAME_SHARE * len(text.strip())
                 for s, text in found)
    return titled and any(s.identifier in (Identifier.EMAIL, Identifier.PHONE) or s.entity == "ADDRESS"
                          for s, _ in found)


CARD_NAME_SHARE = 0.6  # of its line's characters a contact card's name takes


_UUID = re.compile(r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{6,12}")


def period(text: str) -> bool:
    """Two dates joined by a dash or `to`: a span of time (a report's filter, a validity), not an event."""
    found = date_spans(text)
    return any(re.fullmatch(r"\s*(?:-|\u2013|\u2014|to|till|until|bis|au|al|a)\s*", text[a1:b0], re.I)
               for (_, a1), (b0, _) in zip(found, found[1:], strict=False))


# What makes a page a record to reject whole: two different labelled signs of one person on it (a
# labelled name and a date of birth, an MRN and a plan number), not an invoice's customer number and date.
_RECORD_SIGNS = frozenset({"DATE_OF_BIRTH", "SSN", "MRN", "HEALTH_PLAN", "ADMISSION_DATE", "DISCHARGE_DATE",
                           "DEATH_DATE", "MRZ"})


_PAGE_SIGNS = frozenset({"MRN", "DATE_OF_BIRTH", "SSN", "HEALTH_PLAN"})


def _record_sign(s: Span) -> str:
    if s.entity in _RECORD_SIGNS:
        return s.entity
    return "PATIENT_NAME" if s.entity == "PATIENT_NAME" and s.score >= 0.9 else ""


def prose(text: str, min_words: int = 6, lower_share: float = 0.6) -> bool:
    """A sentence: six words or more, most of them lower-case (a paragraph's wrapped line: fewer)."""
    words = re.findall(r"[^\W\d_]+", text)
    return len(words) >= min_words and sum(w[0].islower() for w in words) >= lower_share * len(words)


# Lower-case function words of the European languages the set has met (not English): two of them make
# a line a sentence of that language, whose capitalised nouns (`Der Apfel`, `Soziale Kontakte`) are no names.
_FUNCTION_WORDS = frozenset({
    "und", "der", "das", "den", "dem", "des", "ein", "eine", "einen", "einer", "mit", "von", "zu", "ist", "nicht",
    "sich", "auf", "für", "im", "wird", "werden", "wurde", "sind", "bei", "nach", "aus", "auch", "als", "wie",
    "oder", "sie", "wir", "ihr", "ihre", "sein", "seine", "dass", "et", "le", "la", "les", "du", "pour", "dans",
    "avec", "une", "sur", "pas", "qui", "que", "au", "aux", "el", "los", "las", "por", "para", "una", "se", "lo",
    "il", "di", "che", "gli", "della", "nel", "sono", "van", "het", "een", "niet", "zijn", "voor",
})


def foreign_prose(text: str) -> bool:
    """A sentence in German, French, Spanish, Italian or Dutch: four words or more, two different
    lower-case function words of those languages among them."""
    words = re.findall(r"[^\W\d_]+", text)
    return len(words) >= 4 and len({w for w in words if w in _FUNCTION_WORDS}) >= 2


# --- shapes ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-/.]*[A-Za-z0-9]|[0-9]")
_UNIT = re.compile(
    r"(?i)^\d+(?:[.,]\d+)?(?:mg|mcg|ug|g|kg|lbs?|ml|l|dl|cm|mm|m|km|in|ft|hz|khz|mhz|ghz|kb|mb|gb|tb|px|dpi"
    r"|mmhg|bpm|h|hr|hrs|min|s|ms|sec|x|iu|u|mmol|meq|v|w|kw|kwh|mah|k|°c|°f|c|f|st|nd|rd|th|yo|y|yrs|am|pm|%)$"
)
_UNIT_AFTER = re.compile(
    r"(?i)^\s*(?:mg|mcg|g|kg|lbs?|ml|l|dl|cm|mm|mmhg|bpm|hrs?|min|iu|units?|mmol|meq|%|x|px|dpi|pixels?|years?|"
    r"yrs?|days?|weeks?|months?|\$|usd|eur|gbp|kb|mb|gb|mhz|ghz|°)\b"
)
_DOSE = re.compile(r"(?i)\d(?:mg|ml|mcg|iu|kg|mmol|meq|units?)(?![a-z])")  # `25mg/ml/2ml`, `100IU/ml`
# (a measurement printed to four or more places, as a data frame shows it: `71.2833`, `0.7668`; no identifier
# has one dot with a short number before it, and a coordinate has `places.GPS_PAIR`. Not when the places end in
# a year: `12.1978` and `21.121971` are dates whose dots the OCR or the form dropped)
_DECIMAL = re.compile(r"^\d+[.,]\d{1,3}$|^\d{1,4}\.(?!\d*(?:19|20)\d\d$)\d{4,6}$|^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# 120/80, 10-20, 1/2/3; a reference range with decimals, 18.9-28.4
_RANGE = re.compile(r"^\d{1,3}(?:[-/]\d{1,3})+$|^\d{1,4}[.,]\d{1,3}-\d{1,4}(?:[.,]\d{1,3})?$")
_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$")
# a duration as a timeline or a test runner prints it: `1m06s`, `2h30m`, `30s161` (`30s 161ms` run together)
_DURATION = re.compile(r"(?i)^(?:\d{1,3}(?:d|h|m|s|ms)){1,4}\d{0,3}$")
_PRODUCT = re.compile(r"(?i)\b(?:NDC|UPC|EAN|GTIN|Lot|Batch|Cat|REF|Model|Mfr|Item|SKU|Ver(?:sion)?|v|page|p|fig"
                      r"|table|step|ch|chapter|vol|no of|qty|quantity|total|subtotal|tax|price|amount|\$)\W{0,3}$")


def id_shaped(token: str, before: str = "", after: str = "") -> bool:
    """A value that could identify someone: four or more digits, or a code of letters and digits.

    Not: years, decimals and thousands, ranges and blood pressures, times and durations, amounts with units
    or a currency sign, product codes after their label (`Lot`, `NDC`).
    """
    digits = sum(ch.isdigit() for ch in token)
    letters = sum(ch.isalpha() for ch in token)
    if digits == 0 or _YEAR.match(token) or _DECIMAL.match(token) or _RANGE.match(token) or _TIME.match(token) \
            or _DURATION.match(token):
        return False
    if _UNIT.match(token) or _AGE.match(token) or _DOSE.search(token) or quantity(token):
        return False
    if _UNIT_AFTER.match(after) or before.rstrip().endswith(("$", "€", "£")):
        return False
    if _PRODUCT.search(before) or SELLER_ID.search(before):
        return False
    if letters == 0:
        # (`-7000`, `(-1530)`: a signed value, a year before Christ or a balance, is a quantity, not a code)
        return digits >= 4 and not (_SIGNED.search(before) and not token.startswith("0"))
    return digits >= 2 and len(token) >= 5


_SIGNED = re.compile(r"(?:^|(?<![A-Za-z])\s|[(\[=:])[\-\u2212]$")  # (`LT -00036`: a code the OCR spaced)
_COMPACT_DATE = r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_FOREIGN_MONTH = (r"(?i:janv|f[ée]vr?|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|jan|feb|m[äa]r|apr|jun|jul"
                  r"|aug|okt|dez|ene|abr|ago|dic|gen|mag|giu|lug|set|ott)[a-zé]*\.?")
# `2015 / 07`, `2011-11`, `07/2015`: a year and its month, as a CV or a record's history writes a start.
_YEAR_MONTH = (r"(?:(?:19|20)\d\d(?:[ \t]?[/\-][ \t]?(?:0?[1-9]|1[0-2])|\.(?:0[1-9]|1[0-2]))"
               r"|(?:0?[1-9]|1[0-2])[ \t]?/[ \t]?(?:19|20)\d\d)(?![/.\-]?\d)")
_CONTEXT_DATE = re.compile(
    rf"(?<![0-9A-Za-z])(?:{DATE_AFTER_LABEL}|{_COMPACT_DATE}|\d{{1,2}}\.?\s{_FOREIGN_MONTH}\s\d{{2,4}}|{_YEAR_MONTH})"
    r"(?:(?![0-9])|(?=\d{1,2}:\d\d))"  # `2019/05/2510:43:36`: OCR glued the time of day on
)


def date_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of anything date-shaped, including forms only a context makes a date."""
    out = []
    for m in _CONTEXT_DATE.finditer(text):
        v = m.group(0)
        if not any(ch.isdigit() for ch in v):
            continue  # `Deco` (`Dec` and an `o` read as a nought): a date has one real digit at least
        if re.match(r"[.,]\d", text[m.end() : m.end() + 2]):
            continue  # `13.0 - 17.0`: a reference range's decimals, not a date
        if re.fullmatch(rf"{D}{{1,2}}/{D}{{1,2}}", v) and not re.fullmatch(r"\d{1,2}/\d{1,2}", v):
            continue  # `Il/OS`: look-alikes only make a date after a label
        if re.fullmatch(r"\d{1,2}/\d{1,2}", v) and not _month_day(*map(int, v.split("/"))):
            continue
        if re.fullmatch(r"[^\s/.\-]{8}", v) and not re.fullmatch(_COMPACT_DATE, v):
            continue  # eight digit-likes with no separator: only a real yyyymmdd
        if re.search(MONTH, v, re.IGNORECASE) or sum(ch.isdigit() for ch in v) >= 3:
            out.append((m.start(), m.end()))
    return out


def _month_day(a: int, b: int) -> bool:
    return (1 <= a <= 12 and 1 <= b <= 31) or (1 <= b <= 12 and 1 <= a <= 31)


# `#56`, `Patient #12`: a number after a hash is a record's, once it has two digits (`#1` is a row's).
# A `#` number, with the letters of its series when they stand right before it: a lab's `LB #12498` is one
# number, and a mask that leaves `LB` shows which register to look it up in.
_HASH_NUMBER = re.compile(r"(?<![\w&#])(?:\b[A-Z]{1,3}\s?)?#\s?\d{2,}(?![\d.,]\d)")


# A store's, a room's or an order's number, not a person's: `Pharmacy #2291`, `Bed #12`, `Order #4471`.
_PLACE_NUMBER = re.compile(
    r"(?i)(?:pharmacy|store|shop|branch|room|rm|suite|ste|unit|apt|bed|ward|floor|lot|batch|item|order|invoice"
    r"|table|bay|gate|page|step|line|box|route|station|exit|aisle|issue|pr|build|version|no|nr)\.?\s*$")


# `1234 567 890`, `06-12-34-56-78`: a number written in groups, read as one (a phone in any country's form).
_GROUPED = re.compile(r"(?<![\w.,/:\-])\d{2,4}(?:[ \-.]\d{2,4}){2,5}(?![.,/:\-]?\w)")


# `1Z 888 99K 23 2425 2627`, `8889 9K7D H3K`: a parcel's tracking or a shipment's number printed in groups of
# letters and digits, every group with a digit in it (a routing code's `CA 859` has a group without).
_GROUPED_CODE = re.compile(r"(?<![\w.,/:\-])[0-9A-Z]{1,4}(?:[ ][0-9A-Z]{1,4}){2,6}(?![\w.,/:\-]?\w)")


def _grouped_code(value: str) -> bool:
    groups = value.split()
    return (all(any(c.isdigit() for c in g) for g in groups) and any(c.isalpha() for c in value)
            and 6 <= sum(c.isdigit() for c in value) <= 24)


# `2020-08-01T11:00:00-05:00`: an ISO date and its time are a date (`_with_time` takes the time), not a code.
_ISO_DATE_TIME = re.compile(r"(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T\d")


def id_spans(text: str) -> list[tuple[int, int]]:
    grouped = [m.span() for m in _GROUPED.finditer(text) if 7 <= sum(c.isdigit() for c in m.group()) <= 19
               and not SELLER_ID.search(text[max(0, m.start() - 16) : m.start()])]
    grouped += [m.span() for m in _GROUPED_CODE.finditer(text) if _grouped_code(m.group())
                and not any(a <= m.start() < b for a, b in grouped)]
    out = grouped + [(m.start(), m.end()) for m in _TOKEN.finditer(text)
                     if not any(a <= m.start() < b for a, b in grouped) and not _ISO_DATE_TIME.match(m.group(0))
                     and id_shaped(m.group(0), text[max(0, m.start() - 12) : m.start()], text[m.end() : m.end() + 8])]
    return out + [m.span() for m in _HASH_NUMBER.finditer(text) if not any(a <= m.start() < b for a, b in out)
                  and not _PLACE_NUMBER.search(text[max(0, m.start() - 14) : m.start() + m.group().index("#")])]


# --- headers --------------------------------------------------------------------------------------

_PERSON = r"(?:patient|pt|client|resident|member|insured|subscriber|guardian|customer|employee|person)'?s?"
# Roles whose column lists people beside a patient's (not a bare `Provider`: a network's, a cloud's, an
# invoice's supplier; not `Father` or `Mother`: a family history's cards, whose badges sit over ages and
# conditions)
_ROLE = (r"(?:doctor|physician|(?:rendering|treating|primary\s*care)\s*provider|practitioner|clinician|nurse"
         r"|therapist|caregiver|carer|dentist|surgeon"
         r"|attending|referr(?:er|ing)(?:\s*(?:physician|doctor|provider))?|next\s*of\s*kin"
         r"|emergency\s*contact|contact\s*person|participant|donor)'?s?")
_EVENT = (r"(?:study|exam|examination|scan|acquisition|series|procedure|service|collection|specimen|sample|test"
          r"|report|result|order|encounter|registration|surgery|operation|injection|vaccination|dose|consultation"
          r"|consult|referral|treatment|prescription|dispensed|fill|admit|arrival|triage|session|booking|event)")
_DONE_BY = r"(?:created|entered|recorded|updated|modified|submitted|requested|ordered|uploaded|added)\s*by"
HEADERS = {
    "CONTEXT_NAME": re.compile(
        rf"(?i)^(?:{_PERSON}\s*)?(?:(?:full|first|last|given|family|middle|legal|fore|sur)\s*)?names?(?:\s*\(s\))?$"
        rf"|^{_PERSON}$"
        r"|^surname$|^patient\s*/\s*name$"
        # the people a list's rows are by or for: a git log's `Author`, a tracker's `Assignee`, a review queue's
        # `Submitter` (not `User` or `Owner`: a login form's and a pet form's labels)
        r"|^(?:author|committer|assignee|reporter|submitter|sender|requester|requestor|uploader|contributor"
        r"|organi[sz]er|attendee)s?$"
        # whoever a row says did it: `Created by`, `Entered by` (as `names.BY_LABEL` reads them in a sentence)
        rf"|^{_DONE_BY}$"
        # the people a clinic's rows name beside the patient: `Doctor`, `Nurse`, `Next of kin`
        rf"|^(?:{_ROLE})(?:\s*names?)?$"
        # the same headers in the languages `labels_intl` reads labels in: `PAZIENTE`, `MEDICO BASE`
        rf"|^(?:{FOREIGN_PATIENT}|{FOREIGN_ROLE})$"
    ),
    "CONTEXT_ID": re.compile(
        rf"(?i)^(?:{_PERSON}\s*|chart\s*|record\s*|case\s*|visit\s*|encounter\s*|account\s*|acct\.?\s*|admission\s*"
        # a payer's numbers for one person: `Coverage ID`, `Member ID`, `Claim #`, `Authorization No.`
        r"|coverage\s*|member\s*|policy\s*|subscriber\s*|claim\s*|(?:prior\s*)?authori[sz]ation\s*|referral\s*)"
        r"(?:id|i\.d\.|no\.?|nr\.?|number|#|code)$|^(?:mrn|mr\s*#|mr\s*no\.?|id|i\.d\.|ssn|uhid|nhs\s*(?:no|number)"
        r"|code|#|no\.?|chart\s*#|case\s*#)$"
        # a study's or a specimen's number at the lab or the scanner: one person's exam
        r"|^(?:accession|specimen|sample|study)\s*(?:id|i\.d\.|no\.?|number|#)$"
        # a study's people: `Subject`, `Participant ID`, `Enrollee #` (bare, only beside their age or sex)
        r"|^(?:study\s*)?(?:subject|participant|enrollee)(?:\s*(?:id|i\.d\.|no\.?|number|#|code))?$"
    ),
    "CONTEXT_ADDRESS": re.compile(
        r"(?i)^(?:home\s*|street\s*|postal\s*|mailing\s*|patient'?s?\s*)?(?:address|addr\.?|residence|city|street"
        rf"|town|zip|post\s*code|telephone|phone|tel\.?|mobile|cell|{PLACE_UNIT})$"
    ),
    "CONTEXT_DATE": re.compile(
        r"(?i)^(?:date\s*of\s*birth|dob|d\.o\.b\.?|birth\s*date|birthday|born|admi(?:t|tted|ssion)(?:\s*date)?"
        r"|discharge(?:d|\s*date)?|visit(?:\s*date)?|date|dates|dos|appointment(?:\s*date)?|death(?:\s*date)?"
        # a clinical event's date column: `Study Date`, `Exam Date/Time`, `Date of Service`, `Last Visit`
        rf"|{_EVENT}\s*(?:date|dt\.?|date\s*/\s*time|date\s*&\s*time)|date\s*of\s*{_EVENT}"
        r"|(?:last|next|first|previous)\s*(?:visit|appointment|appt\.?|seen|exam|study)|collected|registered)$"
    ),
}


def _spaced(phrase: str) -> str:
    """A database's or an API's column as a person would say it: `last_name`, `lastName`, `LAST-NAME` read as
    `last name` (a table viewer shows the schema's names for its headers)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])|[_\-.]+", " ", phrase).strip()


def _headers(lines: list[TextLine]) -> tuple[list[tuple[str, int, int, int]], dict[int, list]]:
    """(kind, line, start, end) of every header phrase, and the frames of each header line's words.

    A header line is short, has no digits and no colon, and is one header phrase or holds two or
    more; phrases are matched longest first, up to four words, so `Patient Name` is one name header,
    `Code  Patient  Age` a row of columns, and `New Visit` or `Patient Summary` no header at all.
    """
    found: list[tuple[str, int, int, int]] = []
    row_words: dict[int, list] = {}
    wrapped = _wrapped_heads(lines)
    for i, line in enumerate(lines):
        text = normalize(line.text)
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        if not words or len(words) > 12 or any(ch.isdigit() or ch == ":" for ch in text):
            continue  # a label with a colon is a form field (its value is beside it), not a column
        if i in wrapped:
            found.append((wrapped[i], i, 0, len(text)))
            row_words[i] = [frame(line)]
            continue
        k, hits = 0, []
        while k < len(words):
            for n in (4, 3, 2, 1):
                if k + n > len(words):
                    continue
                a, b = words[k][0], words[k + n - 1][1]
                phrase = text[a:b].strip(":").strip()
                spaced = _spaced(phrase)
                kind = next((key for key, rx in HEADERS.items() if rx.match(phrase) or rx.match(spaced)), None)
                if kind:
                    hits.append((kind, i, a, b))
                    k += n
                    break
            else:
                k += 1
        hits = _merge_slashed(text, hits)
        whole = len(hits) == 1 and hits[0][2] == words[0][0] and hits[0][3] == words[-1][1]
        # every word a header's (`Given name Birthdate`, a narrow table's header cells read as one line): a header row
        # whatever its gaps
        only_heads = len(hits) >= 2 and all(any(h[2] <= a and b <= h[3] for h in hits) for a, b in words)
        if not (whole or only_heads):  # a row of headers read as one line has column gaps around each; prose does not
            hits = [h for h in hits if _set_apart(line, words, h[2], h[3])]
        if len(hits) >= 2 or whole:  # a header row, or a line that is one header; not `New Visit`
            found.extend(hits)
            row_words[i] = [word_frame(line, a, b) for a, b in words]
    return found, row_words


WRAP_GAP = 0.6  # text heights between the two lines of a header cell wrapped in a narrow column


def _head_word(text: str) -> bool:
    return 0 < len(text.split()) <= 2 and not any(ch.isdigit() or ch == ":" for ch in text)


def _wrapped_heads(lines: list[TextLine]) -> dict[int, str]:
    """{lower line: kind} for a header cell the table wrapped onto two lines (`Given` over `Name(s)`,
    `Birth` over `Date`, `Patient` over `Number`): the two words read as one header sit at the bottom
    line, where the column's cells start. Neither line need be a header alone."""
    texts = {i: normalize(ln.text) for i, ln in enumerate(lines)}
    words = [i for i, t in texts.items() if _head_word(t)]  # a page's few short lines: pairs of them only
    frames = {i: frame(lines[i]) for i in words}
    out: dict[int, str] = {}
    for i in words:
        top = frames[i]
        for j in words:
            low = frames[j]
            if j == i:
                continue
            gap = low.y0 - top.y1
            overlap = min(top.x1, low.x1) - max(top.x0, low.x0)
            if not (-0.2 * top.h <= gap <= WRAP_GAP * top.h and overlap >= 0.5 * min(top.x1 - top.x0, low.x1 - low.x0)
                    and max(top.h, low.h) <= 1.5 * min(top.h, low.h)):
                continue
            phrase = f"{texts[i]} {texts[j]}".strip(":").strip()
            kind = next((key for key, rx in HEADERS.items() if rx.match(phrase)), None)
            if kind and not any(rx.match(texts[j].strip(":").strip()) for rx in HEADERS.values()):
                out[j] = kind
    return out


_BARE_NAME = re.compile(r"(?i)^names?$")
# Headers beside a bare `Name` that make it a list of things: stock, prices, products, devices, files.
_THING_HEADER = re.compile(r"(?i)\b(?:price|stock|qty|quantity|sku|category|item|product|barcode|expiry|brand"
                           r"|supplier|vendor|manufacturer|colou?r|hex|rgb|capital|population"
                           # a machine's parts and files (not `Temp` or `Status`: a ward's board has those)
                           r"|power|voltage|watts?|rpm|cpu|firmware|version|model|serial|uptime|port|modified"
                           # a network scanner's devices: their addresses and maker
                           r"|mac|ip|ipv[46]|hardware|interface|iface|hostname|ssid"
                           # a process list's `CPU%` and `MEM%` (read `CPUX`, `MEMX`)
                           r"|cpu[%x]|mem(?:ory)?[%x]?)(?!\w)")
# A table's header band, in text heights: headers wrapped onto two lines sit half a line off the others'.
HEADER_BAND = 1.2
_TOWN_HEADER = re.compile(rf"(?i)^(?:city|town|place\s*of\s*residence|residence|{PLACE_UNIT})$")
_GENERIC_ID = re.compile(r"(?i)^(?:id|i\.d\.|code|#|no\.?|nr\.?|number)$")
_BARE_DATE = re.compile(r"(?i)^dates?$")
# A study subject's column named by the bare word (an e-mail's `Subject` is no one's): a person's only beside the
# columns of their age, sex or birth date.
_BARE_SUBJECT = re.compile(r"(?i)^(?:study\s*)?(?:subject|participant|enrollee)$")
_DEMOGRAPHIC_HEAD = re.compile(r"(?i)^(?:age|sex|gender|dob|d\.o\.b\.?|date\s*of\s*birth|birth\s*date|born"
                               r"|year\s*of\s*birth)$")


def _set_apart(line: TextLine, words: list[tuple[int, int]], a: int, b: int) -> bool:
    """Is the phrase a..b of the line separated from the words before and after it by a column gap
    (a text height or more)? `Code   Patient   Age` yes; `Patient visit notes` no."""
    if not line.words:
        return False
    me = word_frame(line, a, b)
    for s, e in words:
        if e <= a or s >= b:
            other = word_frame(line, s, e)
            gap = me.x0 - other.x1 if e <= a else other.x0 - me.x1
            if gap < me.h:
                return False
    return True


def _merge_slashed(text: str, hits: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """`CITY / ADDRESS / TELEPHONE / NOTE` is one column: hits joined by slashes become one header,
    stretched over the words slashed on after it."""
    out: list[tuple[str, int, int, int]] = []
    for h in hits:
        if out and re.fullmatch(r"\s*[/|&]\s*", text[out[-1][3] : h[2]]):
            out[-1] = (out[-1][0], out[-1][1], out[-1][2], h[3])
        else:
            out.append(h)
    merged = []
    for kind, i, a, b in out:
        tail = re.match(r"(?:\s*/\s*[^\s/]+)+", text[b:])
        merged.append((kind, i, a, b + (tail.end() if tail else 0)))
    return merged


Columns = tuple[list[tuple[str, int, int, int, list[tuple[int, int, int]], bool]], set[int]]


def table_columns(lines: list[TextLine]) -> Columns:
    """(kind, header line, start, end, cells, towns) of each table column under a header the rules know,
    and the header lines of bare `Name` columns that list things, not people, and of bare `Date` columns
    with no person's column beside them: no label of a person's value for the line below them (`phi`'s
    label-above-value rule). Worked out once per photo."""
    heads, row_words = _headers(lines)
    stop = set(row_words)
    frames = [frame(ln) for ln in lines] if heads else []
    out = []
    things: set[int] = set()
    person_rows = [word_frame(lines[i], a, b) for kind, i, a, b in heads if kind == "CONTEXT_NAME"]
    for kind, i, a, b in heads:
        head = word_frame(lines[i], a, b)
        if kind == "CONTEXT_ID" and _GENERIC_ID.match(lines[i].text[a:b].strip(":").strip()) and not any(
                same_row(head, f) for f in person_rows):
            continue  # `CODE` over drugs or rooms; only beside a name column is it the person's code
        if kind == "CONTEXT_ID" and _BARE_SUBJECT.match(lines[i].text[a:b].strip(":").strip()) and not any(
                same_row(head, frames[k]) and _DEMOGRAPHIC_HEAD.match(normalize(lines[k].text).strip(" :"))
                for k in range(len(lines))) and not _codes_below(lines, head, row_words, frames):
            continue  # `Subject` over an inbox's mail, not over a study's participants
        row = [f for frames in row_words.values() for f in frames if same_row(head, f)]
        row += [f for k, f in enumerate(frames) if k not in row_words and same_row(head, f)
                and len(lines[k].text.split()) <= 4]  # `AGE`, `WARD`: headers we have no rule for end a column too
        if len(row) < 2:
            continue  # a heading alone (`Patient` over a letter) is a title, not a table's column
        if kind == "CONTEXT_DATE" and _BARE_DATE.match(lines[i].text[a:b].strip(":").strip()) and not any(
                same_row(head, f) for f in person_rows):
            # `Date` over a ledger's or a print log's entries heads a column, not a form's value below it;
            # only beside a name column are they a person's dates (a person elsewhere on the photo
            # masks them photo-wide)
            things.add(i)
            continue
        cells = list(_column_cells(lines, head, row, stop, frames))
        if kind == "CONTEXT_NAME" and cells and _sub_columns(lines, head, frames, cells):
            continue  # `Pt's` over `Gain`, `Loss`, `Rem.`: a group's header over counts, not a column of people
        if kind == "CONTEXT_NAME" and _LOGIN_HEADER.match(lines[i].text[a:b].strip(":").strip()) and _keys_below(
                [lines[j].text[s:e] for j, s, e in cells]):
            continue  # a commit page's `committer` over `commit`, `tree`, `parent`: a key/value table's key, no column
        # a town column beside a name column: `San Juan`, `Orlando` are where those people live, whatever shape
        towns = kind == "CONTEXT_ADDRESS" and bool(_TOWN_HEADER.match(lines[i].text[a:b].strip(":").strip())) and any(
            abs(head.cy - f.cy) <= HEADER_BAND * head.h for f in person_rows)
        if kind == "CONTEXT_NAME" and _BARE_NAME.match(lines[i].text[a:b].strip(":").strip()) and (
                ordinary_words_column([lines[j].text[s:e] for j, s, e in cells])
                or file_names_column([lines[j].text[s:e] for j, s, e in cells])
                or places_column([lines[j].text[s:e] for j, s, e in cells])
                or organisations_column([lines[j].text[s:e] for j, s, e in cells])
                or identifiers_column([lines[j].text[s:e] for j, s, e in cells])
                or any(_THING_HEADER.search(normalize(lines[k].text)) for k in range(len(lines))
                       if same_row(head, frames[k]) and len(lines[k].text.split()) <= 3)):
            things.add(i)
            continue  # `Name` over `White`, `Maroon`; beside `Price`, `Stock`: the names of things, not people
        if kind == "CONTEXT_ADDRESS" and not towns and 2 * sum(
                address_shaped(lines[j].text[s:e]) for j, s, e in cells) < len(cells):
            continue  # mostly not addresses below it: a form's label over other fields, not a column
        out.append((kind, i, a, b, cells, towns))
    return out, things


_SUBJECT_CODE = re.compile(r"^[A-Za-z]{0,8}[-_/.]?\d[\w\-/.]{0,14}$")


def _codes_below(lines: list[TextLine], head: Frame, row_words: dict[int, list], frames: list[Frame]) -> bool:
    """Does a bare `Subject` head a column of codes (`DEMO-001`, `S-0012`, `1001`), as a study's subject list
    numbers its participants? An inbox's subjects are sentences (no cell of three words or more), and its `Subject`
    sits beside `From` or `Folder`."""
    row = [f for fs in row_words.values() for f in fs if same_row(head, f)]
    row += [f for k, f in enumerate(frames) if k not in row_words and same_row(head, f)]
    cells = [lines[j].text[s:e].strip() for j, s, e in _column_cells(lines, head, row, set(row_words), frames)]
    if any(same_row(head, frames[k]) and _MAIL_HEAD.match(normalize(lines[k].text).strip(" :"))
           for k in range(len(lines))):
        return False  # `Subject` beside `From`, `Folder`: a mailbox's, whatever its subjects look like
    # (a status column with no header of its own may fall in the same column: `DEMO-001  enrolled`)
    return sum(bool(_SUBJECT_CODE.match(c)) for c in cells) >= 2 and all(len(c.split()) <= 2 for c in cells)


_MAIL_HEAD = re.compile(r"(?i)^(?:from|to|cc|sender|recipients?|folder|inbox|received|sent|attachments?)$")


_ABBREVIATION = re.compile(r"^(?!(?i:mrs?|ms|miss|dr|prof|rev|sr|jr|sra?|frau|herr)\.)[A-Za-z]{2,5}\.$")
_ACRONYM = re.compile(r"^[A-Z]{2,5}$")
_RARE_SURNAME = 1000  # a plain word ranked below this many surnames is read as the word (`Gain`, `Loss`)
_SUB_COLUMNS = 3  # cells on the first row under one header that make it a group's header


def _header_word(text: str) -> bool:
    """A plain word, an abbreviation or an acronym no one is named (`Gain`, `Rem.`, `ASIH`)."""
    t = normalize(text).strip(" |:")
    if _ABBREVIATION.match(t) or _ACRONYM.match(t):
        return True
    w = t.upper()
    return len(w) >= 3 and w.isalpha() and w in english_words() and not is_first_name(w) and (
        surname_rank(w) > _RARE_SURNAME)


def _sub_columns(lines: list[TextLine], head: Frame, frames: list[Frame], cells: list[tuple[int, int, int]]) -> bool:
    """The first row under a person header holds three or more separate cells, each a plain word or an
    abbreviation: the header groups sub-columns (a bed report's `Pt's` over `Gain`, `Loss`, `Rem.`), and the
    rows below are counts, not a column of patients."""
    top = frames[cells[0][0]]
    if top.y0 - head.y1 > HEADER_BAND * head.h:
        return False
    first = [(j, s, e) for j, s, e in cells if same_row(top, frames[j])]
    return len(first) >= _SUB_COLUMNS and all(_header_word(lines[j].text[s:e]) for j, s, e in first)


def column_spans(lines: list[TextLine], columns: Columns | None = None) -> list[tuple[int, Span]]:
    """(line, span) for each table cell under a person, ID or date header that has that shape."""
    out: list[tuple[int, Span]] = []
    for kind, i, a, b, cells, towns in (table_columns(lines) if columns is None else columns)[0]:
        for j, s, e in cells:
            cell = lines[j].text[s:e]
            entity = kind
            if kind == "CONTEXT_NAME":
                runs = _name_runs(cell)
                if not runs and _LOGIN_HEADER.match(lines[i].text[a:b].strip(":").strip()) and _login_cell(cell):
                    runs = [(0, len(cell))]  # `leo` under `AUTHOR`: a login, which no name rule reads
                out.extend((j, _span("CONTEXT_NAME", s + x, s + y)) for x, y in runs)
                dates = date_spans(cell)
                ranges = [(s + x, s + y) for x, y in _cell_ids(cell)
                          if not any(a <= x < b for a, b in dates)]  # `151 - Lien Notter`: the code is theirs
                entity = "CONTEXT_ID"
            elif kind == "CONTEXT_ADDRESS":
                ranges = [(s, e)] if address_shaped(cell) or towns and any(ch.isalpha() for ch in cell) else []
            elif kind == "CONTEXT_DATE":
                ranges = [(s + x, s + y) for x, y in date_spans(cell)]
            else:
                ranges = [(s + x, s + y) for x, y in _cell_ids(cell)]
            out.extend((j, _span(entity, x, y)) for x, y in ranges)
    return out


_LOGIN_HEADER = re.compile(rf"(?i)^(?:(?:author|committer|assignee|reporter)s?|{_DONE_BY})$")
_LOGIN = re.compile(r"^[A-Za-z][\w.\-]{1,31}$")
_SYSTEM_ACCOUNT = re.compile(r"(?i)^(?:root|admin|administrator|system|daemon|nobody|www-data|guest|bin|sys|mail"
                             r"|postgres|mysql|unknown|none|n/?a|-)$")


def _keys_below(cells: list[str]) -> bool:
    """Most one-word cells under a login header are plain English words, none a given name: the header is
    one key of a key/value table (`committer` over `commit`, `tree`, `download`), not over a column of
    logins (`leo`, `jsmith`)."""
    words = [normalize(c).strip().upper() for c in cells if _login_cell(c)]
    plain = sum(w in english_words() and not is_first_name(w) for w in words)
    return 2 * plain > len(words)


def _login_cell(cell: str) -> bool:
    """One token shaped like a login (`leo`, `j.smith`, `dev-42`), no system's own account."""
    t = normalize(cell).strip()
    return bool(_LOGIN.match(t)) and not _SYSTEM_ACCOUNT.match(t)


_STREET_WORD = re.compile(rf"(?i)\b(?:{SUFFIX})\b\.?")


def address_shaped(cell: str) -> bool:
    """A cell under an address or phone header that can be one: a number in it (a street, a ZIP, a
    phone), parts joined by a comma (`Springfield, IL`) or a street word. A settings screen's
    `Address` label over `Display` and `Notifications` is not a column of addresses."""
    t = normalize(cell)
    if sum(ch.isalnum() for ch in t) < 3:
        return False
    return any(ch.isdigit() for ch in t) or bool(re.search(r"[A-Za-z]\s*,\s*[A-Za-z]", t)) or bool(
        _STREET_WORD.search(t))


_RUN = re.compile(r"[A-Za-z][A-Za-z'.\-]*(?:[ \t]+[A-Za-z][A-Za-z'.\-]*)*")


def _name_runs(cell: str) -> list[tuple[int, int]]:
    """The runs of words in a name-column cell that are name-shaped (a code or a date beside them aside)."""
    folded = normalize(cell)
    return [(m.start(), m.end()) for m in _RUN.finditer(folded)
            if (name_shaped(m.group(0)) or _word_then_surname(m.group(0)))
            and not _in_code(folded, m.start(), m.end()) and not _numbered_word(folded, m.start(), m.end())]


def _word_then_surname(run: str) -> bool:
    """`Per Mertesacker`, `Will Okonjo`: under a person header, a capitalised word that is also an ordinary one, then a
    capitalised word no dictionary has: a given name the lists take for a word, and a surname (fail closed; a
    column's `Total` or `New Entry` has no unknown word after it)."""
    words = run.split()
    if not 2 <= len(words) <= 3 or not all(re.fullmatch(r"[A-Z][a-z'\-]+", w) for w in words):
        return False
    last = words[-1].upper()
    return len(last) >= 4 and last not in english_words() and last not in NOT_A_NAME


_NUMBER_AFTER = re.compile(r"[ \t]*#?\d{1,4}(?![\d.,:/\-])")


def _numbered_word(text: str, a: int, b: int) -> bool:
    """`Client 1`, `Customer 12`: an ordinary word and a number in a customer column are a demo's numbered
    placeholder, which names no one (a surname with a number, `Okafor 2`, is no ordinary word and stays)."""
    word = text[a:b].strip().upper()
    return (" " not in word and _NUMBER_AFTER.match(text, b) is not None and word in english_words()
            and not is_first_name(word))


def _in_code(text: str, a: int, b: int) -> bool:
    """Is a..b the letters of a code (`INTPO010123FY24`, `BOS:Haiti-DC-12Sep2023`, `30359081-FY24`): glued
    to digits, or ended by a colon or a dash, rather than a word between spaces?"""
    before, after = text[a - 1 : a], text[b : b + 1]
    return bool(re.match(r"[\w\-]", before)) or bool(re.match(r"[\d:]", after)) or text[a:b].endswith("-")


def _cell_ids(cell: str) -> list[tuple[int, int]]:
    """In an ID column any token with two or more digits is the ID (`258`, `11A43873`)."""
    return [(m.start(), m.end()) for m in _TOKEN.finditer(cell)
            if sum(ch.isdigit() for ch in m.group(0)) >= 2 and not _DECIMAL.match(m.group(0))
            and not _UNIT.match(m.group(0)) and not _AGE.match(m.group(0)) and not _in_time(cell, m.start(), m.end())]


def _in_time(text: str, a: int, b: int) -> bool:
    """`02` and `14` of `02:14`: the hours and minutes of a time of day, not codes."""
    return bool(re.match(r":\d", text[b : b + 2]) or re.search(r"\d:$", text[max(0, a - 2) : a]))


_AGE = re.compile(r"(?i)^(?:\d{1,3}[ymwd])+$")  # `52y9m`: an age under 90 is not an identifier


# --- scripts, MRZ, documents ----------------------------------------------------------------------


def unread_page(lines: list[TextLine], foreign: set[int]) -> bool:
    """Three lines or more (`foreign`, the lines `is_foreign_line` takes), and a fifth of the lines with
    letters, are in a script we cannot read."""
    wordy = sum(sum(ch.isalpha() for ch in ln.text) >= 2 for ln in lines)
    return len(foreign) >= 3 and len(foreign) >= 0.2 * wordy


# `Your appointment has been successfully booked`, `Appointment Confirmed!`: a page that tells someone about their own
# booking; its date and confirmation number are theirs, whether or not their name is in view.
BOOKED = re.compile(r"(?i)\byour\s+(?:appointment|booking|visit)\s+(?:is|has|was)\b"
                    r"|\b(?:appointment|booking|visit)\s+(?:is\s+|has\s+been\s+)?(?:confirmed|booked|scheduled)\b"
                    # a patient app's own list of bookings: `My Appointments` over `Aug 1, 2026`, `Cancel`, `Reschedule`
                    r"|\bmy\s+(?:appointments?|bookings?|visits)\b|\bupcoming\s+(?:appointments?|bookings?|visits)\b"
                    r"|\b(?:cancel|reschedule)\s+(?:my\s+|this\s+)?(?:appointment|booking)\b"
                    # a traveller's own log: `ALL FLIGHTS` over its dated rows, `My trips`, `Trip history`
                    r"|\b(?:all|my|past|upcoming)\s+(?:flights|trips|journeys|stays|reservations)\b"
                    r"|\b(?:trip|travel|flight)\s+(?:history|log)\b")
IMAGING = re.compile(
    r"\b(?:ULTRASOUND|SONOGRAPHY|X-?RAY|RADIOGRAPH|MAMMO\w*|DICOM|PACS|kVp|mAs|Accession|Study\s*Date"
    r"|Series|Modality|W/?L:|WW/?WL|Slice|Acq(?:uisition)?|CT\s*(?:HEAD|CHEST|ABD\w*)|MRI"
    # every ultrasound screen shows its mechanical and thermal indices (`MI 1.1`, `TIB 0.2`)
    r"|MI\s*\d\.\d|TI[BSC]\s*\d\.\d"
    # vital signs and lab values: a monitor or a health app shows one person's body
    r"|Blood\s*Pressure|Heart\s*Rate|Systolic|Diastolic|SpO2|mm\s*Hg|bpm|Resp(?:iration)?\s*Rate"
    # a lab result's units (`mg/dl` read as `ma/dl` too, `mm/hr`, `mmol/L`, `U/L`) and its reference column
    r"|(?:[m\u00b5unp][gaq]|g|grams?|[m\u00b5n]?mol|m?eq|iu|u|cells)/(?:dl|l|ml|mcl|\u00b5l|ul)|mm/hr?"
    # a blood count's analytes, named in full (`red blood cell : 4.10 million cells/mcL`, `hematocrit : 33.6%`)
    r"|(?:red|white)\s*blood\s*cells?|ha?ematocrit|platelet\s*count"
    r"|(?:Normal|Reference|Ref\.?)\s*(?:range|interval|values?)|Referenzbereich|Normbereich|Normalwert\w*)\b",
    re.IGNORECASE,
)
# A page's title that makes it one patient's document (`Inpatient Discharge Summary Form`).
RECORD_TITLE = re.compile(
    r"(?i)\b(?:discharge\s+summary|(?:in|out)patient\s+\w+|patient\s+(?:summary|record|chart|details|information"
    r"|demographics|banner)|admission\s+(?:form|record|note)|(?:medical|health)\s+record|clinical\s+(?:summary|note)"
    r"|progress\s+note|case\s+report)\b")
MRZ = re.compile(r"^[A-Z0-9<]{25,46}$")
# `ROCHAT<<CELINE`: a surname, the double filler, the given names. Only a machine-readable zone's name
# field (a passport's, a health certificate's QR text shown in clear) is written so.
MRZ_NAME = re.compile(r"(?<![A-Z0-9<])[A-Z]{2,}(?:<[A-Z]{2,}){0,3}<<[A-Z]{2,}(?:<{1,2}[A-Z]{2,}){0,3}<*(?![A-Z0-9])")
DOCUMENT_TITLE = re.compile(
    r"(?i)\b(?:driver'?s?\s*licen[cs]e|driving\s*licen[cs]e|driver\s*license|passport|passeport|reisepass"
    r"|identi(?:ty|fication)\s*card|id\s*card|national\s*id|national\s*card|resident\s*card|permanent\s*resident|carte\s*d.identit"
    r"|personalausweis|licen[cs]e\s*to\s*drive|learner'?s?\s*permit|voter\s*id|green\s*card|social\s*security\s*card)\b"
)


# A document's own printed sentence, on no other paper: the US Social Security card's `THIS NUMBER HAS BEEN
# ESTABLISHED FOR` over its holder's name. Read alone (the arched title and the number over the seal often are
# not), it makes the photo the card.
DOCUMENT_SENTENCE = re.compile(r"(?i)\bthis\s*number\s*has\s*been\s*established\s*for\b")


# China's resident identity card: its field `公民身份号码` (read at times with `证` in it) and the 18-character number,
# a region, the holder's birth date and a check character (`430512198908131367`). A form may ask for the number
# too: both together are the card.
_CN_ID_FIELD = re.compile(r"公民身份证?号码|居民身份证")
_CN_ID_NUMBER = re.compile(r"(?<![0-9])[1-8]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
                           r"(?![0-9])")


def cn_identity_card(lines: list[TextLine]) -> bool:
    """China's identity card by its number field and its number: its Chinese title and fields are text we cannot
    read, so `_identity_title` never sees it."""
    return any(_CN_ID_FIELD.search(ln.text) for ln in lines) and any(_CN_ID_NUMBER.search(ln.text) for ln in lines)


_NOT_IDENTITY = re.compile(r"(?i)(?:insurance|member|health|benefit|plan|medical|prescription|rx|dental|vision"
                           r"|employee|staff|student|library|loyalty|visitor)\W*$")


_ID_HOLDER = frozenset({"PATIENT_NAME", "DATE_OF_BIRTH", "MRZ"})  # what names or dates the holder of a document


def _identity_title(text: str) -> bool:
    """`DRIVER LICENSE`, `PASSPORT`; not `INSURANCE IDENTIFICATION CARD` or `Member ID card` (masked, not rejected)."""
    t = normalize(text)
    return any(not _NOT_IDENTITY.search(t[: m.start()]) and not _FIELD_AFTER.match(t[m.end():])
               for m in DOCUMENT_TITLE.finditer(t))


# A health-plan member card: the pharmacy routing fields only such a card prints (`RxBIN 610014`, `RxPCN`), or the
# card's own title (`Member ID Card`, `European Health Insurance Card`, `Versichertenkarte`). With a member's number
# and a name read on the photo, the photo is one person's card: every field on it is about its member.
HEALTH_CARD = re.compile(
    r"(?i)\bRx\s?(?:BIN|PCN|GRP)\b|\b(?:EHIC|GHIC)\b|gesundheitskarte|versichertenkarte|carte\s*vitale"
    r"|tarjeta\s*sanitaria|\b(?:health\s*insurance|insurance|member(?:ship)?|health\s*plan|benefits?|medical"
    r"|dental|vision|prescription|drug|medicare|medicaid)\s*(?:id(?:entification)?\s*)?card\b")


def _health_card(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[tuple[int, int, int]]:
    """(line, start, end) of a member card's marks, when a health-plan number and a person's name were found."""
    found = [s for ss in spans.values() for s in ss]
    if not (any(s.identifier == Identifier.HEALTH_PLAN for s in found)
            and any(s.identifier == Identifier.NAMES and s.entity != "STAFF_NAME" for s in found)):
        return []
    return [(i, m.start(), m.end()) for i, ln in enumerate(lines) for m in HEALTH_CARD.finditer(normalize(ln.text))]


# `Driver license #`, `Passport No.:`: a form's field for the number, not the document itself.
_FIELD_AFTER = re.compile(r"(?i)^\s*(?:#|no\b\.?|nr\b\.?|number\b|num\b|:|state\b|exp|issued?\b)")


def is_mrz(text: str) -> bool:
    t = re.sub(r"\s+", "", normalize(text)).upper()
    return bool(MRZ.match(t)) and t.count("<") >= 3


# --- putting it together --------------------------------------------------------------------------


def _span(entity: str, start: int, end: int, score: float = CONTEXT_SCORE) -> Span:
    info = ENTITIES[entity]
    return Span(start, end, info.identifier, info.label, score, "context", entity)


# A labelled field's value on a person's record (`fields`), as what its label names.
FIELD_ENTITY = {"place": "FIELD_PLACE", "number": "FIELD_ID"}


def named_span(entity: str, start: int, end: int, score: float = CONTEXT_SCORE) -> Span:
    """A context span over `start:end`, for rules that live beside this module (`people.list_mates`)."""
    return _span(entity, start, end, score)


def whole_line(entity: str, text: str) -> Span:
    """A context span over the whole line's text."""
    return _span(entity, 0, len(text))


def extend(lines: list[TextLine], spans: dict[int, list[Span]], unclear_below: float = UNCLEAR_BELOW,
           columns: Columns | None = None) -> tuple[dict[int, list[Span]], set[int], bool]:
    """Spans that context adds to each line, the lines that sit in a person's region, and whether the
    whole photo is one person's record (a page or screen with two different labelled signs of a person).

    `spans` are the recognizers' spans per line (after overlaps were resolved); lines read with a
    confidence under `unclear_below` are masked whole when they sit in a person's region. `columns` is
    `table_columns(lines)` when the caller has it already.
    """
    extra: dict[int, list[Span]] = defaultdict(list)
    for j, s in column_spans(lines, columns):
        extra[j].append(s)
    for i, line in enumerate(lines):
        if is_mrz(line.text):
            extra[i].append(_span("MRZ", 0, len(line.text), 0.95))
        else:
            extra[i].extend(_span("MRZ", m.start(), m.end(), 0.95) for m in MRZ_NAME.finditer(normalize(line.text)))
    for i, line in enumerate(lines):
        codes = [*labelled_codes(line.text), *user_numbers(line.text)]
        extra[i].extend(_span("CONTEXT_ID", a, b, 0.6) for a, b in codes)
    receipt = anonymous_receipt(lines)
    if any(s.entity not in ("DATE_UNLABELLED", "STAFF_NAME") and s.identifier not in _NOBODYS
           for ss in spans.values() for s in ss) and not receipt:
        # a photo with a person's details: what identifies someone without a label we can read (not a
        # till slip's `Bon-Nr.:1433`, `Markt:0106`: a receipt made out to nobody numbers the shop's sales)
        own = {w.lower() for ln in lines for m in _HOST.finditer(ln.text) for w in m.group().split(".")}
        for i, line in enumerate(lines):
            extra[i].extend(_span(entity, a, b) for entity, a, b in unread_label_values(line.text))
            extra[i].extend(_span("HANDLE", m.start(), m.end(), 0.6) for m in HANDLE.finditer(line.text)
                            if m.group()[1:].lower() not in own)  # `@planet10tech` beside `planet10tech.com`
    # A till slip made out to nobody: the name over its street address is the shop's (`JUNIPER TABLE`) and its
    # column of items the menu's (`Tom Collins`, `Steak Diane`); a labelled server or cashier is still found.
    placed = not receipt
    for i in addressees(lines, spans) if placed else ():
        extra[i].append(whole_line("ADDRESSEE", lines[i].text))
    block_names, block_parts = address_blocks(lines, spans) if placed else ([], [])
    for i in block_names:
        extra[i].append(whole_line("ADDRESSEE", lines[i].text))
    for i in block_parts:
        extra[i].append(whole_line("ADDRESS_PART", lines[i].text))
    for i in signed_in_user(lines):
        extra[i].append(whole_line("SIGNED_IN_USER", lines[i].text))
    for i in name_columns(lines, spans) if placed else ():
        extra[i].append(whole_line("NAME_COLUMN", lines[i].text))
    stacks, listed = name_stacks(lines, spans)
    for i in people_list(lines, stacks):
        extra[i].append(whole_line("LISTED_NAME", lines[i].text))
    region = regions(lines)
    foreign_lines = {i for i, ln in enumerate(lines) if is_foreign_line(ln.text)}  # (read once per photo)
    # on a price board in a script we cannot read only the runs shaped like a name are in doubt, not its dishes
    runs = name_runs if foreign_price_list(lines) else foreign_runs
    foreign_lines = {i for i in foreign_lines if runs(lines[i].text)}
    strong = {i for i, ss in spans.items() if any(is_anchor(s, lines[i].text) for s in ss)} | {
        i for i, ss in extra.items() if any(is_anchor(s, lines[i].text) for s in ss)}
    # A medical image's overlay (an exam date), a monitor's or a health app's vital signs: their dates
    # are about the person imaged or measured, whether or not a name is in view.
    imaging = any(IMAGING.search(normalize(ln.text)) for ln in lines)
    booked = any(BOOKED.search(normalize(ln.text)) for ln in lines)
    kinds = {_record_sign(s) for ss in spans.values() for s in ss} - {""}
    # A page or screen with two signs of a person, or one labelled record number or date of birth (a
    # lab report's patient block split into columns by the layout), is that person's as a whole.
    page = len(lines) >= PAGE_LINES and (len(strong) >= 2 or bool(kinds & _PAGE_SIGNS))
    record = page and len(kinds) >= 2
    if page:
        # A screen or page about a person: its columns and panels are one record.
        region = [0] * len(lines)
    members: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(region):
        members[r].append(i)
    anchored: set[int] = set()
    for ids in members.values():
        found = [(s, lines[i].text) for i in ids for s in (*spans.get(i, ()), *extra.get(i, ()))]
        foreign = [i for i in ids if i in foreign_lines]
        unread = len(foreign) >= 3 and len(ids) >= 6 and len(foreign) >= 0.2 * len(ids)
        if not (unread or any(is_anchor(s, text) for s, text in found) or _contact_card(found)):
            if imaging or booked:  # exam, measurement and booked dates are the person's; no record for that
                for i in ids:  # (and a booking's confirmation number)
                    extra[i].extend(_span("CONTEXT_DATE", a, b) for a, b in date_spans(lines[i].text))
                    extra[i].extend(_span("CONTEXT_ID", a, b) for a, b in id_spans(lines[i].text) if booked)
            continue
        anchored.update(ids)
        for i in _wrapped_dates(lines, ids):
            extra[i].append(whole_line("CONTEXT_DATE", lines[i].text))
        for i in ids:
            text = lines[i].text
            extra[i].extend(_span("CONTEXT_DATE", a, b) for a, b in date_spans(text))
            extra[i].extend(_span("CONTEXT_ID", a, b) for a, b in id_spans(text))
            extra[i].extend(_span(FIELD_ENTITY[k], a, b) for k, a, b in field_values(text))
            caps = caps_name(text)
            if lower_name_line(text) or inverted_name(text):
                extra[i].append(whole_line("CONTEXT_NAME", text))
            elif caps:
                extra[i].append(_span("CONTEXT_NAME", 0, caps))
            else:
                names = given_names(text, unknown=not foreign_prose(text), world=not prose(text))
                extra[i].extend(_span("CONTEXT_NAME", a, b) for a, b in names)
            if unread and i in foreign:
                extra[i].extend(_span("FOREIGN_TEXT", a, b, 0.6) for a, b in runs(text) if b - a <= 8)
            if _identity_title(text):
                extra[i].append(_span("ID_DOCUMENT", 0, len(text), 0.9))
            if unclear(lines[i], unclear_below):
                extra[i].append(_span("UNCLEAR_TEXT", 0, len(text), 0.5))
    if any(RECORD_TITLE.search(normalize(ln.text)) for ln in lines):
        # a patient's form or summary whose banner the reader garbled: what it lost is that patient's, whether or
        # not anything readable anchored its region
        for i, line in enumerate(lines):
            if garbled(line) and not any(s.entity == "UNCLEAR_TEXT" for s in extra[i]):
                extra[i].append(_span("UNCLEAR_TEXT", 0, len(line.text), 0.5))
    if unread_page(lines, foreign_lines):
        # a phone's cards split a foreign page into regions too small to count as unread (a timetable's
        # `A9-509 & 余洋`): the page as a whole is in a script we cannot read, so the short runs on a line
        # with a number (a room, a time, a code beside a name) are masked
        for i, line in enumerate(lines):
            if i in foreign_lines and (any(ch.isdigit() for ch in line.text) or han_name(line.text)) and not any(
                    s.entity == "FOREIGN_TEXT" for s in extra[i]):
                extra[i].extend(_span("FOREIGN_TEXT", a, b, 0.6) for a, b in runs(line.text) if b - a <= 8)
    if not any(s.entity == "ID_DOCUMENT" for ss in extra.values() for s in ss) and any(
            s.entity in _ID_HOLDER for ss in spans.values() for s in ss):
        # `IDENTITY CARD` over a holder's name that anchored no region (a specimen's `Schweizer Sample` scored as
        # a bare name): the title and a person make it the document, wherever the layout split them
        for i, line in enumerate(lines):
            if _identity_title(line.text):
                extra[i].append(_span("ID_DOCUMENT", 0, len(line.text), 0.9))
    for i, line in enumerate(lines):
        if DOCUMENT_SENTENCE.search(normalize(line.text)):
            extra[i].append(_span("ID_DOCUMENT", 0, len(line.text), 0.9))
    if cn_identity_card(lines):
        for i, line in enumerate(lines):
            if m := _CN_ID_NUMBER.search(line.text):
                extra[i].append(_span("ID_DOCUMENT", m.start(), m.end(), 0.9))
    def so_far() -> dict[int, list[Span]]:
        """Every line's spans, the recognisers' and those this function has added up to now."""
        return {i: [*spans.get(i, ()), *extra.get(i, ())] for i in range(len(lines))}

    for i, a, b in _health_card(lines, so_far()):
        extra[i].append(_span("HEALTH_CARD", a, b, 0.9))
    for j, a, b, entity in [*_row_values(lines, spans, anchored), *_item_dates(lines, spans),
                            *_photo_wide(lines, spans, anchored, listed)]:
        extra[j].append(_span(entity, a, b))
    # The rest of a name, found from the names beside it: masked, but no new evidence of a person. Each rule sees the
    # names the one before it added.
    for rule in (name_parts, name_lists, card_titles):
        for i in rule(lines, so_far()):
            extra[i].append(whole_line("NAME_PART", lines[i].text))
    return dict(extra), anchored, record



NAMED_SCORE = 0.75  # a name found this surely makes a photo about a person, as a region's anchor does
ROW_REACH = 40  # text heights along a row within which a date or number is still the named person's
_ROW_NAMES = frozenset({"PATIENT_NAME", "CONTEXT_NAME"})


_YEAR_PIECE = re.compile(r"^\s*(?:19|20)\d{2}\s*[-/.]\s*$")
_DAY_PIECE = re.compile(r"^\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*$")
_MONTH_DAY_PIECE = re.compile(rf"(?i)^\s*(?:{MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,\s*$")
_YEAR_ALONE = re.compile(r"^\s*(?:19|20)\d{2}\s*$")


def _wrapped_dates(lines: list[TextLine], ids: list[int]) -> list[int]:
    """A date a narrow cell wrapped over two lines (`1970-` over `12-07`, `February 27,` over a right-aligned
    `2025`): both pieces."""
    out: list[int] = []
    for i in ids:
        text = normalize(lines[i].text)
        if _YEAR_PIECE.match(text):
            for j in ids:
                if j != i and _DAY_PIECE.match(normalize(lines[j].text)) and stacked_above(lines[i], lines[j]):
                    out += [i, j]
        elif _MONTH_DAY_PIECE.match(text):
            upper = frame(lines[i])
            out += [j for j in ids if j != i and _YEAR_ALONE.match(normalize(lines[j].text))
                    and _right_under(upper, frame(lines[j]))]
    return out


# A letter's dateline: the town it was written in, a comma, then the date (`Astadt, 26. Januar 2017`, `Köln, den 1.
# Mai`, `Anytown, March 22, 2016`). Up to three words, each capitalised.
_DATELINE = re.compile(r"^[ \t]*(?P<town>[^\W\d_][^\W\d_'.\-]*(?:[ \-][^\W\d_][^\W\d_'.\-]*){0,2})[ \t]*,"
                       r"(?:[ \t]*(?i:den|le|el|am|im|the|il|o)\b)?[ \t]*")


def _town_words(town: str) -> bool:
    """Capitalised words that may be a town: no weekday or month, and not only English words (`Date`, `Today`)."""
    words = re.split(r"[ \-]", town)
    if not all(w[:1].isupper() for w in words):
        return False
    if any(WEEKDAY.fullmatch(w) or re.fullmatch(MONTH, w, re.IGNORECASE) for w in words):
        return False
    return not all(w.upper() in english_words() or w.upper() in NOT_A_NAME for w in words)


def dateline_towns(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[tuple[int, int, int]]:
    """(line, start, end) of the town in a letter's dateline whose date was found: where the writer lives or works
    (a town is an identifier smaller than a state). Also a dateline the layout split, `Köln,` over its date."""
    def dated(i: int, start: int = 0) -> bool:
        return any(s.identifier == Identifier.DATES and s.start >= start
                   and not lines[i].text[s.end:].strip(" .,;") for s in spans.get(i, ()))

    out = []
    for i, line in enumerate(lines):
        m = _DATELINE.match(line.text)
        if not m or not _town_words(m.group("town")):
            continue
        if m.end() < len(line.text.rstrip()):
            if dated(i, m.end()):
                out.append((i, m.start("town"), m.end("town")))
            continue
        f = frame(line)  # `Köln,` alone: its date is the line under it or beside it
        if any(k != i and dated(k) and (_right_under(f, g := frame(lines[k])) or same_row(f, g))
               for k in range(len(lines))):
            out.append((i, m.start("town"), m.end("town")))
    return out


def _right_under(upper: Frame, lower: Frame) -> bool:
    """Is `lower` the next line under `upper`, the two aligned on either edge (a cell's text wrapped)?"""
    return (-0.3 * upper.h <= lower.y0 - upper.y1 < 1.2 * upper.h and min(upper.x1, lower.x1) > max(upper.x0, lower.x0)
            and min(abs(upper.x0 - lower.x0), abs(upper.x1 - lower.x1)) < upper.h)


def _photo_wide(lines: list[TextLine], spans: dict[int, list[Span]], anchored: set[int], listed: bool
                ) -> list[tuple[int, int, int, str]]:
    """(line, start, end, entity) of what a photo with a person's details (a region's anchor, a name
    read with confidence, or a list of people) masks outside that person's region: its dates,
    identifier-shaped numbers and name-shaped words (a viewer's series panel, a second card, a table
    beside the banner). Fail closed, as no new evidence of a person; a photo with no one on it is
    untouched."""
    named = any(s.entity in _ROW_NAMES and s.score >= NAMED_SCORE for ss in spans.values() for s in ss)
    if not (anchored or named or listed):
        return []
    out = []
    for i, line in enumerate(lines):
        if i not in anchored:
            out.extend((i, a, b, "PHOTO_DATE") for a, b in date_spans(line.text))
            out.extend((i, a, b, "PHOTO_ID") for a, b in id_spans(line.text))
            out.extend((i, a, b, "PHOTO_NAME") for a, b in _photo_names(line.text))
    return out


def _photo_names(text: str) -> list[tuple[int, int]]:
    """The names a person's region would find (`context.extend`), on any line of a photo with a person."""
    if inverted_name(text):
        return [(0, len(text))]
    caps = caps_name(text)
    # in a sentence, two capitalised words no English word list knows are as often a foreign language's
    # nouns as a name: only a census first name is taken there, so far from the person's own details
    sentence = prose(text) or foreign_prose(text)
    return [(0, caps)] if caps else given_names(text, unknown=not sentence, world=not sentence)


def _gap(a: Frame, b: Frame) -> float:
    """Horizontal space between two boxes, 0 when they overlap."""
    return max(0.0, b.x0 - a.x1, a.x0 - b.x1)


def _row_values(lines: list[TextLine], spans: dict[int, list[Span]], anchored: set[int]
                ) -> list[tuple[int, int, int, str]]:
    """(line, start, end, entity) of the dates and identifier-shaped numbers on a named person's row,
    outside any person's region: a patient list's `Aarav Patel  34  Male  12/03/2024`, an
    appointment's `09:30  Thandiwe Dlamini  12 Mar`. The name is the evidence, the row says whose
    the values are; masked, no new evidence of a person (a name alone does not make a record)."""
    named = [i for i in range(len(lines)) if i not in anchored
             and any(s.entity in _ROW_NAMES for s in spans.get(i, ()))]
    if not named:
        return []
    frames = [frame(ln) for ln in lines]
    out = []
    for j, line in enumerate(lines):
        f = frames[j]
        if j in anchored or _short_date(line.text) and any(_under(frames[i], f) for i in named):
            continue  # a person's region masks its own; a list item's short date is `_item_dates`'
        if not any(same_row(frames[i], f) and _gap(frames[i], f) <= ROW_REACH * frames[i].h for i in named):
            continue
        out.extend((j, a, b, "CONTEXT_DATE") for a, b in date_spans(line.text))
        out.extend((j, a, b, "CONTEXT_ID") for a, b in id_spans(line.text))
    return out


def _item_dates(lines: list[TextLine], spans: dict[int, list[Span]]) -> list[tuple[int, int, int, str]]:
    """(line, start, end, entity) of a line that is only a day and month, or only a date, under a named
    list item: a chat's or a call log's `17.01` under its contact (`date_spans` needs a year or a month's
    name, so a region's own dates miss it), an appointment card's `16 July,2022` under its name and
    specialty, in a person's region or not."""
    names = [i for i in range(len(lines)) if any(s.entity in _ROW_NAMES for s in spans.get(i, ()))]
    if not names:
        return []
    frames = [frame(ln) for ln in lines]
    return [(j, 0, len(line.text), "CONTEXT_DATE") for j, line in enumerate(lines)
            if (_short_date(line.text) or _only_date(line.text)) and any(_under(frames[i], frames[j]) for i in names)]


def _only_date(text: str) -> bool:
    """A line that is a date and nothing else (`16 July,2022` under an appointment card's name)."""
    spans = date_spans(text)
    return len(spans) == 1 and not text[: spans[0][0]].strip() and not text[spans[0][1]:].strip(" \t.,")


STACK_REACH = 4  # name heights below a name within which a list item's own date still sits
_SHORT = re.compile(r"[ \t]*(\d{1,2})(?:\.(\d{2})\.?|/(\d{1,2}))[ \t]*")


def _under(name: Frame, f: Frame) -> bool:
    """Is `f` below `name` in the same list item (a chat's or a call log's `17.01` under its contact)?"""
    return (0 <= f.y0 - name.y1 <= STACK_REACH * name.h and f.x0 < name.x1 and name.x0 < f.x1
            and f.h <= 1.5 * name.h)


def _short_date(text: str) -> bool:
    """A line that is only a day and a month (`17.01`, `3/12`; not a value such as `5.6`), as a list
    shows a recent date."""
    m = _SHORT.fullmatch(text)
    if not m:
        return False
    a, b = int(m.group(1)), int(m.group(2) or m.group(3))
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


# `Kapta N: MR1185303`, `Ref: W199440720`: after any label, a code of letters then five or more digits is
# someone's number, whatever language or script the label is in (fail closed; not a product's: `Lot:`).
_LABELLED_CODE = re.compile(r"(?P<label>[^\W\d_][^\W_]{0,20}\.?(?:\s*(?:N[o°º]?\.?|#))?)\s*[:#№]\s*"
                            r"(?P<v>[A-Z]{1,4}-?\d{5,}[A-Z0-9\-]*)(?![\w\-])")


def labelled_codes(text: str) -> list[tuple[int, int]]:
    """Not a product's (`Lot:`) nor a seller's (`VAT:`)."""
    t = normalize(text)
    return [m.span("v") for m in _LABELLED_CODE.finditer(t)
            if not _PRODUCT.search(t[: m.end("label")]) and not SELLER_ID.search(t[: m.start("v")])]


# `User 123456 has [0] new messages`, `updating modules for user 123456`: a log's account number, named by the word
# before it with no colon (not `User 2 of 5`: four digits or more).
_USER_NUMBER = re.compile(r"(?i)\b(?:user|customer|member|subscriber|client)(?:\s*id)?\s*#?\s*(?P<v>\d{4,})"
                          r"(?![\w.,:/\-])")


# `Subject DEMO-001`, `Participant P-0173`, `Enrollee #10042`: a study numbers its people, and the word before the
# number says so (three digits or more; not `Subject 2 of 5`).
_STUDY_NUMBER = re.compile(r"(?i)\b(?:subject|participant|enrollee)(?:\s*(?:id|no\.?|#))?\s*[:#]?\s*"
                           r"(?P<v>(?-i:[A-Z]{1,8})?-?\d{3,}[\w\-]*)(?![\w.,:/])")


def user_numbers(text: str) -> list[tuple[int, int]]:
    t = normalize(text)
    return [m.span("v") for rx in (_USER_NUMBER, _STUDY_NUMBER) for m in rx.finditer(t)]


_HOST = re.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")  # a web site's or mail host's names: the organisation's
# What a machine or a web site has: no sign of a person on the photo by itself.
_NOBODYS = frozenset({Identifier.URL, Identifier.IP_ADDRESS, Identifier.DEVICE, Identifier.VEHICLE})
# `@GodsMoon`, `@j_doe`: a social media or chat handle names its holder as an e-mail address does (not
# an e-mail's own `@host`, nor a price's `@ $5`).
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z][A-Za-z0-9_]{2,29}(?![\w@.]*\.[A-Za-z]{2,})(?![\w@])")


# `Homep: 000001`, `: 27.09.1957`: a value after a label the OCR could not read (a script its model does
# not know, read as look-alike letters or dropped): no word of the label is English or a label we know.
_LABEL_VALUE = re.compile(r"^\s*(?P<label>[^:]{0,24}?)\s*:\s*(?P<v>\S.*)$")
_LABEL_WORD = re.compile(r"[^\W\d_]{2,}")


def unread_label_values(text: str) -> list[tuple[str, int, int]]:
    """Dates and identifier-shaped numbers after a label no one can read: on a photo with a person's
    details they are masked (fail closed), as a label we can read decides for itself. Off without a
    system word list (`english_words`), never guessing."""
    vocab = english_words()
    t = normalize(text)
    m = _LABEL_VALUE.match(t)
    if not vocab or not m:
        return []
    label = m.group("label")
    if m.group("v").startswith("/") or (label and not _LABEL_WORD.search(label)) or re.search(r"\d[.,]\d", label):
        return []  # `udp4://host`, `127.0.0.1:8080`: an address and its port, not a field
    if any(w.upper() in vocab for w in _LABEL_WORD.findall(label)) or _PRODUCT.search(label) or SELLER_ID.search(
            label + ":"):
        return []
    v = m.start("v")
    return [("CONTEXT_DATE", v + a, v + b) for a, b in date_spans(t[v:])] + [
        ("CONTEXT_ID", v + a, v + b) for a, b in id_spans(t[v:])]


def garbled(line: TextLine) -> bool:
    """`:    : / :   / :   :mis  :    ith`: a banner of labels and values of which the reader kept the colons and
    slashes and lost the words, read with some doubt. A rule or a drawn table reads as separators alone."""
    alnum = sum(c.isalnum() for c in line.text)
    return line.score < GARBLED_BELOW and alnum >= 2 and sum(c in _SEPARATORS for c in line.text) >= max(alnum, 6)


def unclear(line: TextLine, below: float = UNCLEAR_BELOW) -> bool:
    """A line whose reading is a guess: under the confidence floor, with enough characters to hide
    a name or a number (a garbled `l` or `|` alone hides nothing); a garbled reading (`garbled`); or a long box
    of which only a sliver was read (`:` of a line in a script the recogniser does not know)."""
    if line.score < below and sum(c.isalnum() for c in line.text) >= 2 or garbled(line):
        return True
    p = np.asarray(line.polygon, float)
    if len(p) != 4:
        return False
    length = max(float(np.hypot(*(p[1] - p[0]))), float(np.hypot(*(p[2] - p[1]))))
    room = length / max(1.0, 0.6 * line.height)  # characters a box this long holds, roughly
    return room >= 8 and len(line.text.strip()) < 0.2 * room


def printed_codes(lines: list[TextLine], codes: list[tuple[float, float, float, float]]) -> list[tuple[int, int, int]]:
    """(line, start, end) of identifier-shaped text printed with a barcode (x, y, w, h): the digits
    under an MRN barcode on a wristband, or beside a code on a label, say what the bars say."""
    out = []
    for i, line in enumerate(lines):
        f = frame(line)
        for x, y, w, h in codes:
            reach = max(1.5 * f.h, 0.5 * min(w, h))
            beside = f.x0 < x + w + reach and f.x1 > x - reach and f.y0 < y + h + reach and f.y1 > y - reach
            if beside:
                out.extend((i, a, b) for a, b in id_spans(line.text))
                break
    return out

