"""A data record's key and value read as a form's label and value.

Screens show people's records as data as often as forms: a JSON response in an API explorer, a
database row in an admin tool, a YAML fixture, a PHP array in a tutorial. `"apellido_paterno":
"Torres",` holds the same label and value as the form line `Apellido paterno: Torres`, but the quotes
and the underscore hide the label from every recognizer, so the surname was left readable while the
same record drawn as a form was masked.

`data_view` rewrites such a line into the form it stands for (the key's quotes and joining marks and
the value's quotes become spaces, `=` and `=>` become a colon), keeping every character's offset, so
the spans the recognizers find in the view are the spans of the line itself. Only the label words
the recognizers already know decide anything: the view adds no word list of its own.

A bare `name` or `id` key is what a program's own data calls everything (`"name": "imgscreen"`, a
package; `"id": 542284380`, a repository in an API response). A bare `id` is left alone, and a bare
`name` counts only when its value is written like a person's name: a capital, and none of the digits,
dots, slashes or hyphens of an identifier. A key that says whose (`patient_id`, `user.name`) counts.
"""

from __future__ import annotations

import re

# `"key": value`, `'key' => value`, `key_name = value`, `- key: value` (a YAML list item), `{"key": value`.
_PAIR = re.compile(
    r"""^(?P<lead>\s*(?:[-{\[]\s*)?)"""
    r"""(?P<q>["'`]?)(?P<key>[A-Za-z][A-Za-z0-9]*(?:[ _.\-][A-Za-z][A-Za-z0-9]*){0,3})(?P=q)"""
    r"""(?P<sep>\s*(?:=>|[:=])\s*)(?P<value>.*?)\s*$"""
)
_QUOTED = re.compile(r"""^(?P<q>["'`])(?P<inner>[^"'`]*)(?P=q)(?P<tail>\s*[,;}\]]*)$""")
_BARE = re.compile(r"^(?P<inner>[^\s\"'`,;{\[][^\"'`{}]*?)(?P<tail>\s*[,;}\]]*)$")
_THING_NAME = re.compile(r"[\d./\\_\-@:]")


def _person_like(value: str) -> bool:
    return any(c.isupper() for c in value) and not _THING_NAME.search(value)


def data_view(text: str) -> str:
    """The line as the form it stands for, the same length as `text`; `text` itself when it is no data pair.

    A key counts as a data key when it is quoted or joined (`first_name`, `last-name`, `patient.dob`): an
    unquoted single word before a colon is already a form's label and needs no view."""
    m = _PAIR.match(text)
    if m is None:
        return text
    key, quoted = m.group("key"), bool(m.group("q"))
    if not quoted and (" " in key or not re.search(r"[_.\-]", key)):
        return text
    value = m.group("value")
    v = _QUOTED.match(value) or _BARE.match(value)
    if v is None or not v.group("inner").strip():
        return text
    if key.lower() == "id" or (key.lower() == "name" and not _person_like(v.group("inner"))):
        return text
    out = list(text)

    def blank(a: int, b: int) -> None:
        out[a:b] = " " * (b - a)

    if quoted:
        blank(m.start("q"), m.end("q"))
        blank(m.end("key"), m.end("key") + len(m.group("q")))
    for k in range(m.start("key"), m.end("key")):
        if out[k] in "_.-":
            out[k] = " "
    a, b = m.span("sep")
    sep = text[a:b]
    arrow = sep.find("=>")
    if arrow >= 0:
        out[a + arrow : a + arrow + 2] = ": "
    elif "=" in sep:
        out[a + sep.index("=")] = ":"
    start = m.start("value")
    if _QUOTED.match(value):
        end = start + 1 + len(v.group("inner"))
        blank(start, start + 1)
        blank(end, end + 1)
    lead = m.span("lead")
    for k in range(*lead):
        if out[k] in "-{[":
            out[k] = " "
    return "".join(out)
