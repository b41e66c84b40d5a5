"""What an import would do to the store, row by row: find the existing record of each
natural key (through the (key, text_value) index, and the (key, token) index for
classified cases, in chunks), compare, and decide new /
update / unchanged — or name the problem. Used by the dry run and, inside the write
transaction, by the import itself, so both report the same thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.fieldvalues import MAX_ROWS
from bjstc_desktop.core.importprofiles import ImportProfile
from bjstc_desktop.core.importrows import ParsedRow, RowProblem, record_problems
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.core.workcalendar import WorkCalendar
from bjstc_desktop.store.models import Case, CaseField
from bjstc_desktop.store.repositories.cases import _field_value
from bjstc_desktop.store.sealing import keys_of

CHUNK = 500  # values per IN (...) lookup: well under SQLite's variable limit


@dataclass(frozen=True)
class Step:
    """What to do with one row: "new", "update" (with only the changed values) or
    "unchanged"; `case_id` of the existing record when there is one."""

    row: int
    action: str
    case_id: str | None
    title: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class _Existing:
    case_id: str
    visible: bool


def _column(kind: FieldKind) -> Any:
    if kind in (FieldKind.INTEGER, FieldKind.MONEY, FieldKind.BOOL):
        return CaseField.int_value
    if kind is FieldKind.DATE:
        return CaseField.date_value
    return CaseField.text_value


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _canonical(value: Any) -> str:
    """A natural-key value as its token is made of it (store/models.py _natural_token)."""
    if isinstance(value, bool):
        return str(int(value))
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def key_tokens(s: Session, prof: ImportProfile, values: tuple[Any, ...]) -> tuple[str, ...]:
    """A natural key as the tokens of its values: how plain and sealed fields compare."""
    keys = keys_of(s)
    return tuple(keys.natural_token(k, _canonical(v)) for k, v in zip(prof.key_fields, values, strict=True))


def existing_by_key(s: Session, actor: Actor, prof: ImportProfile, keys: Iterable[tuple[Any, ...]]
                    ) -> dict[tuple[str, ...], list[_Existing]]:
    """Existing cases of the profile's type by natural key (every case, visible or not:
    a key held by a case the actor may not see must not be created twice), indexed by
    the key's tokens (`key_tokens`): a classified case's value is sealed, and found by
    the token kept beside it, even at a level the actor holds no key of."""
    first = prof.field(prof.key_fields[0])
    assert first is not None
    content = keys_of(s)
    firsts = sorted({k[0] for k in keys}, key=str)
    column = _column(first.kind)
    stored_first: dict[str, str] = {}  # case id → token of its first key value
    for chunk in _chunks([dt.date.fromisoformat(v) if first.kind is FieldKind.DATE else v for v in firsts]):
        q = (select(CaseField.case_id, column).join(Case, Case.id == CaseField.case_id)
             .where(CaseField.key == first.key, column.in_(chunk), Case.case_type == prof.case_type))
        for case_id, value in s.execute(q):
            stored_first[case_id] = content.natural_token(first.key, _canonical(value))
        tokens = [content.natural_token(first.key, _canonical(v)) for v in chunk]
        q = (select(CaseField.case_id, CaseField.token).join(Case, Case.id == CaseField.case_id)
             .where(CaseField.key == first.key, CaseField.token.in_(tokens), Case.case_type == prof.case_type))
        stored_first.update({case_id: token for case_id, token in s.execute(q) if token is not None})
    out: dict[tuple[str, ...], list[_Existing]] = {}
    ids = sorted(stored_first)
    for chunk in _chunks(ids):
        rest: dict[str, dict[str, str]] = {i: {} for i in chunk}
        if len(prof.key_fields) > 1:
            rows = s.execute(select(CaseField.case_id, CaseField.key, CaseField.token, CaseField.sealed,
                                    CaseField.text_value, CaseField.int_value, CaseField.date_value)
                             .where(CaseField.case_id.in_(chunk), CaseField.key.in_(prof.key_fields[1:])))
            for case_id, key, token, sealed, text_value, int_value, date_value in rows:
                plain = next((v for v in (text_value, date_value, int_value) if v is not None), None)
                if sealed is not None:  # a sealed empty value keeps no token: "" like a plain empty one
                    rest[case_id][key] = token or ""
                else:
                    rest[case_id][key] = content.natural_token(key, _canonical(plain)) if plain is not None else ""
        cases = s.execute(select(Case.id, Case.module, Case.classification).where(Case.id.in_(chunk)))
        for case_id, module, level in cases:
            natural = (stored_first[case_id], *(rest[case_id].get(k, "") for k in prof.key_fields[1:]))
            out.setdefault(natural, []).append(_Existing(case_id, actor.may_see(module, Level(level))))
    return out


def stored_fields(s: Session, case_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The typed fields of many cases, read in chunks."""
    out: dict[str, dict[str, Any]] = {i: {} for i in case_ids}
    for chunk in _chunks(case_ids):
        for r in s.execute(select(CaseField).where(CaseField.case_id.in_(chunk))).scalars():
            out[r.case_id][r.key] = _field_value(r)
    return out


