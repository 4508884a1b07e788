"""Contact cards, chat lists and CVs (issue 22, the dev2 half's layouts): a first name that is also a
word, a field that says it holds a name, a year and month, a list item's short date under its contact,
a phone in any grouping, and the town after a street."""

from __future__ import annotations

from imgscreen.context import date_spans, id_spans
from imgscreen.model import Identifier
from imgscreen.recognizers.base import normalize
from tests.test_fields import card, masked


def test_a_first_name_that_is_also_a_word_is_a_name_before_a_surname():
    assert masked(card("Jan Kowalski")) == {"Jan Kowalski": Identifier.NAMES}
    assert "JAN KüSTER" in masked(card("JAN KüSTER"))  # OCR's small ü inside capitals
    assert "Jan Kuster" in masked(card("Name: Jan Kuster"))
    for signage in ("May Contain Nuts", "Rose Garden", "Jan 2020", "Jan Feb Mar", "May 2021"):
        assert masked(card(signage)) == {}, signage


def test_a_diacritic_read_small_inside_capitals_is_a_capital_and_offsets_stay():
    assert normalize("KüSTER") == "KUSTER" and normalize("Küster") == "Kuster"
    assert len(normalize("JAN KüSTER")) == len("JAN KüSTER")


def test_a_field_that_says_it_holds_a_name_takes_any_census_name():
    assert "Turner" in masked(card("Last Name: Turner"))
    assert "Turner" in masked(card("Last name", "Turner"))
    assert "May" in masked(card("First name: May"))
    assert masked(card("Department: Turner")) == {}  # no name field: a trade word stays a word


def test_a_year_and_month_is_a_date_on_a_persons_page_only():
    assert ["2015 / 07"[a:b] for a, b in date_spans("2015 / 07")] == ["2015 / 07"]
    assert date_spans("07/2015") and date_spans("2011-11") and date_spans("2015.07")
    for no in ("2016/17", "2012-2016", "1999.5", "v2.1", "American Decorative Arts", "Mayo Clinic", "Juno"):
        assert date_spans(no) == [], no
    m = masked(card("Name: Jan Kuster", "2015 / 07"))
    assert m.get("2015 / 07") == Identifier.DATES
    assert masked(card("Release notes", "2015 / 07")) == {}


def test_a_short_date_under_a_contact_in_a_list_is_that_persons():
    m = masked(card("Carter Blake", "Stuck in traffic right now", "17.01", "James Okoye", "See you", "3/12"))
    assert m.get("17.01") == Identifier.DATES and m.get("3/12") == Identifier.DATES
    assert masked(card("Widget", "Stuck in traffic right now", "17.01")) == {}
    assert "5.6" not in masked(card("Name: John Smith", "5.6"))  # a value, not a day and month


def test_a_number_in_groups_is_one_number_on_a_persons_card():
    assert ["1234 567 890"[a:b] for a, b in id_spans("1234 567 890")] == ["1234 567 890"]
    assert id_spans("12 34 56") == []  # six digits in pairs: a time or a count, not a number of anyone's
    m = masked(card("Mia Zhang", "1234 567 890"))
    assert "1234 567 890" in m


def test_the_town_after_a_street_and_a_street_with_its_number_after():
    m = masked(card("Mia Zhang", "123 Main Street, Anytown, USA"))
    assert m.get("123 Main Street, Anytown") == Identifier.GEOGRAPHIC  # the country is not an identifier
    m = masked(card("CONTACT", "Example St. 1", "12345 Somewhere"))
    assert "12345 Somewhere" in m and any("St. 1" in k for k in m)


def _screen(corner: str, x: float = 1100, y: float = 80) -> list:
    from tests.test_phi import make_line

    body = [make_line(t, x=300, y=200 + 60 * k) for k, t in enumerate(
        ("Reports", "Report from: 08/01/2014", "Select the report:", "DOH Master List", "Run Report"))]
    return [make_line("https://example.org/report/form", x=100, y=40), make_line("Mercy Maternity", x=20, y=y),
            make_line(corner, x=x, y=y), *body]


def test_the_signed_in_user_in_a_screens_top_right_corner_is_a_name():
    assert masked(_screen("sue")).get("sue") == Identifier.NAMES
    assert masked(_screen("sue ▾")).get("sue ▾") == Identifier.NAMES
    assert "Page" not in masked(_screen("Page"))  # a button that is a first name and a word, in Title case
    assert "admin" not in masked(_screen("admin"))  # a system account, no first name
    assert "sue" not in masked(_screen("sue", x=20, y=600))  # the corner, not anywhere on the page
    assert masked(_screen("April")).get("April") == Identifier.NAMES  # a user called April, alone in the corner
    from tests.test_phi import make_line

    calendar = [*_screen("April"), make_line("March", x=700, y=80), make_line("February", x=400, y=80)]
    assert "April" not in masked(calendar)  # a calendar's months along its top: April is the fourth of them


def test_an_ultrasound_screens_dates_are_the_patients_by_its_mechanical_and_thermal_indices():
    assert masked(card("PHILIPS", "OB", "MI 1.1", "5/25/2011", "TIB 0.2", "2:56:22 PM")).get("5/25/2011") \
        == Identifier.DATES
    assert "5/25/2011" not in masked(card("PHILIPS", "OB", "Release 5", "5/25/2011", "2:56:22 PM"))


def test_a_signed_number_is_a_quantity_but_a_code_the_ocr_spaced_is_a_code():
    """A museum table's `-7000` (a year before Christ) or a ledger's `(-1530)` counts something; `LT -00036`, a
    record's code with a space the OCR put in, still names one."""
    for text in ("-95000", "(-1530)", "= -12500"):
        assert id_spans(text) == [], text
    assert ["LT -00036"[a:b] for a, b in id_spans("LT -00036")] == ["00036"]
    assert ["-00036"[a:b] for a, b in id_spans("-00036")] == ["00036"]  # leading noughts: a code's, not a count's


def test_a_resumes_contact_bar_masks_its_short_cells_beside_the_e_mail():
    """`08856 | example.com | github.com | 123@example.com` under a CV's name: the phone cut to its digits and
    the bare domains of the owner's site and profile are theirs, as the e-mail beside them is. A bar without an
    e-mail or phone (a menu's `Home | About | example.com`) keeps its cells."""
    m = masked(card("Lorem ipsum.", "08856 | example.com | github.com | 123@example.com"))
    assert m.get("08856") == Identifier.PHONE, m
    assert m.get("example.com") == Identifier.URL and m.get("github.com") == Identifier.URL, m
    m = masked(card("Home | About | Blog | example.com"))
    assert "example.com" not in m and "Home" not in m
