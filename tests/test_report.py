import json

from fakes import face, text_finding

from imgscreen.model import Decision, ScreenResult, StageOutcome
from imgscreen.report import csv_row, file_record, mask_text, read_jsonl, to_csv, to_jsonl, top_reasons


def test_mask_text_hides_letters_and_all_digits():
    assert mask_text("John Doe") == "J*** D**"
    assert mask_text("MRN:00482913") == "M**:********"
    assert mask_text(None) is None


def result(findings, verdict="redact"):
    return ScreenResult(photo=None, source=None, frame=0, findings=findings, lines=[],
                        stages=[StageOutcome("faces", True, 0.2)], decision=Decision(verdict, ["x"]), seconds=0.5)


def test_record_has_the_schema_fields_and_masks_text():
    rec = file_record("a/b.jpg", [result([face(1, 2, 3, 4), text_finding(5, 6, 7, 8)])], None)
    assert rec["schema"] == 1 and rec["decision"] == "redact" and rec["output"] is None
    f = rec["findings"][1]
    assert f["identifier"] == 8 and f["identifier_name"] == "medical record numbers"
    assert f["bbox"] == [5, 6, 7, 8] and f["polygon"][0] == [5, 6]
    assert f["text"] == "********"
    assert "00482913" not in json.dumps(rec)
    assert file_record("a", [result([text_finding(0, 0, 1, 1)])], None, show_text=True)["findings"][0]["text"] == \
        "00482913"


def test_multi_frame_worst_decision_wins_and_frames_are_marked():
    r0, r1 = result([], "accept"), result([face(0, 0, 5, 5)], "reject")
    r1.frame = 1
    rec = file_record("x.gif", [r0, r1], None)
    assert rec["decision"] == "reject" and rec["frames"] == 2
    assert rec["findings"][0]["frame"] == 1 and rec["reasons"][1].startswith("frame 1:")


def test_jsonl_and_csv_round_trip(tmp_path):
    rec = file_record("x.jpg", [result([face(0, 0, 5, 5)])], None)
    p = tmp_path / "r.jsonl"
    p.write_text(to_jsonl(rec) + '{"broken', encoding="utf-8")
    assert read_jsonl(p) == [rec]
    assert csv_row(rec)["identifiers"] == "17x1"
    assert to_csv([rec]).splitlines()[0].startswith("schema,path,decision")
    assert top_reasons([rec]) == [("x", 1)]
