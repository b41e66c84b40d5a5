"""Dashboards at scale: the time to compute a duty's charts (ops/dashboards.py) over a
store of 100,000 cases spread over every type, then with 100,000 technology contracts
more (the highest-volume type, with the fields its charts group and sum).

Reports milliseconds per dashboard and per chart (median of a few runs, warm cache)
and the query plan of the heaviest chart, so the indexes it uses are on record."""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text

from benchmarks.scale import make_scaled_station
from bjstc_desktop.core.dashboards import charts_for
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.modules import case_type, module
from bjstc_desktop.core.validators.districts import beijing_districts
from bjstc_desktop.ops.dashboards import run_chart
from bjstc_desktop.store.models import Case, CaseField
from bjstc_desktop.workstation import Workstation

PASSPHRASE = "benchmark passphrase 1"
RUNS = 3


def _contract_fields(rng: random.Random, case_id: str, districts: list[str], registered: dt.date) -> list[dict[str, Any]]:
    ct = case_type("tech_contract")
    amount = rng.choice((8, 15, 30, 60, 120, 300, 800, 1500)) * 1_000_000
    return [
        {"case_id": case_id, "key": "contract_type", "kind": "enum",
         "text_value": rng.choice(ct.field("contract_type").choices)},  # type: ignore[union-attr]
        {"case_id": case_id, "key": "tech_field", "kind": "enum",
         "text_value": rng.choice(ct.field("tech_field").choices)},  # type: ignore[union-attr]
        {"case_id": case_id, "key": "seller_district", "kind": "district", "text_value": rng.choice(districts)},
        {"case_id": case_id, "key": "contract_amount", "kind": "money", "int_value": amount},
        {"case_id": case_id, "key": "tech_amount", "kind": "money", "int_value": int(amount * rng.uniform(0.5, 1))},
        {"case_id": case_id, "key": "registered_on", "kind": "date", "date_value": registered},
    ]


def fill_contract_fields(ws: Workstation, seed: int = 3) -> int:
    """Give every tech_contract case of the scaled store its chart fields."""
    rng = random.Random(seed)
    districts = [d.code for d in beijing_districts()]
    with ws.store.read() as s:
        rows = s.execute(select(Case.id, Case.received_on).where(Case.case_type == "tech_contract")).all()
    fields = [f for cid, received in rows for f in _contract_fields(rng, cid, districts, received)]
    with ws.store.write() as s:
        for i in range(0, len(fields), 30_000):
            s.execute(insert(CaseField), fields[i:i + 30_000])
    return len(rows)


def add_contracts(ws: Workstation, n: int, seed: int = 5) -> None:
    """`n` more registered technology contracts with their fields."""
    rng = random.Random(seed)
    districts = [d.code for d in beijing_districts()]
    states = case_type("tech_contract").states
    today = dt.date.today()
    for start in range(0, n, 10_000):
        cases, fields = [], []
        for i in range(start, min(n, start + 10_000)):
            cid = uuid7()
            received = today - dt.timedelta(days=rng.randint(0, 700))
            cases.append({"id": cid, "case_no": f"技合〔bench〕{i}号", "module": "market", "case_type": "tech_contract",
                          "title": f"基准技术合同{i}", "state": rng.choice(states), "handler_id": ws.actor.user_id,
                          "office": "", "classification": rng.choice((0, 0, 0, 1, 2)), "received_on": received,
                          "due_on": received + dt.timedelta(days=7), "due_verified": True,
                          "created_by": ws.actor.user_id})
            fields.extend(_contract_fields(rng, cid, districts, received))
        with ws.store.write() as s:
            s.execute(insert(Case), cases)
            s.execute(insert(CaseField), fields)


def time_dashboard(ws: Workstation, code: str) -> dict[str, Any]:
    """Median ms of the whole dashboard and of each chart."""
    whole = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        ws.reports.dashboard(code)
        whole.append((time.perf_counter() - t0) * 1000)
    per_chart: dict[str, float] = {}
    mod = module(code)
    with ws.store.read() as s:
        for spec in charts_for(mod):
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                run_chart(s, ws.actor, mod, spec, dt.date.today())
                times.append((time.perf_counter() - t0) * 1000)
            per_chart[spec.key] = round(statistics.median(times), 1)
    return {"dashboard_ms": round(statistics.median(whole), 1), "charts_ms": per_chart}


def query_plan(ws: Workstation, code: str, key: str) -> list[str]:
    """SQLite's plan for one chart's statement."""
    mod = module(code)
    spec = next(s for s in charts_for(mod) if s.key == key)
    captured: list[str] = []
    with ws.store.read() as s:
        conn = s.connection()

        def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
            if statement.lstrip().upper().startswith("SELECT") and not captured:
                rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
                captured.extend(str(r[-1]) for r in rows)

        from sqlalchemy import event

        event.listen(conn, "before_cursor_execute", capture)
        try:
            run_chart(s, ws.actor, mod, spec, dt.date.today())
        finally:
            event.remove(conn, "before_cursor_execute", capture)
    return captured


def run(quick: bool = False) -> dict[str, Any]:
    """The suite: spread store, then with many more contracts."""
    n = 10_000 if quick else 100_000
    result: dict[str, Any] = {"cases": n}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ws"
        make_scaled_station(folder, n, PASSPHRASE)
        with Workstation.open(folder, "zhang", PASSPHRASE) as ws:
            result["tech_contracts_in_spread"] = fill_contract_fields(ws)
            with ws.store.write() as s:
                s.execute(text("ANALYZE"))
            result["spread"] = {c: time_dashboard(ws, c) for c in ("market", "industry", "assignments", "policy")}
            add_contracts(ws, n)
            with ws.store.write() as s:
                s.execute(text("ANALYZE"))
            result["plus_contracts"] = {"tech_contracts": result["tech_contracts_in_spread"] + n,
                                        "market": time_dashboard(ws, "market")}
            result["plan_contracts_by_type"] = query_plan(ws, "market", "contracts_by_type")
            result["plan_timeliness"] = query_plan(ws, "market", "timeliness")
    return result


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), ensure_ascii=False, indent=1))
