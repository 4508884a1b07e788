"""Dates tied to a person (birth, admission, discharge, visit, death) and ages over 89.

A date is PHI when something says whose event it is: a label in front (`DOB`, `Admitted`, `D/C`,
`DOS`, `Expired`), or other PHI in the same text (a wristband line with an MRN). A date on its
own (an event poster, a calendar) is reported as `DATE_UNLABELLED`, which `phi` keeps only when
`policy.text.flag_unlabelled_dates` is on or other PHI shares the text. Years alone are never PHI
under Safe Harbor and are not matched; month + year is.

Formats: 03/14/1962, 3-14-62, 03.14.1962, 1962-03-14, 14 03 1962, 14 Mar 1962, 14-MAR-62, 14MAR1962,
Mar 14, 1962, March 14th 1962, Mar 1962, and (after a label only) 03141962 and 3/14. Digits may be
OCR look-alikes (O3/l4/I962).
"""

from __future__ import annotations

import datetime
import re

from .base import SEP, D, RuleRecognizer, alt, digits_of, fuzzy, rule

_MONTHS = (
    ("Jan", "uary"),
    ("Feb", "ruary"),
    ("Mar", "ch"),
    ("Apr", "il"),
    ("May", ""),
    ("Jun", "e"),
    ("Jul", "y"),
    ("Aug", "ust"),
    ("Sep", "t"),
    ("Sept", "ember"),
    ("Oct", "ober"),
    ("Nov", "ember"),
    ("Dec", "ember"),
)
# Month names as Europe's letters, invoices and certificates print them (`8. Oktober 2015`, `14 juillet
# 2019`, `12 de mayo de 2020`), whole words only, with and without their accents: their short forms
# (`Mai`, `Mrz`) are words of their own too often.
_EURO_MONTHS = (
    # German
    "Januar", "Februar", "M[a\u00e4]rz", "Maerz", "Mai", "Juni", "Juli", "Oktober", "Dezember",
    # French
    "janvier", "f[e\u00e9]vrier", "mars", "avril", "juin", "juillet", "ao[u\u00fb]t", "septembre", "octobre",
    "novembre", "d[e\u00e9]cembre",
    # Spanish
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
    "noviembre", "diciembre",
    # Italian
    "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "dicembre",
    # Dutch
    "januari", "februari", "maart", "mei", "augustus",
    # Portuguese
    "janeiro", "fevereiro", "mar[c\u00e7]o", "maio", "junho", "julho", "setembro", "outubro", "novembro", "dezembro",
    # Polish, as named and as dated (`29 Czerwiec 2025`, `12 lipca 2025`)
    "stycze\u0144", "stycznia", "luty", "lutego", "marzec", "marca", "kwiecie\u0144", "kwietnia", "maj", "maja",
    "czerwiec", "czerwca", "lipiec", "lipca", "sierpie\u0144", "sierpnia", "wrzesie\u0144", "wrze\u015bnia",
    "pa\u017adziernik", "pa\u017adziernika", "listopad", "listopada", "grudzie\u0144", "grudnia",
    # Czech, as named and as dated (`12. června 2025`)
    "leden", "ledna", "\u00fanor", "\u00fanora", "b\u0159ezen", "b\u0159ezna", "duben", "dubna", "kv\u011bten",
    "kv\u011btna", "\u010derven", "\u010dervna", "\u010dervenec", "\u010dervence", "srpen", "srpna",
    "z\u00e1\u0159\u00ed", "\u0159\u00edjen", "\u0159\u00edjna", "listopadu", "prosinec", "prosince",
    # Swedish, Danish and Norwegian (those Dutch and German spell alike are above)
    "marts", "augusti", "desember",
    # Turkish and Indonesian
    "ocak", "\u015fubat", "nisan", "may\u0131s", "haziran", "temmuz", "a\u011fustos", "eyl\u00fcl", "ekim",
    "kas\u0131m", "aral\u0131k", "maret", "agustus",  # (and `desember`, as Norway writes it)
    # Uzbek and Azerbaijani in Latin letters, as the Russian names are written there (`9 noyabr 2023`)
    "yanvar", "fevral", "aprel", "iyun", "iyul", "avgust", "sentyabr", "oktyabr", "noyabr", "dekabr",
)
# The twelve English month names in full (and `SEPT`), upper case: a word that is one names no person.
# A weekday's name or abbreviation, in English, German or French (`Sun`, `THURSDAY`, `Mo`, `Montag`, `lundi`).
WEEKDAY = re.compile(r"(?:MON|TUE|WED|THU|FRI|SAT|SUN|Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:s|nes|rs|ur)?(?:day|DAY)?\.?"
                     r"|\b(?:MO|TU|WE|TH|FR|SA|SU|Mo|Tu|We|Th|Fr|Sa|Su)\b"
                     r"|(?i:\b(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi"
                     r"|vendredi|samedi|dimanche)\b)")
