"""The hub's search index answers blindindex's FTS5 expressions as FTS5 does (issue 19):
the translation to a tsquery and the tsvector literal, then the same queries on both
stores through the program."""

from __future__ import annotations

import pytest

from bjstc_desktop.store.searchindex import tsquery_literal, tsvector_literal
from tests.conftest import Station

CONTRACT = {"contract_type": "技术开发", "seller": "北京测试科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"}


def test_phrases_prefixes_and_operators_become_a_tsquery() -> None:
    assert tsquery_literal('"冰雪 雪装 装备"') == "('冰雪' <-> '雪装' <-> '装备')"
    assert tsquery_literal('"王"*') == "'王':*"
    assert tsquery_literal('"海淀" AND "9111"*') == "'海淀' & '9111':*"
    assert tsquery_literal('("a") OR ("ωx" AND "ωy")') == "( 'a' ) | ( 'ωx' & 'ωy' )"


def test_nothing_of_a_term_leaks_into_the_query_syntax() -> None:
    assert tsquery_literal('"o\'brien"') == "'o''brien'"
    with pytest.raises(ValueError):
        tsquery_literal('"a" ; DROP')


def test_a_document_keeps_its_terms_in_order_with_their_positions() -> None:
    assert tsvector_literal("冰雪 雪装 装备 冰雪", 7) == "'冰雪':1,4 '雪装':2 '装备':3 'range 0'"
    assert tsvector_literal("it's", 4_096 * 3 + 5) == "'it''s':1 'range 3'"
    assert tsvector_literal("", 4_096) == "'range 1'"  # a document of no terms still names its range


def test_search_answers_the_same_on_both_stores(station: Station) -> None:
    with station.open() as ws:
        ids = {}
        for title in ("冰雪装备研发合同", "装备冰雪检测合同", "海淀区人工智能平台"):
            ids[title] = ws.cases.create("tech_contract", title, CONTRACT).id
        found = lambda q: [c.id for c in ws.cases.search(q)]  # noqa: E731
        assert found("冰雪装备") == [ids["冰雪装备研发合同"]]  # a phrase matches in order only
        assert set(found("装备")) == {ids["冰雪装备研发合同"], ids["装备冰雪检测合同"]}
        assert found("人工智能 海淀") == [ids["海淀区人工智能平台"]]
        assert found("不存在的词") == []
