"""Attachments of a case: add (encrypted blob), list, read back."""

from __future__ import annotations

import builtins
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from bjstc_desktop.core.errors import NotFoundError, RefusedError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.ops.case_changes import record_change
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.blobstore import read_all
from bjstc_desktop.store.models import Attachment
from bjstc_desktop.store.repositories.cases import CaseRepository
from bjstc_desktop.store.sealing import is_locked


@dataclass(frozen=True)
class AttachmentView:
    """An attachment as listed."""

    id: str
    filename: str
    size: int
    sha256: str
    checklist_item: str | None
    received_on: str | None


def _view(a: Attachment) -> AttachmentView:
    return AttachmentView(a.id, a.filename, a.size, a.sha256, a.checklist_item,
                          a.received_on.isoformat() if a.received_on else None)


class AttachmentOps(OpsPart):
    """Operations on attachments (visible cases only)."""

    def add(self, case_id: str, path: Path, checklist_item: str | None = None) -> AttachmentView:
        """Store a file as an encrypted blob on the case."""
        check_may_handle_cases(self.actor)
        check_plain(path.name, "文件名", "The file name", field="file")
        if checklist_item:
            checklist_item = check_plain(checklist_item.strip(), "材料清单项", "The checklist item", field="item")
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise RefusedError(f"无法读取文件 {path.name}：{exc.strerror}", f"Cannot read {path.name}: {exc.strerror}") from exc
        digest = hashlib.sha256(content).hexdigest()
        store = self.blob_store
        with self.store.write() as s:
            case = CaseRepository(s, self.actor).get(case_id)
            column, value = store.same_content(digest, self.store.data_key)
            same = s.execute(select(Attachment).where(getattr(Attachment, column) == value,
                                                      Attachment.blob_name.not_like("pending-%"))
                             .limit(1)).scalar_one_or_none()
            reuse = same is not None and not is_locked(same) and bool(same.blob_key)  # its key sealed above us: no
            stored = store.put(s, content, self.blob_cipher,
                               reuse=(same.blob_name, same.blob_key) if reuse and same else None, sha256=digest)
            row = Attachment(id=uuid7(), case_id=case.id, checklist_item=checklist_item, filename=path.name[:255],
                             blob_name=stored.name, blob_key=stored.key, sha256=stored.sha256, size=stored.size,
                             received_on=dt.date.today())
            s.add(row)
            record_change(s, self, case, "attach", details={"attachment": row.id}, audit="attachment_add",
                          audit_details={"attachment": row.id, "size": stored.size})
            return _view(row)

    def list(self, case_id: str) -> builtins.list[AttachmentView]:
        """The attachments of a visible case."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            case = CaseRepository(s, self.actor).get(case_id)
            rows = s.execute(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.created_at))
            return [_view(a) for a in rows.scalars()]

    def read(self, case_id: str, attachment_id: str) -> tuple[str, bytes]:
        """(file name, content) of an attachment, checked whole and unaltered."""
        check_may_handle_cases(self.actor)
        with self.store.read() as s:
            case = CaseRepository(s, self.actor).get(case_id)
            row = s.get(Attachment, attachment_id)
            if row is None or row.case_id != case.id:
                raise NotFoundError("找不到该附件。", "No such attachment.")
            content = read_all(self.blob_store, s, row.blob_name, row.blob_key, row.sha256)
        with self.store.write() as s:
            self._audit(s, "attachment_read", "case", case.id, attachment=attachment_id)
        return row.filename, content
