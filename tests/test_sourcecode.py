"""Program code on a screen names no one (issue 22): a code editor's identifiers, line numbers and
constants are not a person's details, but a patient's record shown as JSON still is."""

from __future__ import annotations

from imgscreen.phi import classify
from imgscreen.policy import Policy
from imgscreen.sourcecode import code_line, code_lines
from tests.test_phi import make_line

EDITOR = [
    "168func NewBufferFromFile(path string, btype BufType) (*Buffer, error) {",
    "filename, cursorPos := util.GetPathAndCursorPosition(path)",
    'buf = NewBufferFromString("", filename, btype)',
    "return NewBuffer(strings.NewReader(text), int64(len(text)), path, Loc{-1, -1}, btype)",
    "undoThreshold = 1000 // If two events are less than n milliseconds apart, undo both of them",
    "if sub < time.Duration(backupTime)*time.Millisecond {",
    "// Author: Jane Hopper <jane.hopper@example.org>",
]


def test_lines_of_code_are_told_from_prose_forms_and_data():
    assert all(code_line(t) for t in EDITOR[:6])
    for text in ('"family": "Smith",', "Patient: John Smith (DOB 01/02/1960)", "Name = John Smith",
                 "Call Dr. Smith (ext. 4421) today.", "Hemoglobin (g/dL) 13.5 - 17.5"):
        assert not code_line(text), text


def test_a_code_editor_is_no_persons_record_but_an_authors_email_is_still_masked():
    lines = [make_line(t, y=30 * k) for k, t in enumerate(EDITOR)]
    assert len(code_lines(lines)) >= 6
    found = {f.text: f.source.entity for f in classify(lines, Policy())}
    assert "1000" not in found and "buf" not in found and "int64" not in found, found
    # the comment line is not code (one sign): its name and address are screened as anywhere else
    assert "jane.hopper@example.org" in found


def test_a_few_code_lines_on_a_chart_change_nothing():
    lines = [make_line("Patient: Maria Garcia", y=0), make_line("MRN: 00482913", y=30),
             make_line("x = compute(a, b);", y=60)]
    assert code_lines(lines) == set()
    found = {f.text for f in classify(lines, Policy())}
    assert "Maria Garcia" in found and "00482913" in found