def plan_cases(s: Session, actor: Actor, prof: ImportProfile, rows: Sequence[ParsedRow],
               rules: dict[str, str], calendar: WorkCalendar, today: dt.date
               ) -> tuple[list[Step], list[RowProblem]]:
    """Cases mode: one case per row, matched on the natural key."""
    ct = prof.type
    required = [f for f in ct.fields if f.required]
    index = existing_by_key(s, actor, prof, [r.key for r in rows])
    row_keys = {r.row: key_tokens(s, prof, r.key) for r in rows}
    matched = sorted({e[0].case_id for e in index.values() if len(e) == 1 and e[0].visible})
    stored = stored_fields(s, matched)
    titles = _titles(s, matched)
    steps: list[Step] = []
    problems: list[RowProblem] = []
    label = prof.key_labels()
    for row in rows:
        found = index.get(row_keys[row.row], [])
        if len(found) > 1:
            problems.append(RowProblem(row.row, "", f"有 {len(found)} 件案件的{label}与此行相同，无法确定更新哪一件。",
                                       f"{len(found)} cases share this row's {label}; which to update is unclear."))
            continue
        if found and not found[0].visible:
            problems.append(RowProblem(row.row, "", f"{label}已被一件您无权查看的案件使用，不能导入。",
                                       f"The {label} belongs to a case you may not see; the row cannot be imported."))
            continue
        if not found:
            fields = row.fields
            bad = record_problems(ct, fields, required, rules, today, calendar, row.row)
            if bad:
                problems.extend(bad)
            else:
                steps.append(Step(row.row, "new", None, row.title or prof.title_for(fields), fields))
            continue
        case_id = found[0].case_id
        current = stored[case_id]
        diff = {k: v for k, v in row.fields.items() if current.get(k) != v}
        title = row.title if row.title and row.title != titles.get(case_id) else None
        if not diff and title is None:
            steps.append(Step(row.row, "unchanged", case_id, None, {}))
            continue
        bad = record_problems(ct, {**current, **diff}, required, rules, today, calendar, row.row)
        if bad:
            problems.extend(bad)
        else:
            steps.append(Step(row.row, "update", case_id, title, diff))
    return steps, problems


def _titles(s: Session, ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(ids):
        # objects, not columns: a classified case's title is sealed (store/sealing.py)
        out.update({c.id: c.title for c in s.execute(select(Case).where(Case.id.in_(chunk))).scalars()})
    return out


def plan_rows(prof: ImportProfile, current: list[dict[str, Any]], rows: Sequence[ParsedRow]
              ) -> tuple[list[dict[str, Any]], list[Step], list[RowProblem]]:
    """Rows mode: merge the list into one case's rows, matched on the key column.
    Returns the new rows value, the steps and the problems."""
    key = prof.key_fields[0]
    merged = [dict(r) for r in current]
    position = {r.get(key): i for i, r in enumerate(merged) if r.get(key)}
    steps: list[Step] = []
    for row in rows:
        i = position.get(row.key[0])
        if i is None:
            position[row.key[0]] = len(merged)
            merged.append(dict(row.fields))
            steps.append(Step(row.row, "new", None, None, row.fields))
            continue
        updated = {**merged[i], **row.fields}
        if updated == merged[i]:
            steps.append(Step(row.row, "unchanged", None, None, {}))
        else:
            merged[i] = updated
            steps.append(Step(row.row, "update", None, None, row.fields))
    problems = []
    if len(merged) > MAX_ROWS:
        problems.append(RowProblem(rows[-1].row if rows else 0, "", f"合并后共 {len(merged)} 行，超过上限 {MAX_ROWS} 行。",
                                   f"The merged list has {len(merged)} rows, more than {MAX_ROWS}."))
    return merged, steps, problems
