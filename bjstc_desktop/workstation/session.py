"""The application API: an unlocked workstation, acting as one user.

The CLI and the GUI call only this. A `Workstation` is the session (who, where, close,
lock); its operations are sub-objects over one shared context, as Anki's Collection has
them: `ws.cases`, `ws.workflow`, `ws.letters`, `ws.sync` ... (ops/part.py). Each
operation checks the rules (core), works in one store transaction and appends one audit
event in that same transaction. Creating and opening one: workstation/opening.py.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import AuthenticationError
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.ops.admin import anchor_of
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.store import (
    audit,
    backends,
    devicebinding,
    hubroles,
    keybundle,
    keyslots,
    lockfile,
    migrate,
    unlocking,
)
from bjstc_desktop.store.checkpoint import Checkpoint
from bjstc_desktop.store.identity import node_fingerprint
from bjstc_desktop.store.keybundle import KeyBundle
from bjstc_desktop.store.models import NodeIdentity, User
from bjstc_desktop.store.store import Store
from bjstc_desktop.store.wfile_update import current_file, update_workstation_file
from bjstc_desktop.sync.suites import DEFAULT_OFFER
from bjstc_desktop.workstation import opening
from bjstc_desktop.workstation.opening import InitResult, NewAccount
from bjstc_desktop.workstation.parts import Part

if TYPE_CHECKING:
    from bjstc_desktop.ops.accounts import AccountOps
    from bjstc_desktop.ops.admin import AdminOps
    from bjstc_desktop.ops.archives import ArchiveOps
    from bjstc_desktop.ops.attachments import AttachmentOps
    from bjstc_desktop.ops.bulk import BulkOps
    from bjstc_desktop.ops.cases import CaseOps
    from bjstc_desktop.ops.drafts import DraftOps
    from bjstc_desktop.ops.experts import ExpertOps
    from bjstc_desktop.ops.exports import ExportOps
    from bjstc_desktop.ops.imports import ImportOps
    from bjstc_desktop.ops.integrity import IntegrityOps
    from bjstc_desktop.ops.keys import KeyOps
    from bjstc_desktop.ops.letters import LetterOps
    from bjstc_desktop.ops.panels import PanelOps
    from bjstc_desktop.ops.parties import PartyOps
    from bjstc_desktop.ops.reference import ReferenceOps
    from bjstc_desktop.ops.registers import RegistersOps
    from bjstc_desktop.ops.sync_join import SyncJoinOps
    from bjstc_desktop.ops.sync_ops import SyncOps, SyncPeerOps
    from bjstc_desktop.ops.workflow import WorkflowOps

log = logging.getLogger(__name__)


class Workstation:
    """An unlocked workstation, acting as one user. Close it when done.

    The session's own names are few (data_dir, actor, store, ctx, close, note_locked,
    verify_passphrase, identity, info and the entry points); every operation lives in a
    sub-object over the shared context `ctx`, made (and its ops module imported) when
    first used: a start-up that shows the first screen loads only the operations that
    screen calls (issue 15 point 4; workstation/parts.py)."""

    # The operations, each `Part(module, class, *what it is built over)`.
    cases: Part[CaseOps] = Part("cases", "CaseOps")  # create, edit, show, list, search, due, delete
    parties: Part[PartyOps] = Part("parties", "PartyOps")
    attachments: Part[AttachmentOps] = Part("attachments", "AttachmentOps")
    workflow: Part[WorkflowOps] = Part("workflow", "WorkflowOps")  # actions, checks, act, assign
    letters: Part[LetterOps] = Part("letters", "LetterOps")
    bulk: Part[BulkOps] = Part("bulk", "BulkOps", "workflow", "letters")
    drafts: Part[DraftOps] = Part("drafts", "DraftOps")
    imports: Part[ImportOps] = Part("imports", "ImportOps", "cases")
    reports: Part[ExportOps] = Part("exports", "ExportOps")  # dashboards and exports
    accounts: Part[AccountOps] = Part("accounts", "AccountOps")
    keys: Part[KeyOps] = Part("keys", "KeyOps", "accounts")
    admin: Part[AdminOps] = Part("admin", "AdminOps")  # audit chain, settings, backup
    reference: Part[ReferenceOps] = Part("reference", "ReferenceOps")  # calendar, rules, the module catalogue
    sync: Part[SyncOps] = Part("sync_ops", "SyncOps")
    peers: Part[SyncPeerOps] = Part("sync_ops", "SyncPeerOps")
    joins: Part[SyncJoinOps] = Part("sync_join", "SyncJoinOps", "sync")  # a workstation joined to a hub
    # The shared duties (issue 17).
    experts: Part[ExpertOps] = Part("experts", "ExpertOps")
    panels: Part[PanelOps] = Part("panels", "PanelOps", "letters", with_ctx=False)  # issues through ws.letters
    integrity: Part[IntegrityOps] = Part("integrity", "IntegrityOps")
    archives: Part[ArchiveOps] = Part("archives", "ArchiveOps", "workflow", with_ctx=False)  # files through ws.workflow.act
    registers: Part[RegistersOps] = Part("registers", "RegistersOps", "integrity")

    def __init__(self, data_dir: Path, store: Store, wfile: keyslots.WorkstationFile, actor: Actor,
                 store_lock: lockfile.FileLock, must_change_passphrase: bool = False,
                 bundle: KeyBundle | None = None) -> None:
        self.ctx = OpsContext(data_dir, store, wfile, actor,
                              bundle or KeyBundle.of({keybundle.DATA: store.data_key}), must_change_passphrase)
        self._lock = store_lock
        self._closed = False

    # ----- the session's state (shared with every sub-object through ctx) -----------------
    @property
    def data_dir(self) -> Path:
        """The workstation's folder."""
        return self.ctx.data_dir

    @property
    def actor(self) -> Actor:
        """The user this session acts as (clearance as his keys allow)."""
        return self.ctx.actor

    @property
    def store(self) -> Store:
        """The open store."""
        return self.ctx.store

    @property
    def must_change_passphrase(self) -> bool:
        """An administrator's reset is pending: the user must choose a new passphrase."""
        return self.ctx.must_change_passphrase

    # ----- creating and opening (workstation/opening.py) --------------------------------
    @staticmethod
    def init(data_dir: Path, name: str, admin: str, passphrase: str, office: str = "",
             ceiling: Level = Level.SECRET, bind_device: bool = False, *,
             secadmin: NewAccount | None = None, auditor: NewAccount | None = None,
             suites: tuple[str, ...] = DEFAULT_OFFER, hub: str | None = None) -> InitResult:
        """Create a workstation (opening.init); `hub`: on that PostgreSQL database."""
        return opening.init(data_dir, name, admin, passphrase, office, ceiling, bind_device, secadmin=secadmin,
                            auditor=auditor, suites=suites, hub=hub)

    @classmethod
    def open(cls, data_dir: Path, user: str, passphrase: str, *, wait_for_delay: bool = True) -> Workstation:
        """Unlock as `user` (opening.open_workstation)."""
        return opening.open_workstation(cls, data_dir, user, passphrase, wait_for_delay=wait_for_delay)

    @classmethod
    def open_unlocked(cls, data_dir: Path, user: str, passphrase: str, slot: unlocking.SlotOpened) -> Workstation:
        """The second half of `open`, with a slot already opened (opening.open_unlocked)."""
        return opening.open_unlocked(cls, data_dir, user, passphrase, slot)

    @classmethod
    def recover(cls, data_dir: Path, code: str, user: str, new_passphrase: str) -> None:
        """A new passphrase for `user` with the recovery code (opening.recover)."""
        opening.recover(cls, data_dir, code, user, new_passphrase)

    @classmethod
    def restore(cls, backup_file: Path, data_dir: Path, user: str, passphrase: str, *, replace: bool = False) -> str:
        """Restore a backup into `data_dir` (opening.restore). Returns the node id."""
        return opening.restore(cls, backup_file, data_dir, user, passphrase, replace=replace)

    @staticmethod
    def describe(data_dir: Path) -> dict[str, str]:
        """What the login screen shows before unlocking (opening.describe)."""
        return opening.describe(data_dir)

    # ----- session -------------------------------------------------------------------------
    def verify_passphrase(self, passphrase: str) -> bool:
        """Re-check the current user's passphrase (unlocking after auto-lock); audited.
        Against the file and the store as they are now: a passphrase changed by another
        program since this session began is the one that counts, never the old one."""
        try:
            wfile = current_file(self.store)
            wfile.check_mac(self.ctx.mac_key)
            self.ctx.wfile = wfile
            opened = wfile.unlock(self.actor.name, passphrase, devicebinding.device_secret)
            with self.store.read() as s:
                ok = s.execute(select(User.slot_id).where(User.id == self.actor.user_id)).scalar_one_or_none() \
                    == opened.slot.id
        except AuthenticationError:
            ok = False
        with self.store.write() as s:
            self.ctx._audit(s, "relock_unlock" if ok else "relock_unlock_failed", "user", self.actor.user_id)
        return ok

    def note_locked(self) -> None:
        """Record that the session locked itself (idle timeout)."""
        with self.store.write() as s:
            self.ctx._audit(s, "auto_lock", "user", self.actor.user_id)

    def close(self) -> None:
        """Move the audit anchor to the head (only if the chain still passes through the
        old anchor), then release the store."""
        if self._closed:
            return
        self._closed = True
        try:
            update_workstation_file(self.store, self._advance_anchor, self.ctx.mac_key)
        except Exception:  # closing must always release the store, even on a read-only medium
            log.warning("audit anchor not updated at close")
        finally:
            self.store.close()
            self._lock.release()

    def _advance_anchor(self, wf: keyslots.WorkstationFile) -> None:
        """Issue 13: an anchor moved without looking would bless a cut tail. Start from
        the recorded anchor (or, if it is gone, the signed checkpoint), check every event
        after it, and move only when all of them check out; otherwise keep it, so that
        `audit verify` keeps reporting the break however many sessions follow."""
        start = anchor_of(wf)
        if start is None:
            cp = Checkpoint.from_json(wf.extra.get("audit_checkpoint"))
            with self.store.read() as s:
                node = s.get(NodeIdentity, wf.node_id)
                public = node.auditor_public if node else None
            if cp is None or not public or not cp.signed_by(public):
                log.warning("audit anchor and checkpoint missing: anchor not set")
                return
            start = (cp.seq, cp.hash)
        with self.store.read() as s:
            if not hubroles.reads_audit(s):
                # On a hub an officer's role reads only the chain's links; the database
                # keeps the trail append-only, and the auditor's verify moves the anchor.
                return
            head = audit.verify_since(s, *start)
        if head is None:
            log.warning("audit chain does not pass through the recorded anchor: anchor kept")
            return
        if head[0] > start[0] or anchor_of(wf) is None:
            wf.extra["audit_anchor"] = {"seq": head[0], "hash": head[1]}

    def __enter__(self) -> Workstation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- information ---------------------------------------------------------------------
    def identity(self) -> dict[str, str]:
        """Node id, workstation name and fingerprint."""
        with self.store.read() as s:
            ident = s.get(NodeIdentity, self.ctx.wfile.node_id)
            assert ident is not None
            fp = node_fingerprint(ident)
        return {"node_id": self.ctx.wfile.node_id, "workstation": self.ctx.wfile.workstation, "fingerprint": fp}

    def info(self) -> dict[str, Any]:
        """The `bjstc info` document (cli.md keys), counts as this user may see them."""
        counts = dict.fromkeys(MODULE_CODES, 0)
        counts.update(self.cases.counts())
        registers = self.registers.summary().as_json() if self.actor.role.handles_cases else None
        return {
            **self.identity(), "office": self.ctx.wfile.office, "schema_version": migrate.current_revision(self.store.engine),
            "ceiling": Level(self.ctx.wfile.ceiling).label, "user": self.actor.name, "role": self.actor.role.value,
            "clearance": self.actor.clearance.label, "modules_in_scope": sorted(self.actor.modules),
            "counts": counts, "device_binding_available": devicebinding.binding_available(),
            "registers": registers, "store": backends.describe(self.store.engine, self.data_dir),
        }
