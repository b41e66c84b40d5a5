"""The expert panel of a case (专家评审): draw it at random with a recorded seed and the
case type's composition rules, avoiding whom 回避 excludes; replay any draw; replace a
member who declines or must withdraw, drawn the same way with the reason recorded;
enter scores and read the aggregate; issue the 专家邀请函 and the 评审意见汇总表.
`ws.panels`. Every change is one transaction with its timeline step, the case's
评审专家 table (when it has one), its revision and its audit event."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import CaseType, FieldKind, PanelDef
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.experts import (
    CONFIRMED,
    DECLINED,
    DRAWN,
    MEMBER_ACTIVE,
    REASONS,
    RECENT_REVIEW_RULE,
    RECUSED,
    Candidate,
    Exclusion,
    MemberLine,
    PanelNeed,
    draw_panel,
    draw_replacement,
    expert_total,
    panel_need,
    parse_disciplines,
    screen,
    table_rows,
)
from bjstc_desktop.core.i18n import label, pick
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.integrity import EXPERT_BAN_RULE, case_parties
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.rulevalues import RuleBook, rule_book
from bjstc_desktop.ops.case_changes import record_change
from bjstc_desktop.ops.duty_facts import panel_facts
from bjstc_desktop.ops.letters import LetterDraft, LetterOps, LetterResult
from bjstc_desktop.store.duty_models import Expert, PanelDraw, PanelMember
from bjstc_desktop.store.filed_guard import filed_among, refusal
from bjstc_desktop.store.models import Case, utcnow
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.repositories.experts import ExpertRepository, history_entry
from bjstc_desktop.store.repositories.integrity import IntegrityRepository
from bjstc_desktop.store.repositories.reference import RuleRepository
from bjstc_desktop.sync.revisions import record_register_revision

SUMMARY_ROWS = 30  # the 评审意见汇总表 template has this many member lines


@dataclass(frozen=True)
class MemberView:
    """A panel member as the case shows him."""

    expert_id: str
    name: str
    employer: str
    category: str
    status: str
    reason: str
    scores: dict[str, int]
    total: str | None
    opinion: str
    invitation_no: str | None

    def as_json(self) -> dict[str, Any]:
        """The member in `bjstc expert panel --json`."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class DrawView:
    """One recorded draw: what an auditor needs to replay it."""

    seq: int
    kind: str
    seed: str
    size: int
    fields: tuple[str, ...]
    need: tuple[tuple[str, int], ...]
    eligible: int
    excluded: tuple[tuple[str, str], ...]  # (expert name, reason in Chinese)
    chosen: tuple[str, ...]  # names
    reason: str
    drawn_on: str

    def as_json(self) -> dict[str, Any]:
        """The draw in `bjstc expert panel --json`."""
        data = dataclasses.asdict(self)
        data["need"] = [list(x) for x in self.need]
        data["excluded"] = [list(x) for x in self.excluded]
        return data


@dataclass(frozen=True)
class PanelView:
    """A case's panel: its rules, members, draws and the aggregate (or why there is none)."""

    case_id: str
    case_no: str
    method: str
    items: tuple[tuple[str, str], ...]  # (key, label) of the scored items; () : one score
    requirement: str
    members: tuple[MemberView, ...]
    draws: tuple[DrawView, ...]
    aggregate: str | None
    aggregate_text: str  # in Chinese, as the 评审意见汇总表 prints it
    problem: str | None
    aggregate_said: str = ""  # the same in the officer's language, for the screen and the CLI

    def as_json(self) -> dict[str, Any]:
        """The `bjstc expert panel --json` document."""
        return {"case_id": self.case_id, "case_no": self.case_no, "method": self.method,
                "items": [list(i) for i in self.items], "requirement": self.requirement,
                "members": [m.as_json() for m in self.members], "draws": [d.as_json() for d in self.draws],
                "aggregate": self.aggregate, "aggregate_text": self.aggregate_text, "problem": self.problem,
                "aggregate_said": self.aggregate_said}


