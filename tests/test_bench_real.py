"""bench.real's scoring: whose miss a missed item is (the reader's or the classifier's)."""

from __future__ import annotations

from fakes import line

from bench.real import ocr_status


def test_a_missed_items_ocr_status_says_whose_miss_it_is() -> None:
    item = {"category": "name", "text": "Thandiwe Dlamini", "polygon": [[10, 10], [130, 10], [130, 22], [10, 22]]}
    assert ocr_status(item, [line("Ward round with Thandiwe Dlamini", 0, 8, 300, 16)]) == "read"
    assert ocr_status(item, [line("Ward round with Tnand1we Dl", 0, 8, 300, 16)]) == "misread"
    assert ocr_status(item, [line("Thandiwe Dlamini", 0, 200, 300, 16)]) == "unread"  # elsewhere on the page
