"""The decision log: append-only, one JSON object per line, and never any PHI text."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import stat
import threading

import pytest

from imgscreen.decision_log import DecisionLog, LogEntry, clean_reviewer, counts_by_identifier
from imgscreen.model import Finding, Identifier, Override, polygon_from_box

SHA = hashlib.sha256(b"photo").hexdigest()
SAFE = hashlib.sha256(b"safe").hexdigest()


def _findings() -> list[Finding]:
    return [
        Finding("text", Identifier.NAMES, "Name on wristband", 0.9, "phi", polygon_from_box(10, 10, 80, 20),
                text="DOE, JOHN"),
        Finding("text", Identifier.MRN, "Medical record number", 0.9, "phi", polygon_from_box(10, 40, 80, 20),
                text="MRN 00482913"),
        Finding("face", Identifier.FACE, "Face", 0.8, "centerface", polygon_from_box(100, 10, 50, 60)),
        Finding("metadata", Identifier.GEOGRAPHIC, "GPS location in file", 1.0, "metadata",
                text="40.7128 N, 74.0060 W"),
    ]


def _entry(**kw) -> LogEntry:
    base = dict(reviewer="nurse.kim", file_sha256=SHA, tool_verdict="redact", decision="redact",
                findings=_findings(), safe_sha256=SAFE, face_style="pixelate", batch="b1")
    base.update(kw)
    return LogEntry.build(**base)


def test_entry_holds_counts_and_overrides_but_no_phi_text(tmp_path):
    overrides = [
        Override("drop", finding_index=1, note="John Doe's MRN is fake"),
        Override("add_box", box=(5, 6, 70, 80), note="DOE"),
        Override("consent", box=(100, 10, 50, 60)),
    ]
    log = DecisionLog(tmp_path / "decisions.jsonl")
    log.append(_entry(overrides=overrides, failed_stages=["barcodes"]))
    raw = log.path.read_text(encoding="utf-8")
    for phi in ("DOE", "JOHN", "00482913", "40.7128", "John"):
        assert phi.lower() not in raw.lower()
    rec = json.loads(raw)
    assert rec["findings"] == {"1 names": 1, "2 geographic subdivisions smaller than a state": 1,
                               "8 medical record numbers": 1, "17 full-face photographs": 1}
    assert rec["overrides"] == [
        {"action": "drop", "finding_index": 1, "identifier": "8 medical record numbers"},
        {"action": "add_box", "box": [5, 6, 70, 80]},
        {"action": "consent", "box": [100, 10, 50, 60]},
    ]
    assert rec["file_sha256"] == SHA and rec["safe_sha256"] == SAFE
    assert rec["reviewer"] == "nurse.kim" and rec["decision"] == "redact" and rec["failed_stages"] == ["barcodes"]
    assert rec["ts"].endswith("+00:00")
    assert list(rec)[0] == "ts"


def test_append_only_and_private(tmp_path):
    log = DecisionLog(tmp_path / "sub" / "decisions.jsonl")
    log.append(_entry(decision="reject", safe_sha256=None))
    first = log.path.read_bytes()
    log.append(_entry())
    assert log.path.read_bytes().startswith(first)
    assert [r["decision"] for r in log.records()] == ["reject", "redact"]
    assert stat.S_IMODE(log.path.stat().st_mode) == 0o600


def test_concurrent_appends_never_interleave(tmp_path):
    log = DecisionLog(tmp_path / "d.jsonl")

    def work(i: int) -> None:
        for _ in range(25):
            log.append(_entry(reviewer=f"r{i}" * 30))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = log.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 100
    assert all(json.loads(line)["file_sha256"] == SHA for line in lines)


def test_torn_last_line_is_skipped(tmp_path):
    log = DecisionLog(tmp_path / "d.jsonl")
    log.append(_entry())
    with log.path.open("a", encoding="utf-8") as f:
        f.write('{"ts": "2026-')
    assert len(log.records()) == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"decision": "maybe"},
        {"tool_verdict": "ok"},
        {"file_sha256": "DOE_JOHN.jpg"},
        {"decision": "reject"},  # with a safe copy hash: a rejected photo has no safe copy
        {"face_style": "sketch"},
        {"batch": "DOE, JOHN"},
    ],
)
def test_invalid_entries_are_refused(bad):
    with pytest.raises(ValueError):
        _entry(**bad)


def test_reviewer_name_is_one_short_line():
    assert clean_reviewer("kim\n{\"decision\":\"accept\"}") == 'kim {"decision":"accept"}'
    assert len(clean_reviewer("x" * 500)) == 80
    assert clean_reviewer(None) == ""


def test_csv_export(tmp_path):
    log = DecisionLog(tmp_path / "d.jsonl")
    log.append(_entry(overrides=[Override("drop", finding_index=0), Override("add_box", box=(1, 2, 3, 4))]))
    log.append(_entry(decision="reject", safe_sha256=None))
    rows = list(csv.DictReader(io.StringIO(log.to_csv())))
    assert [r["decision"] for r in rows] == ["redact", "reject"]
    assert rows[0]["overrides"] == "drop #1; add_box [1,2,3,4]"
    assert "1 names=1" in rows[0]["findings"]
    assert rows[1]["safe_sha256"] == ""
    out = log.export(tmp_path / "x.csv", "csv")
    assert out.read_text(encoding="utf-8").startswith("ts,reviewer,file_sha256")
    assert len(log.export(tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_export_one_batch(tmp_path):
    log = DecisionLog(tmp_path / "d.jsonl")
    log.append(_entry(batch="a1"))
    log.append(_entry(batch="b2", decision="reject", safe_sha256=None))
    log.append(_entry(batch="a1", decision="accept"))
    lines = log.export(tmp_path / "a.jsonl", batch="a1").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["decision"] for x in lines] == ["redact", "accept"]
    rows = list(csv.DictReader(io.StringIO(log.to_csv(batch="b2"))))
    assert [r["decision"] for r in rows] == ["reject"]


def test_counts_sorted_by_identifier_number():
    assert list(counts_by_identifier(reversed(_findings()))) == [
        "1 names", "2 geographic subdivisions smaller than a state", "8 medical record numbers",
        "17 full-face photographs",
    ]
