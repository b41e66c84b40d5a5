"""The duty and sync tables are declared when first needed, not with every start (issue 15
point 4): a first screen reads none of them. What must not be lost by it: the ORM works on
models.py's tables alone, whatever needs every table gets every table (load_all), the
sealed-model list holds them all (a resealing that missed the sync revisions would leave
content sealed under an old key), and the filed-case backstop runs at every flush,
whatever was imported before. Each is checked in a fresh process, where nothing else has
imported the deferred files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.roles import Role
from bjstc_desktop.workstation import Workstation
from tests.conftest import ADMIN_PASS, OFFICER_PASS, make_station

DEFERRED = ("bjstc_desktop.store.duty_models", "bjstc_desktop.store.sync_models", "bjstc_desktop.store.filed_guard")


def _fresh(script: str) -> dict[str, Any]:
    """Run `script` in a fresh interpreter; its last line of output, as JSON."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_orm_works_on_the_core_models_alone_and_load_all_declares_the_rest() -> None:
    """No table of models.py has a foreign key into the deferred files and no model a
    relationship: the ORM configures and reads with models.py alone, and the first flush
    loads only the filed-case backstop (and the duty table it reads); load_all() (the
    migrations' environment calls it) then puts every table in Base.metadata."""
    seen = _fresh(f"""
        import datetime as dt, json, os, sys, tempfile
        from pathlib import Path
        from sqlalchemy import select
        from sqlalchemy.orm import Session, configure_mappers
        from bjstc_desktop.store.engine import create_new_store
        from bjstc_desktop.store.models import Base, CalendarDay, load_all
        configure_mappers()
        engine = create_new_store(Path(tempfile.mkdtemp()) / "store.db", os.urandom(32))
        Base.metadata.create_all(engine)  # the tables models.py knows: none refers to a deferred one
        with Session(engine) as s:
            s.execute(select(CalendarDay)).all()
            read_only = [m for m in {DEFERRED!r} if m in sys.modules]
            s.add(CalendarDay(day=dt.date(2026, 10, 1), is_workday=False, kind="holiday", holiday_name="国庆"))
            s.commit()
            read = [d.holiday_name for d in s.execute(select(CalendarDay)).scalars()]
        flushed = [m for m in {DEFERRED!r} if m in sys.modules]
        known = sorted(Base.metadata.tables)
        load_all()
        print(json.dumps(dict(read=read, read_only=read_only, flushed=flushed, known=known,
                              tables=sorted(Base.metadata.tables))))
    """)
    assert seen["read"] == ["国庆"]
    assert seen["read_only"] == []
    assert seen["flushed"] == ["bjstc_desktop.store.duty_models", "bjstc_desktop.store.filed_guard"]
    assert "sync_revisions" not in seen["known"]
    assert {"sync_revisions", "sync_heads", "experts", "archive_items", "panel_members"} <= set(seen["tables"])


def test_the_sealed_model_list_holds_the_deferred_tables() -> None:
    """Resealing (level keys made or changed) walks this list: it must name the sync and
    duty tables even when nothing has loaded them yet."""
    seen = _fresh("""
        import json
        from bjstc_desktop.store.sealing import sealed_models
        print(json.dumps(sorted(spec.table.name for spec in sealed_models())))
    """)
    assert {"sync_revisions", "sync_conflicts", "sync_blobs", "sync_held", "experts", "cases"} <= set(seen)


def test_a_flush_to_a_filed_case_is_refused_before_anything_loaded_the_guard(tmp_path: Path) -> None:
    """The backstop, in a process that has not imported store/filed_guard.py when it writes
    to a filed case straight through an ORM session (no operation's own early check)."""
    st = make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all")})
    with Workstation.open(st.data_dir, "admin", ADMIN_PASS) as admin:
        admin.accounts.add("li", Role.APPROVER, "approver passphrase", Level.SECRET, frozenset({"market"}))
        admin.reference.set_rule("archive.fonds_no", "X001", "测试")
    with st.open() as officer:
        case = officer.cases.create("tech_contract", "冰雪装备技术开发合同", {
            "contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91110000600037341L",
            "contract_amount": "100万", "tech_amount": "80万"})
        officer.workflow.act(case.id, "review")
        officer.workflow.act(case.id, "register", "予以登记", {"contract_no": "2026110100123410",
                                                        "registered_on": dt.date.today().isoformat()})
        officer.letters.issue(case.id, "tech_contract_certificate", tmp_path / "certificate.pdf")
        officer.archives.file(case.id)
    seen = _fresh(f"""
        import json, sys
        from pathlib import Path
        from bjstc_desktop.core.errors import RefusedError
        from bjstc_desktop.store.models import Case
        from bjstc_desktop.workstation import Workstation
        ws = Workstation.open(Path({str(st.data_dir)!r}), "zhang", {OFFICER_PASS!r}, wait_for_delay=False)
        loaded = "bjstc_desktop.store.filed_guard" in sys.modules
        try:
            with ws.store.write() as s:
                s.get(Case, {case.id!r}).title = "改名"
            refused = ""
        except RefusedError as exc:
            refused = exc.message()
        title = ws.cases.show({case.id!r}).title
        ws.close()
        print(json.dumps(dict(loaded=loaded, refused=refused, title=title)))
    """)
    assert not seen["loaded"]
    assert "已归档" in seen["refused"]
    assert seen["title"] == "冰雪装备技术开发合同"


def test_a_hub_engine_declares_the_partial_index_for_postgresql() -> None:
    """The open-cases index is partial on PostgreSQL too, declared when a hub engine is made
    (not in the model, where it would load that dialect at every embedded start)."""
    seen = _fresh("""
        import json, sys
        from sqlalchemy.schema import CreateIndex
        from bjstc_desktop.store import hub
        from bjstc_desktop.store.models import Case, table
        embedded = "sqlalchemy.dialects.postgresql" in sys.modules
        engine = hub.create_hub_engine("postgresql+psycopg://officer@hub.example/bjstc?sslmode=verify-full")
        index = next(ix for ix in table(Case).indexes if ix.name == "ix_cases_open_due")
        print(json.dumps(dict(embedded=embedded, ddl=str(CreateIndex(index).compile(dialect=engine.dialect)))))
    """)
    assert not seen["embedded"]
    assert seen["ddl"].strip().endswith("WHERE closed_on IS NULL")
