"""The people in a chat screenshot: who spoke, who is in the channel, who is typing.

A team's chat (Teams, Slack, WhatsApp, IRC, Matrix) shown on a screen names its members by nickname
or by name, and a nickname (`Global_Perception`, `kompowiec2`) is no name to a name recognizer. What
gives them away is the layout every chat client shares:

- a message group opens with its speaker on a line of their own, the time on the same row at the
  right, and the message on the line below, which has no time of its own (a departure board or a
  timetable has a time on every row, so it is no chat);
- or, in a terminal or IRC client, each row holds the time, the speaker and the message side by side
  (a departure board's destination beside its time is no sentence: the chat needs talk);
- or, in a terminal client, the speaker is glued to the message by a colon after the time
  (`18:10  boxdot: But ...`), and each such speaker speaks on two rows or more (a log's `Error: ...` rows
  name no one: `Error` is an English word);
- a member list sits under a `Users`, `Members`, `Participants` or `Online` heading;
- `okok is typing...` names who is typing, and `a, b and c are following` who is reading;
- a nickname found so is masked wherever else it stands on the chat.

Only a screen with three or more speaker rows, two of them over a sentence, is a chat; on it, those kinds
of line are masked.
"""

from __future__ import annotations

import re

from .model import TextLine, bbox_of
from .recognizers.base import normalize
from .recognizers.gazetteer import is_first_name
from .recognizers.words import english_words

# A speaker as a chat prints them: a nickname (`the_anarchist`, `pybot-12-25`, `[Bot]`) or up to three words.
_SPEAKER = re.compile(r"^@?[^\W\d][\w.\-\[\]|^`{}]{0,31}$|^[^\W\d][\w'.\-]*(?:[ \t]+[^\W\d][\w'.\-]*){1,2}$")
_TIME = re.compile(r"^\[?\d{1,2}\s?:\s?\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?\]?$")  # not `8.95`: a price
# A chat list's age of the last message (`Now`, `56 min`, `1 hour`, `Yesterday`): beside a name-like speaker only,
# as a notification list puts it beside `CRITICAL` or `Medications`.
_AGE = re.compile(r"(?i)^(?:now|just\s+now|yesterday|\d{1,2}\s?(?:min|mins|minutes?|h|hrs?|hours?)(?:\s+ago)?"
                  # a forum's score and the post's compact age (`3 · 7h`, `417·2d`, `903·1w·(1w)` once edited)
                  r"|(?:\d{1,6}\s?[\u00b7\u2022.]\s?)?\d{1,3}\s?(?:s|m|h|d|w|mo|y)"
                  r"(?:\s?[\u00b7\u2022]\s?\(?\d{1,3}\s?(?:s|m|h|d|w|mo|y)\)?)?)$")
# `Jane Doe  10:32 AM`: the speaker and the time read as one line.
_SPEAKER_TIME = re.compile(r"^(?P<n>[^\W\d][\w'.\-]*(?:[ \t]+[^\W\d][\w'.\-]*){0,2})[ \t]+\[?\d{1,2}:\d{2}"
                           r"(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?\]?$")
# A forum's or a comment thread's byline read as one line: the poster and the post's age or its votes
# (`xadhominemx 20 mins`, `ahartmetz 15 mins • > is getting ...`, `MermaidsGarden ↑41 ↓1`).
_SPEAKER_AGE = re.compile(r"^(?P<n>@?[^\W\d][\w.\-]{1,31})[ \t]+(?:\d{1,3}[ \t]?(?:s|m|mins?|minutes?|h|hrs?|hours?"
                          r"|d|days?|w|wks?|weeks?|mo|months?|y|yrs?|years?)(?:[ \t]+ago)?"
                          r"|[\u2191\u25b2][ \t]?\d{1,6}[ \t]?[\u2193\u25bc][ \t]?\d{1,6})(?:[ \t]*[\u00b7\u2022].*)?$")
