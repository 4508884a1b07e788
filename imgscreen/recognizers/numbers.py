"""Labelled numbers: SSN, MRN, health plan, account, licence, vehicle, device and other IDs; phones.

Each recognizer is a label (what staff print in front of the number, OCR-tolerant) plus a value
shape. A value needs a few real digits so a label followed by words (`Rx: Lisinopril 10 mg`,
`Room # 4`) is not an ID. Which recognizer wins when two claim the same value is settled by score:
the more specific label scores higher than the catch-all `OTHER_ID`.

Borderline choices, all made towards masking (fail closed):
- An unlabelled `NNN-NN-NNNN` is an SSN, even a "test" one (123-45-6789): never validated away.
- A 10-digit phone number is flagged wherever it appears, signage included (a clinic's own number is
  not PHI, but this tool cannot tell whose number it is).
- Provider identifiers (NPI, DEA, badge numbers) are flagged as licence / other numbers.
- An unlabelled run of 9+ digits (or an alphanumeric with 9+ digits) is an `OTHER_ID`.
"""

from __future__ import annotations

import re

from .base import (
    NUMBER_WORD,
    SEP,
    D,
    RuleRecognizer,
    alt,
    digits_of,
    fuzzy,
    numeric_enough,
    quantity,
    real_digits,
    rule,
)
from .dates import BANNER_AGE

I = re.IGNORECASE  # noqa: E741 - short flag name keeps the rule tables readable

# An ID value: alphanumerics with inner dashes/slashes/dots, optional single spaces between groups
# that start with a digit (UHC 7469 13682). The label's case-insensitivity stops at the value; a value starting
# with small letters needs four digits after them (`drtest202012111234`, not `none` or `not assigned`).
ID_VALUE = (r"(?P<v>(?![a-z]{3}(?![a-z]{0,27}\d{4}))[A-Za-z0-9|]"
            r"(?:[A-Za-z0-9|]|[\-/.](?=[A-Za-z0-9|])|[ ]{1,2}(?=\d)){2,30})")


# A version-control reference (`Short Ref b6f42345`, `ref 3f9c2e1`): lower-case hex, letters and digits, as git
# abbreviates a commit. A person's reference number is printed in capitals or digits alone.
_COMMIT_REF = re.compile(r"(?i:\bref)\W{0,3}$")
_HEX_ABBREV = re.compile(r"^(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}$")


_NEXT_TOKEN = re.compile(r" ?[^\s,;)]+")


def labelled(entity: str, label: str, score: float, min_digits: int = 4, value: str = ID_VALUE):
    """A rule for `LABEL [#|No.|:] VALUE`, reporting only the value."""
    pattern = rf"(?i:\b{label}){SEP}{value}"

    def check(m: re.Match[str]) -> float | None:
        v = m.group("v")
        if _HEX_ABBREV.match(v) and _COMMIT_REF.search(m.string[: m.start("v")]):
            return None
        if entity == "OTHER_ID" and re.search(r"[\"']", m.string[m.start() : m.start("v")]):
            return None  # a JSON object's own `"id": "194521489"`: every record has one, a person's or not
        before = m.string[max(0, m.start("v") - 24) : m.start("v")]
        if SELLER_ID.search(before) or TRADE_LICENCE.search(before):
            return None  # `OMB No. 1545-0074`, `VAT No. 123`, `Mfg. Lic. No. 756`: a form's, a seller's or a maker's
        unit = _NEXT_TOKEN.match(m.string, m.end("v"))
        if quantity(v) or unit and quantity(v + unit.group(0)):
            return None  # `RX: 328.1 MiB/s`: a network monitor's receive rate, with its unit after a space
        return score if numeric_enough(v, min_digits) else None

    return rule(entity, pattern, score, check)


def _ids(*words: str) -> str:
    """`WORD` followed by an optional `#`, `No.`, `Number` or `ID`."""
    return alt(*words) + NUMBER_WORD


# --- SSN ------------------------------------------------------------------------------------------

