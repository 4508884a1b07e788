"""What makes videos faster without masking less: faces looked for on crops between whole-frame looks,
verify on crops around the masks, decoding and encoding on helper threads (errors still reach the
caller, no partial file). Stand-in detectors as in test_video.py; the real models in bench/video.py."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from clips import SKIN, BluePanels, SkinFaces, blobs, make_clip, mrn_classifier, read_frames, scene

from imgscreen.policy import Policy
from imgscreen.video import VideoScreener
from imgscreen.video.pipe import Behind, prefetch

W, H, N = 960, 540, 40  # crops cost less than the whole frame only when the faces are small in it


class Sizes(SkinFaces):
    """SkinFaces that records the size of every image it was given, by frame."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self.sizes: list[tuple[int, tuple[int, int]]] = []

    def __call__(self, photo, policy, context=None):
        self.sizes.append((photo.frame, photo.pixels.shape[:2]))
        return super().__call__(photo, policy)


def looks(sizes: list[tuple[int, tuple[int, int]]]) -> tuple[list, list]:
    """(first look's calls, verify pass's calls): the verify pass starts again from an earlier frame."""
    k = next((j for j in range(1, len(sizes)) if sizes[j][0] < sizes[j - 1][0]), len(sizes))
    return sizes[:k], sizes[k:]


def fast(**video) -> Policy:
    return Policy().replace("video", **{"face_every": 6, "face_track_every": 3, "verify_crops": True, **video})


def test_between_whole_looks_faces_are_looked_for_on_crops_and_stay_masked(tmp_path):
    # One face walks across; a second one steps in at frame 20, between two whole looks (18 and 24).
    clip = make_clip(tmp_path / "walk.mp4", lambda i: scene(W, H, disks=[(60 + 8 * i, 120, 14)]
                                                             + ([(700, 400, 14)] if i >= 20 else [])), N)
    faces = Sizes()
    out = tmp_path / "safe.mp4"
    res = VideoScreener(fast(), {"faces": faces, "text": BluePanels()}, mrn_classifier).screen(clip, out)
    assert res.decision.verdict == "redact"
    first_look, _ = looks(faces.sizes)
    whole = sorted({f for f, s in first_look if s == (H, W)})
    crops = sorted({f for f, s in first_look if s != (H, W)})
    assert whole == list(range(0, N, 6))
    assert crops and set(crops) <= set(range(3, N, 6)) and all(s[0] * s[1] < W * H / 2 for f, s in first_look
                                                                if f in crops)
    # Every frame masked, also the newcomer's frames before the whole look that found it.
    assert [len(blobs(p, SKIN, min_px=5)) for p in read_frames(out)] == [0] * N


def test_verify_looks_only_around_the_masks(tmp_path):
    clip = make_clip(tmp_path / "one.mp4", lambda i: scene(W, H, disks=[(60 + 2 * i, 90, 14)]), 20)
    faces = Sizes()
    s = VideoScreener(fast(verify_every=5), {"faces": faces, "text": BluePanels()}, mrn_classifier)
    res = s.screen(clip, tmp_path / "safe.mp4")
    assert res.decision.verdict == "redact" and res.verify["passes"] == 1
    _, verify = looks(faces.sizes)
    assert [f for f, _ in verify] == [0, 5, 10, 15, 19]
    assert all(size[0] * size[1] < W * H / 2 for _, size in verify)
    # A clip with nothing to mask: the verify pass has nothing to look at.
    clean = make_clip(tmp_path / "clean.mp4", lambda i: scene(W, H), 10)
    faces.sizes.clear()
    res = s.screen(clean, tmp_path / "clean.safe.mp4")
    assert res.decision.verdict == "accept" and len(faces.sizes) == len(range(0, 10, 6))


def test_prefetch_hands_on_items_and_errors_and_stops_its_thread_when_left_early():
    def items(fail_at: int | None = None):
        for k in range(10):
            if k == fail_at:
                raise ValueError("bad frame")
            yield k

    assert list(prefetch(items(), depth=2)) == list(range(10))
    got = []
    with pytest.raises(ValueError):
        for x in prefetch(items(fail_at=6), depth=2):
            got.append(x)
    assert got == list(range(6))
    before = threading.active_count()
    gen = prefetch(items(), depth=2)
    assert next(gen) == 0
    gen.close()  # the consumer leaves early (an error, a time-out): the producer stops and is joined
    assert threading.active_count() <= before
    assert list(prefetch(items(), depth=0)) == list(range(10))  # no thread at all


def test_behind_keeps_order_and_raises_its_error_to_the_caller():
    done = []
    with Behind(done.append, depth=2) as b:
        for k in range(20):
            b.put(k)
    assert done == list(range(20))

    def boom(x):
        if x == 3:
            raise OSError("disk full")

    with pytest.raises(OSError), Behind(boom, depth=2) as b:
        for k in range(50):
            b.put(k)
    arr = np.zeros(3)
    with Behind(lambda x: arr.__setitem__(x, 1), depth=0) as b:  # in line
        b.put(1)
    assert arr.tolist() == [0, 1, 0]
