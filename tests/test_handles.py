"""A display name that a handle or a mailbox on the same photo spells is a person's name (`handles`)."""

from __future__ import annotations

from imgscreen.handles import handle_names
from imgscreen.phi import classify
from imgscreen.policy import Policy
from tests.test_phi import make_line


def _found(texts: list[str]) -> list[str]:
    lines = [make_line(t, y=30 * k) for k, t in enumerate(texts)]
    return [lines[i].text[a:b] for i, a, b in handle_names(lines)]


def test_a_display_name_over_its_handle_is_a_name_even_when_no_list_knows_it():
    assert _found(["John Mastodon", "5 · 2m", "@johnm@example.com"]) == ["John Mastodon"]
    assert _found(["Posted by Conny Duck today", "@ConnyDuck"]) == ["Conny Duck"]
    assert _found(["Brent Thorne", "Department of Geography", "@brentthorne18"]) == ["Brent Thorne"]
    got = {f.text: f.source.entity for f in classify([make_line("Zorvan Quillet", y=0),
                                                       make_line("@zquillet", y=30)], Policy())}
    assert got.get("Zorvan Quillet") == "HANDLE_NAME", got


def test_an_organisations_mailbox_and_a_single_word_spell_no_one():
    assert _found(["Gadget House", "gadgethouse@example.com"]) == []
    assert _found(["Healthy Start", "Write to healthystart@nhs.net"]) == []
    assert _found(["Twitter", "@twitter"]) == []
    assert _found(["John Mastodon", "Welcome to the fediverse"]) == []  # no handle, no evidence

