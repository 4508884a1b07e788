"""No network at run time: a scan inside a network namespace with no interfaces gives the same decisions."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from make_samples import EXPECTED  # noqa: E402


def _can_unshare() -> bool:
    exe = shutil.which("unshare")
    return bool(exe) and subprocess.run([exe, "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (root or user namespaces)")
def test_scan_in_a_network_namespace_without_interfaces(tmp_path):
    cmd = ["unshare", "-n", sys.executable, "-m", "imgscreen.cli", "scan", str(ROOT / "samples"),
           "--out", str(tmp_path / "out"), "--report", str(tmp_path / "r.jsonl"), "--quiet"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    records = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert {Path(r["path"]).name: r["decision"] for r in records} == EXPECTED
    assert all(s["ok"] for r in records for s in r["stages"])


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_no_internet_socket_is_even_attempted(tmp_path):
    """Native code too (onnxruntime ships a telemetry client): trace every connect() of a real run."""
    log = tmp_path / "trace"
    cmd = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(log), sys.executable, "-m", "imgscreen.cli",
           "redact", str(ROOT / "samples" / "wristband.jpg"), "-o", str(tmp_path / "w.jpg")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    inet = [line for line in log.read_text().splitlines() if "AF_INET" in line]
    assert inet == []


def test_pipeline_makes_no_socket_connection(monkeypatch):
    """The same, in-process, for machines without namespaces: any connect attempt fails the test."""
    attempts: list = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    from imgscreen.pipeline import Screener

    results = Screener().screen_file(ROOT / "samples" / "wristband.jpg")
    assert results[0].decision.verdict == "redact"
    assert attempts == []
