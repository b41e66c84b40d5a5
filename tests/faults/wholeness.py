"""What "nothing half-done" means for a workstation, checked row by row after a fault:
each case with its revision, timeline and create event; each 发文字号 the counter gave
with its letter and each letter with its copy; each blob with its row and each row with
its blob; no temporary file anywhere in the data folder; no plaintext of a marker the
test wrote (a case title, an attachment's content) in any file of the data folder or of
the temporary folder the program was given."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import text

from bjstc_desktop.workstation import Workstation

# Written into titles and attachments by the trials: it must never be found in plaintext.
MARKER = "明文标记PLAINMARK"


def _rows(ws: Workstation, sql: str) -> list[tuple[object, ...]]:
    with ws.store.read() as s:
        return [tuple(r) for r in s.execute(text(sql)).all()]


def case_problems(ws: Workstation) -> list[str]:
    """Cases without a timeline event, a revision or a case_create audit event."""
    problems = [f"case {cid} has no timeline event" for (cid,) in _rows(
        ws, "SELECT id FROM cases WHERE id NOT IN (SELECT case_id FROM timeline_events)")]
    problems += [f"case {cid} has no revision" for (cid,) in _rows(
        ws, "SELECT id FROM cases WHERE id NOT IN (SELECT record_id FROM sync_revisions)")]
    local = _rows(ws, "SELECT count(*) FROM cases WHERE id NOT IN (SELECT record_id FROM sync_revisions "
                      "WHERE received_from IS NOT NULL)")[0][0]
    created = _rows(ws, "SELECT count(*) FROM audit_events WHERE action = 'case_create'")[0][0]
    if local != created:
        problems.append(f"{local} cases made here, {created} case_create events")
    return problems


def letter_problems(ws: Workstation, blob_dir: Path) -> list[str]:
    """Numbers taken without a letter (or given twice), letters not audited, copies missing."""
    problems = []
    for daizi, year, last in _rows(ws, "SELECT daizi, year, last FROM doc_number_counters"):
        if str(daizi).startswith("档/"):  # a 件号 series (store/sequences.py): archive_problems
            continue
        with ws.store.read() as s:
            seqs = sorted(s.execute(text("SELECT seq FROM letters WHERE daizi = :d AND year = :y"),
                                    {"d": daizi, "y": year}).scalars())
        if seqs != list(range(1, int(str(last)) + 1)):
            problems.append(f"{daizi}〔{year}〕: counter at {last}, letters {seqs}")
    issued = _rows(ws, "SELECT count(*) FROM letters")[0][0]
    audited = _rows(ws, "SELECT count(*) FROM audit_events WHERE action = 'letter_issue'")[0][0]
    if issued != audited:
        problems.append(f"{issued} letters, {audited} letter_issue events")
    for name, in _rows(ws, "SELECT blob_name FROM letters UNION ALL "
                           "SELECT ofd_blob_name FROM letters WHERE ofd_blob_name IS NOT NULL"):
        if not ws.store.is_hub and blob_dir.is_dir() and not (blob_dir / str(name)).exists():
            problems.append(f"letter copy {name} is missing")
    return problems


def archive_problems(ws: Workstation) -> list[str]:
    """件号 taken without their items (a single workstation's block starts at 1), and
    filed cases without their case_file event."""
    problems = []
    for series, year, last in _rows(ws, "SELECT daizi, year, last FROM doc_number_counters WHERE daizi LIKE '档/%'"):
        _, fonds, code = str(series).split("/")[:3]
        with ws.store.read() as s:
            numbers = sorted(s.execute(text("SELECT item_no FROM archive_items WHERE fonds = :f AND year = :y AND "
                                            "retention_code = :c"), {"f": fonds, "y": year, "c": code}).scalars())
        if numbers != list(range(1, int(str(last)) + 1)):
            problems.append(f"{series} {year}: counter at {last}, items {numbers}")
    filed = _rows(ws, "SELECT count(DISTINCT case_id) FROM archive_items")[0][0]
    audited = _rows(ws, "SELECT count(*) FROM audit_events WHERE action = 'case_file'")[0][0]
    if filed != audited:
        problems.append(f"{filed} cases filed, {audited} case_file events")
    return problems


def blob_problems(ws: Workstation, blob_dir: Path) -> list[str]:
    """Attachment rows whose file is missing (the reverse is conftest.leftovers)."""
    if ws.store.is_hub or not blob_dir.is_dir():  # a hub's blobs are rows (hub_blob_chunks)
        return []
    return [f"attachment blob {name} is missing" for (name,) in _rows(ws, "SELECT blob_name FROM attachments")
            if not (blob_dir / str(name)).exists()]


def files_holding(folders: Iterable[Path], needle: str = MARKER) -> list[str]:
    """Files under `folders` that hold `needle` in plaintext (UTF-8 or UTF-16)."""
    patterns = [needle.encode("utf-8"), needle.encode("utf-16-le")]
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if any(p in data for p in patterns):
                found.append(str(path))
    return found


def temporary_files(folder: Path) -> list[str]:
    """Anything under `folder` named as a writer names a file while it writes."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith((".partial", ".tmp")) or p.name.startswith((".backup-", ".restore-")))


def half_done(ws: Workstation, data_dir: Path) -> list[str]:
    """Every way the store and its folder can be half-written; [] when whole."""
    blob_dir = data_dir / "blobs"
    return (case_problems(ws) + letter_problems(ws, blob_dir) + archive_problems(ws) + blob_problems(ws, blob_dir)
            + [f"temporary file left: {p}" for p in temporary_files(data_dir)])


def unregistered_letter_files(ws: Workstation, folder: Path, pattern: str = "*.pdf") -> list[str]:
    """PDFs in `folder` under a final name whose SHA-256 the register does not hold (a
    letter written out but never registered, or half-written)."""
    import hashlib

    with ws.store.read() as s:
        shas = set(s.execute(text("SELECT sha256 FROM letters")).scalars())
    return [p.name for p in folder.rglob(pattern) if p.is_file() and not p.name.startswith(".")
            and hashlib.sha256(p.read_bytes()).hexdigest() not in shas]
