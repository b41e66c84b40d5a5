"""Which keys a package uses: every node has one key set per suite (intl-1: Ed25519 +
X25519; gm-1: SM2 signing + SM2 encryption), and a package is signed, addressed and
opened with the key sets of the suite its preamble names (docs/sync-format.md §3)."""

from __future__ import annotations

from dataclasses import dataclass

from bjstc_desktop.store.identity import gm_public_keys, public_keys
from bjstc_desktop.store.models import NodeIdentity
from bjstc_desktop.store.sync_models import SyncPeer
from bjstc_desktop.sync.suites import LEGACY_OFFER, SUITES, Suite, parse_offer


@dataclass(frozen=True)
class KeySet:
    """One node's public keys of one suite."""

    suite: Suite
    sign_public: bytes
    kex_public: bytes

    @property
    def key_id(self) -> bytes:
        """The 8-byte id packages of this suite carry for these keys."""
        return self.suite.key_id(self.sign_public, self.kex_public)


@dataclass(frozen=True)
class OwnKeys:
    """This node's key set of one suite, with its private halves (in memory only)."""

    public: KeySet
    sign_private: bytes
    kex_private: bytes


def own_keys(ident: NodeIdentity, suite_id: int) -> OwnKeys:
    """This node's keys of suite `suite_id`."""
    suite = SUITES[suite_id]
    if suite_id == 1:
        return OwnKeys(KeySet(suite, *public_keys(ident)), ident.signing_private, ident.agreement_private)
    return OwnKeys(KeySet(suite, *gm_public_keys(ident)), ident.gm_signing_private, ident.gm_encryption_private)


def peer_keys(row: SyncPeer, suite_id: int) -> KeySet | None:
    """A trusted peer's pinned keys of suite `suite_id` (None: its card had none)."""
    suite = SUITES[suite_id]
    if suite_id == 1:
        return KeySet(suite, row.sign_public, row.kex_public)
    if row.gm_sign_public is None or row.gm_kex_public is None:
        return None
    return KeySet(suite, row.gm_sign_public, row.gm_kex_public)


def peer_offer(row: SyncPeer) -> tuple[str, ...]:
    """The suites the peer's card offered, most preferred first."""
    try:
        return parse_offer(row.suites or "")
    except ValueError:
        return LEGACY_OFFER
