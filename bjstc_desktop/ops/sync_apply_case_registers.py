"""Apply the per-case parts of the shared registers a case revision carries (issue 17):
its expert panel (draws as recorded, members with their scores) and its filed 件
(档号). Called by ops/sync_apply.py after the case's own columns; the inverse of
sync.casebody.panel_and_archive."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import ArchiveItem, Expert, PanelDraw, PanelMember
from bjstc_desktop.store.filed_guard import FILING, filed_among
from bjstc_desktop.store.models import Case, utcnow
from bjstc_desktop.sync.refusals import PackageRefused


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def filing_arrives(s: Session, case: Case, state: dict[str, Any]) -> bool:
    """True when `state` files a case that is not filed here: this transaction then
    files it (the filed-case guard lets the filing itself write, as ops/archives does).
    A case already filed here stays read-only: any change to it is refused."""
    if not state.get("archive") or filed_among(s, {case.id}):
        return False
    s.info.setdefault(FILING, set()).add(case.id)
    return True


def apply_panel(s: Session, case: Case, state: dict[str, Any]) -> None:
    """Make the case's panel what `state` says. Members whose expert is not on this
    workstation stay in the revisions only (sync.revisions.carry_over keeps them)."""
    if "panel_draws" not in state:
        return  # a body of version 1: a case without a panel
    draws: dict[str, Any] = state.get("panel_draws") or {}
    members: dict[str, Any] = state.get("panel_members") or {}
    have_members = {m.id: m for m in s.execute(select(PanelMember).where(PanelMember.case_id == case.id)).scalars()}
    have_draws = {d.id: d for d in s.execute(select(PanelDraw).where(PanelDraw.case_id == case.id)).scalars()}
    for mid, m in have_members.items():
        if mid not in members or members[mid]["draw"] not in draws:
            s.delete(m)
    s.flush()
    for did in set(have_draws) - set(draws):
        s.execute(delete(PanelDraw).where(PanelDraw.id == did))
    for did, d in draws.items():
        if did in have_draws:
            continue  # a draw is a record of what happened: never changed
        s.add(PanelDraw(id=did, case_id=case.id, seq=d["seq"], kind=d["kind"], seed=d["seed"], size=d["size"],
                        fields=d["fields"], need=json.dumps(d["need"], ensure_ascii=False),
                        pool=json.dumps(d["pool"]), excluded=json.dumps(d["excluded"], ensure_ascii=False),
                        chosen=json.dumps(d["chosen"]), staying=json.dumps(d["staying"], ensure_ascii=False),
                        reason=d["reason"], replaced_member_id=d["replaced"], drawn_on=_date(d["drawn_on"])))
    s.flush()
    wanted = sorted({m["expert"] for m in members.values()})
    here = set(s.execute(select(Expert.id).where(Expert.id.in_(wanted))).scalars()) if wanted else set()
    for mid, m in members.items():
        if m["expert"] not in here:
            continue
        row = have_members.get(mid)
        if row is None or row not in s:
            row = PanelMember(id=mid, case_id=case.id, expert_id=m["expert"], draw_id=m["draw"], category=m["category"])
            s.add(row)
        values = {"status": m["status"], "reason": m["reason"], "scores": json.dumps(m["scores"], ensure_ascii=False),
                  "total": m["total"], "opinion": m["opinion"], "scored_on": _date(m["scored_on"]),
                  "invitation_no": m["invitation_no"]}
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.updated_at = utcnow()
    s.flush()


def apply_archive(s: Session, case: Case, state: dict[str, Any]) -> None:
    """Add the 件 `state` has and this workstation lacks (only while the case is being
    filed: a filed case takes no more, the filed-case guard refuses it). A 档号 another 件 holds here
    refuses the package: 档号 never collide (件号 come from each workstation's own
    block, docs/sync-format.md §8.1), so this is a misconfigured block or a forgery."""
    items: dict[str, Any] = state.get("archive") or {}
    have = set(s.execute(select(ArchiveItem.id).where(ArchiveItem.case_id == case.id)).scalars())
    new = {k: v for k, v in items.items() if k not in have}
    if not new:
        return
    numbers = [i["archive_no"] for i in new.values()]
    taken = s.execute(select(ArchiveItem.archive_no).where(ArchiveItem.archive_no.in_(numbers))).scalars().first()
    for i in new.values():
        taken = taken or s.execute(select(ArchiveItem.archive_no).where(
            ArchiveItem.fonds == i["fonds"], ArchiveItem.year == i["year"],
            ArchiveItem.retention_code == i["retention_code"], ArchiveItem.item_no == i["item_no"])).scalar()
    if taken is not None or len(set(numbers)) != len(numbers):
        number = taken or numbers[0]
        raise PackageRefused("malformed", f"archive number {number} is taken here",
                             f"（案件 {case.case_no}：档号 {number} 已被本工作站另一件占用，请检查各工作站的件号段）",
                             f" (case {case.case_no}: archive number {number} is already used here; check the "
                             "workstations' item number blocks)")
    for iid, i in new.items():
        s.add(ArchiveItem(id=iid, case_id=case.id, letter_id=None, kind=i["kind"], fonds=i["fonds"], year=i["year"],
                          retention=i["retention"], retention_code=i["retention_code"], item_no=i["item_no"],
                          archive_no=i["archive_no"], title=i["title"], doc_no=i["doc_no"],
                          issued_on=_date(i["issued_on"]), pages=i["pages"], filed_on=_date(i["filed_on"])))
    s.flush()
