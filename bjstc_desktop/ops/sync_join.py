"""Joining a standalone workstation to a hub (issue 19 point 6.2; workstation/joining.py
runs the whole, docs/hub.md "The hub as a sync node"): the store-side steps on each of
the two nodes.

The whole store travels as one ordinary sync package, signed by the workstation and
sealed to the hub, so the cases keep their ids, numbers, letters, attachments and
revisions (with their authors' signatures): later packages from the workstation's old
peers merge at the hub instead of conflicting. Moving the whole store is the security
administrator's act on each side (三员分立: he moves sealed records between the two
stores and is shown none of them); for that one export and that one import the session
reads as a case handler of every duty up to the node's ceiling."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import PermissionDeniedError, RefusedError
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.ops.context import OpsContext
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.sync_peers import check_custodian_of_trust
from bjstc_desktop.store.duty_models import Expert, IntegrityRecordRow
from bjstc_desktop.store.joined import JOINED_TO
from bjstc_desktop.store.models import AuditEvent, Case, utcnow
from bjstc_desktop.store.sync_models import (
    SyncJournal,
    SyncOutbox,
    SyncPeer,
    SyncPeerBlob,
    SyncPending,
)
from bjstc_desktop.store.wfile_update import update_workstation_file
from bjstc_desktop.sync.card import Card
from bjstc_desktop.sync.peers import TRUSTED, PeerRepository

if TYPE_CHECKING:
    from bjstc_desktop.ops.sync_ops import SyncOps


def _check_secadmin(actor: Actor) -> None:
    """Each side of a join is its security administrator's act."""
    if actor.role is not Role.SECADMIN:
        raise PermissionDeniedError("只有安全保密管理员可以把工作站并入集中库。",
                                    "Only the security administrator joins a workstation to a hub.")


class SyncJoinOps(OpsPart):
    """`ws.joins`: the two nodes' sides of a join, every step the security administrator's;
    the whole store travels through `ws.sync`'s export and import of one package."""

    def __init__(self, ctx: OpsContext, sync: SyncOps) -> None:
        super().__init__(ctx)
        self._sync = sync

    @contextlib.contextmanager
    def _moving_whole_store(self) -> Iterator[None]:
        """The security administrator's session, reading for one export or import as a
        handler of every duty up to this node's ceiling."""
        _check_secadmin(self.actor)
        actor = self.actor
        self.actor = dataclasses.replace(actor, role=Role.OFFICER, clearance=self.ceiling,
                                         modules=frozenset(MODULE_CODES))
        try:
            yield
        finally:
            self.actor = actor

    def records_above(self, level: Level) -> int:
        """How many cases, experts and 科研失信 records are classified above `level`."""
        with self.store.read() as s:
            return sum(s.execute(select(func.count()).select_from(model).where(model.classification > int(level)))
                       .scalar_one() for model in (Case, Expert, IntegrityRecordRow))

    def trusted_peers(self) -> list[SyncPeer]:
        """The peers this node trusts (detached rows: their keys and what they are trusted for)."""
        with self.store.read() as s:
            rows = [r for r in PeerRepository(s).all() if r.status == TRUSTED]
            s.expunge_all()
            return rows

    def export_for_join(self, hub_node: str, out: Path) -> Path:
        """The whole store, as one full package for the hub (the workstation's side)."""
        with self._moving_whole_store():
            report = self._sync.export_package([hub_node], out, full=True, keep_channel=False)
            return Path(report.path)

    def import_joined(self, package: Path, joined: Card, peers: list[SyncPeer]) -> Any:
        """The joining workstation's package, in one transaction with the rest of the
        join (the hub's side): its old peers trusted here as they were there (at most up
        to this hub's ceiling; a peer the hub already knows keeps the hub's trust), and
        the joined workstation itself no longer a sender (revoked: its later packages
        are refused and any revision it writes after the join is held back, so it
        cannot fork silently)."""

        def finish(s: Any, report: Any) -> None:
            if report.held_back:  # a record the hub's trust of it does not cover: not a whole move
                raise RefusedError(f"并入未完成：{report.held_back} 个修订不在集中库对此工作站的信任范围内，未导入任何内容。",
                                   f"Not joined: {report.held_back} revisions are outside what the hub trusts this "
                                   "workstation for; nothing was imported.")
            repo = PeerRepository(s)
            adopted = []
            for old in peers:
                if old.node_id == self.wfile.node_id or repo.get(old.node_id) is not None:
                    continue
                card = Card(old.node_id, old.workstation, old.office, Level(old.ceiling), old.sign_public,
                            old.kex_public, old.gm_sign_public, old.gm_kex_public, tuple(old.suites.split(",")))
                row, _ = repo.trust(card, min(Level(old.ceiling), self.ceiling),
                                    frozenset(old.modules.split(",")) if old.modules is not None else None,
                                    self.actor.name)
                row.fingerprint = old.fingerprint  # the one its security administrator confirmed
                adopted.append(old.node_id)
            me = repo.get(joined.node_id)
            assert me is not None  # trusted for the join just before
            repo.revoke(me)
            self._audit(s, "hub_join", "peer", joined.node_id, workstation=joined.workstation,
                        fingerprint=joined.fingerprint, peers_adopted=adopted)

        with self._moving_whole_store():
            return self._sync.import_package(package, finish=finish)

    def joined_here(self, node_id: str) -> bool:
        """Whether the workstation `node_id` was joined into this hub (its import, with
        the hub_join event, committed)."""
        with self.store.read() as s:
            return s.execute(select(AuditEvent.seq).where(AuditEvent.action == "hub_join",
                                                          AuditEvent.target_id == node_id).limit(1)).first() is not None

    def undo_join_trust(self, node_id: str) -> None:
        """Forget a peer trusted for a join that then failed (either side): only one
        nothing was ever imported from, with what exporting to it recorded."""
        check_custodian_of_trust(self.actor)
        with self.store.write() as s:
            if s.execute(select(SyncJournal).where(SyncJournal.sender_node == node_id).limit(1)).first() is not None:
                return  # it has a history here: it stays trusted as it is
            for model in (SyncOutbox, SyncPending, SyncPeerBlob):
                s.execute(delete(model).where(model.peer_node == node_id))
            s.execute(delete(SyncPeer).where(SyncPeer.node_id == node_id))
            self._audit(s, "peer_trust_undone", "peer", node_id, reason="join failed")

    def mark_joined(self, hub: Card) -> None:
        """This workstation was moved into `hub`: recorded in its audit trail and in its
        authenticated workstation.json, after which it refuses every unlock."""
        _check_secadmin(self.actor)
        joined = {"node_id": hub.node_id, "workstation": hub.workstation, "fingerprint": hub.fingerprint,
                  "at": utcnow().isoformat(timespec="seconds") + "Z", "by": self.actor.name}
        with self.store.write() as s:
            self._audit(s, "joined_to_hub", "workstation", self.wfile.node_id, **joined)
        self.wfile = update_workstation_file(self.store, lambda wf: wf.extra.update({JOINED_TO: joined}),
                                             self.mac_key)
