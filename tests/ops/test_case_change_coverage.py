"""Every operation of the API that changes a case leaves, for each case it changes, a new
sync revision, a timeline entry, a fresh search document and an audit event (issue 15,
must-hold 1). The registry below classifies every public operation of a workstation
(its methods and those of its sub-objects: ws.panels, ws.archives, ...); a new public
operation that is not classified fails `test_the_registry_names_every_public_operation`,
so nobody adds a write path that this file does not call."""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.modules import MODULE_CODES
from bjstc_desktop.core.roles import Role
from bjstc_desktop.ops.cases import NewCase
from bjstc_desktop.ops.workflow import Move
from bjstc_desktop.store import kdf
from bjstc_desktop.store.models import AuditEvent, Case, SearchDoc, TimelineEvent
from bjstc_desktop.store.sync_models import SyncRevision
from bjstc_desktop.workstation import Workstation
from bjstc_desktop.workstation.parts import all_parts
from tests.conftest import FAST_KDF, OFFICER_PASS
from tests.store.duty_seed import HNTE_SCORES, add_pool, hnte_in_review
from tests.store.xlsx_lists import contracts
from tests.sync import forge
from tests.sync.conftest import CONTRACT, Office, make_office, receive, send, trust

BODY = {"body": "经审核，该合同属于技术开发合同，予以登记。"}

# Operations that change no case (they read, or change accounts, keys, settings, peers,
# drafts, the expert pool or the integrity register; audited where they must be).
READ_ONLY = {
    # the session (Workstation itself)
    "close", "describe", "identity", "info", "note_locked", "verify_passphrase",
    # its sub-objects
    "accounts.list", "accounts.require_current_passphrase", "admin.audit_anchor", "admin.audit_checkpoint",
    "admin.auditor_key_fingerprint", "admin.backup", "admin.export_audit", "admin.settings",
    "admin.verify_audit", "archives.catalogue", "archives.export_catalogue", "archives.export_records",
    "archives.filing", "archives.is_filed", "archives.print_catalogue", "attachments.list", "attachments.read",
    "cases.counts", "cases.due", "cases.due_summary", "cases.list", "cases.page", "cases.search", "cases.show",
    "cases.why_matched", "drafts.find", "drafts.get", "drafts.list", "experts.count", "experts.list",
    "experts.show", "imports.preview", "imports.profiles", "imports.sources", "integrity.count_in_force",
    "integrity.hits", "integrity.list", "keys.missing", "letters.ofd", "letters.pdf", "letters.register",
    "letters.render_draft", "letters.templates", "panels.draft_invite", "panels.draft_summary", "panels.panel",
    "panels.replay", "parties.search", "peers.audit_heads", "peers.list", "peers.node_keys", "peers.own_card",
    "reference.add_workdays", "reference.calendar", "reference.modules", "reference.rule_values",
    "reference.rules", "reference.workdays_between", "registers.summary", "reports.dashboard",
    "reports.export_cases", "reports.export_chart_png", "reports.export_dashboard", "sync.conflicts",
    "sync.held_for_review", "joins.joined_here", "sync.outbox", "joins.records_above", "joins.trusted_peers",
    "workflow.actions", "workflow.checks",
}
OTHER_WRITES = {
    # the session (Workstation itself)
    "init", "open", "open_unlocked", "recover", "restore",
    # its sub-objects (sync.export_package gives a case made before sync existed its first
    # revision: the case does not change)
    "accounts.add", "accounts.change_passphrase", "accounts.grant_keys", "accounts.set_access",
    "accounts.set_active", "admin.set_setting", "archives.set_retention", "drafts.discard", "drafts.save",
    "experts.add", "experts.add_history", "experts.add_in", "experts.add_many_in", "experts.add_relation", "experts.edit",
    "experts.edit_in", "experts.remove_relation", "experts.revised", "experts.set_status",
    "imports.save_mapping", "integrity.add", "integrity.add_in", "integrity.add_many_in", "integrity.revised", "integrity.revoke",
    "integrity.update_in", "keys.upgrade", "parties.create", "peers.export_identity", "peers.revoke",
    "peers.trust", "reference.set_calendar_year", "reference.set_rule", "sync.export_package",
    # a hub's join and hand-off (ops/sync_join.py, sync_peers.py): trust, the workstation file, a package
    "peers.accept_hand_off", "peers.trust_for_join", "peers.trust_handed_off", "joins.export_for_join",
    "joins.mark_joined", "joins.undo_join_trust",
}
# Operations that change cases only by calling one of CASE_CHANGES inside (checked there);
# their own path is tested where they are (tests/hub/test_join.py: revisions and authors kept).
DELEGATED = {"joins.import_joined": "sync.import_package"}

