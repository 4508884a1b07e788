"""The tool itself leaks nothing: no PHI in output or logs (even with --debug), no temp files left.

The CLI runs in a fresh process, as a user runs it, with its own TMPDIR. One process runs every
command in turn (`imgscreen.cli.main`, as the `imgscreen` script does) and marks where each one's
output starts, so the models load once instead of once per command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

SECRETS = ("JOHNATHAN", "00482913", "03/14/1962", "Gonzalez", "201-7733", "SN-0042-7781", "40.7")
MARK = "----- imgscreen command {} -----"
DRIVER = """
import json, logging, sys
from imgscreen.cli import main
codes = []
for n, args in enumerate(json.loads(sys.argv[1])):
    for stream in (sys.stdout, sys.stderr):
        print(MARK.format(n), file=stream, flush=True)
    codes.append(main(args))
    for h in logging.getLogger().handlers:
        h.flush()
print("exit codes", json.dumps(codes), file=sys.stderr, flush=True)
"""


def _segments(text: str, n: int) -> list[str]:
    parts = []
    for i in range(n):
        start = text.index(MARK.format(i)) + len(MARK.format(i))
        end = text.index(MARK.format(i + 1)) if i + 1 < n else len(text)
        parts.append(text[start:end])
    return parts


@pytest.fixture(scope="module")
def runs(tmp_path_factory, samples):
    """(per-command stdout + stderr, exit codes, tmp folder) for the commands below, in one process."""
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "t").mkdir()
    commands = [
        ["check", str(samples / "wristband.jpg"), "--debug"],
        ["check", str(samples / "chart_on_desk.jpg"), "--json"],
        ["redact", str(samples / "wristband.jpg"), "-o", str(tmp / "w.jpg"), "--debug"],
        ["scan", str(samples), "--out", str(tmp / "out"), "--report", str(tmp / "r.jsonl"), "--debug"],
        ["check", str(samples / "wristband.jpg"), "--show-text"],
    ]
    env = {**os.environ, "TMPDIR": str(tmp / "t")}
    proc = subprocess.run([sys.executable, "-c", f"MARK = {MARK!r}\n{DRIVER}", json.dumps(commands)],
                          capture_output=True, text=True, env=env, timeout=900, cwd=tmp)
    assert proc.returncode == 0, proc.stderr[-2000:]
    stderr, codes = proc.stderr.rsplit("exit codes", 1)
    outputs = [o + e for o, e in zip(_segments(proc.stdout, len(commands)), _segments(stderr, len(commands)),
                                     strict=True)]
    return outputs, json.loads(codes), tmp


@pytest.mark.slow
def test_check_redact_and_scan_print_no_phi_even_in_debug_mode(runs):
    outputs, codes, tmp = runs
    assert all(code in (0, 1) for code in codes[:4]), codes
    blob = "\n".join(outputs[:4]) + (tmp / "r.jsonl").read_text()
    leaked = [s for s in SECRETS if s in blob]
    assert leaked == [], f"{len(leaked)} PHI strings appeared in output or report"
    assert list((tmp / "t").iterdir()) == [], "temporary files were left behind"
    out_files = sorted(p.name for p in (tmp / "out").iterdir())
    assert not any(name.endswith(".tmp") or name.startswith(".") for name in out_files)


@pytest.mark.slow
def test_show_text_is_the_only_way_to_see_text(runs):
    outputs, _, _ = runs
    assert "00482913" in outputs[4]