MONTH_NAMES = frozenset((a + b).upper() for a, b in _MONTHS)
# OCR-tolerant month names (0CT0BER, N0V).
# Europe's first: `Jul` must not take `juillet`'s first letters.
MONTH = alt(*(rf"{m}(?![a-z])" for m in _EURO_MONTHS),
            *(fuzzy(a) + (f"(?:{fuzzy(b)})?" if b else "") for a, b in _MONTHS))
_M = rf"(?i:{MONTH})\.?"
_ORD = r"(?:st|nd|rd|th)?"
_SEPCH = r"[/\-.]"

DATE_FORMS = (
    rf"{D}{{1,2}}\s?{_SEPCH}\s?{D}{{1,2}}\s?{_SEPCH}\s?(?:{D}{{4}}|{D}{{2}})",  # 03/14/1962, 3-14-62
    rf"{D}{{4}}{_SEPCH}{D}{{1,2}}{_SEPCH}{D}{{1,2}}",  # 1962-03-14
    # 14 03 1962: a form's day, month and year boxes read as one line (GOV.UK's date input), either order,
    # two digits each and a year of this or the last century, so a phone's `12 34 5678` is none
    r"(?<!\d)(?<!\d[ \t])(?:(?:0[1-9]|[12]\d|3[01])[ \t]{1,2}(?:0[1-9]|1[0-2])"
    r"|(?:0[1-9]|1[0-2])[ \t]{1,2}(?:0[1-9]|[12]\d|3[01]))[ \t]{1,2}(?:19|20)\d\d(?![ \t]?\d)",
    # 14 Mar 1962, 14-MAR-62, 14MAR1962, 8. Oktober 2015, 12 de mayo de 2020, 1st of March 2021, 14, February, 1948
    rf"{D}{{1,2}}(?:(?:st|nd|rd|th)[ \t]+of[ \t]+|(?:{_ORD}|\.),?[ \-]{{0,2}}(?:de[ \t]+)?){_M}[ \-,]*(?:de[ \t]+)?"
    rf"(?:{D}{{4}}|{D}{{2}})",
    rf"{_M}[ \-]{{0,2}}{D}{{1,2}}{_ORD},?[ \-]*{D}{{4}}",  # Mar 14, 1962
    rf"{_M}[ \-,]*{D}{{4}}",  # Mar 1962
    rf"{_M}[ \-]{{0,2}}{D}{{1,2}}{_ORD},?[ \t]*['\u2019]{D}{{2}}",  # Jul 28 '20
    # Jan 30 22:05:05 2019, Mar  4 09:12:44 UTC 2024: C's asctime and Unix `date`, as git, mail headers and logs
    # print them, the year after the time
    rf"{_M}[ \t]{{1,2}}{D}{{1,2}}[ \t]+{D}{{1,2}}:{D}{{2}}(?::{D}{{2}})?[ \t]+(?:[A-Z]{{3,5}}[ \t]+)?{D}{{4}}",
)
LABELLED_ONLY_FORMS = (
    rf"{D}{{8}}",  # 03141962
    rf"{D}{{1,2}}/{D}{{1,2}}",  # 3/14
    rf"{_M}[ \-]?{D}{{1,2}}{_ORD}",  # Mar 14
    rf"{D}{{1,2}}{_ORD}[ \-]?{_M}(?![A-Za-z])",  # 14 Mar, 14th March
)
DATE = alt(*DATE_FORMS)
DATE_AFTER_LABEL = alt(*DATE_FORMS, *LABELLED_ONLY_FORMS)

