"""Records from elsewhere (issue 22): a labelled field's value whatever its shape, phone numbers in any
country's format, the town under a street address, postal codes as other countries write them, and a
seller's tax number on a receipt."""

from __future__ import annotations

from imgscreen.addresses import address_parts
from imgscreen.fields import field_label, field_values
from imgscreen.model import Identifier
from imgscreen.phi import classify, classify_text
from imgscreen.policy import Policy
from tests.test_phi import make_line

POLICY = Policy()


def card(*texts: str, x: float = 0) -> list:
    return [make_line(t, x=x, y=28 * k) for k, t in enumerate(texts)]


def masked(lines) -> dict[str, Identifier]:
    return {f.text.strip(): f.identifier for f in classify(lines, POLICY)}


def test_a_labelled_place_or_number_on_a_persons_card_is_masked_whatever_its_shape():
    m = masked(card("Name: Ramesh Kumar", "Address: Kathmandu", "Village: Rampur", "Patient ID: 56",
                    "Age: 45", "Blood Group: O+"))
    assert m["Kathmandu"] == Identifier.GEOGRAPHIC and m["Rampur"] == Identifier.GEOGRAPHIC
    assert "56" in m
    assert not {"45", "O+", "Age: 45"} & set(m)  # an age under 90 and a blood group are no one's


def test_field_values_stay_visible_away_from_a_person_and_when_they_name_no_one():
    assert masked(card("Settings", "Address: Display", "Village: Layout", "ID: 56")) == {}
    m = masked(card("Name: Ramesh Kumar", "Address: N/A", "Patient ID: 3", "Case No: -"))
    assert set(m) == {"Ramesh Kumar"}  # a single digit is a row's, not a person's


def test_a_numbers_value_is_its_code_not_the_words_after_it():
    t = "Patient ID: P-1001 Ward 3"
    ((kind, a, b),) = field_values(t)
    assert (kind, t[a:b]) == ("number", "P-1001")
    assert field_label("Address") == "place" and field_label("UHID:") == "number" and field_label("Diagnosis:") == ""


def test_a_label_over_its_value_masks_the_value():
    lines = card("PATIENT RECORD", "Name: Joao Silva", "Date of birth: 03/04/1980", "Address") + [
        make_line("Lisboa", y=28 * 4)]
    assert masked(lines)["Lisboa"] == Identifier.GEOGRAPHIC


def test_phone_numbers_in_any_countrys_format():
    for t, v in (("+49 30 1234567", "+49 30 1234567"), ("+91 98765 43210", "+91 98765 43210"),
                 ("Mobile: 98765 43210", "98765 43210"), ("call +44 20 7946 0958 today", "+44 20 7946 0958")):
        spans = classify_text(t, POLICY)
        assert [t[s.start:s.end] for s in spans if s.identifier == Identifier.PHONE] == [v], t
    for t in ("+5 kg", "Room 1204", "Work: 2019"):  # too few digits for anyone's phone
        assert not [s for s in classify_text(t, POLICY) if s.identifier == Identifier.PHONE], t


def test_the_town_under_a_persons_street_address_is_masked_but_not_an_ordinary_word():
    lines = card("Patient: Joao Silva", "123 Flores Ave", "Lisboa")
    assert address_parts(lines, {1: classify_text(lines[1].text, POLICY)}, {0, 1, 2}) == [2]
    assert "Lisboa" in masked(lines)
    m = masked(card("Patient: Joao Silva", "12 Locust Rd.", "Parents"))
    assert "Parents" not in m


def test_postal_codes_as_other_countries_write_them_continue_an_address():
    for town in ("10115 Berlin", "NW1 6XE", "Bangalore - 560001", "Forest, ON 7W8 9Y0", "Treesville, ON MIN 2P3"):
        m = masked(card("Patient: Lars Olsen", "12 Main Street,", town))
        assert m.get(town) == Identifier.GEOGRAPHIC, town
    # a town and two-letter words after it are no postcode
    m = masked(card("Patient: Lars Olsen", "12 Main Street,", "Welcome, ON THE WAY"))
    assert "Welcome, ON THE WAY" not in m


