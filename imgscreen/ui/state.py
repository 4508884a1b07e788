"""What is under review: one `Item` per frame of an upload, one `Session` per browser tab.

No gradio here: these are the rules the page and the server both follow (which decisions a photo
allows, what its safe copy masks), and they are tested without a browser.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ..decision_log import DecisionLog
from ..model import Finding, Override, Rect, ScreenResult
from ..overrides import apply_overrides
from ..policy import Policy

log = logging.getLogger("imgscreen.ui")

DISPLAY_MAX_SIDE = 1600  # previews are shrunk to this: a laptop screen, and a 12 MP PNG is 20 MB
SESSION_IDLE_S = 1800.0  # a session untouched this long is ended and its files deleted
VERDICT_WORDS = {"accept": "Accept", "redact": "Redact", "reject": "Reject"}


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_log_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(os.environ.get("IMGSCREEN_DECISION_LOG") or Path(base) / "imgscreen" / "decisions.jsonl")


@dataclass
class Item:
    """One frame under review. `name` is shown in the reviewer's own browser only, never logged."""

    number: int
    name: str
    sha256: str
    result: ScreenResult
    n_frames: int = 1
    dropped: set[int] = field(default_factory=set)
    consented: set[int] = field(default_factory=set)
    boxes: list[Rect] = field(default_factory=list)
    corner: tuple[int, int] | None = None  # first click of a box being drawn
    style: str = "smooth"
    decision: str | None = None
    safe_path: Path | None = None
    _display: tuple[np.ndarray, float] | None = None

    def __post_init__(self) -> None:
        # A possible face (the face detector's second look did not confirm it) is listed unticked, so
        # the photo is masked as the tool decided, and one tick masks it.
        self.dropped |= {i for i in self.pixel_indices() if self.result.findings[i].informational}

    @property
    def title(self) -> str:
        frame = f" (frame {self.result.frame + 1} of {self.n_frames})" if self.n_frames > 1 else ""
        return f"{self.number}. {self.name}{frame}"

    @property
    def failed_stages(self) -> list[str]:
        r = self.result
        names = [s.stage for s in r.stages if not s.ok or s.truncated]
        names += list(r.verify.get("failed_stages") or [])
        if r.photo is None and not names:
            names.append("load")
        return sorted(set(names))

    @property
    def failed(self) -> bool:
        """Screening did not complete: nobody can vouch for what was missed, so only Reject."""
        return self.result.photo is None or bool(self.failed_stages)

    def pixel_indices(self) -> list[int]:
        return [i for i, f in enumerate(self.result.findings) if f.in_pixels]

    def shown_number(self, index: int) -> int:
        """What the reviewer sees as "#": in-pixel findings numbered 1.. in order, stable under changes."""
        return self.pixel_indices().index(index) + 1

    def face_indices(self) -> list[int]:
        return [i for i, f in enumerate(self.result.findings) if f.kind == "face" and f.in_pixels]

    def overrides(self) -> list[Override]:
        """The reviewer's changes as the pipeline's override records (the decision log keeps them)."""
        fs = self.result.findings
        out = [Override("drop", finding_index=i) for i in sorted(self.dropped)]
        # The detector's raw face box, as `faces.apply_consent` matches consent boxes against it.
        out += [Override("consent", box=fs[i].face.box if fs[i].face else fs[i].bbox, finding_index=i)
                for i in sorted(self.consented)]
        out += [Override("add_box", box=b) for b in self.boxes]
        return out

    def to_mask(self) -> list[Finding]:
        """What the safe copy masks: tool findings minus false alarms and consented faces, plus boxes."""
        active, _ = apply_overrides(self.result.findings, self.overrides())
        return [f for f in active if f.in_pixels]

    @property
    def unmaskable(self) -> bool:
        """The pipeline's verify pass still found PHI after its last masking round: no mask can be trusted."""
        return bool(self.result.verify.get("persisted"))

    @property
    def reject_only(self) -> bool:
        return self.failed or self.unmaskable

    def redact_blocker(self) -> str | None:
        """Why Redact is not allowed, in words for the reviewer; None if it is."""
        if self.failed:
            return "Screening did not complete for this photo, so it cannot be redacted. Reject it."
        if self.unmaskable:
            return ("The tool still found PHI after masking this photo twice, so a masked copy cannot be "
                    "trusted. Reject it.")
        return None

    def accept_blocker(self) -> str | None:
        """Why Accept is not allowed right now, in words for the reviewer; None if it is."""
        if self.reject_only:
            return self.redact_blocker()
        if self.to_mask():
            return ("Accept means posting the photo as it is, but something is still marked to be masked. "
                    "Choose Redact, or untick the false alarms first.")
        return None

    def display(self) -> tuple[np.ndarray, float]:
        """The upright photo shrunk for the screen, and the scale used (cached: it never changes)."""
        if self._display is None:
            assert self.result.photo is not None
            px = self.result.photo.pixels
            long_side = max(px.shape[:2])
            s = min(1.0, DISPLAY_MAX_SIDE / long_side)
            if s < 1.0:
                size = (max(1, round(px.shape[1] * s)), max(1, round(px.shape[0] * s)))
                px = cv2.resize(px, size, interpolation=cv2.INTER_AREA)
            self._display = (px, s)
        return self._display

    def display_findings(self, findings: list[Finding]) -> list[Finding]:
        """`findings` in the display's pixels (polygons and face geometry alike)."""
        _, s = self.display()
        return findings if s == 1.0 else [f.mapped(lambda x, y: (x * s, y * s)) for f in findings]


