"""Every top-level window of the program, built for one workstation: the fit tests open
each of them in both languages, and tools measure them. A factory returns the widget
unshown; the caller shows, measures and closes it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtWidgets import QWidget

from bjstc_desktop.core.importprofiles import profiles_for_module
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.ops.bulk import BulkOutcome, BulkResult
from bjstc_desktop.workstation import Workstation
from tests.gui.casework import case_details

Factory = Callable[[], QWidget]


def _widest_cases(ws: Workstation) -> list:  # type: ignore[type-arg]
    """One case of every type present (the details differ by type)."""
    seen: dict[str, object] = {}
    for m in all_modules():
        for case in ws.cases.list(module=m.code, limit=60):
            seen.setdefault(case.type, case)
    return [ws.cases.show(c.id) for c in seen.values()]  # type: ignore[attr-defined]


def _a_drawn_panel(ws: Workstation) -> tuple[str, object, tuple[tuple[str, str], ...]] | None:
    """A demo case whose expert panel is drawn: its id, a member and the scored items."""
    from bjstc_desktop.core.modules import case_type

    for m in all_modules():
        for case in ws.cases.list(module=m.code, limit=200):
            ct = case_type(case.type)
            if ct.panel is None:
                continue
            view = ws.panels.panel(case.id)
            if view.members:
                return case.id, view.members[0], view.items
    return None


def dialogs(ws: Workstation, data_dir: Path, letter_pdf: bytes) -> Iterator[tuple[str, Factory]]:
    """(name, factory) of every dialog and window besides the main window."""
    from bjstc_desktop.core.experts import EXPERT_FIELDS
    from bjstc_desktop.core.integrity import RECORD_FIELDS
    from bjstc_desktop.core.modules import case_type
    from bjstc_desktop.gui.about import AboutDialog
    from bjstc_desktop.gui.action_dialog import ActionDialog
    from bjstc_desktop.gui.archive_catalogue import ArchiveCatalogueWindow
    from bjstc_desktop.gui.bulk_actions import (
        ACT,
        ASSIGN,
        LETTER,
        BulkParamsDialog,
        BulkResultDialog,
    )
    from bjstc_desktop.gui.case_detail import CaseDetailDialog
    from bjstc_desktop.gui.case_form import CaseFormDialog
    from bjstc_desktop.gui.change_passphrase import ChangePassphraseDialog
    from bjstc_desktop.gui.dashboard import DashboardDialog
    from bjstc_desktop.gui.drafts_dialog import DraftsDialog
    from bjstc_desktop.gui.expert_pool import ExpertPoolWindow
    from bjstc_desktop.gui.field_editors import NewOrganisationDialog
    from bjstc_desktop.gui.global_search import GlobalSearchDialog
    from bjstc_desktop.gui.help_window import HelpWindow
    from bjstc_desktop.gui.import_wizard import ImportWizard
    from bjstc_desktop.gui.integrity_records import IntegrityWindow
    from bjstc_desktop.gui.letter_preview import LetterPreviewDialog
    from bjstc_desktop.gui.login_dialog import LoginDialog
    from bjstc_desktop.gui.panel_dialog import PanelDialog, ScoreDialog
    from bjstc_desktop.gui.record_pages import RecordForm
    from bjstc_desktop.gui.sync_centre import SyncCentre
    from bjstc_desktop.gui.sync_export_wizard import ExportWizard

    yield "login", lambda: LoginDialog(data_dir, ws.actor.name)
    yield "change_passphrase", lambda: ChangePassphraseDialog(ws)
    yield "global_search", lambda: GlobalSearchDialog(ws)
    yield "sync_centre", lambda: SyncCentre(ws)
    yield "sync_export", lambda: ExportWizard(ws)
    yield "new_organisation", lambda: NewOrganisationDialog(ws, "北京某某科技有限公司")
    yield "letter_preview", lambda: LetterPreviewDialog(letter_pdf, "京科发〔2026〕1号")
    yield "letter_draft", lambda: LetterPreviewDialog(letter_pdf, "", draft=True)
    yield "help", lambda: HelpWindow()
    yield "about", lambda: AboutDialog()
    yield "drafts", lambda: DraftsDialog(ws)
    # the shared registers (共享业务 menu) and the panel inside a case
    yield "expert_pool", lambda: ExpertPoolWindow(ws)
    yield "integrity_records", lambda: IntegrityWindow(ws)
    yield "archive_catalogue", lambda: ArchiveCatalogueWindow(ws)
    yield "expert_form", lambda: RecordForm(ws, "新增专家", EXPERT_FIELDS, "experts", lambda _w, v, _l: v)
    yield "integrity_form", lambda: RecordForm(ws, "新增失信记录", RECORD_FIELDS, "integrity", lambda _w, v, _l: v)
    panel = _a_drawn_panel(ws)
    if panel is not None:
        case_id, member, items = panel
        yield "panel", lambda: PanelDialog(ws, case_id)
        yield "panel_scores", lambda: ScoreDialog(member, items)
    cases = _widest_cases(ws)
    for case in cases:
        yield f"detail_{case.type}", lambda c=case: CaseDetailDialog(ws, case_details(ws, c.id))
        ct = case_type(case.type)
        yield f"edit_{case.type}", lambda c=case, t=ct: CaseFormDialog(ws, t, c)
        for action in ws.workflow.actions(case.id):
            yield f"act_{case.type}_{action.action}", lambda c=case, t=ct, a=action: ActionDialog(ws, c, t, a)
    for m in all_modules():
        for ct in m.case_types:
            yield f"new_{ct.code}", lambda t=ct: CaseFormDialog(ws, t)
        yield f"dashboard_{m.code}", lambda mod=m: DashboardDialog(ws, mod)
        profiles = profiles_for_module(m.code)
        if profiles:
            yield f"import_{m.code}", lambda p=profiles: ImportWizard(ws, p)
    some = cases[:3]
    for kind in (ACT, ASSIGN, LETTER):
        yield f"bulk_{kind}", lambda k=kind: BulkParamsDialog(ws, k, some)
    failed = tuple(BulkOutcome(c.id, c.case_no, False, "此案件当前状态不能办理该环节。" * 3) for c in some)
    yield "bulk_result", lambda: BulkResultDialog(BulkResult("act", failed, ("x",) * 2))
