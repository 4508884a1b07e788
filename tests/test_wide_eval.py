"""bench.wide_eval's scoring: what counts as a protected item, a false alarm, a covered pixel."""

from __future__ import annotations

import numpy as np

from bench.wide_eval import score_photo, summarize


def _truth() -> dict:
    box = [[10, 10], [50, 10], [50, 20], [10, 20]]
    org = [[10, 40], [50, 40], [50, 50], [10, 50]]
    return {
        "file": "x.jpg",
        "layout": "pill_bottle",
        "geometry": "card",
        "flat": False,
        "expected": "redact",
        "items": [{"category": "name", "polygon": box}],
        "not_phi": [{"polygon": org, "why": "pharmacy phone"}],
    }


def _photo() -> np.ndarray:
    img = np.full((60, 60, 3), 230, np.uint8)
    img[12:18, 12:48:3] = 0  # black ink strokes: unchanged under a black fill
    return img


def test_black_fill_over_black_ink_counts_as_covered() -> None:
    orig = _photo()
    safe = orig.copy()
    safe[8:22, 8:52] = 0
    rec = score_photo(_truth(), "redact", orig, safe)
    assert rec["items"][0]["protected"] and rec["items"][0]["fraction"] == 1.0
    assert rec["not_phi_masked"] == 0


def test_half_masked_value_is_not_protected_and_masked_org_phone_is_a_false_alarm() -> None:
    orig = _photo()
    safe = orig.copy()
    safe[8:22, 8:30] = 0
    safe[38:52, 8:52] = 0
    rec = score_photo(_truth(), "redact", orig, safe)
    assert not rec["items"][0]["protected"] and 0.3 < rec["items"][0]["fraction"] < 0.7
    assert rec["not_phi_masked"] == 1


def test_a_reject_protects_everything_and_counts_in_the_summary() -> None:
    orig = _photo()
    rejected = score_photo(_truth(), "reject", orig, None)
    kept = score_photo(_truth(), "redact", orig, orig.copy())  # nothing masked
    assert rejected["items"][0]["protected"] and not kept["items"][0]["protected"]
    s = summarize([rejected, kept])
    assert s["all"]["protected"] == 1 and s["all"]["items"] == 2
    assert s["all"]["protected_in_safe_copies"] == 0 and s["all"]["items_in_safe_copies"] == 1
    assert s["categories"]["name"] == [1, 2, 0, 1]
    assert s["all"]["decision_matches"] == 1