SSN_VALUE = rf"(?P<v>{D}{{3}}[ \-.]?{D}{{2}}[ \-.]?{D}{{4}})(?![0-9])"
SSN_LABEL = alt(
    fuzzy("SSN"), r"S\.S\.N\.?", r"SS\s*#", r"SS\s*N[o0]\.?", r"Soc(?:ial)?\.?\s*Sec(?:urity)?\.?" + NUMBER_WORD
)


def _ssn_check(m: re.Match[str]) -> float | None:
    return 0.95 if len(digits_of(m.group("v"))) == 9 and real_digits(m.group("v")) >= 7 else None


class SsnRecognizer(RuleRecognizer):
    RULES = (
        rule("SSN", rf"(?i:\b{SSN_LABEL}){SEP}{SSN_VALUE}", 0.95, _ssn_check),
        # Unlabelled, dashed 3-2-4: an SSN whatever its digits.
        rule(
            "SSN",
            rf"(?<![\w\-])(?P<v>{D}{{3}}-{D}{{2}}-{D}{{4}})(?![\w\-])",
            0.85,
            lambda m: 0.85 if real_digits(m.group("v")) >= 6 else None,
        ),
        # Partly masked on a form (***-**-6789): the last four still identify with a name.
        rule("SSN", r"(?i:\b(?:SSN|SS#)\s*[:#]?\s*)?(?P<v>[Xx*\u2022]{3}-[Xx*\u2022]{2}-\d{4})\b", 0.7),
    )


# --- phone and fax --------------------------------------------------------------------------------

PHONE_VALUE = (
    rf"(?P<v>(?:\+?[1Il|][ .\-]{{0,2}})?(?:\(\s*{D}{{3}}\s*\)|{D}{{3}})[ .\-]*{D}{{3}}[ .\-]*{D}{{4}}"
    rf"(?:\s*(?:x|ext\.?)\s*\d{{1,5}})?)(?![0-9])"
)
FAX_LABEL = alt(r"Fax", r"Facsimile", r"F(?=\s*[:.])", r"FX")
PHONE_LABEL = alt(
    r"Te[l1I|](?:ephone)?",  # `Te1.`: the OCR's 1 for l
    r"Phone",
    r"Ph",
    r"Cell",
    r"Mobile",
    r"Mob",
    r"Home",
    r"Work",
    r"Contact",
    r"Call",
    r"Text",
    r"P(?=\s*[:.])",
    r"H(?=\s*[:.])",
    r"C(?=\s*[:.])",
    r"W(?=\s*[:.])",
    r"Emergency\s*Contact",
)


def _phone_check(score: float, min_real: int = 8, labelled: bool = True):
    """Ten digits (eleven with the country code) once look-alikes are read; a label lets OCR have
    mangled more of them. Unlabelled, ten digits run together from a 1 are no one's phone: no North
    American area code starts with 1, and a Unix time of this century (`1679340670`) does."""

    def check(m: re.Match[str]) -> float | None:
        v = re.sub(r"(?i)\s*(?:x|ext\.?)\s*\d{1,5}$", "", m.group("v"))  # the extension is not counted
        d = digits_of(v)
        if not labelled and len(d) == 10 and d[0] == "1" and re.fullmatch(r"\d{10}", v):
            return None
        return score if len(d) in (10, 11) and real_digits(v) >= min_real else None

    return check


# Any country's number: `+49 30 1234567`, `+91 98765 43210`, `+44 (0)20 7946 0958`, `+977-9841234567`.
INTL_PHONE_VALUE = rf"(?P<v>\+[ \t]?{D}{{1,3}}(?:[ \t.\-]?\(?{D}{{1,5}}\)?){{2,6}})(?![0-9])"
# After a phone label, digits grouped any way a country writes them: `98765 43210`, `(020) 7946 0958`.
ANY_PHONE_VALUE = rf"(?P<v>\+?\(?{D}[{D[1:-1]} ()\-./]{{5,20}}{D})(?![0-9])"


