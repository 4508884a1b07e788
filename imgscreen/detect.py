"""The one interface every detector implements, and the `Stage` that tells the pipeline how to run it.

A detector is a function `detect(photo, policy, context) -> StageResult` in a module of its own
(`faces`, `ocr`, `barcodes`, `metadata`). Next to it, the module declares its `STAGE`: the stage's
name, the kinds of finding it produces, whether it runs beside the others, and how the verify pass
re-checks its masks. The pipeline knows no stage by name; it iterates the registry (`stages.py`)
and reads these declarations. Every stage runs under the same guard: timing, exceptions and caps
become a `StageOutcome`, and a stage that failed can never lead to `accept`.

`context` is what an earlier look at the same pixels tells the stage. The first look passes
`FIRST_LOOK` (nothing known); the verify pass, which screens crops of the safe copy around the masks,
passes what the first look read there and where the pixels changed, so a stage can skip the work
whose answer it already has. A stage may ignore it: the answer must be the same either way, only
slower.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from .model import Finding, Kind, Photo, Rect, TextLine
from .policy import Policy


@dataclass
class StageResult:
    findings: list[Finding] = field(default_factory=list)
    lines: list[TextLine] = field(default_factory=list)  # read text, for the PHI classifier (`Stage.reads_text`)
    notes: list[str] = field(default_factory=list)  # plain words, never PHI text
    truncated: bool = False  # hit a cap (e.g. too many text regions): the decision fails closed
    runtime: str | None = None  # which inference runtime ran the stage's models (`runtime.describe`)


@dataclass(frozen=True)
class VerifyContext:
    """What an earlier look at these pixels found out, in the pixels the stage is given.

    The verify pass fills it for each crop of the safe copy it screens again; the first look gets
    `FIRST_LOOK`, which knows nothing.
    """

    # Lines an earlier look already read in these very pixels (away from every mask): a text stage
    # may take their reading instead of recognising them again.
    known_lines: tuple[TextLine, ...] = ()
    # Lines an earlier look read here whose pixels have changed since (a mask covers part of them):
    # read again, but in the direction they were read before, without guessing it anew.
    line_hints: tuple[TextLine, ...] = ()
    # Boxes outside which these pixels equal a photo already screened, or None (everything may have
    # changed): a stage may look only there (the face stage runs only the pyramid tiles that touch them).
    changed: tuple[Rect, ...] | None = None
    # The first look's stop rule (`pipeline.Screener`): given the lines read so far, a reason when the
    # photo is a reject whatever the rest of its text says (a document or screen full of PHI), else
    # None. A text stage may then stop reading; it must report itself truncated, so the photo can only
    # be rejected. None: read everything.
    enough: Callable[[Sequence[TextLine]], str | None] | None = field(default=None, compare=False)


FIRST_LOOK = VerifyContext()


class Detector(Protocol):
    def __call__(self, photo: Photo, policy: Policy, context: VerifyContext, /) -> StageResult: ...


# How the verify pass screens the safe copy again for a stage's masks:
#   "crops"  crops around the masks (with context), read at `Stage.verify_side`; the cheap default;
#   "frame"  the whole frame, with `VerifyContext.changed` saying where the masks are (a face
#            detector's view of a filled head depends on the pyramid it sees, and a crop's is not
#            the frame's);
#   "none"   never: the stage finds nothing a mask could fail to hide (file metadata).
Recheck = Literal["crops", "frame", "none"]


@dataclass(frozen=True)
class Stage:
    """One detector as the pipeline runs it. For the engineers plugging into the pipeline (video frames,
    batches on other machines, a second face check): a stage is data plus one function, so it can be
    listed, filtered (`Screener(stages=...)`), wrapped (`dataclasses.replace(stage, detect=...)`) or
    shipped to another process (it pickles when `detect` is a module-level function).

    `name` is the stage's one name: the policy section that configures it (`[faces]` in a policy
    file; a stage without a section is always on), the `stage` in reports and reasons ("the text
    stage failed"), and the key for `Screener(detectors={name: fn})`. `kinds` are the finding kinds
    its masks hide: the verify pass re-checks a mask of kind k with the stage whose `kinds` hold k.
    """

    name: str
    kinds: tuple[Kind, ...]
    detect: Detector
    # Runs on a helper thread while the others run on the calling one (see `Screener.detect`): for a
    # stage that is mostly native code outside onnxruntime, which fills the gaps the models leave.
    beside: bool = False
    recheck: Recheck = "crops"
    # "crops" only: the long side, in pixels, at which the stage's first look read the photo. Crops are
    # read at that same scale, so the second look sees what the first saw, at a fraction of the cost.
    # None: crops are read as they are.
    verify_side: int | None = None
    # Its `StageResult.lines` go to the PHI classifier, whose findings are reported as the "phi" stage.
    reads_text: bool = False

    def enabled(self, policy: Policy) -> bool:
        """Switched on by its policy section's `enabled` (always on without a section)."""
        return bool(getattr(getattr(policy, self.name, None), "enabled", True))

    def verify_scale(self, width: int, height: int) -> float:
        """Scale at which the verify pass reads a crop of a `width` x `height` photo."""
        if self.verify_side is None:
            return 1.0
        return min(1.0, self.verify_side / max(1, width, height))

