"""The data model every stage shares.

A photo flows through the stages as one ``Photo`` (pixels decoded once, upright), detectors turn it
into ``Finding`` objects, and ``decide`` turns findings into one ``Decision``. No stage invents its own
box type: a region is always a polygon in upright-image pixels, so a rotated wristband line keeps its
slant all the way to the mask, and an axis-aligned box (a bounding box, a crop, a reviewer's box) is
always a ``Rect`` ``(x, y, w, h)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np

Point = tuple[float, float]
Polygon = tuple[Point, ...]
# What a finding is: "face", "text", "barcode", "metadata", or "manual" (a reviewer's box). Each stage
# declares the kinds it produces (`detect.Stage.kinds`); a new detector may bring a new kind.
Kind = str
MaskShape = Literal["polygon", "ellipse", "box"]
Verdict = Literal["accept", "redact", "reject"]


class Identifier(IntEnum):
    """The 18 HIPAA Safe Harbor identifiers (45 CFR 164.514(b)(2)), numbered as the rule numbers them."""

    NAMES = 1
    GEOGRAPHIC = 2
    DATES = 3
    PHONE = 4
    FAX = 5
    EMAIL = 6
    SSN = 7
    MRN = 8
    HEALTH_PLAN = 9
    ACCOUNT = 10
    LICENSE = 11
    VEHICLE = 12
    DEVICE = 13
    URL = 14
    IP_ADDRESS = 15
    BIOMETRIC = 16
    FACE = 17
    OTHER_ID = 18

    @property
    def title(self) -> str:
        return _IDENTIFIER_TITLES[self]

    @property
    def label(self) -> str:
        """`8 medical record numbers`: the number and the rule's own words, for reports."""
        return f"{int(self)} {self.title}"


_IDENTIFIER_TITLES = {
    Identifier.NAMES: "names",
    Identifier.GEOGRAPHIC: "geographic subdivisions smaller than a state",
    Identifier.DATES: "dates related to an individual",
    Identifier.PHONE: "telephone numbers",
    Identifier.FAX: "fax numbers",
    Identifier.EMAIL: "email addresses",
    Identifier.SSN: "social security numbers",
    Identifier.MRN: "medical record numbers",
    Identifier.HEALTH_PLAN: "health plan beneficiary numbers",
    Identifier.ACCOUNT: "account numbers",
    Identifier.LICENSE: "certificate/license numbers",
    Identifier.VEHICLE: "vehicle identifiers and serial numbers",
    Identifier.DEVICE: "device identifiers and serial numbers",
    Identifier.URL: "web URLs",
    Identifier.IP_ADDRESS: "IP addresses",
    Identifier.BIOMETRIC: "biometric identifiers",
    Identifier.FACE: "full-face photographs",
    Identifier.OTHER_ID: "other unique identifying numbers",
}


class Rect(NamedTuple):
    """An axis-aligned rectangle `(x, y, w, h)` in pixels: the one box type (bounding boxes, crops,
    reviewer boxes, face boxes). A tuple, so reports and overrides serialise it as `[x, y, w, h]`."""

    x: int
    y: int
    w: int
    h: int

    @classmethod
    def from_corners(cls, x0: int, y0: int, x1: int, y1: int) -> Rect:
        return cls(x0, y0, x1 - x0, y1 - y0)

    @property
    def x1(self) -> int:
        return self.x + self.w

    @property
    def y1(self) -> int:
        return self.y + self.h

    @property
    def area(self) -> int:
        return self.w * self.h

    def grown(self, margin: int, size: tuple[int, int] | None = None) -> Rect:
        """Grown by `margin` on every side; clipped to a `(width, height)` frame when `size` is given."""
        x0, y0, x1, y1 = self.x - margin, self.y - margin, self.x1 + margin, self.y1 + margin
        if size is not None:
            x0, y0, x1, y1 = max(0, x0), max(0, y0), min(size[0], x1), min(size[1], y1)
        return Rect.from_corners(x0, y0, x1, y1)

    def overlaps(self, other: Rect) -> bool:
        return self.x < other.x1 and other.x < self.x1 and self.y < other.y1 and other.y < self.y1

    def fraction_inside(self, other: Rect) -> float:
        """Fraction of this rectangle's area that lies inside `other`."""
        ix = max(0, min(self.x1, other.x1) - max(self.x, other.x))
        iy = max(0, min(self.y1, other.y1) - max(self.y, other.y))
        return (ix * iy) / self.area if self.area else 0.0

    def contains(self, other: Rect) -> bool:
        return other.x >= self.x and other.y >= self.y and other.x1 <= self.x1 and other.y1 <= self.y1

    def union(self, other: Rect) -> Rect:
        return Rect.from_corners(min(self.x, other.x), min(self.y, other.y), max(self.x1, other.x1),
                                 max(self.y1, other.y1))

    def slices(self) -> tuple[slice, slice]:
        """`array[rect.slices()]`: the rows and columns of an image this rectangle covers (clipped at 0)."""
        return slice(max(0, self.y), max(0, self.y1)), slice(max(0, self.x), max(0, self.x1))