def _any_phone_check(score: float, low: int = 8):
    """E.164 allows at most 15 digits; fewer than `low` is an extension, a room or a count."""

    def check(m: re.Match[str]) -> float | None:
        v = m.group("v")
        return score if low <= len(digits_of(v)) <= 15 and real_digits(v) >= low - 1 else None

    return check


class PhoneFaxRecognizer(RuleRecognizer):
    """Phone and fax numbers: US-style ones anywhere, any country's after a `+` or a phone label. A fax
    label in front makes it identifier 5 instead of 4."""

    RULES = (
        rule("FAX", rf"(?i:\b{FAX_LABEL}\b){SEP}(?:\w+\s*[:.]?\s*)?{PHONE_VALUE}", 0.95, _phone_check(0.95, 6)),
        rule("PHONE", rf"(?i:\b{PHONE_LABEL}\b){SEP}(?:\w+\s*[:.]?\s*)?{PHONE_VALUE}", 0.9, _phone_check(0.9, 6)),
        rule("PHONE", rf"(?<![\w\-]){PHONE_VALUE}", 0.75, _phone_check(0.75, labelled=False)),
        rule("FAX", rf"(?i:\b{FAX_LABEL}\b){SEP}{ANY_PHONE_VALUE}", 0.9, _any_phone_check(0.9, 7)),
        rule("PHONE", rf"(?i:\b{PHONE_LABEL}\b){SEP}{ANY_PHONE_VALUE}", 0.85, _any_phone_check(0.85, 7)),
        rule("PHONE", rf"(?<![\w\-+]){INTL_PHONE_VALUE}", 0.8, _any_phone_check(0.8)),
    )


# --- record, plan, account, licence, vehicle, device, other ------------------------------------

