"""The expert pool's rules at their edges: composition, 回避, the seeded draw and its
replay, replacements, and the three ways of aggregating scores."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from bjstc_desktop.core.casetypes import PanelDef, PanelQuota, ScoreItem
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.experts import (
    Candidate,
    CaseParties,
    Identity,
    InfeasibleDraw,
    PanelNeed,
    PastReview,
    aggregate,
    check_score,
    discipline_table,
    draw_panel,
    draw_replacement,
    expert_total,
    lottery_key,
    matches_fields,
    panel_need,
    parse_disciplines,
    screen,
)
from bjstc_desktop.core.modules import case_type
from bjstc_desktop.core.rulevalues import RuleBook, RuleValueError, rule_book

APPLICANT = "91110108MA01ABCD1X"
OTHER_ORG = "91110000600037341L"
TODAY = date(2026, 6, 15)
HNTE_PANEL = case_type("hnte").panel
HNTE_RULES = rule_book(case_type("hnte"))
PARTIES = CaseParties((Identity("org", APPLICANT, "申请企业"),), (Identity("org", OTHER_ORG, "合作单位"),))


def pool(tech: int = 8, finance: int = 2, **extra: Candidate) -> list[Candidate]:
    people = [Candidate(f"t{i:02d}", f"技术{i}", "技术专家", ("520",)) for i in range(tech)]
    people += [Candidate(f"f{i:02d}", f"财务{i}", "财务专家", ("790",)) for i in range(finance)]
    return people + list(extra.values())


def test_the_code_table_has_the_62_first_level_disciplines_of_gbt_13745() -> None:
    table = discipline_table()
    assert len(table) == 62 and len({d.code for d in table}) == 62
    assert {"520", "790", "630"} <= {d.code for d in table}
    assert parse_disciplines("520，520.20、790") == ("520", "520.20", "790")
    with pytest.raises(ValidationError):
        parse_disciplines("999")
    with pytest.raises(ValidationError):
        parse_disciplines(" , ")
    assert matches_fields(("520.20",), ("520",)) and not matches_fields(("520",), ("52",))


def test_hnte_need_at_its_edges() -> None:
    assert panel_need(HNTE_PANEL, HNTE_RULES) == PanelNeed(5, (("技术专家", 3), ("财务专家", 1)))
    assert dict(panel_need(HNTE_PANEL, HNTE_RULES, 6).minimum)["技术专家"] == 4  # 60% of 6 = 3.6 → 4
    assert dict(panel_need(HNTE_PANEL, HNTE_RULES, 10).minimum)["技术专家"] == 6  # exactly 60%, not 7
    with pytest.raises(RefusedError, match="不少于 5 人"):
        panel_need(HNTE_PANEL, HNTE_RULES, 4)


def test_a_draw_that_cannot_satisfy_the_composition_says_so_plainly() -> None:
    need = panel_need(HNTE_PANEL, HNTE_RULES)
    eligible, excluded = screen(pool(tech=8, finance=0), PARTIES, (), TODAY, 3)
    with pytest.raises(InfeasibleDraw) as err:
        draw_panel(eligible, need, "seed-1", excluded)
    assert "财务专家至少 1 人" in err.value.zh and "只有 0 人" in err.value.zh
    # Too few experts at all, with the avoided ones counted in the message.
    near = Candidate("x", "同单位", "技术专家", ("520",), employer_uscc=APPLICANT)
    eligible, excluded = screen(pool(tech=2, finance=1, near=near), PARTIES, (), TODAY, 3)
    with pytest.raises(InfeasibleDraw) as err:
        draw_panel(eligible, need, "seed-1", excluded)
    assert "技术专家至少 3 人" in err.value.zh and "1 人因与申请人或当事方同一单位" in err.value.zh
    with pytest.raises(InfeasibleDraw, match="自相矛盾"):
        draw_panel(eligible, PanelNeed(2, (("技术专家", 2), ("财务专家", 1))), "s")


def test_a_replayed_seed_gives_the_same_panel_and_the_order_is_the_published_hash() -> None:
    need = panel_need(HNTE_PANEL, HNTE_RULES)
    eligible, _ = screen(pool(tech=30, finance=10), PARTIES, (), TODAY, 3)
    first = draw_panel(eligible, need, "a3f09c")
    assert [c.id for c in draw_panel(list(reversed(eligible)), need, "a3f09c")] == [c.id for c in first]
    assert lottery_key("a3f09c", "t01") == hashlib.sha256(b"a3f09c:t01").hexdigest()
    categories = [c.category for c in first]
    assert len(first) == 5 and categories.count("技术专家") >= 3 and categories.count("财务专家") >= 1
    panels = {tuple(c.id for c in draw_panel(eligible, need, f"seed-{i}")) for i in range(20)}
    assert len(panels) > 10  # the seed decides: different seeds, different panels


def test_an_expert_who_shares_the_applicants_employer_is_never_drawn() -> None:
    colleague = Candidate("zz", "同单位专家", "财务专家", ("790",), employer_uscc=APPLICANT)
    partner = Candidate("zp", "合作单位专家", "技术专家", ("520",), employer_uscc=OTHER_ORG)
    eligible, excluded = screen(pool(tech=6, finance=1, colleague=colleague, partner=partner), PARTIES, (), TODAY, 3)
    assert {(e.expert_id, e.reason) for e in excluded} == {("zz", "employer"), ("zp", "employer")}
    need = panel_need(HNTE_PANEL, HNTE_RULES)
    for i in range(200):
        drawn = {c.id for c in draw_panel(eligible, need, f"s{i}")}
        assert not drawn & {"zz", "zp"}


def test_avoidance_for_parties_relations_recent_reviews_declines_and_bars() -> None:
    applicant_key = ("org", APPLICANT)
    people = [
        Candidate("p1", "本人", "技术专家", ("520",), id_number="110105194912310021"),
        Candidate("p2", "关联", "技术专家", ("520",), relations=(applicant_key,)),
        Candidate("p3", "三年整", "技术专家", ("520",), past_reviews=(PastReview(applicant_key, date(2023, 6, 15)),)),
        Candidate("p4", "三年零一天", "技术专家", ("520",), past_reviews=(PastReview(applicant_key, date(2023, 6, 14)),)),
        Candidate("p5", "暂停", "技术专家", ("520",), status="暂停"),
        Candidate("p6", "失信", "技术专家", ("520",), barred=True),
        Candidate("p7", "学科不符", "技术专家", ("110",)),
        Candidate("p8", "谢绝", "技术专家", ("520",)),
    ]
    parties = CaseParties(PARTIES.applicants, (Identity("person", "110105194912310021", "项目负责人"),))
    people.append(Candidate("p9", "法律", "法律专家", ("520",)))
    eligible, excluded = screen(people, parties, ("520",), TODAY, 3, {"p8": "declined"}, ("技术专家", "财务专家"))
    assert [c.id for c in eligible] == ["p4"]
    assert {e.expert_id: e.reason for e in excluded} == {
        "p1": "party", "p2": "relation", "p3": "recent", "p5": "status", "p6": "barred", "p7": "field",
        "p8": "declined", "p9": "category"}


def test_a_replacement_keeps_the_composition_and_is_replayable() -> None:
    need = panel_need(HNTE_PANEL, HNTE_RULES)
    eligible, _ = screen(pool(tech=10, finance=3), PARTIES, (), TODAY, 3)
    panels = (draw_panel(eligible, need, f"s{i}") for i in range(50))
    panel = next(p for p in panels if [c.category for c in p].count("财务专家") == 1)
    leaving = next(c for c in panel if c.category == "财务专家")
    staying = [c.category for c in panel if c is not leaving]
    rest = [c for c in eligible if c not in panel]
    new = draw_replacement(rest, staying, need, "seed")
    assert new.category == "财务专家" and new not in panel
    assert draw_replacement(list(reversed(rest)), staying, need, "seed") == new
    with pytest.raises(InfeasibleDraw, match="没有符合条件的财务专家"):
        draw_replacement([c for c in rest if c.category != "财务专家"], staying, need, "seed")
    # A technical member leaving a panel that keeps its quotas: the first eligible expert.
    tech_leaves = ["财务专家", "技术专家", "技术专家", "技术专家"]
    assert draw_replacement(rest, tech_leaves, need, "seed") == min(rest, key=lambda c: lottery_key("seed", c.id))


def test_aggregation_methods_at_their_edges() -> None:
    assert aggregate("mean", [Decimal(85), Decimal(86)]).value == Decimal("85.50")
    assert aggregate("mean", [Decimal(1), Decimal(1), Decimal(2)]).value == Decimal("1.33")
    trimmed = aggregate("trimmed_mean", [Decimal(60), Decimal(90), Decimal(75)])
    assert trimmed.value == Decimal("75.00") and trimmed.dropped == (Decimal(90), Decimal(60))
    assert aggregate("trimmed_mean", [Decimal(x) for x in (70, 80, 80, 99, 10)]).value == Decimal("76.67")
    with pytest.raises(RefusedError, match="至少 3 位"):
        aggregate("trimmed_mean", [Decimal(60), Decimal(90)])
    with pytest.raises(RefusedError):
        aggregate("mean", [])


def test_weighted_items_and_their_rules() -> None:
    scores = {"ip": 80, "conversion": 90, "rd_management": 70, "growth": 60}
    assert expert_total(HNTE_PANEL, scores, HNTE_RULES) == Decimal("77.00")
    with pytest.raises(ValidationError, match="企业成长性"):
        expert_total(HNTE_PANEL, {**scores, "growth": None}, HNTE_RULES)
    bad = rule_book(case_type("hnte"), {"hnte.weight_growth": "0.10"})
    with pytest.raises(RuleValueError, match="权重之和"):
        expert_total(HNTE_PANEL, scores, bad)
    plain = PanelDef(size_rule="n", quotas=(PanelQuota("技术专家"),))
    assert expert_total(plain, {"score": "100"}, RuleBook({})) == Decimal("100.00")
    assert check_score(0) == 0 and check_score(100) == 100
    for bad_score in (-1, 101, "八十", 85.5):
        with pytest.raises(ValidationError):
            check_score(bad_score)
    weighted = PanelDef(size_rule="n", method="weighted", items=(ScoreItem("a", "甲", "w"),))
    assert expert_total(weighted, {"a": 99}, RuleBook({"w": "1"})) == Decimal("99.00")


def test_every_discipline_has_an_english_name_and_a_finer_code_takes_its_first_levels() -> None:
    from bjstc_desktop.core.experts import discipline_name, discipline_table

    table = discipline_table()
    assert len(table) == 62 and all(d.name_en and not any("\u4e00" <= ch <= "\u9fff" for ch in d.name_en) for d in table)
    assert discipline_name("520", "zh") == "计算机科学技术"
    assert discipline_name("520.20", "en") == "Computer science and technology"
    assert discipline_name("999", "en") == ""
