"""A column of bare first names or surnames is a list of people, with or without a header the rules
know (issue 22: "Tables and whiteboards"); columns of ordinary words stay visible."""

from __future__ import annotations

from imgscreen.model import Identifier
from tests.test_fields import card, masked
from tests.test_phi import make_line


def test_a_column_of_bare_names_is_masked_whatever_its_header():
    for column in (("Rep", "Anderson", "Bradley", "Chen", "Diaz", "Evans"),
                   ("Region", "Alice", "Bob", "Carol", "Dan"),
                   ("Employee", "Johnson", "Smith", "White", "Brown")):
        m = masked(card(*column))
        assert all(m.get(cell) == Identifier.NAMES for cell in column[1:]), column


def test_columns_of_words_colours_days_and_menus_stay_visible():
    for column in (("Apple", "Orange", "Banana", "Cherry"), ("Settings", "Profile", "Privacy", "Security", "Help"),
                   ("Green", "Blue", "Red", "Black", "White"), ("North", "South", "East", "West"),
                   ("Mon", "Tue", "Wed", "Thu", "Fri"), ("January", "February", "March", "April", "May"),
                   ("May", "May", "May", "June", "May"),  # a dashboard's calendar: the month beside each day
                   ("Home", "Patients", "Schedule", "Reports", "Billing"),
                   ("Drinks", "Steak Diane", "Lamb Kofta", "Cobb Salad", "Pad Thai")):
        assert masked(card(*column)) == {}, column


def test_three_names_are_no_column_without_other_evidence():
    assert masked(card("Bradley", "Chen", "Diaz")) == {}


def test_a_foreign_forms_labels_around_a_name_are_no_parts_of_it():
    m = masked(card("Nombre del paciente", "Carlos Sarmiento", "Seleccione uno"))
    assert set(m) == {"Carlos Sarmiento"}, m


def test_an_initial_and_an_unknown_surname_in_a_column_of_names_is_a_name():
    # a learner list: the others are names the lists know; `Suijkerbuijk` is in no census
    rows = ["Marcos Castillo", "Hansen T William", "A Suijkerbuijk", "Marshall Thomas"]
    assert masked(card(*rows)).get("A Suijkerbuijk") == Identifier.NAMES
    # an initial and an ordinary word is a heading, not a person
    rows[2] = "A Summary"
    assert "A Summary" not in masked(card(*rows))



def test_a_demos_numbered_placeholders_in_a_customer_column_name_no_one():
    from tests.test_phi import make_line

    def table(cells: list[str]) -> list:
        lines = [make_line(h, x=x, y=0) for h, x in (("Item", 0), ("Customer", 140), ("Due", 300))]
        for k, cell in enumerate(cells, 1):  # each cell with a planning tool's link arrow
            lines += [make_line(f"product {k}\u25b6", x=0, y=40 * k), make_line(cell, x=140, y=40 * k),
                      make_line("2014-01-05 00:00:00", x=300, y=40 * k)]
        return lines

    placeholders = masked(table([f"Client {k}\u25b6" for k in range(1, 5)]))
    assert placeholders == {}, placeholders  # and the due dates are no one's
    people = masked(table([f"{name} {k}\u25b6" for k, name in enumerate(("Okafor", "Lindqvist", "Brennan"), 1)]))
    assert all(people.get(name) == Identifier.NAMES for name in ("Okafor", "Lindqvist", "Brennan")), people


def test_three_given_names_with_a_surnames_initial_are_a_list_of_people_however_it_is_headed():
    m = masked(card("Nimi", "Aino W", "Martti B.", "Eva R", "Kaisa M"))
    assert all(m.get(cell) == Identifier.NAMES for cell in ("Aino W", "Martti B.", "Eva R", "Kaisa M")), m
    assert masked(card("Supplements", "Vitamin D", "Vitamin C", "Plan B", "Hepatitis C")) == {}
    assert masked(card("Timetable", "Ana I", "Geo I", "Alg I")) == {}  # courses' parts, not surnames' initials
    assert masked(card("Nimi", "Aino W", "Eva R")) == {}  # two are no list