MRN_LABEL = alt(
    r"M\.?\s?[RK]\.?\s?[NM]\b\.?",
    r"MR\s*#",
    r"MR\s*N[o0]\b\.?",
    r"M/R",
    r"Med(?:ical)?\.?\s*Rec(?:ord)?s?\.?" + NUMBER_WORD,
    _ids(r"Chart"),
    r"Pat(?:ient|\.)?[\s_]*(?:ID|I\.D\.|#|N[o0]\b\.?)",  # (`patient_id`, a column's or a key's)
    r"Pt\.?[\s_]*(?:ID|#|N[o0]\b\.?)",
    r"PID",
    _ids(r"Hosp(?:ital)?\.?"),
    r"Unit\s*(?:#|N[o0]\b\.?|Number)",
    r"E?MPI",
    r"MRUN",
    r"URN",
)
# Labels that can only introduce a patient's record number, however short its value (`OPD No. 134`,
# `Patient (code: 339)`, `MRN: 001`): the label, not the value's length, says what it is.
RECORD_LABEL = alt(
    MRN_LABEL,
    r"(?:OPD|IPD|In-?patient|Out-?patient|Case|Admission|Adm\.?|Registration|Reg\.?|Record|Chart|File)\s*"
    r"(?:#|N[o0]\b\.?|Number|ID\b)",
    r"Pat(?:ient|\.)?\s*\(?\s*code",
)
PLAN_LABEL = alt(
    _ids(
        r"Member",
        r"Mbr\.?",
        r"Subscriber",
        r"Subscr?\.?",
        r"Ins(?:urance|\.)?",
        r"Policy",
        r"Group",
        r"Grp\.?",
        r"Medicare",
        r"Medicaid",
        r"Beneficiary",
        r"Health\s*Plan",
        r"Plan",
        r"Cert(?:ificate)?\s*of\s*Coverage",
        r"Coverage",
    ),
    # Canada's provincial `Health Number`, `Health Card No.` (the number word required: `Digital Health 2024`)
    r"Health\s*(?:Card\s*)?(?:#|N[o0]\b\.?|Number|ID\b)",
    r"MBI",
    r"HCN",
    r"PHN",
    r"HICN?",
    r"Ins\s*ID",
    r"Member\s*ID",
)
ACCOUNT_LABEL = alt(
    _ids(
        r"Acc(?:oun)?t\.?",
        r"Account",
        r"Billing",
        r"Bill",
        r"Visit",
        r"Encounter",
        r"Enc\.?",
        r"Invoice",
        r"Claim",
        r"Statement",
        r"Guarantor",
        r"Card",
        r"Credit\s*Card",
        r"Bank",
    ),
    r"FIN\b",
    r"CSN\b",
    r"HAR\b",
    r"Rx\s*(?:#|N[o0]\b\.?|Number|ID)?",
    r"R[xX]\s*:",
    _ids(r"Prescription", r"Refill"),
)
LICENSE_LABEL = alt(
    r"(?:Driver'?s?\s*)?Lic(?:en[cs]e|\.)?\s*(?:#|N[o0]\b\.?|Number|ID)",
    r"Driver'?s?\s*Lic(?:en[cs]e|\.)?",
    r"Licen[cs]e(?!\s*Plate)",
    r"DL\s*(?:#|N[o0]\b\.?)?",
    r"CDL",
    _ids(r"Cert(?:ificate|\.)?"),
    _ids(r"DEA"),
    _ids(r"NPI"),
    _ids(r"Permit"),
    _ids(r"Registration"),
    r"Reg\s*#",
    _ids(r"State\s*ID"),
)
VEHICLE_LABEL = alt(
    r"(?:License|Licence|Lic\.?)\s*Plate" + NUMBER_WORD,
    r"Plate" + NUMBER_WORD,
    r"Tag\s*(?:#|N[o0]\b\.?)",
    r"VIN" + NUMBER_WORD,
    _ids(r"Vehicle"),
    _ids(r"Parking\s*Permit"),
)
DEVICE_LABEL = alt(
    r"Serial" + NUMBER_WORD,
    r"S/N",
    r"SN",
    r"Ser\.?\s*#",
    _ids(r"Device"),
    r"UDI",
    r"IMEI",
    r"MEID",
    r"MAC(?:\s*Addr(?:ess)?)?",
    _ids(r"Asset"),
    r"Asset\s*Tag",
    r"Model\s*/\s*Serial",
    _ids(r"Implant"),
    _ids(r"Pacemaker"),
    r"Equip(?:ment)?\s*(?:ID|#)",
    r"Lot\s*/\s*Serial",
)
_MACHINE_ID = (r"op|operation|req|request|trace|span|session|txn?|transaction|thread|proc|process|job|task"
               r"|corr(?:elation)?|msg|message|event|run|build|commit|container|pod|instance|parent|root|worker")
OTHER_LABEL = alt(
    r"ID",
    r"I\.D\.",
    r"Identifier",
    _ids(r"Case"),
    _ids(r"Specimen"),
    _ids(r"Accession"),
    r"Acc\s*#",
    _ids(r"Order"),
    r"Req(?:uisition)?\s*#",
    _ids(r"Employee"),
    r"Emp\.?\s*(?:ID|#)",
    _ids(r"Badge"),
    _ids(r"Student"),
    _ids(r"Passport"),
    _ids(r"Ref(?:erence)?"),
    r"Confirmation\s*(?:#|N[o0]\b\.?|Code)",
    r"Control\s*#",
    _ids(r"Lab"),
    _ids(r"Sample"),
    _ids(r"Kit"),
    _ids(r"Study"),
    _ids(r"Subject"),
    _ids(r"Donor"),
    _ids(r"Tracking"),
    _ids(r"Barcode"),
    _ids(r"Ticket"),
    _ids(r"Voucher"),
    # a payer's numbers for one patient's care: `Prior Authorization Number`, `Referral #`, `PA ID`
    r"(?:(?:Prior\s*)?Auth(?:ori[sz]ation|\.)?|Referral|Pre-?cert(?:ification)?)\s*(?:#|N[o0]\b\.?|Number|ID)",
    # Any word followed by `#`, `No.` or `ID`: a catch-all with a low score. Not a program's own ids in a log or a
    # trace (`opID=`, `requestId`, `traceID`, `sessionId`): they name an operation, never a person.
    rf"(?!(?i:{_MACHINE_ID})\s*ID\b)[A-Za-z]{{2,}}\s*(?:#|N[o0]\.|ID\b)",
)

