"""The signed-in user's name in a screen's top-right corner: its place is the person evidence."""

from __future__ import annotations

import numpy as np

from imgscreen.accounts import top_bar_users
from imgscreen.model import Identifier, Photo
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy
from tests.fakes import Fixed, line

SIZE = (1200, 700)


def _found(text: str, x: int = 1000, y: int = 12) -> list[str]:
    lines = [line("Timesheet / List", 200, 12, 140, 20), line(text, x, y, 12 * len(text), 18)]
    return [lines[i].text[a:b] for i, a, b in top_bar_users(lines, SIZE)]


def test_a_first_name_in_the_top_right_corner_is_the_signed_in_user():
    assert _found("JANNIS") == ["JANNIS"]
    assert _found("Mitchell Admin (openerp_test)") == ["Mitchell Admin"]
    # a given name no list knows before a surname one does (fresh68's point-of-sale screen)
    assert _found("Zayn Ahmed") == ["Zayn Ahmed"]


def test_the_same_words_elsewhere_or_words_that_are_no_name_stay():
    assert _found("JANNIS", x=100) == []  # top left: an app's title
    assert _found("JANNIS", y=300) == []  # the page's body
    for text in ("Help", "Sign in", "June", "Settings v", "EN", "Jordan 23 items", "Open Ahmed", "Main Street"):
        assert _found(text) == [], text


def test_the_pipeline_masks_it_on_a_screen_but_not_in_a_camera_scene():
    lines = [line("traggo", 20, 10, 60, 20), line("JANNIS", 1000, 12, 60, 18), line("Dashboards", 20, 80, 90, 18)]
    screener = Screener(Policy(), detectors={"text": Fixed(lines=lines, only_first_call=True)},
                        classifier=lambda lines, policy: [])
    page = np.full((SIZE[1], SIZE[0], 3), 245, np.uint8)
    res = screener.screen_photo(Photo(pixels=page))
    assert [f.text for f in res.findings if f.identifier == Identifier.NAMES] == ["JANNIS"]
    assert res.decision.verdict == "redact"
    rng = np.random.default_rng(5)
    scene = rng.integers(0, 255, (SIZE[1], SIZE[0], 3), dtype=np.uint8)  # a street: its corner holds a shop sign
    screener = Screener(Policy(), detectors={"text": Fixed(lines=lines, only_first_call=True)},
                        classifier=lambda lines, policy: [])
    assert not [f for f in screener.screen_photo(Photo(pixels=scene)).findings if f.identifier == Identifier.NAMES]
