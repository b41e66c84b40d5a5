"""Identity cards: a small signed JSON file with a node's public keys, node id,
workstation name, office, accredited ceiling and the crypto suites it accepts
(docs/sync-format.md §Identity cards).

A card of format 2 carries both key sets — Ed25519 + X25519 (intl-1) and two SM2 keys
(gm-1) — and is signed by both signing keys, so neither key set can be swapped on the way
and the holder shows it has both private keys; every public key is checked (an SM2 key
must be a point of the curve). A card of format 1 (before gm-1) carries the intl-1 keys
only and offers only intl-1. Trust still comes only from the security administrator
comparing the fingerprint (which covers every key and the ceiling) out of band."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from bjstc_desktop.core.classification import Level, parse_level
from bjstc_desktop.core.errors import IntegrityError, ValidationError
from bjstc_desktop.store import gm
from bjstc_desktop.store.identity import fingerprint
from bjstc_desktop.sync import canonical, limits
from bjstc_desktop.sync.gm_suite import Gm1
from bjstc_desktop.sync.suite import Intl1
from bjstc_desktop.sync.suites import LEGACY_OFFER, parse_offer

CARD_FORMAT_1 = "bjstc-identity-card/1"
CARD_FORMAT = "bjstc-identity-card/2"
CARD_DOMAIN_1 = b"bjstc-identity-card/1\x00"
CARD_DOMAIN = b"bjstc-identity-card/2\x00"
GM_CARD_DOMAIN = b"bjstc-identity-card/2 gm-1\x00"
_KEYS_1 = {"format", "node_id", "workstation", "office", "ceiling", "suite", "sign_public", "kex_public", "signature"}
_KEYS = {"format", "node_id", "workstation", "office", "ceiling", "suites", "sign_public", "kex_public",
         "gm_sign_public", "gm_kex_public", "signature", "gm_signature"}
_NODE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class Card:
    """A parsed, self-consistent identity card (not yet trusted). `gm_sign_public` and
    `gm_kex_public` are None only on a format-1 card; `suites` is the offer, most
    preferred first."""

    node_id: str
    workstation: str
    office: str
    ceiling: Level
    sign_public: bytes
    kex_public: bytes
    gm_sign_public: bytes | None = None
    gm_kex_public: bytes | None = None
    suites: tuple[str, ...] = LEGACY_OFFER

    @property
    def key_id(self) -> bytes:
        """The 8-byte key id intl-1 packages carry."""
        return Intl1.key_id(self.sign_public, self.kex_public)

    @property
    def gm_key_id(self) -> bytes | None:
        """The 8-byte key id gm-1 packages carry (None: no gm-1 keys)."""
        if self.gm_sign_public is None or self.gm_kex_public is None:
            return None
        return Gm1.key_id(self.gm_sign_public, self.gm_kex_public)

    @property
    def gm_keys(self) -> tuple[bytes, bytes] | None:
        """(SM2 signing public, SM2 encryption public), or None."""
        if self.gm_sign_public is None or self.gm_kex_public is None:
            return None
        return self.gm_sign_public, self.gm_kex_public

    @property
    def fingerprint(self) -> str:
        """Ten groups of four hex digits to read aloud or compare on paper."""
        return fingerprint(self.node_id, self.sign_public, self.kex_public, self.ceiling, self.gm_keys)


def _unsigned(card: Card) -> dict[str, str]:
    body = {"node_id": card.node_id, "workstation": card.workstation, "office": card.office,
            "ceiling": card.ceiling.label, "sign_public": card.sign_public.hex(), "kex_public": card.kex_public.hex()}
    if card.gm_keys is None:
        return {"format": CARD_FORMAT_1, **body, "suite": Intl1.name}
    return {"format": CARD_FORMAT, **body, "suites": ",".join(card.suites), "gm_sign_public": card.gm_keys[0].hex(),
            "gm_kex_public": card.gm_keys[1].hex()}


def make_card(card: Card, sign_private: bytes, gm_sign_private: bytes | None = None) -> bytes:
    """The card file's bytes: canonical JSON with the self-signature(s), and a newline.
    A card with gm-1 keys is signed by the Ed25519 and the SM2 signing key."""
    body = _unsigned(card)
    data = canonical.dumps(body)
    if card.gm_keys is None:
        sig = Ed25519PrivateKey.from_private_bytes(sign_private).sign(CARD_DOMAIN_1 + data)
        return canonical.dumps({**body, "signature": sig.hex()}) + b"\n"
    if gm_sign_private is None:
        raise ValueError("a card with gm-1 keys is signed by the SM2 key too")
    sig = Ed25519PrivateKey.from_private_bytes(sign_private).sign(CARD_DOMAIN + data)
    gm_sig = gm.sign(gm_sign_private, GM_CARD_DOMAIN + data)
    return canonical.dumps({**body, "signature": sig.hex(), "gm_signature": gm_sig.hex()}) + b"\n"


def _refuse(en: str) -> IntegrityError:
    return IntegrityError(f"身份卡无效：{_ZH.get(en, en)}。", f"The identity card is not valid: {en}.")


_ZH = {"not a card": "不是身份卡文件", "signature": "签名不符（卡片被改动）", "fields": "字段不完整或多余",
       "keys": "公钥格式错误", "node id": "节点标识格式错误", "name": "名称或处室无效",
       "suites": "所列密码套件无效",
       "GM keys": "国密（SM2）公钥格式错误或不在 SM2 曲线上",
       "GM signature": "国密（SM2）签名与卡上的国密签名公钥不符（国密公钥被替换或卡片被改动）"}


def _hex_fields(doc: dict[str, str], names: tuple[str, ...]) -> list[bytes]:
    try:
        return [bytes.fromhex(doc[n]) for n in names]
    except ValueError:
        raise _refuse("keys") from None


def _check_intl_keys(sign_public: bytes, kex_public: bytes) -> None:
    if len(sign_public) != 32 or len(kex_public) != 32:
        raise _refuse("keys")
    try:
        Ed25519PublicKey.from_public_bytes(sign_public)
        X25519PublicKey.from_public_bytes(kex_public)
    except ValueError:
        raise _refuse("keys") from None


def parse_card(data: bytes) -> Card:
    """Parse and check a card strictly: exact keys, canonical JSON, every public key, the
    offered suites and the self-signature(s). IntegrityError (exit 4) when anything is off."""
    if len(data) > limits.MAX_CARD or not data.endswith(b"\n"):
        raise _refuse("not a card")
    try:
        doc = canonical.loads(data[:-1], limits.MAX_CARD)
    except canonical.JsonRejected:
        raise _refuse("not a card") from None
    if not isinstance(doc, dict) or doc.get("format") not in (CARD_FORMAT_1, CARD_FORMAT):
        raise _refuse("not a card")
    v2 = doc["format"] == CARD_FORMAT
    if set(doc) != (_KEYS if v2 else _KEYS_1) or not all(isinstance(v, str) for v in doc.values()):
        raise _refuse("fields")
    sign_public, kex_public, sig = _hex_fields(doc, ("sign_public", "kex_public", "signature"))
    _check_intl_keys(sign_public, kex_public)
    if len(sig) != 64:
        raise _refuse("keys")
    gm_sign_public = gm_kex_public = gm_sig = None
    suites = LEGACY_OFFER
    if v2:
        gm_sign_public, gm_kex_public, gm_sig = _hex_fields(doc, ("gm_sign_public", "gm_kex_public", "gm_signature"))
        try:
            gm.check_public(gm_sign_public)
            gm.check_public(gm_kex_public)
        except gm.Sm2Error:
            raise _refuse("GM keys") from None
        try:
            suites = parse_offer(doc["suites"])
        except ValueError:
            raise _refuse("suites") from None
    elif doc["suite"] != Intl1.name:
        raise _refuse("keys")
    if not _NODE.match(doc["node_id"]):
        raise _refuse("node id")
    if not 0 < len(doc["workstation"]) <= 128 or len(doc["office"]) > 128:
        raise _refuse("name")
    try:
        ceiling = parse_level(doc["ceiling"])
    except ValidationError:
        raise _refuse("fields") from None
    card = Card(doc["node_id"], doc["workstation"], doc["office"], ceiling, sign_public, kex_public,
                gm_sign_public, gm_kex_public, suites)
    body = _unsigned(card)
    if body != {k: v for k, v in doc.items() if k not in ("signature", "gm_signature")}:
        raise _refuse("fields")
    signed = canonical.dumps(body)
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(sig, (CARD_DOMAIN if v2 else CARD_DOMAIN_1) + signed)
    except (InvalidSignature, ValueError):
        raise _refuse("signature") from None
    if v2 and not gm.verify(gm_sign_public or b"", GM_CARD_DOMAIN + signed, gm_sig or b""):
        raise _refuse("GM signature")
    return card


def normalise_fingerprint(text: str) -> str:
    """'ab12 CD34 …' or 'AB12CD34…' → the display form, for comparison."""
    hexes = "".join(ch for ch in (text or "").upper() if ch in "0123456789ABCDEF")
    return " ".join(hexes[i : i + 4] for i in range(0, len(hexes), 4))