PLATE_VALUE = r"(?P<v>[A-Za-z0-9|](?:[A-Za-z0-9|]|[ \-]{1,2}(?=[A-Za-z0-9|])){1,9}[A-Za-z0-9|])(?![A-Za-z0-9|])"
UDI_VALUE = r"(?P<v>[A-Za-z0-9(|](?:[A-Za-z0-9()|]|[\-/.](?=[A-Za-z0-9(|])|[ ](?=[\d(])){2,60})"
HEX = r"[0-9A-Fa-fOoSZIl]"  # hex digits and what OCR makes of them
MAC_VALUE = rf"(?P<v>{HEX}{{2}}(?:[:\-]{HEX}{{2}}){{5}})"


# An IBAN (`DE89 3704 0044 0532 0130 00`): a country, two check digits and up to thirty letters and digits, in groups
# of four that OCR may join (`37040044`). A person's bank account on a letter's or an invoice's footer.
IBAN_VALUE = r"(?P<v>[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30})"


def iban_valid(value: str) -> bool:
    """The ISO 13616 check: the country and check digits moved to the end, letters as 10-35, mod 97 is 1."""
    v = value.replace(" ", "")
    if not 15 <= len(v) <= 34:
        return False
    n = "".join(str(int(ch, 36)) for ch in v[4:] + v[:4])
    return int(n) % 97 == 1


def _iban_check(m: re.Match[str]) -> float | None:
    """Only a value whose check digits agree: a part number or a code shaped like one does not (1 in 97 may)."""
    return 0.9 if iban_valid(m.group("v")) else None


def _vin_check(m: re.Match[str]) -> float | None:
    v = m.group("v")
    letters = sum(ch.isalpha() for ch in v)
    return 0.8 if real_digits(v) >= 4 and letters >= 2 else None


# Product codes on drug and device labels are long numbers that identify no one.
_PRODUCT_CODE = re.compile(r"(?i)\b(?:NDC|UPC|EAN|GTIN|Lot|Cat|REF|Model|Exp|Mfr|Item|SKU)\b\W{0,3}$")


def gtin(value: str) -> bool:
    """A GS1 product number (GTIN-8/12/13/14: EAN, UPC) with a valid check digit: the long numbers on
    every shop receipt and drug box. Identifies a product, not a person."""
    if not value.isdigit() or len(value) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in value]
    body = digits[:-1][::-1]
    total = sum(d * (3 if k % 2 == 0 else 1) for k, d in enumerate(body))
    return (10 - total % 10) % 10 == digits[-1]


# A seller's tax or registration number (`UID Nr.: DE812706034`, `VAT: GB123456789`, `GSTIN:`) on a
# receipt or an invoice: a business's, no person's. So are an employer's EIN, a producer's recycling
# and battery registrations (`WEEE-Reg.-Nr.`, `BattG`), a trade-register entry and a form's OMB number.
SELLER_ID = re.compile(r"(?i)\b(?:VAT|UID|USt|GST(?:IN)?|ABN|CIF|SIRE[NT]|KvK|BTW|IVA|CUIT|UEN|Steuer\w*|F?EIN"
                       r"|WEEE(?:[\s\-]*Reg)?|BattG|HRB|HRA|OMB)\b"
                       r"(?:[\s\-]*Id)?(?:[\s\-]*(?:Nr|No|Number|#)\.?)?\s*[:#]?\s*(?:[A-Z]{2}\s*)?$")

# A maker's or a trader's licence (`Mfg. Lic. No. 756` on a medicine strip, `Drug Lic. No.` on a pharmacy's bill):
# the business's, no person's.
TRADE_LICENCE = re.compile(r"(?i)\b(?:Mfg|Mfr|Manufactur\w*|Drug|Trade|Business|Establishment)\.?[\s\-]*"
                           r"Lic(?:en[cs]e)?\.?[\s\-]*(?:Nr|No|Number|#)?\.?\s*[:#]?\s*$")


