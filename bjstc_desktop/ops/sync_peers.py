"""This workstation's identity card, and the peers the security administrator trusts
(after comparing the fingerprint out of band) or revokes."""

from __future__ import annotations

import builtins
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError, RefusedError
from bjstc_desktop.core.roles import Actor, Role
from bjstc_desktop.ops import sync_media
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.identity import gm_public_keys, public_keys
from bjstc_desktop.store.models import Case, NodeIdentity
from bjstc_desktop.sync.audit_heads import PeerAuditHead, kept_heads
from bjstc_desktop.sync.card import Card, make_card, normalise_fingerprint, parse_card
from bjstc_desktop.sync.peers import PeerInfo, PeerRepository, peer_info


def card_summary(card: Card) -> dict[str, Any]:
    """What `identity show` prints (cli.md keys first)."""
    return {"node_id": card.node_id, "workstation": card.workstation, "fingerprint": card.fingerprint,
            "office": card.office, "ceiling": card.ceiling.label, "key_id": card.key_id.hex(),
            "gm_key_id": card.gm_key_id.hex() if card.gm_key_id is not None else None, "suites": list(card.suites)}


def read_card(path: Path) -> Card:
    """Read and check a card file."""
    try:
        data = path.read_bytes()[: 64 * 1024]
    except OSError as exc:
        raise RefusedError(f"无法读取身份卡 {path.name}：{exc.strerror}", f"Cannot read the card {path.name}: {exc.strerror}") from exc
    return parse_card(data)


