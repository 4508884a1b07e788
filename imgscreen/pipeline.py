"""load -> detect -> classify -> decide -> redact -> verify: the one path the CLI and the UI share.

Every stage runs under the same guard (`_run_stage`): it is timed, an exception becomes a failed
`StageOutcome` whose message carries no PHI, and `decide` turns any failed or capped stage into
`reject`. There is no code path from an error to `accept`. The stages come from the registry
(`stages.py`) and say themselves how they run (`detect.Stage`): this module knows none by name.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import cv2
import numpy as np

from .barcodes import public_link
from .decide import already_reject, decide, pixel_findings
from .detect import FIRST_LOOK, Detector, Stage, StageResult, VerifyContext
from .errors import safe_error
from .load import load_file
from .model import (
    Decision,
    Finding,
    Identifier,
    Override,
    Photo,
    Rect,
    ScreenResult,
    StageOutcome,
    TextLine,
    TextSource,
    polygon_from_box,
)
from .overrides import apply_overrides
from .policy import Policy
from .redact import apply_masks, draw_region, union_mask
from .runtime import RELEASE_MIN_PIXELS, release_buffers
from .signatures import is_page
from .stages import default_stages, registered
from .verify import MAX_MASK_PASSES, crop_context, judged_before, masked_already, set_aside, touches, verify_crops

Classifier = Callable[[list[TextLine], Policy], list[Finding]]


def _run_stage(name: str, fn: Callable[[], StageResult]) -> tuple[StageResult, StageOutcome]:
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # noqa: BLE001 - every failure must become a reject, never a crash
        return StageResult(), StageOutcome(name, False, time.perf_counter() - start, safe_error(exc))
    outcome = StageOutcome(name, True, time.perf_counter() - start, notes=list(result.notes),
                           truncated=result.truncated, runtime=result.runtime)
    return result, outcome


def _default_classifier() -> Classifier:
    """Imported on first use: the PHI engine (presidio, spaCy) is the slowest import of all."""
    from . import phi

    return phi.classify


def _stages_for(policy: Policy, detectors: dict[str, Detector] | None) -> list[Stage]:
    """The registry's stages, or, for `Screener(detectors={name: fn})`, exactly those names: a
    registered stage keeps its declaration and runs `fn`; an unknown name is a plain in-line stage."""
    if detectors is None:
        return default_stages(policy)
    known = {stage.name: stage for stage in registered()}
    return [dataclasses.replace(known[name], detect=fn) if name in known else Stage(name, (), fn)
            for name, fn in detectors.items()]


def _lines_taken(findings: list[Finding]) -> set[int | None]:
    """The lines a text finding already holds: a rule that reads a line by its place leaves them be."""
    return {f.source.line for f in findings if f.kind == "text" and f.source is not None}


def _whole_line_names(findings: list[Finding], lines: list[TextLine], found: list[int], label: str, detector: str,
                      entity: str, identifier: Identifier = Identifier.NAMES) -> list[Finding]:
    """Name findings over the whole of each line in `found` that no text finding holds yet: a face's place beside
    or above the line is the evidence, so the line is masked as it stands (no evidence of a person of its own)."""
    taken = _lines_taken(findings)
    return [Finding("text", identifier, label, 0.6, detector, lines[i].polygon, lines[i].text, mask="polygon",
                    source=TextSource(line=i, entity=entity, personal=False))
            for i in found if i not in taken]


class Screener:
    """Holds the policy and the stages; build one per process and reuse it (models load once).

    `stages` defaults to the registry's (`stages.default_stages(policy)`). `detectors` pins some
    stages' functions by name (tests): only the named stages run.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        detectors: dict[str, Detector] | None = None,
        classifier: Classifier | None = None,
        *,
        stages: Sequence[Stage] | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.stages = list(stages) if stages is not None else _stages_for(self.policy, detectors)
        self._classifier = classifier
        self._pool: ThreadPoolExecutor | None = None

    def _helper(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imgscreen-beside")
        return self._pool

    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            self._classifier = _default_classifier()
        return self._classifier

    # -- detection ---------------------------------------------------------------------------
    def detect(self, photo: Photo, stages: Sequence[Stage] | None = None, context: VerifyContext = FIRST_LOOK,
               release: bool | None = None) -> tuple[list[Finding], list[TextLine], list[StageOutcome]]:
        """Run `stages` (default: all); results come in the stages' order, whatever ran where.

        Stages marked `beside` run on a helper thread while the others run here: the face and text
        stages keep both cores busy inside onnxruntime only part of the time (their sessions do not
        spin between ops), and the barcode stage, mostly OpenCV and zxing-cpp in C++, fills the gaps.
        On the e2e 12 MP photos the three stages take 2.2 s instead of 2.6 s. A stage that reads text
        hands its lines to the PHI classifier, reported as the stage after it (`PHI_STAGE`).
        `release`: give back inference buffers after each stage (None: from `RELEASE_MIN_PIXELS` up).
        """
        stages = self.stages if stages is None else list(stages)

        def run(stage: Stage) -> tuple[StageResult, StageOutcome]:
            return _run_stage(stage.name, lambda: stage.detect(photo, self.policy, context))

        def run_here(stage: Stage) -> tuple[StageResult, StageOutcome]:
            try:
                return run(stage)
            finally:
                # A photo's inference buffers are not held while the next stage runs. Not for small
                # frames of a video: allocating the buffers again would cost every frame.
                if release or (release is None and photo.width * photo.height >= RELEASE_MIN_PIXELS):
                    release_buffers()

        beside = {id(s): self._helper().submit(run, s) for s in stages if s.beside and len(stages) > 1}
        here = {id(s): run_here(s) for s in stages if id(s) not in beside}
        findings: list[Finding] = []
        lines: list[TextLine] = []
        outcomes: list[StageOutcome] = []
        for stage in stages:
            result, outcome = beside[id(stage)].result() if id(stage) in beside else here[id(stage)]
            outcomes.append(outcome)
            findings.extend(result.findings)
            if stage.reads_text and outcome.ok:
                phi_result, phi_outcome = self._classify(result.lines, offset=len(lines))
                lines.extend(result.lines)
                outcomes.append(phi_outcome)
                findings.extend(phi_result.findings)
        findings.extend(self._printed_codes(findings, lines))
        return findings, lines, outcomes

    @staticmethod
    def _signatures(photo: Photo, page: bool, findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """Handwritten signatures (`imgscreen.signatures`), on the first look only: a mask is solid, so
        the verify pass has nothing left to find there. Only on a page (`page`: `signatures.is_page`, which
        `regions` would otherwise work out again)."""
        from . import signatures

        personal = any(f.kind == "text" and f.source is not None and f.source.personal for f in findings)
        if not lines or not page or not signatures.expected(lines, personal):
            return []
        return [Finding("text", Identifier.BIOMETRIC, "Handwritten signature", 0.6, "signature",
                        polygon_from_box(*box), mask="box")
                for box in signatures.regions(photo.pixels, lines)]

    @staticmethod
    def _scene_plates(page: bool, findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """A licence plate read alone in a camera scene (`vehicles.scene_plates`), where no text rule saw it.
        `page`: the photo is mostly one light background (`signatures.is_page`)."""
        from .vehicles import scene_plates

        if not lines:
            return []
        taken = _lines_taken(findings)
        return [Finding("text", Identifier.VEHICLE, "Licence plate (read alone in a camera scene)", 0.6,
                        "phi:scene_plate", lines[i].polygon, lines[i].text, mask="polygon",
                        source=TextSource(line=i, entity="SCENE_PLATE", personal=False))
                for i in scene_plates(lines, page) if i not in taken]

    @staticmethod
    def _top_bar_users(photo: Photo, page: bool, findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """The signed-in account's name in a screen's top-right corner (`imgscreen.accounts`), where no text rule
        took it. Only on a screen: a light page, or a busy one (a camera scene's top corner holds signs)."""
        from . import phi
        from .accounts import top_bar_users
        from .vehicles import SCENE_LINES

        if not lines or not (len(lines) > SCENE_LINES or page):
            return []
        taken = _lines_taken(findings)
        return [Finding("text", Identifier.NAMES, "Signed-in user's name (a screen's top bar)", 0.6,
                        "phi:top_bar_user", phi.span_polygon(lines[i], a, b), lines[i].text[a:b], mask="polygon",
                        source=TextSource(line=i, entity="TOP_BAR_USER", personal=False))
                for i, a, b in top_bar_users(lines, (photo.width, photo.height)) if i not in taken]

    @staticmethod
    def _avatars(photo: Photo, findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """The avatar drawn beside a masked name (`imgscreen.avatars`), on the first look only."""
        from . import avatars

        names = [f.source.line for f in findings if f.kind == "text" and f.identifier == Identifier.NAMES
                 and f.source is not None and f.source.line is not None and 0 <= f.source.line < len(lines)]
        if not names:
            return []
        # (no sign of a person of its own: the name beside it is one already, so it adds no PHI line to a page)
        found = avatars.regions(photo.pixels, lines, names)
        out = [Finding("text", Identifier.FACE, "Avatar beside a name", 0.6, "avatar", polygon_from_box(*box),
                       mask="box", source=TextSource(line=i, entity="AVATAR", personal=False)) for i, box in found]
        for i, box in avatars.list_mates(photo.pixels, lines, names, found):
            out.append(Finding("text", Identifier.NAMES, "Name beside an avatar, in a list of people", 0.6,
                               "avatar", lines[i].polygon, lines[i].text, mask="polygon",
                               source=TextSource(line=i, entity="AVATAR_NAME", personal=False)))
            out.append(Finding("text", Identifier.FACE, "Avatar beside a name", 0.6, "avatar",
                               polygon_from_box(*box), mask="box",
                               source=TextSource(line=i, entity="AVATAR", personal=False)))
        return out

    @staticmethod
    def _face_tiles(photo: Photo, findings: list[Finding]) -> list[Finding]:
        """A face in a photo tile on a flat screen (`avatars.face_tile`) is masked with its whole tile: the
        ellipse alone leaves the tile's corners to see. The box also holds the ellipse, so a tile that ends
        inside the head's mask never masks less than before."""
        from . import avatars
        from .redact import head_bounds

        out = []
        for f in findings:
            tile = None
            if f.kind == "face" and not f.informational and f.mask == "ellipse" and f.bbox is not None:
                tile = avatars.face_tile(photo.pixels, f.face.box if f.face is not None else f.bbox)
            if tile is None:
                out.append(f)
                continue
            hx0, hy0, hx1, hy1 = head_bounds(f)
            x0, y0 = max(0, min(tile[0], int(hx0))), max(0, min(tile[1], int(hy0)))
            x1 = min(photo.width, max(tile[0] + tile[2], int(np.ceil(hx1))))
            y1 = min(photo.height, max(tile[1] + tile[3], int(np.ceil(hy1))))
            out.append(dataclasses.replace(f, polygon=polygon_from_box(x0, y0, x1 - x0, y1 - y0), mask="box"))
        return out

    @staticmethod
    def _date_stamps(findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """A camera's date-time overlay on a photo of a person (`recognizers.dates.stamp`) dates that person
        being there: masked, as a date on a record is. Without a face it dates no one and stays. A camera
        prints one stamp, two at most (date and time apart): a column of dates beside a face is a list
        on a screen with an avatar, which the rules for lists decide."""
        from .recognizers.dates import stamp

        if not any(f.kind == "face" and not f.informational for f in findings):
            return []
        stamps = [i for i, line in enumerate(lines) if stamp(line.text)]
        if len(stamps) > 2:
            return []
        taken = {f.source.line for f in findings if f.kind == "text" and f.identifier == Identifier.DATES
                 and f.source is not None}
        return [Finding("text", Identifier.DATES, "Date stamp on a photo of a person", 0.7, "phi:date_stamp",
                        line.polygon, line.text, mask="polygon",
                        source=TextSource(line=i, entity="DATE_STAMP", personal=False))
                for i, line in ((i, lines[i]) for i in stamps) if i not in taken]

    @staticmethod
    def _worn_names(findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """A name on a badge or sticker a person wears, and a bib or shirt number (`imgscreen.badges`): its place
        below a face is the person evidence, so a given name no list knows (`PAWEL`) is masked too."""
        from . import badges

        # (a face in a photo tile, `_face_tiles`, is a picture on a screen or a page: nothing below it is worn)
        faces = [f.face.box if f.face is not None else f.bbox for f in findings
                 if f.kind == "face" and not f.informational and f.mask == "ellipse" and f.bbox is not None]
        if not faces or not lines:
            return []
        names = _whole_line_names(findings, lines, badges.worn_names(lines, faces), "Name worn by a person",
                                  "phi:worn_name", "WORN_NAME")
        return names + _whole_line_names(findings, lines, badges.worn_numbers(lines, faces), "Number worn by a person",
                                         "phi:worn_number", "WORN_NUMBER", Identifier.OTHER_ID)

    @staticmethod
    def _names_beside_faces(findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """The name a card sets beside a face (`imgscreen.badges.names_beside`): a contact's, a household member's,
        a poster's; the face is the person evidence, so a given name alone (`Mathieu`) is masked."""
        from . import badges

        # (the head's box as masked, hair and all: a card sets its text beside the picture, not the eyes)
        faces = [f.bbox for f in findings if f.kind == "face" and not f.informational and f.bbox is not None]
        if not faces or not lines:
            return []
        return _whole_line_names(findings, lines, badges.names_beside(lines, faces), "Name beside a face",
                                 "phi:name_beside_face", "FACE_NAME")

    def _public_links(self, findings: list[Finding]) -> list[Finding]:
        """A code that only links to a website (`barcodes.public_link`: a poster's, a blank form's, a shop's) is
        left visible and listed for the reviewer, on a photo with nothing else about a person. Beside a name, an
        ID or the digits printed under a code, every code stays masked: which record a link opens, only the
        rest of the photo could say."""
        if not self.policy.barcodes.keep_public_links or any(
                f.kind == "text" and not f.informational for f in findings):
            return findings
        return [dataclasses.replace(f, informational=True, label=f"{f.label}: a link to a website")
                if f.kind == "barcode" and public_link(f.text) else f for f in findings]

    def _learned_lines(self, findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """Lines the learned scorer calls personal (`imgscreen.linescore`): any, once the rules found a person on
        the photo, else only a list of them; last, so that it sees everything the rules found."""
        from .linescore import learned_lines

        text = self.policy.text
        return learned_lines(findings, lines, text.learned_threshold, text.learned_list_threshold)

    @staticmethod
    def _printed_codes(findings: list[Finding], lines: list[TextLine]) -> list[Finding]:
        """The digits printed with a barcode are masked with it (`imgscreen.context.printed_codes`)."""
        from . import context, phi

        codes = [f.bbox for f in findings if f.kind == "barcode" and f.bbox is not None]
        if not codes or not lines:
            return []
        taken = {(f.source.line, f.text) for f in findings if f.source is not None}
        out = []
        for i, a, b in context.printed_codes(lines, codes):
            text = lines[i].text[a:b]
            if (i, text) in taken:
                continue
            out.append(Finding("text", Identifier.OTHER_ID, "Number printed with a barcode", 0.8, "phi:barcode_text",
                               phi.span_polygon(lines[i], a, b), text, mask="polygon",
                               source=TextSource(line=i, entity="BARCODE_TEXT", personal=False)))
        return out

    def _classify(self, lines: list[TextLine], offset: int) -> tuple[StageResult, StageOutcome]:
        """PHI findings in `lines`, as the "phi" stage; their line numbers count from `offset`."""
        result, outcome = _run_stage(PHI_STAGE, lambda: StageResult(findings=self.classifier(lines, self.policy)))
        if offset:
            result.findings = [dataclasses.replace(f, source=dataclasses.replace(f.source, line=f.source.line + offset))
                               if f.source else f for f in result.findings]
        return result, outcome

    # -- verify ----------------------------------------------------------------------------------
    def _verify(self, safe: np.ndarray, around: list[Finding], dismissed: list[Finding],
                lines: Sequence[TextLine] = (), union: np.ndarray | None = None
                ) -> tuple[list[Finding], list[StageOutcome]]:
        """Screen the safe pixels again around the masks in `around`; return what is still found.

        A mask can only fail to hide the kind of thing it covers (a solid bar over a name cannot
        uncover a face), so each mask is re-checked by the stage whose `kinds` hold its kind, the way
        that stage's `recheck` says (crops around the masks, or the whole frame); a reviewer's box,
        or a kind no configured stage produces, is re-checked by every stage that re-checks at all.
        Each look gets a `VerifyContext`: where the masks are and, for a stage that reads text, the
        first look's `lines` (those no mask in `union` touches can be taken over as they were read).
        """
        touched = frozenset(id(ln) for ln in lines if union is None or touches(ln, union))
        rechecking = [s for s in self.stages if s.recheck != "none"]
        by_stage: dict[int, tuple[Stage, list[Rect]]] = {}
        for f in around:
            if f.bbox is None:
                continue
            for stage in [s for s in rechecking if f.kind in s.kinds] or rechecking:
                by_stage.setdefault(id(stage), (stage, []))[1].append(f.bbox)
        found_all: list[Finding] = []
        outcomes: list[StageOutcome] = []
        h, w = safe.shape[:2]
        for stage, boxes in by_stage.values():
            scale = stage.verify_scale(w, h)
            crops = [Rect(0, 0, w, h)] if stage.recheck == "frame" else verify_crops(boxes, (h, w))
            for crop in crops:
                pixels = safe[crop.slices()]
                if scale < 1.0:
                    size = (max(1, round(crop.w * scale)), max(1, round(crop.h * scale)))
                    pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
                context = crop_context(crop, scale, boxes, (w, h), lines if stage.reads_text else (), touched)
                found, _, crop_outcomes = self.detect(Photo(pixels=np.ascontiguousarray(pixels)), [stage], context)
                outcomes.extend(crop_outcomes)
                for f in found:
                    if f.polygon is None:
                        continue
                    if crop.x or crop.y or scale != 1.0:  # back into the photo's pixels
                        f = f.mapped(lambda px, py, c=crop, s=scale: (px / s + c.x, py / s + c.y))
                    if not set_aside(f, dismissed):
                        found_all.append(f)
        return found_all, outcomes

    # -- the whole path ----------------------------------------------------------------------------
    def screen_photo(self, photo: Photo, overrides: Sequence[Override] = ()) -> ScreenResult:
        start = time.perf_counter()
        # A photo, whatever its size, releases between stages (a 2 MP photo peaked at 1.2-1.4 GB without).
        findings, lines, stages = self.detect(photo, context=FIRST_LOOK if overrides else self._first_look(photo),
                                              release=True)
        findings = self._face_tiles(photo, findings)
        # (one look at the background for the signature search and both place rules)
        page = bool(lines) and is_page(photo.pixels)
        findings.extend(self._signatures(photo, page, findings, lines))
        findings.extend(self._scene_plates(page, findings, lines))
        findings.extend(self._top_bar_users(photo, page, findings, lines))
        findings.extend(self._avatars(photo, findings, lines))
        findings.extend(self._date_stamps(findings, lines))
        findings.extend(self._worn_names(findings, lines))
        findings.extend(self._names_beside_faces(findings, lines))
        findings = self._public_links(findings)
        learned, outcome = _run_stage("linescore", lambda: StageResult(findings=self._learned_lines(findings, lines)))
        findings.extend(learned.findings)
        if not outcome.ok:  # a missing or altered model file: never accepted, and the report says why
            stages.append(outcome)
        active, dismissed = apply_overrides(findings, overrides)
        size = (photo.width, photo.height)
        decision = decide(active, stages, self.policy, lines, size)
        result = ScreenResult(photo=photo, source=photo.source, frame=photo.frame, findings=active,
                              lines=lines, stages=stages, decision=decision, overrides=list(overrides),
                              dismissed=dismissed)
        if decision.verdict != "reject":
            self._redact_and_verify(result)
        # Between photos, whatever their size: the next one is decoded and screened without this
        # one's inference buffers and freed heap (photos under RELEASE_MIN_PIXELS keep them between
        # stages, and a process screening many of them grew from 1.1 to 1.4 GB over 12 photos).
        release_buffers()
        result.seconds = time.perf_counter() - start
        limit = self.policy.limits.photo_timeout_s
        if result.seconds > limit and result.decision.verdict == "accept":
            result.decision = Decision("reject", [f"screening took {result.seconds:.0f} s, over the {limit:.0f} s "
                                                  "time-out"], decision.policy)
            result.safe_pixels = None
        return result

    def _first_look(self, photo: Photo) -> VerifyContext:
        """The first look's context: a text stage may stop reading once the lines it has read make the
        photo a reject whatever the rest says (`decide.already_reject`; policy `text.stop_at_reject`).
        Not with overrides: a reviewer who drops findings must see the whole reading."""
        if not self.policy.text.stop_at_reject:
            return FIRST_LOOK
        size = (photo.width, photo.height)

        def enough(lines: Sequence[TextLine]) -> str | None:
            found = self.classifier(list(lines), self.policy)
            return already_reject([f for f in found if f.kind == "text"], lines, self.policy, size)

        return dataclasses.replace(FIRST_LOOK, enough=enough)

    def _redact_and_verify(self, result: ScreenResult) -> None:
        assert result.photo is not None
        start = time.perf_counter()
        pixels = result.photo.pixels
        masked = pixel_findings(result.findings)
        safe = apply_masks(pixels, masked, self.policy) if masked else pixels.copy()
        if not self.policy.output.verify or not masked:
            result.safe_pixels = safe
            result.verify = {"ran": False, "reason": "nothing was masked" if not masked else "disabled by policy"}
            return
        shape = pixels.shape[:2]
        union = union_mask(shape, masked, self.policy)
        still, stages = self._verify(safe, masked, result.dismissed, result.lines, union)
        # Anything not already under a mask is something the first pass missed (or a mask too small
        # for its region): mask it too and look again. Text on a first-look line no mask touched was
        # judged by the first look, with the whole photo as context (`judged_before`).
        still = [f for f in still if not masked_already(f, union) and not judged_before(f, union, result.lines)]
        failed = [s for s in stages if not s.ok]
        passes = 1
        found_after_first = len(still)
        while still and not failed and passes < MAX_MASK_PASSES:
            masked = masked + still
            result.findings = result.findings + [dataclasses.replace(f, verify_pass=passes) for f in still]
            safe = apply_masks(pixels, masked, self.policy)
            # Only the new masks changed pixels; the earlier looks already cleared the rest.
            for f in still:
                draw_region(union, f, self.policy)
            still, stages_again = self._verify(safe, still, result.dismissed, result.lines, union)
            still = [f for f in still if not masked_already(f, union) and not judged_before(f, union, result.lines)]
            passes += 1
            failed = [s for s in stages_again if not s.ok]
        result.verify = {
            "ran": True,
            "passes": passes,
            "found_after_first_mask": found_after_first,
            "persisted": len(still),
            "failed_stages": [s.stage for s in failed],
            # masks and every verify round: with the stage timings, where a photo's time went
            "seconds": round(time.perf_counter() - start, 3),
        }
        if failed:
            result.decision = Decision("reject", [f"could not verify the safe copy: the {s.stage} stage failed "
                                                  f"({s.error})" for s in failed], result.decision.policy)
            return
        if still:
            result.decision = Decision("reject", [f"PHI still detected after masking {passes} times "
                                                  f"({len(still)} regions)"], result.decision.policy)
            return
        result.safe_pixels = safe

    def screen_file(self, path: str | Path, overrides: Sequence[Override] = ()) -> list[ScreenResult]:
        """One result per frame. Never raises for bad input: an unreadable file is one `reject`."""
        path = Path(path)
        start = time.perf_counter()
        try:
            photos = load_file(path, self.policy.limits)
        except Exception as e:  # noqa: BLE001 - LoadError's message is ours; anything else, its type only
            return [_failed(path, LOAD_STAGE, safe_error(e), time.perf_counter() - start)]
        return [self.screen_photo(p, overrides) for p in photos]


# The pipeline's own steps, reported beside the detector stages.
LOAD_STAGE = "load"
PHI_STAGE = "phi"


def _failed(path: Path, stage: str, reason: str, seconds: float) -> ScreenResult:
    outcome = StageOutcome(stage, False, seconds, reason)
    return ScreenResult(photo=None, source=path, frame=0, findings=[], lines=[], stages=[outcome],
                        decision=Decision("reject", [f"could not read the photo: {reason}"]), seconds=seconds)


def screen_file(path: str | Path, policy: Policy | None = None, overrides: Sequence[Override] = ()
                ) -> list[ScreenResult]:
    return Screener(policy).screen_file(path, overrides)
