"""The shared workflow shapes the module files are built from."""

from __future__ import annotations

from bjstc_desktop.core.casetypes import ClockEffect
from bjstc_desktop.core.shapes import Shape, T, chain, licensing, path, recognition, supervision


def test_path_and_chain_follow_the_steps() -> None:
    ts = path("甲", ("a", "一", "乙"), ("b", "二", "丙", {"roles": ("approver",)}))
    assert [(t.sources, t.target, t.roles) for t in ts] == [
        (("甲",), "乙", ("officer", "approver")), (("乙",), "丙", ("approver",))]
    assert chain("甲", ("a", "一", "乙")).states == ("甲", "乙")


def test_shapes_combine_without_duplicate_states_and_can_be_adjusted() -> None:
    s = chain("甲", ("a", "一", "乙")) + Shape(("乙", "丙", "丙"), (T("b", "二", "乙", "丙"),))
    assert s.states == ("甲", "乙", "丙")
    s = s.plus(T("c", "三", ("甲", "丙"), "丁"), T("d", "四", "丁", "丁"))
    assert s.states == ("甲", "乙", "丙", "丁")
    s = s.adjusted("c", source="丙", opinion_required=True)
    assert next(t for t in s.transitions if t.action == "c").opinion_required
    states, transitions = s  # unpacks like the old (states, transitions) pair
    assert states == s.states and transitions == s.transitions


def test_licensing_with_acceptance_publicity_and_delivery_clocks() -> None:
    s = licensing(clock="review", acceptance_clock="acceptance", publicity_clock="publicity",
                  delivery_clock="delivery", extend=True)
    by = {(t.action, t.sources[0]): t for t in s.transitions}
    accept = by["accept", "形式审查"]
    assert [(o.clock, o.effect) for o in accept.clock_effects] == [
        ("review", ClockEffect.START), ("acceptance", ClockEffect.STOP)]
    assert by["request_supplement", "形式审查"].clock_effect is ClockEffect.PAUSE
    approve = by["approve", "公示"]
    assert approve.awaits == "publicity" and approve.roles == ("approver",)
    assert {(o.clock, o.effect) for o in approve.clock_effects} == {
        ("review", ClockEffect.STOP), ("publicity", ClockEffect.STOP), ("delivery", ClockEffect.START)}
    assert by["extend", "审查中"].letters == ("extension_notice",)
    assert s.states[0] == "收件" and "异议核实" in s.states


def test_recognition_then_supervision_loop() -> None:
    s = recognition(first="申请", reviews=(("expert_review", "专家评审", "专家评审"),),
                    decide=("recognize", "认定", "认定"), publicity_clock="publicity") + supervision(
        start="认定", report=("annual_report", "年报", "年报"), evaluate=("evaluate", "评价", "评价"),
        outcome=("support", "支持", "支持"))
    by = {t.action: t for t in s.transitions if t.action != "archive"}
    assert by["expert_review"].letters == ("acceptance_notice",)
    assert by["recognize"].sources == ("公示",) and by["recognize"].awaits == "publicity"
    assert set(by["annual_report"].sources) == {"认定", "支持"}  # the next year's report follows support
    assert set(by["revoke"].sources) == {"评价", "整改", "认定"}