def test_a_hash_number_on_a_persons_card_is_their_number_but_a_row_number_is_not():
    m = masked(card("Name: Ramesh Kumar", "#56", "Patient #12 admitted", "#3"))
    assert "#56" in m and "#12" in m and "#3" not in m


def test_a_hash_numbers_series_letters_are_masked_with_it_but_not_a_place_word():
    m = masked(card("Name: Ramesh Kumar", "LB #12498 CBC", "RX #2291", "Room #12"))
    assert any("LB #" in text and "12498" in text for text in m)
    assert any("RX" in text for text in m) and any("2291" in text for text in m)
    assert not any("Room" in text for text in m)


def test_an_avatars_initials_beside_a_named_person_are_masked_but_not_an_acronym():
    lines = [make_line("CS", x=0, y=0), make_line("Patient: Carla Sousa", x=60, y=0),
             make_line("BP", x=0, y=40), make_line("120/80", x=60, y=40)]
    m = masked(lines)
    assert m.get("CS") == Identifier.NAMES and "BP" not in m
    # the mask covers the avatar's disc (about twice the letters' height), not just the letters
    (badge,) = [f for f in classify(lines, POLICY) if f.text == "CS"]
    xs, ys = [p[0] for p in badge.polygon], [p[1] for p in badge.polygon]
    assert max(xs) - min(xs) >= 2 * 20 and max(ys) - min(ys) >= 2 * 20 and min(ys) < 0 < 20 < max(ys)


def test_a_day_and_month_without_a_year_on_a_persons_card_is_a_date():
    m = masked(card("Name: Ramesh Kumar", "Next visit Tuesday, 12 March", "Seen 3 Jun"))
    # (the weekday before the date is masked with it)
    assert m.get("Tuesday, 12 March") == Identifier.DATES and m.get("3 Jun") == Identifier.DATES


def test_a_list_item_after_its_time_or_number_is_a_name_and_its_row_values_are_that_persons():
    rows = [[("09:30 Thandiwe Dlamini", 0), ("12 Mar 2024", 300)], [("3. Kwame Mensah", 0), ("PX-88231", 300)]]
    lines = [make_line(t, x=x, y=40 * k) for k, row in enumerate(rows) for t, x in row]
    m = masked(lines)
    assert m.get("Thandiwe Dlamini") == Identifier.NAMES and m.get("Kwame Mensah") == Identifier.NAMES
    assert m.get("12 Mar 2024") == Identifier.DATES and "PX-88231" in m
    m = masked([make_line("Annual Gala", x=0, y=0), make_line("12 Mar 2024", x=300, y=0)])
    assert m == {}  # no one named on the row: a date is an event's


def test_a_sellers_tax_number_a_misread_tel_and_a_state_with_its_comma():
    for t in ("UID Nr.: DE812706034", "VAT: GB123456789"):
        assert classify_text(t, POLICY) == [], t
    assert classify_text("Ref: W199440720", POLICY)  # any other label's code is still someone's number
    spans = classify_text("Te1. 0211-3006966", POLICY)
    assert spans and {s.identifier for s in spans} == {Identifier.PHONE}
    ((s,),) = [classify_text("Redmond WA, 98052", POLICY)]
    assert (s.identifier, s.start, s.end) == (Identifier.GEOGRAPHIC, 0, 17)


def test_a_viewers_series_and_anatomy_labels_are_not_names():
    assert masked(card("MRI PROSTATEX", "Precentral Gyrus")) == {}


