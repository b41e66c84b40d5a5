"""When each date field of the demo falls, relative to the case's receipt: one explicit
table, so a date an officer reads fits its meaning. Some dates precede receipt by their
nature (成立/注册/签订 dates, an earlier certificate, a period inspected); others follow it
(受理, 评审, 验收, 登记, 公示, 答复, a decision's date: anything an officer or a move
fills), and those are never later than the day they are made; terms and deadlines start
around that day and may reach into the future."""

from __future__ import annotations

import datetime as dt
import enum
import random


class Nature(enum.Enum):
    """Where a date field falls relative to the case's receipt."""

    BEFORE = "before"  # well before receipt (30-400 days): registrations, signatures, earlier certificates
    JUST_BEFORE = "just_before"  # the days before receipt: the applicant's own application, a nomination
    AFTER = "after"  # on or after receipt and not after the day it is made (a move's day, or receipt)
    TERM = "term"  # a period's start or a deadline, from the day it is made on (may lie ahead)
    TERM_END = "term_end"  # a period's end or a validity, months to years ahead


B, JB, A, T, E = Nature.BEFORE, Nature.JUST_BEFORE, Nature.AFTER, Nature.TERM, Nature.TERM_END

# Every date field and date column of every case type, by key ("rows.column" for a table's).
NATURES: dict[str, Nature] = {
    "acceptance_applied_on": A, "age_reference_date": B, "annual_checks.checked_on": A,
    "annual_reports.submitted_on": A, "annual_reviews.reviewed_on": A, "annual_updates.submitted_on": A,
    "applied_on": JB, "applied_since": B, "approved_on": A, "assigned_on": JB, "batches.date": A,
    "build_start": T, "build_end": E, "call_start": T, "call_end": T, "changed_on": B, "changes.changed_on": A,
    "communication.on": A, "consultation_start": T, "consultation_end": T, "contract_start": T, "contract_end": E,
    "contract_signed_on": A, "deadline": T, "decision_received_on": A, "declassified_on": A,
    "defence_submitted_on": A, "deliberated_on": A, "determined_on": A, "due_on": T, "effective_date": T,
    "evaluated_on": B, "event_start": T, "event_end": T, "extensions.new_due": T, "extensions.requested_on": A,
    "filed_on": A, "findings.deadline": T, "hearing_on": A, "intent_issued_on": A, "intent_valid_until": E,
    "ip_list.granted_on": B, "issued_on": A, "judgment_served_on": A, "listed_on": A, "loss_declared_on": JB,
    "midterm_due": T, "milestones.actual_on": A, "milestones.planned_on": T, "moved_on": B, "new_period_end": E,
    "new_valid_until": E, "next_evaluation_due": E, "nominated_on": JB, "objections.received_on": A,
    "operating_since": B, "period_start": T, "period_end": E, "planned_completion": E,
    "policy_effective_date": B, "progress.reported_on": A, "published_on": A, "received_on": JB,
    "recognized_on": A, "rectification_reported_on": A, "registered_on": B, "renamed_on": B, "replied_on": A,
    "reply_date": A, "reply_submitted_on": A, "report_date": A, "report_submitted_on": A, "respondents.submitted_on": A,
    "review_requested_on": A, "signed_on": B, "sub_events.start_on": T, "sub_events.end_on": T,
    "support_start": T, "support_end": E, "tasks.deadline": T, "valid_start": T, "valid_end": E,
    "valid_until": E, "visit_start": T, "visit_end": T,
}

# Where one key means different things in different types (case type, key).
BY_TYPE: dict[tuple[str, str], Nature] = {
    ("tech_contract", "registered_on"): A,  # 登记日期: the registry's, on 予以登记
    ("achievement_registration", "registered_on"): A,  # 登记日期
    ("national_award_nomination", "nominated_on"): A,  # 提名报送日期: the commission sends it on
    ("hnte_change", "issued_on"): B,  # 发证日期 of the certificate being changed
    ("fund_inspection", "period_start"): B,  # 检查期间: the period inspected
    ("fund_inspection", "period_end"): JB,
}


def nature(type_code: str, key: str, rows_key: str = "") -> Nature | None:
    """The nature of date field `key` (a column of table `rows_key` when given) of a type."""
    full = f"{rows_key}.{key}" if rows_key else key
    return BY_TYPE.get((type_code, full)) or NATURES.get(full)


def date_for(rng: random.Random, how: Nature, received: dt.date, day: dt.date) -> dt.date:
    """A date of nature `how` for a case received on `received`, made on `day` (receipt
    at intake, a move's day on the walk)."""
    if how is Nature.BEFORE:
        return received - dt.timedelta(days=rng.randint(30, 400))
    if how is Nature.JUST_BEFORE:
        return received - dt.timedelta(days=rng.randint(0, 20))
    if how is Nature.AFTER:
        return day - dt.timedelta(days=rng.randint(0, min(10, max(0, (day - received).days))))
    if how is Nature.TERM:
        return day + dt.timedelta(days=rng.randint(0, 90))
    return day + dt.timedelta(days=rng.randint(180, 1100))
