"""Every value the workstation API returns or takes, from one place (issue 15 point 5).

The frozen dataclasses live beside the operations that make them; callers (cli/, gui/,
demo/, tests) import them from here: `from bjstc_desktop.ops.values import CaseView`.
`ImportReport` is the Excel import's; the sync import's is `SyncImportReport`.
(`InitResult` and `NewAccount`, the values of creating a workstation, are in
bjstc_desktop.workstation, above ops/.)
"""

from __future__ import annotations

from bjstc_desktop.core.dashboards import ChartData, DashboardData
from bjstc_desktop.core.workcalendar import Deadline, WorkCalendar
from bjstc_desktop.ops.accounts import UserInfo
from bjstc_desktop.ops.archives import ArchiveEntry, FilingResult, RecordsExport
from bjstc_desktop.ops.assign import AssignResult
from bjstc_desktop.ops.attachments import AttachmentView
from bjstc_desktop.ops.bulk import BulkOutcome, BulkResult
from bjstc_desktop.ops.cases import DueSummary, NewCase
from bjstc_desktop.ops.drafts import DraftView
from bjstc_desktop.ops.experts import ExpertDetail, ExpertView
from bjstc_desktop.ops.exports import ExportResult
from bjstc_desktop.ops.imports import ImportPreview, ImportReport
from bjstc_desktop.ops.integrity import HitLine, RecordView
from bjstc_desktop.ops.letters import LetterDraft, LetterEntry, LetterResult, TemplateView
from bjstc_desktop.ops.panels import DrawView, MemberView, PanelView, ReplayResult
from bjstc_desktop.ops.parties import OrganisationView
from bjstc_desktop.ops.reference import RuleView
from bjstc_desktop.ops.registers import RegistersSummary
from bjstc_desktop.ops.search import CaseListPage
from bjstc_desktop.ops.sync_conflict_view import ConflictView
from bjstc_desktop.ops.sync_export import ExportReport
from bjstc_desktop.ops.sync_import import SyncImportReport
from bjstc_desktop.ops.views import CaseView, TimelineView
from bjstc_desktop.ops.workflow import ActionView, ActResult, CheckView, Move
from bjstc_desktop.store.audit import VerifyResult
from bjstc_desktop.store.checkpoint import Checkpoint
from bjstc_desktop.sync.audit_heads import PeerAuditHead
from bjstc_desktop.sync.card import Card
from bjstc_desktop.sync.peers import PeerInfo

__all__ = [
    "ActResult", "ActionView", "ArchiveEntry", "AssignResult", "AttachmentView", "BulkOutcome", "BulkResult", "Card",
    "CaseListPage", "CaseView", "ChartData", "CheckView", "Checkpoint", "ConflictView", "DashboardData", "Deadline",
    "DraftView", "DrawView", "DueSummary", "ExpertDetail", "ExpertView", "ExportReport", "ExportResult",
    "FilingResult", "HitLine", "ImportPreview", "ImportReport", "LetterDraft", "LetterEntry", "LetterResult",
    "MemberView", "Move", "NewCase", "OrganisationView", "PanelView", "PeerAuditHead", "PeerInfo", "RecordView",
    "RecordsExport", "RegistersSummary", "ReplayResult", "RuleView", "SyncImportReport", "TemplateView",
    "TimelineView", "UserInfo", "VerifyResult", "WorkCalendar",
]
