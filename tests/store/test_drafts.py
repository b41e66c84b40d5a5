"""Drafts in the store, attacked as the brief's officers would: another officer (or the
same one after losing clearance or scope) never reads a draft; an administrator reads
none; what is typed is never in a file in plain (store.db is SQLCipher, the WAL too);
nothing of a draft is synchronised or audited as a case change."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import (
    NotFoundError,
    PermissionDeniedError,
    RefusedError,
    ValidationError,
)
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.ops.drafts import ACTION, EDIT_CASE, MAX_DRAFT_BYTES, NEW_CASE
from bjstc_desktop.store.models import AuditEvent
from tests.conftest import ADMIN_PASS, SEC_PASS, Station, make_station

MARKER = "草稿标记Q7Z-蓝鲸科技有限公司"
CONTRACT = {"contract_type": "技术开发", "seller": "北京冰雪科技有限公司", "seller_uscc": "91350100M000100Y43",
            "contract_amount": "100万", "tech_amount": "80万"}


@pytest.fixture
def office(tmp_path: Path) -> Station:
    return make_station(tmp_path / "ws", officers={"zhang": (Level.SECRET, "all"), "li": (Level.SECRET, "all"),
                                                   "zhao": (Level.INTERNAL, "market")}, administrators=True)


def _new(ws, title: str = MARKER, level: int = 0):  # type: ignore[no-untyped-def]
    return ws.drafts.save(None, NEW_CASE, "tech_contract", f"技术合同认定登记：{title}",
                         {"classification": level, "header": {"title": title}, "fields": {"seller": MARKER}})


def test_a_draft_is_kept_listed_read_back_and_replaced(office: Station) -> None:
    with office.open("zhang") as ws:
        saved = _new(ws)
        assert saved.module == "market" and saved.classification == "公开"
        assert [d.id for d in ws.drafts.list()] == [saved.id] and ws.drafts.list()[0].content is None
        assert ws.drafts.get(saved.id).content["fields"]["seller"] == MARKER
        again = ws.drafts.save(saved.id, NEW_CASE, "tech_contract", "标题二", {"classification": 0, "fields": {}})
        assert again.id == saved.id and len(ws.drafts.list()) == 1 and ws.drafts.get(saved.id).title == "标题二"
        assert [d.id for d in ws.drafts.find(NEW_CASE, "tech_contract")] == [saved.id]
        assert ws.drafts.discard(saved.id) and ws.drafts.list() == [] and not ws.drafts.discard(saved.id)


def test_another_officer_neither_sees_nor_overwrites_my_draft(office: Station) -> None:
    with office.open("zhang") as ws:
        mine = _new(ws)
    with office.open("li") as other:
        assert other.drafts.list() == [] and other.drafts.find(NEW_CASE, "tech_contract") == []
        with pytest.raises(NotFoundError):
            other.drafts.get(mine.id)
        with pytest.raises(NotFoundError):  # guessing the id does not let one write into it
            other.drafts.save(mine.id, NEW_CASE, "tech_contract", "x", {"classification": 0})
        assert not other.drafts.discard(mine.id)
    with office.open("zhang") as ws:
        assert ws.drafts.get(mine.id).content["fields"]["seller"] == MARKER


def test_a_draft_above_clearance_or_outside_scope_is_refused(office: Station) -> None:
    with office.open("zhao") as ws:  # 内部, market only
        with pytest.raises(RefusedError):
            _new(ws, level=int(Level.SECRET))
        with pytest.raises(RefusedError):
            ws.drafts.save(None, NEW_CASE, "hnte", "x", {"classification": 0})  # industry: not in scope
        with pytest.raises(ValidationError):
            ws.drafts.save(None, "letter", "tech_contract", "x", {})
        with pytest.raises(ValidationError):
            ws.drafts.save(None, NEW_CASE, "tech_contract", "x", {"classification": 0, "t": "x" * MAX_DRAFT_BYTES})
        assert ws.drafts.list() == []


def test_lost_clearance_or_scope_hides_the_draft_as_it_hides_the_case(office: Station) -> None:
    with office.open("zhang") as ws:
        secret = _new(ws, level=int(Level.SECRET))
        public = _new(ws, title="公开的草稿")
    with office.open("admin", ADMIN_PASS) as admin:
        with pytest.raises(PermissionDeniedError):
            admin.drafts.list()  # 三员分立: an administrator reads no case content, drafts included
    with office.open("sec", SEC_PASS) as sec:
        with pytest.raises(PermissionDeniedError):
            sec.drafts.list()  # nor does the security administrator
        sec.accounts.set_access("zhang", Level.INTERNAL, frozenset(MODULE_CODES))
    with office.open("zhang") as ws:
        assert [d.id for d in ws.drafts.list()] == [public.id]
        with pytest.raises(NotFoundError):
            ws.drafts.get(secret.id)
    with office.open("sec", SEC_PASS) as sec:
        sec.accounts.set_access("zhang", Level.SECRET, frozenset({"policy"}))
    with office.open("zhang") as ws:
        assert ws.drafts.list() == []  # tech_contract is a market case: out of scope now


def test_a_draft_of_an_edit_or_a_move_needs_a_case_the_officer_may_see(office: Station) -> None:
    with office.open("zhang") as ws:
        case = ws.cases.create("tech_contract", "可见的案件", CONTRACT, classification=Level.SECRET,
                              secrecy_period="10年")
        edit = ws.drafts.save(None, EDIT_CASE, case.id, "编辑", {"fields": {"seller": MARKER}})
        move = ws.drafts.save(None, ACTION, case.id, "审核", {"opinion": MARKER}, action="review")
        assert edit.classification == "秘密" and move.action == "review"
        with pytest.raises(NotFoundError):
            ws.drafts.save(None, EDIT_CASE, "no-such-case", "x", {})
    with office.open("zhao") as low:  # 内部: cannot see the 秘密 case, so cannot draft on it
        with pytest.raises(NotFoundError):
            low.drafts.save(None, ACTION, case.id, "x", {"opinion": "x"}, action="review")


def test_what_is_typed_is_never_in_a_file_in_plain(office: Station) -> None:
    with office.open("zhang") as ws:
        _new(ws)
        assert ws.drafts.list()  # written (the WAL holds it until a checkpoint)
        needle = MARKER.encode("utf-8")
        for path in office.data_dir.rglob("*"):
            if path.is_file():
                assert needle not in path.read_bytes(), path


def _audit_events(ws) -> int:  # type: ignore[no-untyped-def]
    with ws.store.read() as s:
        return int(s.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def test_drafts_are_not_audited_as_case_changes(office: Station) -> None:
    with office.open("zhang") as ws:
        before = _audit_events(ws)
        draft = _new(ws)
        ws.drafts.save(draft.id, NEW_CASE, "tech_contract", "again", {"classification": 0})
        ws.drafts.discard(draft.id)
        assert _audit_events(ws) == before  # typing is not an event; the saved case will be
