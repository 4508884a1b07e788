"""Append-only record of what a reviewer decided about each photo, with no PHI in it.

A clinic must be able to show, later, who let a photo out and why, without the record itself
becoming a second copy of the PHI. So an entry holds only: who, when, a SHA-256 of the file
(which identifies the photo to anyone who still has it, and to no one else), the tool's and the
reviewer's verdicts, how many findings of each HIPAA identifier there were, and the reviewer's
overrides as indices and boxes. There is deliberately no field that could carry read text, file
names or free-text notes: `LogEntry` is the whole schema.

One JSON object per line (JSON Lines), appended with a single `write` on an `O_APPEND` descriptor
so concurrent sessions never interleave half lines, and fsynced so a crash does not lose a decision
already shown to the reviewer as recorded.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .model import Finding, Override
from .policy import FACE_STYLES as POLICY_FACE_STYLES

VERDICTS = ("accept", "redact", "reject")
FACE_STYLES = (*POLICY_FACE_STYLES, "")  # "" when nothing was masked
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Reviewer names come from a login or a text box; keep them on one printable line.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]+")
MAX_REVIEWER_CHARS = 80

CSV_COLUMNS = (
    "ts", "reviewer", "file_sha256", "frame", "n_frames", "tool_verdict", "decision", "face_style",
    "findings", "overrides", "failed_stages", "safe_sha256", "batch",
)


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_reviewer(name: str | None) -> str:
    """One printable line of at most 80 characters; empty means we do not know who it was."""
    text = _UNSAFE_NAME.sub(" ", name or "").strip()
    return text[:MAX_REVIEWER_CHARS]


def counts_by_identifier(findings: Iterable[Finding]) -> dict[str, int]:
    """`{"1 names": 2, "17 full-face photographs": 1}`: the rule's own words, sorted by number."""
    counts = Counter(f.identifier for f in findings)
    return {ident.label: n for ident, n in sorted(counts.items())}


def override_record(override: Override, findings: Sequence[Finding] = ()) -> dict[str, Any]:
    """An override without its free-text note (a note is where someone would type a name)."""
    record: dict[str, Any] = {"action": override.action}
    if override.finding_index is not None:
        record["finding_index"] = int(override.finding_index)
        if 0 <= override.finding_index < len(findings):
            record["identifier"] = findings[override.finding_index].identifier.label
    if override.box is not None:
        record["box"] = [int(v) for v in override.box]
    return record


@dataclass(frozen=True)
class LogEntry:
    """One decision about one frame. Every field is a hash, a number, a verdict or a fixed label."""

    reviewer: str
    file_sha256: str
    tool_verdict: str
    decision: str
    frame: int = 0
    n_frames: int = 1
    face_style: str = ""
    findings: dict[str, int] = field(default_factory=dict)
    overrides: list[dict[str, Any]] = field(default_factory=list)
    failed_stages: list[str] = field(default_factory=list)
    safe_sha256: str | None = None
    batch: str = ""
    ts: str = field(default_factory=now_utc)

    def __post_init__(self) -> None:
        if self.decision not in VERDICTS or self.tool_verdict not in VERDICTS:
            raise ValueError(f"verdicts must be one of {VERDICTS}")
        for name, digest in (("file_sha256", self.file_sha256), ("safe_sha256", self.safe_sha256)):
            if digest is not None and not _HEX64.match(digest):
                raise ValueError(f"{name} must be a lowercase hex SHA-256")
        if self.face_style not in FACE_STYLES:
            raise ValueError(f"face_style must be one of {FACE_STYLES}")
        if self.decision == "reject" and self.safe_sha256 is not None:
            raise ValueError("a rejected photo has no safe copy")
        if not re.fullmatch(r"[0-9a-zA-Z_-]{0,64}", self.batch):
            raise ValueError("batch must be a short random id")
        object.__setattr__(self, "reviewer", clean_reviewer(self.reviewer))

    @classmethod
    def build(
        cls,
        *,
        reviewer: str,
        file_sha256: str,
        tool_verdict: str,
        decision: str,
        findings: Sequence[Finding],
        overrides: Sequence[Override] = (),
        failed_stages: Iterable[str] = (),
        **rest: Any,
    ) -> LogEntry:
        """From the pipeline's own objects: counts and override records, never the findings' text."""
        return cls(
            reviewer=reviewer,
            file_sha256=file_sha256,
            tool_verdict=tool_verdict,
            decision=decision,
            findings=counts_by_identifier(findings),
            overrides=[override_record(o, findings) for o in overrides],
            failed_stages=sorted({str(s) for s in failed_stages}),
            **rest,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # `ts` first: a human reading the file with `tail` sees when before what.
        return {"ts": data.pop("ts"), **data}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    """Flatten one JSON record for spreadsheets: `1 names=2; 8 medical record numbers=1`."""

    def overrides(items: list[dict[str, Any]]) -> str:
        parts = []
        for o in items:
            part = o.get("action", "")
            if "finding_index" in o:
                part += f" #{int(o['finding_index']) + 1}"
            if "box" in o:
                part += " [" + ",".join(str(v) for v in o["box"]) + "]"
            parts.append(part)
        return "; ".join(parts)

    row = {k: record.get(k) for k in CSV_COLUMNS}
    row["findings"] = "; ".join(f"{k}={v}" for k, v in (record.get("findings") or {}).items())
    row["overrides"] = overrides(record.get("overrides") or [])
    row["failed_stages"] = "; ".join(record.get("failed_stages") or [])
    return {k: "" if v is None else str(v) for k, v in row.items()}


class DecisionLog:
    """The on-disk log; safe to share between threads and processes (appends are atomic lines)."""

    _locks: dict[Path, threading.Lock] = {}
    _locks_guard = threading.Lock()

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser().resolve()
        with self._locks_guard:
            self._lock = self._locks.setdefault(self.path, threading.Lock())

    def append(self, entry: LogEntry) -> dict[str, Any]:
        line = (entry.to_json() + "\n").encode("utf-8")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            # 0600: the log names reviewers and fingerprints patient photos; it is not world-readable.
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        return entry.to_dict()

    def records(self) -> list[dict[str, Any]]:
        """Every complete line; a torn last line (crash mid-write) is skipped, not fatal."""
        if not self.path.exists():
            return []
        out = []
        for raw in self.path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            try:
                out.append(json.loads(raw))
            except json.JSONDecodeError:
                continue
        return out

    def records_for(self, batch: str | None = None) -> list[dict[str, Any]]:
        """Every record, or only one batch's (a UI session's), oldest first."""
        return [r for r in self.records() if batch is None or r.get("batch") == batch]

    def to_csv(self, batch: str | None = None) -> str:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        writer.writeheader()
        for record in self.records_for(batch):
            writer.writerow(csv_row(record))
        return buf.getvalue()

    def export(self, dest: str | Path, fmt: str = "jsonl", batch: str | None = None) -> Path:
        """A copy for download (JSON Lines or CSV), optionally one batch's lines only; the log
        itself is never handed out to be edited."""
        dest = Path(dest)
        if fmt == "csv":
            text = self.to_csv(batch)
        elif fmt == "jsonl":
            text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
                           for r in self.records_for(batch))
        else:
            raise ValueError("fmt must be jsonl or csv")
        dest.write_text(text, encoding="utf-8")
        return dest
