"""Findings + stage outcomes + policy -> one decision, as a pure function.

The order of the rules is the policy: first anything that means "we could not look properly"
(fail closed), then "too much to trust a mask" (documents, screens, crowds of findings), then
"mask it", and only when nothing at all was found, accept.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from .model import Decision, Finding, StageOutcome, TextLine
from .policy import Policy


def pixel_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.in_pixels]


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
    if len(in_pixels) > p.max_findings:
        return Decision(
            "reject", [f"too many findings to trust a mask ({len(in_pixels)} > {p.max_findings})"], used
        )
    text_phi = [f for f in in_pixels if f.kind == "text"]
    phi_lines = {f.extra.get("line_index") for f in text_phi}
    if len(phi_lines) > p.max_phi_lines:
        return Decision(
            "reject",
            [f"looks like a document or screen: {len(phi_lines)} lines carry PHI (limit {p.max_phi_lines})"],
            used,
        )
    area = text_area_fraction(lines or [], *size)
    used["text_area_fraction"] = round(area, 3)
    if text_phi and area > p.max_text_area_fraction:
        return Decision(
            "reject",
            [f"mostly a document or screen: text covers {area:.0%} of the photo and some of it is PHI"],
            used,
        )
    if p.reject_faces and any(f.kind == "face" for f in in_pixels):
        return Decision("reject", ["faces are not allowed by this policy"], used)

    meta = [f for f in findings if not f.in_pixels and not f.extra.get("informational")]
    if in_pixels:
        reasons = [f"PHI masked in the safe copy: {_summary(in_pixels)}"]
        if meta:
            reasons.append(f"metadata removed: {_summary(meta)}")
        return Decision("redact", reasons, used)
    if meta and policy.metadata.counts_for_decision:
        return Decision("redact", [f"metadata removed: {_summary(meta)}"], used)
    reasons = ["no faces, PHI text or barcodes found"]
    if meta:
        reasons.append(f"metadata removed from the safe copy: {_summary(meta)}")
    return Decision("accept", reasons, used)
