"""The pipeline's contract: fail closed, mask what was found, record overrides, verify the copy."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from fakes import Boom, Fixed, face, gradient, line, no_phi, text_finding, write_jpeg

from imgscreen.model import Finding, Identifier, Override, Photo, polygon_from_box
from imgscreen.pipeline import Screener
from imgscreen.policy import Policy


def screener(**detectors) -> Screener:
    return Screener(Policy(), detectors=detectors, classifier=no_phi)


def photo(w: int = 200, h: int = 150) -> Photo:
    return Photo(pixels=np.full((h, w, 3), 128, np.uint8))


def test_nothing_found_is_accept_with_an_unchanged_safe_copy():
    p = Photo(pixels=gradient())
    r = screener(faces=Fixed()).screen_photo(p)
    assert r.decision.verdict == "accept"
    assert np.array_equal(r.safe_pixels, p.pixels)
    assert r.verify == {"ran": False, "reason": "nothing was masked"}


def test_a_stage_that_raises_makes_the_photo_reject_and_says_which():
    r = screener(faces=Fixed(), text=Boom(RuntimeError("Patient DOE JOHN could not be parsed"))).screen_photo(photo())
    assert r.decision.verdict == "reject"
    assert r.safe_pixels is None
    assert any("text stage failed" in reason for reason in r.decision.reasons)
    # the exception's own message may quote PHI: only its type is reported
    assert not any("DOE" in reason for reason in r.decision.reasons)
    assert [s.ok for s in r.stages] == [True, False]


def test_a_classifier_that_raises_is_a_failed_phi_stage():
    def bad(lines, policy):
        raise ValueError("boom")

    s = Screener(Policy(), detectors={"text": Fixed(lines=[line("MRN 1", 0, 0, 10, 10)])}, classifier=bad)
    r = s.screen_photo(photo())
    assert r.decision.verdict == "reject"
    assert any("phi stage failed" in reason for reason in r.decision.reasons)


def test_truncated_stage_rejects():
    r = screener(text=Fixed(truncated=True)).screen_photo(photo())
    assert r.decision.verdict == "reject"
    assert "cap" in r.decision.reasons[0]


def test_found_regions_are_masked_and_the_original_untouched():
    p = Photo(pixels=gradient(200, 150))
    before = p.pixels.copy()
    det = Fixed([text_finding(20, 20, 60, 20)], only_first_call=True)
    r = screener(text=det).screen_photo(p)
    assert r.decision.verdict == "redact"
    assert np.array_equal(p.pixels, before)
    assert (r.safe_pixels[22:38, 25:75] == 0).all()  # solid fill over the text
    assert r.verify["ran"] and r.verify["persisted"] == 0
    assert det.calls == 2  # the verify pass ran the detector again


def test_something_that_persists_after_masking_twice_rejects():
    # a detector that always reports a region *outside* the masks it caused: a leak that will not go away
    class Moving:
        calls = 0

        def __call__(self, photo, policy, context):
            from imgscreen.detect import StageResult

            self.calls += 1
            if self.calls == 1:
                return StageResult(findings=[text_finding(10, 10, 20, 10)])
            w = photo.width
            return StageResult(findings=[text_finding(w - 15, 0, 10, 10)])

    r = screener(text=Moving()).screen_photo(photo(300, 200))
    assert r.decision.verdict == "reject"
    assert "still detected" in r.decision.reasons[0]
    assert r.safe_pixels is None


def test_consented_face_is_not_masked_and_recorded():
    p = photo(300, 200)
    det = Fixed([face(20, 20, 40, 50), face(200, 30, 40, 50)], only_first_call=True)
    r = screener(faces=det).screen_photo(p, [Override("consent", box=(18, 18, 44, 54))])
    assert len(r.findings) == 1 and r.findings[0].bbox[0] >= 150
    assert len(r.dismissed) == 1 and r.dismissed[0].dismissed == "consented"
    assert np.array_equal(r.safe_pixels[40:60, 30:50], p.pixels[40:60, 30:50])
    assert r.overrides[0].action == "consent"


def test_drop_and_add_box_overrides():
    p = photo(300, 200)
    det = Fixed([text_finding(10, 10, 40, 10)], only_first_call=True)
    overrides = [Override("drop", finding_index=0), Override("add_box", box=(100, 100, 30, 30))]
    r = screener(text=det).screen_photo(p, overrides)
    assert [f.kind for f in r.findings] == ["manual"]
    assert r.dismissed[0].dismissed == "dropped by reviewer"
    assert (r.safe_pixels[105:125, 105:125] == 0).all()
    assert np.array_equal(r.safe_pixels[10:20, 10:50], p.pixels[10:20, 10:50])


def _stamped(texts: list[str], with_face: bool = True, possible: bool = False):
    """A 400x300 photo with a face (or none) and one text line per entry, 20 px apart from the bottom."""
    p = Photo(pixels=gradient(400, 300))
    f = face(150, 40, 60, 70)
    if possible:
        f = dataclasses.replace(f, label="Possible face, not masked", informational=True)
    lines = [line(t, 250, 260 - 20 * k, 140, 16) for k, t in enumerate(texts)]
    s = screener(faces=Fixed([f] if with_face else [], only_first_call=True),
                 text=Fixed(lines=lines, only_first_call=True))
    return p, s.screen_photo(p)


def test_a_cameras_date_stamp_on_a_photo_of_a_person_is_masked():
    # a security camera's overlay as the OCR reads it, with the space before the time lost
    p, r = _stamped(["2019-01-2509:05:46"])
    stamps = [f for f in r.findings if f.source is not None and f.source.entity == "DATE_STAMP"]
    assert [f.identifier for f in stamps] == [Identifier.DATES]
    assert r.decision.verdict == "redact"
    assert (r.safe_pixels[262:274, 255:385] == 0).all()


def test_a_date_stamp_without_a_face_or_beside_an_unconfirmed_one_stays():
    for kwargs in ({"with_face": False}, {"possible": True}):
        p, r = _stamped(["2019-01-25 09:05:46"], **kwargs)
        assert not [f for f in r.findings if f.kind == "text"], kwargs
        assert np.array_equal(r.safe_pixels[262:274, 255:385], p.pixels[262:274, 255:385])


def test_a_column_of_dates_beside_a_face_is_no_camera_stamp():
    # a list screen with a contact photo: three whole-line dates are a list, which the list rules decide
    p, r = _stamped(["24/12/2025", "25/12/2025", "26/12/2025"])
    assert not [f for f in r.findings if f.kind == "text"]


@pytest.mark.parametrize("text, expected", [
    ("2019-01-2509:05:46", True), ("12/03/2021 2:33 PM", True), ("'98 7 25", True), ("Sat 2020-05-02 10:00", True),
    ("2019-13-45", False), ("Meeting 2019-01-25", False), ("14:33", False), ("01/02", False), ("1590", False),
])
def test_a_date_stamp_is_a_whole_line_of_date_and_time(text, expected):
    from imgscreen.recognizers.dates import stamp

    assert stamp(text) is expected


def test_metadata_only_findings_do_not_block_accept_by_default():
    from imgscreen.model import Finding

    gps = Finding("metadata", Identifier.GEOGRAPHIC, "GPS location in file", 1.0, "metadata", text="40.7,-73.9")
    r = screener(metadata=Fixed([gps])).screen_photo(photo())
    assert r.decision.verdict == "accept"
    assert "metadata removed" in r.decision.reasons[-1]
    strict = Screener(Policy().replace("metadata", counts_for_decision=True), detectors={"metadata": Fixed([gps])},
                      classifier=no_phi)
    assert strict.screen_photo(photo()).decision.verdict == "redact"


def test_unreadable_file_is_one_reject(tmp_path):
    bad = tmp_path / "x.jpg"
    bad.write_text("this is not an image")
    results = screener(faces=Fixed()).screen_file(bad)
    assert len(results) == 1
    assert results[0].decision.verdict == "reject"
    assert "not a recognised image format" in results[0].decision.reasons[0]


def test_screen_file_reads_real_file(tmp_path):
    f = write_jpeg(tmp_path / "ok.jpg", 120, 90)
    det = Fixed()
    results = screener(faces=det).screen_file(f)
    assert results[0].decision.verdict == "accept"
    assert results[0].photo.width == 120 and det.calls == 1


class WhiteBlobs:
    """A position-aware fake: reports the bounding box of pure-white pixels, like a real detector would."""

    def __call__(self, photo, policy, context=None):
        from imgscreen.detect import StageResult

        ys, xs = np.nonzero((photo.pixels == 255).all(axis=2))
        if len(xs) == 0:
            return StageResult()
        x0, y0 = int(xs.min()), int(ys.min())
        return StageResult(findings=[text_finding(x0, y0, int(xs.max()) - x0 + 1, int(ys.max()) - y0 + 1)])


def test_verify_does_not_count_a_finding_the_reviewer_dropped():
    p = photo(300, 200)
    p.pixels[40:60, 40:100] = 255
    overrides = [Override("drop", finding_index=0), Override("add_box", box=(120, 50, 30, 30))]
    r = screener(text=WhiteBlobs()).screen_photo(p, overrides)
    assert r.decision.verdict == "redact"
    assert r.verify["ran"] and r.verify["found_after_first_mask"] == 0
    assert (r.safe_pixels[40:60, 40:100] == 255).all()
    # the masks-and-verify time is part of the photo's time (bench.e2e's stage row reads it)
    assert 0 < r.verify["seconds"] <= r.seconds


def test_verify_masks_what_the_first_pass_missed():
    """The first pass misses the second blob; the verify pass finds and masks it."""
    p = photo(300, 200)
    p.pixels[20:30, 45:65] = 255

    class Once:
        calls = 0

        def __call__(self, photo, policy, context):
            from imgscreen.detect import StageResult

            self.calls += 1
            if self.calls == 1:
                return StageResult(findings=[text_finding(70, 20, 30, 10)])
            return WhiteBlobs()(photo, policy)

    r = screener(text=Once()).screen_photo(p)
    assert r.decision.verdict == "redact"
    assert r.verify["passes"] == 2 and r.verify["found_after_first_mask"] == 1 and r.verify["persisted"] == 0
    assert (r.safe_pixels[20:30, 45:65] == 0).all()
    assert [f.verify_pass for f in r.findings] == [0, 1]


def test_verify_rereads_each_mask_with_the_stage_that_found_it():
    """A face mask is checked by the face stage only, a text mask by the text stage only."""
    from imgscreen.verify import verify_crops

    p = photo(600, 300)
    # The face detector finds nothing on the filled head (a face found again there is a leak: see below).
    faces = Fixed([face(20, 20, 40, 40)], only_first_call=True)
    ocr = Fixed([text_finding(400, 200, 60, 12)])
    s = Screener(Policy(), detectors={"faces": faces, "text": ocr}, classifier=no_phi)
    r = s.screen_photo(p)
    assert r.decision.verdict == "redact" and r.verify["ran"]
    assert (faces.calls, ocr.calls) == (2, 2)  # first pass + one crop each, not each crop by both
    # Crops hold their masks with room around them; far-apart masks are separate crops.
    crops = verify_crops([(20, 20, 40, 40), (400, 200, 60, 12)], (300, 600))
    assert len(crops) == 2 and crops[0].x <= 20 and crops[0].x1 >= 60


def test_a_reviewer_box_is_verified_by_every_stage():
    faces, ocr = Fixed(), Fixed()
    s = Screener(Policy(), detectors={"faces": faces, "text": ocr}, classifier=no_phi)
    r = s.screen_photo(photo(300, 200), [Override("add_box", box=(50, 50, 40, 40))])
    assert r.verify["ran"] and (faces.calls, ocr.calls) == (2, 2)


class FacesOnMasks:
    """A face detector that finds a face on the filled head in its verify calls, up to call `times`."""

    def __init__(self, times: int):
        self.times, self.calls = times, 0

    def __call__(self, photo, policy, context):
        from imgscreen.detect import StageResult

        self.calls += 1
        if self.calls == 1:  # the first look, on the original: one face
            return StageResult(findings=[face(100, 60, 60, 70)])
        if self.calls <= self.times:  # verify crops: "a face" on the blob, in crop coordinates
            h, w = photo.pixels.shape[:2]
            return StageResult(findings=[face(w // 2 - 25, h // 2 - 20, 50, 60)])
        return StageResult()


def test_a_face_found_again_on_its_mask_gets_its_own_mask():
    """The leak test's rule, applied before anything leaves: a face detector firing on a filled head
    is a leak, not "already masked"; the blob gets a mask of its own and is looked at again."""
    s = Screener(Policy(), detectors={"faces": FacesOnMasks(times=3)}, classifier=no_phi)
    r = s.screen_photo(photo(400, 300))
    assert r.decision.verdict == "redact"
    assert r.verify["passes"] == 3 and r.verify["found_after_first_mask"] == 1 and r.verify["persisted"] == 0
    assert [f.verify_pass for f in r.findings if f.verify_pass] == [1, 2]


def test_a_face_that_persists_past_the_last_round_rejects_the_photo():
    from imgscreen.verify import MAX_MASK_PASSES

    s = Screener(Policy(), detectors={"faces": FacesOnMasks(times=99)}, classifier=no_phi)
    r = s.screen_photo(photo(400, 300))
    assert r.decision.verdict == "reject" and r.safe_pixels is None
    assert r.verify["passes"] == MAX_MASK_PASSES and r.verify["persisted"] == 1
    assert f"after masking {MAX_MASK_PASSES} times" in r.decision.reasons[0]


def test_verify_hands_the_text_stage_the_lines_away_from_every_mask():
    """In a verify crop, a first-look line that touches no mask has the same pixels: the text stage
    is given it (moved into the crop's pixels) to reuse; the line under the mask is read again."""
    seen: list[tuple] = []

    class Reader:
        calls = 0

        def __call__(self, photo, policy, context):
            from imgscreen.detect import StageResult

            self.calls += 1
            seen.append(context.known_lines)
            if self.calls == 1:
                return StageResult(findings=[text_finding(100, 100, 60, 12)],
                                   lines=[line("MRN 00482913", 100, 100, 60, 12), line("Ward 4", 100, 130, 40, 12)])
            return StageResult()

    # (the learned line scorer off: under an MRN it masks `Ward 4` too, and no line would be off every mask)
    r = Screener(Policy().replace("text", learned_threshold=1.0), detectors={"text": Reader()},
                 classifier=no_phi).screen_photo(photo(600, 400))
    assert r.decision.verdict == "redact" and r.verify["ran"]
    assert seen[0] == ()  # the first look knows nothing
    (known,) = seen[1]  # one verify crop, holding both lines; only the line off the mask is known
    assert known.text == "Ward 4"
    x0 = min(x for x, _ in known.polygon)
    assert 0 <= x0 < 100  # in the crop's pixels, not the photo's


def test_a_stage_beside_the_others_fails_closed_and_keeps_its_place():
    """The barcode stage runs on a helper thread: its error still rejects, its findings and outcome come
    in the detectors' order, and it really ran off the calling thread."""
    import threading

    from imgscreen import barcodes

    assert barcodes.STAGE.beside
    threads: dict[str, str] = {}

    class Where(Fixed):
        def __init__(self, name, findings=()):
            super().__init__(findings)
            self.name = name

        def __call__(self, photo, policy, context):
            threads[self.name] = threading.current_thread().name
            return super().__call__(photo, policy, context)

    s = screener(faces=Where("faces"), barcodes=Where("barcodes", [text_finding(10, 10, 30, 10)]),
                 text=Where("text"))
    r = s.screen_photo(photo())
    assert [st.stage for st in r.stages] == ["faces", "barcodes", "text", "phi"]
    assert threads["faces"] == threads["text"] == threading.current_thread().name != threads["barcodes"]
    assert r.decision.verdict == "redact"
    r = screener(faces=Fixed(), barcodes=Boom(RuntimeError("MRN 00482913 in a code"))).screen_photo(photo())
    assert r.decision.verdict == "reject" and r.safe_pixels is None
    assert any("barcodes stage failed" in reason for reason in r.decision.reasons)
    assert not any("00482913" in reason for reason in r.decision.reasons)


def test_our_own_errors_are_reported_with_their_message_others_by_type_only():
    """`ScreenError` means "this message carries no PHI": every subclass's message reaches the reason."""
    from imgscreen.errors import ScreenError, safe_error
    from imgscreen.load import LoadError
    from imgscreen.modelfiles import ModelError
    from imgscreen.ocr import OcrError
    from imgscreen.phi import PhiError
    from imgscreen.write import UnsafeWriteError

    for cls in (OcrError, PhiError, ModelError, LoadError, UnsafeWriteError):
        assert issubclass(cls, ScreenError)
        assert safe_error(cls("what to do next")) == "what to do next"
    r = screener(faces=Boom(OcrError("tesseract failed (status 1)"))).screen_photo(photo())
    assert r.decision.verdict == "reject"
    assert "tesseract failed (status 1)" in r.decision.reasons[0] and "inside the detector" not in r.decision.reasons[0]
    assert safe_error(ValueError("DOE JOHN")) == "ValueError inside the detector; run with --debug locally for details"


def test_the_registry_declares_each_stage_once_under_its_policy_section():
    """One name per stage: the policy section that switches it, the `stage` in reports, the key for
    `Screener(detectors=...)`; each finding kind is re-checked by one stage."""
    import dataclasses
    import pickle

    from imgscreen import stages

    registered = stages.registered()
    assert [s.name for s in registered] == ["metadata", "faces", "text", "barcodes"]
    assert pickle.loads(pickle.dumps(registered)) == registered  # stages can be sent to worker processes
    assert all(getattr(Policy(), s.name).enabled for s in registered)
    kinds = [k for s in registered for k in s.kinds]
    assert sorted(kinds) == sorted(set(kinds)) == ["barcode", "face", "metadata", "text"]
    off = Policy().replace("barcodes", enabled=False)
    assert [s.name for s in stages.default_stages(off)] == ["metadata", "faces", "text"]
    # A stage list can be given whole: here the registry's face stage, wrapped around a fake detector.
    faces_stage = next(s for s in registered if s.name == "faces")
    fake = Fixed([face(20, 20, 40, 40)], only_first_call=True)
    r = Screener(Policy(), stages=[dataclasses.replace(faces_stage, detect=fake)]).screen_photo(photo(300, 200))
    assert r.decision.verdict == "redact" and [s.stage for s in r.stages] == ["faces"] and fake.calls == 2


def test_verify_leaves_a_first_look_line_no_mask_touched_to_the_first_look():
    """A verify crop loses context (a dish's price out of the crop makes it read as a name): text found
    again on a line the first look read and no mask touched is not counted; text found on a line a
    mask touched is (test_verify_masks_what_the_first_pass_missed covers text the first look never read)."""
    from imgscreen.detect import StageResult

    far, near = line("Eggs Benedict", 20, 45, 120, 12), line("Tel 555-0199", 20, 20, 120, 12)

    class CropReader:
        calls = 0

        def __call__(self, photo, policy, context):
            self.calls += 1
            if self.calls == 1:  # the first look: the phone is PHI, the dish is not (its price is in view)
                return StageResult(findings=[text_finding(60, 20, 80, 12)], lines=[far, near])
            # in the crop (it starts at x=20 of the photo): "a name" on the dish's line
            return StageResult(findings=[text_finding(2, 46, 40, 10)])

    # (the learned line scorer off: a mask of its own on the dish's line would make it a line a mask touched)
    r = Screener(Policy().replace("text", learned_threshold=1.0), detectors={"text": CropReader()},
                 classifier=no_phi).screen_photo(photo(300, 200))
    assert r.decision.verdict == "redact" and r.verify["found_after_first_mask"] == 0
    # the same finding on a line a mask touched counts: the mask may have failed there
    far_touched = line("Eggs Benedict", 20, 45, 120, 12)
    r = screener(text=Fixed([text_finding(22, 46, 40, 10)], lines=[far_touched])).screen_photo(photo(300, 200))
    assert r.decision.verdict == "reject" and "still detected" in r.decision.reasons[0]


def _code(text: str) -> Finding:
    return Finding("barcode", Identifier.URL, "Barcode (QR code)", 1.0, "barcodes", polygon_from_box(20, 20, 40, 40),
                   text)


def test_a_code_that_only_links_to_a_website_stays_visible_on_a_photo_about_no_one():
    """A poster's or a blank form's QR code to `http://www.nucc.org/` is listed for the reviewer, not masked; beside
    a person's details, or with a record's number in the link, every code is masked."""
    link = _code("http://www.nucc.org/")
    r = screener(barcodes=Fixed([link])).screen_photo(photo())
    assert r.decision.verdict == "accept" and "a link to a website" in " ".join(r.decision.reasons)
    r = screener(barcodes=Fixed([link]), text=Fixed([text_finding(100, 100, 40, 10)])).screen_photo(photo())
    assert r.decision.verdict == "redact" and any(f.kind == "barcode" and not f.informational for f in r.findings)
    r = screener(barcodes=Fixed([_code("https://portal.example.org/patient/123456")])).screen_photo(photo())
    assert r.decision.verdict == "redact"
    strict = Screener(Policy().replace("barcodes", keep_public_links=False), detectors={"barcodes": Fixed([link])},
                      classifier=no_phi)
    assert strict.screen_photo(photo()).decision.verdict == "redact"
