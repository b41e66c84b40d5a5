"""Identifier validators (domain.md §4): USCC, organisation code, resident ID number,
ISSN, 发文字号, 高新技术企业证书编号, 技术合同登记编号, export catalogue code, CN 刊号,
district code, 实验动物许可证号. Pure Python, no dependencies.

Use `validate(kind, value)` for a ValidationResult (valid / warnings / derived details)
and `normalize_field_value(FieldKind, raw)` in forms.
"""

from __future__ import annotations

from bjstc_desktop.core.validators.districts import (
    District,
    beijing_districts,
    district,
    find_district,
    functional_areas,
    load_districts,
    province_name,
)
from bjstc_desktop.core.validators.idcard import (
    age_on,
    birth_date_of,
    mask_id_number,
    sex_of,
    upgrade_15_to_18,
)
from bjstc_desktop.core.validators.registry import (
    IDENTIFIER_FIELD_KINDS,
    KINDS,
    normalize_field_value,
    validate,
)
from bjstc_desktop.core.validators.result import Message, ValidationResult
from bjstc_desktop.core.validators.uscc import embedded_org_code, org_code_matches_uscc

__all__ = [
    "IDENTIFIER_FIELD_KINDS",
    "KINDS",
    "District",
    "Message",
    "ValidationResult",
    "age_on",
    "beijing_districts",
    "birth_date_of",
    "district",
    "embedded_org_code",
    "find_district",
    "functional_areas",
    "load_districts",
    "mask_id_number",
    "normalize_field_value",
    "org_code_matches_uscc",
    "province_name",
    "sex_of",
    "upgrade_15_to_18",
    "validate",
]
