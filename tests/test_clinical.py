"""A patient's clinical lists (issue 22): dates beside diagnoses and medications are the patient's,
even with no name on the screen; one dated clinical line alone (a poster) is no list."""

from __future__ import annotations

from imgscreen.clinical import clinical_line
from imgscreen.phi import classify
from imgscreen.policy import Policy
from tests.test_phi import make_line


def masked(texts: list[str]) -> dict[str, str]:
    lines = [make_line(t, y=30 * k) for k, t in enumerate(texts)]
    return {f.text: f.source.entity for f in classify(lines, Policy())}


def test_clinical_lines_are_conditions_doses_and_record_headings():
    for text in ("01/04/08 Coronary arteriosclerosis (2)", "Benign essential hypertension", "Problems as of 04/29/12",
                 "10/31/08 Metformin 750 MG Extended Release Tablet 1 bid", "Needs influenza immunization"):
        assert clinical_line(text), text
    for text in ("Academia and sympathy", "Oklahoma diploma", "Parking level 2", "Terms of use"):
        assert not clinical_line(text), text


def test_a_problem_list_with_no_name_on_it_has_its_dates_masked():
    m = masked(["Major CV Comorbidities", "01/04/08 Essential hypertension", "11/14/07 Asthma",
                "07/29/08 Acute bronchitis (08/29/08)", "Hyperlipidemia"])
    assert {"01/04/08", "11/14/07", "07/29/08", "08/29/08"} <= set(m), m
    assert set(m.values()) == {"RECORD_DATE"}


def test_a_medication_history_with_no_name_on_it_has_its_dates_masked():
    m = masked(["Medications", "04/25/09 Nitroglycerin 0.4 MG Sublingual Tablet prn",
                "11/20/08 glimepiride 4 MG Oral Tablet 1 daily", "10/31/08 Metformin 750 MG Tablet 1 bid"])
    assert {"04/25/09", "11/20/08", "10/31/08"} <= set(m), m


def test_one_dated_clinical_line_is_no_list():
    assert masked(["City Hospital News", "03/12/2024 Flu vaccination clinic opens", "Parking on level 2",
                   "Cafeteria hours 7-19"]) == {}
