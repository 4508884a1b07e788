"""A labelled field's value on a person's record, whatever its shape.

The recognizers call a value by its shape: a street with its suffix, a US state and ZIP, a number of
four or more digits. A record from elsewhere breaks every shape: `Address: Kathmandu`, `Village:
Rampur`, `City: Lisboa`, `Patient ID: 56`. Inside a person's region (`context` decides where these
rules run) the label says what the value is, so the value is masked as what the label names (fail
closed): a place smaller than a state, or the person's number.

Two digits are enough for a patient's number (`#56` names one patient of a small clinic); a single
digit is a row's, not a person's. Values that name no one (`N/A`, `-`, `Not provided`) stay.
"""

from __future__ import annotations

import re

from .recognizers.base import normalize

# Safe Harbor's identifier 2: any place smaller than a state.
_PLACE = (
    r"(?:(?:Home|Permanent|Present|Current|Postal|Mailing|Residential|Patient'?s?|Street)\s*)?Address|Addr"
    r"|Residence|City|Town|Village|District|Locality|Suburb|County|Municipality|Ward\s*No|Barangay|Taluk|Tehsil"
    r"|Zip(?:\s*Code)?|Post(?:al)?\s*Code|Postcode|PIN(?:\s*Code)?|Place\s*of\s*Birth|Birth\s*Place|Birthplace|Hometown"
)
# A person's number, by whichever office issued it.
_NUMBER = (
    r"(?:(?:Patient|Pt|Client|Member|Hospital|Case|File|Folder|Record|Chart|Card|Registration|Reg|IP|OP|In-?patient"
    r"|Out-?patient|Admission|Visit|Encounter|Account|Acct|Health|National|Person(?:al)?)\.?\s*"
    r"(?:ID|I\.D\.|No|Nr|Number|Num|Code|#)\.?)|UHID|PID|MRN|ID|I\.D\.|Code"
)
_SEP = r"\s*(?:[:#=]|\bNo\b\.?)\s*"
_VALUE = r"(?P<v>[^\s:][^:]{0,58}?)"
# The value runs to the end of the line, or to the next `Label:` of a form row.
_FIELD = re.compile(
    rf"(?i)(?<![\w])(?P<label>{_PLACE}|{_NUMBER}){_SEP}{_VALUE}\s*(?=$|\s{{2,}}|\s+[A-Za-z][A-Za-z ]{{0,20}}:)"
)
_LABEL_ONLY = re.compile(rf"(?i)^\s*(?P<label>{_PLACE}|{_NUMBER})\s*[:#]?\s*$")
_PLACE_LABEL = re.compile(rf"(?i)^(?:{_PLACE})$")
_NOBODY = re.compile(r"(?i)^(?:n/?a|none|nil|null|unknown|not\s+(?:provided|available|given|set)|-+|—|\.+|\?+)$")


def _value_ok(kind: str, value: str) -> bool:
    v = value.strip(" .,;")
    if not v or _NOBODY.match(v):
        return False
    if kind == "place":
        return any(c.isalnum() for c in v)
    return sum(c.isdigit() for c in v) >= 2 and len(v.split()) <= 3


def _kind(label: str) -> str:
    return "place" if _PLACE_LABEL.match(re.sub(r"\s+", " ", label.strip())) else "number"


# A number's value is its code (`56`, `P-1001`, `MR 12345`, `2024/117`), not the words after it.
_CODE = re.compile(r"(?:[A-Za-z]{1,4}[ \-])?[A-Za-z0-9]*\d[A-Za-z0-9\-/.]*")


def field_values(text: str) -> list[tuple[str, int, int]]:
    """(`place` or `number`, start, end) of each labelled value on this line."""
    t = normalize(text)
    out = []
    for m in _FIELD.finditer(t):
        kind = _kind(m.group("label"))
        a, b = m.span("v")
        if kind == "number":
            code = _CODE.match(t, a, b)
            if code is None or (m.group("label").lower() == "code" and not code.group(0).isdigit()):
                continue  # a bare `Code:` is a person's only as a number (`Code: 258`, not `Code: E11.9`)
            b = code.end()
        if _value_ok(kind, t[a:b]):
            out.append((kind, a, b))
    return out


def field_label(text: str) -> str:
    """`place` or `number` when the whole line is such a label (its value on the line beside or below),
    else ''."""
    m = _LABEL_ONLY.match(normalize(text))
    if not m or m.group("label").lower() == "code":
        return ""  # a `CODE` alone is as often a table's column of exam or product codes
    return _kind(m.group("label"))


def value_line(kind: str, text: str) -> bool:
    """Could this whole line be the value of a `kind` label sitting on another line?"""
    return not field_label(text) and ":" not in text and _value_ok(kind, normalize(text))
