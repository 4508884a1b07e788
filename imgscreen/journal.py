"""The report while a scan runs: one line per finished photo, so a killed scan resumes where it stopped.

Why a module of its own: `--resume` promises that no finished photo is screened again and none is lost,
whichever engine ran and however the driver died (Ctrl-C, SIGKILL, a lost head node). That rests on
three rules kept here:

- a record is appended and flushed as soon as its photo finishes (and synced to disk at least once a
  second), so whatever the driver finished is in the file when it dies;
- on resume, the records already there are read back and a torn last line (the driver died while
  writing it) is cut off before anything is appended, so the next record starts on a line of its own;
- at the end the whole report is rewritten atomically in path order, so the same scan gives the same
  file, resumed or not.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import IO, Any

from .report import to_jsonl


def read_done(path: Path) -> tuple[dict[str, dict[str, Any]], int]:
    """Records already in the report at `path`, by input path, and the byte length of its whole lines.

    A line that does not parse (torn by a killed writer) ends the good part: nothing after it counts.
    """
    done: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return done, 0
    good = 0
    with path.open("rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                record = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError):
                break
            if not isinstance(record, dict) or "path" not in record:
                break
            done[str(record["path"])] = record
            good += len(raw)
    return done, good


class Journal:
    """Append-only report lines for one scan; `finish` rewrites the report sorted by path."""

    def __init__(self, path: Path, resume: bool, sync_every_s: float = 1.0) -> None:
        self.path = path
        self.done: dict[str, dict[str, Any]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        if resume:
            self.done, good = read_done(path)
            if path.exists() and path.stat().st_size != good:
                os.truncate(path, good)
        self._fh: IO[str] | None = path.open("a" if resume else "w", encoding="utf-8")
        self._sync_every = sync_every_s
        self._synced = time.monotonic()
        self.records: list[dict[str, Any]] = list(self.done.values())

    def append(self, record: dict[str, Any]) -> None:
        assert self._fh is not None, "journal already finished"
        self._fh.write(to_jsonl(record))
        self._fh.flush()
        now = time.monotonic()
        if now - self._synced >= self._sync_every:
            os.fsync(self._fh.fileno())
            self._synced = now
        self.records.append(record)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def finish(self) -> list[dict[str, Any]]:
        """Close, then rewrite the report in path order (one record per path); return those records."""
        self.close()
        by_path = {str(rec["path"]): rec for rec in self.records}
        records = [by_path[p] for p in sorted(by_path)]
        atomic_write(self.path, "".join(to_jsonl(rec) for rec in records))
        return records

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
