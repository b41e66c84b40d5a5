"""A key slot and the store change together or not at all.

Setting a passphrase (own change, an administrator's reset, the recovery path) or
adding an account touches two files: workstation.json (the slot) and store.db (the
account, the forced-change flag, the audit event). A crash or a full disk between the
two must leave exactly one passphrase working and the audit saying which. So:

1. under workstation.json's lock, write the new slot *beside* the user's current one;
2. the caller's store transaction names the new slot as the user's valid one
   (users.slot_id) together with its audit event, and commits;
3. the commit known, drop the user's other slots.

Unlocking asks the store which slot is valid: a passphrase that opens any other slot is
refused like a wrong one. A crash after 1 leaves the old passphrase working (the new
slot names nothing the store knows); a crash after 2 leaves the new one working. Either
way the next unlock tidies the file (`reconcile`). If the commit fails, the store is
asked whether it happened before the new slot is dropped; if even that cannot be told,
both slots stay and the store decides at the next unlock.

On a hub the file is a row of the database (store/hubfiles.py) and all of this is one
step: the new slot replaces the user's old one in that row inside the caller's write
transaction (`slot_change` yields the change for `Store.write(before_commit=...)`), so
the slot and the store commit together or not at all, and nothing needs tidying.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bjstc_desktop.store.keyslots import KeySlot, WorkstationFile
from bjstc_desktop.store.wfile_update import apply_change, locked_file, try_lock

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bjstc_desktop.store.store import Store

log = logging.getLogger(__name__)
BeforeCommit = Callable[["Session"], None]


def _reached(step: str) -> None:
    """Each step's end (fault-injection tests stop the process here)."""


def _keep(user: str, slot_id: str) -> Callable[[WorkstationFile], None]:
    def change(wf: WorkstationFile) -> None:
        wf.slots = [s for s in wf.slots if not (s.kind == "user" and s.user == user and s.id != slot_id)]
    return change


def _settle(data_dir: Path, new_slot: KeySlot, mac_key: bytes, committed: Callable[[], bool]) -> None:
    try:
        happened = committed()
    except Exception:
        log.warning("key slot change: commit outcome unknown; both slots kept until the next unlock")
        return
    try:
        if happened:
            apply_change(data_dir, _keep(new_slot.user or "", new_slot.id), mac_key)
        else:
            apply_change(data_dir, lambda wf: wf.drop_slot(new_slot.id), mac_key)
    except Exception:
        log.warning("key slot change: workstation.json not tidied; the next unlock will")


@contextlib.contextmanager
def slot_change(store: Store, new_slot: KeySlot, mac_key: bytes,
                committed: Callable[[], bool]) -> Iterator[BeforeCommit | None]:
    """Run the caller's store transaction (the body) between writing `new_slot` beside
    the user's current slot and dropping the old one. `committed()` tells, from the
    store, whether the new slot became the user's valid one. Yields what the caller's
    `store.write(before_commit=...)` must run on a hub (None on a workstation)."""
    if store.is_hub:
        yield _in_hub_row(store.data_dir, new_slot, mac_key)
        return
    data_dir = store.data_dir
    with locked_file(data_dir):
        apply_change(data_dir, lambda wf: wf.add_slot(new_slot), mac_key)  # fails: nothing changed
        _reached("slot_written")
        try:
            yield None
        except BaseException:
            _settle(data_dir, new_slot, mac_key, committed)
            raise
        _reached("committed")
        try:
            apply_change(data_dir, _keep(new_slot.user or "", new_slot.id), mac_key)
        except Exception:  # the change is committed; the old slot is refused until tidied
            log.warning("key slot change committed; old slot not yet removed from workstation.json")
        _reached("finalised")


def _in_hub_row(data_dir: Path, new_slot: KeySlot, mac_key: bytes) -> BeforeCommit:
    """The hub's slot change: the user's slots replaced by `new_slot` in the row, in the
    write transaction that names it (one commit for both)."""
    from bjstc_desktop.store import hubfiles

    def change(wf: WorkstationFile) -> None:
        wf.add_slot(new_slot)
        _keep(new_slot.user or "", new_slot.id)(wf)

    def before_commit(session: Session) -> None:
        hubfiles.apply(session, data_dir, change, mac_key)
    return before_commit


def reconcile(data_dir: Path, mac_key: bytes, committed_ids: Callable[[], dict[str, str]]) -> None:
    """Drop slots the store does not name (left by a crash between the steps above).
    Best effort and never waiting: a program changing a slot right now holds the lock."""
    lock = try_lock(data_dir, attempts=1)
    if lock is None:
        return
    try:
        wf = WorkstationFile.load(data_dir)
        wf.check_mac(mac_key)
        if wf.keep_only(committed_ids()):
            wf.save(mac_key)
            log.info("workstation.json: key slots left by an interrupted change removed")
    except Exception:
        log.warning("workstation.json: leftover key slots not removed")
    finally:
        lock.release()
