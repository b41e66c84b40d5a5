"""Checks on facts the store finds for a case rather than on its fields: 科研失信
records in force against its parties, and its expert panel's aggregate. The store passes
them as CheckContext.facts ("integrity": IntegrityFacts, "panel": PanelFacts); without
them (a check run on fields alone) these checks do not apply."""

from __future__ import annotations

from dataclasses import dataclass

from bjstc_desktop.core.checklib.base import CheckContext, Outcome, check_function
from bjstc_desktop.core.experts import Aggregate
from bjstc_desktop.core.integrity import BLOCKING_RULE, Hit, IntegrityFacts


@dataclass(frozen=True)
class PanelFacts:
    """A case's panel as its checks see it: the aggregate, or why there is none yet."""

    aggregate: Aggregate | None
    problem: tuple[str, str] | None = None


def _split(ctx: CheckContext, facts: IntegrityFacts) -> tuple[list[Hit], list[Hit]]:
    blocking = set(ctx.rules.words(BLOCKING_RULE))
    hard = [h for h in facts.hits if h.record.measure in blocking]
    soft = [h for h in facts.hits if h.record.measure not in blocking]
    return hard, soft


def _lines(hits: list[Hit], hidden: int) -> tuple[str, str]:
    zh = [h.describe()[0] for h in hits] + ([f"另有 {hidden} 条您无权查看的记录命中，请联系安全保密管理员"] if hidden else [])
    en = [h.describe()[1] for h in hits] + ([f"{hidden} more hit(s) in records you may not read"] if hidden else [])
    return "；".join(zh), "; ".join(en)


@check_function("integrity_blocking")
def integrity_blocking(ctx: CheckContext) -> Outcome | None:
    """No party of the case is under a measure that blocks its intake (the rule names
    those measures) in a record in force for this duty."""
    facts = ctx.facts.get("integrity")
    if not isinstance(facts, IntegrityFacts):
        return None
    hard, _ = _split(ctx, facts)
    if not hard and not facts.hidden_blocking:
        return Outcome(True, "当事方均无阻止受理的在效失信记录。", "No party is under a blocking measure.")
    zh, en = _lines(hard, facts.hidden_blocking)
    return Outcome(False, f"当事方有在效的失信记录，不予受理：{zh}。", f"A party is under a blocking measure: {en}.")


@check_function("integrity_notice")
def integrity_notice(ctx: CheckContext) -> Outcome | None:
    """Records in force against a party whose measure does not block the intake: shown
    so the officer weighs them; nothing to show when there are none."""
    facts = ctx.facts.get("integrity")
    if not isinstance(facts, IntegrityFacts):
        return None
    _, soft = _split(ctx, facts)
    if not soft and not facts.hidden_other:
        return None
    zh, en = _lines(soft, facts.hidden_other)
    return Outcome(False, f"当事方有在效的失信记录，请审慎办理：{zh}。", f"A party has a record in force: {en}.")


@check_function("panel_aggregate")
def panel_aggregate(ctx: CheckContext) -> Outcome | None:
    """The expert panel has scored and its aggregate exists."""
    facts = ctx.facts.get("panel")
    if not isinstance(facts, PanelFacts):
        return None
    if facts.aggregate is not None:
        return Outcome(True, f"专家组评分：{facts.aggregate.describe()}。",
                       f"Panel score: {facts.aggregate.describe_en()}.")
    zh, en = facts.problem or ("尚未抽取专家组。", "No panel has been drawn.")
    return Outcome(False, f"专家组评分尚未完成：{zh}", f"The panel has not finished scoring: {en}")
