"""This workstation's node identity for sync: an Ed25519 signing key and an X25519
key-agreement key, made at init; private keys stay inside store.db."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy.orm import Session

from bjstc_desktop.store.models import NodeIdentity

_RAW = serialization.Encoding.Raw


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def create_identity(session: Session, node_id: str) -> NodeIdentity:
    """Generate and store the node's two key pairs."""
    ident = NodeIdentity(
        node_id=node_id,
        signing_private=_raw_private(Ed25519PrivateKey.generate()),
        agreement_private=_raw_private(X25519PrivateKey.generate()),
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


def fingerprint(node_id: str, sign_public: bytes, kex_public: bytes) -> str:
    """SHA-256 over the node id and both public keys, first 160 bits, shown as ten
    groups of four hex digits that a person can read aloud or compare on paper."""
    digest = hashlib.sha256(b"bjstc-node/1\n" + node_id.encode() + b"\n" + sign_public + kex_public).hexdigest()
    return " ".join(digest[i : i + 4].upper() for i in range(0, 40, 4))
