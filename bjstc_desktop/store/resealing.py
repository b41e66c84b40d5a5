"""Sealing what is not sealed yet: the content of a store made before level keys (the
key upgrade, ops/keys.py) and the rows of a case whose level changed.

Batches of rows are marked to be written again; the ORM flush seals them
(store/sealing.py). Each batch is one transaction, so a run that stops is finished by
the next: rows already sealed are not looked at again. The search documents of
classified cases are rebuilt as blind tokens (store/blindindex.py), in order of case id,
remembering where they got to.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from bjstc_desktop.store.duty_models import ArchiveItem, ExpertReview, PanelDraw, PanelMember
from bjstc_desktop.store.models import (
    Attachment,
    Case,
    CaseClock,
    CaseField,
    CaseParty,
    Letter,
    TimelineEvent,
)
from bjstc_desktop.store.repositories.case_index import index_cases
from bjstc_desktop.store.repositories.settings import SettingsRepository
from bjstc_desktop.store.sealing import sealed_models, touch
from bjstc_desktop.store.store import Store

log = logging.getLogger(__name__)
BATCH = 2000
REINDEXED_UPTO = "level_keys_reindexed_upto"
CASE_ROWS = (CaseField, CaseParty, TimelineEvent, CaseClock, Attachment, Letter, ArchiveItem, PanelDraw, PanelMember)


def seal_unsealed(store: Store) -> dict[str, int]:
    """Seal every row above 公开 that still keeps its content in its columns. Returns
    the rows sealed per table."""
    counts: dict[str, int] = {}
    for spec in sealed_models():
        unsealed = select(spec.model).where(spec.level_column > 0, spec.sealed_column.is_(None)).limit(BATCH)
        done = 0
        while True:
            with store.write() as s:
                rows = list(s.execute(unsealed).scalars())
                touch(rows)
            done += len(rows)
            if len(rows) < BATCH:
                break
        counts[spec.name] = done
        log.info("level keys: %s rows of %s sealed", done, spec.name)
    return counts


def reindex_classified(store: Store) -> int:
    """Rebuild the search documents of every case above 公开 as blind tokens, from
    where the last run stopped. Returns how many were rebuilt."""
    with store.read() as s:
        after = SettingsRepository(s).get(REINDEXED_UPTO) or ""
    done = 0
    while True:
        with store.write() as s:
            cases = list(s.execute(select(Case).where(Case.classification > 0, Case.id > after)
                                   .order_by(Case.id).limit(BATCH // 4)).scalars())
            index_cases(s, cases)
            if cases:
                after = cases[-1].id
                SettingsRepository(s).set(REINDEXED_UPTO, after)
        done += len(cases)
        if len(cases) < BATCH // 4:
            return done


def reseal_case(s: Session, case: Case) -> None:
    """After `case`'s level changed: its own rows are written again at the new level
    (sealed, or in clear at 公开) and its search document rebuilt."""
    for cls in (*CASE_ROWS, ExpertReview):  # a review names the case's applicant: at its level too
        touch(s.execute(select(cls).where(cls.case_id == case.id)).scalars())
    s.flush()
    index_cases(s, [case])