def test_a_study_subjects_column_beside_their_age_and_sex_holds_their_ids_and_an_inboxs_subject_does_not():
    def table(head: str, cells: list[str], others: tuple[str, ...]) -> list:
        rows = [make_line(head, x=0, y=0)] + [make_line(o, x=200 + 120 * k, y=0) for k, o in enumerate(others)]
        for r, cell in enumerate(cells, 1):
            rows.append(make_line(cell, x=0, y=40 * r))
            rows += [make_line("Male" if o == "Sex" else "71" if o == "Age" else "Open", x=200 + 120 * k, y=40 * r)
                     for k, o in enumerate(others)]
        return rows

    study = masked(table("Subject", ["BEL_04_133", "BEL_07_645"], ("Status", "Age", "Sex")))
    assert study.get("BEL_04_133") == Identifier.OTHER_ID and study.get("BEL_07_645") == Identifier.OTHER_ID
    assert "RE_2024_12" not in masked(table("Subject", ["RE_2024_12", "FW_2024_13"], ("Status", "From", "Folder")))


def test_an_accession_number_column_holds_exam_ids_with_no_name_beside_it_stacked_cells_and_all():
    # a dose registry's study list: three headers stacked in one cell over three values stacked in each row
    at = [(0, 0, "Institution"), (200, 0, "Date"), (400, 0, "Study description"), (400, 26, "Requested Procedure"),
          (400, 52, "Accession number"), (700, 0, "Total DLP")]
    for top, number in ((100, "62917982"), (230, "52420925")):
        at += [(0, top, "Hospital A"), (200, top, "2014-"), (400, top, "Chest_Abdomen (Adult)"), (700, top, "818.77"),
               (200, top + 26, "12-28"), (400, top + 26, "None"), (400, top + 52, "CT Abdomen"),
               (400, top + 78, number)]
    found = masked([make_line(text, x=x, y=y) for x, y, text in at])
    assert found.get("62917982") == Identifier.OTHER_ID and found.get("52420925") == Identifier.OTHER_ID
    assert "818.77" not in found and "CT Abdomen" not in found


def test_a_header_row_read_as_one_line_of_header_phrases_heads_its_columns_whatever_its_gaps():
    # a narrow patient list: `Given name` and `Birthdate` glued into one OCR line over given names alone
    at = [(0, 54, "Given name Birthdate"), (146, 54, "Patient nr."), (0, 71, "Eduardo"), (80, 72, "12/25/2002"),
          (0, 90, "Sven"), (80, 90, "05/09/2003"), (0, 108, "Jeffrey"), (80, 110, "12/23/2002")]
    found = masked([make_line(text, x=x, y=y) for x, y, text in at])
    assert all(found.get(n) == Identifier.NAMES for n in ("Eduardo", "Sven", "Jeffrey")), found


def test_a_person_header_over_a_row_of_sub_column_labels_heads_counts_not_people():
    # fresh65's bed status report: `Pt's` over `Gain`, `Loss`, `Rem.`, `Pass`, `AA` (patients gained, lost,
    # remaining...), then rows of counts; the labels were masked as names and the PHI-free page was rejected
    def report(labels: tuple[str, ...]) -> list:
        at = [(0, 0, "Location"), (200, 0, "Prev"), (380, 0, "Pt's"), (900, 0, "Beds")]
        at += [(200 + 90 * k, 30, label) for k, label in enumerate(labels)]
        at += [(200 + 90 * k, 30 + 40 * r, str(r + k)) for r in (1, 2) for k in range(len(labels))]
        at += [(0, 70, "3RD E"), (0, 110, "4TH W")]
        return [make_line(text, x=x, y=y) for x, y, text in at]

    assert masked(report(("Rem.", "Gain", "Loss", "Rem.", "Pass", "AA", "UA"))) == {}
    # a row of names under the same header is still a row of people
    found = masked(report(("Smith", "Garcia", "Nguyen", "Brown", "Lopez", "Chen", "Patel")))
    assert all(found.get(n) == Identifier.NAMES for n in ("Garcia", "Nguyen", "Lopez")), found


def test_a_misread_row_between_two_names_of_a_patient_list_is_masked():
    # fresh65's VistA ward list: `Duck.Daffy` and `Moe nnie` (Mouse,Minnie) misread between names the rules read
    at = [(215, 134, "Coyote,Wiley"), (216, 148, "Duck.Daffy"), (215, 160, "Moe nnie"), (215, 173, "Runner,Road"),
          (8, 142, "3WEST"), (8, 162, "3EAST")]
    found = masked([make_line(text, x=x, y=y, h=22, char_w=7) for x, y, text in at])
    assert all(found.get(n) == Identifier.NAMES for n in ("Duck.Daffy", "Moe nnie")), found
    # a control of ordinary words between two names stays
    at = [(0, 0, "Smith, John"), (0, 30, "Save Settings"), (0, 60, "Brown, Mary")]
    assert "Save Settings" not in masked([make_line(text, x=x, y=y) for x, y, text in at])


