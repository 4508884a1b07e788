"""Findings + stage outcomes + policy -> one decision, as a pure function.

The order of the rules is the policy: first anything that means "we could not look properly"
(fail closed), then "too much to trust a mask" (documents, screens, crowds of findings), then
"mask it", and only when nothing at all was found, accept.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .boxes import date_rows
from .layout import Joined, rows
from .model import DOUBT_ENTITIES, Decision, Finding, Rect, StageOutcome, TextLine, bbox_of
from .policy import Policy
from .spans import UNLABELLED_NAME

# Entities (`imgscreen.context`) that make a photo an identity document: rejected whatever is masked.
IDENTITY_DOCUMENT = frozenset({"MRZ", "ID_DOCUMENT"})
# A North American driving licence's or ID card's PDF417 (AAMVA): `@`, then `ANSI ` (or `AAMVA`) and the issuer's
# six-digit number in its header. The back of a licence shows no title and no MRZ, only this code.
_AAMVA = re.compile(r"^[\s@\x00-\x1f]*(?:ANSI|AAMVA)\s?\d{6}")


# Findings that are personal only because a name stands near them (a number "near patient information", the other
# half of a name, a place on that person's record, a number worn below a face): they say nothing more about whether a
# person's document is there.
_NEAR_A_NAME = frozenset({"CONTEXT_ID", "CONTEXT_DATE", "NAME_PART", "ADDRESS_PART", "INITIALS", "WORN_NUMBER"})


def shows_a_person(text_phi: list[Finding]) -> bool:
    """Whether the PHI text is enough to call a text-heavy photo a person's document (and reject it).

    One name read with no label, and what was masked only for standing near it, is not: a sample app's list of
    tea houses with one tea named like a person (`Ching Shih`) is masked, not rejected. A label, a second name, a
    name column, a phone or an e-mail address is: a page that says that much about someone is theirs.
    """
    bare: set[str] = set()
    for f in text_phi:
        entity = f.source.entity if f.source is not None else ""
        if entity == "PATIENT_NAME" and f.score < UNLABELLED_NAME:
            bare.add((f.text or "").casefold())
        elif entity not in _NEAR_A_NAME and not entity.startswith("FIELD_"):
            return True
    return len(bare) >= 2


def identity_barcode(f: Finding) -> bool:
    """A decoded code that is an identity document's own record, whatever else is on the photo."""
    return f.kind == "barcode" and bool(_AAMVA.match(f.text or ""))


def pixel_findings(findings: list[Finding]) -> list[Finding]:
    """Findings to mask: in the pixels and not merely reported (a possible face the detector's second
    look did not confirm is listed for the reviewer, never masked by itself)."""
    return [f for f in findings if f.in_pixels and not f.informational]


def text_area_fraction(lines: list[TextLine], width: int, height: int) -> float:
    """Fraction of the photo covered by text lines: high for a document or a screen photo."""
    if not lines or width <= 0 or height <= 0:
        return 0.0
    import cv2

    total = sum(abs(cv2.contourArea(np.asarray(line.polygon, dtype=np.float32))) for line in lines)
    return float(min(1.0, total / (width * height)))


def _summary(findings: list[Finding]) -> str:
    counts = Counter(f.label for f in findings)
    return ", ".join(f"{n} x {label}" if n > 1 else label for label, n in counts.most_common())


def decide(
    findings: list[Finding],
    stages: list[StageOutcome],
    policy: Policy,
    lines: list[TextLine] | None = None,
    size: tuple[int, int] = (0, 0),
) -> Decision:
    """`size` is (width, height) of the upright photo; `lines` is everything the OCR read."""
    p = policy.decide
    used = {
        "max_findings": p.max_findings,
        "max_faces": p.max_faces,
        "max_phi_lines": p.max_phi_lines,
        "max_text_area_fraction": p.max_text_area_fraction,
        "metadata_counts_for_decision": policy.metadata.counts_for_decision,
    }
    failed = [s for s in stages if not s.ok]
    if failed:
        reasons = [f"could not screen: the {s.stage} stage failed ({s.error or 'unknown error'})" for s in failed]
        return Decision("reject", reasons, used)
    truncated = [s for s in stages if s.truncated]
    if truncated:
        reasons = [f"could not screen fully: the {s.stage} stage hit its cap ({'; '.join(s.notes)})"
                   for s in truncated]
        return Decision("reject", reasons, used)

    in_pixels = pixel_findings(findings)
    if any(identity_barcode(f) for f in in_pixels):
        return Decision("reject", ["an identity document (a driving licence's or ID card's barcode, which holds "
                                   "the holder's name, address and date of birth): masks cannot make it safe to "
                                   "share"], used)
    if any(f.source is not None and f.source.entity in IDENTITY_DOCUMENT for f in in_pixels):
        return Decision("reject", ["an identity document (passport, driving licence or ID card, found by its "
                                   "machine-readable zone, its title beside a person's details, a sentence "
                                   "only such a card prints, or a national identity number beside its field): "
                                   "masks cannot make it safe to share"], used)
    if any(f.source is not None and f.source.entity == "HEALTH_CARD" for f in in_pixels):
        return Decision("reject", ["a health insurance card (its pharmacy fields or its title beside a member's "
                                   "name and number): every field on it is its member's, so masks cannot make it "
                                   "safe to share"], used)
    faces = [f for f in in_pixels if f.kind == "face"]
    # Doubt's masks (a ward board in Japanese, its every short run masked) are no sign of a photo too full of
    # PHI to trust its masks: they are masked whatever their number, and the cap counts the evidence.
    others = [f for f in in_pixels if f.kind != "face" and not (f.source and f.source.entity in DOUBT_ENTITIES)]
    if len(others) > p.max_findings:
        return Decision(
            "reject", [f"too many PHI regions to trust a mask ({len(others)} > {p.max_findings})"], used
        )
    if len(faces) > p.max_faces:
        return Decision(
            "reject", [f"too many faces for a reviewer to check ({len(faces)} > {p.max_faces})"], used
        )
    # Only text about a person makes a document or screen too risky to share masked; a shop's own
    # phone number or web address on a receipt is masked and the photo stays shareable.
    text_phi = [f for f in in_pixels if f.kind == "text" and (f.source is None or f.source.personal)]
    biggest = phi_rows_in_one_place(text_phi, lines or [])
    used["phi_lines_in_one_place"] = biggest
    if biggest > p.max_phi_lines:
        return Decision(
            "reject",
            [f"looks like a document or screen: {biggest} lines with PHI in one place (limit {p.max_phi_lines})"],
            used,
        )
    area = text_area_fraction(lines or [], *size)
    used["text_area_fraction"] = round(area, 3)
    if shows_a_person(text_phi) and area > p.max_text_area_fraction:
        return Decision(
            "reject",
            [f"mostly a document or screen: text covers {area:.0%} of the photo and some of it is PHI"],
            used,
        )
    if p.reject_faces and any(f.kind == "face" for f in in_pixels):
        return Decision("reject", ["faces are not allowed by this policy"], used)

    meta = [f for f in findings if not f.in_pixels and not f.informational]
    if in_pixels:
        reasons = [f"PHI masked in the safe copy: {_summary(in_pixels)}"]
        if meta:
            reasons.append(f"metadata removed: {_summary(meta)}")
        return Decision("redact", reasons, used)
    if meta and policy.metadata.counts_for_decision:
        return Decision("redact", [f"metadata removed: {_summary(meta)}"], used)
    reasons = ["no faces, PHI text or barcodes found"]
    possible = [f for f in findings if f.in_pixels and f.informational]
    if possible:
        reasons.append(f"not masked, for a reviewer to check: {_summary(possible)}")
    if meta:
        reasons.append(f"metadata removed from the safe copy: {_summary(meta)}")
    return Decision("accept", reasons, used)


