"""Repositories are the only read path: nobody sees, counts or finds a case above their
clearance, outside their module scope, or at all as an administrator."""

from __future__ import annotations

from pathlib import Path

import pytest

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import NotFoundError, PermissionDeniedError
from tests.conftest import OFFICER_PASS, make_station

CONTRACT = {"contract_type": "技术开发", "seller": "北京保密科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "50万"}


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = make_station(tmp_path / "ws", ceiling=Level.SECRET, officers={
        "high": (Level.SECRET, "market,industry"),
        "low": (Level.INTERNAL, "market"),
        "other": (Level.SECRET, "policy"),
    })
    with st.open("high", OFFICER_PASS) as ws:
        public = ws.cases.create("tech_contract", "公开的合同甲方案", CONTRACT)
        secret = ws.cases.create("tech_contract", "秘密的合同乙方案", CONTRACT, classification=Level.SECRET,
                                secrecy_period="10年", knowers="技术市场处")
        hnte = ws.cases.create("hnte", "高企认定甲方案", {"enterprise": "北京高企有限公司",
                                                     "enterprise_uscc": "91110000600037341L"})
    return st, public, secret, hnte


def test_an_officer_sees_counts_and_finds_only_within_clearance_and_scope(office) -> None:  # type: ignore[no-untyped-def]
    st, public, secret, hnte = office
    with st.open("low", OFFICER_PASS) as ws:
        assert {c.id for c in ws.cases.list()} == {public.id}
        assert ws.cases.counts() == {"market": 1}
        assert {c.id for c in ws.cases.search("合同")} == {public.id}
        assert ws.cases.search("乙方案") == []
        with pytest.raises(NotFoundError):
            ws.cases.show(secret.id)
        with pytest.raises(NotFoundError):
            ws.cases.show(hnte.case_no)
    with st.open("other", OFFICER_PASS) as ws:
        assert ws.cases.list() == [] and ws.cases.counts() == {} and ws.cases.search("合同") == []
    with st.open("high", OFFICER_PASS) as ws:
        assert {c.id for c in ws.cases.list()} == {public.id, secret.id, hnte.id}
        assert ws.cases.counts() == {"market": 2, "industry": 1}


def test_administrators_see_no_case_content(office) -> None:  # type: ignore[no-untyped-def]
    st, public, *_ = office
    from tests.conftest import ADMIN_PASS

    with st.open("admin", ADMIN_PASS) as ws:
        assert ws.cases.counts() == {}
        with pytest.raises(PermissionDeniedError):
            ws.cases.list()
        with pytest.raises(PermissionDeniedError):
            ws.cases.show(public.id)
        with pytest.raises(PermissionDeniedError):
            ws.cases.search("合同")
        assert set(ws.info()["counts"].values()) == {0}


def test_nothing_above_the_ceiling_or_the_clearance_can_be_created(tmp_path: Path) -> None:
    st = make_station(tmp_path / "ws", ceiling=Level.INTERNAL, officers={"zhang": (Level.INTERNAL, "market")})
    with st.open() as ws:
        with pytest.raises(PermissionDeniedError) as err:
            ws.cases.create("tech_contract", "超出上限", CONTRACT, classification=Level.SECRET, secrecy_period="5年")
        assert "最高只能处理" in err.value.zh
        with pytest.raises(PermissionDeniedError):
            ws.cases.create("hnte", "范围外", {"enterprise": "x", "enterprise_uscc": "91110000600037341L"})
        assert ws.cases.list() == []


def test_a_clearance_above_the_ceiling_cannot_be_granted(tmp_path: Path) -> None:
    with pytest.raises(PermissionDeniedError):
        make_station(tmp_path / "ws", ceiling=Level.INTERNAL, officers={"zhang": (Level.SECRET, "market")})
