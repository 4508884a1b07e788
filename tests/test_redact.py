import numpy as np
import pytest
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


@pytest.mark.parametrize("style", ["smooth", "pixelate"])
def test_face_fill_keeps_nothing_of_the_faces(style):
    """Other faces in the same places (anything inside the masks), same surroundings: the output is
    identical, pixel for pixel. The fill comes from around the heads plus noise, never from a face,
    not even from a neighbour's face in a crowd."""
    from imgscreen.redact import union_mask

    policy = Policy().replace("faces", style=style)
    px = gradient(240, 300)
    faces = [face(50, 50, 80, 90), face(120, 60, 80, 90)]  # overlapping heads
    a = apply_masks(px, faces, policy, seed=1)
    inside = union_mask(px.shape[:2], faces, policy) > 0
    other = px.copy()
    other[inside] = np.random.default_rng(5).integers(0, 256, size=(int(inside.sum()), 3), dtype=np.uint8)
    b = apply_masks(other, faces, policy, seed=1)
    assert np.array_equal(a, b)
    assert not np.array_equal(a[75:125, 75:125], px[75:125, 75:125])


def test_face_mask_runs_into_the_neck_on_the_chin_side():
    """The mask is a capsule from the head towards the chin, so no head-on-shoulders outline is left."""
    from imgscreen.redact import region_mask

    upright = face(80, 40, 80, 80)
    m = region_mask((300, 240), upright, Policy())
    assert m[140, 120] and not m[20, 120]  # below the head box (neck) masked, far above it not
    flipped = face(80, 140, 80, 80, rotation=180)
    m = region_mask((300, 240), flipped, Policy())
    assert m[125, 120] and not m[240, 120]  # chin up: the capsule runs upwards, not down
    # faces.py reports a head whose chin points left (photo turned clockwise) as rotation 90
    sideways = face(100, 100, 80, 80, rotation=90)
    m = region_mask((300, 300), sideways, Policy())
    assert m[140, 75] and not m[140, 190]


def test_highlight_outlines_the_face_mask_as_drawn():
    px = np.full((300, 240, 3), 255, np.uint8)
    h = highlight(px, [face(80, 40, 80, 80)], numbered=False)
    assert not (h[150:170, 70:170] == 255).all()  # the outline reaches the neck part of the capsule


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
    assert 0.45 <= frac < 0.55  # 50 x 50 grown by a quarter of its height across and 0.6 along, clipped at 0, 0
