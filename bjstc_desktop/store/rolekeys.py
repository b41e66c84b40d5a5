"""The two administrators' keys (三员分立 in cryptography, not only in code).

The security administrator and the auditor each have an Ed25519 key made at init. The
private halves live only inside key slots (the owner's and the recovery slot); the
public halves are kept in store.db, in workstation.json and in every audit checkpoint.

- A *role proof* (signature by the role key over node id, user id, name and role) marks
  the one account of that role. Someone holding only the data key can insert a user row
  or a slot, but cannot make the proof, so the forged account neither unlocks in that
  role nor passes `audit verify`.
- The auditor's key signs the audit checkpoints (store/checkpoint.py).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bjstc_desktop.core.errors import IntegrityError
from bjstc_desktop.core.roles import Role
from bjstc_desktop.store import keybundle
from bjstc_desktop.store.keybundle import KeyBundle

_RAW = serialization.Encoding.Raw
_PROOF_DOMAIN = b"bjstc-role-proof/1\x00"


def new_role_key() -> bytes:
    """A fresh Ed25519 private key (32 raw bytes)."""
    return Ed25519PrivateKey.generate().private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                                      serialization.NoEncryption())


def public_key(private: bytes) -> bytes:
    """The raw public key of a raw Ed25519 private key."""
    return Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes(_RAW, serialization.PublicFormat.Raw)


def key_fingerprint(public: bytes) -> str:
    """Eight groups of four hex digits: how a person compares a key on paper."""
    digest = hashlib.sha256(b"bjstc-role-key/1\n" + public).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def _message(domain: bytes, document: dict[str, object]) -> bytes:
    return domain + json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def sign(private: bytes, domain: bytes, document: dict[str, object]) -> bytes:
    """Ed25519 over `domain` and the canonical JSON of `document`."""
    return Ed25519PrivateKey.from_private_bytes(private).sign(_message(domain, document))


def signature_ok(public: bytes, domain: bytes, document: dict[str, object], signature: bytes) -> bool:
    """True when `signature` is `public`'s over `domain` and `document`."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _message(domain, document))
    except (InvalidSignature, ValueError):
        return False
    return True


def _proof_document(node_id: str, user_id: str, name: str, role: str) -> dict[str, object]:
    return {"node_id": node_id, "user_id": user_id, "name": name, "role": role}


def role_proof(private: bytes, node_id: str, user_id: str, name: str, role: str) -> bytes:
    """The proof that account (`user_id`, `name`) holds `role` on this node."""
    return sign(private, _PROOF_DOMAIN, _proof_document(node_id, user_id, name, role))


def role_proof_ok(public: bytes | None, node_id: str, user_id: str, name: str, role: str,
                  proof: bytes | None) -> bool:
    """True when `proof` was made by the key of `public` for exactly this account."""
    if not public or not proof:
        return False
    return signature_ok(public, _PROOF_DOMAIN, _proof_document(node_id, user_id, name, role), proof)


# The role whose private key an administrator's slot must hold, by role (unlock checks it).
ROLE_KEY = {Role.SECADMIN: keybundle.SECADMIN, Role.AUDITOR: keybundle.AUDITOR}


def check_role_key(node: Any, role: Role, bundle: KeyBundle) -> bytes:
    """The role's private key from `bundle`, checked against the public key the store
    keeps; IntegrityError when it is missing or another key (a replaced slot)."""
    name = ROLE_KEY[role]
    private = bundle.get(name)
    stored = node.auditor_public if role is Role.AUDITOR else node.secadmin_public
    if private is None or stored is None or public_key(private) != stored:
        raise IntegrityError(
            f"{role.label}账户的角色密钥与本工作站不符（密钥槽或数据库可能被替换）。请用恢复码核实。",
            f"The {role.value} account's role key does not match this workstation (its key slot or the "
            "database may have been replaced). Check with the recovery code.")
    return private