# label -> entity. A few words of filler may sit between label and date ("Admitted on", "Date/Time").
DATE_LABELS = {
    "DATE_OF_BIRTH": alt(
        fuzzy("DOB"),
        r"D\.\s?[O0]\.\s?B\.?",
        r"Birth\s*(?:Date|Dt)?",
        r"Date\s*of\s*Birth",
        r"Born",
        r"B[\-\s]?day",
        r"Birthday",
        r"BD",
    ),
    "ADMISSION_DATE": alt(r"Adm(?:it(?:ted)?|ission|\.)?(?:\s*(?:Date|Dt))?", r"Admit\s*Date", r"DOA"),
    "DISCHARGE_DATE": alt(r"Disch(?:arge[ds]?|\.)?(?:\s*(?:Date|Dt))?", r"D/C(?:\s*(?:Date|Dt))?", r"DC\s*(?:Date|Dt)"),
    "VISIT_DATE": alt(
        r"Visit(?:\s*(?:Date|Dt))?",
        r"Seen(?:\s*on)?",
        r"Appt\.?",
        r"Appointment",
        r"DOS",
        r"Date\s*of\s*Service",
        r"Service\s*Date",
        r"Surgery(?:\s*Date)?",
        r"Procedure(?:\s*Date)?",
        r"Op(?:eration)?\s*Date",
        r"Encounter(?:\s*Date)?",
        r"Collected",
        r"Specimen\s*Date",
        r"Follow[\s\-]?up",
        r"F/U",
        r"Next\s*Visit",
        r"Last\s*Visit",
        r"Scheduled",
        r"Exam\s*Date",
        r"Rx\s*Date",
        r"Filled",
        r"Date\s*Filled",
        r"Order\s*Date",
        r"Due\s*Date",
        r"EDD",
        r"LMP",
        r"Onset",
        r"Injury\s*Date",
        r"Transfer(?:red)?",
    ),
    "DEATH_DATE": alt(
        r"Death(?:\s*Date)?",
        r"Date\s*of\s*Death",
        r"DOD",
        r"Died",
        r"Deceased",
        r"Expired",
        r"Passed(?:\s*away)?",
        r"TOD",
    ),
}
_FILLER = r"(?:\s*(?:Date|Dt|on|/\s*Time|date/time)\b)*"
# `Date: Wed Dec 06 2023` (JavaScript's toDateString): a weekday may open the labelled date
_WEEKDAY = r"(?:(?i:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?)\.?,?[ \t]+)?"


# Where a date ends: at no further digit, or where a clock time starts glued to its day, as the OCR reads a table
# cell's `2014-03-17 09:00:00` with the space lost (`2014-03-1709:00:00`).
_END = r"(?:(?![0-9])|(?=[0-9]{1,2}:[0-9]{2}))"


def _plausible(m: re.Match[str]) -> float | None:
    """Veto digit strings that cannot be a calendar date (a phone fragment), not unlikely dates."""
    v = m.group("v")
    if re.search(MONTH, v, re.IGNORECASE):
        return 1.0  # a month name makes it a date
    nums = [int(digits_of(g)) for g in re.split(r"[/\-.\s]+", v) if digits_of(g)]
    if not nums:
        return None
    if len(nums) == 1 and len(str(nums[0])) == 8:
        s = f"{nums[0]:08d}"
        nums = [int(s[:2]), int(s[2:4]), int(s[4:])]
    small = [n for n in nums if n <= 31]
    if len(nums) >= 2 and (not small or min(nums) == 0 and len(small) == len(nums)):
        return None
    if len(nums) >= 2 and not any(1 <= n <= 12 for n in nums[:3]):
        return None
    return 1.0


