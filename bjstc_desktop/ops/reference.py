"""The working-day calendar and the rule table: counting deadlines for anyone unlocked;
entering a new year's State Council notice and editing rules for the system
administrator, each change audited with before and after."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import check_may_change_settings
from bjstc_desktop.core.rulevalues import check_rule_value
from bjstc_desktop.core.workcalendar import (
    ADJUSTED_WORKDAY,
    HOLIDAY,
    CalendarDay,
    Deadline,
    WorkCalendar,
)
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.repositories.reference import CalendarRepository, RuleRepository


@dataclass(frozen=True)
class RuleView:
    """A rule parameter as listed."""

    key: str
    label: str
    value: str
    unit: str
    basis: str
    updated_by: str


class ReferenceOps(OpsPart):
    """Calendar and rules."""

    def calendar(self) -> WorkCalendar:
        """The stored working-day calendar."""
        with self.store.read() as s:
            return CalendarRepository(s).calendar()

    def add_workdays(self, start: dt.date, n: int) -> Deadline:
        """`n` working days after `start` (the start day itself not counted)."""
        return self.calendar().add_workdays(start, n)

    def workdays_between(self, a: dt.date, b: dt.date) -> tuple[int, tuple[int, ...]]:
        """Working days in (a, b], and the years counted that the calendar does not know."""
        cal = self.calendar()
        first, last = (a, b) if a <= b else (b, a)
        return cal.workdays_between(a, b), cal.unknown_years_in(first + dt.timedelta(days=1), last)

    def set_calendar_year(self, year: int, holidays: list[tuple[dt.date, dt.date, str]],
                          workdays: list[dt.date], source_doc: str) -> tuple[int, int]:
        """Enter a year's State Council notice: holiday ranges (first, last, name) and
        make-up working days. Replaces what the year had; audited."""
        check_may_change_settings(self.actor)
        if not source_doc.strip():
            raise ValidationError("请填写通知的文号或标题。", "Give the notice's number or title.", field="source_doc")
        source_doc = check_plain(source_doc.strip(), "通知文号或标题", "The notice", field="source_doc")
        for _, _, name in holidays:
            check_plain(name, "假日名称", "The holiday's name", field="holiday")
        days: dict[dt.date, CalendarDay] = {}
        for first, last, name in holidays:
            if first > last:
                raise ValidationError(f"假期 {name} 的起止日期颠倒。", f"Holiday {name}: first day after last day.")
            d = first
            while d <= last:
                days[d] = CalendarDay(d, False, HOLIDAY, name, source_doc)
                d += dt.timedelta(days=1)
        for d in workdays:
            if d in days:
                raise ValidationError(f"{d} 不能既是假日又是调休上班日。", f"{d} cannot be both a holiday and a make-up working day.")
            if d.weekday() < 5:
                raise ValidationError(f"{d} 是周一至周五，不需要登记为调休上班日。", f"{d} is a weekday; it needs no make-up entry.")
            days[d] = CalendarDay(d, True, ADJUSTED_WORKDAY, "调休上班", source_doc)
        outside = [d for d in days if d.year not in (year, year - 1, year + 1)]
        if outside:
            raise ValidationError(f"{outside[0]} 不属于 {year} 年的安排。", f"{outside[0]} is not part of {year}'s schedule.")
        with self.store.write() as s:
            before, after = CalendarRepository(s).set_year(year, sorted(days.values(), key=lambda x: x.date),
                                                           source_doc, self.actor.name)
            self._audit(s, "calendar_year_set", "calendar", str(year), source_doc=source_doc,
                        days_before=before, days_after=after)
            return before, after

    def rules(self) -> list[RuleView]:
        """Every rule parameter with its legal basis."""
        with self.store.read() as s:
            return [RuleView(r.key, r.label, r.value, r.unit, r.basis, r.updated_by) for r in RuleRepository(s).all()]

    def rule_values(self) -> dict[str, str]:
        """Rule key → value, for clocks and checks."""
        with self.store.read() as s:
            return RuleRepository(s).values()

    def set_rule(self, key: str, value: str, basis: str | None = None) -> RuleView:
        """Change a rule (system administrator); the new legal basis may be given; audited.
        The value must suit the rule's unit (whole days, a ratio, 06-30, ...), so every
        clock and check can still read it."""
        check_may_change_settings(self.actor)
        with self.store.write() as s:
            row = RuleRepository(s).get(key)
            before = (row.value, row.basis)
            row.value = check_rule_value(row.unit, row.label, value)
            if basis:
                row.basis = check_plain(basis.strip(), "法律依据", "The legal basis", multiline=True, field="basis")
            row.updated_by = self.actor.name
            self._audit(s, "rule_change", "rule", key, before=list(before), after=[row.value, row.basis])
            return RuleView(row.key, row.label, row.value, row.unit, row.basis, row.updated_by)

    @staticmethod
    def modules() -> list[dict[str, Any]]:
        """The `bjstc modules` document: every module, case type, field, state and action,
        each name in Chinese and English."""
        return [
            {
                "number": m.number, "code": m.code, "name": m.name, "name_en": m.name_en,
                "case_types": [
                    {
                        "code": t.code, "name": t.name, "name_en": t.name_en,
                        "fields": [{"key": f.key, "label": f.label, "label_en": f.label_en, "kind": f.kind.value,
                                    "required": f.required} for f in t.fields],
                        "states": list(t.states),
                        "states_en": list(t.states_en),
                        "actions": [{"action": a.action, "label": a.label, "label_en": a.label_en, "from": list(a.sources),
                                     "to": a.target, "roles": list(a.roles)} for a in t.transitions],
                    }
                    for t in m.case_types
                ],
            }
            for m in all_modules()
        ]
