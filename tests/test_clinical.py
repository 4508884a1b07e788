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


def test_a_things_weight_or_volume_is_no_dose():
    """A 3D printer's filament spools (`Remaining weight: 757.27 g`) dated by last use are no medication list."""
    for text in ("Remaining weight: 757.27 g", "Net wt 500 g", "Volume: 250 ml"):
        assert not clinical_line(text), text
    for text in ("Paracetamol 1 g", "NaCl 0.9% 250 ml", "Amoxicillin 500 mg"):
        assert clinical_line(text), text
    spools = masked(["Last used: 2023-08-19 16:54", "Remaining weight: 757.27 g", "Last used: 2023-08-13 03:59",
                     "Remaining weight: 952.0 g", "Last used: 2023-08-07 23:56", "Remaining weight: 480.0 g"])
    assert spools == {}, spools


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


def test_a_medication_administration_records_time_cells_are_the_patients_dates():
    # a MAR's table: the time is a cell of its own on the drug's row, the dose has a route and no unit
    lines = [make_line("Medication Administration Record", y=0)]
    for k, (when, status) in enumerate([("Jun 19, 2026, 07:33 PM", "Given"), ("Jun 19, 2026, 07:18 PM", "Not Given"),
                                        ("Jun 18, 2026, 09:02 AM", "Given")]):
        y = 40 * (k + 1)
        lines += [make_line(when, x=0, y=y), make_line("Cefazolin", x=260, y=y), make_line("500 IV", x=380, y=y),
                  make_line(status, x=480, y=y)]
    m = {f.text: f.source.entity for f in classify(lines, Policy())}
    assert {"Jun 19, 2026, 07:33 PM", "Jun 19, 2026, 07:18 PM", "Jun 18, 2026, 09:02 AM"} <= set(m), m
    # a shop's opening hours on a row beside a price are no clinical list
    shop = [make_line("Opening hours", y=0), make_line("Jun 19, 2026", x=0, y=40), make_line("Sale 500", x=260, y=40),
            make_line("Jun 20, 2026", x=0, y=80), make_line("Sale 200", x=260, y=80)]
    assert {f.text for f in classify(shop, Policy())} == set()


def test_a_medication_apps_run_out_dates_under_each_drug_are_the_patients():
    # the drug, its form on a line of its own, then the date right-aligned under it, weekday and all
    cards = [("KETOPROFENE ARROW LP 100 mg, comprimé", "sécable à libération prolongée", "mercredi 19 janvier 2022"),
             ("SEDORRHOIDE CRISE HEMORROIDAIRE,", "suppositoire", "vendredi 21 janvier 2022"),
             ("ULTRA-LEVURE 200 mg, gélule", "", "jeudi 13 janvier 2022")]
    lines = []
    for k, (drug, form, when) in enumerate(cards):
        y = 100 * k
        lines += [make_line(drug, x=70, y=y, char_w=9, h=26), make_line(when, x=290, y=y + 52, char_w=9, h=26)]
        if form:
            lines.append(make_line(form, x=70, y=y + 26, char_w=9, h=26))
    m = {f.text: f.source.entity for f in classify(lines, Policy())}
    assert {"mercredi 19 janvier 2022", "vendredi 21 janvier 2022", "jeudi 13 janvier 2022"} <= set(m), m



def test_a_heading_naming_someones_history_makes_its_dates_theirs():
    # an eyeglass tracker's `Prescription History`, a dental program's billing history: no name on the screen
    m = masked(["New Prescription", "Prescription History", "01/01/2020", "SPH CYL Axis", "01/01/2018", "SPH CYL Axis"])
    assert {"01/01/2020", "01/01/2018"} <= set(m), m
    m = masked(["Historial de facturación", "Jul 18, 2026", "Total: $40.000", "Jul 17, 2026", "Total: $30.000"])
    assert {"Jul 18, 2026", "Jul 17, 2026"} <= set(m), m
    # a program's own history dates its releases, not a person
    assert masked(["Version History", "01/01/2020", "Release 2.1", "01/01/2018", "Release 2.0"]) == {}
