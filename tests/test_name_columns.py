"""A column of bare first names or surnames is a list of people, with or without a header the rules
know (issue 22: "Tables and whiteboards"); columns of ordinary words stay visible."""

from __future__ import annotations

from imgscreen.model import Identifier
from tests.test_fields import card, masked


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