_MEMBERS = re.compile(r"(?i)^\W*(?:users?|members?|participants?|people|online|attendees|in\s+this\s+(?:chat|channel))"
                      r"\b\W*(?:\(?\d+\)?)?\W*$")
# `okok is typing...`, `MGlolenstine, jcwasmx86 and K900 are following the conversation`
_TYPING = re.compile(r"(?i)^(?P<n>[^\s,]+(?:\s*(?:,|and)\s*[^\s,]+){0,5})\s+(?:is|are)\s+"
                     r"(?:(?:typ|follow|read|view|watch)\w*|here)\b")
# A sidebar's section heading with its count (`Rooms 315`, `Low Priority (41)`), which ends a member list.
_SECTION = re.compile(r"^[^\W\d][\w ]{1,30}\s\(?\d+\)?$")
# `18:10 boxdot: But https://...`, `krstn: The history?`: a terminal client's speaker glued to the message by a colon,
# the time in its own column at the left or read into the same line.
_COLON_SPEAKER = re.compile(r"^(?:\[?\d{1,2}\s?:\s?\d{2}(?:\s?:\s?\d{2})?\]?[ \t]+)?"
                            r"(?P<n>@?[^\W\d][\w.\-\[\]|^`{}]{1,31}):[ \t]+\S")
_HANDLE_WORD = re.compile(r"[^\s,:;()\[\]]+")
MIN_SPEAKERS = 3
MIN_TALK = 2  # speaker rows over a sentence
UNTIMED_ROWS = 4  # rows of a transcript without times


def _row(a: TextLine, b: TextLine) -> bool:
    """Is `b` on `a`'s row (their middles within half a text height), to its right?"""
    ax, ay, aw, ah = bbox_of(a.polygon)
    bx, by, bw, bh = bbox_of(b.polygon)
    return abs((ay + ah / 2) - (by + bh / 2)) < 0.5 * max(ah, bh) and bx > ax + aw


def _below(a: TextLine, b: TextLine) -> bool:
    """Is `b` the next line under `a`, starting where `a` starts?"""
    ax, ay, aw, ah = bbox_of(a.polygon)
    bx, by, bw, bh = bbox_of(b.polygon)
    return abs(bx - ax) < 1.5 * ah and 0 <= by - (ay + ah) < 1.2 * ah


def _timed(lines: list[TextLine], i: int, times: list[int]) -> bool:
    return any(_row(lines[i], lines[t]) for t in times)


def _name_like(text: str) -> bool:
    """A given name (`Rose`, `Alice`) or a word no English list has (`FunBreaker`); not `Medications`, `CRITICAL`."""
    first = text.split()[0].upper()
    return is_first_name(first) or first not in english_words()


def _speakers(lines: list[TextLine], times: list[int]) -> tuple[list[tuple[int, int, int]], int]:
    """The speaker rows, and how many of them open a message of four words or more (a sentence: an
    appointment list's `Pikachu  10:30` over `Regular Checkup` has a time, a name and a label, no talk)."""
    ages = [k for k, line in enumerate(lines) if _AGE.match(normalize(line.text).strip())]
    out, talk = [], 0
    for i, line in enumerate(lines):
        t = normalize(line.text).strip()
        if (m := _SPEAKER_TIME.match(t)) or (m := _SPEAKER_AGE.match(t)) and _name_like(m.group("n").lstrip("@")):
            who = (i, 0, m.end("n"))
        elif _SPEAKER.match(t) and (_timed(lines, i, times) or _name_like(t) and _timed(lines, i, ages)):
            who = (i, 0, len(line.text.rstrip()))
        else:
            continue
        under = [k for k, other in enumerate(lines) if k != i and _below(line, other)]
        if under and not any(_timed(lines, k, times) or _SPEAKER_TIME.match(normalize(lines[k].text).strip())
                             for k in under):
            out.append(who)
            talk += any(len(lines[k].text.split()) >= 4 for k in under)
    return out, talk


