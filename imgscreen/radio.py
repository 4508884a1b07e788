"""Amateur radio screens: call signs, their operators, radio ids and positions.

A call sign is issued to one licensed person and anyone can look its holder up (national registers, QRZ):
on a hotspot's last-heard list, an APRS map or a tracker's display it names its operator as surely as a
name, and the word after it often is the operator's first name (`OE1KBC KURT`). Alone, its shape
(`OE7ABH`, `DL9OH`, `W1AW-9`) is also a part number's or a postcode's, so everything here counts only on
a page that says it is about radio (`APRS`, `DMR`, `Last Heard`, `MMDVM`, ...).
"""

from __future__ import annotations

import re

from .model import TextLine
from .recognizers.base import normalize

_RADIO_WORD = re.compile(
    r"(?i)\b(?:aprs|call[ \t\-]?signs?|qso|qrz|dmr|d-?star|ysf|repeaters?|last[ \t]*heard|brandmeister|hotspot"
    r"|i-?gate|digipeater|talk[ \t]*groups?|ssid|pi-?star|mmdvm|echolink|allstar|ham[ \t]*radio|amateur[ \t]*radio)\b")
# A prefix (one or two letters, a digit and a letter, or a letter and a digit), the region's digit and a suffix of
# one to four letters (an `O` the OCR read as `0` kept: `DL90H` is `DL9OH`), an APRS station's SSID after a hyphen.
_CALL_SIGN = re.compile(
    r"(?<![\w\-/.:])(?P<v>(?:[A-Z]{1,2}|\d[A-Z]|[A-Z]\d)\d(?=[A-Z0]{0,3}[A-Z])[A-Z0]{1,4}(?:-(?:1[0-5]|\d))?)"
    r"(?![\w/])")
# The operator's name after the call sign on the same line (`OE7DRT Dominic`, `OE1KBC KURT`).
_OPERATOR = re.compile(r"^[ \t]+(?P<v>[A-Z][A-Za-z]{1,20}(?:[ \t]+[A-Z][A-Za-z]{1,20})?)[ \t]*$")
# A DMR radio's personal id: seven digits, the country's code first (`2327180`).
_RADIO_ID = re.compile(r"(?<![\w.\-])(?P<v>[1-7]\d{6})(?![\w.])")
# An APRS position in degrees and minutes (`=4819.81N`, `01418.61E`): the station's, to a few metres.
_POSITION = re.compile(r"(?<![\d.])(?P<v>\d{4}\.\d{1,2}[NS]?|\d{5}\.\d{1,2}[EW])(?![\d.])")


def radio_page(lines: list[TextLine]) -> bool:
    """Does the page say it is a radio's (a dashboard, a map, a tracker)?"""
    return any(_RADIO_WORD.search(normalize(line.text)) for line in lines)


def _call_sign(token: str) -> bool:
    """Four characters or more before any SSID: `A4B` is a paper size, and the shortest call signs are rare."""
    return len(token.split("-")[0]) >= 4


def radio_identifiers(lines: list[TextLine]) -> list[tuple[int, int, int, str]]:
    """(line, start, end, entity) of every call sign, operator's name, radio id and position on a radio page."""
    if not radio_page(lines):
        return []
    out: list[tuple[int, int, int, str]] = []
    for i, line in enumerate(lines):
        text = line.text
        for m in _CALL_SIGN.finditer(text):
            if not _call_sign(m.group("v")):
                continue
            out.append((i, m.start("v"), m.end("v"), "CALL_SIGN"))
            if op := _OPERATOR.match(text[m.end("v"):]):
                out.append((i, m.end("v") + op.start("v"), m.end("v") + op.end("v"), "OPERATOR_NAME"))
        out += [(i, m.start("v"), m.end("v"), "RADIO_ID") for m in _RADIO_ID.finditer(text)]
        out += [(i, m.start("v"), m.end("v"), "RADIO_POSITION") for m in _POSITION.finditer(text)]
    return out
