"""A sync package is applied as one unit (issue 15 point 2): every record with its
revision, the search index and the package's audit event in one transaction; cases new
here are written set-based with the same result as the per-record path; progress is
reported and a cancel — or a package altered after the check — changes nothing."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from bjstc_desktop.core.classification import Level
from bjstc_desktop.ops import sync_apply_fresh, sync_import
from bjstc_desktop.ops.sync_progress import SyncImportCancelled, throttled
from bjstc_desktop.store import audit
from bjstc_desktop.store.models import AuditEvent
from bjstc_desktop.store.sync_models import SyncRevision
from bjstc_desktop.sync import limits
from bjstc_desktop.sync.refusals import PackageRefused
from tests.ops.test_new_cases import _requests
from tests.sync.conftest import CONTRACT, Office, blob_files, dump, link, make_office, receive, send

N = 12


def _cases(a: Office, tmp_path: Path) -> list[str]:
    """N cases at A, one classified, one with a party not registered anywhere else and
    one with an attachment."""
    ws = a.ws()
    ids = [ws.cases.create("tech_contract", f"批量案件{i}", CONTRACT).id for i in range(N - 2)]
    ids.append(ws.cases.create("tech_contract", "秘密案件", {**CONTRACT, "seller": "保密单位"},
                              classification=Level.SECRET, secrecy_period="10年", knowers="承办人").id)
    doc = tmp_path / "附件.txt"
    doc.write_bytes(b"attachment content " * 300)
    with_file = ws.cases.create("tech_contract", "带附件的案件", CONTRACT)
    ws.attachments.add(with_file.id, doc)
    ids.append(with_file.id)
    return ids


def _revisions(office: Office, ids: list[str]) -> dict[str, int]:
    with office.ws().store.read() as s:
        return {rid: s.execute(select(func.count()).select_from(SyncRevision)
                               .where(SyncRevision.record_id == rid)).scalar() for rid in ids}


def _audit_rows(office: Office) -> list[tuple[str, str]]:
    with office.ws().store.read() as s:
        return [(e.action, e.target_id) for e in s.execute(select(AuditEvent).order_by(AuditEvent.seq)).scalars()]


def _audit_ok(office: Office) -> audit.VerifyResult:
    with office.ws().store.read() as s:
        return audit.verify(s)


def test_a_package_of_n_cases_leaves_n_cases_each_with_its_revision_indexed_and_one_audit_event(
        pair: tuple[Office, Office], tmp_path: Path) -> None:
    a, b = pair
    ids = _cases(a, tmp_path)
    package = send(a, b, tmp_path / "usb")
    before = _audit_rows(b)
    report = receive(b, package)
    assert (report.status, report.new) == ("imported", N)
    assert _revisions(b, ids) == _revisions(a, ids)  # every case's revisions, the attached one's two
    assert set(_revisions(b, ids).values()) == {1, 2}
    after = _audit_rows(b)
    assert [act for act, _ in after[len(before):]] == ["sync_import"]  # the package's event covers its cases
    assert _audit_ok(b).ok
    ws = b.ws()
    assert {c.id for c in ws.cases.search("批量案件")} >= set(ids[: N - 2])
    assert ws.cases.show(ids[N - 2]).title == "秘密案件"  # sealed at its level, readable with the key
    [att] = ws.attachments.list(ids[-1])
    assert ws.attachments.read(ids[-1], att.id)[1] == (tmp_path / "附件.txt").read_bytes()
    assert receive(b, package).status == "already_imported"


def _comparable(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    """The case tables without what differs by construction between two workstations:
    row ids made on arrival, timestamps of the import, sealed bytes (random nonces)."""
    with office.ws("admin").store.engine.connect() as conn:
        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(map(tuple, conn.execute(text(sql))), key=repr)

        return {
            "cases": rows("SELECT id, case_no, case_no_key, module, case_type, title, state, office, district, "
                          "classification, secrecy_period, declassify_condition, knowers, classified_on, classifier, "
                          "received_on, accepted_on, due_on, due_verified, closed_on, parent_id, sealed IS NULL "
                          "FROM cases"),
            "fields": rows("SELECT case_id, key, kind, text_value, int_value, date_value, json_value, level, "
                           "sealed IS NULL, token IS NULL FROM case_fields"),
            "parties": rows("SELECT case_id, role, organisation_id IS NULL, person_id, rank, party, level, "
                            "sealed IS NULL FROM case_parties"),
            "organisations": rows("SELECT uscc, name, district FROM organisations"),
            "timeline": rows("SELECT id, case_id, at, actor_id, action, from_state, to_state, opinion, details, "
                             "level, sealed IS NULL FROM timeline_events"),
            "attachments": rows("SELECT id, case_id, checklist_item, filename, blob_name LIKE 'pending-%', sha256, "
                                "size, received_on, level, sealed IS NULL FROM attachments"),
            "wanted": rows("SELECT * FROM sync_wanted_blobs"),
            "search": rows("SELECT case_id FROM search_docs"),
        }


def test_cases_new_here_are_written_set_based_exactly_as_the_per_record_path_writes_them(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, fast, slow = (make_office(tmp_path, n) for n in ("甲站", "乙站", "丙站"))
    link(a, fast, slow)
    ids = _cases(a, tmp_path)
    package = send(a, [fast, slow], tmp_path / "usb")
    assert receive(fast, package).new == N
    monkeypatch.setattr(sync_import, "eligible", lambda state: False)  # every case one by one, with the ORM
    assert receive(slow, package).new == N
    got, want = _comparable(fast), _comparable(slow)
    assert {r[0] for r in got["cases"]} == set(ids)
    assert got == want
    for office in (fast, slow):
        assert {c.id for c in office.ws().cases.search("批量案件")} >= set(ids[: N - 2])


def test_every_case_type_at_every_level_is_written_set_based_as_the_per_record_path_writes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows of the set-based writer, column by column, for demo cases of every type
    at 公开, 内部 and 秘密 (fields of every kind: money, dates, repeated rows, parties;
    the 公开 rows completed in place, the others sealed), and the same report."""
    a, fast, slow = (make_office(tmp_path, n) for n in ("甲站", "乙站", "丙站"))
    link(a, fast, slow)
    ws = a.ws()
    ids = [i for i in ws.cases.create_many(_requests(random.Random(5), per_type=1), skip_refused=True) if i]
    package = send(a, [fast, slow], tmp_path / "usb")
    written: list[int] = []
    real = sync_apply_fresh.write_cases
    monkeypatch.setattr(sync_apply_fresh, "write_cases", lambda s, records: written.append(len(records)) or real(s, records))
    got_report = receive(fast, package)
    assert got_report.new == len(ids) and sum(written) > len(ids) // 3
    monkeypatch.setattr(sync_import, "eligible", lambda state: False)  # every case one by one, with the ORM
    want_report = receive(slow, package)
    assert (got_report.new, got_report.by_module) == (want_report.new, want_report.by_module)
    got, want = _comparable(fast), _comparable(slow)
    assert {r[0] for r in got["cases"]} == set(ids)
    assert {r[9] for r in got["cases"]} == {0, 1, 2}  # every level came
    assert got == want


