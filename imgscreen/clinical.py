"""A patient's clinical lists: dates beside diagnoses and medications are that patient's.

A problem list (`01/04/08 Essential hypertension`), a medication history (`10/31/08 Metformin 750 MG
... 1 bid`) or an immunisation record is one person's record even when no name is on the screen: a
mock-up, a cropped screenshot, a page of a printed chart. HIPAA's Safe Harbor counts every date tied to
a person, and a date of diagnosis or of a prescription is. The dates themselves are unlabelled, so no
date rule finds them, and with no name or record number there is no person for the context rules.

The evidence is the list: several lines of clinical content (a condition's name, a drug with its dose,
a heading such as `Problems` or `Medications`), at least two of them dated, or dated by a cell on their
row (a medication administration record's `Jun 19, 2026, 07:33 PM` beside `500 IV`) or under them on their card
(a medication app's `mercredi 19 janvier 2022` under `KETOPROFENE ... 100 mg`). A single dated clinical
line (a poster's `03/12/2024 Flu vaccination clinic`) is not a list and stays.

A health diary (a diabetes or a mood-tracking app) is one person's too: two lines of readings (an HbA1c, a
blood sugar in mg/dL, a mood out of ten) make every date on its screen theirs (`diary_dates`).
"""

from __future__ import annotations

import re

from .context import date_spans
from .layout import Frame, frame, same_row
from .model import TextLine
from .recognizers.base import normalize

# A condition as clinicians write it: its word's medical ending, or one of the common names that have none.
_CONDITION = re.compile(
    r"(?i)\b(?:\w{3,}(?:itis|osis|oses|(?<!acad)emia|(?<!sym)pathy|algia|ectomy|otomy|plasty|uria|plegia|penia"
    r"|trophy|rrhea|rrhoea|cytosis|lepsy|spasm)"
    r"|(?:carcin|melan|lymph|sarc|aden|gli|myel|lip|fibr)omas?|hypothyroidism|hyperthyroidism|pain"
    r"|syndrome|disease|disorder|infection|fracture|hypertension|hypotension|diabetes|mellitus|asthma|cancer"
    r"|apnea|apnoea|pneumonia|allergy|allergic|deficiency|insufficiency|failure|stenosis|injury|angina"
    r"|influenza|immunization|immunisation|vaccination|vaccine|hepatitis|obesity|depression|anxiety"
    r"|arrhythmia|fibrillation|embolism|thrombosis|infarction|stroke|seizure|migraine|dementia|anemia)\b"
)
# A drug's dose, and how often it is taken: `0.4 MG`, `750 mg`, `1 bid`, `q5min`, `prn`.
# A dose with its route and no unit (`500 - IV`, `2 PO`), as a medication administration record prints it.
_DOSE = re.compile(r"(?i)\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|ug|ml|g|iu|units?|meq|mmol)\b"
                   r"|\b(?:bid|tid|qid|qd|qhs|prn|q\d+(?:h|min))\b"
                   r"|\b\d+(?:[.,]\d+)?\s?-?\s?(?-i:IV|IM|PO|SC|SQ|SL)\b")
_HEADING = re.compile(r"(?i)^\W*(?:active\s+|current\s+|past\s+|major\s+)?(?:problems?(?:\s+list)?|medications?"
                      r"|meds|allerg(?:y|ies)|immuni[sz]ations?|vaccinations?|diagnos[ie]s|conditions"
                      r"|comorbidities|(?:past\s+)?medical\s+history)\b")
MIN_CLINICAL_LINES = 3  # lines of clinical content that make a list
MIN_DATED = 2  # of which dated (or a dated heading: `Problems as of 04/29/12`)


# A drug's form, where a list prints it on a line of its own (`suppositoire`, `comprimé pelliculé`, `gélule`).
_FORM = re.compile(r"(?i)\b(?:suppositor(?:y|ies)|suppositoires?|comprim[ée]s?|g[ée]lules?|c[áa]psulas?|ampoules?"
                   r"|ampollas?|pommade|collyre|sirop)\b")