def test_initials_before_a_surname_are_a_persons_name_but_a_lettered_heading_is_not():
    spans = classify_text("O. Sanni, A.P.I. Popoola / Data in Brief 22 (2019)", POLICY)
    assert [s.identifier for s in spans if s.identifier == Identifier.NAMES] == [Identifier.NAMES] * 2
    for t in ("A. Introduction", "U.S. Army", "W. Main St", "Fig. 5. Langmuir isotherm"):
        assert not [s for s in classify_text(t, POLICY) if s.identifier == Identifier.NAMES], t


def test_a_dicom_person_name_of_ordinary_words_is_still_a_name():
    for name in ("DOE^JOHN", "Brown^Tom"):
        assert masked(card("PatientName", name)).get(name) == Identifier.NAMES, name


def test_british_and_canadian_postcodes_and_streets_and_a_reference_range_that_is_no_date():
    for t, v in (("cc: Leeds LS6 2AB", "Leeds LS6 2AB"), ("Toronto, ON M5V 3L9", "Toronto, ON M5V 3L9"),
                 ("14 Elm Grove", "14 Elm Grove")):
        assert [t[s.start:s.end] for s in classify_text(t, POLICY)] == [v], t
    assert "13.0 - 17.0" not in masked(card("Name: Ramesh Kumar", "Hemoglobin 13.5 g/dL", "13.0 - 17.0"))


def test_a_bare_code_label_names_a_person_only_with_a_number():
    m = masked(card("Name: Carmelina Rauch", "Code: 258", "ICD Code: E11.9", "Code: Blue"))
    assert "258" in m and "Blue" not in m


def test_on_a_photo_with_a_persons_details_dates_and_numbers_elsewhere_are_masked_but_not_evidence():
    far = make_line("Blood drive 2019-03-12  A1234567", x=900, y=600)
    found = {f.text: f for f in classify(card("Name: Ramesh Kumar", "DOB: 01/02/1980") + [far], POLICY)}
    assert "2019-03-12" in found and "A1234567" in found
    assert not found["A1234567"].source.personal  # masked, but it makes no record
    assert masked([far]) == {}  # with no one on the photo it stays
    assert "18.9-28.4" not in masked(card("Name: Ramesh Kumar", "MCH 29.26 pg", "18.9-28.4"))


def test_a_next_appointment_column_holds_dates():
    lines = [make_line("Next Appointment", x=0, y=0), make_line("14/04/2024", x=0, y=30)]
    assert masked(lines).get("14/04/2024") == Identifier.DATES


def test_on_a_photo_with_a_persons_details_name_shaped_words_elsewhere_are_masked():
    far = [make_line("Ward round with Ezinne Udeagha", x=900, y=600), make_line("MILLER STEPHANIE", x=900, y=700)]
    found = {f.text: f for f in classify(card("Name: Ramesh Kumar", "DOB: 01/02/1980") + far, POLICY)}
    assert found["Ezinne Udeagha"].source.entity == "PHOTO_NAME" and "MILLER STEPHANIE" in found
    assert not found["Ezinne Udeagha"].source.personal
    assert masked(far[:1]) == {}  # alone, an unknown pair is no one's


def test_whoever_a_record_says_did_something_is_named_and_a_login_too():
    for t, v in (("Created by Thabo Mokoena", "Thabo Mokoena"), ("Investigator: Thabo Mokoena", "Thabo Mokoena"),
                 ("Entered by jsmith", "jsmith"), ("Logged in as sberding", "sberding"),
                 ("You signed in as Umputun Sign out?", "Umputun")):
        assert [t[s.start:s.end] for s in classify_text(t, POLICY) if s.identifier == Identifier.NAMES] == [v], t
    for t in ("Powered by Django", "Sorted by Name", "User: root", "Logged in as admin", "Made by hand",
              "Currently logged in as Super User"):
        assert not [s for s in classify_text(t, POLICY) if s.identifier == Identifier.NAMES], t
    # a login dialog puts the user name under its label
    dialog = [make_line("Host", y=0), make_line("localhost", y=30), make_line("user", y=60), make_line("hherb", y=90),
              make_line("password", y=120), make_line("Login", y=150)]
    assert masked(dialog) == {"hherb": Identifier.NAMES}
    assert masked([make_line("User", y=0), make_line("settings", y=30)]) == {}


