"""Every threshold and choice in one frozen dataclass, with defaults in one place.

A user overrides any of them from a TOML file (`--policy my.toml`) whose tables mirror the sections
below. Unknown keys are an error rather than silently ignored: a misspelt threshold in a privacy tool
must not fall back to a default without anyone noticing.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

FaceStyle = Literal["smooth", "pixelate", "blur", "solid"]  # in the order the review UI offers them
FACE_STYLES: tuple[str, ...] = get_args(FaceStyle)  # the one list: CLI, validation, decision log


@dataclass(frozen=True)
class FacePolicy:
    enabled: bool = True
    # CenterFace score threshold. Recall first: a blurred shoulder is cheap, a missed face is not.
    # 0.3 from `python -m bench.faces`: against 0.35 it finds 92 % instead of 77 % of the 24-34 px
    # faces in 12 MP frames for precision 0.96-0.99 instead of 0.96-1.00 (web photos: same recall,
    # precision 0.990 vs 0.995, and most "false" hits there are blurred faces the reference omits).
    threshold: float = 0.3
    # Faces smaller than this (px tall, upright image) are ignored: below it no one is identifiable.
    min_size: int = 10
    # Grow the detector's eyes-to-chin box to cover hair, ears and jaw: (width, height) factors.
    head_scale: tuple[float, float] = (1.35, 1.5)
    style: FaceStyle = "smooth"
    # Network input for the finest pyramid level, in megapixels: the speed/small-face trade-off.
    # 3.0: ~4.9 MP through the network for a 12 MP photo, ~0.4 s on 2 idle cores (65-72 ms/MP), and
    # faces down to ~24 px tall are found there
    # (web-sized photos are enlarged up to 2x instead, so ~8-12 px faces are found in them).
    max_megapixels: float = 3.0
    # Also look for sideways and upside-down heads (one coarse level turned 90/180/270 degrees).
    rotations: bool = True
    # Candidates scoring under `confirm_below` are looked at again (a crop around them, re-detected with
    # the face `confirm_face_px` tall) and masked only if that look scores >= `confirm_score`; the others
    # are reported as "possible face, not masked". From `python -m bench.clean`: of 1311 faces matched
    # on bench.faces' shared/native/small sets, 106 score under 0.6 and 3 of those fail the second look,
    # while it turns away 29 of 31 known-false candidates and every one on the clean 12 MP frames.
    # 0 turns confirmation off (every candidate over `threshold` is masked).
    confirm_below: float = 0.6
    confirm_score: float = 0.4
    confirm_face_px: int = 48


@dataclass(frozen=True)
class TextPolicy:
    enabled: bool = True
    engine: Literal["rapidocr", "tesseract"] = "rapidocr"
    min_confidence: float = 0.5
    # More text regions than this and the OCR stage stops and reports truncation (fail closed).
    max_regions: int = 400
    # Recognition work cap, in megapixels of strips at the recogniser's 48 px height (grows with the
    # text's area, not its line count): past it reading stops and the photo is rejected as capped.
    # 16 (was 6 until stop 27): a full page of print or a dense screen needs 7-14 MP, and reading it
    # costs about 1 CPU s per MP, little beside detection (a 1206 x 543 dev screen needing 8.8 MP:
    # 15.1 CPU s capped at 6, 17.7 read whole); at 6 such pages were rejected unread.
    max_read_megapixels: float = 16.0
    # Stop reading once the lines read already make the photo a reject that more text cannot undo
    # (a document or screen full of PHI, see `decide.already_reject`); only without overrides.
    stop_at_reject: bool = True
    # Mask all text this tool reads but cannot classify? False: mask only PHI, report the rest.
    mask_all_text: bool = False
    # Staff names on badges: flagged as names (identifier 1) by default. HIPAA protects patients,
    # but a badge name next to a patient is a re-identification path; reviewers may drop it.
    flag_staff_names: bool = True
    # Flag a date even without a person context (DOB:, Admitted, ...)? Off: event-poster dates stay.
    flag_unlabelled_dates: bool = False
    text_padding: float = 0.25  # mask padding, as a fraction of text height
    # and along the line, each end: about one character, so a glyph the OCR dropped at a value's end
    # (`R9876323` read for `MR9876323`) or a last digit its box cut off is not left showing
    text_padding_along: float = 0.6
    # Also read every sharp-contrast window of the fine level, not only where the coarse pass saw text:
    # a page of small print in a big photo (a chart on a desk across the room) gives the coarse pass
    # no response at all. On by default (issue 22: a missed page is the costly error); it costs about
    # 2x the text stage on 12 MP photos and nothing on images under 1024 px. Off for speed.
    thorough: bool = True
    # The learned line scorer (`imgscreen.linescore`): on a photo where the rules found a person's detail in
    # the text, also mask the lines it scores at or over this (the rules' misses on real photos are mostly
    # such lines). None: the model's own threshold; 1.0 or more switches it off.
    learned_threshold: float | None = None
    # ...and on a photo where they found none, mask a list: the model's number of lines (five) at or over this.
    # None: the model's own (0.5); 1.0 or more switches it off.
    learned_list_threshold: float | None = None


@dataclass(frozen=True)
class BarcodePolicy:
    enabled: bool = True
    padding: float = 0.1  # fraction of the code's size
    # A decoded retail product code (EAN/UPC outside GS1's restricted ranges) is a product's number,
    # not a person's: left visible and noted. False: every code is masked, whatever it says.
    keep_product_codes: bool = True
    # A decoded code that only links to a website (`barcodes.public_link`), on a photo with no person's details:
    # left visible and listed for the reviewer. False: masked like every other code.
    keep_public_links: bool = True


@dataclass(frozen=True)
class MetadataPolicy:
    enabled: bool = True
    # Metadata is always stripped from safe copies. Should metadata PHI alone turn `accept` into
    # `redact`? Off by default: almost every phone photo carries a date and a camera model, and
    # the safe copy drops them anyway; the findings are still reported.
    counts_for_decision: bool = False
    # Harmless tags a user may ask to keep in safe copies (explicit opt-in; empty by default).
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecidePolicy:
    # More PHI regions (text, barcodes, marked boxes; faces count separately) than this and the
    # photo is rejected: too much to trust a mask.
    max_findings: int = 60
    # More faces than this and the photo is rejected: masking a crowd is the job, but past this no
    # reviewer can check that every face was found.
    max_faces: int = 400
    # Text covering more than this fraction of the photo, with PHI in it, means a document or
    # screen photo: reject rather than share a page full of black bars.
    max_text_area_fraction: float = 0.25
    # PHI text lines close together (one card, chart or screen) beyond which the photo is a
    # document (chart, EHR screen): reject. Counted per group, so several small labels still redact.
    max_phi_lines: int = 8
    # Reject photos in which faces are the only PHI? No: masking faces is the event-photo use case.
    reject_faces: bool = False


@dataclass(frozen=True)
class LimitsPolicy:
    max_pixels: int = 100_000_000  # decompression-bomb guard (a 12 MP phone photo is 12 million)
    max_side: int = 30_000
    max_file_bytes: int = 200 * 1024 * 1024
    max_frames: int = 100
    photo_timeout_s: float = 120.0
    # A scan worker (`scan --engine local`) whose resident memory passes this while on a photo is
    # killed and the photo rejected; 0: no cap. A 12 MP photo peaks at ~1.2 GB (bench/README.md).
    worker_memory_mb: int = 3000


@dataclass(frozen=True)
class VideoPolicy:
    """Videos (`imgscreen video`, `scan` on a folder with videos); see `imgscreen/video/`."""

    # Limits: past any of them the video is rejected with the reason, before a frame is screened.
    max_duration_s: float = 600.0
    max_side: int = 3840  # longest side of a frame (4K phone video is the largest expected)
    max_pixels: int = 3840 * 2160
    max_file_bytes: int = 2 * 1024**3
    max_frames: int = 36_000
    timeout_s: float = 3600.0
    # Faces: the detector looks at the whole frame every `face_every`-th frame (the tracker and
    # interpolation fill the frames between) with this network budget per frame. Chosen with
    # `python -m bench.video` (720p, same run): whole frames only, k = 3 covered every face-frame, k = 4
    # 99.7% with a 2-frame gap (the targets' edge); 0.4 MP instead of 0.6 halves the detector's cost but
    # lost the 24-30 px faces (95.6%, 19-frame gaps).
    face_every: int = 6
    face_megapixels: float = 0.6
    # Between those whole-frame looks, on every `face_track_every`-th frame the detector looks only at
    # crops around the faces seen since the last whole look, at the same scale (0: never). A crop look
    # costs 30-80 CPU ms on bench.video's walk against ~160 for the whole frame; 6 / 3 covered every
    # face-frame there (8 / 4: 99.7% with a 2-frame gap, the target's edge).
    face_track_every: int = 3
    # A face track's mask starts this long before its first sighting and ends this long after its last
    # (a margin in time), and a track is bridged over gaps up to `max_gap_s` (missed or occluded frames).
    margin_s: float = 0.25
    max_gap_s: float = 2.0
    # Text and barcodes: OCR + PHI classification every `text_every_s` seconds and on every scene change;
    # a PHI region found there is followed back and forth by optical flow until it leaves the frame.
    # A read costs ~3 CPU s on a 720p frame with three cards: 1 s covered every PHI span-frame on
    # bench.video as 0.5 s did (so did 1.5 s), at half the cost.
    text_every_s: float = 1.0
    # Read lines again only where they are new: on a sampled frame the text detector runs, and a line
    # whose pixels match a line read on the previous sampled frame takes its reading over; every
    # `text_reuse`-th read (and the first after a cut) reads everything afresh. 0: always read all.
    text_reuse: int = 4
    # Frames read text without the photo default `text.thorough` (every contrasted window too): a read
    # every `text_every_s` with flow between covered bench.video's PHI span-frames without it, and
    # it would cost up to 2x per read. True to read frames as photos are read.
    text_thorough: bool = False
    scene_change: float = 0.35  # mean grey-level change (0-1) between frames that counts as a new scene
    # Verify: the written video is decoded again; faces are looked for on every `verify_every`-th frame,
    # text on every `verify_text_every_s` seconds. A hit is masked in another round (at most
    # `max_rounds`), after which the video is rejected.
    verify_every: int = 10
    verify_text_every_s: float = 4.0
    # Verify looks only where masks are: faces on crops around the face masks of a sampled frame (as
    # the photo verify pass does), text on the sampled frames that have text masks; false: faces and
    # text on every sampled frame, the whole frame.
    verify_crops: bool = True
    max_rounds: int = 3
    # Encoding of the safe copy (H.264): constant quality and the x264 speed preset. `superfast` costs
    # ~11 CPU ms a 720p frame against `veryfast`'s ~17 (`ultrafast` ~7, but files 2-3x larger).
    crf: int = 18
    preset: str = "superfast"
    # Frames decoded ahead on a helper thread (and masked frames queued for an encoder thread), so that
    # decoding and encoding overlap with the detectors; 0: all on one thread.
    decode_ahead: int = 4
    keep_audio: bool = True  # audio packets copied untouched (`--no-audio` drops them)


@dataclass(frozen=True)
class OutputPolicy:
    jpeg_quality: int = 92
    verify: bool = True  # screen the safe copy again before it is written


@dataclass(frozen=True)
class Policy:
    faces: FacePolicy = field(default_factory=FacePolicy)
    text: TextPolicy = field(default_factory=TextPolicy)
    barcodes: BarcodePolicy = field(default_factory=BarcodePolicy)
    metadata: MetadataPolicy = field(default_factory=MetadataPolicy)
    decide: DecidePolicy = field(default_factory=DecidePolicy)
    limits: LimitsPolicy = field(default_factory=LimitsPolicy)
    output: OutputPolicy = field(default_factory=OutputPolicy)
    video: VideoPolicy = field(default_factory=VideoPolicy)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, section: str, **changes: Any) -> Policy:
        """A copy with some values of one section changed (CLI flags, UI controls)."""
        return dataclasses.replace(self, **{section: dataclasses.replace(getattr(self, section), **changes)})


class PolicyError(ValueError):
    pass


def _coerce(section_type: type, key: str, value: Any, current: Any) -> Any:
    if isinstance(current, tuple):
        if not isinstance(value, list):
            raise PolicyError(f"[{section_type.__name__}] {key} must be a list")
        return tuple(value)
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise PolicyError(f"{key} must be true or false")
        return value
    if isinstance(current, int | float) and not isinstance(value, int | float):
        raise PolicyError(f"{key} must be a number")
    if isinstance(current, float):
        return float(value)
    return value


def policy_from_dict(data: dict[str, Any], base: Policy | None = None) -> Policy:
    base = base or Policy()
    changes: dict[str, Any] = {}
    sections = {f.name: f for f in dataclasses.fields(Policy)}
    for name, table in data.items():
        if name not in sections:
            raise PolicyError(f"unknown policy section [{name}]; known: {', '.join(sections)}")
        if not isinstance(table, dict):
            raise PolicyError(f"[{name}] must be a table")
        current = getattr(base, name)
        known = {f.name for f in dataclasses.fields(current)}
        values = {}
        for key, value in table.items():
            if key not in known:
                raise PolicyError(f"unknown key '{key}' in [{name}]; known: {', '.join(sorted(known))}")
            values[key] = _coerce(type(current), key, value, getattr(current, key))
        changes[name] = dataclasses.replace(current, **values)
    policy = dataclasses.replace(base, **changes)
    _validate(policy)
    return policy


def _validate(p: Policy) -> None:
    if p.faces.style not in FACE_STYLES:
        raise PolicyError(f"faces.style must be one of {', '.join(FACE_STYLES)}")
    if p.text.engine not in ("rapidocr", "tesseract"):
        raise PolicyError("text.engine must be rapidocr or tesseract")
    if not 0 < p.faces.threshold < 1:
        raise PolicyError("faces.threshold must be between 0 and 1")
    for key in ("learned_threshold", "learned_list_threshold"):
        cut = getattr(p.text, key)
        if cut is not None and (isinstance(cut, bool) or not isinstance(cut, int | float) or cut < 0):
            raise PolicyError(f"text.{key} must be a number from 0 to 1 (1 switches that part of the learned scorer"
                              " off)")
    from .write import KEEPABLE

    unknown = [k for k in p.metadata.keep if k not in KEEPABLE]
    if unknown:
        raise PolicyError(f"metadata.keep: unknown item(s) {', '.join(unknown)}; known: {', '.join(sorted(KEEPABLE))}")


def load_policy(path: str | Path | None) -> Policy:
    """The default policy, or the default with a TOML file's values laid over it."""
    if path is None:
        return Policy()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyError(f"policy file not found: {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"policy file {path} is not valid TOML: {e}") from None
    return policy_from_dict(data)
