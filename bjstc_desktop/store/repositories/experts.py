"""The expert pool and the panels of cases, seen through the acting user: an expert by
his classification and module scope (store/repositories/scope.py), a panel exactly when
its case is visible."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import NotFoundError
from bjstc_desktop.core.experts import Candidate, PastReview
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store.duty_models import (
    Expert,
    ExpertRelation,
    ExpertReview,
    PanelDraw,
    PanelMember,
    subject_token,
)
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.repositories.scope import decode_scope, scoped_visible
from bjstc_desktop.store.sealing import is_locked, keys_of

CHUNK = 500


class ExpertRepository:
    """Experts, their relations and history, and panels, for one acting user."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def _visible(self) -> ColumnElement[bool]:
        return scoped_visible(self.actor, Expert.classification, Expert.modules)

    # ----- experts -------------------------------------------------------------------------
    def get(self, key: str) -> Expert:
        """A visible expert by id or ID number; NotFound also when not visible."""
        number = key.strip().upper()
        q = select(Expert).where(self._visible(), (Expert.id == key) | (Expert.id_number == number)
                                 | (Expert.token == subject_token(keys_of(self.session), number)))
        found = self.session.execute(q).scalar_one_or_none()
        if found is None:
            raise NotFoundError(f"找不到专家“{key}”，或您无权查看。", f"Expert {key!r} does not exist or you may not see it.")
        return found

    def page(self, text: str = "", status: str | None = None, category: str | None = None,
             discipline: str | None = None, after_id: str | None = None, limit: int | None = 200) -> list[Expert]:
        """Visible experts by name order of insertion (newest first), keyset-paged on id;
        `text` matches name, employer or title; `discipline` a code or its prefix."""
        conds = [self._visible()]
        wanted = text.strip()
        if wanted:
            like = f"%{wanted}%"
            # a sealed expert's name is matched once opened (below)
            conds.append(or_(Expert.name.like(like), Expert.employer.like(like), Expert.professional_title.like(like),
                             Expert.sealed.is_not(None)))
        if status:
            conds.append(Expert.status == status)
        if category:
            conds.append(Expert.category == category)
        if discipline:
            d = discipline.strip()
            conds.append(or_(("," + Expert.disciplines + ",").like(f"%,{d},%"),
                             ("," + Expert.disciplines + ",").like(f"%,{d}.%")))
        if after_id:
            conds.append(Expert.id < after_id)
        q = select(Expert).where(*conds).order_by(Expert.id.desc())
        if not wanted:
            return list(self.session.execute(q if limit is None else q.limit(limit)).scalars())
        found = (e for e in self.session.execute(q).scalars()
                 if e.sealed is None or any(wanted in (v or "") for v in (e.name, e.employer, e.professional_title)))
        return list(found) if limit is None else list(itertools.islice(found, limit))

    def count(self) -> int:
        """Visible experts."""
        return self.session.execute(select(func.count()).select_from(Expert).where(self._visible())).scalar_one()

    def by_id_numbers(self, numbers: Iterable[str]) -> dict[str, Expert]:
        """Every expert (visible or not: an ID number must not be entered twice) by ID number."""
        return experts_by_id_number(self.session, numbers)

    def relations(self, expert: Expert) -> list[ExpertRelation]:
        """His declared relationships, oldest first."""
        q = select(ExpertRelation).where(ExpertRelation.expert_id == expert.id).order_by(ExpertRelation.created_at)
        return list(self.session.execute(q).scalars())

    def reviews(self, expert: Expert) -> list[tuple[ExpertReview, Case | None]]:
        """His review history, newest first, with the case when the actor may see it
        (a review sealed above the actor, of a case he cannot read, is left out)."""
        q = (select(ExpertReview, Case).outerjoin(Case, (Case.id == ExpertReview.case_id) & visible_to(self.actor))
             .where(ExpertReview.expert_id == expert.id).order_by(ExpertReview.reviewed_on.desc()))
        return [(r, c) for r, c in self.session.execute(q) if not is_locked(r)]

    # ----- the pool of a draw ----------------------------------------------------------------
    def candidates(self, module: str, barred: set[str], level: int = 3) -> list[Candidate]:
        """Every expert the actor may see whose scope covers `module` and whose
        classification is at most `level` (the case's: a panel is read, and travels, at
        the case's level, so it never names an expert above it), as the draw sees him
        (relations and past reviews included); `barred`: the subject tokens
        (duty_models.subject_token) of ID numbers under a 失信 measure that bars
        reviewing, so that a record sealed above the actor still bars."""
        scope_ok = or_(Expert.modules == "", Expert.modules.like(f"%,{module},%"))
        experts = [e for e in self.session.execute(select(Expert).where(self._visible(), scope_ok,
                                                                        Expert.classification <= level)).scalars()
                   if not is_locked(e)]  # sealed with a key the actor lacks: not drawn by him
        ids = [e.id for e in experts]
        relations: dict[str, list[tuple[str, str]]] = {}
        reviews: dict[str, list[PastReview]] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            for r in self.session.execute(select(ExpertRelation).where(ExpertRelation.expert_id.in_(chunk))).scalars():
                relations.setdefault(r.expert_id, []).append((r.kind, r.number))
            q = select(ExpertReview).where(ExpertReview.expert_id.in_(chunk))
            for v in self.session.execute(q).scalars():
                if is_locked(v):  # a review of a case above the actor: its applicant is sealed
                    continue
                reviews.setdefault(v.expert_id, []).append(
                    PastReview((v.applicant_kind, v.applicant_number), v.reviewed_on))
        keys = keys_of(self.session)
        return [candidate(e, relations.get(e.id, ()), reviews.get(e.id, ()),
                          subject_token(keys, e.id_number) in barred) for e in experts]

    # ----- panels (through the case) -----------------------------------------------------------
    def draws(self, case: Case) -> list[PanelDraw]:
        """The case's draws in order (the caller got `case` through CaseRepository)."""
        q = select(PanelDraw).where(PanelDraw.case_id == case.id).order_by(PanelDraw.seq)
        return list(self.session.execute(q).scalars())

    def members(self, case: Case) -> list[tuple[PanelMember, Expert]]:
        """The case's panel members with their experts, in the order they were drawn."""
        q = (select(PanelMember, Expert).join(Expert, Expert.id == PanelMember.expert_id)
             .where(PanelMember.case_id == case.id).order_by(PanelMember.created_at, PanelMember.id))
        return [(m, e) for m, e in self.session.execute(q)]

    def member(self, case: Case, expert_key: str) -> tuple[PanelMember, Expert]:
        """One member of the case's panel, by expert id, ID number or name."""
        found = [(m, e) for m, e in self.members(case) if expert_key in (e.id, e.id_number, e.name, m.id)]
        if len(found) != 1:
            raise NotFoundError(f"本案专家组中没有“{expert_key}”。" if not found else f"本案专家组中有多位“{expert_key}”，请用身份证号。",
                                f"No panel member {expert_key!r} on this case." if not found
                                else f"Several members are called {expert_key!r}; use the ID number.")
        return found[0]

    def panel_cases(self, expert: Expert) -> list[Case]:
        """The visible cases whose panel he is on."""
        q = (select(Case).join(PanelMember, PanelMember.case_id == Case.id)
             .where(PanelMember.expert_id == expert.id, visible_to(self.actor)).order_by(Case.id.desc()))
        return list(self.session.execute(q).scalars())


