"""This workstation's node identity: an Ed25519 signing key and an X25519
key-agreement key for sync, made at init (private keys stay inside store.db), the
accredited ceiling (authenticated here, not only in the public workstation.json) and the
public halves of the two administrators' role keys (store/rolekeys.py)."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store.models import NodeIdentity

_RAW = serialization.Encoding.Raw


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def create_identity(session: Session, node_id: str, ceiling: int, auditor_public: bytes,
                    secadmin_public: bytes) -> NodeIdentity:
    """Generate and store the node's two key pairs with its ceiling and the
    administrators' public keys."""
    ident = NodeIdentity(
        node_id=node_id,
        signing_private=_raw_private(Ed25519PrivateKey.generate()),
        agreement_private=_raw_private(X25519PrivateKey.generate()),
        ceiling=int(ceiling),
        auditor_public=auditor_public,
        secadmin_public=secadmin_public,
    )
    session.add(ident)
    session.flush()
    return ident


def public_keys(ident: NodeIdentity) -> tuple[bytes, bytes]:
    """(Ed25519 public, X25519 public) as raw bytes."""
    sign = Ed25519PrivateKey.from_private_bytes(ident.signing_private).public_key().public_bytes(
        _RAW, serialization.PublicFormat.Raw)
    kex = X25519PrivateKey.from_private_bytes(ident.agreement_private).public_key().public_bytes(
        _RAW, serialization.PublicFormat.Raw)
    return sign, kex


def fingerprint(node_id: str, sign_public: bytes, kex_public: bytes, ceiling: int) -> str:
    """SHA-256 over the node id, both public keys and the accredited ceiling, first 160
    bits, shown as ten groups of four hex digits that a person can read aloud or compare
    on paper. A card claiming another ceiling has another fingerprint."""
    label = Level(ceiling).label.encode("utf-8")
    digest = hashlib.sha256(b"bjstc-node/2\n" + node_id.encode() + b"\n" + sign_public + kex_public
                            + b"\n" + label).hexdigest()
    return " ".join(digest[i : i + 4].upper() for i in range(0, 40, 4))
