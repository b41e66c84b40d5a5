"""The first step of an unlock: the user's key slot opened with the passphrase (the
Argon2id derivation), before anything of the store is read.

Kept apart from the store engine, the ORM and the workstation API so that a program
starting up can run it on a thread while its main thread imports the rest: the KDF
releases the GIL, so its time hides behind those imports instead of adding to them
(issue 15 point 4). Only cryptography and the workstation file are loaded here."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.store import authlog, devicebinding, keyslots


@dataclass(frozen=True)
class SlotOpened:
    """The workstation file as read for this unlock and the slot the passphrase opened."""

    wfile: keyslots.WorkstationFile
    opened: keyslots.Opened


def _restore_may_be_interrupted(data_dir: Path) -> bool:
    # A restore killed during its swap leaves a .restore-* folder: only then is store.backup
    # (which loads the store engine) imported, to look at its journal and finish or undo it.
    try:
        return any(True for _ in data_dir.glob(".restore-*"))
    except OSError:
        return False


def open_slot(data_dir: Path, user: str, passphrase: str, *, wait_for_delay: bool = True) -> SlotOpened:
    """Open `user`'s key slot with `passphrase`. Wrong passphrase: AuthenticationError
    after the growing delay (recorded for the next attempt); nothing else changes."""
    if _restore_may_be_interrupted(data_dir):
        from bjstc_desktop.store import backup

        backup.finish_interrupted_restore(data_dir)
    wfile = keyslots.WorkstationFile.load(data_dir)
    delay = authlog.pending_delay(data_dir, user)
    if delay and wait_for_delay:
        time.sleep(delay)  # the CLI waits; the GUI counts down and calls with wait_for_delay=False
    try:
        opened = wfile.unlock(user, passphrase, devicebinding.device_secret)
    except AuthenticationError:
        authlog.record_failure(data_dir, user)
        raise
    return SlotOpened(wfile, opened)


def describe(data_dir: Path) -> dict[str, str]:
    """What the login screen shows before unlocking: name, office, ceiling (public)."""
    wfile = keyslots.WorkstationFile.load(data_dir)
    return {"workstation": wfile.workstation, "office": wfile.office,
            "ceiling": Level(wfile.ceiling).label, "node_id": wfile.node_id}
