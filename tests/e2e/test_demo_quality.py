"""`bjstc demo` data is realistic (modules issue, point 9; issue 16 point 12): every case
type, valid USCCs and ID numbers, real Beijing districts, plausible amounts and dates,
many states, some overdue; every value fits its field (kind and a plausibility rule per
field), dates run in a sensible order, titles read as an officer writes them and
classifications vary. Read straight from the store, so masking in the views hides
nothing here."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.checks import run_checks
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES, all_case_types, case_type
from bjstc_desktop.core.roles import Role
from bjstc_desktop.core.validators import validate
from bjstc_desktop.core.validators.districts import beijing_districts, validate_district
from bjstc_desktop.core.validators.idcard import validate_id_number
from bjstc_desktop.core.validators.registry import FIELD_KIND_VALIDATORS
from bjstc_desktop.core.validators.uscc import validate_uscc
from bjstc_desktop.demo import populate
from bjstc_desktop.demo.dates import Nature, nature
from bjstc_desktop.demo.profiles import TOPICS, profile_for
from bjstc_desktop.store import kdf
from bjstc_desktop.store.models import Case, CaseField, TimelineEvent
from tests.conftest import ADMIN_PASS, FAST_KDF, OFFICER_PASS, make_station

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        st = make_station(tmp_path_factory.mktemp("demo") / "ws", officers={"zhang": (Level.SECRET, "all")})
        with st.open("admin", ADMIN_PASS) as admin:
            admin.accounts.add("li", Role.APPROVER, OFFICER_PASS, Level.SECRET, frozenset(MODULE_CODES))
        officer, approver = st.open(), st.open("li", OFFICER_PASS)
        made = populate(officer, 2 * len(all_case_types()), seed=11, today=TODAY, others=[approver])
        approver.close()
        with officer.store.read() as s:
            cases = list(s.execute(select(Case)).scalars())
            fields = list(s.execute(select(CaseField)).scalars())
            events = list(s.execute(select(TimelineEvent)).scalars())
            s.expunge_all()
        officer.close()
        yield made, cases, fields, events


def test_every_case_type_is_there_with_cases_in_many_states(demo) -> None:  # type: ignore[no-untyped-def]
    made, cases, _ = demo[:3]
    assert made == len(cases) >= 2 * len(all_case_types()) - 4  # the rules may refuse an odd invented case
    assert {c.case_type for c in cases} == {t.code for t in all_case_types()}
    states = Counter((c.case_type, c.state) for c in cases)
    assert len(states) >= 60  # walked along their workflows, not all left at the first state
    assert sum(1 for c in cases if c.closed_on is not None) >= 5
    assert sum(1 for c in cases if c.closed_on is None and c.due_on and c.due_on < TODAY) >= 1  # some overdue


def test_identifiers_are_valid_and_districts_are_beijings(demo) -> None:  # type: ignore[no-untyped-def]
    _, _, fields = demo[:3]
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
    _, cases, fields = demo[:3]
    money = [f.int_value for f in fields if f.kind == FieldKind.MONEY and f.int_value is not None]
    assert money and all(0 <= m <= 10**13 for m in money)  # at most 1,000 亿元, in 分
    assert len(set(money)) >= 10  # varied (officers do see round sums such as 20万), not one constant
    received = [c.received_on for c in cases]
    assert all(TODAY - dt.timedelta(days=400) <= r <= TODAY for r in received)


TEXT_KINDS = (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.PARTY)


def _text_fields() -> list[tuple[CaseType, FieldDef, str]]:
    out = []
    for ct in all_case_types():
        for f in ct.fields:
            if f.kind in TEXT_KINDS:
                out.append((ct, f, ""))
            for c in f.columns:
                if c.kind in TEXT_KINDS:
                    out.append((ct, c, f.key))
    return out


def test_every_text_field_has_a_plausibility_rule() -> None:
    lacking = [f"{ct.code}.{rows + '.' if rows else ''}{f.key}" for ct, f, rows in _text_fields()
               if profile_for(ct.code, f.key, rows) is None]
    assert lacking == []


def _fits(ct: CaseType, f: FieldDef, value: Any, rows_key: str = "") -> str | None:
    """Why `value` does not fit field `f` (None when it does)."""
    if value in (None, ""):
        return None
    if f.kind in TEXT_KINDS:
        profile = profile_for(ct.code, f.key, rows_key)
        return None if profile and profile.fits_value(value) else f"implausible {value!r}"
    if f.kind in FIELD_KIND_VALIDATORS:
        result = validate(FIELD_KIND_VALIDATORS[f.kind], str(value), TODAY)
        return None if result.valid else result.message_en
    if f.kind is FieldKind.ENUM:
        return None if value in f.choices else f"{value!r} is no choice"
    if f.kind is FieldKind.DATE:
        d = dt.date.fromisoformat(str(value))
        return None if dt.date(1950, 1, 1) <= d <= TODAY + dt.timedelta(days=6 * 366) else f"date {d}"
    if f.kind in (FieldKind.MONEY, FieldKind.INTEGER):
        n = int(value)
        if "year" in f.key:
            return None if 1990 <= n <= TODAY.year + 6 else f"year {n}"
        return None if 0 <= n <= 10**13 else f"number {n}"
    return None


def test_every_demo_value_fits_its_field(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, fields = demo[:3]
    types = {c.id: case_type(c.case_type) for c in cases}
    bad = []
    for row in fields:
        ct = types[row.case_id]
        f = ct.field(row.key)
        assert f is not None, row.key
        if f.kind is FieldKind.ROWS:
            for r in json.loads(row.json_value or "[]"):
                for col in f.columns:
                    why = _fits(ct, col, r.get(col.key), f.key)
                    if why:
                        bad.append(f"{ct.code}.{f.key}.{col.key}: {why}")
            continue
        value = row.text_value if row.text_value is not None else (
            row.date_value.isoformat() if row.date_value else row.int_value)
        if f.kind is FieldKind.BOOL:
            continue
        why = _fits(ct, f, value)
        if why:
            bad.append(f"{ct.code}.{f.key}: {why}")
    assert bad == []


def _parsed(fields: list[CaseField], case_id: str, ct: CaseType) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in fields:
        if row.case_id != case_id:
            continue
        f = ct.field(row.key)
        if f is None:
            continue
        if f.kind is FieldKind.ROWS:
            out[row.key] = json.loads(row.json_value or "[]")
        elif row.date_value is not None:
            out[row.key] = row.date_value.isoformat()
        elif row.int_value is not None:
            out[row.key] = row.int_value
        elif f.kind is FieldKind.BOOL:
            out[row.key] = row.text_value in ("1", "true", "True", "是")
        else:
            out[row.key] = row.text_value
    return out


def test_dates_run_in_a_sensible_order(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, fields = demo[:3]
    wrong = []
    for c in cases:
        ct = case_type(c.case_type)
        values = _parsed(fields, c.id, ct)
        for r in run_checks(ct, values, None, TODAY):
            check = next(x for x in ct.checks if x.key == r.key)
            if check.function in ("date_order", "validity_within", "rows_within_period") and r.passed is False:
                wrong.append(f"{c.case_type}/{r.key}: {r.message_zh}")
        if c.accepted_on and c.accepted_on < c.received_on or c.closed_on and c.closed_on < c.received_on:
            wrong.append(f"{c.case_no}: accepted/closed before received")
    assert wrong == []


def test_figures_a_form_states_twice_agree(demo) -> None:  # type: ignore[no-untyped-def]
    """A form's own totals agree with its detail rows: an officer who opens a demo 高企 case
    must not read sales of 800万 in one field and 4,447万 in the table (seen in the window)."""
    _, cases, fields = demo[:3]
    self_checks = ("hnte_declared_totals", "hnte_innovation_score")
    wrong, seen = [], 0
    for c in cases:
        ct = case_type(c.case_type)
        for r in run_checks(ct, _parsed(fields, c.id, ct), None, TODAY):
            check = next(x for x in ct.checks if x.key == r.key)
            if check.function == "hnte_declared_totals":
                seen += 1
            if check.function in self_checks and r.passed is False and "不符" in r.message_zh:
                wrong.append(f"{c.case_no}/{r.key}: {r.message_zh}")
    assert seen >= 2 and wrong == []


def test_titles_read_as_an_officer_writes_them(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, _ = demo[:3]
    titles = [c.title for c in cases]
    salad = [t for t in titles if sum(topic in t for topic in TOPICS) > 1]
    assert salad == []
    assert [t for t in titles if re.search(r"第[^0-9〇一二三四五六七八九十百]+号", t)] == []
    for topic in TOPICS:  # no one topic word fills the demo (161 of 300 titles were 冰雪 once)
        assert sum(topic in t for t in titles) <= max(3, len(titles) * 0.12), topic
    assert len(set(titles)) >= len(titles) * 0.9
    for c in cases:  # a title names the matter, not a topic glued to the type's name
        assert not any(c.title.endswith(topic + case_type(c.case_type).name) for topic in TOPICS), c.title


def test_classifications_vary(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, _ = demo[:3]
    levels = Counter(Level(c.classification) for c in cases)
    assert {Level.PUBLIC, Level.INTERNAL, Level.SECRET} <= set(levels)
    assert all(n >= len(cases) * 0.05 for n in levels.values())
    assert all(c.secrecy_period for c in cases if Level(c.classification).is_state_secret)


def test_cases_with_a_panel_leave_expert_review_with_a_drawn_and_scored_panel(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, fields = demo[:3]
    by_id = {c.id: c for c in cases}
    panelled = {t.code for t in all_case_types() if t.panel is not None and t.field("experts") is not None}
    scored = [f for f in fields if f.key == "experts" and by_id[f.case_id].case_type in panelled
              and f.json_value and '"score"' in f.json_value]
    assert len({by_id[f.case_id].case_type for f in scored}) >= 3
    past_review = [c for c in cases if c.case_type in panelled and c.state not in ("专家评审",)
                   and any(f.case_id == c.id and f.key == "experts" for f in fields)]
    assert past_review


def _local_day(at: dt.datetime) -> dt.date:
    """The local date of a stored UTC moment (as the officer's clock shows it)."""
    return at.replace(tzinfo=dt.UTC).astimezone().date()


def test_a_case_just_received_holds_no_field_only_a_move_requires(demo) -> None:  # type: ignore[no-untyped-def]
    """A case still at intake (no step but its registration) shows no 项目编号, 验收申请日期,
    任务书签订日期, 拨付批次 or decision: what a move requires and intake does not is
    filled by the move."""
    _, cases, fields, events = demo
    stepped = {e.case_id for e in events if e.action != "create"}
    held: dict[str, set[str]] = {}
    for row in fields:
        held.setdefault(row.case_id, set()).add(row.key)
    fresh = [c for c in cases if c.id not in stepped]
    assert len({c.case_type for c in fresh}) >= 10  # enough cases still at intake to show it
    early, filled = [], []
    for c in cases:
        ct = case_type(c.case_type)
        by_moves = {k for t in ct.transitions for k in t.required_fields}
        only_moves = {f.key for f in ct.fields if f.key in by_moves and not f.required}
        if c.id in stepped:
            filled += sorted(held.get(c.id, set()) & only_moves)
        else:
            assert c.state == ct.initial_state
            early += [f"{c.case_type}.{k}" for k in sorted(held.get(c.id, set()) & only_moves)]
    assert early == []
    assert len(filled) >= 10  # the moves filled them as they needed them


def test_every_timeline_runs_in_time_order_from_its_registration_on_the_day_of_receipt(demo) -> None:  # type: ignore[no-untyped-def]
    _, cases, _, events = demo
    by_case: dict[str, list[TimelineEvent]] = {}
    for e in sorted(events, key=lambda e: e.id):  # in the order they were recorded (uuid7)
        by_case.setdefault(e.case_id, []).append(e)
    wrong = []
    for c in cases:
        steps = by_case[c.id]
        if steps[0].action != "create" or _local_day(steps[0].at) != c.received_on:
            wrong.append(f"{c.case_no}: {steps[0].action} on {_local_day(steps[0].at)}, received {c.received_on}")
        if [e.at for e in steps] != sorted(e.at for e in steps):
            wrong.append(f"{c.case_no}: steps out of time order")
        if _local_day(steps[-1].at) > TODAY:
            wrong.append(f"{c.case_no}: a step after the demo's today")
    assert wrong == []
    assert sum(1 for steps in by_case.values() if len(steps) > 2) >= 20  # walked cases are there to check


def test_every_date_field_and_column_has_its_place_relative_to_receipt() -> None:
    lacking = [f"{ct.code}.{rows + '.' if rows else ''}{f.key}" for ct in all_case_types()
               for rows, f in [("", f) for f in ct.fields] + [(f.key, c) for f in ct.fields for c in f.columns]
               if f.kind is FieldKind.DATE and nature(ct.code, f.key, rows) is None]
    assert lacking == []


def test_dates_that_follow_receipt_fall_between_receipt_and_the_step_that_set_them(demo) -> None:  # type: ignore[no-untyped-def]
    """受理, 评审, 登记, 发证, 答复 ... dates: on or after the case's receipt and not after its
    latest step (so never after today); those that precede receipt by nature precede it."""
    _, cases, fields, events = demo
    last: dict[str, dt.date] = {}
    for e in events:
        last[e.case_id] = max(last.get(e.case_id, dt.date.min), _local_day(e.at))
    by_id = {c.id: c for c in cases}
    wrong, after, before = [], 0, 0
    for row in fields:
        c = by_id[row.case_id]
        how = nature(c.case_type, row.key)
        if row.date_value is None or how is None:
            continue
        if how is Nature.AFTER:
            after += 1
            if not c.received_on <= row.date_value <= min(last[c.id], TODAY):
                wrong.append(f"{c.case_no} {c.case_type}.{row.key} {row.date_value}: "
                             f"received {c.received_on}, last step {last[c.id]}")
        elif how in (Nature.BEFORE, Nature.JUST_BEFORE):
            before += 1
            if row.date_value > c.received_on:
                wrong.append(f"{c.case_no} {c.case_type}.{row.key} {row.date_value} after receipt {c.received_on}")
    assert wrong == []
    assert after >= 5 and before >= 10  # 6 and 100+ with this seed