def polygon_from_box(x: float, y: float, w: float, h: float) -> Polygon:
    return ((x, y), (x + w, y), (x + w, y + h), (x, y + h))


def bbox_of(polygon: Polygon) -> Rect:
    """Axis-aligned `Rect` that encloses the polygon, rounded outwards to whole pixels."""
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    x0, y0 = int(np.floor(min(xs))), int(np.floor(min(ys)))
    x1, y1 = int(np.ceil(max(xs))), int(np.ceil(max(ys)))
    return Rect(x0, y0, x1 - x0, y1 - y0)


def merge_rects(rects: list[Rect]) -> list[Rect]:
    """Merge overlapping rectangles until none overlap (one detector call per window)."""
    rects = [Rect(*r) for r in rects]
    changed = True
    while changed:
        changed = False
        out: list[Rect] = []
        for r in rects:
            for k, o in enumerate(out):
                if r.overlaps(o):
                    out[k] = r.union(o)
                    changed = True
                    break
            else:
                out.append(r)
        rects = out
    return rects


@dataclass(frozen=True)
class Word:
    """One OCR word (or span) with its own polygon, so PHI masks can cover only the PHI words."""

    text: str
    polygon: Polygon
    score: float
    start: int  # character offsets of this word inside its line's text
    end: int


@dataclass(frozen=True)
class TextLine:
    """One line as the OCR engine read it. Not a finding by itself: `phi` decides what in it is PHI."""

    text: str
    polygon: Polygon
    score: float
    words: tuple[Word, ...]
    engine: str = ""

    @property
    def height(self) -> float:
        """Text height in pixels: the shorter side of the line's quadrilateral."""
        p = np.asarray(self.polygon, dtype=float)
        if len(p) < 4:
            return float(bbox_of(self.polygon)[3])
        a = np.linalg.norm(p[1] - p[0])
        b = np.linalg.norm(p[2] - p[1])
        return float(min(a, b))


