"""The allocator across programs: two processes issuing at once get every number exactly
once, and a process killed half-way through an issue leaves no gap and no duplicate."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.store import audit
from bjstc_desktop.store.models import Letter
from tests.conftest import OFFICER_PASS, Station
from tests.letters.conftest import new_contract

REPO = Path(__file__).resolve().parents[2]
ISSUER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from bjstc_desktop.workstation import Workstation
    data_dir, case_id, out, tag, count = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4], int(sys.argv[5])
    crash = os.environ.get("CRASH")
    if crash == "before_commit":  # the letter is rendered, staged and registered, not committed
        from bjstc_desktop.store.repositories.letters import LetterRepository
        real_register = LetterRepository.register
        def register_then_die(self, letter):
            real_register(self, letter)
            os._exit(9)
        LetterRepository.register = register_then_die
    elif crash == "after_commit":  # committed, the PDF not yet renamed into place
        from bjstc_desktop.letters import output
        def die(tmp, target):
            os._exit(9)
        output.publish = die
    ws = Workstation.open(Path(data_dir), "zhang", os.environ["PASS"], wait_for_delay=False)
    for i in range(count):
        ws.letters.issue(case_id, "notice", out / f"{tag}-{i}.pdf", values={"body": f"{tag} 第{i}件。"})
    ws.close()
""")


def _run(station: Station, case_id: str, out: Path, tag: str, count: int, **env: str) -> subprocess.Popen[bytes]:
    environ = {**os.environ, "PASS": OFFICER_PASS, "PYTHONPATH": str(REPO), **env}
    return subprocess.Popen([sys.executable, "-c", ISSUER, str(station.data_dir), case_id, str(out), tag, str(count)],
                            env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _numbers(station: Station) -> list[int]:
    with station.open() as ws, ws.store.read() as s:
        return sorted(s.execute(select(Letter.seq).where(Letter.daizi == "京科发")).scalars())


@pytest.mark.slow
def test_two_programs_at_once_get_every_number_exactly_once(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
    procs = [_run(station, case, tmp_path, tag, 8) for tag in ("a", "b")]
    for p in procs:
        _out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err.decode()
    assert _numbers(station) == list(range(1, 17))
    on_disk = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.glob("*.pdf")}
    with station.open() as ws:
        register = ws.letters.register()
    assert len({e.number for e in register}) == 16
    assert {e.sha256 for e in register} == on_disk  # every file is registered, every entry on disk


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["before_commit", "after_commit"])
def test_a_program_killed_mid_issue_leaves_no_gap_and_no_duplicate(station: Station, tmp_path: Path,
                                                                     moment: str) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        ws.letters.issue(case, "notice", tmp_path / "first.pdf", values={"body": "第一件。"})
    crashed = _run(station, case, tmp_path, "crash", 1, CRASH=moment)
    crashed.communicate(timeout=300)
    assert crashed.returncode == 9
    assert not (tmp_path / "crash-0.pdf").exists()  # no final-named file without a registered number
    committed = moment == "after_commit"
    assert _numbers(station) == ([1, 2] if committed else [1])
    with station.open() as ws:
        after = ws.letters.issue(case, "notice", tmp_path / "after.pdf", values={"body": "下一件。"})
        assert after.number.endswith(f"〕{3 if committed else 2}号")  # the next number: no gap, no reuse
        if committed:  # the killed letter is whole in the register and can be saved from there
            entry = next(e for e in ws.letters.register() if e.number.endswith("〕2号"))
            assert hashlib.sha256(ws.letters.pdf(entry.number)).hexdigest() == entry.sha256
        with ws.store.read() as s:
            assert audit.verify(s).ok
