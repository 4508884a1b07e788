"""The command line end to end, with the real detectors, on the bundled samples."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import write_jpeg

from imgscreen.cli import EXIT_ERRORS, EXIT_OK, EXIT_PHI, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
sys.path.insert(0, str(ROOT / "scripts"))
from make_samples import EXPECTED  # noqa: E402


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scan")
    src = tmp / "in"
    shutil.copytree(SAMPLES, src)
    (src / "notes.txt").write_text("not a photo")
    (src / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 truncated")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    code = main(["scan", str(src), "--out", str(tmp / "out"), "--report", str(tmp / "r.jsonl"),
                 "--csv", str(tmp / "r.csv"), "--quiet"])
    records = {Path(r["path"]).name: r for r in map(json.loads, (tmp / "r.jsonl").read_text().splitlines())}
    return tmp, src, code, records, before


def test_each_sample_gets_the_decision_the_readme_promises(scanned):
    _, _, _, records, _ = scanned
    got = {name: records[name]["decision"] for name in EXPECTED}
    assert got == EXPECTED


def test_report_lines_follow_schema_1(scanned):
    _, _, _, records, _ = scanned
    for rec in records.values():
        assert rec["schema"] == 1
        assert set(rec) >= {"path", "decision", "reasons", "findings", "output", "seconds", "stages"}
        for f in rec["findings"]:
            assert 1 <= f["identifier"] <= 18
            assert f["kind"] in ("face", "text", "barcode", "metadata", "manual")
    # PHI text never appears in the report by default
    raw = (scanned[0] / "r.jsonl").read_text()
    for secret in ("JOHNATHAN", "00482913", "Gonzalez", "123-45-6789"):
        assert secret not in raw


def test_wristband_findings_cover_name_mrn_dob_and_barcode(scanned):
    ids = {f["identifier"] for f in scanned[3]["wristband.jpg"]["findings"]}
    assert {1, 3, 8} <= ids
    kinds = {f["kind"] for f in scanned[3]["wristband.jpg"]["findings"]}
    assert {"text", "barcode", "metadata"} <= kinds


def test_safe_copies_exist_for_accept_and_redact_only_and_carry_no_metadata(scanned):
    tmp, _, _, records, _ = scanned
    out = tmp / "out"
    for name, verdict in EXPECTED.items():
        copy = out / name
        assert copy.exists() == (verdict != "reject"), name
        if copy.exists():
            data = copy.read_bytes()
            assert b"Exif" not in data and b"GPS" not in data and b"ExampleCam" not in data
            assert records[name]["output"] == str(copy)


def test_unreadable_file_is_reject_and_exit_code_says_so(scanned):
    _, _, code, records, _ = scanned
    assert records["broken.jpg"]["decision"] == "reject"
    assert "could not read" in records["broken.jpg"]["reasons"][0]
    assert "notes.txt" not in records
    assert code == EXIT_ERRORS


def test_originals_are_untouched(scanned):
    _, src, _, _, before = scanned
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before


def test_csv_has_a_row_per_photo(scanned):
    lines = (scanned[0] / "r.csv").read_text().splitlines()
    assert lines[0].startswith("schema,path,decision") and len(lines) == 1 + len(scanned[3])


def test_resume_skips_what_is_done(scanned, capsys):
    tmp = scanned[0]
    report = tmp / "r.jsonl"
    n = len(report.read_text().splitlines())
    main(["scan", str(scanned[1]), "--report", str(report), "--resume", "--quiet"])
    assert len(report.read_text().splitlines()) == n


def _timeless(record: dict) -> dict:
    """A report record without what legitimately varies between runs: times and the output folder."""
    r = {k: v for k, v in record.items() if k not in ("seconds", "output")}
    r["stages"] = [{k: v for k, v in s.items() if k != "seconds"} for s in record["stages"]]
    r["verify"] = {k: v for k, v in record["verify"].items() if k != "seconds"}
    return r


def test_scanning_the_same_folder_twice_gives_the_same_results(scanned):
    tmp, src, _, first, _ = scanned
    code = main(["scan", str(src), "--out", str(tmp / "out2"), "--report", str(tmp / "r2.jsonl"), "--quiet"])
    assert code == scanned[2]
    second = {Path(r["path"]).name: r for r in map(json.loads, (tmp / "r2.jsonl").read_text().splitlines())}
    assert {k: _timeless(v) for k, v in second.items()} == {k: _timeless(v) for k, v in first.items()}
    copies = sorted(p.name for p in (tmp / "out").iterdir())
    assert copies == sorted(p.name for p in (tmp / "out2").iterdir()) and copies
    for name in copies:  # the safe copies too, byte for byte (the face mosaic's noise is seeded)
        assert (tmp / "out" / name).read_bytes() == (tmp / "out2" / name).read_bytes(), name


def test_out_inside_the_input_folder_never_overwrites(tmp_path):
    f = write_jpeg(tmp_path / "a.jpg", 80, 60)
    original = f.read_bytes()
    code = main(["scan", str(tmp_path), "--out", str(tmp_path), "--report", str(tmp_path / "r.jsonl"), "--quiet"])
    assert code == EXIT_OK
    assert f.read_bytes() == original
    assert (tmp_path / "a.safe.jpg").exists()


def test_check_and_redact_single_photo(tmp_path, capsys):
    assert main(["check", str(SAMPLES / "clean_hallway.jpg")]) == EXIT_OK
    assert "ACCEPT" in capsys.readouterr().err
    out = tmp_path / "w.jpg"
    code = main(["redact", str(SAMPLES / "wristband.jpg"), "-o", str(out), "--highlight", str(tmp_path / "h.png")])
    assert code == EXIT_PHI and out.exists() and (tmp_path / "h.png").exists()


def test_usage_errors(tmp_path, capsys):
    assert main(["scan", str(tmp_path / "missing")]) == EXIT_USAGE
    bad = tmp_path / "p.toml"
    bad.write_text("[faces]\nthreshhold = 1\n")
    assert main(["check", str(SAMPLES / "clean_hallway.jpg"), "--policy", str(bad)]) == EXIT_USAGE
    assert "threshhold" in capsys.readouterr().err
    assert main([]) == EXIT_USAGE


def test_help_teaches():
    out = subprocess.run([sys.executable, "-m", "imgscreen.cli", "--help"], capture_output=True, text=True).stdout
    for word in ("scan", "check", "redact", "serve", "exit codes", "accept", "reject", "examples"):
        assert word in out
    scan_help = subprocess.run([sys.executable, "-m", "imgscreen.cli", "scan", "--help"], capture_output=True,
                               text=True).stdout
    assert "--workers" in scan_help and "--resume" in scan_help and "Originals are never modified" in scan_help
