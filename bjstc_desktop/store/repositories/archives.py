"""The 件 of filed cases (归档文件目录), seen exactly when their case is visible, and the
件号 series (store/sequences.py, the mechanism 发文字号 use)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.roles import Actor
from bjstc_desktop.store.duty_models import ArchiveItem
from bjstc_desktop.store.models import Case
from bjstc_desktop.store.repositories.cases import visible_to
from bjstc_desktop.store.sequences import next_in_series


@dataclass(frozen=True)
class ArchiveFilter:
    """Filters of the 归档文件目录."""

    year: int | None = None
    retention: str | None = None
    module: str | None = None
    case_id: str | None = None


class ArchiveRepository:
    """Reads and writes of filed 件 for one acting user (the caller holds the transaction)."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor

    def items(self, flt: ArchiveFilter | None = None, limit: int | None = None) -> list[tuple[ArchiveItem, Case]]:
        """Visible 件 in 档号 order (全宗, 年度, 保管期限, 件号)."""
        flt = flt or ArchiveFilter()
        conds = [visible_to(self.actor)]
        if flt.year:
            conds.append(ArchiveItem.year == flt.year)
        if flt.retention:
            conds.append(ArchiveItem.retention == flt.retention)
        if flt.module:
            conds.append(Case.module == flt.module)
        if flt.case_id:
            conds.append((Case.id == flt.case_id) | (Case.case_no == flt.case_id))
        q = (select(ArchiveItem, Case).join(Case, Case.id == ArchiveItem.case_id).where(*conds)
             .order_by(ArchiveItem.fonds, ArchiveItem.year, ArchiveItem.retention_code, ArchiveItem.item_no))
        return [(i, c) for i, c in self.session.execute(q if limit is None else q.limit(limit))]

    def of_case(self, case: Case) -> list[ArchiveItem]:
        """The 件 of one case (the caller got it through CaseRepository)."""
        q = select(ArchiveItem).where(ArchiveItem.case_id == case.id).order_by(ArchiveItem.archive_no)
        return list(self.session.execute(q).scalars())

    def by_letters(self, letter_ids: list[str]) -> dict[str, ArchiveItem]:
        """The 件 of these letters (for the register's 归档章 columns)."""
        if not letter_ids:
            return {}
        q = select(ArchiveItem).where(ArchiveItem.letter_id.in_(letter_ids))
        return {i.letter_id: i for i in self.session.execute(q).scalars() if i.letter_id}

    def counts_by_year(self) -> dict[tuple[int, str], int]:
        """Visible 件 per (年度, 保管期限), for the dashboard."""
        q = (select(ArchiveItem.year, ArchiveItem.retention, func.count())
             .join(Case, Case.id == ArchiveItem.case_id).where(visible_to(self.actor))
             .group_by(ArchiveItem.year, ArchiveItem.retention))
        return {(y, r): int(n) for y, r, n in self.session.execute(q)}

    def next_item_no(self, series: str, fonds: str, year: int, code: str, block: tuple[int, int] = (1, 9999)) -> int:
        """The next 件号 of (全宗, 年度, 保管期限) in this transaction, from this
        workstation's block (`block`, first and last): never behind the items already
        filed in it (here or received from a peer), never reused. Workstations that file
        get disjoint blocks, so 档号 never collide when they exchange filed cases; other
        workstations' items lie outside the block and do not move its counter."""
        first, last = block
        registered = self.session.execute(
            select(func.max(ArchiveItem.item_no))
            .where(ArchiveItem.fonds == fonds, ArchiveItem.year == year, ArchiveItem.retention_code == code,
                   ArchiveItem.item_no.between(first, last))
        ).scalar() or 0
        n = next_in_series(self.session, series if first == 1 else f"{series}/{first}", year,
                           max(registered, first - 1))
        if n > last:
            raise RefusedError(f"本工作站的件号段 {first}-{last} 已用完，请系统管理员分配新的件号段（规则 archive.item_block）。",
                               f"This workstation's item number block {first}-{last} is used up; the system "
                               "administrator must assign a new one (rule archive.item_block).")
        return n
