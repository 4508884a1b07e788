"""docs/extending.md, followed: its code blocks are run as written, through the real pipeline.

A new detector is one module (the doc's `plates.py`, written to a temporary folder) and one registry
line; it runs through screening, the verify pass and the report without touching anything else. The
doc's recognizer finds its entity through the PHI classifier; every face style reaches every place
that offers or checks styles; the doc's report format reads real schema-1 records.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest
from fakes import face, gradient, text_finding
from PIL import Image

from imgscreen import stages
from imgscreen.model import Identifier
from imgscreen.pipeline import Screener
from imgscreen.policy import FACE_STYLES, Policy, policy_from_dict
from imgscreen.report import file_record

ROOT = Path(__file__).resolve().parent.parent


def doc_blocks() -> dict[str, str]:
    """The doc's `# file: PATH` code blocks, by path."""
    text = (ROOT / "docs" / "extending.md").read_text(encoding="utf-8")
    return {m.group(1): m.group(2) for m in re.finditer(r"```python\n# file: (\S+)[^\n]*\n(.*?)```", text, re.S)}


def test_a_new_detector_is_one_module_and_one_registry_line(tmp_path, monkeypatch):
    (tmp_path / "extending_plates.py").write_text(doc_blocks()["imgscreen/plates.py"], encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(stages, "REGISTRY", (*stages.REGISTRY, "extending_plates"))  # the registry line
    import extending_plates

    looks = []  # the context of every call, to see the verify pass use the new stage
    stage = extending_plates.STAGE
    monkeypatch.setattr(extending_plates, "STAGE", dataclasses.replace(
        stage, detect=lambda photo, policy, context: looks.append(context) or stage.detect(photo, policy, context)))

    # The other pixel stages off, so this runs in milliseconds: what is left is the registry's metadata
    # stage and the new one (no policy section: always on).
    policy = Policy()
    for name in ("faces", "text", "barcodes"):
        policy = policy.replace(name, enabled=False)
    screener = Screener(policy)
    assert [s.name for s in screener.stages] == ["metadata", "plates"]

    pixels = np.full((240, 320, 3), 120, np.uint8)
    pixels[80:110, 100:180] = (240, 200, 20)  # a yellow plate
    path = tmp_path / "car.png"
    Image.fromarray(pixels).save(path)
    (result,) = screener.screen_file(path)
    (plate,) = [f for f in result.findings if f.kind == "plate"]
    assert plate.bbox == (100, 80, 80, 30) and plate.identifier is Identifier.VEHICLE
    assert result.decision.verdict == "redact"
    assert (result.safe_pixels[80:110, 100:180] == 0).all()  # masked with a solid fill
    # The verify pass re-read the mask with the plate stage, around the mask, and found nothing.
    assert result.verify["ran"] and result.verify["passes"] == 1 and result.verify["persisted"] == 0
    assert len(looks) == 2 and looks[0].changed is None and len(looks[1].changed) == 1
    record = file_record(path, [result], None)
    assert [s["stage"] for s in record["stages"]] == ["metadata", "plates"]
    assert [(f["kind"], f["identifier"], f["label"]) for f in record["findings"]] == [
        ("plate", 12, "Licence plate")]


def test_a_new_recognizer_is_found_through_the_phi_classifier(tmp_path, monkeypatch):
    from imgscreen import phi, recognizers

    blocks = doc_blocks()
    (tmp_path / "extending_badges.py").write_text(blocks["imgscreen/recognizers/badges.py"], encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    from extending_badges import VisitorBadgeRecognizer

    monkeypatch.setitem(recognizers.ENTITIES, "VISITOR_BADGE", None)  # undone after the test
    exec(blocks["imgscreen/recognizers/__init__.py"], {})  # the doc's ENTITIES line
    built = recognizers.build_recognizers
    monkeypatch.setattr(phi, "build_recognizers", lambda: [*built(), VisitorBadgeRecognizer()])
    phi.analyzer.cache_clear()
    try:
        spans = phi.classify_text("Visitor badge: VB-20481  Room 4", Policy())
    finally:
        phi.analyzer.cache_clear()  # the next test builds the registry's own analyzer again
    (badge,) = [s for s in spans if s.entity == "VISITOR_BADGE"]
    assert (badge.identifier, badge.label) == (Identifier.OTHER_ID, "Visitor badge number")


@pytest.mark.parametrize("style", FACE_STYLES)
def test_every_face_style_reaches_the_cli_the_ui_the_log_and_the_masks(style):
    from imgscreen.cli import build_parser
    from imgscreen.decision_log import LogEntry
    from imgscreen.redact import apply_masks
    from imgscreen.ui.review import face_style_choices

    assert build_parser().parse_args(["check", "x.jpg", "--face-style", style]).face_style == style
    policy = policy_from_dict({"faces": {"style": style}})
    assert (style.capitalize(), style) in face_style_choices()
    assert LogEntry.build(reviewer="Kim", file_sha256="0" * 64, tool_verdict="redact", decision="redact",
                          findings=[], face_style=style).face_style == style
    px = gradient(200, 160)
    masked = apply_masks(px, [face(60, 40, 60, 70)], policy)
    assert not np.array_equal(masked[60:100, 75:105], px[60:100, 75:105])
    assert f"`{style}`" in (ROOT / "docs" / "policy.md").read_text(encoding="utf-8")


def test_the_report_format_example_reads_schema_1_records():
    ns: dict = {}
    exec(doc_blocks()["imgscreen/report.py"], ns)
    screener = Screener(Policy(), detectors={"text": lambda photo, policy, context: _one_mrn()},
                        classifier=lambda lines, policy: [])
    from imgscreen.model import Photo

    result = screener.screen_photo(Photo(pixels=gradient(200, 150)))
    table = ns["to_markdown"]([file_record("ward/photo.jpg", [result], None)])
    assert table.splitlines()[2] == "| ward/photo.jpg | redact | medical record numbers |"
    assert "00482913" not in table


def _one_mrn():
    from imgscreen.detect import StageResult

    return StageResult(findings=[text_finding(20, 20, 60, 20)])