def _side_by_side(lines: list[TextLine], times: list[int]) -> tuple[list[tuple[int, int, int]], int]:
    """The speaker rows of a terminal or IRC client, where each row holds the time, the speaker and the
    message side by side, and how many of them carry a sentence. On such a screen the room list beside
    the times is no speaker, though a room's name has a time at its right and a line below it. A speaker
    is name-like (`_name_like`): an agenda's or a worklist's rows put a status word after the time."""
    out, talk = [], 0
    for i, line in enumerate(lines):
        t = normalize(line.text).strip()
        # a nickname or a given name, not a status word (`Signed`, `Normal`) or a stroke the OCR read (`一`)
        if not _SPEAKER.match(t) or sum(ch.isascii() and ch.isalpha() for ch in t) < 2 or not _name_like(t) \
                or not any(_row(lines[k], line) for k in times):
            continue
        beside = [k for k, other in enumerate(lines) if k != i and _row(line, other)]
        if beside and not any(k in times for k in beside):
            out.append((i, 0, len(line.text.rstrip())))
            talk += any(len(lines[k].text.split()) >= 4 for k in beside)
    return out, talk


def _colon_speakers(lines: list[TextLine], times: list[int]) -> list[tuple[int, int, int]]:
    """The speakers of a terminal chat that prints `time  nick: message` on each row. A label row (`Note: ...`,
    `Error: ...`) has that shape too, so a speaker must be timed, name-like, and speak on two rows or more; or,
    in a transcript without times, be a given name among others."""
    rows: dict[str, list[tuple[int, int, int]]] = {}
    given: dict[str, list[tuple[int, int, int]]] = {}  # untimed rows whose speaker is a given name
    for i, line in enumerate(lines):
        t = normalize(line.text)
        m = _COLON_SPEAKER.match(t.strip())
        if not m or not _name_like(m.group("n").lstrip("@")):
            continue
        a = t.index(m.group("n"))
        row = (i, a, a + len(m.group("n")))
        if m.group(0)[:1] in "[0123456789" or any(_row(lines[k], line) for k in times):
            rows.setdefault(m.group("n").upper(), []).append(row)  # the time read into the line, or at the left
        elif _given_name(m.group("n")):
            given.setdefault(m.group("n").upper(), []).append(row)
    spoken = [r for rs in rows.values() if len(rs) >= 2 for r in rs]
    if len(spoken) >= MIN_SPEAKERS:
        return spoken
    # A transcript with no times (`Olivia: ramen is ...`, `Noah: facts ...`): given names that are no English
    # word, two of them or more, one speaking twice, on four rows or more; a form's `Note:` is no given name.
    untimed = [r for rs in given.values() for r in rs]
    if len(given) >= 2 and any(len(rs) >= 2 for rs in given.values()) and len(untimed) >= UNTIMED_ROWS:
        return untimed
    return []


def _given_name(word: str) -> bool:
    up = word.upper()
    return word[:1].isupper() and is_first_name(up) and up not in english_words()