@dataclass(frozen=True)
class ReplayResult:
    """A recorded draw computed again from its seed and pool."""

    seq: int
    kind: str
    recorded: tuple[str, ...]
    replayed: tuple[str, ...]

    @property
    def same(self) -> bool:
        """True when the replay gives exactly the recorded experts."""
        return self.recorded == self.replayed


def _need_of(draw: PanelDraw) -> PanelNeed:
    return PanelNeed(draw.size, tuple((c, int(n)) for c, n in json.loads(draw.need)))


def _pool_of(draw: PanelDraw) -> list[Candidate]:
    return [Candidate(i, "", category, ()) for i, category in json.loads(draw.pool)]


def replay_draw(draw: PanelDraw) -> ReplayResult:
    """Draw again from the recorded seed, eligible pool and need (first draw or
    replacement) and compare with the recorded choice."""
    pool = _pool_of(draw)
    replayed: tuple[str, ...]
    if draw.kind == "replace":
        replayed = (draw_replacement(pool, json.loads(draw.staying), _need_of(draw), draw.seed).id,)
    else:
        replayed = tuple(c.id for c in draw_panel(pool, _need_of(draw), draw.seed))
    return ReplayResult(draw.seq, draw.kind, tuple(json.loads(draw.chosen)), replayed)