@dataclass
class Session:
    """One browser tab's batch. Its directory holds previews and safe copies; all deleted at the end."""

    workdir: Path
    batch: str = field(default_factory=lambda: secrets.token_hex(6))
    items: list[Item] = field(default_factory=list)
    uploads: set[str] = field(default_factory=set)  # gradio's temp copies of the originals
    last_used: float = field(default_factory=time.monotonic)
    view_seq: int = 0

    def item(self, picked: str | None) -> tuple[int | None, Item | None]:
        """The item the page's picker points at (its value is the index as text), if it still exists."""
        try:
            index = int(picked) if picked is not None else None
        except ValueError:
            index = None
        if index is None or not (0 <= index < len(self.items)):
            return None, None
        return index, self.items[index]

    def cleanup(self) -> None:
        """Delete the originals we were handed and everything we wrote. Idempotent."""
        for p in list(self.uploads):
            try:
                Path(p).unlink(missing_ok=True)
                parent = Path(p).parent
                if parent.exists() and not any(parent.iterdir()):
                    parent.rmdir()
            except OSError:
                pass
        self.uploads.clear()
        self.items.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)


class Sessions:
    """Sessions by gradio session hash; ended on tab close (`unload`) or after `idle_s` untouched."""

    def __init__(self, root: Path, idle_s: float = SESSION_IDLE_S) -> None:
        self.root = root
        self.idle_s = idle_s
        self._by_hash: dict[str, Session] = {}
        self._lock = threading.Lock()

    def get(self, request: Any) -> Session:
        """The session of a gradio request (its `session_hash`); a new one, with its own folder, if none."""
        key = getattr(request, "session_hash", None) or "local"
        self.sweep()
        with self._lock:
            session = self._by_hash.get(key)
            if session is None:
                workdir = Path(tempfile.mkdtemp(prefix="session-", dir=self.root))
                session = self._by_hash[key] = Session(workdir=workdir)
            session.last_used = time.monotonic()
            return session

    def end(self, key: str | None) -> None:
        with self._lock:
            session = self._by_hash.pop(key or "local", None)
        if session is not None:
            session.cleanup()
            log.info("session ended; its files were deleted")

    def sweep(self) -> None:
        now = time.monotonic()
        with self._lock:
            idle = [k for k, s in self._by_hash.items() if now - s.last_used > self.idle_s]
        for k in idle:
            self.end(k)

    def end_all(self) -> None:
        for k in list(self._by_hash):
            self.end(k)

    def __len__(self) -> int:
        return len(self._by_hash)


@dataclass
class AppContext:
    """What every handler needs; one per `build_app` call."""

    policy: Policy
    screener: Any  # pipeline.Screener, or a stand-in with `screen_file` and `screen_photo`
    decision_log: DecisionLog
    sessions: Sessions
    screen_lock: threading.Lock = field(default_factory=threading.Lock)

    def policy_for(self, item: Item) -> Policy:
        """The policy with the reviewer's face style for this item."""
        return self.policy.replace("faces", style=item.style)
