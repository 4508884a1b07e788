"""Errors whose messages may be shown: `ScreenError` means "this message carries no PHI".

A failed stage's reason goes into the report, the decision, the UI and the logs. A message we did
not write (a third-party library's) may quote the text or the file name it choked on, so only the
exception's type is shown for those. Our own errors derive from `ScreenError` and are written
to carry no PHI (no recognised text, no file names, no metadata values), so `safe_error` shows
their message, which tells the user what to do next.
"""

from __future__ import annotations


class ScreenError(Exception):
    """Base of the tool's own errors. Subclasses promise: the message holds no PHI and no path."""


def safe_error(exc: BaseException) -> str:
    """The reason to show for `exc`: its message if it is ours (or a time-out), else its type only."""
    if isinstance(exc, ScreenError | TimeoutError):
        return str(exc)
    return f"{type(exc).__name__} inside the detector; run with --debug locally for details"
