"""A face in a photo tile on a flat screen is masked with its whole tile, not an ellipse that leaves the corners."""

from __future__ import annotations

import numpy as np
from fakes import Fixed, face, no_phi

from imgscreen.avatars import face_tile
from imgscreen.model import Photo
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy


def _screen_with_tile(tile=(100, 80, 64, 64), size=(300, 400), background=None):
    """A flat page (or `background`) with a textured square photo tile; the face box sits inside the tile."""
    rng = np.random.default_rng(3)
    h, w = size
    img = np.full((h, w, 3), 245, np.uint8) if background is None else background.copy()
    x, y, tw, th = tile
    img[y:y + th, x:x + tw] = rng.integers(30, 200, (th, tw, 3), dtype=np.uint8)
    return img, (x + 14, y + 10, tw - 28, th - 22)


def test_a_face_in_a_square_tile_on_a_flat_page_takes_the_tile():
    img, fbox = _screen_with_tile()
    tile = face_tile(img, fbox)
    assert tile is not None
    x, y, w, h = tile
    assert x <= 100 and y <= 80 and x + w >= 164 and y + h >= 144  # the whole tile, corners included
    assert w <= 64 + 6 and h <= 64 + 6  # and not more than the tile


def test_a_face_on_a_camera_photo_keeps_its_ellipse():
    noisy = np.random.default_rng(5).integers(0, 255, (300, 400, 3), dtype=np.uint8)
    img, fbox = _screen_with_tile(background=noisy)
    assert face_tile(img, fbox) is None


def test_a_portrait_running_past_the_window_is_no_tile():
    # a big picture on a page: the face's window ends inside the picture, so there is no tile to take
    img, _ = _screen_with_tile(tile=(40, 20, 320, 270))
    assert face_tile(img, (170, 80, 50, 60)) is None


def test_a_tile_cut_by_the_frame_edge_is_not_judged():
    img, fbox = _screen_with_tile(tile=(0, 80, 64, 64))
    assert face_tile(img, fbox) is None


def test_the_safe_copy_masks_the_tiles_corners():
    img, (fx, fy, fw, fh) = _screen_with_tile()
    s = Screener(Policy(), detectors={"faces": Fixed([face(fx, fy, fw, fh)], only_first_call=True)},
                 classifier=no_phi)
    r = s.screen_photo(Photo(pixels=img))
    assert r.decision.verdict == "redact"
    assert [f.mask for f in r.findings if f.kind == "face"] == ["box"]
    corner = r.safe_pixels[81:89, 101:109].astype(int)  # the tile's top-left corner, outside any head ellipse
    assert np.abs(corner - img[81:89, 101:109].astype(int)).mean() > 40
