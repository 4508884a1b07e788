"""Names and numbers people wear: a badge, sticker or race bib on a person's torso, below their face, is masked."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from fakes import Fixed, face, gradient, line, no_phi

from imgscreen import badges
from imgscreen.model import Identifier, Photo, Rect
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy

FACE = Rect(300, 100, 80, 100)  # eyes-to-chin box of a person standing in a 800x700 photo


def _on_chest(text: str, dy: float = 1.6, dx: float = 0.3, h: int = 18, w: int = 90):
    """A line of `text`, `dy` face heights below the face's top and `dx` face widths right of its middle."""
    cx = FACE.x + FACE.w / 2 + dx * FACE.w
    cy = FACE.y + dy * FACE.h
    return line(text, int(cx - w / 2), int(cy - h / 2), w, h)


@pytest.mark.parametrize("text", ["PAWEL", "Maria Lopez", "Grace", "Ngozi", "Dr. Okafor"])
def test_a_name_on_a_persons_chest_is_worn(text):
    assert badges.worn_names([_on_chest(text)], [FACE]) == [0]


@pytest.mark.parametrize("text", ["SPEAKER", "Volunteer", "Staff", "NURSE", "Hello my name is", "codebar",
                                  "Python", "2024", "Room 12", "Firstname:", "USA"])
def test_a_role_a_shirts_word_or_a_number_on_a_chest_is_no_name(text):
    assert badges.worn_names([_on_chest(text)], [FACE]) == []


@pytest.mark.parametrize("where", [
    {"dy": 0.3},  # on the face itself (a face mask's print, glasses' glare)
    {"dy": 6.0},  # far below: a table or a sign at the bottom of the picture
    {"dx": 3.0},  # beside the person, not on them
    {"h": 110},  # letters taller than the face: a poster behind the people
    {"h": 4},  # a line far behind them
    {"w": 400},  # wider than three faces: a banner
])
def test_a_name_off_the_persons_torso_is_not_worn(where):
    assert badges.worn_names([_on_chest("PAWEL", **where)], [FACE]) == []


def test_more_lines_than_a_badge_holds_are_a_page_beside_a_photo():
    # a CV's skills listed under its portrait: five name-like lines on one "torso"
    skills = ["Ansible", "Django", "Kubernetes", "Postgres", "Terraform"]
    lines = [_on_chest(t, dy=1.2 + 0.5 * k) for k, t in enumerate(skills)]
    assert badges.worn_names(lines, [FACE]) == []
    assert badges.worn_names(lines[:4], [FACE]) == [0, 1, 2, 3]  # a badge's name, surname, firm and role


def test_a_print_two_people_wear_is_no_name():
    # the same event shirt read whole on one person and in part on another; a sticker of her own on a third
    other, third = Rect(700, 100, 80, 100), Rect(1100, 100, 80, 100)
    shirt = [_on_chest("OUTREACHY"), line("SUTREACHY", 700 + 20, 260, 90, 18), line("Rufaro", 1100 + 5, 260, 70, 18)]
    assert badges.worn_names(shirt, [FACE, other, third]) == [2]


def test_no_faces_no_worn_names():
    assert badges.worn_names([_on_chest("PAWEL")], []) == []


@pytest.mark.parametrize("text", ["297", "1077", "A1077", "#36", "12B"])
def test_a_bib_or_shirt_number_on_a_persons_chest_is_worn(text):
    assert badges.worn_numbers([_on_chest(text)], [FACE]) == [0]


@pytest.mark.parametrize("text", ["7", "Room 12", "PAWEL", "1234567", "2024-05"])
def test_one_digit_a_labelled_number_a_word_or_a_long_code_is_no_bib(text):
    assert badges.worn_numbers([_on_chest(text)], [FACE]) == []


def test_a_number_off_the_torso_or_worn_alike_by_two_people_is_no_bib():
    assert badges.worn_numbers([_on_chest("297", dy=6.0)], [FACE]) == []  # the road's marking far below
    other = Rect(700, 100, 80, 100)
    shirts = [_on_chest("2019"), line("2019", 700 + 20, 260, 60, 18)]  # an event's year printed on both shirts
    assert badges.worn_numbers(shirts, [FACE, other]) == []
    bibs = [_on_chest("297"), line("454", 700 + 20, 260, 60, 18)]
    assert badges.worn_numbers(bibs, [FACE, other]) == [0, 1]


