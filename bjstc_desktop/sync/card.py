"""Identity cards: a small signed JSON file with a node's public keys, node id,
workstation name, office and accredited ceiling (docs/sync-format.md §Identity cards).
The card signs itself with the node's Ed25519 key, so the name and ceiling cannot be
changed on the way without breaking it; trust still comes only from the security
administrator comparing the fingerprint out of band."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.errors import IntegrityError, ValidationError
from bjstc_desktop.store.identity import fingerprint
from bjstc_desktop.sync import canonical, limits
from bjstc_desktop.sync.suite import Intl1, key_id

CARD_FORMAT = "bjstc-identity-card/1"
CARD_DOMAIN = b"bjstc-identity-card/1\x00"
_KEYS = {"format", "node_id", "workstation", "office", "ceiling", "suite", "sign_public", "kex_public", "signature"}
_NODE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Card:
    """A parsed, self-consistent identity card (not yet trusted)."""

    node_id: str
    workstation: str
    office: str
    ceiling: Level
    sign_public: bytes
    kex_public: bytes

    @property
    def key_id(self) -> bytes:
        """The 8-byte key id packages carry."""
        return key_id(self.sign_public, self.kex_public)

    @property
    def fingerprint(self) -> str:
        """Ten groups of four hex digits to read aloud or compare on paper."""
        return fingerprint(self.node_id, self.sign_public, self.kex_public, self.ceiling)


def _unsigned(card: Card) -> dict[str, str]:
    return {"format": CARD_FORMAT, "node_id": card.node_id, "workstation": card.workstation, "office": card.office,
            "ceiling": card.ceiling.label, "suite": Intl1.name, "sign_public": card.sign_public.hex(),
            "kex_public": card.kex_public.hex()}


def make_card(card: Card, sign_private: bytes) -> bytes:
    """The card file's bytes: canonical JSON with the self-signature, and a newline."""
    body = _unsigned(card)
    sig = Ed25519PrivateKey.from_private_bytes(sign_private).sign(CARD_DOMAIN + canonical.dumps(body))
    return canonical.dumps({**body, "signature": sig.hex()}) + b"\n"


def _refuse(en: str) -> IntegrityError:
    return IntegrityError(f"身份卡无效：{_ZH.get(en, en)}。", f"The identity card is not valid: {en}.")


_ZH = {"not a card": "不是身份卡文件", "signature": "签名不符（卡片被改动）", "fields": "字段不完整或多余",
       "keys": "公钥格式错误", "node id": "节点标识格式错误", "name": "名称或处室无效"}


def parse_card(data: bytes) -> Card:
    """Parse and check a card strictly: exact keys, canonical JSON, key lengths, and the
    self-signature. IntegrityError (exit 4) when anything is off."""
    if len(data) > limits.MAX_CARD or not data.endswith(b"\n"):
        raise _refuse("not a card")
    try:
        doc = canonical.loads(data[:-1], limits.MAX_CARD)
    except canonical.JsonRejected:
        raise _refuse("not a card") from None
    if not isinstance(doc, dict) or doc.get("format") != CARD_FORMAT:
        raise _refuse("not a card")
    if set(doc) != _KEYS or not all(isinstance(v, str) for v in doc.values()):
        raise _refuse("fields")
    try:
        sign_public, kex_public, sig = (bytes.fromhex(doc["sign_public"]), bytes.fromhex(doc["kex_public"]),
                                        bytes.fromhex(doc["signature"]))
    except ValueError:
        raise _refuse("keys") from None
    if len(sign_public) != 32 or len(kex_public) != 32 or len(sig) != 64 or doc["suite"] != Intl1.name:
        raise _refuse("keys")
    if not _NODE.match(doc["node_id"]):
        raise _refuse("node id")
    if not 0 < len(doc["workstation"]) <= 128 or len(doc["office"]) > 128:
        raise _refuse("name")
    try:
        ceiling = parse_level(doc["ceiling"])
    except ValidationError:
        raise _refuse("fields") from None
    card = Card(doc["node_id"], doc["workstation"], doc["office"], ceiling, sign_public, kex_public)
    if _unsigned(card) != {k: v for k, v in doc.items() if k != "signature"}:
        raise _refuse("fields")
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(sig, CARD_DOMAIN + canonical.dumps(_unsigned(card)))
    except (InvalidSignature, ValueError):
        raise _refuse("signature") from None
    return card


def normalise_fingerprint(text: str) -> str:
    """'ab12 CD34 …' or 'AB12CD34…' → the display form, for comparison."""
    hexes = "".join(ch for ch in (text or "").upper() if ch in "0123456789ABCDEF")
    return " ".join(hexes[i : i + 4] for i in range(0, len(hexes), 4))

