"""Progress and cancel of a sync import (issue 15).

An import reports its phases as it goes — `read` in bytes of the decrypted payload,
`merge` in records — and asks between steps whether the officer cancelled. A cancel
raises SyncImportCancelled inside the import's one transaction: it rolls back and the
attachments written so far are removed, so the store is as it was before."""

from __future__ import annotations

from collections.abc import Callable

from bjstc_desktop.core.errors import RefusedError

Progress = Callable[[str, int, int], None]  # phase, done, total (as ops/imports.Progress)


class SyncImportCancelled(RefusedError):
    """The officer cancelled the import; nothing was imported."""

    def __init__(self) -> None:
        super().__init__("已取消导入同步包，未导入任何内容。", "The package import was cancelled; nothing was imported.")


class Watch:
    """Reports progress and honours a cancel; `tick` is cheap enough to call per frame."""

    def __init__(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._done = 0

    def tick(self, phase: str, done: int, total: int) -> None:
        """One step of `phase` done: report it; raise SyncImportCancelled on a cancel."""
        if self._cancelled is not None and self._cancelled():
            raise SyncImportCancelled()
        if self._progress is not None:
            self._progress(phase, done, total)

    def feeding(self, phase: str, total: int, sink: Callable[[bytes], None]) -> Callable[[bytes], None]:
        """`sink` wrapped so that each decrypted chunk counts towards `phase`."""
        self._done = 0

        def feed(data: bytes) -> None:
            self._done += len(data)
            self.tick(phase, self._done, total)
            sink(data)

        return feed


def throttled(progress: Progress, steps: int = 100) -> Progress:
    """`progress` told only when a phase starts or ends or has moved on by 1/`steps` of
    its total: the read phase ticks once per decrypted chunk, far more often than a
    screen or a terminal line can show (and each GUI update is a queued event)."""
    last: list[object] = [None, -1]  # phase, step last reported

    def report(phase: str, done: int, total: int) -> None:
        step = done * steps // total if total > 0 else steps
        if phase != last[0] or step != last[1] or done >= total:
            last[0], last[1] = phase, step
            progress(phase, done, total)

    return report
