"""SQL spelled differently by SQLite and PostgreSQL answers the same on both stores."""

from __future__ import annotations

from sqlalchemy import String, literal, select

from bjstc_desktop.store.portable import json_text, year_month
from tests.conftest import Station


def test_json_text_and_substr_answer_the_same_on_both_stores(station: Station) -> None:
    with station.open("admin", "admin passphrase 1") as ws, ws.store.read() as s:
        doc = literal('{"case_type": "tech_contract", "case_no": "技合〔2026〕1号"}', String())
        assert s.execute(select(json_text(doc, "case_no"), json_text(doc, "missing"))).one() == ("技合〔2026〕1号", None)
        month = year_month(literal("2026-03-01", String()))
        assert s.execute(select(month)).scalar() == "2026-03"
        assert s.execute(select(literal(15_000_000_000) + 1)).scalar() == 15_000_000_001  # 64-bit on both