def _long_number_check(m: re.Match[str]) -> float | None:
    v = m.group("v")
    before = m.string[max(0, m.start() - 16) : m.start()]
    if _PRODUCT_CODE.search(before[-12:]) or SELLER_ID.search(before) or gtin(v):
        return None
    if _GLUED_TIME.match(v) and m.string[m.end() : m.end() + 1] == ":":
        return None  # `2024-08-3018:48`: a date and its time the OCR read with no space between
    if real_digits(v) < 9:
        return None
    # followed by a sex (`35658646748, M,`, a worklist's or a wristband's demographics): a person's number,
    # and a sign that the text around it is that person's (`context.is_anchor` takes 0.6 and up)
    return 0.7 if _SEX_AFTER.match(m.string, m.end()) else 0.5


_SEX_AFTER = re.compile(r"[ \t]*[,/|][ \t]*[MFmf](?:[ \t]*[,/|]|[ \t]*$|[ \t]+\d{1,3}[ \t]*[YyAaJj])")
_GLUED_TIME = re.compile(r"^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])$")


def luhn(value: str) -> bool:
    """The check digit every payment card number carries (ISO/IEC 7812)."""
    digits = [int(c) for c in value if c.isdigit()]
    total = sum(d if k % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d) for k, d in enumerate(reversed(digits)))
    return len(digits) >= 12 and total % 10 == 0


def _card_check(m: re.Match[str]) -> float | None:
    """A bare long number in card groups. When its Luhn digit checks it is a card number (0.7, a sign
    that the page around it is someone's: `context.is_anchor`); any other (a product number the OCR
    misread by one digit, a receipt's transaction number) is still masked, at `CARD_SHAPED`, but
    anchors nothing."""
    v = m.group("v")
    if real_digits(v) < 11 or gtin(v):
        return None
    return 0.7 if luhn(v) else CARD_SHAPED


CARD_SHAPED = 0.55
_MASK = r"[*#\u2022Xx][ \-]?"
MASKED_CARD = (rf"\d{{2,6}}[ \-]?(?:{_MASK}){{6,}}\d{{0,4}}|(?:{_MASK}){{6,}}\d{{2,4}}"
               # a card slip's `55257642****202*`: the first eight digits, four masked, three more, one masked
               rf"|\d{{6,8}}(?:{_MASK}){{4}}\d{{3,4}}(?:{_MASK})?")
# A short prefix is glued to its number or joined by - or _; a whole word may stand a space from it.
PATIENT_CODE = (r"(?:PAT|PT|PID|MRN|MR|HN|UHID|SUBJ|SUB|PX)[\-_]?\d{3,}[A-Za-z0-9\-]*"
                r"|(?:PATIENT|SUBJECT|PARTICIPANT|CASE)[\-_ ]?(?!(?:19|20)\d\d\b)\d{3,}[A-Za-z0-9\-]*")


def _dose_check(m: re.Match[str]) -> float | None:
    """`PT 100 mg` is a dose, not a code."""
    return None if re.match(r"\s*(?:mg|ml|mcg|g|kg|%|units?|iu)\b", m.string[m.end() :], re.IGNORECASE) else 0.7


def _uid_check(m: re.Match[str]) -> float | None:
    """Not a version (`v1.2.3.4.5.6`)."""
    return None if re.search(r"(?i)\b(?:v|ver|version|release|rev|build)\.?\s*$", m.string[: m.start()]) else 0.75


