"""A code forge's or tracker's people (issue 22): the login opening a timeline event, the login after `by`,
a contributor card's name over its count; bots, service accounts and ordinary words stay visible."""

from __future__ import annotations

from imgscreen.activity import actors
from imgscreen.phi import classify
from imgscreen.policy import Policy
from tests.test_phi import make_line


def found(lines) -> set[str]:  # type: ignore[no-untyped-def]
    return {lines[i].text[a:b] for i, a, b in actors(lines)}


def test_a_timelines_logins_and_a_contributor_cards_name_are_masked():
    timeline = [make_line("MTK10671 was assigned by GiteaBot 21 minutes ago", x=40, y=0),
                make_line("opened 3 days ago by ksmith", x=40, y=40),
                make_line("jdoe commented 3 hours ago", x=40, y=80)]
    assert found(timeline) == {"MTK10671", "ksmith", "jdoe"}
    card = [make_line("Iliyan", x=40, y=0), make_line("567 contributions", x=40, y=30)]
    assert found(card) == {"Iliyan"}
    masked = {f.text: f.source.entity for f in classify(card, Policy())}
    assert masked == {"Iliyan": "FORGE_USER"}


def test_bots_service_accounts_and_ordinary_words_are_no_one():
    lines = [make_line("srv_mkeci001 was assigned by GiteaBot", x=40, y=0),
             make_line("dependabot[bot] opened this pull request", x=40, y=40),
             make_line("Everything was assigned to the queue", x=40, y=80),
             make_line("Data changed by the import", x=40, y=120)]
    assert found(lines) == set()


def test_a_display_name_opening_an_event_is_a_person_and_a_things_name_is_not():
    lines = [make_line("Cristian Filipov commented on Oct 12, 2018", x=40, y=0),
             make_line("Ngozi Okafor opened this issue", x=40, y=40),
             make_line("Build Pipeline created 3 hours ago", x=40, y=80),
             make_line("Data Import completed", x=40, y=120),
             make_line("Status Report was mentioned in the wiki", x=40, y=160)]
    assert found(lines) == {"Cristian Filipov", "Ngozi Okafor"}


def test_an_admin_change_history_capitalises_its_verbs_and_its_actor_is_still_a_person():
    lines = [make_line("MrCheese Changed Owner, Text, Pub date and Active.", x=40, y=0),
             make_line("jdoe Deleted choice \u201cMore random choices\u201d.", x=40, y=40),
             make_line("Status Changed to closed", x=40, y=80),
             make_line("Owner Added to the group", x=40, y=120),
             make_line("PHIC Approved", x=40, y=160)]
    assert found(lines) == {"MrCheese", "jdoe"}
