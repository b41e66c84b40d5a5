"""Authorship of revisions (docs/sync-format.md §7.2): every revision is signed by its
author node's Ed25519 key over its id and its ancestry, and the signature travels with
it unchanged when another office forwards it. A receiver checks it against the key it
pinned for that node (its own, or a trusted peer's), so no peer can claim that another
node — or this workstation itself — wrote something, nor change the officer named, the
content or the ancestry of a revision it passes on."""

from __future__ import annotations

import functools
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bjstc_desktop.sync import canonical

REV_SIGNATURE_DOMAIN = b"bjstc-rev-sig/1\x00"


def signed_message(rev_id: str, ancestry: tuple[str, ...] | list[str]) -> bytes:
    """What the author signs: the domain, then SHA-256 of the canonical JSON
    {"ancestry": [...], "rev": rev_id}. The revision id already covers the record,
    parents, generation, body, author node and officer, clock and deletion."""
    doc = canonical.dumps({"rev": rev_id, "ancestry": list(ancestry)})
    return REV_SIGNATURE_DOMAIN + hashlib.sha256(doc).digest()


class RevisionSigner:
    """Signs this node's revisions (one key object for a whole export)."""

    def __init__(self, sign_private: bytes) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(sign_private)

    def sign(self, rev_id: str, ancestry: tuple[str, ...] | list[str]) -> str:
        """The signature as 128 lowercase hex digits."""
        return self._key.sign(signed_message(rev_id, ancestry)).hex()


@functools.lru_cache(maxsize=64)
def _public_key(sign_public: bytes) -> Ed25519PublicKey:
    """The key object of a pinned key (a package's revisions come from a few authors:
    the key is parsed once per author, not once per revision)."""
    return Ed25519PublicKey.from_public_bytes(sign_public)


def verify(sign_public: bytes, rev_id: str, ancestry: tuple[str, ...] | list[str], signature: str) -> bool:
    """True when `signature` (hex) is the author key's signature over the revision."""
    try:
        _public_key(sign_public).verify(bytes.fromhex(signature), signed_message(rev_id, ancestry))
        return True
    except (InvalidSignature, ValueError):
        return False
