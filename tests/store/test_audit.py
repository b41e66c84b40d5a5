"""The audit trail: one hash-chained event per write, in the same transaction; an insider
with the key who alters or removes an event is caught by `bjstc audit verify`."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bjstc_desktop.cli import main as bjstc
from bjstc_desktop.core.errors import PermissionDeniedError, ValidationError
from bjstc_desktop.store.models import AuditEvent
from tests import insider
from tests.conftest import ADMIN_PASS, AUDITOR_PASS, OFFICER_PASS, Station

CONTRACT = {"contract_type": "技术服务", "seller": "北京审计科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "20万", "tech_amount": "10万"}


@pytest.fixture
def station(station3: Station) -> Station:
    """These tests need the three administrators that init makes (admin, sec, shen)."""
    return station3


def _count(ws) -> int:  # type: ignore[no-untyped-def]
    with ws.store.read() as s:
        return s.execute(select(func.count()).select_from(AuditEvent)).scalar_one()


def test_every_write_appends_exactly_one_event(station: Station) -> None:
    with station.open() as ws:
        n0 = _count(ws)
        case = ws.cases.create("tech_contract", "审计链测试合同", CONTRACT)
        assert _count(ws) == n0 + 1
        ws.cases.edit(case.id, title="审计链测试合同（修订）")
        assert _count(ws) == n0 + 2
        with ws.store.read() as s:
            last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        assert (last.action, last.actor_name, last.target_id) == ("case_edit", "zhang", case.id)


def test_a_refused_write_leaves_neither_change_nor_event(station: Station) -> None:
    with station.open() as ws:
        n0 = _count(ws)
        with pytest.raises(ValidationError):
            ws.cases.create("tech_contract", "坏代码", {**CONTRACT, "seller_uscc": "91110000600037341X"})
        assert _count(ws) == n0 and ws.cases.list() == []


def _run(station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("BJSTC_PASSPHRASE", AUDITOR_PASS)
    rc = bjstc(["--data-dir", str(station.data_dir), "--user", "shen", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def test_verify_passes_on_a_good_store(station: Station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rc, out, _ = _run(station, capsys, monkeypatch, "audit", "verify", "--json")
    assert rc == 0
    import json

    doc = json.loads(out)
    assert doc["ok"] is True and doc["first_bad"] is None and doc["events"] >= 3


def _tamper(station: Station, sql: str) -> None:
    """An insider with the data key edits the database directly."""
    with station.open() as ws:
        key = ws.store.data_key
        for i in range(4):
            ws.cases.create("tech_contract", f"合同{i}", CONTRACT)
    conn = insider.connection(station.data_dir, key)
    conn.execute(sql)
    conn.close()


@pytest.mark.parametrize(("sql", "first_bad", "word"), [
    ("UPDATE audit_events SET details = '{\"case_no\":\"x\"}' WHERE seq = 5", 5, "被改动"),
    ("DELETE FROM audit_events WHERE seq = 6", 6, "缺失"),
    ("UPDATE audit_events SET actor_name = 'admin' WHERE seq = 7", 7, "被改动"),
])
def test_verify_names_the_first_bad_event(station, capsys, monkeypatch, sql, first_bad, word) -> None:  # type: ignore[no-untyped-def]
    _tamper(station, sql)
    rc, out, err = _run(station, capsys, monkeypatch, "audit", "verify")
    assert rc == 4
    assert f"第 {first_bad} 条" in err and word in err


def test_removing_the_newest_events_is_caught_by_the_anchor(station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _tamper(station, "DELETE FROM audit_events WHERE seq >= (SELECT max(seq) - 1 FROM audit_events)")
    rc, _, err = _run(station, capsys, monkeypatch, "audit", "verify", "--json")
    assert rc == 4


def test_rewriting_the_whole_chain_is_caught_by_the_anchor(station, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Even recomputing every hash after an edit does not match the anchored head."""
    with station.open() as ws:
        ws.cases.create("tech_contract", "锚点测试", CONTRACT)
        key = ws.store.data_key
    from bjstc_desktop.store import audit
    from bjstc_desktop.store.store import Store

    store = Store.open(station.data_dir, key)
    with store.write() as s:
        if store.is_hub:  # the hub's database administrator switches its append-only triggers off
            s.execute(text("SET LOCAL session_replication_role = replica"))
        s.execute(text("UPDATE audit_events SET actor_name = 'ghost' WHERE seq = 2"))
        prev = audit.GENESIS
        for ev in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars():
            ev.prev_hash = prev
            ev.hash = audit.event_hash(prev, ev.seq, ev.at, ev.actor_id, ev.actor_name, ev.action,
                                       ev.target_type, ev.target_id, ev.details)
            prev = ev.hash
    store.close()
    rc, _, err = _run(station, capsys, monkeypatch, "audit", "verify")
    assert rc == 4


def test_only_the_auditor_reads_the_audit(station: Station, tmp_path: Path) -> None:
    with station.open() as ws, pytest.raises(PermissionDeniedError):
        ws.admin.verify_audit()
    with station.open("admin", ADMIN_PASS) as ws, pytest.raises(PermissionDeniedError):
        ws.admin.export_audit(tmp_path / "a.jsonl")


def test_export_writes_every_event(station: Station, capsys, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "audit.jsonl"
    rc, _, _ = _run(station, capsys, monkeypatch, "audit", "export", "-o", str(out))
    assert rc == 0
    import json

    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["action"] == "workstation_init"
    assert all(r["prev_hash"] == p["hash"] for p, r in zip(rows, rows[1:], strict=False))
    assert OFFICER_PASS not in out.read_text(encoding="utf-8")