# A thing's amount, not a dose: `Remaining weight: 757.27 g` (a spool of filament), `Net wt 500 g`, `Volume: 250 ml`.
_THING_AMOUNT = re.compile(r"(?i)\b(?:weight|net\s*wt|wt|remaining|length|capacity|volume|size|contents?)\b"
                           r"[^\d\n]{0,12}\d+(?:[.,]\d+)?\s?(?:g|kg|ml|l)\b")


def _dose(t: str) -> bool:
    return any(not (m.group(0).lower().rstrip().endswith(("g", "ml")) and _THING_AMOUNT.search(t))
               for m in _DOSE.finditer(t))


def clinical_line(text: str) -> bool:
    t = normalize(text)
    return bool(_CONDITION.search(t) or _dose(t) or _HEADING.match(t) or _FORM.search(t))


def _under(item: Frame, below: Frame) -> bool:
    """Is `below` on the same card as `item`, under it: within three of its text heights, and no more than
    ten sideways (a medication app prints the drug, its form on a second line, then the date it runs out,
    right-aligned)?"""
    near = below.x0 - item.x1 < 10 * item.h and item.x0 - below.x1 < 10 * item.h
    return 0 <= below.y0 - item.y1 <= 3 * item.h and near


def record_dates(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of every date on the clinical lines of a photo that holds a clinical list."""
    clinical = [i for i, line in enumerate(lines) if clinical_line(line.text)]
    if len(clinical) < MIN_CLINICAL_LINES:
        return []
    # a table's date cell is a line of its own, on the row of the drug or the condition it dates
    rows = [frame(lines[i]) for i in clinical if not _HEADING.match(normalize(lines[i].text))]
    listed = set(clinical)
    beside = [k for k, f in ((k, frame(line)) for k, line in enumerate(lines) if k not in listed)
              if any(same_row(f, r) or _under(r, f) for r in rows)]
    dated = [(i, with_weekday(lines[i].text, a), b)
             for i in [*clinical, *beside] for a, b in date_spans(lines[i].text)]
    if len({i for i, _, _ in dated}) < MIN_DATED:
        return []
    return dated


def with_weekday(text: str, a: int) -> int:
    """Where a date starts, with the weekday before it (`THURSDAY, 16 JULY 2026`, `mercredi 19 janvier 2022`)."""
    day = _WEEKDAY_BEFORE.search(text[:a])
    return day.start() if day else a


# A health diary's readings: blood sugar and its terms, insulin, a mood scored out of ten, a body's
# composition (BMI, body fat, muscle), blood pressure and the other vital signs, a menstrual cycle, symptoms
# and pain, doses taken or missed, and a body weight alone on its line. A diabetes, mood, scale, cycle,
# symptom or pill-reminder app shows one person's readings, their dates that person's, with no name on the
# screen. (The word `Weight` is not one: a parcel or a product has a weight too; `bpm` is a song's tempo.)
_READING = re.compile(
    r"(?i)\bhba1c\b|\bhypo\b|\bhyper\b|\bglu(?:cose|kose|cosa|cemia|cemie|kose)\b|\bglicose\b|\bblood\s*sugar\b"
    r"|\bblutzucker\b|\binsulin[ae]?\b|\bbolus\b|\bmg\s*/\s*dl\b|\bmmol\s*/\s*l\b|\bmood\b|\bstimmung\b"
    r"|(?<![\d.,])\d{1,2}(?:[.,]\d)?\s*/\s*10\b"
    r"|\bbmi\b|\bimc\b|\bbody\s*fat\b|\bk[öo]rperfett\b|\bmasse\s*grasse\b|\bgrasa\s*corporal\b|\bmuscles?\b"
    r"|\bmuskel\w*|\bmmhg\b|\bsystol\w*|\bdiastol\w*|\bblood\s*pressure\b|\bblutdruck\b|\bheart\s*rate\b"
    r"|\bspo2\b|\bo2\s*sat\w*|\boxygen\s*saturation\b|\bpulse\s*(?:rate|ox\w*)\b|\bpeak\s*flow\b|\bbasal\s*temp\w*"
    r"|\bmenstru\w*|\bovulat\w*|\bfertil(?:e|ity)\s*(?:window|days?)\b|\bperiod\s*(?:starts?|ends?|length|day)\b"
    r"|\bcycle\s*(?:day|length)\b|\bspotting\b"
    # a cycle tracker in other languages (`Inicio del periodo`, `Zykluslänge`, `Eisprung`, `début des règles`)
    r"|\b(?:inicio|fin|duraci[oó]n|d[ií]a)\s+del?\s+(?:periodo|per[ií]odo|ciclo|regla)\b|\b[úu]ltimo\s+ciclo\b"
    r"|\bzyklus\w*|\beisprung\b|\bperiode(?:n(?:beginn|ende|l[äa]nge)|beginn|ende)\b|\bfruchtbare\s+tage\b"
    r"|\b(?:d[ée]but|fin)\s+des\s+r[èe]gles\b"  # (`cycle menstruel`, `menstruação`: `menstru` above)
    r"|\bsymptoms?\b|\bs[ií]ntomas?\b|\bsympt[ôo]mes?\b|\bsymptome\b"
    r"|\bpains?\b(?!\s*(?:reliever|relief|killer))|\bschmerzen\b|\bdolor(?:es)?\b|\bdouleurs?\b|\bdolore\b|\bpijn\b"
    r"|\bmigr[äa]i?nes?\b|\bmigra[ñn]as?\b|\bemicrania\b|\bheadaches?\b|\bkopfweh\b|\bseizures?\b"
    r"|\b(?:doses?|pills?|medications?)\s*(?:taken|missed|skipped)\b|\b(?:taken|missed|skipped)\s*(?:doses?|pills?)\b"
    r"|\bprevious\s*doses\b|\btime\s*taken\b|\blast\s*dose\b|\bdose\s*(?:history|log)\b"
    # a reminder's dose at its time (`08:00: 1 prášek(y)`, `9:00 2 Tabletten`), not a pack's size (`24 tablets`)
    r"|\b\d{1,2}[:.]\d{2}\W{0,3}\d{1,2}\s*(?:pills?|tablets?|caplets?|capsules?|tablett\w*|comprim\w*|pastillas?"
    r"|c[áa]psulas?|pr[áa][šs]ek\w*|tablet\w*|kapsl\w*)"
    r"|^\s*(?:[2-9]\d|1\d\d|2\d\d)(?:[.,]\d{1,2})?\s*(?:kg|lbs?)\s*$"
    # a home dialysis or blood-pressure log's readings, unlabelled (`145/88  128/78`: before and after), and
    # its own words (`Dry weight`, `UF 2.4 L`: the fluid a session took off)
    r"|^\s*(?:1\d\d|2[0-4]\d|[89]\d)\s?/\s?(?:[4-9]\d|1[0-3]\d)\W{1,4}(?:1\d\d|2[0-4]\d|[89]\d)\s?/\s?(?:[4-9]\d|1[0-3]\d)\s*$"
    r"|\bdry\s*weight\b|\b(?:hemo|haemo)?dialys[ie]s\b|\bultrafiltration\b|^\s*UF\s+\d(?:[.,]\d)?\s*(?:l|ml)\s*$"
)
MIN_READINGS = 2  # lines with a reading that make a screen a diary
# A medicine's own package or leaflet (`Drug Facts`, `Inactive ingredients`, `LOT`, `EXP`): its pain, doses and
# dates are the product's, whatever it says of them. Two such lines and no diary is looked for.
_PRODUCT_LABEL = re.compile(r"(?i)\bdrug\s*facts\b|\b(?:in)?active\s*ingredients?\b|^\s*(?:lot|exp)\b"
                            r"|\bdistributed\s*by\b|\bmanufactured\s*(?:by|for)\b|^\s*directions\s*:|^\s*warnings\s*:")
# A person's record by its sections, the person's name scrolled away or never printed: `Emergency Contact for the
# Person`, `Employment History`, `Next of Kin`. Two such headings make the screen one person's, its dates theirs.
_PERSON_SECTION = re.compile(
    r"(?i)\bfor\s+the\s+(?:person|patient|employee|client|resident)\b|\bemergency\s+contacts?\b|\bnext\s+of\s+kin\b"
    r"|\b(?:employment|education|medical|family|social|surgical|immuni[sz]ation|vaccination)\s+history\b"
    r"|\bpersonal\s+(?:details|information|data)\b|\bdemographics\b"
)

# One heading is enough when it names the history of someone's care or account (`Prescription History`,
# `Historial de facturación`, `Visit history`): the dates listed under it are theirs, no name on the screen (a
# program's `Version History`, `Commit history` or a build's `Test history` is a thing's).
_OWN_HISTORY = re.compile(
    r"(?i)^\W*(?:(?:my|your|patient(?:'s)?|past|previous)\s+)?(?:prescription|medication|visit|appointment|billing"
    r"|payment|invoice|treatment|consultation|admission|encounter|vaccination|immuni[sz]ation|lab|order|claim"
    r"|refill|dispensing|booking)s?\s+history\b"
    r"|^\W*histori(?:al|a|que)\s+(?:de\s+|des\s+|du\s+|cl[ií]nic[oa]\b)(?:la\s+|las\s+|los\s+)?"
    r"(?:facturaci[oó]n|pagos?|citas?|consultas?|tratamientos?|recetas?|visites|rendez-vous|consultations"
    r"|paiements|factures|prescriptions|ordonnances|\W*$)"
)


def diary_dates(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of every date on a health diary's screen (`THURSDAY, 16 JULY 2026` over a mood
    of `7.4/10`; `14.09.2020 20:15` over an estimated HbA1c), or on one person's record known by its
    sections (`Employment History`, `Emergency Contact for the Person`) or by the history it lists
    (`Prescription History`)."""
    # a dashboard's short label or value, not a manual's sentence about an insulin pump
    # (words are counted with letters in them: `pain: Migräne (strength: 6 / 10)` is a short label and value)
    texts = [(normalize(line.text), sum(any(ch.isalpha() for ch in w) for w in line.text.split())) for line in lines]
    if sum(bool(_PRODUCT_LABEL.search(t)) for t, _ in texts) >= 2:
        return []
    readings = sum(bool(_READING.search(t)) and n <= 5 for t, n in texts)
    sections = sum(bool(_PERSON_SECTION.search(t)) and n <= 6 for t, n in texts)
    sections += MIN_READINGS * sum(bool(_OWN_HISTORY.search(t)) and n <= 5 for t, n in texts)
    if readings < MIN_READINGS and sections < MIN_READINGS:
        return []
    out = []
    for i, line in enumerate(lines):
        for a, b in date_spans(line.text):  # (a date has a digit: `date_spans` leaves `Decl` out)
            out.append((i, with_weekday(line.text, a), b))
    return out


_WEEKDAY_BEFORE = re.compile(r"(?i)\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
                             r"|(?:mo|tu|di|we|mi|th|do|fr|sa|su|so)\.|montag|dienstag|mittwoch|donnerstag|freitag"
                             r"|samstag|sonnabend|sonntag"
                             r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
                             r"|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\.?,?\s*$")


# A pharmacy label's own words: what a dispensed prescription prints beside its number.
_PHARMACY_WORD = re.compile(r"(?i)\b(?:refills?|qty|quantity|dispensed|pharmacy|pharmacist|rx|sig|tablets?|capsules?"
                            r"|use\s+before|discard\s+after|take\s+\d)\b")
# A bare number label (`NO 0100-0144`, `No. 3381920`, `# 55012`): on such a label, the prescription's number.
_BARE_NUMBER = re.compile(r"(?i)(?:^|(?<=\s))(?:no\.?|#)[ \t]*(?P<v>\d[\d\-]{3,14}\d)(?![\d/])")


def rx_numbers(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of the numbers a pharmacy label prints after a bare `NO` or `#`: its prescription
    numbers, which lead to the patient at the pharmacy as surely as a labelled `Rx#`. Only on a page with two
    different pharmacy words (`QTY`, `REFILLS`, `USE BEFORE`): a form's `No. 1234` elsewhere is left alone."""
    words = {m.group(0).lower() for ln in lines for m in _PHARMACY_WORD.finditer(normalize(ln.text))}
    if len(words) < 2:
        return []
    return [(i, m.start("v"), m.end("v")) for i, ln in enumerate(lines) for m in _BARE_NUMBER.finditer(ln.text)]
