"""Issuing letters from cases: the 发文字号 allocator (per 机关代字 and year, no gaps, no
duplicates), the register and its visibility, voiding (audited, never reused), and the
all-or-nothing write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    MediaError,
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    ValidationError,
)
from bjstc_desktop.letters import output
from bjstc_desktop.letters.merge import MissingMergeFields
from bjstc_desktop.store import audit
from bjstc_desktop.store.models import AuditEvent, DocNumberCounter, Letter
from tests.conftest import ADMIN_PASS, Station, make_station
from tests.letters.conftest import new_contract
from tests.letters.pdfacheck import pdfa2b_problems

BODY = {"body": "经审核，该合同属于技术开发合同，予以登记。"}


@pytest.fixture
def two(tmp_path: Path) -> Station:
    """zhang sees every duty; wang only 法规政策 (policy)."""
    return make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "wang": (Level.SECRET, "policy")})


def _audit(ws, action: str) -> list[dict]:  # type: ignore[no-untyped-def]
    with ws.store.read() as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).scalars()
        return [json.loads(r.details) | {"target": r.target_id} for r in rows]


def test_numbers_run_per_series_and_year_without_gaps(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        numbers = [ws.letters.issue(case, "notice", tmp_path / f"n{i}.pdf", values=BODY).number for i in range(3)]
        assert numbers == [f"京科发〔{dt.date.today().year}〕{i}号" for i in (1, 2, 3)]
        other = ws.letters.issue(case, "supplement_notice", tmp_path / "s.pdf", values={"opinion": "请补充合同原件。"})
        assert other.number == f"京科许〔{dt.date.today().year}〕1号"  # its own series
        old = ws.letters.issue(case, "notice", tmp_path / "old.pdf", values=BODY, issue_date=dt.date(2025, 12, 30),
                             force_date=True)  # a letter of last year: confirmed
        assert old.number == "京科发〔2025〕1号"  # and its own year


def test_the_register_lists_number_case_template_date_signer_fonts_and_hash(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        result = ws.letters.issue(case, "tech_contract_certificate", tmp_path / "c.pdf", signer="王喆")
        pdf = (tmp_path / "c.pdf").read_bytes()
        assert result.sha256 == hashlib.sha256(pdf).hexdigest() and result.path == str(tmp_path / "c.pdf")
        assert pdfa2b_problems(pdf) == []
        [entry] = ws.letters.register()
        assert (entry.number, entry.case_id, entry.template, entry.signer, entry.status) == (
            result.number, case, "tech_contract_certificate", "王喆", "有效")
        assert entry.issued_on == dt.date.today().isoformat() and entry.sha256 == result.sha256
        assert {f["role"] for f in entry.fonts} >= {"fangsong", "title"}
        assert all(f["source"] in ("bundled", "licensed") for f in entry.fonts)
        assert ws.letters.pdf(result.number) == pdf  # the register keeps the letter itself
        [issued] = _audit(ws, "letter_issue")
        assert issued["number"] == result.number and issued["sha256"] == result.sha256 and issued["target"] == case
        assert _audit(ws, "letter_read")[0]["number"] == result.number
        timeline = ws.cases.show(case).timeline
        assert timeline[-1].action == "letter_issue"


def test_voiding_is_audited_keeps_the_number_and_never_reuses_it(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        first = ws.letters.issue(case, "notice", tmp_path / "a.pdf", values=BODY)
        with pytest.raises(ValidationError):
            ws.letters.void(first.number, "  ")
        voided = ws.letters.void(first.number, "文字有误，重新发文")
        assert voided.status == "作废" and voided.void_reason == "文字有误，重新发文"
        with pytest.raises(RefusedError, match="已作废"):
            ws.letters.void(first.number, "again")
        second = ws.letters.issue(case, "notice", tmp_path / "b.pdf", values=BODY)
        assert second.number.endswith("〕2号")
        assert [(e.number, e.status) for e in ws.letters.register()] == [(second.number, "有效"), (first.number, "作废")]
        [event] = _audit(ws, "letter_void")
        assert event == {"number": first.number, "reason": "文字有误，重新发文", "target": case}
        with ws.store.read() as s:
            assert audit.verify(s).ok  # the chain still holds


def test_a_missing_merge_field_uses_no_number(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        with pytest.raises(MissingMergeFields, match="办理意见"):
            ws.letters.issue(case, "supplement_notice", tmp_path / "s.pdf")
        assert not (tmp_path / "s.pdf").exists() and ws.letters.register() == []
        ok = ws.letters.issue(case, "supplement_notice", tmp_path / "s.pdf", values={"opinion": "请补充合同原件。"})
        assert ok.number.endswith("〕1号")


def test_a_failed_write_registers_nothing_and_leaves_no_gap(station: Station, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with station.open() as ws:
        case = new_contract(ws)

        def full_disk(target: Path, data: bytes) -> Path:
            raise MediaError("磁盘已满。", "The disk is full.")

        monkeypatch.setattr(output, "stage", full_disk)
        blobs_before = set((station.data_dir / "blobs").iterdir())
        with pytest.raises(MediaError):
            ws.letters.issue(case, "notice", tmp_path / "x.pdf", values=BODY)
        monkeypatch.undo()
        assert ws.letters.register() == [] and not (tmp_path / "x.pdf").exists()
        assert set((station.data_dir / "blobs").iterdir()) == blobs_before
        assert _audit(ws, "letter_issue") == []
        with ws.store.read() as s:
            assert s.execute(select(DocNumberCounter)).scalars().all() == []
        assert ws.letters.issue(case, "notice", tmp_path / "x.pdf", values=BODY).number.endswith("〕1号")
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left


def test_refusals_wrong_template_wrong_role_invisible_case(two: Station, tmp_path: Path) -> None:
    with two.open("zhang") as ws:
        case = new_contract(ws)
        with pytest.raises(RefusedError, match="不签发"):
            ws.letters.issue(case, "reply_letter", tmp_path / "r.pdf")
        with pytest.raises(RefusedError, match="不存在"):
            ws.letters.issue(case, "notice", tmp_path / "missing-folder" / "r.pdf", values=BODY)
        number = ws.letters.issue(case, "notice", tmp_path / "n.pdf", values=BODY).number
    with two.open("wang") as ws:  # the market duty is outside wang's scope
        with pytest.raises(NotFoundError):
            ws.letters.issue(case, "notice", tmp_path / "w.pdf", values=BODY)
        assert ws.letters.register() == []
        with pytest.raises(NotFoundError):
            ws.letters.void(number, "不该能作废")
        with pytest.raises(NotFoundError):
            ws.letters.pdf(number)
    with two.open("admin", ADMIN_PASS) as ws:  # 三员分立: administrators never touch letters
        with pytest.raises(PermissionDeniedError):
            ws.letters.register()
        with pytest.raises(PermissionDeniedError):
            ws.letters.issue(case, "notice", tmp_path / "a.pdf", values=BODY)


def test_templates_of_a_case_are_those_its_type_issues(station: Station) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        codes = [t.code for t in ws.letters.templates(case)]
        assert codes == ["supplement_notice", "extension_notice", "notice", "tech_contract_certificate"]
        assert len(ws.letters.templates()) >= 18


def test_the_register_row_matches_the_file_on_disk(station: Station, tmp_path: Path) -> None:
    with station.open() as ws:
        case = new_contract(ws)
        result = ws.letters.issue(case, "notice", tmp_path / "n.pdf", values=BODY, signer="李堃")
        with ws.store.read() as s:
            row = s.execute(select(Letter)).scalar_one()
        assert row.sha256 == hashlib.sha256((tmp_path / "n.pdf").read_bytes()).hexdigest()
        assert (row.daizi, row.seq, row.signer, row.file_name, row.pages) == (
            "京科发", 1, "李堃", "n.pdf", result.pages)