@dataclass(frozen=True)
class FaceGeometry:
    """Where a face is, beyond its mask polygon (the padded head box): what masking and consent need."""

    box: Rect  # the detector's own eyes-to-chin box: consent boxes are matched against it
    # The head box (x, y, w, h) before clipping to the frame: an ellipse drawn from it keeps its shape at
    # the frame's edge. None: the finding's polygon is the head box.
    head: tuple[float, float, float, float] | None = None
    rotation: int = 0  # 0, 90, 180 or 270: which way the chin points (see redact.head_shape)

    def mapped(self, fn: Callable[[float, float], Point]) -> FaceGeometry:
        """The same face in other pixels, `fn` taking a photo point to them (a crop, a preview)."""

        def rect(x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
            (x0, y0), (x1, y1) = fn(x, y), fn(x + w, y + h)
            return x0, y0, x1 - x0, y1 - y0

        box = Rect(*(round(v) for v in rect(*self.box)))
        return FaceGeometry(box, rect(*self.head) if self.head else None, self.rotation)


# Masks of doubt, not evidence: a line the OCR read unclearly, a run of a script the classifier cannot read, a
# line the learned scorer (`linescore`) finds person-like. Masked, fail closed, but they say nothing about how much
# of a person is on the photo, so they never count towards a reject.
DOUBT_ENTITIES = frozenset({"UNCLEAR_TEXT", "FOREIGN_TEXT", "LEARNED_LINE"})


@dataclass(frozen=True)
class TextSource:
    """Which read line a PHI text finding came from, and what the recognizer called it."""

    line: int  # index into the screen result's `lines` (decide groups PHI lines by it)
    entity: str = ""  # the recognizer's entity type (PATIENT_NAME, DATE_OF_BIRTH, ...)
    # Near a person's details (`imgscreen.context`)? A phone or web address on a shop receipt is
    # masked all the same, but does not make the photo "a document full of PHI".
    personal: bool = True
    # Part of a page or screen that context judged one person's record as a whole (two strong signs
    # of a person on it): `decide` counts its PHI lines as one group, however its panels are spaced.
    record: bool = False


@dataclass(frozen=True)
class Finding:
    """Something in or about the photo that identifies a person, or might.

    `text` holds the raw string for the pipeline's own use (classification, verify pass); it is
    masked whenever it is shown (`report.mask_text`), never at storage time. The fields after `mask`
    say more about some kinds (a face's geometry, a PHI span's line) and about the finding's history
    in the pipeline; none of them is written to the report.
    """

    kind: Kind
    identifier: Identifier
    label: str  # plain words for people: "Name on wristband", "Face", "GPS location in file"
    score: float
    detector: str
    polygon: Polygon | None = None  # None for findings with no place in the pixels (metadata)
    text: str | None = None
    mask: MaskShape = "polygon"
    face: FaceGeometry | None = field(default=None, compare=False)  # faces
    source: TextSource | None = field(default=None, compare=False)  # PHI text
    # Reported, never a reason to redact (a camera model, a lens): metadata that is not PHI by itself.
    informational: bool = field(default=False, compare=False)
    verify_pass: int = field(default=0, compare=False)  # 0: the first look; n: found by verify round n
    dismissed: str | None = field(default=None, compare=False)  # why a reviewer's override set it aside

    @property
    def bbox(self) -> Rect | None:
        return bbox_of(self.polygon) if self.polygon else None

    @property
    def in_pixels(self) -> bool:
        return self.polygon is not None

    def mapped(self, fn: Callable[[float, float], Point]) -> Finding:
        """This finding in other pixels (a crop, a preview): `fn` takes a photo point to them."""
        if self.polygon is None:
            return self
        return dataclasses.replace(self, polygon=tuple(fn(x, y) for x, y in self.polygon),
                                   face=self.face.mapped(fn) if self.face else None)


@dataclass
class FileMetadata:
    """What the container said about itself, parsed once by the loader for the metadata detector."""

    format: str = ""
    exif: dict[int, Any] = field(default_factory=dict)  # IFD0 tags
    exif_ifd: dict[int, Any] = field(default_factory=dict)  # Exif sub-IFD tags
    gps: dict[int, Any] = field(default_factory=dict)
    has_exif_thumbnail: bool = False
    xmp: bytes = b""
    iptc: dict[Any, Any] = field(default_factory=dict)
    comments: list[bytes] = field(default_factory=list)
    text_chunks: dict[str, str] = field(default_factory=dict)  # PNG tEXt/iTXt/zTXt, GIF comments
    icc_profile: bytes = b""
    mpf_images: int = 0
    trailing_bytes: int = 0  # bytes after the image's end marker (aCropalypse)
    orientation: int = 1
    errors: list[str] = field(default_factory=list)


def moved_line(line: TextLine, dx: float, dy: float, scale: float) -> TextLine:
    """`line` in a crop's pixels: shifted by (dx, dy), then scaled."""

    def move(poly: Polygon) -> Polygon:
        return tuple(((x + dx) * scale, (y + dy) * scale) for x, y in poly)

    words = tuple(dataclasses.replace(w, polygon=move(w.polygon)) for w in line.words)
    return dataclasses.replace(line, polygon=move(line.polygon), words=words)


SNAP = 0.03  # see snap_scale


def snap_scale(s: float) -> float:
    """`s`, or 1/n when it is within `SNAP` (relative) of 1/n for a whole n >= 2.

    An exact 1/n shrink takes OpenCV's integer INTER_AREA path: 3 ms instead of 37 ms for 12 MP ->
    2048 px here. Detectors that choose their own scales use it (faces); `Photo.downscaled` does
    not, because the text detector's coarse map and the face detector's borderline scores move with
    a 1-2 % change of scale (bench.ocr read 95.5% of PHI lines instead of 98.3% on snapped levels).
    """
    n = 1 / s
    if round(n) >= 2 and abs(n - round(n)) <= SNAP * n:
        return 1 / round(n)
    return s


@dataclass
class Photo:
    """One upright frame, decoded once; every detector reads the same pixels."""

    pixels: np.ndarray  # H x W x 3, uint8, RGB, EXIF orientation already applied
    source: Path | None = None
    frame: int = 0
    n_frames: int = 1
    metadata: FileMetadata = field(default_factory=FileMetadata)

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @cached_property
    def gray(self) -> np.ndarray:
        import cv2

        return cv2.cvtColor(self.pixels, cv2.COLOR_RGB2GRAY)

    def downscaled(self, max_side: int) -> tuple[np.ndarray, float]:
        """The photo shrunk so its long side is at most `max_side`, and the scale used.

        Cached per size so the face, text and barcode detectors share one pyramid level instead of
        each resizing 12 MP again (`drop_caches` frees them).
        """
        cache: dict[int, tuple[np.ndarray, float]] = self.__dict__.setdefault("_pyramid", {})
        if max_side not in cache:
            import cv2

            long_side = max(self.width, self.height)
            if long_side <= max_side:
                cache[max_side] = (self.pixels, 1.0)
            else:
                s = max_side / long_side
                size = (max(1, round(self.width * s)), max(1, round(self.height * s)))
                cache[max_side] = (cv2.resize(self.pixels, size, interpolation=cv2.INTER_AREA), s)
        return cache[max_side]

    def drop_caches(self) -> None:
        """Free the detectors' scratch copies (pyramid levels, grey image) once screening is done."""
        for name in ("_pyramid", "gray"):
            self.__dict__.pop(name, None)


@dataclass
class StageOutcome:
    """How one stage ran: fail-closed decisions need to know which stage failed and why."""

    stage: str
    ok: bool
    seconds: float
    error: str | None = None  # a reason with no PHI in it
    notes: list[str] = field(default_factory=list)
    truncated: bool = False  # the stage hit a cap and may have missed something
    runtime: str | None = None  # inference runtime of the stage's models, when it runs any


@dataclass
class Decision:
    verdict: Verdict
    reasons: list[str]
    policy: dict[str, Any] = field(default_factory=dict)  # the policy values that led here


@dataclass
class Override:
    """A reviewer's change, recorded in the report: add a box, drop a finding, keep a consented face."""

    action: Literal["add_box", "drop", "consent"]
    box: Rect | None = None  # in upright pixels
    # The finding dropped, or the face consented (the UI knows which one; the CLI gives a box instead).
    finding_index: int | None = None
    note: str = ""


@dataclass
class ScreenResult:
    """Everything the pipeline learnt about one frame, and what it did."""

    photo: Photo | None
    source: Path | None
    frame: int
    findings: list[Finding]
    lines: list[TextLine]
    stages: list[StageOutcome]
    decision: Decision
    safe_pixels: np.ndarray | None = None
    verify: dict[str, Any] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    dismissed: list[Finding] = field(default_factory=list)  # consented faces, findings a reviewer dropped
    seconds: float = 0.0
