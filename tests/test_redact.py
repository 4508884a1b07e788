import numpy as np
from fakes import face, gradient, text_finding

from imgscreen.model import Finding, Identifier
from imgscreen.policy import Policy
from imgscreen.redact import apply_masks, highlight, masked_fraction


def rotated_word() -> Finding:
    # a 30-degree slanted word: the mask must follow the slant, not cover the whole bounding box
    c, s = np.cos(np.radians(30)), np.sin(np.radians(30))
    pts = [(0, 0), (120, 0), (120, 16), (0, 16)]
    poly = tuple((60 + x * c - y * s, 40 + x * s + y * c) for x, y in pts)
    return Finding("text", Identifier.NAMES, "Name", 0.9, "t", poly, text="DOE")


def test_text_mask_is_solid_and_follows_the_slant():
    px = np.full((200, 240, 3), 200, np.uint8)
    out = apply_masks(px, [rotated_word()], Policy())
    centre = (40 + 60 * np.sin(np.radians(30)) + 8, 60 + 60 * np.cos(np.radians(30)))
    assert (out[int(centre[0]), int(centre[1])] == 0).all()
    # a corner of the axis-aligned bounding box stays untouched
    assert (out[112, 62] == 200).all()
    assert (px == 200).all(), "input must not be modified"


def test_face_mosaic_keeps_nothing_of_the_face():
    from imgscreen.redact import region_mask

    px = gradient(200, 200)
    f = face(50, 50, 100, 100)
    a = apply_masks(px, [f], Policy(), seed=1)
    # Another face in the same place (anything inside the ellipse), same surroundings: the mask is
    # identical, pixel for pixel. Its colours come from around the head plus noise, never from the face.
    inside = region_mask(px.shape[:2], f, Policy()) > 0
    other = px.copy()
    other[inside] = np.random.default_rng(5).integers(0, 256, size=(int(inside.sum()), 3), dtype=np.uint8)
    b = apply_masks(other, [f], Policy(), seed=1)
    assert np.array_equal(a[inside], b[inside])
    assert not np.array_equal(a[75:125, 75:125], px[75:125, 75:125])


def test_face_styles():
    px = gradient(200, 200)
    solid = apply_masks(px, [face(50, 50, 100, 100)], Policy().replace("faces", style="solid"))
    assert (solid[100, 100] == (60, 60, 60)).all()
    blur = apply_masks(px, [face(50, 50, 100, 100)], Policy().replace("faces", style="blur"))
    assert blur[60:140, 60:140].std() < px[60:140, 60:140].std()


def test_text_fill_wins_over_face_mosaic():
    px = gradient(200, 200)
    out = apply_masks(px, [face(50, 50, 100, 100), text_finding(90, 90, 20, 10)], Policy())
    assert (out[95, 100] == 0).all()


def test_highlight_draws_but_masked_fraction_counts_area():
    px = np.full((100, 100, 3), 255, np.uint8)
    h = highlight(px, [text_finding(10, 10, 50, 20)])
    assert h.shape == px.shape and not np.array_equal(h, px)
    frac = masked_fraction([text_finding(0, 0, 50, 50)], (100, 100), Policy())
    assert 0.25 <= frac < 0.4