class PanelOps:
    """Expert panels of cases, for one unlocked workstation (`ws.panels`)."""

    def __init__(self, ctx: LetterOps) -> None:
        self.ctx = ctx

    # ----- reading ------------------------------------------------------------------------------
    def panel(self, case_id: str) -> PanelView:
        """The case's panel as it stands."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            case, ct = self._case(s, case_id)
            return self._view(s, case, ct)

    def replay(self, case_id: str) -> list[ReplayResult]:
        """Every recorded draw of the case computed again from its seed (audited)."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.write() as s:
            case, _ = self._case(s, case_id)
            results = [replay_draw(d) for d in ExpertRepository(s, self.ctx.actor).draws(case)]
            self.ctx._audit(s, "panel_replay", "case", case.id, draws=len(results),
                            same=all(r.same for r in results))
            return results

    # ----- drawing --------------------------------------------------------------------------------
    def draw(self, case_id: str, size: int | None = None, fields: tuple[str, ...] | str = (),
             today: dt.date | None = None, seed: str | None = None) -> PanelView:
        """Draw the case's panel. `size`: at least the rule's; `fields`: discipline codes
        the experts must cover (none: any). The seed is made here unless given (for
        tests and replays; the command line and the GUI never take one). Refused when a
        panel stands (replace a member instead) or the pool cannot make the panel."""
        check_may_handle_cases(self.ctx.actor)
        day = today or dt.date.today()
        wanted = parse_disciplines(fields) if fields else ()
        with self.ctx.store.write() as s:
            case, ct = self._case(s, case_id, writing=True)
            repo = ExpertRepository(s, self.ctx.actor)
            members = repo.members(case)
            if any(m.status in MEMBER_ACTIVE for m, _ in members):
                raise RefusedError("本案已抽取专家组。专家谢绝或须回避时请补抽，不能重新抽取。",
                                   "This case has a panel; replace a member instead of drawing again.")
            book = self._book(s, ct)
            need = panel_need(_panel_of(ct), book, size)
            left_out = {m.expert_id: "declined" for m, _ in members}
            eligible, excluded = self._screen(s, case, ct, book, wanted, day, left_out)
            seed = seed or secrets.token_hex(16)
            chosen = draw_panel(eligible, need, seed, excluded)
            draw = self._record(s, case, "draw", seed, need, wanted, eligible, excluded, [c.id for c in chosen],
                                day, len(repo.draws(case)) + 1)
            for c in chosen:
                s.add(PanelMember(id=uuid7(), case_id=case.id, expert_id=c.id, draw_id=draw.id, status=DRAWN,
                                  category=c.category))
            s.flush()
            self._changed(s, case, ct, "panel_draw", {"seed": seed, "size": need.size, "experts": [c.id for c in chosen]}, day=day)
            return self._view(s, case, ct)

    def withdraw(self, case_id: str, expert: str, reason: str, status: str = DECLINED, replace: bool = True,
                 today: dt.date | None = None) -> PanelView:
        """A member declines (已谢绝) or must withdraw (回避): record it with the reason and,
        with `replace`, draw his replacement the same way (the case's seed, the pool as it
        is now, the composition still kept). Refused, changing nothing, when no
        replacement can be drawn; call again with replace=False to record the departure
        alone."""
        check_may_handle_cases(self.ctx.actor)
        if status not in (DECLINED, RECUSED):
            raise ValidationError(f"状态应为 {DECLINED} 或 {RECUSED}。", f"Status is {DECLINED} or {RECUSED}.",
                                  field="status")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("请写明谢绝或回避的理由。", "Give the reason.", field="reason")
        day = today or dt.date.today()
        with self.ctx.store.write() as s:
            case, ct = self._case(s, case_id, writing=True)
            repo = ExpertRepository(s, self.ctx.actor)
            member, leaving = repo.member(case, expert)
            if member.status not in MEMBER_ACTIVE:
                raise RefusedError(f"{leaving.name}已不在专家组中（{member.status}）。",
                                   f"{leaving.name} is no longer on the panel ({member.status}).")
            member.status, member.reason, member.updated_at = status, reason, utcnow()
            details: dict[str, Any] = {"expert": leaving.id, "status": status, "reason": reason}
            if replace:
                draws = repo.draws(case)
                book = self._book(s, ct)
                need = _need_of(draws[0])
                staying = [m.category for m, _ in repo.members(case) if m.status in MEMBER_ACTIVE]
                left_out = {m.expert_id: ("member" if m.status in MEMBER_ACTIVE else "declined")
                            for m, _ in repo.members(case)}
                eligible, excluded = self._screen(s, case, ct, book, tuple(f for f in draws[0].fields.split(",") if f),
                                                  day, left_out)
                new = draw_replacement(eligible, staying, need, draws[0].seed, excluded)
                draw = self._record(s, case, "replace", draws[0].seed, need, (), eligible, excluded, [new.id], day,
                                    len(draws) + 1, reason=reason, staying=staying, replaced=member.id)
                s.add(PanelMember(id=uuid7(), case_id=case.id, expert_id=new.id, draw_id=draw.id, status=DRAWN,
                                  category=new.category))
                s.flush()
                details["replacement"] = new.id
            self._changed(s, case, ct, "panel_replace" if replace else "panel_withdraw", details, opinion=reason,
                          day=day)
            return self._view(s, case, ct)

    def confirm(self, case_id: str, expert: str) -> PanelView:
        """The expert accepted the invitation (已确认)."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.write() as s:
            case, ct = self._case(s, case_id, writing=True)
            member, e = ExpertRepository(s, self.ctx.actor).member(case, expert)
            if member.status != DRAWN:
                raise RefusedError(f"{e.name}的状态为“{member.status}”，不能确认。",
                                   f"{e.name} is {member.status}; nothing to confirm.")
            member.status, member.updated_at = CONFIRMED, utcnow()
            self._changed(s, case, ct, "panel_confirm", {"expert": e.id})
            return self._view(s, case, ct)

    def score(self, case_id: str, expert: str, scores: dict[str, Any], opinion: str = "",
              today: dt.date | None = None) -> PanelView:
        """Enter one member's scores (the case type's items, or one "score") and opinion;
        his total is computed by the type's method. Recorded in his review history."""
        check_may_handle_cases(self.ctx.actor)
        day = today or dt.date.today()
        with self.ctx.store.write() as s:
            case, ct = self._case(s, case_id, writing=True)
            repo = ExpertRepository(s, self.ctx.actor)
            member, e = repo.member(case, expert)
            if member.status not in MEMBER_ACTIVE:
                raise RefusedError(f"{e.name}已不在专家组中（{member.status}），不能评分。",
                                   f"{e.name} is no longer on the panel ({member.status}).")
            allowed = {i.key for i in _panel_of(ct).items} or {"score"}
            unknown = sorted(set(scores) - allowed)
            if unknown:
                raise ValidationError(f"没有评分项：{'、'.join(unknown)}（应为：{'、'.join(sorted(allowed))}）。",
                                      f"Unknown score item(s): {', '.join(unknown)}.", field="score")
            total = expert_total(_panel_of(ct), scores, self._book(s, ct))
            member.scores = json.dumps({k: int(v) for k, v in scores.items()}, ensure_ascii=False)
            member.total, member.opinion = str(total), (opinion or "").strip()
            member.scored_on, member.updated_at = day, utcnow()
            if member.status == DRAWN:
                member.status = CONFIRMED
            self._remember(s, e, case, ct, day)
            self._changed(s, case, ct, "panel_score", {"expert": e.id, "total": str(total)}, day=day)
            return self._view(s, case, ct)

    # ----- letters -----------------------------------------------------------------------------
    # Each panel letter can be drafted (unnumbered, nothing registered: the desk previews it)
    # and issued (numbered and registered) from the very same values.
    def _invite_values(self, case_id: str, expert: str, review_time: str, review_place: str,
                       phone: str) -> tuple[str, dict[str, str]]:
        """The member row and the 专家邀请函's values; refused for a member no longer on the panel."""
        check_may_handle_cases(self.ctx.actor)
        with self.ctx.store.read() as s:
            case, _ = self._case(s, case_id)
            member, e = ExpertRepository(s, self.ctx.actor).member(case, expert)
            if member.status not in MEMBER_ACTIVE:
                raise RefusedError(f"{e.name}已不在专家组中，不能邀请。", f"{e.name} is no longer on the panel.")
            member_id, name = member.id, e.name
        values = {"expert": name, "review_time": review_time, "review_place": review_place, "phone": phone}
        return member_id, {k: v for k, v in values.items() if v}

    def draft_invite(self, case_id: str, expert: str, review_time: str = "", review_place: str = "",
                     phone: str = "", signer: str = "", issue_date: dt.date | None = None,
                     force_date: bool = False) -> LetterDraft:
        """The 专家邀请函 `invite` would issue, unnumbered (LetterOps.render_draft)."""
        _, values = self._invite_values(case_id, expert, review_time, review_place, phone)
        return self.ctx.render_draft(case_id, "expert_invitation", signer=signer, values=values,
                                            issue_date=issue_date, force_date=force_date)

    def invite(self, case_id: str, expert: str, out_path: Path | None, review_time: str = "",
               review_place: str = "", phone: str = "", signer: str = "",
               issue_date: dt.date | None = None, force_date: bool = False) -> LetterResult:
        """Issue the 专家邀请函 to one member (numbered and registered like any letter)."""
        member_id, values = self._invite_values(case_id, expert, review_time, review_place, phone)
        result = self.ctx.issue(case_id, "expert_invitation", out_path, signer=signer, values=values,
                                       issue_date=issue_date, force_date=force_date)
        with self.ctx.store.write() as s:
            row = s.get(PanelMember, member_id)
            assert row is not None
            row.invitation_no, row.updated_at = result.number, utcnow()
        return result

    def _summary_values(self, case_id: str) -> dict[str, str]:
        """The 评审意见汇总表's values: every member with his score and opinion, who left and
        why, and the aggregate. Refused until the aggregate exists."""
        check_may_handle_cases(self.ctx.actor)
        view = self.panel(case_id)
        if view.aggregate is None:
            raise RefusedError(f"专家组评分尚未完成，不能出具汇总表：{view.problem}",
                               f"The panel has not finished scoring: {view.problem}")
        active = [m for m in view.members if m.status in MEMBER_ACTIVE]
        if len(active) > SUMMARY_ROWS:
            raise RefusedError(f"汇总表最多列 {SUMMARY_ROWS} 位专家。", f"The summary lists at most {SUMMARY_ROWS} experts.")
        values = {f"row{i}": f"{i}. {m.name}（{m.employer}，{m.category}）：评分 {m.total}。"
                             + (f"意见：{m.opinion}" if m.opinion else "")
                  for i, m in enumerate(active, start=1)}
        counts: dict[str, int] = {}
        for m in active:
            counts[m.category] = counts.get(m.category, 0) + 1
        values["panel"] = f"{len(active)} 人（" + "、".join(f"{c} {n} 人" for c, n in counts.items()) + "）"
        values["aggregate"] = view.aggregate_text
        gone = [f"{m.name}（{m.status}：{m.reason}）" for m in view.members if m.status not in MEMBER_ACTIVE]
        if gone:
            values["changes"] = "；".join(gone) + "，均已按原抽取方式补抽。"
        return values

    def draft_summary(self, case_id: str, signer: str = "", issue_date: dt.date | None = None,
                      force_date: bool = False) -> LetterDraft:
        """The 评审意见汇总表 `summary` would issue, unnumbered."""
        return self.ctx.render_draft(case_id, "review_summary", signer=signer,
                                            values=self._summary_values(case_id), issue_date=issue_date,
                                            force_date=force_date)

    def summary(self, case_id: str, out_path: Path | None, signer: str = "",
                issue_date: dt.date | None = None, force_date: bool = False) -> LetterResult:
        """Issue the 评审意见汇总表 (numbered and registered like any letter)."""
        return self.ctx.issue(case_id, "review_summary", out_path, signer=signer,
                                     values=self._summary_values(case_id), issue_date=issue_date,
                                     force_date=force_date)

    # ----- helpers -----------------------------------------------------------------------------
    def _case(self, s: Session, case_id: str, writing: bool = False) -> tuple[Case, CaseType]:
        case = CaseRepository(s, self.ctx.actor).get(case_id)
        ct = lookup_case_type(case.case_type)
        _panel_of(ct)
        if writing:
            filed = filed_among(s, {case.id})
            if filed:
                raise refusal(filed[case.id])
            if case.closed_on is not None:
                raise RefusedError("案件已办结，不能再抽取或更换专家。", "The case is closed; its panel cannot change.")
        return case, ct

    @staticmethod
    def _book(s: Session, ct: CaseType) -> RuleBook:
        return rule_book(ct, RuleRepository(s).values())

    def _screen(self, s: Session, case: Case, ct: CaseType, book: RuleBook, wanted: tuple[str, ...], day: dt.date,
                left_out: dict[str, str]) -> tuple[list[Candidate], list[Exclusion]]:
        barred = self._barred(s, case.module, book, day)
        pool = ExpertRepository(s, self.ctx.actor).candidates(case.module, barred, int(case.classification))
        parties = case_parties(ct, CaseRepository(s, self.ctx.actor).fields_of(case))
        return screen(pool, parties, wanted, day, book.integer(RECENT_REVIEW_RULE), left_out,
                      ct.panel.categories if ct.panel else ())

    def _barred(self, s: Session, module: str, book: RuleBook, day: dt.date) -> set[str]:
        """The subject tokens of ID numbers under a measure that bars reviewing, in force
        for `module` (every record counts, whether the actor may read it or not)."""
        ban = set(book.words(EXPERT_BAN_RULE))
        return {token for r, token in IntegrityRepository(s, self.ctx.actor).persons_under(ban)
                if r.in_force(day) and r.concerns(module)}

    def _record(self, s: Session, case: Case, kind: str, seed: str, need: PanelNeed, wanted: tuple[str, ...],
                eligible: list[Candidate], excluded: list[Exclusion], chosen: list[str], day: dt.date, seq: int,
                reason: str = "", staying: list[str] | None = None, replaced: str | None = None) -> PanelDraw:
        draw = PanelDraw(id=uuid7(), case_id=case.id, seq=seq, kind=kind, seed=seed, size=need.size,
                         fields=",".join(wanted), need=json.dumps([list(x) for x in need.minimum], ensure_ascii=False),
                         pool=json.dumps([[c.id, c.category] for c in eligible], ensure_ascii=False),
                         excluded=json.dumps([[x.expert_id, x.reason] for x in excluded]),
                         chosen=json.dumps(chosen), staying=json.dumps(staying or [], ensure_ascii=False),
                         reason=reason, replaced_member_id=replaced, drawn_on=day, drawn_by=self.ctx.actor.user_id)
        s.add(draw)
        s.flush()
        return draw

    def _remember(self, s: Session, e: Expert, case: Case, ct: CaseType, day: dt.date) -> None:
        """His review history: one entry per principal party of the case, once."""
        from sqlalchemy import select

        from bjstc_desktop.store.duty_models import ExpertReview

        done = {r.applicant_number for r in s.execute(select(ExpertReview).where(  # objects: sealed above 公开
            ExpertReview.expert_id == e.id, ExpertReview.case_id == case.id)).scalars()}
        for party in case_parties(ct, CaseRepository(s, self.ctx.actor).fields_of(case)).applicants:
            if party.number not in done:
                s.add(history_entry(e.id, case.id, party.kind, party.number, party.name, day))
        record_register_revision(s, e, self.ctx.wfile.node_id, self.ctx.actor.name)

    def _changed(self, s: Session, case: Case, ct: CaseType, action: str, details: dict[str, Any],
                 opinion: str | None = None, day: dt.date | None = None) -> None:
        """The case's table, timeline (its entry on `day` when that is past), index,
        revision and audit after a panel change."""
        repo = CaseRepository(s, self.ctx.actor)
        table = ct.field("experts")
        if table is not None and table.kind is FieldKind.ROWS:
            lines = [MemberLine(e.name, e.employer, m.category, m.status, m.reason,
                                Decimal(m.total) if m.total else None, m.opinion)
                     for m, e in ExpertRepository(s, self.ctx.actor).members(case)]
            repo.set_fields(case, ct, {"experts": table_rows(table, lines) or None})
        record_change(s, self.ctx, case, action, opinion=opinion, details=details, audit=action,
                      audit_details={"case_no": case.case_no, **details}, on=day)

    def _view(self, s: Session, case: Case, ct: CaseType) -> PanelView:
        repo = ExpertRepository(s, self.ctx.actor)
        panel = ct.panel
        assert panel is not None
        book = self._book(s, ct)
        names = {e.id: e.name for _, e in repo.members(case)}
        members = tuple(MemberView(e.id, e.name, e.employer, m.category, m.status, m.reason, json.loads(m.scores or "{}"),
                                   m.total, m.opinion, m.invitation_no) for m, e in repo.members(case))
        draws = []
        for d in repo.draws(case):
            excluded = json.loads(d.excluded)
            ids = {i for i, _ in excluded} | set(json.loads(d.chosen))
            named = {**{e.id: e.name for e in s.query(Expert).filter(Expert.id.in_(sorted(ids)))}, **names}
            draws.append(DrawView(d.seq, d.kind, d.seed, d.size, tuple(f for f in d.fields.split(",") if f),
                                  _need_of(d).minimum, len(json.loads(d.pool)),
                                  tuple((named.get(i, i), pick(*REASONS[r]) if r in REASONS else r) for i, r in excluded),
                                  tuple(named.get(i, i) for i in json.loads(d.chosen)), d.reason, d.drawn_on.isoformat()))
        try:
            requirement = pick(*panel_need(panel, book).describe())
        except RefusedError as exc:
            requirement = pick(exc.zh, exc.en)
        facts = panel_facts(s, self.ctx.actor, case, ct, book)
        agg = facts.aggregate if facts else None
        problem = pick(*facts.problem) if facts and facts.problem else None
        return PanelView(case.id, case.case_no, panel.method, tuple((i.key, label(i)) for i in panel.items), requirement,
                         members, tuple(draws), str(agg.value) if agg else None, agg.describe() if agg else "", problem,
                         pick(agg.describe(), agg.describe_en()) if agg else "")


def _panel_of(ct: CaseType) -> PanelDef:
    """The case type's panel rules; refused for a type that has no expert panel."""
    if ct.panel is None:
        raise RefusedError(f"“{ct.name}”不组织专家评审。", f"A {ct.code} case has no expert panel.")
    return ct.panel
