"""The chain head of the last commit, kept outside the WAL (store.head).

SQLite keeps recent commits in store.db-wal until a checkpoint. If that file is deleted
or damaged after a crash, SQLite silently opens the older state: the cases committed
since are gone and the audit chain, being shorter, still verifies. So every write
transaction leaves the audit head it committed in store.head (a rename, no fsync: it
only has to outlive a killed program, and if it outlives a power cut that lost the WAL,
the loss is real). At open, a store whose chain stops before that head has lost
commits, and says so instead of carrying on without them.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from bjstc_desktop.core.errors import IntegrityError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

FILE_NAME = "store.head"


def record(data_dir: Path, seq: int, digest: str) -> None:
    """Leave (seq, hash) of the committed head in store.head (best effort)."""
    path = data_dir / FILE_NAME
    tmp = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"seq": seq, "hash": digest}))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink()


def recorded(data_dir: Path) -> tuple[int, str] | None:
    """The head store.head names, or None (no file yet, or one cut short by a crash)."""
    try:
        doc = json.loads((data_dir / FILE_NAME).read_text(encoding="utf-8"))
        return int(doc["seq"]), str(doc["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check(data_dir: Path, session: Session) -> None:
    """IntegrityError when the store does not hold the head of its last commit."""
    from sqlalchemy import select

    from bjstc_desktop.store.models import AuditEvent, table

    events = table(AuditEvent).c  # plain SQL: it runs at every unlock (no mapper configured)
    check_with(data_dir, lambda seq: session.execute(select(events.hash).where(events.seq == seq)).scalar_one_or_none(),
               lambda: session.execute(select(events.seq).order_by(events.seq.desc()).limit(1)).scalar_one_or_none() or 0)


def check_with(data_dir: Path, hash_at: Callable[[int], str | None], last_seq: Callable[[], int]) -> None:
    """`check` over any reader of the chain: `hash_at(seq)` is the hash of event `seq` (None:
    no such event), `last_seq()` the newest event's number (the first screen's DB-API
    connection asks the same two questions)."""
    mark = recorded(data_dir)
    if mark is None or mark[0] <= 0:
        return
    seq, digest = mark
    found = hash_at(seq)
    if found == digest:
        return
    last = last_seq()
    if found is None:
        raise IntegrityError(
            f"数据库最近提交的更改已丢失：审计记录应到第 {seq} 条，现在只到第 {last} 条"
            "（store.db-wal 文件缺失或损坏）。请从备份恢复（管理员手册第 8 节）。",
            f"Recent commits to the database are lost: the audit trail should reach event {seq} but stops "
            f"at {last} (store.db-wal is missing or damaged). Restore from a backup (admin guide, section 8).")
    raise IntegrityError(
        f"数据库与最近一次提交的记录不符：第 {seq} 条审计记录已不同（数据库被替换或改动）。请从备份恢复。",
        f"The database does not match its last commit: audit event {seq} differs (the database was replaced "
        "or altered). Restore from a backup.")
