"""A date typed in separate boxes: day, month and year side by side, read by the OCR as three lines.

Paper forms and web forms (GOV.UK's date input, a registration form's `DD | MM | YYYY`) give each part
of a date its own box, so the OCR reads `14`, `01` and `2022` as three lines. No date rule sees a
date in a lone `14`, and a label beside the first box (`Date of birth`) pairs with `14` alone. Joined
as one line (`14 01 2022`), the boxes meet every date rule a one-line date meets: the label, the
region's person, the page's record. Nothing is decided here; this module only finds the rows and joins
them, so a delivery date in an inventory form stays what the classifier makes of any delivery date.

A row counts only as three short numbers, alone on their row, level, of one size, each within three
text heights of the next, that read as a calendar date in day-month-year, month-day-year or
year-month-day order with a four-digit year from 1900 to 2099: the axis ticks of a chart (`57 58 59`)
and a table row of counts are not dates.
"""

from __future__ import annotations

import re

from .layout import Frame, frame
from .model import TextLine, Word, bbox_of, polygon_from_box

_PIECE = re.compile(r"\d{1,4}")
LEVEL = 0.35  # text heights between two boxes' centres still counted as one row
SIZE = 1.4  # height ratio two boxes of one date may differ by
GAP = 3.0  # text heights between one box's end and the next box's start
UPRIGHT = 10.0  # degrees: boxes at a slant are not joined (a slanted photo has no clean row)


def _date(parts: list[str]) -> bool:
    """Do three numbers read as a date, in any of the three common orders?"""
    a, b, c = parts

    def ymd(y: str, m: str, d: str) -> bool:
        return len(y) == 4 and 1900 <= int(y) <= 2099 and 1 <= int(m) <= 12 and 1 <= int(d) <= 31

    short = [len(p) <= 2 for p in parts]
    year_last = short[0] and short[1] and (ymd(c, b, a) or ymd(c, a, b))  # day-month-year, month-day-year
    year_first = short[1] and short[2] and ymd(a, b, c)
    return year_last or year_first


def _next_in_row(a: Frame, b: Frame) -> bool:
    # the boxes are upright, so a box's height is its extent down the page: a narrow `01` read tall is
    # not a line on its side (`TextLine.height`, the quadrilateral's shorter side, would say it was)
    ha, hb = max(1.0, a.y1 - a.y0), max(1.0, b.y1 - b.y0)
    h = max(ha, hb)
    return abs(a.cy - b.cy) <= LEVEL * h and h <= SIZE * min(ha, hb) and 0 <= b.x0 - a.x1 <= GAP * h


def date_rows(lines: list[TextLine]) -> list[list[int]]:
    """Groups of three line indices, left to right, that are one date typed in boxes."""
    pieces = [i for i, ln in enumerate(lines) if _PIECE.fullmatch(ln.text.strip())]
    if len(pieces) < 3:
        return []
    frames = {i: frame(lines[i]) for i in pieces}
    # a box of one or two digits is narrower than it is tall, and the OCR's quadrilateral around it may start on
    # its long side (an angle of 90 degrees): only longer pieces say which way the row runs
    pieces = [i for i in pieces if abs(frames[i].angle) <= UPRIGHT or len(lines[i].text.strip()) <= 2]
    nxt: dict[int, int] = {}
    for i in pieces:
        after = [j for j in pieces if j != i and _next_in_row(frames[i], frames[j])]
        if after:
            nxt[i] = min(after, key=lambda j: frames[j].x0)
    rows = [[i, nxt[i], nxt[nxt[i]]] for i in pieces if i not in nxt.values() and i in nxt and nxt[i] in nxt]
    rows = [row for row in rows if _date([lines[k].text.strip() for k in row])]
    if not rows:
        return []
    # a fourth number beside the row makes it a table row; a label beside the first box is what we want
    numbers = [(k, frames.get(k) or frame(ln)) for k, ln in enumerate(lines) if any(ch.isdigit() for ch in ln.text)]
    return [row for row in rows if not any(
        k not in row and (_next_in_row(f, frames[row[0]]) or _next_in_row(frames[row[-1]], f)) for k, f in numbers)]


def joined(lines: list[TextLine], row: list[int]) -> TextLine:
    """The boxes of `row` as one line, `14 01 2022`, its words each box's own so a mask covers the boxes;
    a one-digit day or month is written with its zero, as the date rules expect a typed date."""
    words: list[Word] = []
    text = ""
    for k in row:
        piece = lines[k].text.strip().rjust(2, "0")  # a day or month box filled `1` is the date's `01`
        if text:
            text += " "
        words.append(Word(piece, lines[k].polygon, lines[k].score, len(text), len(text) + len(piece)))
        text += piece
    poly = polygon_from_box(*bbox_of(tuple(pt for k in row for pt in lines[k].polygon)))
    return TextLine(text, poly, min(lines[k].score for k in row), tuple(words), lines[row[0]].engine)


def piece_spans(line: TextLine) -> list[tuple[int, int]]:
    """Each box's character range in a joined line."""
    return [(w.start, w.end) for w in line.words]
