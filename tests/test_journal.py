"""The scan report while it is written: a killed scan resumes from it, losing and repeating nothing."""

from __future__ import annotations

import contextlib
import json
import sys

from imgscreen import cli
from imgscreen.journal import Journal, read_done


def _rec(path: str, decision: str = "accept") -> dict:
    return {"schema": 1, "path": path, "decision": decision, "findings": []}


def test_records_are_on_disk_as_soon_as_appended_and_finish_sorts_them(tmp_path):
    report = tmp_path / "r.jsonl"
    journal = Journal(report, resume=False)
    journal.append(_rec("b.jpg"))
    assert [json.loads(x)["path"] for x in report.read_text().splitlines()] == ["b.jpg"]  # before any close
    journal.append(_rec("a.jpg"))
    records = journal.finish()
    assert [r["path"] for r in records] == ["a.jpg", "b.jpg"]
    assert [json.loads(x)["path"] for x in report.read_text().splitlines()] == ["a.jpg", "b.jpg"]


def test_resume_cuts_a_torn_last_line_and_appends_on_a_line_of_its_own(tmp_path):
    report = tmp_path / "r.jsonl"
    whole = json.dumps(_rec("a.jpg")) + "\n" + json.dumps(_rec("b.jpg")) + "\n"
    report.write_text(whole + '{"schema": 1, "path": "c.jp')  # the driver died mid-line
    done, good = read_done(report)
    assert sorted(done) == ["a.jpg", "b.jpg"] and good == len(whole.encode())
    journal = Journal(report, resume=True)
    assert sorted(journal.done) == ["a.jpg", "b.jpg"]
    assert report.read_text() == whole  # the torn line is gone before anything is appended
    journal.append(_rec("c.jpg", "redact"))
    journal.close()
    assert sorted(read_done(report)[0]) == ["a.jpg", "b.jpg", "c.jpg"]  # killed again here: still readable
    journal = Journal(report, resume=True)
    assert [r["path"] for r in journal.finish()] == ["a.jpg", "b.jpg", "c.jpg"]


def test_nothing_after_a_damaged_line_counts(tmp_path):
    report = tmp_path / "r.jsonl"
    report.write_text(json.dumps(_rec("a.jpg")) + "\nnot json\n" + json.dumps(_rec("b.jpg")) + "\n")
    assert sorted(read_done(report)[0]) == ["a.jpg"]


def test_engine_ray_without_ray_installed_is_a_usage_error_that_says_how_to_install(tmp_path, monkeypatch,
                                                                                   capsys):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    (tmp_path / "in").mkdir()
    report = tmp_path / "r.jsonl"
    report.write_text("earlier report\n")
    code = cli.main(["scan", str(tmp_path / "in"), "--report", str(report), "--engine", "ray"])
    assert code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert "pip install" in err and "imgscreen[ray]" in err
    assert report.read_text() == "earlier report\n"  # nothing screened, nothing overwritten


def test_address_without_engine_ray_is_a_usage_error(tmp_path):
    (tmp_path / "in").mkdir()
    assert cli.main(["scan", str(tmp_path / "in"), "--address", "127.0.0.1:6379"]) == cli.EXIT_USAGE


def test_scan_help_says_the_paths_must_be_seen_by_every_node(capsys):
    with contextlib.suppress(SystemExit):
        cli.main(["scan", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--engine {local,ray}" in out and "every node sees" in out and "--html" in out


def test_the_local_engine_needs_no_ray(tmp_path, monkeypatch):
    import scan_fakes

    monkeypatch.setitem(sys.modules, "ray", None)  # as if Ray were not installed
    monkeypatch.setattr(cli, "_init_worker", scan_fakes.fake_init)
    photos = scan_fakes.make_photos(tmp_path / "in", 4)
    code = cli.main(["scan", str(tmp_path / "in"), "--report", str(tmp_path / "r.jsonl"), "--quiet"])
    assert code == cli.EXIT_PHI
    assert sorted(json.loads(x)["path"] for x in (tmp_path / "r.jsonl").read_text().splitlines()) == \
        sorted(str(p) for p in photos)
