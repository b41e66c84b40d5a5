"""Parties: find an organisation by name or USCC, or create one from its USCC (the
party picker of every case form)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.errors import RefusedError, ValidationError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.plaintext import check_plain
from bjstc_desktop.core.roles import check_may_handle_cases
from bjstc_desktop.core.validators import normalize_field_value, validate
from bjstc_desktop.ops.part import OpsPart
from bjstc_desktop.store.models import Organisation


@dataclass(frozen=True)
class OrganisationView:
    """An organisation as the party picker shows it."""

    id: str
    name: str
    uscc: str | None
    legal_type: str
    district: str | None


def _view(o: Organisation) -> OrganisationView:
    return OrganisationView(o.id, o.name, o.uscc, o.legal_type, o.district)


class PartyOps(OpsPart):
    """Organisations for case parties (officers and approvers)."""

    def search(self, text: str, limit: int = 20) -> list[OrganisationView]:
        """Organisations whose name contains `text` or whose USCC starts with it."""
        check_may_handle_cases(self.actor)
        text = (text or "").strip()
        if not text:
            return []
        literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = (select(Organisation)
             .where(or_(Organisation.name.like(f"%{literal}%", escape="\\"),
                        Organisation.uscc.like(f"{literal.upper()}%", escape="\\")))
             .order_by(Organisation.name).limit(max(1, min(limit, 200))))
        with self.store.read() as s:
            return [_view(o) for o in s.execute(q).scalars()]

    def create(self, uscc: str, name: str, district: str | None = None) -> OrganisationView:
        """Register an organisation from its USCC (validated; the type is read from the
        code); refuses a USCC that is already registered."""
        check_may_handle_cases(self.actor)
        code = normalize_field_value(FieldKind.USCC, uscc, field="uscc")
        name = (name or "").strip()
        if not name or len(name) > 200:
            raise ValidationError("请填写单位名称（不超过 200 字）。", "Give the organisation's name (at most 200 characters).",
                                  field="name")
        name = check_plain(name, "单位名称", "The organisation's name", field="name")
        dist = normalize_field_value(FieldKind.DISTRICT, district, field="district") if district else None
        details = validate("uscc", code).details
        legal_type = str(details.get("entity_type") or "")
        with self.store.write() as s:
            if s.execute(select(Organisation.id).where(Organisation.uscc == code)).first():
                raise RefusedError(f"统一社会信用代码 {code} 的单位已登记。", f"An organisation with USCC {code} exists.")
            org = Organisation(id=uuid7(), uscc=code, name=name, legal_type=legal_type, district=dist)
            s.add(org)
            self._audit(s, "organisation_add", "organisation", org.id, uscc=code)
            return _view(org)
