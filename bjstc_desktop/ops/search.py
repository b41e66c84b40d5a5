"""Search and sorted lists: the one place the CLI's `bjstc search` and the GUI's global
search (Ctrl+F), per-tab search and sortable duty lists read from, so they give the same
answers. Every read is filtered by the acting user's clearance and module scope."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bjstc_desktop.core.casetypes import FieldDef, FieldKind
from bjstc_desktop.core.i18n import tr
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.searchquery import CaseSort, SearchQuery
from bjstc_desktop.core.searchtext import mentions, query_terms
from bjstc_desktop.core.validators import district, mask_id_number
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.ops.reminders import reminder_for
from bjstc_desktop.ops.views import CaseListPage, CaseView, case_view
from bjstc_desktop.store.models import Letter, Person
from bjstc_desktop.store.repositories.case_lists import Cursor, sorted_page
from bjstc_desktop.store.repositories.case_search import search_cases
from bjstc_desktop.store.repositories.cases import CaseFilter, CaseRepository
from bjstc_desktop.store.repositories.users import user_names

EXCERPT_CHARS = 40


class SearchOps(OpsPart):
    """Ranked search with structured filters, and keyset-paged sorted lists."""

    def search(self, text: str = "", module: str | None = None, limit: int = 200, *,
               query: SearchQuery | None = None) -> list[CaseView]:
        """Visible cases matching `text` (titles, 案号, 发文字号, USCCs, ID numbers, party
        and person names, opinions, field text), best first; or matching `query`, which
        also carries the structured filters. ID numbers never appear unmasked."""
        check_may_handle_cases(self.actor)
        q = query if query is not None else SearchQuery(text=text, module=module, limit=limit)
        with self.store.read() as s:
            rows = search_cases(CaseRepository(s, self.actor), q)
            names = user_names(s)
            remind = reminder_for(s)
            return [case_view(c, names.get(c.handler_id), reminder=remind) for c in rows]

    def page(self, module: str | None = None, case_type: str | None = None,
                  state: str | tuple[str, ...] | None = None,
                  sort: CaseSort | None = None, cursor: Cursor | None = None, limit: int = 100,
                  mine: bool = False, today: dt.date | None = None) -> CaseListPage:
        """One page of visible cases in `sort` order after `cursor` (None: the first
        page). Each page is one index range read, however many cases there are."""
        check_may_handle_cases(self.actor)
        flt = CaseFilter(module=module, case_type=case_type, state=state,
                         handler_id=self.actor.user_id if mine else None)
        with self.store.read() as s:
            page = sorted_page(CaseRepository(s, self.actor), flt, sort or CaseSort(), cursor, max(1, limit))
            names = user_names(s)
            remind = reminder_for(s, today)
            rows = [case_view(c, names.get(c.handler_id), reminder=remind) for c in page.rows]
            return CaseListPage(rows, page.cursor, page.more)

    def why_matched(self, case_id: str, text: str) -> list[str]:
        """Where the words of a search occur in one case, as "label：text" lines (ID
        numbers masked, long texts cut), for the result the officer has selected."""
        check_may_handle_cases(self.actor)
        terms = query_terms(text)
        if not terms:
            return []
        with self.store.read() as s:
            repo = CaseRepository(s, self.actor)
            case = repo.get(case_id)
            ct = lookup_case_type(case.case_type)
            sources: list[tuple[str, str, bool]] = [(tr("标题", "Title"), case.title, False),
                                                    (tr("案号", "Case no."), case.case_no, False)]
            for key, value in repo.fields_of(case).items():
                sources += _field_sources(ct.field(key), key, value)
            parties = repo.parties(case)
            sources += [(p.role, o.name, False) for p, o in parties if o is not None]
            sources += [(p.role, o.uscc or "", False) for p, o in parties if o is not None]
            for p, _ in parties:
                person = s.get(Person, p.person_id) if p.person_id else None
                if person is not None:
                    sources += [(p.role, person.name, False), (p.role, person.id_number or "", True)]
            sources += [(tr("意见", "Opinion"), e.opinion, False) for e in repo.timeline(case) if e.opinion]
            numbers = select(Letter.number).where(Letter.case_id == case.id)
            sources += [(tr("发文字号", "Document no."), n, False) for n in s.execute(numbers).scalars()]
        out: list[str] = []
        for label, value, secret in sources:
            if value and mentions(value, terms):
                shown = mask_id_number(value) if secret else _excerpt(value)
                line = f"{label}：{shown}"
                if line not in out:
                    out.append(line)
        return out


def _field_sources(fdef: FieldDef | None, key: str, value: object) -> list[tuple[str, str, bool]]:
    """A field's texts as (label, text, is an ID number); districts also by name."""
    label = fdef.label if fdef else key
    if isinstance(value, str):
        named = district(value) if fdef is not None and fdef.kind is FieldKind.DISTRICT else None
        return [(label, named.name if named else value, fdef is not None and fdef.kind is FieldKind.ID_NUMBER)]
    if isinstance(value, list) and fdef is not None:
        kinds = {c.key: c for c in fdef.columns}
        return [(f"{label}·{kinds[k].label if k in kinds else k}", v, k in kinds and kinds[k].kind is FieldKind.ID_NUMBER)
                for row in value if isinstance(row, dict) for k, v in row.items() if isinstance(v, str)]
    return []


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