# A thing's own event before `date`: software's build or release, a device's manufacture or install, a
# document's print or revision. `Build date  Jun 3 2024` on a watch's about screen dates no one.
_THINGS_EVENT = re.compile(r"(?i)\b(?:build|built|release[sd]?|compil(?:e|ed|ation)|firmware|software|version"
                           r"|manufactur\w*|mfg|production|install(?:ation|ed)?|update[sd]?|upgrade[sd]?|revision"
                           r"|rev|publication|published|print(?:ed)?|copyright|commit)\W{0,3}$")


def _persons_event(score: float):
    def check(m: re.Match[str]) -> float | None:
        if _THINGS_EVENT.search(m.string[max(0, m.start() - 24) : m.start()]):
            return None
        return None if _plausible(m) is None else score

    return check


def _scored(score: float):
    def check(m: re.Match[str]) -> float | None:
        return None if _plausible(m) is None else score

    return check


# An age as a banner writes it in brackets: `63`, `61 y`, `45 J.`, `52 ans`, `7 años`.
BANNER_AGE = r"[ \t]*\d{1,3}[ \t]*(?i:y(?:rs?|ears?)?|J\.?|Jahre|a|ans|a\u00f1os|anni|jaar|j\.?)?\.?[ \t]*"
AGE_SLACK = 15  # years a screenshot may be older than today, for the age beside a birth date to agree


def _aged(m: re.Match[str]) -> float | None:
    """A birth date only if the age beside it agrees with its year (a screenshot may be some years old):
    `12.03.2020 (3)` in a list of reports is a count."""
    if _plausible(m) is None:
        return None
    year = re.findall(r"\d{4}", m.group("v"))
    age = re.search(r"\d{1,3}", m.group("age"))
    if not year or not age:
        return None
    lived = datetime.date.today().year - int(year[-1])
    return 0.9 if 0 <= lived - int(age.group()) <= AGE_SLACK else None


# A whole date whose year is this far back is most likely someone's birth: software shows today's dates, a
# record its patient's birth (`24.12.1932` in an agenda's note). A scanned letter from 1975 is masked too:
# fail closed.
BIRTH_ERA = (1900, 1989)


def _birth_era(m: re.Match[str]) -> float | None:
    if _plausible(m) is None:
        return None
    year = re.findall(r"(?<!\d)(\d{4})(?!\d)", m.group("v"))
    return 0.7 if year and BIRTH_ERA[0] <= int(year[-1]) <= BIRTH_ERA[1] else None


AGE_OVER_89 = r"(?P<v>(?:9[0-9OoIlSB]|1[0O1Il][0-9OoIlSB]))"
# After an `Age` label any value from 90 to 199 is an age over 89, however unlikely (a demo app's `Age: 139`): the
# label says what the number is, and Safe Harbor asks for every age over 89 to be hidden. Not an infant's `120 days`.
_LABELLED_AGE = r"(?P<v>(?:9[0-9OoIlSB]|1[0-9OoIlSB]{2}))"
_NO_UNIT = r"(?![ \t]*(?i:d(?:ays?)?|w(?:ee)?ks?|wk|mo(?:nths?)?|h(?:ours?|rs?)?|min)\b)"