class SyncPeerOps(OpsPart):
    """Identity cards and trusted peers."""

    def node_keys(self) -> NodeIdentity:
        """This node's key row (private keys: inside store.db only)."""
        with self.store.read() as s:
            ident = s.get(NodeIdentity, self.wfile.node_id)
            assert ident is not None
            return ident

    def own_card(self) -> Card:
        """This workstation as its card describes it: both key sets, and the suites it offers."""
        ident = self.node_keys()
        sign_public, kex_public = public_keys(ident)
        gm_sign_public, gm_kex_public = gm_public_keys(ident)
        return Card(self.wfile.node_id, self.wfile.workstation, self.wfile.office, self.ceiling, sign_public, kex_public,
                    gm_sign_public, gm_kex_public, self.sync_suites)

    def export_identity(self, out: Path) -> dict[str, Any]:
        """Write this workstation's identity card to `out` (temporary name, fsync, its
        audit event, rename)."""
        ident = self.node_keys()
        data = make_card(self.own_card(), ident.signing_private, ident.gm_signing_private)
        tmp, _ = sync_media.write_temp(out, lambda fh: fh.write(data), sync_media.CARD)
        self._audited_publish(tmp, out, "identity_export", "workstation", self.wfile.node_id,
                             publish=lambda staged, target: sync_media.publish(staged, target, sync_media.CARD),
                             discard=sync_media.discard, file=out.name)
        return {**card_summary(self.own_card()), "path": str(out)}

    def trust(self, card_path: Path, fingerprint: str, ceiling: Level | None = None,
                   modules: frozenset[str] | None = None) -> PeerInfo:
        """Trust the node of `card_path` (security administrator), only when the
        fingerprint given (read out by the peer's officer) matches the card."""
        check_custodian_of_trust(self.actor)
        card = read_card(card_path)
        if normalise_fingerprint(fingerprint) != card.fingerprint:
            raise RefusedError("指纹不符：请与对方工作站当面或通过电话逐组核对指纹，未添加信任。",
                               "The fingerprint does not match: compare it group by group with the peer's "
                               "officer in person or by phone. Nothing was trusted.")
        return self._trust_card(card, ceiling, modules)

    def trust_handed_off(self, card: Card, officer: str, ceiling: Level, modules: frozenset[str]) -> PeerInfo:
        """Trust the standalone workstation this hub just made for `officer` (security
        administrator; workstation/handoff.py): its card is read from the new store, never
        from a file, and it is trusted for the officer's clearance and modules only."""
        check_custodian_of_trust(self.actor)
        return self._trust_card(card, ceiling, modules, handed_off_to=officer)

    def trust_for_join(self, card: Card) -> PeerInfo:
        """Trust the other node of a join (security administrator; workstation/joining.py):
        its card read from its store in the same run, for every module up to this node's
        ceiling (a join moves the whole store; nothing above the hub's ceiling may enter,
        checked before)."""
        check_custodian_of_trust(self.actor)
        return self._trust_card(card, None, None, joining=card.workstation)

    def accept_hand_off(self, hub_card: Card, ceiling: Level, modules: frozenset[str], by: str) -> PeerInfo:
        """Trust the hub that made this standalone workstation (workstation/handoff.py), by
        this new workstation's system administrator, and only while the workstation is new
        (no peer, no case): the hub's security administrator vouched for the card, taken
        from the hub's own store in the same run."""
        if self.actor.role is not Role.SYSADMIN:
            raise PermissionDeniedError("只有新工作站的系统管理员可以接受集中库的交接。",
                                        "Only the new workstation's system administrator accepts the hub's hand-off.")
        with self.store.read() as s:
            if PeerRepository(s).all() or s.query(Case.id).first() is not None:
                raise RefusedError("此工作站已有对端或案件，不是集中库刚交接的新工作站。",
                                   "This workstation already has peers or cases; it is not one a hub has just "
                                   "handed off.")
        return self._trust_card(hub_card, ceiling, modules, handed_off_by=by)

    def _trust_card(self, card: Card, ceiling: Level | None, modules: frozenset[str] | None,
                    **why: str) -> PeerInfo:
        """Trust a checked card for `ceiling` (at most its own and this node's) and
        `modules` (None: every module); audited with `why`."""
        if card.node_id == self.wfile.node_id:
            raise RefusedError("这是本工作站自己的身份卡。", "This is this workstation's own card.")
        level = min(card.ceiling, ceiling if ceiling is not None else card.ceiling, self.ceiling)
        with self.store.write() as s:
            row, rekeyed = PeerRepository(s).trust(card, level, modules, self.actor.name)
            info = peer_info(row)
            self._audit(s, "peer_trust", "peer", card.node_id, workstation=card.workstation, office=card.office,
                        fingerprint=card.fingerprint, ceiling=Level(level).label,
                        modules=sorted(modules) if modules is not None else None, rekeyed=rekeyed, **why)
        return info

    def audit_heads(self, peer: str | None = None) -> builtins.list[PeerAuditHead]:
        """The audit-chain heads peers' packages carried, in the order they were seen
        (for one peer, or all); `backwards` marks a suspect one, `problem` says why (an
        audit-integrity warning). For the auditor's `audit verify` and the security
        administrator."""
        if self.actor.role not in (Role.AUDITOR, Role.SECADMIN):
            raise PermissionDeniedError("只有安全审计员和安全保密管理员可以查看对端的审计链头。",
                                        "Only the auditor and the security administrator see peers' audit heads.")
        with self.store.read() as s:
            return kept_heads(s, peer)

    def list(self) -> builtins.list[PeerInfo]:
        """Every peer, trusted or revoked."""
        with self.store.read() as s:
            return [peer_info(r) for r in PeerRepository(s).all()]

    def revoke(self, node_id: str) -> PeerInfo:
        """Revoke a peer (security administrator): its packages are refused from now on."""
        check_custodian_of_trust(self.actor)
        with self.store.write() as s:
            repo = PeerRepository(s)
            row = repo.get(node_id) or next((r for r in repo.all() if r.workstation == node_id), None)
            if row is None:
                raise NotFoundError(f"没有对端“{node_id}”。", f"There is no peer {node_id!r}.")
            repo.revoke(row)
            self._audit(s, "peer_revoke", "peer", row.node_id, workstation=row.workstation,
                        fingerprint=row.fingerprint)
            return peer_info(row)


def check_custodian_of_trust(actor: Actor) -> None:
    """Only the security administrator trusts or revokes peers."""
    if actor.role is not Role.SECADMIN:
        raise PermissionDeniedError("只有安全保密管理员可以信任或撤销对端工作站。",
                                    "Only the security administrator trusts or revokes peers.")


def peer_json(info: PeerInfo) -> dict[str, Any]:
    """The JSON of `peer list`."""
    return asdict(info)