def _members(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """The lines of each member list: under its heading, left-aligned with it, one short name each."""
    out = []
    for h, head in enumerate(lines):
        if not _MEMBERS.match(normalize(head.text).strip()):
            continue
        hx, hy, hw, hh = bbox_of(head.polygon)
        boxes = {i: bbox_of(line.polygon) for i, line in enumerate(lines) if i != h}
        below = sorted((box[1], i) for i, box in boxes.items() if box[1] > hy and -2 * hh < box[0] - hx < 8 * hh)
        for _, i in below:
            t = normalize(lines[i].text).strip()
            if _SECTION.match(t):
                break  # the next section of a sidebar (`Rooms 315` under a collapsed `People 345`): no member
            if _SPEAKER.match(t):
                out.append((i, 0, len(lines[i].text.rstrip())))
    return out


def chat_names(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of every speaker, member and typist on a chat screen; none elsewhere."""
    times = [k for k, line in enumerate(lines) if _TIME.match(normalize(line.text).strip())]  # (every layout uses them)
    speakers, talk = _side_by_side(lines, times)
    if len(speakers) < MIN_SPEAKERS or talk < max(MIN_TALK, len(speakers) / 2):
        # (an agenda's rows hold a time, a status and a note too: a chat's rows are mostly talk)
        speakers, talk = _speakers(lines, times)
    if len(speakers) < MIN_SPEAKERS or talk < MIN_TALK:
        speakers = _colon_speakers(lines, times)
    if not speakers:
        nicks = _nick_column(lines) + _irc_speakers(lines)
        return sorted(set(nicks + _echoes(lines, nicks)))
    typing = [(i, m.start("n"), m.end("n")) for i, line in enumerate(lines)
              if (m := _TYPING.match(line.text.strip()))]
    found = speakers + _members(lines) + typing
    return sorted(set(found + _echoes(lines, found)))


# An IRC log's message: `22:45 < kigelson> so why this thing no work well`, `[23:31] <@op> hi`: a time, then the
# speaker's nickname in angle brackets (a mode sign before it).
_IRC_SPEAKER = re.compile(r"^\s*\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*<\s*[@+%&~]?\s*"
                          r"(?P<n>[A-Za-z_\[\]\\^{}|`][\w\-\[\]\\^{}|`]{1,30})\s*>")


def _irc_speakers(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """(line, start, end) of each `<nick>` that opens a timed line of an IRC log."""
    return [(i, m.start("n"), m.end("n")) for i, line in enumerate(lines) if (m := _IRC_SPEAKER.match(line.text))]


# An IRC client's log: `[23:31] * Topic is ...`, `[23:31] -Q- ...`.
_IRC_ROW = re.compile(r"^\[\d{1,2}:\d{2}(?::\d{2})?\]\s")
NICK_COLUMN = 6  # nicknames stacked in one column that make a channel's user list


def _nick_column(lines: list[TextLine]) -> list[tuple[int, int, int]]:
    """An IRC channel's user list with no heading: on a page with two or more `[hh:mm]` log rows, a column of six or
    more one-word lines starting at one left edge, most of them no English word (`Athan`, `kullervo`, `macnoos`)."""
    if sum(bool(_IRC_ROW.match(normalize(line.text).strip())) for line in lines) < 2:
        return []
    vocab = english_words()
    words = [(i, bbox_of(line.polygon)) for i, line in enumerate(lines)
             if (t := normalize(line.text).strip()) and " " not in t and _SPEAKER.match(t)
             and sum(ch.isalpha() for ch in t) >= 2]
    best: list[int] = []
    for _, box in words:
        column = [k for k, other in words if abs(other[0] - box[0]) < 0.6 * max(box[3], other[3])]
        if len(column) > len(best):
            best = column
    odd = [k for k in best if normalize(lines[k].text).strip().lstrip("@+").upper() not in vocab]
    if len(best) < NICK_COLUMN or len(odd) < 0.6 * len(best):
        return []
    return [(k, 0, len(lines[k].text.rstrip())) for k in best]


def _echoes(lines: list[TextLine], found: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The same nicknames elsewhere on the chat (`AlenPaulVarghese joined the room`, a reply's `@tk`): a
    handle of three characters or more as a word anywhere, a shorter one only alone on its line."""
    handles = {lines[i].text[a:b].strip().lstrip("@") for i, a, b in found}
    handles = {h for h in handles if h and " " not in h}
    out = []
    for i, line in enumerate(lines):
        if line.text.strip().lstrip("@") in handles:
            out.append((i, 0, len(line.text.rstrip())))
            continue
        out.extend((i, m.start(), m.end()) for m in _HANDLE_WORD.finditer(line.text)
                   if len(m.group().lstrip("@")) >= 3 and m.group().lstrip("@") in handles)
    return out
