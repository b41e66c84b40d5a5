"""The generic check engine: run a case type's CheckDefs over parsed field values.

Field values are as core/fieldvalues.parse_fields returns them (money in 分, ROWS as
lists of dicts, dates as ISO strings). Rule values come from the rule table (text);
the case type's declared defaults fill any the caller does not pass. The functions
live in core/checklib, registered by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, CheckDef
from bjstc_desktop.core.checklib import CHECK_FUNCTIONS, CheckContext, Outcome
from bjstc_desktop.core.checklib.base import fields_match
from bjstc_desktop.core.errors import RefusedError
from bjstc_desktop.core.i18n import current_language
from bjstc_desktop.core.rulevalues import RuleValueError, rule_book
from bjstc_desktop.core.workcalendar import WorkCalendar


@dataclass(frozen=True)
class CheckResult:
    """One check on one case. `passed` is None when there is not enough data;
    `blocking` is True for a failed check of severity "block"."""

    key: str
    label: str
    passed: bool | None
    message_zh: str
    message_en: str
    blocking: bool
    severity: str = "warn"
    label_en: str = ""

    def message(self, language: str | None = None) -> str:
        """The message in `language` ("zh"/"en"; default: the current one)."""
        return self.message_en if (language or current_language()) == "en" else self.message_zh


def check_function_of(check: CheckDef) -> Any:
    """The function a CheckDef names (or holds); KeyError for an unknown name."""
    return check.function if callable(check.function) else CHECK_FUNCTIONS[check.function]


def _outcome(check: CheckDef, ctx: CheckContext) -> Outcome | None:
    try:
        return check_function_of(check)(ctx)
    except RuleValueError as exc:
        return Outcome(None, exc.zh, exc.en)
    except (ValueError, TypeError, KeyError) as exc:  # malformed stored data: report, never crash
        return Outcome(None, f"数据无法用于计算：{exc}", f"Data cannot be used for this check: {exc}")


def run_checks(case_type: CaseType, fields: Mapping[str, Any], rules: Mapping[str, str] | None,
               today: date, *, calendar: WorkCalendar | None = None,
               facts: Mapping[str, Any] | None = None) -> list[CheckResult]:
    """Every applicable check of the case type on these field values, in declared order.
    Checks that do not apply to this case (e.g. the age rule of another award) are left
    out. `facts`: what the store found for the case (integrity hits, the panel)."""
    book = rule_book(case_type, rules)
    results = []
    for check in case_type.checks:
        if not fields_match(fields, check.when):
            continue
        ctx = CheckContext(case_type, fields, book, today, dict(check.params), calendar, facts or {})
        out = _outcome(check, ctx)
        if out is None:
            continue
        results.append(CheckResult(check.key, check.label, out.passed, out.zh, out.en,
                                   blocking=check.blocks and out.passed is False, severity=check.severity,
                                   label_en=check.label_en))
    return results


def enforced_failures(case_type: CaseType, results: list[CheckResult], action: str | None) -> list[CheckResult]:
    """The results that stop `action` (None: saving): failed blocking checks enforced on
    it, and undecided ones whose CheckDef requires data."""
    by_key = {c.key: c for c in case_type.checks}
    stop = []
    for r in results:
        check = by_key[r.key]
        if check.enforced_on(action) and (r.passed is False or (r.passed is None and check.require_data)):
            stop.append(r)
    return stop


def refusal(what_zh: str, what_en: str, failures: list[CheckResult]) -> RefusedError:
    """A RefusedError listing failed checks with their messages."""
    zh = "；".join(f"{r.label}：{r.message_zh}" for r in failures)
    en = "; ".join(f"{r.label_en or r.label}: {r.message_en}" for r in failures)
    return RefusedError(f"{what_zh}未通过校核——{zh}", f"{what_en} fails its checks — {en}")


def check_before_save(case_type: CaseType, fields: Mapping[str, Any], rules: Mapping[str, str] | None,
                      today: date, *, calendar: WorkCalendar | None = None) -> list[CheckResult]:
    """Run the checks for saving field values: raise RefusedError (nothing saved) when an
    on-save blocking check fails (技术交易额 > 成交额, 拨付超过批复金额); otherwise return
    all results so the caller can show the warnings."""
    results = run_checks(case_type, fields, rules, today, calendar=calendar)
    failures = enforced_failures(case_type, results, None)
    if failures:
        raise refusal("保存内容", "Saving", failures)
    return results