AUTHORED = "authored"  # this workstation's change: timeline entry, index, its own revision, audit event on the case
RECEIVED = "received"  # revisions from a peer: they carry the timeline entries; index; the package's audit event
DECIDED = "decided"  # a conflict or held revision decided here: a revision over the heads, index, audit event
# (a conflict decision also leaves a timeline entry, in its revision: every office sees who settled it)
DELETED = "deleted"  # a tombstone revision and an audit event; the row and its search document go


@dataclass
class Env:
    """A copy of the template: office A (zhang, li, sec) sharing its cases with office B."""

    a: Office
    b: Office
    ids: dict[str, str]
    tmp: Path

    @property
    def ws(self) -> Workstation:
        """Office A as zhang."""
        return self.a.ws()


@dataclass
class Run:
    """One call of a changing operation, prepared: `call` makes the change; `cases` says
    which cases it changed (from its result and the case ids before and after)."""

    call: Callable[[], Any]
    cases: Callable[[Any, set[str], set[str]], Sequence[str]]
    kind: str = AUTHORED
    search: Callable[[Any], str] | None = None  # text the index must find the case by afterwards


def _given(*ids: str) -> Callable[[Any, set[str], set[str]], Sequence[str]]:
    return lambda _r, _b, _a: ids


def _new(_r: Any, before: set[str], after: set[str]) -> Sequence[str]:
    return sorted(after - before)


def _contract(env: Env, title: str = "另一合同") -> str:
    return env.ws.cases.create("tech_contract", title, CONTRACT).id


def _panel(env: Env) -> tuple[str, list[str]]:
    case = env.ids["hnte"]
    members = [m.expert_id for m in env.ws.panels.draw(case).members]
    return case, members


def _conflict(env: Env) -> str:
    case = env.ids["shared"]
    env.ws.cases.edit(case, title="甲的标题")
    env.b.ws().cases.edit(case, title="乙的标题")
    receive(env.a, send(env.b, env.a, env.tmp / "usb1"))
    [conflict] = env.ws.sync.conflicts()
    return conflict.id


def _held(env: Env) -> str:
    """A peer's revision lowering a 秘密 case, held for the security administrator."""
    case = env.ids["secret"]
    fall = forge.child(forge.head_doc(env.a, case), env.b, classification=0, secrecy_period=None,
                       declassify_condition="项目已公开发表")
    assert env.ws.sync.import_package(forge.build(env.b, [env.a], env.tmp, revs=[fall])).held_for_review == 1
    [held] = env.a.ws("sec").sync.conflicts()
    return held.id


def _scored(env: Env) -> str:
    case, members = _panel(env)
    for m in members:
        env.ws.panels.score(case, m, HNTE_SCORES)
    return case


def _received(env: Env) -> Run:
    case = env.ids["shared"]
    env.b.ws().cases.edit(case, title="乙站改过的标题")
    package = send(env.b, env.a, env.tmp / "usb2")
    return Run(lambda: env.ws.sync.import_package(package), _given(case), RECEIVED, search=lambda _r: "乙站改过的标题")