def candidate(e: Expert, relations: Sequence[tuple[str, str]] = (), reviews: Sequence[PastReview] = (),
              barred: bool = False) -> Candidate:
    """A stored expert as the draw sees him."""
    return Candidate(e.id, e.name, e.category, tuple(c for c in e.disciplines.split(",") if c), e.employer_uscc,
                     e.id_number, e.status, tuple(relations), tuple(reviews), barred)


def scope_of(e: Expert) -> tuple[str, ...]:
    """The duty modules an expert serves (empty: every duty)."""
    return decode_scope(e.modules)


def history_entry(expert_id: str, case_id: str | None, kind: str, number: str, name: str,
                  day: dt.date, source: str = "panel") -> ExpertReview:
    """A row of an expert's review history."""
    from bjstc_desktop.core.ids import uuid7

    return ExpertReview(id=uuid7(), expert_id=expert_id, case_id=case_id, applicant_kind=kind,
                        applicant_number=number, applicant_name=name, reviewed_on=day, source=source)


def experts_by_id_number(session: Session, numbers: Iterable[str]) -> dict[str, Expert]:
    """Every expert, whoever may see him, by ID number: a sealed one by his token."""
    out: dict[str, Expert] = {}
    values = sorted(set(numbers))
    keys = keys_of(session)
    for i in range(0, len(values), CHUNK):
        chunk = values[i:i + CHUNK]
        tokens = {subject_token(keys, n): n for n in chunk}  # a sealed expert, opened or not
        q = select(Expert).where(or_(Expert.id_number.in_(chunk), Expert.token.in_(sorted(tokens))))
        out.update({tokens.get(e.token or "", e.id_number): e for e in session.execute(q).scalars()})
    return out
