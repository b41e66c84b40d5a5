"""Several programs on one store at once (the brief of session 11, point 3): in each
round, two programs edit different fields of the same case, two take the same step on
the same case, two create cases, one imports a list (a long write the others queue
behind) and one reads; some rounds with a short busy wait, so that a program gives up.

What must hold after every round: each program ended 0, or refused plainly (1: the
step was already taken), or gave up busy (6, 数据库正忙 / busy, having changed nothing);
no update is lost (both edits' values are in the case and in its newest revision); a
step is taken once; case numbers are given once each; the reader's JSON is whole; the
store is whole (wholeness.half_done) and the audit chain verifies.

The programs run as forked copies of the test process (tests/faults/forked.py), started
together; BJSTC_FAULT_ROUNDS rounds (2 in CI) with a fixed seed (BJSTC_FAULT_SEED)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.faults import forked
from tests.faults.conftest import CONTRACT, Bench, assert_sound
from tests.faults.wholeness import half_done
from tests.store.xlsx_lists import CONTRACT_HEADERS, contract_row, write_xlsx

pytestmark = pytest.mark.slow
ROUNDS = int(os.environ.get("BJSTC_FAULT_ROUNDS", "2"))
SEED = int(os.environ.get("BJSTC_FAULT_SEED", "20261208"))
FIELDS = [a for k, v in CONTRACT.items() for a in ("--field", f"{k}={v}")]
BUSY = {"zh": "数据库正忙", "en": "busy"}


def test_programs_writing_and_reading_at_once(bench: Bench, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    with bench.open() as ws:
        shared = [ws.cases.create("tech_contract", f"共用{r}", CONTRACT).id for r in range(ROUNDS)]
    for r in range(ROUNDS):
        wait = "1" if r % 2 else "60"  # odd rounds: a program waits a second at most, then gives up
        sheet = write_xlsx(tmp_path / f"list{r}.xlsx", CONTRACT_HEADERS,
                           [contract_row(f"2026{r:02d}0108{n:06d}") for n in range(250)])
        amount, signed = f"{70 + r}万", f"2026-04-{10 + r:02d}"
        programs = {
            "import": ["import", "xlsx", str(sheet), "--profile", "tech_contracts"],
            "edit amount": ["case", "edit", shared[r], "--field", f"tech_amount={amount}"],
            "edit date": ["case", "edit", shared[r], "--field", f"signed_on={signed}"],
            "act 1": ["case", "act", shared[r], "review", "--opinion", "甲"],
            "act 2": ["case", "act", shared[r], "review", "--opinion", "乙"],
            "new 1": ["case", "new", "--type", "tech_contract", "--title", f"并发甲{r}", *FIELDS],
            "new 2": ["case", "new", "--type", "tech_contract", "--title", f"并发乙{r}", *FIELDS],
            "read": ["case", "list", "--json"],
        }
        order = list(programs)
        rng.shuffle(order)
        lang = ("zh", "en")[r % 2]
        env = bench.env("zhang", BJSTC_BUSY_WAIT_SECONDS=wait, BJSTC_LANG=lang, TMPDIR=str(tmp_path))
        with bench.open() as ws:
            before = {"cases": len(ws.cases.list())}
        running = {name: forked.start(programs[name], env, workdir=tmp_path / f"r{r}-{name}") for name in order}
        done = {name: p.wait() for name, p in running.items()}
        where = f"round {r} (order {order}, busy wait {wait} s, seed {SEED})"
        for name, outcome in done.items():
            said = outcome.stdout + outcome.stderr
            assert "Traceback" not in said, f"{where}, {name}: {said}"
            assert outcome.returncode in (0, 1, 6), f"{where}, {name}: exit {outcome.returncode}\n{said}"
            if outcome.returncode == 6:
                assert BUSY[lang] in outcome.stderr, f"{where}, {name}: {outcome.stderr}"
            if outcome.returncode == 1:
                assert name.startswith("act"), f"{where}, {name}: {said}"
        acts = [done[n].returncode for n in ("act 1", "act 2")]
        assert acts.count(0) <= 1 and (acts.count(0) == 1 or 6 in acts), f"{where}: the step taken {acts}"
        reader = done["read"]
        if reader.returncode == 0:
            assert isinstance(json.loads(reader.stdout), list), where
        try:
            assert_sound(bench)
            with bench.open() as ws:
                assert half_done(ws, bench.data_dir) == []
                case = ws.cases.show(shared[r])
                fields = case.fields or {}
                if done["edit amount"].returncode == 0:
                    assert str(fields.get("tech_amount")).startswith(str(70 + r)), (fields, "amount lost")
                if done["edit date"].returncode == 0:
                    assert str(fields.get("signed_on")) == signed, (fields, "date lost")
                made = sum(done[n].returncode == 0 for n in ("new 1", "new 2")) + \
                    250 * (done["import"].returncode == 0)
                assert len(ws.cases.list()) == before["cases"] + made, "cases lost or doubled"
                with ws.store.read() as s:
                    numbers = s.execute(text("SELECT case_no, count(*) FROM cases GROUP BY case_no "
                                             "HAVING count(*) > 1")).all()
                    reviews = s.execute(text("SELECT count(*) FROM timeline_events WHERE case_id = :c AND "
                                             "action = 'review'"), {"c": shared[r]}).scalar()
                    newest = json.loads(s.execute(text(
                        "SELECT body FROM sync_revisions WHERE record_id = :c ORDER BY local_seq DESC LIMIT 1"),
                        {"c": shared[r]}).scalar_one())["fields"]
                assert numbers == [], numbers
                # what peers receive is the newest revision: it too holds both edits
                for key in ("tech_amount", "signed_on"):
                    assert (newest.get(key) is None) == (fields.get(key) is None), (key, newest, fields)
                if done["edit date"].returncode == 0:
                    assert str(newest.get("signed_on")) == signed, newest
                assert reviews == acts.count(0), (reviews, acts)
        except AssertionError as exc:
            raise AssertionError(f"{where}: {exc}") from exc