def _file(env: Env) -> Run:
    case = _contract(env)
    env.ws.workflow.act(case, "review")
    env.ws.workflow.act(case, "register", None, {"contract_no": "2026110100123456", "registered_on": "2026-11-02"})
    return Run(lambda: env.ws.archives.file(case), _given(case))


def _void(env: Env) -> Run:
    case = env.ids["shared"]
    number = env.ws.letters.issue(case, "notice", None, values=BODY).number
    return Run(lambda: env.ws.letters.void(number, "发文有误"), _given(case), search=lambda _r: "发文有误")


def _import(env: Env) -> Run:
    path = contracts(env.tmp / "合同.xlsx", "1101234567890123", "1101234567890124")
    return Run(lambda: env.ws.imports.run(path, "tech_contracts"), _new)


def _invite(env: Env) -> Run:
    case, members = _panel(env)
    return Run(lambda: env.ws.panels.invite(case, members[0], None, review_time="2026年12月20日上午9时",
                                            review_place="市科委会议室", phone="010-12345678"),
               _given(case), search=lambda r: r.number)


def _summary(env: Env) -> Run:
    case = _scored(env)
    return Run(lambda: env.ws.panels.summary(case, None), _given(case), search=lambda r: r.number)


def _two(env: Env) -> tuple[str, str]:
    return env.ids["shared"], _contract(env)


def _bulk_act(env: Env) -> Run:
    ids = _two(env)
    return Run(lambda: env.ws.bulk.act(ids, "review"), _given(*ids))


def _act_each(env: Env) -> Run:
    ids = _two(env)
    return Run(lambda: env.ws.workflow.act_each(ids, lambda _c, actions, _f: [Move(a.action, "材料齐全予以审查")
                                                                      for a in actions if a.action == "review"]),
               _given(*ids))


def _bulk_assign(env: Env) -> Run:
    ids = _two(env)
    return Run(lambda: env.ws.bulk.assign(ids, "li", "调岗"), _given(*ids), search=lambda _r: "调岗")


def _bulk_letters(env: Env) -> Run:
    ids = _two(env)
    out = env.tmp / "letters"
    out.mkdir()
    return Run(lambda: env.ws.bulk.letters(ids, "notice", out, values=BODY), _given(*ids))


def _attach(env: Env) -> Run:
    f = env.tmp / "材料.txt"
    f.write_text("材料", encoding="utf-8")
    case = env.ids["shared"]
    return Run(lambda: env.ws.attachments.add(case, f, "合同文本"), _given(case))


def _panel_step(op: Callable[[Env, str, list[str]], Any], search: Callable[[Any], str] | None = None
                ) -> Callable[[Env], Run]:
    def prepare(env: Env) -> Run:
        case, members = _panel(env)
        return Run(lambda: op(env, case, members), _given(case), search=search)
    return prepare


def _shared(op: Callable[[Env, str], Any], search: Callable[[Any], str] | None = None) -> Callable[[Env], Run]:
    def prepare(env: Env) -> Run:
        case = env.ids["shared"]
        return Run(lambda: op(env, case), _given(case), search=search)
    return prepare


