"""The shared registers (expert pool, 科研失信 records) on a hub whose officers connect as
their own database roles: a record with no scope is every duty's, a scoped one only its
duties' (store/repositories/scope.py), and the database says the same as the program.
Before this, an officer's role could add no expert at all (the revision's module "" was
outside every policy) and could read, at psql, experts scoped to duties not his."""

from __future__ import annotations

from pathlib import Path

from tests.hub.office import make_office, require_hub


def _expert(n: int) -> dict[str, str]:
    return {"name": f"共享专家{n}", "id_number": ("110105197002101003", "110105198003152018", "110105198506203016")[n],
            "employer": "北京某研究院", "employer_uscc": "91110108000000100W", "disciplines": "520",
            "category": "技术专家", "professional_title": "研究员"}


def test_the_expert_pool_is_shared_by_scope_in_the_program_and_at_psql(tmp_path: Path) -> None:
    require_hub()
    office = make_office(tmp_path / "hub")  # low: 内部, market; high: 秘密, market and industry
    with office.open("low") as ws:
        ws.experts.add(_expert(0))  # every duty's
        ws.experts.add(_expert(1), modules=("market",))
    with office.open("high") as ws:
        ws.experts.add(_expert(2), modules=("industry",))
        assert sorted(e.name for e in ws.experts.list()) == ["共享专家0", "共享专家1", "共享专家2"]
    with office.open("low") as ws:
        assert sorted(e.name for e in ws.experts.list()) == ["共享专家0", "共享专家1"]
    with office.connect("low") as conn:  # psql: neither the row nor its revision
        assert sorted(r[0] for r in conn.execute("SELECT modules FROM experts").fetchall()) == ["", ",market,"]
        assert conn.execute("SELECT count(*) FROM sync_revisions WHERE record_type = 'expert'").fetchone()[0] == 2
