"""Identity cards and trust: a card says who a node is and signs itself; a peer is
trusted only by the security administrator and only when the fingerprint matches;
revocation refuses its packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, PermissionDeniedError, RefusedError
from bjstc_desktop.sync.card import normalise_fingerprint, parse_card
from tests.sync.conftest import Office, make_office, trust


def test_a_card_carries_keys_names_and_ceiling_and_matches_init(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站", ceiling=Level.CONFIDENTIAL)
    card = parse_card(a.card().read_bytes())
    assert (card.node_id, card.workstation, card.office, card.ceiling) == (a.node_id, "甲站", "甲站处", Level.CONFIDENTIAL)
    assert card.fingerprint == a.fingerprint == a.ws().identity()["fingerprint"]
    assert len(card.fingerprint.split()) == 10 and all(len(g) == 4 for g in card.fingerprint.split())


def test_an_altered_card_is_refused(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站", ceiling=Level.INTERNAL)
    doc = json.loads(a.card().read_bytes())
    for key, value in (("ceiling", "机密"), ("workstation", "冒名站"), ("kex_public", "00" * 32)):
        forged = {**doc, key: value}
        data = json.dumps(forged, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        with pytest.raises(IntegrityError):
            parse_card(data)
    for junk in (b"", b"{}\n", a.card().read_bytes()[:-2] + b"\n", b"x" * 20_000):
        with pytest.raises(IntegrityError):
            parse_card(junk)


def test_only_the_security_administrator_trusts_and_only_with_the_fingerprint(tmp_path: Path) -> None:
    a, b = make_office(tmp_path, "甲站"), make_office(tmp_path, "乙站")
    for user in ("zhang", "admin"):
        with pytest.raises(PermissionDeniedError):
            a.ws(user).peers.trust(b.card(), b.fingerprint)
    wrong = b.fingerprint[:-1] + ("0" if b.fingerprint[-1] != "0" else "1")
    with pytest.raises(RefusedError) as err:
        a.ws("sec").peers.trust(b.card(), wrong)
    assert "指纹不符" in err.value.zh
    assert a.ws("sec").peers.list() == []
    with pytest.raises(RefusedError):
        a.ws("sec").peers.trust(a.card(), a.fingerprint)  # not itself
    info = a.ws("sec").peers.trust(b.card(), normalise_fingerprint(b.fingerprint.replace(" ", "").lower()))
    assert (info.node_id, info.status, info.ceiling, info.trusted_by) == (b.node_id, "trusted", "秘密", "sec")


def test_the_trusted_ceiling_is_never_above_the_card_or_this_workstation(tmp_path: Path) -> None:
    a = make_office(tmp_path, "甲站", ceiling=Level.INTERNAL)
    b = make_office(tmp_path, "乙站", ceiling=Level.CONFIDENTIAL)
    c = make_office(tmp_path, "丙站", ceiling=Level.SECRET)
    assert a.ws("sec").peers.trust(b.card(), b.fingerprint).ceiling == "内部"
    assert c.ws("sec").peers.trust(b.card(), b.fingerprint, ceiling=Level.PUBLIC).ceiling == "公开"


def test_revocation_is_audited_and_listed(pair: tuple[Office, Office]) -> None:
    a, b = pair
    info = a.ws("sec").peers.revoke(b.node_id)
    assert info.status == "revoked" and info.revoked_at
    assert [p.status for p in a.ws().peers.list()] == ["revoked"]
    with pytest.raises(PermissionDeniedError):
        a.ws().peers.revoke(b.node_id)
    trust(a, b)  # trusted again, after checking the fingerprint again
    assert [p.status for p in a.ws().peers.list()] == ["trusted"]