class RecordNumberRecognizer(RuleRecognizer):
    """Identifiers 8-13 and 18 when a label names them; VINs, MACs and card numbers by shape."""

    RULES = (
        labelled("MRN", MRN_LABEL, 0.92, min_digits=4),
        labelled("MRN", RECORD_LABEL, 0.85, min_digits=3),
        labelled("HEALTH_PLAN", PLAN_LABEL, 0.9, min_digits=4),
        labelled("ACCOUNT", ACCOUNT_LABEL, 0.9, min_digits=4),
        labelled("LICENSE", LICENSE_LABEL, 0.88, min_digits=3),
        labelled("VEHICLE", VEHICLE_LABEL, 0.93, min_digits=1, value=PLATE_VALUE),
        labelled("VEHICLE", r"VIN" + NUMBER_WORD, 0.95, min_digits=1),
        labelled("DEVICE", DEVICE_LABEL, 0.9, min_digits=3, value=UDI_VALUE),
        labelled("DEVICE", DEVICE_LABEL, 0.91, min_digits=0, value=MAC_VALUE),
        labelled("OTHER_ID", OTHER_LABEL, 0.6, min_digits=4),
        # Shapes that need no label.
        rule("VEHICLE", r"(?<![A-Za-z0-9])(?P<v>[A-HJ-NPR-Z0-9]{17})(?![A-Za-z0-9])", 0.8, _vin_check),
        rule("DEVICE", rf"(?<![\w:\-]){MAC_VALUE}(?![\w:\-])", 0.75),
        rule("ACCOUNT", rf"(?<![\w\-]){IBAN_VALUE}(?![\w\-])", 0.9, _iban_check),
        # after its label, the whole value, checked or not (a misread digit breaks the check, not the account)
        labelled("ACCOUNT", r"IBAN", 0.9, min_digits=4, value=IBAN_VALUE),
        rule(
            "ACCOUNT",
            # (not a decimal's fraction: a spreadsheet's `1.00120546688938`)
            rf"(?<![\w\-])(?<!\d\.)(?P<v>{D}{{4}}(?:[ \-]{{0,2}}{D}{{4}}){{2}}[ \-]{{0,2}}{D}{{1,7}})(?![\w\-])",
            0.7,
            _card_check,
        ),
        rule(
            "OTHER_ID", r"(?<![\w\-])(?<!\d\.)(?P<v>[A-Za-z]{0,4}\d[\d\-]{7,}\d[A-Za-z]{0,2})(?![\w\-])", 0.5,
            _long_number_check
        ),
        # A card number the till masked (`************6004`, `XXXX XXXX XXXX 1234`, `009###########`): the
        # digits left, first or last, still point at one card and its holder.
        rule("MASKED_CARD", rf"(?<![\w*#\u2022])(?P<v>{MASKED_CARD})(?![\w*#\u2022])", 0.8),
        # A DICOM UID (`1.2.840.113619.2.55.3.604688119.969`): names one study, series or image of a person.
        rule("OTHER_ID", r"(?<![\w.])(?P<v>[0-2](?:\.(?:0|[1-9]\d{0,15})){5,})(?![\w.])", 0.75, _uid_check),
        # The number in square brackets closing a record's banner, after the age (`(63) [3509]`).
        rule("MRN", rf"\((?:{BANNER_AGE})\)[ \t]*\[(?P<v>[A-Za-z]{{0,3}}\d{{3,12}})\]", 0.85),
        # A FHIR reference to a person's resource (`"reference": "Patient/patientBSJ1"`): that patient's id.
        rule("OTHER_ID", r"(?<![\w/])(?P<v>(?:Patient|Person|RelatedPerson)/(?=[A-Za-z\-.]*\d)"
             r"[A-Za-z0-9][A-Za-z0-9\-.]{0,63})(?![\w\-/])", 0.8),
        # An ISBT 128 donation number (`W0381 26 095422`: a collection site, the year, a serial): the blood bag's
        # label traces one donation to its donor.
        rule("OTHER_ID", r"(?<![\w\-])(?P<v>[A-Z]\d{4}[ ]?\d{2}[ ]?\d{6})(?![\w\-])", 0.8),
        # A code whose prefix says whose it is: `PAT-000123`, `PID_0042`, `sub-0042`, `Subject 017`.
        rule("OTHER_ID", rf"(?<![\w\-])(?P<v>(?i:{PATIENT_CODE}))(?![\w\-])", 0.7, _dose_check),
    )