CASE_CHANGES: dict[str, Callable[[Env], Run]] = {
    "cases.create": lambda env: Run(lambda: env.ws.cases.create("tech_contract", "新登记的合同", CONTRACT),
                                   lambda r, _b, _a: [r.id], search=lambda _r: "新登记的合同"),
    "cases.create_many": lambda env: Run(lambda: env.ws.cases.create_many([NewCase("tech_contract", "成批登记的合同", CONTRACT),
                                                                 NewCase("tech_contract", "成批登记的合同二", CONTRACT)]),
                                    lambda r, _b, _a: list(r), search=lambda _r: "成批登记的合同"),
    "cases.edit": _shared(lambda env, c: env.ws.cases.edit(c, title="改过的标题"), search=lambda _r: "改过的标题"),
    "workflow.act": _shared(lambda env, c: env.ws.workflow.act(c, "review", opinion="材料齐全予以审查")),
    "workflow.assign": _shared(lambda env, c: env.ws.workflow.assign(c, "li", "工作调整")),
    "attachments.add": _attach,
    "letters.issue": _shared(lambda env, c: env.ws.letters.issue(c, "notice", None, values=BODY),
                            search=lambda r: r.number),
    "letters.void": _void,
    "bulk.act": _bulk_act,
    "workflow.act_each": _act_each,
    "bulk.assign": _bulk_assign,
    "bulk.letters": _bulk_letters,
    "imports.run": _import,
    "archives.file": _file,
    "panels.draw": lambda env: Run(lambda: env.ws.panels.draw(env.ids["hnte"]), _given(env.ids["hnte"])),
    "panels.withdraw": _panel_step(lambda env, c, m: env.ws.panels.withdraw(c, m[0], "出差，无法参加")),
    "panels.confirm": _panel_step(lambda env, c, m: env.ws.panels.confirm(c, m[0])),
    "panels.score": _panel_step(lambda env, c, m: env.ws.panels.score(c, m[0], HNTE_SCORES, "创新性强")),
    "panels.invite": _invite,
    "panels.summary": _summary,
    "sync.import_package": _received,
    "sync.resolve": lambda env: (lambda cid: Run(lambda: env.ws.sync.resolve(cid, "新的统一标题"),
                                                 _given(env.ids["shared"]), DECIDED,
                                                 search=lambda _r: "新的统一标题"))(_conflict(env)),
    "sync.decide_held": lambda env: (lambda hid: Run(lambda: env.a.ws("sec").sync.decide_held(hid, "theirs"),
                                                _given(env.ids["secret"]), DECIDED))(_held(env)),
    "cases.delete": lambda env: (lambda cid: Run(lambda: env.ws.cases.delete(cid), _given(cid), DELETED))(
        _contract(env, "要删除的合同")),
}


