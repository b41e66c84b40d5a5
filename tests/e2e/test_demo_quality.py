"""`bjstc demo` data is realistic (modules issue, point 9): every case type, valid USCCs
and ID numbers, real Beijing districts, plausible amounts and dates, many states, some
overdue. Read straight from the store, so masking in the views hides nothing here."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES, all_case_types
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.validators.districts import beijing_districts, validate_district
from bjstc_desktop.core.validators.idcard import validate_id_number
from bjstc_desktop.core.validators.uscc import validate_uscc
from bjstc_desktop.demo import populate
from bjstc_desktop.store import kdf
from bjstc_desktop.store.models import Case, CaseField
from tests.conftest import ADMIN_PASS, FAST_KDF, OFFICER_PASS, make_station

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        st = make_station(tmp_path_factory.mktemp("demo") / "ws", officers={"zhang": (Level.SECRET, "all")})
        with st.open("admin", ADMIN_PASS) as admin:
            admin.add_user("li", Role.APPROVER, OFFICER_PASS, Level.SECRET, frozenset(MODULE_CODES))
        officer, approver = st.open(), st.open("li", OFFICER_PASS)
        made = populate(officer, 2 * len(all_case_types()), seed=11, today=TODAY, others=[approver])
        approver.close()
        with officer.store.read() as s:
            cases = list(s.execute(select(Case)).scalars())
            fields = list(s.execute(select(CaseField)).scalars())
            s.expunge_all()
        officer.close()
        yield made, cases, fields


def test_every_case_type_is_there_with_cases_in_many_states(demo) -> None:  # type: ignore[no-untyped-def]
    made, cases, _ = demo
    assert made == len(cases) >= 2 * len(all_case_types()) - 4  # the rules may refuse an odd invented case
    assert {c.case_type for c in cases} == {t.code for t in all_case_types()}
    states = Counter((c.case_type, c.state) for c in cases)
    assert len(states) >= 60  # walked along their workflows, not all left at the first state
    assert sum(1 for c in cases if c.closed_on is not None) >= 5
    assert sum(1 for c in cases if c.closed_on is None and c.due_on and c.due_on < TODAY) >= 1  # some overdue


def test_identifiers_are_valid_and_districts_are_beijings(demo) -> None:  # type: ignore[no-untyped-def]
    _, _, fields = demo
    kinds = Counter(f.kind for f in fields)
    assert kinds[FieldKind.USCC] >= 30 and kinds[FieldKind.ID_NUMBER] >= 5 and kinds[FieldKind.DISTRICT] >= 10
    bad = [f.text_value for f in fields if f.kind == FieldKind.USCC and not validate_uscc(f.text_value or "").valid]
    bad += [f.text_value for f in fields
            if f.kind == FieldKind.ID_NUMBER and not validate_id_number(f.text_value or "", TODAY).valid]
    assert bad == []
    beijing = {d.code for d in beijing_districts()}
    districts = [f.text_value for f in fields if f.kind == FieldKind.DISTRICT]
    assert all(validate_district(d or "").valid for d in districts)
    assert sum(1 for d in districts if d in beijing) >= len(districts) * 0.8  # mostly Beijing's own


def test_amounts_and_dates_are_plausible(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, fields = demo
    money = [f.int_value for f in fields if f.kind == FieldKind.MONEY and f.int_value is not None]
    assert money and all(0 <= m <= 10**13 for m in money)  # at most 1,000 亿元, in 分
    assert len(set(money)) >= 10  # varied (officers do see round sums such as 20万), not one constant
    received = [c.received_on for c in cases]
    assert all(TODAY - dt.timedelta(days=400) <= r <= TODAY for r in received)


def test_cases_with_a_panel_leave_expert_review_with_a_drawn_and_scored_panel(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, fields = demo
    by_id = {c.id: c for c in cases}
    panelled = {t.code for t in all_case_types() if t.panel is not None and t.field("experts") is not None}
    scored = [f for f in fields if f.key == "experts" and by_id[f.case_id].case_type in panelled
              and f.json_value and '"score"' in f.json_value]
    assert len({by_id[f.case_id].case_type for f in scored}) >= 3
    past_review = [c for c in cases if c.case_type in panelled and c.state not in ("专家评审",)
                   and any(f.case_id == c.id and f.key == "experts" for f in fields)]
    assert past_review
