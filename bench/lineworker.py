"""A long-lived screening process for benchmarks that compare two checkouts in one run.

The script it runs loads its models once, prints `{"ready": true}`, then reads one photo path per
line on stdin and prints one JSON record per path. Each benchmark brings its own script (what to
import first, what to record); this is only the line protocol around it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


class LineWorker:
    def __init__(self, script: str, args: tuple[str, ...] = (), cwd: Path | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", script, *args], cwd=cwd, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert json.loads(self._line())["ready"]

    def _line(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("worker ended")
        return line

    def ask(self, path: str | Path) -> dict[str, Any]:
        """The script's record for one photo."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        return json.loads(self._line())

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)
