"""Avatars beside names (`imgscreen.avatars`): found on a flat screen, left alone elsewhere."""

from __future__ import annotations

import cv2
import numpy as np

from imgscreen.avatars import regions
from tests.test_phi import make_line

NAME = make_line("Ritvik Sardana", x=200, y=100, h=30)  # a list entry's name, 30 px text


def _screen(noise: bool = False) -> np.ndarray:
    rng = np.random.default_rng(7)
    img = np.full((260, 600, 3), 250, np.uint8)
    if noise:  # a camera photo: no flat background
        img = rng.integers(0, 255, img.shape, dtype=np.uint8)
    return img


def _disc(img: np.ndarray, cx: int, cy: int, r: int) -> None:
    rng = np.random.default_rng(3)
    patch = np.zeros_like(img)
    cv2.circle(patch, (cx, cy), r, (255, 255, 255), -1)
    face = rng.integers(60, 200, img.shape, dtype=np.uint8)  # a photo's pixels inside the disc
    img[patch[..., 0] > 0] = face[patch[..., 0] > 0]


def test_a_photo_avatar_left_of_a_name_is_found_and_covered():
    img = _screen()
    _disc(img, 165, 115, 24)  # 48 px disc, its right edge 11 px left of the name
    found = regions(img, [NAME], [0])
    assert len(found) == 1 and found[0][0] == 0
    x, y, w, h = found[0][1]
    assert x <= 141 and y <= 91 and x + w >= 189 and y + h >= 139  # the whole disc, padded


def test_an_avatar_the_ocr_read_as_a_letter_is_still_found():
    img = _screen()
    _disc(img, 165, 115, 24)
    misread = make_line("C", x=150, y=100, h=30)  # the OCR's `C` on the avatar
    assert [i for i, _ in regions(img, [NAME, misread], [0])] == [0]


def test_no_avatar_an_outline_a_far_picture_or_a_camera_photo_is_not_one():
    assert regions(_screen(), [NAME], [0]) == []  # nothing beside the name
    outlined = _screen()
    cv2.rectangle(outlined, (150, 100), (180, 130), (0, 0, 0), 1)  # an empty checkbox: too little ink
    assert regions(outlined, [NAME], [0]) == []
    far = _screen()
    _disc(far, 110, 115, 24)  # a picture ending three text heights left of the name
    assert regions(far, [NAME], [0]) == []
    camera = _screen(noise=True)
    _disc(camera, 165, 115, 24)
    assert regions(camera, [NAME], [0]) == []
    assert regions(_screen(), [NAME], []) == []  # no name, nothing searched


def test_text_left_of_a_name_is_no_avatar():
    img = _screen()
    cv2.rectangle(img, (150, 100), (179, 129), (20, 20, 20), -1)  # a square of dark ink...
    assert [i for i, _ in regions(img, [NAME], [0])] == [0]
    word = make_line("Tag", x=150, y=100, h=30)  # ...that the OCR read as a word is text, not a picture
    assert regions(img, [NAME, word], [0]) == []


def _list(rows: list[str]) -> tuple[np.ndarray, list]:
    """A help desk's author column: an avatar disc left of each row's text, 30 px text, rows 80 px apart."""
    img = np.full((120 + 80 * len(rows), 600, 3), 250, np.uint8)
    lines = []
    for k, text in enumerate(rows):
        y = 60 + 80 * k
        _disc(img, 165, y + 15, 24)
        lines.append(make_line(text, x=200, y=y, h=30))
    return img, lines


def test_a_row_with_an_avatar_in_a_list_of_named_people_is_a_person_too():
    from imgscreen.avatars import list_mates

    img, lines = _list(["Ritvik Sardana", "Sumit Bhanushali", "Suraj"])
    found = regions(img, lines, [0, 1])  # the classifier found the first two names
    assert [i for i, _ in found] == [0, 1]
    assert [i for i, _ in list_mates(img, lines, [0, 1], found)] == [2]
    # one named row is no list; an ordinary word beside an icon (a menu) is no person
    assert list_mates(img, lines, [0], regions(img, lines, [0])) == []
    img, lines = _list(["Ritvik Sardana", "Sumit Bhanushali", "Settings"])
    assert list_mates(img, lines, [0, 1], regions(img, lines, [0, 1])) == []
