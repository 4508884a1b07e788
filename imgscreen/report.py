"""Results -> versioned JSON Lines / CSV records that automation can rely on.

Schema 1 (one object per input file; a change to any field's meaning bumps `schema`):
  schema, tool_version, path, decision, reasons, frames, findings[{kind, identifier, identifier_name,
  label, score, detector, bbox, polygon, text, frame}], stages[{stage, ok, seconds, error}], verify,
  overrides, output, seconds.
PHI text is masked by default (`J*** D**`, digits all starred): a report is the kind of file that
gets mailed around. `show_text=True` is for local debugging only.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import __version__
from .model import Finding, ScreenResult

SCHEMA = 1
_VERDICT_RANK = {"accept": 0, "redact": 1, "reject": 2}


def mask_text(text: str | None) -> str | None:
    """Keep the first letter of each word and the punctuation; star every other letter and all digits."""
    if text is None:
        return None

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        if w.isalpha():
            return w[0] + "*" * (len(w) - 1)
        return re.sub(r"[A-Za-z0-9]", "*", w)

    return re.sub(r"\w+", word, text)


def _round_poly(f: Finding) -> list[list[int]] | None:
    if f.polygon is None:
        return None
    return [[round(x), round(y)] for x, y in f.polygon]


def finding_record(f: Finding, show_text: bool = False, frame: int | None = None) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "kind": f.kind,
        "identifier": int(f.identifier),
        "identifier_name": f.identifier.title,
        "label": f.label,
        "score": round(float(f.score), 3),
        "detector": f.detector,
        "bbox": list(f.bbox) if f.bbox else None,
        "polygon": _round_poly(f),
        "text": f.text if show_text else mask_text(f.text),
    }
    if frame is not None:
        rec["frame"] = frame
    return rec


def overall_verdict(results: list[ScreenResult]) -> str:
    return max((r.decision.verdict for r in results), key=_VERDICT_RANK.__getitem__, default="reject")


def file_record(
    path: Path | str,
    results: list[ScreenResult],
    output: Path | None,
    show_text: bool = False,
    seconds: float | None = None,
) -> dict[str, Any]:
    """One report object for one input file (all of its frames)."""
    multi = len(results) > 1
    reasons: list[str] = []
    for r in results:
        prefix = f"frame {r.frame}: " if multi else ""
        reasons.extend(prefix + reason for reason in r.decision.reasons)
    findings = [
        finding_record(f, show_text, r.frame if multi else None) for r in results for f in r.findings
    ]
    stages = [
        {"stage": s.stage, "ok": s.ok, "seconds": round(s.seconds, 3), "error": s.error,
         **({"runtime": s.runtime} if s.runtime else {}), **({"frame": r.frame} if multi else {})}
        for r in results
        for s in r.stages
    ]
    return {
        "schema": SCHEMA,
        "tool_version": __version__,
        "path": str(path),
        "decision": overall_verdict(results),
        "reasons": reasons,
        "frames": len(results),
        "findings": findings,
        "stages": stages,
        "verify": [r.verify for r in results] if multi else (results[0].verify if results else {}),
        "overrides": [asdict(o) for r in results[:1] for o in r.overrides],
        "output": str(output) if output else None,
        "seconds": round(seconds if seconds is not None else sum(r.seconds for r in results), 3),
    }


CSV_FIELDS = ["schema", "path", "decision", "reasons", "frames", "n_findings", "identifiers", "output", "seconds"]


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    ids = Counter(f["identifier"] for f in record["findings"])
    return {
        "schema": record["schema"],
        "path": record["path"],
        "decision": record["decision"],
        "reasons": " | ".join(record["reasons"]),
        "frames": record["frames"],
        "n_findings": len(record["findings"]),
        "identifiers": " ".join(f"{k}x{v}" for k, v in sorted(ids.items())),
        "output": record["output"] or "",
        "seconds": record["seconds"],
    }


def to_jsonl(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n"


def to_csv(records: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for rec in records:
        writer.writerow(csv_row(rec))
    return buf.getvalue()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of an earlier report; a damaged last line (an interrupted run) is skipped."""
    records = []
    if not path.exists():
        return records
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records


def top_reasons(records: list[dict[str, Any]], n: int = 5) -> list[tuple[str, int]]:
    """Most common reasons with numbers and labels folded, so counts group like with like."""
    def general(reason: str) -> str:
        reason = re.sub(r"^frame \d+: ", "", reason)
        return re.sub(r"\d+(\.\d+)?", "N", reason)

    counts = Counter(general(r) for rec in records if rec["decision"] != "accept" for r in rec["reasons"])
    return counts.most_common(n)
