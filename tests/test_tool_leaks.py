"""The tool itself leaks nothing: no PHI in output or logs (even with --debug), no temp files left."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRETS = ("JOHNATHAN", "00482913", "03/14/1962", "Gonzalez", "201-7733", "SN-0042-7781", "40.7")


def _run(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TMPDIR": str(tmp / "t")}
    (tmp / "t").mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "-m", "imgscreen.cli", *args], capture_output=True, text=True,
                          env=env, timeout=600, cwd=tmp)


def test_check_redact_and_scan_print_no_phi_even_in_debug_mode(tmp_path):
    outputs = []
    for args in (
        ["check", str(ROOT / "samples" / "wristband.jpg"), "--debug"],
        ["check", str(ROOT / "samples" / "chart_on_desk.jpg"), "--json"],
        ["redact", str(ROOT / "samples" / "wristband.jpg"), "-o", str(tmp_path / "w.jpg"), "--debug"],
        ["scan", str(ROOT / "samples"), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"),
         "--debug"],
    ):
        proc = _run(args, tmp_path)
        assert proc.returncode in (0, 1), proc.stderr[-1500:]
        outputs.append(proc.stdout + proc.stderr)
    blob = "\n".join(outputs) + (tmp_path / "r.jsonl").read_text()
    leaked = [s for s in SECRETS if s in blob]
    assert leaked == [], f"{len(leaked)} PHI strings appeared in output or report"
    assert list((tmp_path / "t").iterdir()) == [], "temporary files were left behind"
    out_files = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert not any(name.endswith(".tmp") or name.startswith(".") for name in out_files)


def test_show_text_is_the_only_way_to_see_text(tmp_path):
    proc = _run(["check", str(ROOT / "samples" / "wristband.jpg"), "--show-text"], tmp_path)
    assert "00482913" in proc.stdout + proc.stderr