class PersonDateRecognizer(RuleRecognizer):
    """Person dates by label; every other date as `DATE_UNLABELLED` for the policy to decide."""

    RULES = (
        *(
            rule(
                entity,
                rf"(?i:\b{label}){_FILLER}{SEP}(?:[A-Za-z]{{2,8}}\s*[:,]?\s*)?(?P<v>{DATE_AFTER_LABEL}){_END}",
                0.93,
                _scored(0.93),
            )
            for entity, label in DATE_LABELS.items()
        ),
        # Any other "... date" label (`Expected delivery date`, `Fill date`): dates a form asks for are
        # about the person the form is about.
        rule("VISIT_DATE",
             rf"(?i:\b(?:date|dated|dt))[ \t]*(?:[:#=\-]|\n)[\s]*{_WEEKDAY}(?P<v>{DATE_AFTER_LABEL})(?![0-9])",
             0.8, _persons_event(0.8)),
        rule("DATE_UNLABELLED", rf"(?<![0-9A-Za-z])(?P<v>{DATE}){_END}", 0.6, _scored(0.6)),
        rule("BIRTH_ERA_DATE", rf"(?<![0-9A-Za-z])(?P<v>{DATE}){_END}", 0.7, _birth_era),
        # A date followed by sex and age (`2002-12-14 F 26Y`, wristbands): the birth date.
        rule(
            "DATE_OF_BIRTH",
            rf"(?<![0-9A-Za-z])(?P<v>{DATE})[ \t]+(?:[MF]|Male|Female)[ \t]+\d{{1,3}}[ \t]?(?i:y(?:rs?|o|/o)?\b)",
            0.9,
            _scored(0.9),
        ),
        # A date with the age in brackets after it, as a record's banner prints its patient
        # (`Ackerhacker Athos (m), 24.09.1955 (63) [3509]`, `Doe, Jane 03/14/1962 (61 y)`): the birth date.
        rule("DATE_OF_BIRTH", rf"(?<![0-9A-Za-z])(?P<v>{DATE})[ \t]*\((?P<age>{BANNER_AGE})\)", 0.9, _aged),
        # Ages over 89 (Safe Harbor aggregates them into "90 or older").
        rule("AGE_OVER_89", rf"(?i:\bAge[ds]?\b\s*[:=]?\s*){_LABELLED_AGE}(?!\d){_NO_UNIT}", 0.9),
        # ... and the banner's age in brackets after the birth date (`Jan 1, 1922 (91)`), which the birth date's
        # own mask does not cover
        rule("AGE_OVER_89", rf"(?<![0-9A-Za-z]){DATE}[ \t]*\({AGE_OVER_89}[ \t]*(?i:y(?:rs?|ears?)?\.?)?\)", 0.9),
        rule(
            "AGE_OVER_89",
            rf"(?<!\d){AGE_OVER_89}\s*(?i:y/?o\b|y\.o\.?|yrs?\b|years?(?:\s*old)?\b|year[\s\-]old|yo\b)",
            0.9,
        ),
        # ... and `92 F`, `95yoM` with no label: up to 109, as an unlabelled `114M` is a size (a process's memory)
        # far more often than one of the world's few people over 110.
        rule("AGE_OVER_89", r"(?<![\d/\-.])(?P<v>9[0-9OoIlSB]|10[0-9OoIlSB])\s?(?:[MF]|yo[MF])\b(?![/\-.]\d)", 0.75),
    )


# A camera's date-time overlay: the whole line is a numeric date, perhaps with a weekday and a time
# (`2019-01-25 09:05:46`, `12/03/2021 14:33 PM`, a film camera's `'98 7 25`). The OCR often loses the
# space before the time (`2019-01-2509:05:46`), so the time may be glued to the day.
_STAMP = re.compile(
    r"(?i)\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
    r"(?:(?P<y>\d{4})\s?[-/.]\s?(?P<m>\d{1,2})\s?[-/.]\s?(?P<d>\d{2})"
    r"|(?P<a>\d{1,2})\s?[-/.]\s?(?P<b>\d{1,2})\s?[-/.]\s?(?P<yy>\d{4}|\d{2})"
    r"|['\u2019](?P<fy>\d{2})\s+(?P<fm>\d{1,2})\s+(?P<fd>\d{1,2}))"
    r"\s*(?:T|\s)?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*)?"
    r"(?P<t>\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?)?\s*"
)


def stamp(text: str) -> bool:
    """Whether the whole line is a date stamp (see `_STAMP`): on a photo of a person it dates the person
    being there, so `pipeline` masks it there and nowhere else (a bare date on a screen dates no one)."""
    m = _STAMP.fullmatch(text)
    if m is None:
        return False
    if m.group("y"):
        month, day = int(m.group("m")), int(m.group("d"))
    elif m.group("fy"):
        month, day = int(m.group("fm")), int(m.group("fd"))
    else:
        a, b = int(m.group("a")), int(m.group("b"))
        month, day = (a, b) if a <= 12 else (b, a)
    return 1 <= month <= 12 and 1 <= day <= 31