def already_reject(text_phi: list[Finding], lines: Sequence[TextLine], policy: Policy,
                   size: tuple[int, int]) -> str | None:
    """Why the photo is a reject whatever else is read, from part of its text; None if not (yet).

    Only the rules that more text can never undo: more lines add PHI regions, merge groups of PHI
    lines and add text area, so each count below only grows as reading goes on. The text stage
    uses it to stop reading a dense document early (`VerifyContext.enough`).
    """
    p = policy.decide
    text_phi = [f for f in text_phi if f.in_pixels]
    if len(text_phi) > p.max_findings:
        return f"{len(text_phi)} PHI regions already (limit {p.max_findings})"
    personal = [f for f in text_phi if f.source is None or f.source.personal]  # as `decide` counts them
    biggest = phi_rows_in_one_place(personal, list(lines))
    if biggest > p.max_phi_lines:
        return f"{biggest} lines with PHI in one place already (limit {p.max_phi_lines})"
    area = text_area_fraction(list(lines), *size)
    if shows_a_person(personal) and area > p.max_text_area_fraction:
        return f"text covers {area:.0%} of the photo already and some of it is PHI"
    return None


def phi_rows_in_one_place(text_phi: list[Finding], lines: list[TextLine]) -> int:
    """Printed rows with PHI in the biggest group (`phi_line_groups`): boxes the detector cut from one
    row count once, so a label read in pieces is not taken for a page."""
    best = 0
    together = date_rows(lines) if lines else []
    for group in phi_line_groups(text_phi, lines):
        known = [i for i in group if 0 <= i < len(lines)]
        best = max(best, rows(known, lines, together) + len(group) - len(known))
    return best


def phi_line_groups(text_phi: list[Finding], lines: list[TextLine]) -> list[list[int]]:
    """PHI line indices grouped by nearness: lines whose boxes, grown by two text heights, touch.

    A group is one card, chart, label or screen. Counting PHI lines per group (not per photo) tells
    a document apart from a photo that shows several small things: three wristbands with three PHI
    lines each are three masks; an EHR screen with eleven is a document. Lines of a page that context
    found to be one person's record (`TextSource.record`) are one group, however far apart its panels.
    """
    spans: dict[int, list[Rect]] = {}
    for f in text_phi:
        if f.source is not None and f.bbox is not None:
            spans.setdefault(f.source.line, []).append(f.bbox)
    boxes = []
    for i, bbs in sorted(spans.items()):
        if 0 <= i < len(lines):
            x, y, w, h = bbox_of(lines[i].polygon)
            height = lines[i].height
        else:  # no OCR line to hand (tests, other engines): the PHI spans themselves
            x0, y0 = min(b[0] for b in bbs), min(b[1] for b in bbs)
            x1, y1 = max(b[0] + b[2] for b in bbs), max(b[1] + b[3] for b in bbs)
            x, y, w, h = x0, y0, x1 - x0, y1 - y0
            height = min(w, h)
        g = 2 * max(1.0, float(height))
        boxes.append((i, (x - g, y - g, x + w + g, y + h + g)))
    joined = Joined(len(boxes))
    record = {f.source.line for f in text_phi if f.source is not None and f.source.record}
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            p, q = boxes[a][1], boxes[b][1]
            one_record = boxes[a][0] in record and boxes[b][0] in record
            if one_record or (p[0] < q[2] and q[0] < p[2] and p[1] < q[3] and q[1] < p[3]):
                joined.join(a, b)
    groups: dict[int, list[int]] = {}
    for a, (i, _) in enumerate(boxes):
        groups.setdefault(joined.root(a), []).append(i)
    return sorted(groups.values(), key=len, reverse=True)