@pytest.mark.parametrize("phase", ["read", "merge"])
def test_a_cancel_in_any_phase_changes_nothing_and_the_import_then_succeeds(
        pair: tuple[Office, Office], tmp_path: Path, phase: str) -> None:
    a, b = pair
    _cases(a, tmp_path)
    package = send(a, b, tmp_path / "usb")
    before, files = dump(b, skip=()), blob_files(b)
    seen: list[tuple[str, int, int]] = []
    with pytest.raises(SyncImportCancelled):
        b.ws().sync.import_package(package, progress=lambda *step: seen.append(step),
                           cancelled=lambda: bool(seen) and seen[-1][0] == phase)
    assert dump(b, skip=()) == before  # no row, no audit event
    assert blob_files(b) == files  # the attachment written by the check pass is gone again
    steps: list[tuple[str, int, int]] = []
    report = b.ws().sync.import_package(package, progress=lambda *step: steps.append(step))
    assert (report.status, report.new) == ("imported", N)
    assert [p for p in dict.fromkeys(step[0] for step in steps)] == ["read", "merge"]
    for name in ("read", "merge"):
        done = [d for p, d, _ in steps if p == name]
        assert done == sorted(done) and done[-1] == next(t for p, _, t in steps if p == name)


def test_a_package_whose_last_chunk_changes_after_its_signature_was_checked_changes_nothing(
        pair: tuple[Office, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is changed on the medium once its signature was checked (an officer
    holding the file): the import has read and stored every revision by the time it
    reaches the last chunk, and still nothing commits but the refusal's audit event."""
    a, b = pair
    _cases(a, tmp_path)
    package = send(a, b, tmp_path / "usb")
    before, files, events = dump(b), blob_files(b), _audit_rows(b)
    raw = bytearray(package.read_bytes())
    at = len(raw) - limits.SIGNATURE_LEN - 1  # the last byte of the last chunk's tag

    def alter(step: str) -> None:
        if step == "journal":
            raw[at] ^= 1
            package.write_bytes(bytes(raw))

    monkeypatch.setattr(sync_import, "FAULT", alter)
    with pytest.raises(PackageRefused) as refused:
        receive(b, package)
    assert refused.value.reason in ("chunk_altered", "changed_while_reading")
    assert dump(b) == before
    assert blob_files(b) == files
    assert [act for act, _ in _audit_rows(b)[len(events):]] == ["sync_import_refused"]
    assert _audit_ok(b).ok


def test_throttled_progress_tells_each_phase_start_and_end_and_each_step_of_it_once() -> None:
    """A screen or a terminal line is told of a step only when it shows something new:
    the read phase ticks once per chunk (10,000 here), the GUI gets a queued event each."""
    told: list[tuple[str, int, int]] = []
    report = throttled(lambda *step: told.append(step), steps=100)
    for done in range(1, 10_001):
        report("read", done * 64, 640_000)
    for done in range(0, 4):
        report("merge", done, 3)
    reads = [d for p, d, _ in told if p == "read"]
    assert reads[0] == 64 and reads[-1] == 640_000 and len(reads) == 101  # the first, each 1 %, the last
    assert [d for p, d, _ in told if p == "merge"] == [0, 1, 2, 3]  # a new phase always shows
    assert told == sorted(told, key=lambda step: (step[0] != "read", step[1]))


def test_the_import_keeps_older_objects_out_of_the_collector_and_gives_them_back_whatever_happens(
        pair: tuple[Office, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ops/heap.py: during the import the objects alive before it are frozen (its full
    collections walk only what it makes); after it — imported, or refused midway — the
    collector is as it was, and garbage made during the import is still collected."""
    import gc

    a, b = pair
    _cases(a, tmp_path)
    package = send(a, b, tmp_path / "usb")
    frozen: list[int] = []
    monkeypatch.setattr(sync_import, "FAULT", lambda step: frozen.append(gc.get_freeze_count()))
    assert gc.get_freeze_count() == 0
    assert receive(b, package).new == N
    assert frozen and min(frozen) > 0 and gc.get_freeze_count() == 0

    def refuse(step: str) -> None:
        if step == "merge":
            raise PackageRefused("malformed", "a refusal midway")

    monkeypatch.setattr(sync_import, "FAULT", refuse)
    c = make_office(tmp_path, "丙站")
    link(a, c)
    with pytest.raises(PackageRefused):
        receive(c, send(a, c, tmp_path / "usb2"))
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(sync_import, "FAULT", None)
    with sync_import.older_objects_frozen():
        cycle: list[Any] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # a cycle made inside is garbage as before
