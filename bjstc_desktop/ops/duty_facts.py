"""What the store knows about a case that its checks need beside its fields: the 科研失信
hits of its parties and its expert panel's aggregate (core/checklib/shared.py reads them).
Every check run of a stored case passes these, so the 形式审查 check and the gate out of
专家评审 hold on every path that acts on a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType
from bjstc_desktop.core.checklib.shared import PanelFacts
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.experts import MEMBER_ACTIVE, aggregate, composition_problem, panel_need
from bjstc_desktop.core.integrity import BLOCKING_RULE, IntegrityFacts, case_parties, hits
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.core.rulevalues import RuleBook, rule_book
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.experts import ExpertRepository
from bjstc_desktop.store.repositories.integrity import IntegrityRepository


def integrity_facts(s: Session, actor: Actor, module: str, ct: CaseType, fields: Mapping[str, Any],
                    book: RuleBook, today: dt.date) -> IntegrityFacts:
    """The hits of the parties the fields name, in records in force today for `module`;
    hits the actor may not read are counted, not shown."""
    parties = case_parties(ct, fields)
    if not parties.all:
        return IntegrityFacts()
    found = IntegrityRepository(s, actor).naming(p.number for p in parties.all)
    readable = {r.id for r, visible in found if visible}
    everything = hits((r for r, _ in found), parties, module, today)
    blocking = set(book.words(BLOCKING_RULE))
    hidden = [h for h in everything if h.record.id not in readable]
    return IntegrityFacts(hits=tuple(h for h in everything if h.record.id in readable),
                          hidden_blocking=sum(1 for h in hidden if h.record.measure in blocking),
                          hidden_other=sum(1 for h in hidden if h.record.measure not in blocking))


def panel_facts(s: Session, actor: Actor, case: Case, ct: CaseType, book: RuleBook) -> PanelFacts | None:
    """The panel's aggregate, or what keeps it from existing yet (no panel, too few
    members, a quota unmet, members who have not scored)."""
    if ct.panel is None:
        return None
    members = ExpertRepository(s, actor).members(case)
    if not members:
        return PanelFacts(None, ("尚未抽取专家组。", "No panel has been drawn."))
    active = [(m, e) for m, e in members if m.status in MEMBER_ACTIVE]
    try:
        need = panel_need(ct.panel, book, max(len(active), book.integer(ct.panel.size_rule)))
    except RefusedError as exc:
        return PanelFacts(None, (exc.zh, exc.en))
    problem = composition_problem(need, [m.category for m, _ in active])
    if problem:
        return PanelFacts(None, problem)
    unscored = [e.name for m, e in active if m.total is None]
    if unscored:
        return PanelFacts(None, (f"尚未评分：{'、'.join(unscored)}。", f"Not scored yet: {', '.join(unscored)}."))
    try:
        return PanelFacts(aggregate(ct.panel.method, [Decimal(m.total or "0") for m, _ in active]))
    except RefusedError as exc:
        return PanelFacts(None, (exc.zh, exc.en))


def case_facts(s: Session, actor: Actor, case: Case, ct: CaseType, fields: Mapping[str, Any],
               rules: Mapping[str, str], today: dt.date) -> dict[str, Any]:
    """Every fact the shared checks read, for `run_checks(..., facts=)`."""
    book = rule_book(ct, rules)
    facts: dict[str, Any] = {"integrity": integrity_facts(s, actor, case.module, ct, fields, book, today)}
    panel = panel_facts(s, actor, case, ct, book)
    if panel is not None:
        facts["panel"] = panel
    return facts
