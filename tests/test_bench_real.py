"""bench.real's scoring: whose miss a missed item is (the reader's or the classifier's); which outcomes it may
print one by one."""

from __future__ import annotations

from fakes import line

from bench.real import blind, ocr_status


def test_a_missed_items_ocr_status_says_whose_miss_it_is() -> None:
    item = {"category": "name", "text": "Thandiwe Dlamini", "polygon": [[10, 10], [130, 10], [130, 22], [10, 22]]}
    assert ocr_status(item, [line("Ward round with Thandiwe Dlamini", 0, 8, 300, 16)]) == "read"
    assert ocr_status(item, [line("Ward round with Tnand1we Dl", 0, 8, 300, 16)]) == "misread"
    assert ocr_status(item, [line("Thandiwe Dlamini", 0, 200, 300, 16)]) == "unread"  # elsewhere on the page


def test_held_out_photos_are_reported_in_tables_only() -> None:
    assert blind({"id": "ehr_screenshot_x_01", "half": "heldout"})
    assert blind({"id": "wide_5950_0012", "half": "both"})
    assert not blind({"id": "wide_1600_0012"}) and not blind({"id": "ui_screenshot_y_02", "half": "fresh27"})