def test_a_dicom_uid_and_a_code_whose_prefix_names_a_patient_are_identifiers():
    uid = "1.2.840.113619.2.55.3.604688119.969.1268071029.320"
    for t, v in ((uid, uid), ("PAT-000123", "PAT-000123"), ("sub-0042", "sub-0042"), ("Subject 017", "Subject 017")):
        assert [t[s.start:s.end] for s in classify_text(t, POLICY) if s.identifier == Identifier.OTHER_ID] == [v], t
    for t in ("PT 100 mg", "v1.2.3.4.5.6 release"):
        assert not [s for s in classify_text(t, POLICY) if s.identifier == Identifier.OTHER_ID], t


def test_a_name_read_with_confidence_makes_the_photo_about_a_person_too():
    lines = [make_line("Jennifer Wallace", x=0, y=0), make_line("Blood drive 2019-03-12", x=900, y=600)]
    assert masked(lines).get("2019-03-12") == Identifier.DATES
    assert "2019-03-12" not in masked(lines[1:])


def test_the_other_people_of_a_byline_or_a_cc_are_named_too():
    m = masked([make_line("Yuki Tanaka1 and Lars Olsen2")])
    assert "Lars Olsen" in m
    assert masked([make_line("Methods and Results")]) == {}
    # initials make a byline's item a person even where its word is an English one
    m = masked([make_line("J. H. Curtiss, R. W. Hamming, D. H. Lehmer")])
    assert "R. W. Hamming" in m
    m = masked([make_line("\u2022 E. Someone and T. Lim, A Fictional Research. Somewhere")])
    assert "E. Someone" in m and "T. Lim" in m
    assert not {"A Fictional Research", "Somewhere"} & set(m)
    for t, v in (("Correspondence: Thabo Mokoena", "Thabo Mokoena"), ("Musterstraße 12", "Musterstraße 12"),
                 ("Calle Mayor 3", "Calle Mayor 3"), ("Keizersgracht 123", "Keizersgracht 123")):
        assert [t[s.start:s.end] for s in classify_text(t, POLICY)] == [v], t


def row(label: str, value: str, y: float, x_value: float = 230) -> list:
    return [make_line(label, x=0, y=y), make_line(value, x=x_value, y=y)]


def test_a_fields_value_behind_a_screens_icon_is_read_after_its_label():
    # a learner's test result: the user glyph before the login is read as a bullet
    lines = row("Username", "\u2022 fgreenholm", 0) + row("Start Date", "May 26, 2023 at 01:47 PM", 30)
    found = masked(lines)
    assert found.get("fgreenholm") == Identifier.NAMES
    assert found.get("May 26, 2023 at 01:47 PM") == Identifier.DATES


def test_a_persons_role_in_a_summary_list_labels_the_name_beside_it_not_the_next_label_below():
    # a library item's circulation summary: the patron's value column, a blank row under it
    lines = (row("Patron", "Smith, Angel Heather : 322684", 60) + [make_line("Total Circs", x=0, y=90)]
             + row("Checkout Date", "12/23/14 11:05 AM", 120))
    found = masked(lines)
    assert found.get("Smith, Angel") == Identifier.NAMES and found.get("Heather") == Identifier.NAMES
    assert "Total Circs" not in found


def test_a_role_labels_setting_of_ordinary_words_is_no_person():
    lines = row("Guest", "Enabled", 0) + row("Student", "Portal Access", 30) + row("Customer", "Maria Lopez", 60)
    found = masked(lines)
    assert "Enabled" not in found and "Portal" not in found and "Portal Access" not in found
    assert found.get("Maria Lopez") == Identifier.NAMES
