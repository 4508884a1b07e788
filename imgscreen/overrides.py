"""A reviewer's overrides, applied one way for the CLI, the pipeline and the review UI.

Overrides come from `--drop N`, `--consent X,Y,W,H` and `--add-box X,Y,W,H` on the command line, and
from the UI's tick boxes and drawn boxes. Both end up as `model.Override` records (which the report
and the decision log carry) and go through `apply_overrides`, so what the safe copy masks is decided
in one place whichever way the reviewer spoke.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .model import Finding, Identifier, Override, Rect, polygon_from_box

REVIEWER_LABEL = "Marked by reviewer"


def manual_finding(box: Rect) -> Finding:
    """A region the reviewer marked: masked with a solid fill, exactly the box."""
    return Finding(kind="manual", identifier=Identifier.OTHER_ID, label=REVIEWER_LABEL, score=1.0,
                   detector="reviewer", polygon=polygon_from_box(*box), mask="polygon")


def apply_overrides(findings: Sequence[Finding], overrides: Sequence[Override]) -> tuple[list[Finding], list[Finding]]:
    """(findings to act on, findings set aside) after the reviewer's overrides.

    `drop` sets finding `finding_index` aside as a false alarm. `consent` sets a face aside: the one
    at `finding_index` when the override names it (the UI's tick box), else every face the override's
    box matches (`faces.apply_consent`: the command line's `--consent X,Y,W,H`). Consent never covers
    anything but a face. `add_box` adds a region to mask. A set-aside finding says why in `dismissed`.
    """
    dropped = {o.finding_index for o in overrides if o.action == "drop" and o.finding_index is not None}
    chosen = {o.finding_index for o in overrides if o.action == "consent" and o.finding_index is not None}
    consent_boxes = [o.box for o in overrides if o.action == "consent" and o.finding_index is None and o.box]
    active, dismissed = [], []
    for i, f in enumerate(findings):
        if i in dropped:
            dismissed.append(dataclasses.replace(f, dismissed="dropped by reviewer"))
        elif i in chosen and f.kind == "face":
            dismissed.append(dataclasses.replace(f, dismissed="consented"))
        else:
            active.append(f)
    if consent_boxes:
        from .faces import apply_consent

        faces = [f for f in active if f.kind == "face"]
        keep_masked, consented = apply_consent(faces, consent_boxes)
        active = [f for f in active if f.kind != "face"] + list(keep_masked)
        dismissed += [dataclasses.replace(f, dismissed="consented") for f in consented]
    active += [manual_finding(o.box) for o in overrides if o.action == "add_box" and o.box]
    return active, dismissed
