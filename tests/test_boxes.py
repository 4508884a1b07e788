"""A date typed in day, month and year boxes, read as three lines, is classified as one date."""

from __future__ import annotations

import dataclasses

from fakes import line

from imgscreen import boxes, phi
from imgscreen.decide import phi_rows_in_one_place
from imgscreen.model import Identifier
from imgscreen.policy import Policy


def _form(day: str = "14", month: str = "01", year: str = "2022", label: str = "Date of birth:") -> list:
    return [line(label, 100, 100, 130, 20), line(day, 240, 100, 25, 20), line(month, 275, 100, 25, 20),
            line(year, 310, 100, 45, 20)]


def test_boxes_beside_a_birth_label_are_masked_each_on_its_own_line() -> None:
    found = phi.classify(_form(), Policy())
    assert sorted((f.source.line, f.text) for f in found) == [(1, "14"), (2, "01"), (3, "2022")]
    assert {f.identifier for f in found} == {Identifier.DATES}
    assert [f.polygon for f in found] == [ln.polygon for ln in _form()[1:]]


def test_a_one_digit_month_box_is_the_month_with_its_zero() -> None:
    assert boxes.date_rows(_form(day="31", month="1", year="2000")) == [[1, 2, 3]]
    assert boxes.joined(_form(day="31", month="1", year="2000"), [1, 2, 3]).text == "31 01 2000"
    assert {f.text for f in phi.classify(_form(day="31", month="1", year="2000"), Policy())} == {"31", "1", "2000"}


def test_year_first_and_month_first_orders_are_dates() -> None:
    assert boxes.date_rows(_form(day="2022", month="01", year="14")) == [[1, 2, 3]]
    assert boxes.date_rows(_form(day="12", month="31", year="1999")) == [[1, 2, 3]]


def test_numbers_that_are_no_date_stay_apart() -> None:
    assert boxes.date_rows(_form(day="57", month="58", year="59")) == []  # a chart's axis ticks
    assert boxes.date_rows(_form(day="14", month="13", year="14")) == []  # no year, no month 13
    assert boxes.date_rows(_form(day="14", month="01", year="3022")) == []


def test_a_fourth_number_on_the_row_makes_a_table_row_not_a_date() -> None:
    row = [*_form(label="Count"), line("7", 365, 100, 12, 20)]
    assert boxes.date_rows(row) == []
    assert phi.classify(row, Policy()) == []


def test_boxes_far_apart_or_out_of_level_are_not_one_date() -> None:
    apart = [line("14", 240, 100, 25, 20), line("01", 340, 100, 25, 20), line("2022", 380, 100, 45, 20)]
    assert boxes.date_rows(apart) == []
    stepped = [line("14", 240, 100, 25, 20), line("01", 275, 110, 25, 20), line("2022", 310, 100, 45, 20)]
    assert boxes.date_rows(stepped) == []


def test_a_narrow_box_read_tall_is_still_level_with_its_row() -> None:
    # the OCR's box around a lone `01` is narrower than it is tall: its quadrilateral's shorter side is
    # its width, which must not make it look smaller than the `14` and `2022` beside it
    tall = [line("Date of birth:", 100, 562, 130, 50), line("14", 742, 562, 55, 52),
            line("01", 832, 559, 23, 57), line("2022", 904, 565, 67, 46)]
    assert boxes.date_rows(tall) == [[1, 2, 3]]


def test_a_date_in_boxes_counts_as_one_row_when_rows_of_phi_are_counted() -> None:
    # spaced as GOV.UK's date input is: the gap after the narrow `01` is wider than its width-as-height
    lines = [line("Date of birth:", 600, 562, 130, 50), line("14", 742, 562, 55, 52),
             line("01", 832, 559, 23, 57), line("2022", 904, 565, 67, 46)]
    found = phi.classify(lines, Policy())
    assert len(found) == 3
    assert phi_rows_in_one_place(found, lines) == 1


def test_a_one_digit_box_whose_quadrilateral_starts_on_its_long_side_is_still_in_the_row() -> None:
    # the OCR's box around a lone `1` (29 x 26 px) listed from its bottom-left corner up: a 90-degree "line"
    one = line("1", 353, 761, 29, 26)
    x0, y0, x1, y1 = 353, 761, 382, 787
    turned = dataclasses.replace(one, polygon=((x0, y1), (x0, y0), (x1, y0), (x1, y1)))
    row = [line("31", 291, 759, 35, 30), turned, line("2000", 421, 757, 52, 33)]
    assert boxes.date_rows(row) == [[0, 1, 2]]