def _cards(*pairs: tuple[str, str], gap: int = 80) -> list:
    """A phone list's cards: a title and a smaller detail line under it, one card every `gap` px."""
    out = []
    for k, (title, detail) in enumerate(pairs):
        out += [make_line(title, x=60, y=200 + gap * k), make_line(detail, x=60, y=200 + gap * k + 24)]
    return out


def test_a_cards_title_where_the_card_beside_it_holds_a_name_is_a_name():
    # a blood-donor picker: `Sufi Ahmed` is a name the lists know; the titles of the cards like it are names too
    m = masked(_cards(("Sufi Ahmed", "3 times blood donor"), ("Dipankar", "New blood donor"),
                      ("Sultan Khaja", "New blood donor"), ("Someone from outside", "Not member yet")))
    assert {"Sufi Ahmed", "Dipankar", "Sultan Khaja"} <= set(m), m
    assert "Someone from outside" not in m and "New blood donor" not in m


def test_cards_whose_details_differ_or_that_hold_no_name_keep_their_titles():
    # the detail lines end differently: a settings list beside a contact, not cards of one kind
    m = masked(_cards(("Sufi Ahmed", "3 times blood donor"), ("Dipankar", "Last seen yesterday")))
    assert "Dipankar" not in m
    # no name on any card: a list of products stays visible
    assert masked(_cards(("Ibuprofen", "200 mg tablet"), ("Zyrtec", "10 mg tablet"))) == {}
    # a country in a name's slot is no one
    m = masked(_cards(("Sufi Ahmed", "3 times blood donor"), ("Argentina", "New blood donor")))
    assert "Argentina" not in m


def test_cards_whose_detail_lines_are_alike_without_words_still_share_a_slot():
    # a clinic app's patient cards: each name over its phone, blurred after the country code `+91`
    m = masked(_cards(("Aditi Musunur", "+91"), ("Samiksha", "+91"), ("Bholenath", "+91")))
    assert {"Aditi Musunur", "Samiksha", "Bholenath"} <= set(m), m
    # different numbers under each card are no shared print: nothing but the seed is a name by this rule
    assert "Samiksha" not in masked(_cards(("Aditi Musunur", "+91 5550"), ("Samiksha", "+44 7700")))


def _row(*texts: str) -> list:
    """One header row of a sheet: cells side by side, 100 px apart."""
    return [make_line(t, x=100 * k, y=50) for k, t in enumerate(texts)]


def test_a_header_row_of_surnames_is_a_list_of_people():
    # a sheet's sales by salesperson: `Sorvino` is in no census, the other three are
    m = masked(_row("Jones", "Sorvino", "Gupta", "Choi"))
    assert set(m) == {"Jones", "Sorvino", "Gupta", "Choi"}, m


def test_a_header_row_of_months_fruit_or_products_stays_visible():
    for row in (("Jan", "Feb", "Mar", "Apr"), ("Apple", "Banana", "Cherry", "Lemon"),
                ("Jones", "Gupta", "Total", "Choi"), ("Nike", "Adidas", "Puma", "Reebok")):
        assert masked(_row(*row)) == {}, row


def test_a_database_tables_snake_case_header_heads_a_column_of_names():
    """A table viewer shows the schema's own column names: `last_name` (or `lastName`) over `GUINESS`, `WAHLBERG`,
    `CHASE`, `DAVIS`, surnames that are also words, heads a column of people as `Last name` does."""
    surnames = ("GUINESS", "WAHLBERG", "CHASE", "DAVIS", "LOLLOBRIGIDA")
    for header in ("last_name", "lastName"):
        rows = [make_line("actor_id", 17, 13), make_line(header, 357, 13)]
        for k, name in enumerate(surnames, 1):
            rows += [make_line(str(k), 17, 13 + 23 * k), make_line(name, 357, 13 + 23 * k)]
        m = masked(rows)
        assert all(m.get(name) == Identifier.NAMES for name in surnames), (header, m)
