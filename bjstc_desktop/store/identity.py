"""This workstation's node identity: an Ed25519 signing key and an X25519
key-agreement key for sync (suite intl-1), and an SM2 signing key and an SM2 encryption
key (suite gm-1), made at init (private keys stay inside store.db), the
accredited ceiling (authenticated here, not only in the public workstation.json) and the
public halves of the two administrators' role keys (store/rolekeys.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store import gm
from bjstc_desktop.store.models import NodeIdentity, table

_RAW = serialization.Encoding.Raw


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())


def create_identity(session: Session, node_id: str, ceiling: int, auditor_public: bytes,
                    secadmin_public: bytes) -> NodeIdentity:
    """Generate and store the node's four key pairs (two per suite) with its ceiling
    and the administrators' public keys."""
    ident = NodeIdentity(
        node_id=node_id,
        signing_private=_raw_private(Ed25519PrivateKey.generate()),
        agreement_private=_raw_private(X25519PrivateKey.generate()),
        gm_signing_private=gm.generate()[0],
        gm_encryption_private=gm.generate()[0],
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


def gm_public_keys(ident: NodeIdentity) -> tuple[bytes, bytes]:
    """(SM2 signing public, SM2 encryption public), 65 bytes each."""
    return gm.public_of(ident.gm_signing_private), gm.public_of(ident.gm_encryption_private)


def fingerprint(node_id: str, sign_public: bytes, kex_public: bytes, ceiling: int,
                gm_keys: tuple[bytes, bytes] | None = None) -> str:
    """SHA-256 over the node id, its public keys (with gm-1 keys: all four) and the
    accredited ceiling, first 160 bits, shown as ten groups of four hex digits that a
    person can read aloud or compare on paper. A card claiming another ceiling or
    carrying another key has another fingerprint. (The suites a card offers are bound to
    its keys by the card's two self-signatures, not by the fingerprint: the fingerprint
    is a fact of the store, which an auditor's checkpoint signs.)"""
    label = Level(ceiling).label.encode("utf-8")
    if gm_keys is None:
        material = b"bjstc-node/2\n" + node_id.encode() + b"\n" + sign_public + kex_public + b"\n" + label
    else:
        material = (b"bjstc-node/3\n" + node_id.encode() + b"\n" + sign_public + kex_public + gm_keys[0] + gm_keys[1]
                    + b"\n" + label)
    digest = hashlib.sha256(material).hexdigest()
    return " ".join(digest[i : i + 4].upper() for i in range(0, 40, 4))


def node_fingerprint(ident: NodeIdentity, legacy: bool = False) -> str:
    """This node's fingerprint as its card shows it (every key and the ceiling), or with
    `legacy` the one over its intl-1 keys alone that it had before gm-1."""
    gm_keys = None if legacy else gm_public_keys(ident)
    return fingerprint(ident.node_id, *public_keys(ident), int(ident.ceiling or 0), gm_keys)


def node_row(session: Session, node_id: str) -> Row[Any] | None:
    """This node's identity as a plain row with the model's attribute names, or None.
    Plain SQL: the unlock checks it before anything configures the ORM's mappers."""
    nodes = table(NodeIdentity).c
    return session.execute(select(*nodes).where(nodes.node_id == node_id)).first()
