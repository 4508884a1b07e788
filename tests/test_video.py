"""Videos: every frame masked (also where the detector missed), audio bit for bit, no metadata, fail closed.

Clips are generated here (320x240, two seconds); the face and text stages are colour stand-ins
(`tests/clips.py`) so that a test knows the truth on every frame. The real models on a real video are
in `bench/video.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from clips import (
    BLUE,
    SKIN,
    BluePanels,
    Boom,
    SkinFaces,
    audio_packets,
    blobs,
    make_clip,
    mrn_classifier,
    read_frames,
    scene,
)

from imgscreen.detect import StageResult
from imgscreen.policy import Policy
from imgscreen.video import VideoOverrides, VideoScreener, video_record
from imgscreen.video.regions import follow, follow_many, reach_edges, touched_edges
from imgscreen.video.streams import VideoError, frames, probe, write_video
from imgscreen.video.tracks import FaceTrack, Sighting, fill, group

W, H, N = 320, 240, 50


def walking(i: int) -> np.ndarray:
    """A face walking right; a card sliding in from the right edge."""
    return scene(W, H, disks=[(40 + 4 * i, 80, 14)], panels=[(300 - 5 * i, 170, 60, 24)])


def screener(faces=None, ocr=None, policy: Policy | None = None) -> VideoScreener:
    dets = {"faces": faces or SkinFaces(), "text": ocr or BluePanels()}
    return VideoScreener(policy or Policy(), dets, mrn_classifier)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return make_clip(tmp_path_factory.mktemp("v") / "walk.mp4", walking, N)


def leftovers(path: Path, colour) -> list[int]:
    return [len(blobs(p, colour, min_px=5)) for p in read_frames(path)]


def test_faces_are_masked_on_every_frame_also_where_the_detector_missed(clip, tmp_path):
    faces = SkinFaces(miss=range(10, 20))
    out = tmp_path / "safe.mp4"
    res = screener(faces).screen(clip, out)
    assert res.decision.verdict == "redact"
    assert res.n_frames == N
    vp = Policy().video
    every = vp.face_track_every or vp.face_every  # whole frames, or crops around known faces between them
    first_look = faces.calls[: next(k for k in range(1, len(faces.calls)) if faces.calls[k] < faces.calls[k - 1])]
    # The detector ran on every k-th frame only, on every whole-look frame at least.
    assert set(range(0, N, vp.face_every)) <= set(first_look) <= set(range(0, N, every))
    assert leftovers(out, SKIN) == [0] * N
    (track,) = res.tracks
    assert set(range(N)) <= set(track.boxes)


def test_a_card_is_masked_from_the_frame_it_comes_in_not_only_on_read_frames(clip, tmp_path):
    ocr = BluePanels()
    out = tmp_path / "safe.mp4"
    res = screener(ocr=ocr).screen(clip, out)
    assert len(ocr.calls) < N // 4  # OCR ran on sampled frames only...
    assert leftovers(out, BLUE) == [0] * N  # ...but the card is masked on every frame
    assert len(res.regions) == 1  # one card, re-read and re-anchored, not a new finding per read


def test_audio_is_copied_bit_for_bit_or_dropped_on_request(clip, tmp_path):
    out = tmp_path / "safe.mp4"
    res = screener().screen(clip, out)
    assert res.write["audio"] == "kept"
    original = audio_packets(clip)
    assert len(original) > 50 and audio_packets(out) == original
    quiet = tmp_path / "quiet.mp4"
    res = screener().screen(clip, quiet, keep_audio=False)
    assert res.write["audio"] == "dropped"
    assert audio_packets(quiet) == []


def test_metadata_is_dropped_and_size_rate_and_timestamps_are_kept(clip, tmp_path):
    out = tmp_path / "safe.mp4"
    screener().screen(clip, out)
    with av.open(str(clip)) as a:
        assert "location" in a.metadata and "creation_time" in a.metadata  # the clip carries them
        src = [(f.pts, f.width, f.height) for f in a.decode(video=0)]
        rate = a.streams.video[0].average_rate
    with av.open(str(out)) as b:
        meta = dict(b.metadata) | dict(b.streams.video[0].metadata) | dict(b.streams.audio[0].metadata)
        assert not {k for k in meta if "location" in k or "creation" in k or "apple" in k}
        dst = [(f.pts, f.width, f.height) for f in b.decode(video=0)]
        assert b.streams.video[0].average_rate == rate
    assert dst == src
    rec = video_record(screener().screen(clip, None))
    assert {(f["label"], f["identifier"]) for f in rec["findings"] if f["kind"] == "metadata"} == {
        ("GPS location in file", 2), ("Recording time in file", 3)}
    assert any("metadata removed" in r for r in rec["reasons"])


def test_the_rotation_tag_is_kept_and_masks_land_on_the_upright_picture(tmp_path):
    src = make_clip(tmp_path / "phone.mov", walking, 30, rotation=90)
    info = probe(src, Policy().video)
    assert (info.width, info.height, info.rotation) == (W, H, 90)
    out = tmp_path / "phone.safe.mov"
    res = screener().screen(src, out)
    assert res.decision.verdict == "redact"
    with av.open(str(out)) as c:
        first = next(c.decode(video=0))
        assert first.rotation == 90 and (first.width, first.height) == (H, W)
    frames = read_frames(out)
    assert frames[0].shape[:2] == (H, W)
    assert sum(leftovers(out, SKIN)) == 0 and sum(leftovers(out, BLUE)) == 0


@pytest.mark.parametrize(("name", "codec", "audio", "out_suffix"), [
    ("iphone.mov", "libx265", "aac", ".mov"),  # HEVC, as iPhones record
    ("clip.webm", "libvpx-vp9", "libopus", ".mp4"),  # VP9 + Opus: the Opus packets go into the MP4 as they are
])
def test_hevc_and_webm_are_screened_and_keep_their_audio(tmp_path, name, codec, audio, out_suffix):
    from imgscreen.video import safe_video_format

    src = make_clip(tmp_path / name, walking, 20, codec=codec, audio_codec=audio)
    fmt, suffix = safe_video_format(src)
    assert suffix == out_suffix
    out = tmp_path / ("safe" + suffix)
    res = screener().screen(src, out)
    assert res.decision.verdict == "redact", res.decision.reasons
    assert res.info is not None and res.info.codec == {"libx265": "hevc", "libvpx-vp9": "vp9"}[codec]
    assert sum(leftovers(out, SKIN)) == 0
    assert audio_packets(out) == audio_packets(src) and audio_packets(src)


def test_report_has_time_ranges_and_no_phi_text(clip, tmp_path):
    res = screener(SkinFaces(miss=range(10, 20))).screen(clip, tmp_path / "safe.mp4")
    rec = video_record(res)
    json.dumps(rec)
    assert rec["schema"] == 1 and rec["frames"] == N and rec["decision"] == "redact"
    face = next(f for f in rec["findings"] if f["kind"] == "face")
    assert face["time_ranges"] == [[0.0, 2.0]] and face["frame_ranges"] == [[0, N - 1]]
    text = next(f for f in rec["findings"] if f["kind"] == "text")
    assert "00482913" not in json.dumps(rec) and text["text"] == "M** ********"
    assert rec["video"]["audio"] == "kept" and rec["verify"]["ran"] is True


def test_consent_applies_to_the_whole_track(tmp_path):
    two = make_clip(tmp_path / "two.mp4", lambda i: scene(W, H, disks=[(60, 60 + i, 14), (250, 150, 14)]), 30)
    out = tmp_path / "safe.mp4"
    # Consent given on the frame at 1.0 s for the person on the right.
    res = screener().screen(two, out, VideoOverrides(consent=(((230, 130, 40, 40), 1.0),)))
    assert res.decision.verdict == "redact"
    assert [t.consented for t in res.tracks].count(True) == 1
    for frame in read_frames(out):
        left = blobs(frame[:, :160], SKIN, min_px=5)
        right = blobs(frame[:, 160:], SKIN, min_px=5)
        assert not left and len(right) == 1
    rec = video_record(res)
    assert any(f.get("dismissed") == "consented" for f in rec["findings"])


def test_a_clean_video_is_accepted_with_a_copy(tmp_path):
    src = make_clip(tmp_path / "hall.mp4", lambda i: scene(W, H), 20)
    out = tmp_path / "safe.mp4"
    res = screener().screen(src, out)
    assert res.decision.verdict == "accept" and out.exists()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_video_is_rejected_and_leaves_nothing_behind(clip, tmp_path, damage):
    bad = tmp_path / "bad.mp4"
    data = clip.read_bytes()
    bad.write_bytes({"truncated": data[: len(data) // 3], "garbage": b"\x00\x00\x00\x18ftypmp42" + b"\x5a" * 4000,
                     "empty": b""}[damage])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    res = screener().screen(bad, out_dir / "bad.mp4")
    assert res.decision.verdict == "reject"
    assert "could not screen the video" in res.decision.reasons[0]
    assert list(out_dir.iterdir()) == []


def test_limits_reject_with_the_policy_key_named(clip, tmp_path):
    policy = Policy().replace("video", max_duration_s=1.0)
    res = screener(policy=policy).screen(clip, tmp_path / "safe.mp4")
    assert res.decision.verdict == "reject" and "video.max_duration_s" in res.decision.reasons[0]
    policy = Policy().replace("video", max_side=300)
    res = screener(policy=policy).screen(clip, tmp_path / "safe.mp4")
    assert res.decision.verdict == "reject" and "max_side" in res.decision.reasons[0]
    assert not (tmp_path / "safe.mp4").exists()


def test_a_detector_that_fails_on_any_frame_rejects_without_phi_in_the_reason(clip, tmp_path):
    res = screener(faces=Boom(on_frame=20)).screen(clip, tmp_path / "safe.mp4")
    assert res.decision.verdict == "reject"
    assert "faces" in res.decision.reasons[0] and "Jane" not in json.dumps(video_record(res))
    assert not (tmp_path / "safe.mp4").exists()


def test_a_hit_that_persists_after_every_round_rejects_and_deletes_the_output(clip, tmp_path):
    # A "face" the detector reports on every frame whatever the pixels: masking cannot make it go away.
    stubborn = SkinFaces(always=(150, 20, 30, 30))
    out = tmp_path / "safe.mp4"
    res = screener(faces=stubborn).screen(clip, out)
    assert res.decision.verdict == "reject" and "still detected after masking 3 times" in res.decision.reasons[0]
    assert res.verify["passes"] == 3
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_verify_masks_what_the_first_look_missed(clip, tmp_path):
    class LateFaces(SkinFaces):
        """Finds nothing while analysing (frames seen once), everything on the written file."""

        def __call__(self, photo, policy, context=None):
            # The verify pass decodes the written file from its first frame again: frames go back.
            self.late = getattr(self, "late", False) or bool(self.calls and photo.frame <= self.calls[-1])
            self.calls.append(photo.frame)
            return super().__call__(photo, policy) if self.late else StageResult()

    out = tmp_path / "safe.mp4"
    # Verify on the whole frame (policy video.verify_crops off): by default it looks only around the
    # masks, so a face the first look missed everywhere is not looked for again.
    whole = Policy().replace("video", verify_crops=False)
    res = screener(faces=LateFaces(), policy=whole).screen(clip, out)
    assert res.verify["found_after_first_mask"] > 0 and res.verify["passes"] >= 2
    assert res.decision.verdict == "redact"
    assert leftovers(out, SKIN) == [0] * N


def test_write_video_leaves_no_partial_file_when_a_frame_fails(clip, tmp_path):
    info = probe(clip, Policy().video)

    def render(i, t, pixels):
        if i == 10:
            raise RuntimeError("boom")
        return pixels

    with pytest.raises(RuntimeError):
        write_video(clip, tmp_path / "out.mp4", info, render, Policy().video)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(VideoError):
        write_video(clip, clip, info, lambda i, t, p: p, Policy().video)


# -- pure parts ----------------------------------------------------------------------------------

def test_fill_interpolates_gaps_and_adds_margins_that_move_with_the_face():
    ss = [Sighting(f, (10.0 + 2 * f, 50.0, 20.0, 20.0), 0.9, 0, 0) for f in (10, 12, 20, 22)]
    t = fill(FaceTrack(0, ss), 100, (640, 480), max_gap=10, margin=4)
    assert set(t.boxes) == set(range(6, 27))
    assert t.boxes[16][0] < 10 + 2 * 16 and t.boxes[16][0] + t.boxes[16][2] > 10 + 2 * 16 + 20  # grown in the gap
    assert t.boxes[26][0] > t.boxes[22][0]  # the margin after the last sighting moves on with the face
    split = fill(FaceTrack(0, ss), 100, (640, 480), max_gap=5, margin=0)
    assert 15 not in split.boxes and 12 in split.boxes and 20 in split.boxes
    cut = fill(FaceTrack(0, ss), 100, (640, 480), max_gap=10, margin=4, cuts=[15])
    assert 15 not in cut.boxes and 14 in cut.boxes and 16 in cut.boxes  # margins stay in their own scene


def test_group_joins_a_tracks_unconfirmed_first_sighting():
    ss = [Sighting(0, (10, 10, 20, 20), 0.9, 0, -1), Sighting(2, (12, 10, 20, 20), 0.9, 0, 5),
          Sighting(4, (300, 10, 20, 20), 0.9, 0, -1)]
    tracks = group(ss, link_frames=6)
    assert sorted(len(t.sightings) for t in tracks) == [1, 2]


def test_edges_and_flow():
    poly = np.array([[300, 10], [320, 10], [320, 30], [300, 30]], np.float32)
    assert touched_edges(poly, (320, 240)) == ("right",)
    assert reach_edges(poly, ("right",), (320, 240))[:, 0].max() == 320
    a = scene(W, H, panels=[(100, 100, 60, 24)])[:, :, 1]
    b = scene(W, H, panels=[(107, 103, 60, 24)])[:, :, 1]
    moved = follow(a, b, np.array([[100, 100], [160, 100], [160, 124], [100, 124]], np.float32), 1.0)
    assert moved is not None and np.allclose(moved[0], (107, 103), atol=1.5)
    # Several regions in one flow call: each moves with its own card, one without corners stays None.
    a = scene(W, H, panels=[(20, 20, 60, 24), (200, 150, 60, 24)])[:, :, 1]
    b = scene(W, H, panels=[(25, 18, 60, 24), (194, 156, 60, 24)])[:, :, 1]
    flat = np.full_like(a, 128)
    polys = [np.array([[x, y], [x + 60, y], [x + 60, y + 24], [x, y + 24]], np.float32)
             for x, y in ((20, 20), (200, 150))]
    one, two = follow_many(a, b, polys, 1.0)
    assert np.allclose(one[0], (25, 18), atol=1.5) and np.allclose(two[0], (194, 156), atol=1.5)
    assert follow_many(flat, flat, polys, 1.0) == [None, None]


def test_frames_can_skip_the_conversion_of_frames_nobody_looks_at(clip):
    info = probe(clip, Policy().video)
    every = [f.pixels for f in frames(clip, info)]
    picked = list(frames(clip, info, want=lambda i: i % 7 == 0))
    assert [f.index for f in picked] == list(range(0, N, 7))
    assert all(np.array_equal(f.pixels, every[f.index]) for f in picked)


# -- command line (real models, one small clean clip) -------------------------------------------------

def test_cli_video_and_scan_pick_up_videos(tmp_path):
    from imgscreen.cli import EXIT_OK, EXIT_USAGE, main

    folder = tmp_path / "event"
    folder.mkdir()
    make_clip(folder / "hall.m4v", lambda i: scene(W, H), 12)
    out = tmp_path / "safe"
    assert main(["scan", str(folder), "--out", str(out), "--quiet"]) == EXIT_OK
    (rec,) = [json.loads(line) for line in (out / "report.jsonl").read_text().splitlines()]
    assert rec["decision"] == "accept" and rec["frames"] == 12 and rec["video"]["audio"] == "kept"
    assert Path(rec["output"]) == out / "hall.mp4" and (out / "hall.mp4").exists()
    assert audio_packets(out / "hall.mp4") == audio_packets(folder / "hall.m4v")
    report = tmp_path / "one.json"
    assert main(["video", str(folder / "hall.m4v"), "-o", str(tmp_path / "one.mp4"), "--no-audio",
                 "--report", str(report)]) == EXIT_OK
    assert json.loads(report.read_text())["video"]["audio"] == "dropped"
    with pytest.raises(SystemExit) as e:
        main(["video", str(folder / "hall.m4v"), "--consent", "1,2,3,4"])  # a consent needs a time
    assert e.value.code == EXIT_USAGE


def test_stitch_joins_a_fast_face_that_got_a_new_identity_but_not_a_stranger():
    a = [Sighting(f, (10.0 + 20 * f, 50.0, 30.0, 30.0), 0.9, 0, 0) for f in range(0, 10, 2)]
    b = [Sighting(f, (10.0 + 20 * f, 52.0, 30.0, 30.0), 0.9, 0, 1) for f in range(16, 24, 2)]
    far = [Sighting(f, (600.0, 400.0, 30.0, 30.0), 0.9, 0, 2) for f in range(16, 24, 2)]
    tracks = group(a + b + far, link_frames=6, stitch_frames=30)
    assert sorted(len(t.sightings) for t in tracks) == [4, 9]


def test_a_reviewers_changes_are_written_without_analysing_again(tmp_path):
    two = make_clip(tmp_path / "two.mp4", lambda i: scene(W, H, disks=[(60, 60 + i, 14), (250, 150, 14)]), 20)
    faces = SkinFaces()
    s = screener(faces)
    out = tmp_path / "safe.mp4"
    res = s.screen(two, out)
    assert res.decision.verdict == "redact" and sum(leftovers(out, SKIN)) == 0
    calls = len(faces.calls)
    right = next(t.track_id for t in res.tracks if t.first.box[0] > 160)
    res = s.revise(res, VideoOverrides(consent_tracks=(right,)), out)
    assert res.decision.verdict == "redact"
    assert all(len(blobs(f[:, 160:], SKIN, min_px=5)) == 1 and not blobs(f[:, :160], SKIN, min_px=5)
               for f in read_frames(out))
    # Only the verify pass looked again (a few sampled frames), not the analysis (every k-th frame).
    assert len(faces.calls) - calls <= 20 // Policy().video.verify_every + 1
    assert {"action": "consent", "track": right} in video_record(res)["overrides"]
