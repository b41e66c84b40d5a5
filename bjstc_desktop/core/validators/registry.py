"""One entry point: `validate(kind, value)`, and the FieldKind bridge for case forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.validators.districts import validate_district
from bjstc_desktop.core.validators.docno import validate_doc_no
from bjstc_desktop.core.validators.formats import (
    validate_animal_licence,
    validate_cn_number,
    validate_contract_no,
    validate_export_code,
    validate_hnte_cert,
)
from bjstc_desktop.core.validators.idcard import validate_id_number
from bjstc_desktop.core.validators.issn import validate_issn
from bjstc_desktop.core.validators.orgcode import validate_org_code
from bjstc_desktop.core.validators.result import ValidationResult
from bjstc_desktop.core.validators.uscc import validate_uscc

Validator = Callable[[str, date], ValidationResult]


def _undated(check: Callable[[str], ValidationResult]) -> Validator:
    return lambda value, _today: check(value)


# Kind → validator; every validator gets the reference date, most ignore it.
VALIDATORS: dict[str, Validator] = {
    "uscc": _undated(validate_uscc),
    "orgcode": _undated(validate_org_code),
    "idcard": validate_id_number,
    "issn": _undated(validate_issn),
    "docno": validate_doc_no,
    "hnte-cert": validate_hnte_cert,
    "contract-no": _undated(validate_contract_no),
    "export-code": _undated(validate_export_code),
    "cn-number": _undated(validate_cn_number),
    "district": _undated(validate_district),
    "animal-licence": validate_animal_licence,
}
KINDS: tuple[str, ...] = tuple(VALIDATORS)

# The identifier field kinds of casetypes.FieldKind and the validator each uses.
FIELD_KIND_VALIDATORS: dict[FieldKind, str] = {
    FieldKind.USCC: "uscc",
    FieldKind.ORG_CODE: "orgcode",
    FieldKind.ID_NUMBER: "idcard",
    FieldKind.ISSN: "issn",
    FieldKind.DOC_NO: "docno",
    FieldKind.HNTE_CERT: "hnte-cert",
    FieldKind.CONTRACT_NO: "contract-no",
    FieldKind.EXPORT_CODE: "export-code",
    FieldKind.CN_NUMBER: "cn-number",
    FieldKind.ANIMAL_LICENCE: "animal-licence",
    FieldKind.DISTRICT: "district",
}
IDENTIFIER_FIELD_KINDS: frozenset[FieldKind] = frozenset(FIELD_KIND_VALIDATORS)


def validate(kind: str, value: str, today: date | None = None) -> ValidationResult:
    """Validate `value` as identifier `kind` (one of KINDS).

    `today` (default: the system date) is the reference date for the checks that
    refuse future dates. An unknown kind is a programming error: ValueError.
    """
    try:
        check = VALIDATORS[kind]
    except KeyError:
        raise ValueError(f"unknown identifier kind {kind!r}; known: {', '.join(KINDS)}") from None
    return check(value, today or date.today())


def normalize_field_value(
    kind: FieldKind, raw: str, field: str | None = None, today: date | None = None
) -> str:
    """The normalised value of an identifier field, or ValidationError naming `field`.

    A blank value comes back as "" (whether the field is required is the form's
    business). Warnings do not block: read them with `validate`. Only the identifier
    kinds (IDENTIFIER_FIELD_KINDS) are handled; any other kind raises ValueError.
    """
    if kind not in FIELD_KIND_VALIDATORS:
        raise ValueError(f"{kind!s} is not an identifier field kind")
    if not raw.strip():
        return ""
    return validate(FIELD_KIND_VALIDATORS[kind], raw, today).value_or_raise(field)