def _event(with_face: bool = True, possible: bool = False, tile: bool = False, lines=None):
    p = Photo(pixels=gradient(800, 700))
    f = face(*FACE)
    if possible:
        f = dataclasses.replace(f, label="Possible face, not masked", informational=True)
    if tile:  # a portrait tile on a page: a picture, not a person standing there
        p = Photo(pixels=np.full((700, 800, 3), 245, np.uint8))
        p.pixels[FACE.y - 20:FACE.y + FACE.h + 20, FACE.x - 20:FACE.x + FACE.w + 20] = \
            np.random.default_rng(1).integers(30, 200, (FACE.h + 40, FACE.w + 40, 3), dtype=np.uint8)
    lines = lines or [_on_chest("Rufaro"), _on_chest("VOLUNTEER", dy=2.2)]
    s = Screener(Policy(), detectors={"faces": Fixed([f] if with_face else [], only_first_call=True),
                                      "text": Fixed(lines=lines, only_first_call=True)}, classifier=no_phi)
    return p, s.screen_photo(p)


def test_the_pipeline_masks_a_worn_name_and_leaves_the_role():
    p, r = _event()
    worn = [f for f in r.findings if f.source is not None and f.source.entity == "WORN_NAME"]
    assert [(f.identifier, f.source.line) for f in worn] == [(Identifier.NAMES, 0)]
    assert r.decision.verdict == "redact"
    x, y, w, h = worn[0].bbox
    assert (r.safe_pixels[y + 2:y + h - 2, x + 2:x + w - 2] == 0).all()
    role = _on_chest("VOLUNTEER", dy=2.2).polygon
    rx, ry = int(role[0][0]), int(role[0][1])
    assert np.array_equal(r.safe_pixels[ry + 2:ry + 16, rx + 2:rx + 88], p.pixels[ry + 2:ry + 16, rx + 2:rx + 88])


def test_the_pipeline_masks_a_bib_number_as_an_identifier():
    _, r = _event(lines=[_on_chest("297", w=50, h=30), _on_chest("VOLUNTEER", dy=2.4)])
    worn = [(f.identifier, f.source.line) for f in r.findings
            if f.source is not None and f.source.entity == "WORN_NUMBER"]
    assert worn == [(Identifier.OTHER_ID, 0)]
    assert r.decision.verdict == "redact"


def test_without_a_confirmed_face_a_chest_word_is_not_worn():
    for kwargs in ({"with_face": False}, {"possible": True}, {"tile": True}):
        _, r = _event(**kwargs)
        assert not [f for f in r.findings if f.kind == "text"], kwargs


AVATAR = Rect(27, 22, 48, 73)  # a presence card's round photo on a home dashboard


def test_the_name_a_card_sets_beside_a_face_is_masked_not_its_status_line():
    card = [line("0", 50, 20, 12, 14), line("Mathieu", 80, 32, 57, 18), line("Home", 79, 47, 40, 18)]
    assert badges.names_beside(card, [AVATAR]) == [1]
    # the status line alone names no one; a name far off to the right or below the card is another matter
    assert badges.names_beside([line("Home", 80, 32, 40, 18)], [AVATAR]) == []
    assert badges.names_beside([line("Mathieu", 400, 32, 57, 18)], [AVATAR]) == []
    assert badges.names_beside([line("Mathieu", 80, 200, 57, 18)], [AVATAR]) == []
    assert badges.names_beside(card, []) == []


def test_the_pipeline_masks_the_name_beside_a_face_and_not_beside_a_possible_one():
    lines = [line("Mathieu", 80, 32, 57, 18), line("Home", 79, 47, 40, 18)]
    for informational, expected in ((False, [(Identifier.NAMES, 0)]), (True, [])):
        f = dataclasses.replace(face(*AVATAR), informational=informational)
        s = Screener(Policy(), detectors={"faces": Fixed([f], only_first_call=True),
                                          "text": Fixed(lines=lines, only_first_call=True)}, classifier=no_phi)
        r = s.screen_photo(Photo(pixels=np.full((300, 400, 3), 245, np.uint8)))
        named = [(f.identifier, f.source.line) for f in r.findings if f.source is not None
                 and f.source.entity == "FACE_NAME"]
        assert named == expected, informational


def test_names_over_a_badges_pass_type_with_no_face_in_view():
    """A photo of printed badges on a table: `Armani` over `Acevedo` over `General Admission + Training Day`. No face
    says whose chest it is, but the pass type says the lines over it spell its holder. An event poster's title over
    its admission line is no one (no given name or surname among its words)."""
    badge = [line("mani", 115, 73, 263, 181), line("Armani", 111, 195, 306, 143), line("Acevedo", 194, 286, 159, 71),
             line("General Admission + Training Day", 180, 321, 288, 85)]
    assert badges.holder_names(badge) == [0, 1, 2]
    poster = [line("PyConf Lisboa", 100, 100, 300, 60), line("General Admission 20 EUR", 100, 180, 300, 30)]
    assert badges.holder_names(poster) == []
    assert badges.holder_names(badge[:3]) == []  # no pass type: three words on a photo, no one's
