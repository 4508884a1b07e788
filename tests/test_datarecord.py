"""A data record's key-value line is read as the form line it stands for (`imgscreen.datarecord`)."""

from __future__ import annotations

import pytest

from imgscreen.datarecord import data_view
from imgscreen.phi import classify_text
from imgscreen.policy import Policy


@pytest.mark.parametrize(("line", "view"), [
    ('"apellido_paterno": "Torres",', ' apellido paterno :  Torres ,'),
    ('  "birth_date": "1948-07-23",', '   birth date :  1948-07-23 ,'),
    ("'last_name' => 'Okonkwo',", " last name  :   Okonkwo ,"),
    ('first_name = "Ana"', 'first name :  Ana '),
    ("- full_name: Ana Ruiz", "  full name: Ana Ruiz"),
    ('{"email": "a.b@example.org"}', '  email :  a.b@example.org }'),
    ("patient.dob: 1980-01-02", "patient dob: 1980-01-02"),
    ('"name": "Maria Lopez",', ' name :  Maria Lopez ,'),
])
def test_a_data_pair_reads_as_its_form_line(line, view):
    assert data_view(line) == view
    assert len(data_view(line)) == len(line)  # spans found in the view are spans of the line


@pytest.mark.parametrize("line", [
    '"name": "imgscreen",',  # a package
    "name: build",  # a CI job
    '"id": 542284380,',  # an API's repository id
    "Name: Carlos",  # already a form's label
    "x = foo(1)",  # code
    '"tags": ["a", "b"],',  # a list, not a value
    '"email": "",',  # no value
    "Total due: $25.00",
    "Born 1962-03-1409:12",  # a date and a time the OCR glued, not a key
    "Follow-up visit: 2024-05-01",  # a form label with a hyphen: already a label
])
def test_anything_else_is_left_as_it_is(line):
    assert data_view(line) == line


def _found(line: str) -> list[tuple[str, str]]:
    return [(s.entity, line[s.start:s.end]) for s in classify_text(line, Policy())]


@pytest.mark.parametrize(("line", "value"), [
    ('"apellido_materno": "Barragan",', "Barragan"),
    ('"nombre": "Eulalia"', "Eulalia"),
    ('"last_name": "Okonkwo",', "Okonkwo"),
    ("'first_name' => 'Henrietta',", "Henrietta"),
])
def test_a_name_under_a_data_key_is_found(line, value):
    assert value in [text for _, text in _found(line)]


def test_a_program_named_in_its_manifest_is_not_a_person():
    assert _found('"name": "imgscreen-demo",') == []
