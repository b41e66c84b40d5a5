"""The unit of work itself (ops/case_changes.py): it refuses to commit a change without
its timeline entry or audit event, and writes the four parts in one transaction; and
ops/ holds no raw SQL (issue 15: raw SQL lives in the repositories)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select

import bjstc_desktop.ops
from bjstc_desktop.ops.case_changes import IncompleteChange, case_changes
from bjstc_desktop.store.models import AuditEvent, Case, TimelineEvent
from bjstc_desktop.store.sync_models import SyncRevision
from tests.conftest import Station
from tests.sync.conftest import CONTRACT

OPS = Path(bjstc_desktop.ops.__file__).parent


def _counts(ws) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with ws.store.read() as s:
        return tuple(int(s.execute(select(func.count()).select_from(m)).scalar() or 0)  # type: ignore[return-value]
                     for m in (TimelineEvent, SyncRevision, AuditEvent))


@pytest.mark.parametrize("missing", ["audit", "timeline"])
def test_a_change_without_its_audit_event_or_timeline_entry_commits_nothing(station: Station, missing: str) -> None:
    with station.open() as ws:
        case_id = ws.cases.create("tech_contract", "单元", CONTRACT).id
        before = _counts(ws)
        with pytest.raises(IncompleteChange), ws.store.write() as s, case_changes(s, ws.ctx) as change:
            case = s.get(Case, case_id)
            case.title = "不该留下"
            if missing != "timeline":
                change.step(case, "edit", details={"changed": ["title"]})
            if missing != "audit":
                change.audit(case, "case_edit", changed=["title"])
        assert _counts(ws) == before and ws.cases.show(case_id).title == "单元"


def test_one_change_writes_its_four_parts_together(station: Station) -> None:
    with station.open() as ws:
        case_id = ws.cases.create("tech_contract", "单元", CONTRACT).id
        timeline, revisions, audits = _counts(ws)
        with ws.store.write() as s, case_changes(s, ws.ctx) as change:
            case = s.get(Case, case_id)
            case.title = "一次修改两步"
            change.step(case, "edit", details={"changed": ["title"]})
            change.step(case, "edit", details={"changed": []})
            change.audit(case, "case_edit", changed=["title"])
        assert _counts(ws) == (timeline + 2, revisions + 1, audits + 1)  # one revision for the whole change
        assert [c.id for c in ws.cases.search("一次修改两步")] == [case_id]


def test_ops_holds_no_raw_sql() -> None:
    offenders = []
    for path in sorted(OPS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                offenders += [f"{path.name}: imports {a.name}" for a in node.names if a.name in ("text", "literal_column")]
            if isinstance(node, ast.Attribute) and node.attr in ("text", "exec_driver_sql", "literal_column") \
                    and isinstance(node.value, ast.Name) and node.value.id in ("sqlalchemy", "sa", "sql"):
                offenders.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr in ("exec_driver_sql", "executescript"):
                offenders.append(f"{path.name}:{node.lineno}: {node.attr}")
    assert not offenders, f"raw SQL belongs in store/repositories: {offenders}"


def test_a_deletion_without_its_audit_event_commits_nothing(station: Station) -> None:
    with station.open() as ws:
        case_id = ws.cases.create("tech_contract", "要删除", CONTRACT).id
        before = _counts(ws)
        with pytest.raises(IncompleteChange), ws.store.write() as s, case_changes(s, ws.ctx) as change:
            case = s.get(Case, case_id)
            change.delete(case)
            s.delete(case)
        assert _counts(ws) == before and ws.cases.show(case_id).title == "要删除"
