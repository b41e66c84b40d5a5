"""Audit events that wait for a write transaction.

Unlocking must not need the write lock (another program may hold it for minutes during
an import), so the unlock event waits here and goes into the first write transaction of
the session, in the same commit as that write. A session that never writes hands it in
at close; if the store is still busy then, the events are spooled to run/ and the next
unlock of any program appends them. Events keep the time they happened in their details.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bjstc_desktop.store import authlog, lockfile
from bjstc_desktop.store.atomicfile import write_atomic

log = logging.getLogger(__name__)
_PREFIX = "audit-queue-"


@dataclass
class PendingEvent:
    """One event for audit.append, and what to do once it is committed."""

    fields: dict[str, Any]
    after_commit: Callable[[], object] | None = None  # what it returns is not used
    spool_file: Path | None = field(default=None, compare=False)


class PendingAudit:
    """The session's waiting events (thread-safe: GUI jobs write from worker threads)."""

    def __init__(self) -> None:
        self._events: list[PendingEvent] = []
        self._lock = threading.Lock()

    def add(self, event: PendingEvent) -> None:
        """Queue an event for the next write transaction."""
        with self._lock:
            self._events.append(event)

    def take(self) -> list[PendingEvent]:
        """Everything waiting, for one transaction (given back if it does not commit)."""
        with self._lock:
            taken, self._events = self._events, []
        return taken

    def give_back(self, events: list[PendingEvent]) -> None:
        """The transaction did not commit: the events wait again, first in line."""
        if events:
            with self._lock:
                self._events[:0] = events

    def __bool__(self) -> bool:
        with self._lock:
            return bool(self._events)


def committed(events: list[PendingEvent]) -> None:
    """Run what waits for the commit of `events` (best effort: the events are in)."""
    for ev in events:
        if ev.spool_file is not None:
            with contextlib.suppress(OSError):
                ev.spool_file.unlink()
        if ev.after_commit is not None:
            try:
                ev.after_commit()
            except Exception:  # the audit is committed; a clean-up may fail
                log.warning("after-commit step failed", exc_info=False)


def spool(data_dir: Path, events: list[PendingEvent]) -> None:
    """Keep events the store was too busy to take at close, for the next unlock."""
    if not events:
        return
    folder = lockfile.run_dir(data_dir)
    name = f"{_PREFIX}{os.getpid()}-{time.time_ns()}.json"
    write_atomic(folder / name, json.dumps([e.fields for e in events], ensure_ascii=False).encode("utf-8"))
    log.warning("audit events spooled for the next unlock: %d", len(events))


def hand_in_at_close(data_dir: Path, pending: PendingAudit, write: Callable[[], None]) -> None:
    """At a store's close: `write()` commits the events still waiting (a write
    transaction takes them first); if the store stays busy (BjstcError) they are spooled
    to run/ for the next unlock instead."""
    from bjstc_desktop.core.errors import BjstcError

    if not pending:
        return
    try:
        write()
    except BjstcError:
        waiting = pending.take()
        try:
            spool(data_dir, waiting)
        except OSError:
            log.error("audit events lost: the store stayed busy and run/ cannot be written")
        else:
            committed(waiting)


def adopt_spooled(data_dir: Path) -> list[PendingEvent]:
    """Events spooled by earlier sessions, claimed for this one (a rename: only one
    program claims a file; a claim whose program died is released by the sweep)."""
    folder = data_dir / lockfile.RUN_DIR
    out: list[PendingEvent] = []
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith(_PREFIX) and p.suffix == ".json")
    except OSError:
        return out
    for name in names:
        if ".claimed-" in name:
            continue
        claimed = folder / f"{name[:-5]}.claimed-{os.getpid()}.json"
        try:
            os.rename(folder / name, claimed)
            fields_list = json.loads(claimed.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for i, fields in enumerate(fields_list if isinstance(fields_list, list) else []):
            last = i == len(fields_list) - 1
            out.append(PendingEvent(dict(fields), spool_file=claimed if last else None))
    return out


def release_stale_claims(data_dir: Path) -> int:
    """Give back spooled events claimed by a program that died before committing them."""
    folder = data_dir / lockfile.RUN_DIR
    released = 0
    with contextlib.suppress(OSError):
        for p in folder.iterdir():
            if not p.name.startswith(_PREFIX) or ".claimed-" not in p.name:
                continue
            base, _, rest = p.name.partition(".claimed-")
            pid = rest.removesuffix(".json")
            if pid.isdigit() and not lockfile.pid_alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.rename(p, folder / f"{base}.json")
                    released += 1
    return released


def unlock_events(data_dir: Path, user: str, user_id: str, via: str, failed: list[str]) -> list[PendingEvent]:
    """The audit events of an unlock: the failed attempts since the last success, then the
    unlock itself (with the time it happened), after any spooled by earlier sessions.
    The same for the store's unlock (workstation/opening.py) and the first screen's."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    events = adopt_spooled(data_dir)
    events += [PendingEvent({"actor_id": None, "actor_name": user, "action": "unlock_failed", "target_type": "user",
                             "target_id": user_id, "details": {"at": t}}) for t in failed]
    events.append(PendingEvent({"actor_id": user_id, "actor_name": user, "action": "unlock", "target_type": "user",
                                "target_id": user_id, "details": {"via": via, "at": now}},
                               after_commit=lambda: authlog.take_failures(data_dir, user)))
    return events