def _public_operations(ws: Workstation) -> set[str]:
    names = {n for n, v in inspect.getmembers(type(ws)) if not n.startswith("_") and callable(v)}
    for attr, obj in all_parts(ws).items():
        if type(obj).__module__.startswith("bjstc_desktop.ops."):
            names |= {f"{attr}.{n}" for n, v in inspect.getmembers(type(obj)) if not n.startswith("_") and callable(v)}
    return names


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """A (甲站) and B (乙站) trusting each other; A holds a shared 公开 contract, a 秘密
    contract B also has, and an HNTE case in 专家评审 with an expert pool."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kdf, "DEFAULT_KDF", FAST_KDF)
        root = tmp_path_factory.mktemp("changes")
        a, b = make_office(root, "甲站"), make_office(root, "乙站")
        with a.open("admin") as ws:
            ws.accounts.add("li", Role.OFFICER, OFFICER_PASS)
        with a.open("sec") as ws:
            ws.accounts.set_access("li", Level.SECRET, frozenset(MODULE_CODES))
        trust(a, b)
        trust(b, a)
        ws = a.ws()
        ids = {"shared": ws.cases.create("tech_contract", "共享合同", CONTRACT,
                                        received_on=dt.date.today() - dt.timedelta(days=3)).id,
               "secret": ws.cases.create("tech_contract", "秘密合同", CONTRACT, classification=Level.SECRET,
                                        secrecy_period="10年").id}
        add_pool(ws, tech=8, finance=3)
        ids["hnte"] = hnte_in_review(ws)
        receive(b, send(a, b, root / "usb"))
        a.close()
        b.close()
        yield Env(a, b, ids, root)


@pytest.fixture
def env(template: Env, tmp_path: Path) -> Iterator[Env]:
    """A private copy of the template for one test."""
    a, b = (replace(o, data_dir=tmp_path / o.name, sessions={}) for o in (template.a, template.b))
    for src, dst in ((template.a, a), (template.b, b)):
        shutil.copytree(src.data_dir, dst.data_dir)
    yield Env(a, b, dict(template.ids), tmp_path)
    a.close()
    b.close()


@dataclass(frozen=True)
class Trace:
    """What the store holds about one case."""

    revisions: int
    timeline: int
    audits: int
    indexed: bool
    exists: bool


def _trace(ws: Workstation, case_id: str) -> Trace:
    with ws.store.read() as s:
        def count(q: Any) -> int:
            return int(s.execute(q).scalar() or 0)
        doc = s.execute(select(SearchDoc.doc_id).where(SearchDoc.case_id == case_id)).scalar_one_or_none()
        indexed = doc is not None and bool(s.execute(text("SELECT count(*) FROM case_search WHERE rowid = :r"),
                                                     {"r": doc}).scalar())
        return Trace(count(select(func.count()).select_from(SyncRevision).where(SyncRevision.record_id == case_id)),
                     count(select(func.count()).select_from(TimelineEvent).where(TimelineEvent.case_id == case_id)),
                     count(select(func.count()).select_from(AuditEvent).where(AuditEvent.target_id == case_id)),
                     indexed, s.get(Case, case_id) is not None)


def _case_ids(ws: Workstation) -> set[str]:
    with ws.store.read() as s:
        return set(s.execute(select(Case.id)).scalars())


def _last_audit_seq(ws: Workstation) -> int:
    with ws.store.read() as s:
        return int(s.execute(select(func.max(AuditEvent.seq))).scalar() or 0)


def test_the_registry_names_every_public_operation(env: Env) -> None:
    names = _public_operations(env.ws)
    registry = [READ_ONLY, OTHER_WRITES, set(CASE_CHANGES), set(DELEGATED)]
    assert not (READ_ONLY & OTHER_WRITES) and not (set(CASE_CHANGES) & (READ_ONLY | OTHER_WRITES))
    assert set(DELEGATED.values()) <= set(CASE_CHANGES) and not set(DELEGATED) & (READ_ONLY | OTHER_WRITES)
    unclassified = names - set().union(*registry)
    assert not unclassified, f"classify these operations in {__name__}: {sorted(unclassified)}"
    assert not set().union(*registry) - names, "the registry names operations that no longer exist"


@pytest.mark.parametrize("operation", sorted(CASE_CHANGES))
def test_every_case_change_leaves_revision_timeline_index_and_audit(env: Env, operation: str) -> None:
    run = CASE_CHANGES[operation](env)
    ws = env.ws
    before_ids = _case_ids(ws)
    with ws.store.write() as s:  # a stale index everywhere: only what the change reindexes is found again
        s.execute(text("DELETE FROM case_search"))
    before = {c: _trace(ws, c) for c in before_ids}
    seq = _last_audit_seq(ws)
    result = run.call()
    changed = list(run.cases(result, before_ids, _case_ids(ws)))
    assert changed, f"{operation} changed no case"
    empty = Trace(0, 0, 0, False, False)
    for case_id in changed:
        was, now = before.get(case_id, empty), _trace(ws, case_id)
        where = f"{operation} on {case_id}"
        if run.kind == DELETED:
            assert not now.exists and not now.indexed, where
            assert now.revisions == was.revisions + 1 and now.audits > was.audits, where
            continue
        assert now.revisions > was.revisions, f"{where}: no new revision"
        assert now.indexed, f"{where}: the search document was not rebuilt"
        if run.kind in (AUTHORED, RECEIVED) or operation == "sync.resolve":
            assert now.timeline > was.timeline, f"{where}: no timeline entry"
        if run.kind == RECEIVED:
            with ws.store.read() as s:
                actions = set(s.execute(select(AuditEvent.action).where(AuditEvent.seq > seq)).scalars())
            assert "sync_import" in actions, f"{where}: no audit event for the package"
        else:
            assert now.audits > was.audits, f"{where}: no audit event"
    if run.search is not None:
        found = {c.id for c in ws.cases.search(run.search(result))}
        assert set(changed) <= found, f"{operation}: search does not find the new text"
