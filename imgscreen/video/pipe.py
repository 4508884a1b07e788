"""Decode ahead and encode behind on helper threads, so both cores work on a video at once.

Why: a 720p frame's decode and RGB conversion (~4 CPU ms), its grey copy for the optical flow and
its H.264 encode (~11 CPU ms at `superfast`) are each short, but run in line with the detectors
they left a core idle for their whole length: at load < 2 the analysis used 0.65 of the machine's
two cores (bench.video, `walk`). FFmpeg's decoder and encoder, OpenCV and the ONNX runtimes release
Python's lock while they work, so a decode thread a few frames ahead (`prefetch`) and an encode
thread behind (`Behind`) overlap with the detectors and the masks on the main thread.

Fail closed: an error on a helper thread is raised again on the main thread at the next hand-over
(or at the end), and leaving a loop early (an error, a time-out) stops the helper and waits for it,
so the file it holds is closed before the caller deletes anything.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
_END = object()
_POLL_S = 0.1


def prefetch(items: Iterator[T], depth: int = 4, name: str = "imgscreen-decode") -> Iterator[T]:
    """`items`, produced on a helper thread up to `depth` ahead. The helper runs the iterator (and
    closes it, if it is a generator) on its own thread; an exception it raises is raised here."""
    if depth <= 0:  # in line, on this thread (policy video.decode_ahead = 0)
        yield from items
        return
    q: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: tuple[object, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        err: BaseException | None = None
        try:
            for x in items:
                if not put((x, None)):
                    break
        except BaseException as e:  # noqa: BLE001 - handed to the consumer, which raises it
            err = e
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                try:
                    close()
                except Exception as e:  # noqa: BLE001 - the first error wins
                    err = err or e
        put((_END, err))

    t = threading.Thread(target=run, name=name, daemon=True)
    t.start()
    try:
        while True:
            x, err = q.get()
            if x is _END:
                if err is not None:
                    raise err
                return
            yield x  # type: ignore[misc]
    finally:
        stop.set()
        t.join()


class Behind(Generic[T]):
    """Items handed to `fn` on a helper thread, in order, at most `depth` waiting.

    `put` raises the helper's error, if it had one; `close` waits for every item to be done and raises
    it too. Used as a context manager, leaving with an exception stops the helper without raising its
    own error over the first one.
    """

    def __init__(self, fn: Callable[[T], None], depth: int = 4, name: str = "imgscreen-encode") -> None:
        self._fn = fn
        self._inline = depth <= 0  # no thread: `put` calls `fn` (policy video.decode_ahead = 0)
        self._closed = self._inline
        self._err: BaseException | None = None
        if self._inline:
            return
        self._q: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, name=name, daemon=True)
        self._t.start()

    def _run(self) -> None:
        while True:
            item = self._q.get()
            if item is _END:
                return
            if self._err is not None or self._stop.is_set():
                continue
            try:
                self._fn(item)  # type: ignore[arg-type]
            except BaseException as e:  # noqa: BLE001 - raised again on the caller's thread
                self._err = e

    def put(self, item: T) -> None:
        if self._inline:
            self._fn(item)
            return
        if self._err is not None:
            raise self._err
        while True:
            try:
                self._q.put(item, timeout=_POLL_S)
                return
            except queue.Full:
                if self._err is not None:
                    raise self._err from None
                if not self._t.is_alive():
                    raise RuntimeError("the encoder thread stopped") from None

    def close(self) -> None:
        """Wait until every item was handed to `fn`; raise the helper's error if it had one."""
        if not self._closed:
            self._closed = True
            self._q.put(_END)
            self._t.join()
        if self._err is not None:
            raise self._err

    def __enter__(self) -> Behind[T]:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            self.close()
        elif not self._closed:
            self._closed = True
            self._stop.set()
            while True:  # make room for the end marker; the items left are not needed
                try:
                    self._q.put_nowait(_END)
                    break
                except queue.Full:
                    with contextlib.suppress(queue.Empty):
                        self._q.get_nowait()
            self._t.join()
