"""Trusted peers: added from an identity card only after the security administrator
confirmed its fingerprint; revocable. A key inside a package is never trusted because
it is inside the package: the sender is found here by its key id."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store.models import utcnow
from bjstc_desktop.store.sync_models import SyncPeer
from bjstc_desktop.sync.card import Card
from bjstc_desktop.sync.keysets import KeySet, peer_keys, peer_offer
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.suites import SUITES, pick

TRUSTED, REVOKED = "trusted", "revoked"


@dataclass(frozen=True)
class PeerInfo:
    """A peer as listed."""

    node_id: str
    workstation: str
    office: str
    ceiling: str
    modules: tuple[str, ...] | None
    fingerprint: str
    key_id: str
    gm_key_id: str | None
    suites: tuple[str, ...]
    status: str
    trusted_by: str
    trusted_at: str
    revoked_at: str | None


def peer_info(row: SyncPeer) -> PeerInfo:
    """The listing view of a peer row."""
    return PeerInfo(row.node_id, row.workstation, row.office, Level(row.ceiling).label,
                    tuple(sorted(row.modules.split(","))) if row.modules is not None else None,
                    row.fingerprint, row.key_id, row.gm_key_id, tuple((row.suites or "intl-1").split(",")),
                    row.status, row.trusted_by,
                    row.trusted_at.isoformat(timespec="seconds") + "Z",
                    row.revoked_at.isoformat(timespec="seconds") + "Z" if row.revoked_at else None)


def scope_of(row: SyncPeer) -> frozenset[str] | None:
    """The modules exchanged with this peer (None: every module)."""
    return frozenset(m for m in row.modules.split(",") if m) if row.modules is not None else None


class PeerRepository:
    """Reads and writes of sync_peers; the caller checks the role and audits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, node_id: str) -> SyncPeer | None:
        """A peer by node id."""
        return self.session.get(SyncPeer, node_id)

    def by_key_id(self, kid: bytes, suite_id: int = 1) -> SyncPeer | None:
        """A peer by the key id packages of suite `suite_id` carry (each suite has its own
        key set, so its own key id)."""
        column = SyncPeer.key_id if suite_id == 1 else SyncPeer.gm_key_id
        return self.session.execute(select(SyncPeer).where(column == kid.hex())).scalar_one_or_none()

    def all(self) -> list[SyncPeer]:
        """Every peer, by workstation name."""
        return list(self.session.execute(select(SyncPeer).order_by(SyncPeer.workstation, SyncPeer.node_id)).scalars())

    def trust(self, card: Card, ceiling: Level, modules: frozenset[str] | None, by: str) -> tuple[SyncPeer, bool]:
        """Add or re-trust a peer with the card's keys; (row, keys_changed)."""
        clashes = [self.by_key_id(card.key_id)]
        if card.gm_key_id is not None:
            clashes.append(self.by_key_id(card.gm_key_id, 2))
        for clash in {c.node_id: c for c in clashes if c is not None and c.node_id != card.node_id}.values():
            self.session.delete(clash)  # the same keys under another node id
        self.session.flush()
        row = self.get(card.node_id)
        changed = False
        if row is None:
            row = SyncPeer(node_id=card.node_id, next_seq=1, acked_upto=0)
        else:
            gm_kid = card.gm_key_id.hex() if card.gm_key_id is not None else None
            changed = row.key_id != card.key_id.hex() or row.gm_key_id != gm_kid
        row.workstation, row.office, row.ceiling = card.workstation, card.office, int(ceiling)
        row.modules = ",".join(sorted(modules)) if modules is not None else None
        row.sign_public, row.kex_public = card.sign_public, card.kex_public
        row.gm_sign_public, row.gm_kex_public = card.gm_sign_public, card.gm_kex_public
        row.gm_key_id = card.gm_key_id.hex() if card.gm_key_id is not None else None
        row.suites = ",".join(card.suites)
        row.key_id, row.fingerprint, row.status = card.key_id.hex(), card.fingerprint, TRUSTED
        row.trusted_by, row.trusted_at, row.revoked_at = by, utcnow(), None
        self.session.add(row)
        self.session.flush()
        return row, changed

    def revoke(self, row: SyncPeer) -> None:
        """Refuse this peer's packages from now on, and send it nothing more."""
        row.status, row.revoked_at = REVOKED, utcnow()

    def package_sender(self, suite_id: int, kid: bytes, my_offer: tuple[str, ...]) -> tuple[SyncPeer, KeySet]:
        """The trusted sender of a package whose preamble names `suite_id` and `kid`, and
        its pinned keys of that suite. Refuses an unknown or revoked sender, and a
        package not in the suite the sender's card says it picks for this workstation
        (`suite_downgrade`: a man in the middle who changed the suite, or a sender
        talked into a weaker suite than both cards call for)."""
        row = self.by_key_id(kid, suite_id)
        if row is None:  # the key id of another of its suites: the preamble was changed
            row = next((r for sid in SUITES if sid != suite_id if (r := self.by_key_id(kid, sid)) is not None), None)
        if row is None:
            raise PackageRefused("unknown_sender", kid.hex())
        if row.status != TRUSTED:
            raise PackageRefused("revoked_sender", row.node_id, f"（{row.workstation}）", f" ({row.workstation})")
        expected = pick(peer_offer(row), [my_offer])
        if expected is None or expected.suite_id != suite_id:
            want = expected.name if expected is not None else "—"
            got = SUITES[suite_id].name
            raise PackageRefused("suite_downgrade", f"{got}, the cards call for {want}",
                                 f"（包：{got}；应为：{want}）", f" (package: {got}; the cards call for: {want})")
        keys = peer_keys(row, suite_id)
        if keys is None or keys.key_id != kid:
            raise PackageRefused("altered", "the sender key id is of another suite")
        return row, keys
