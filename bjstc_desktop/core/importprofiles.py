"""Import profiles: which lists officers receive as spreadsheets, which case type (or
which rows of one case) each fills, and the natural key that makes a re-import an
update instead of a duplicate (domain.md §11: USCC, 合同登记编号, 证书编号).

A column mapping is header text → field key ("" ignores the column). `suggest_mapping`
proposes one from the field labels; officers correct it and save it per source (the
office that sends the list, e.g. 海淀区技术合同登记站).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.errors import ValidationError
from bjstc_desktop.core.experts import EXPERT_FIELDS
from bjstc_desktop.core.i18n import label, pick
from bjstc_desktop.core.integrity import RECORD_FIELDS
from bjstc_desktop.core.modules import case_type as lookup_case_type

TITLE = "title"  # the pseudo-field that maps a column to the case title
_NOT_IMPORTED = (FieldKind.ROWS, FieldKind.CHECKLIST)


@dataclass(frozen=True)
class ImportProfile:
    """One kind of list. `key_fields` together identify a record (the first one is
    looked up through the (key, text_value) index). With `rows_field` the list fills
    the rows of that field on one chosen case instead of creating cases. With `record`
    the list fills records that are not cases (the expert pool, 科研失信 records), whose
    fields are `record_fields`."""

    code: str
    name: str
    name_en: str
    case_type: str
    key_fields: tuple[str, ...]
    title_fields: tuple[str, ...] = ()
    title_suffix: str = ""  # appended to the title made from title_fields
    rows_field: str = ""
    aliases: tuple[tuple[str, str], ...] = field(default=())  # (header spelling, field key)
    record: str = ""  # "expert" | "integrity": the kind of record the list fills
    record_fields: tuple[FieldDef, ...] = ()

    @property
    def type(self) -> CaseType:
        """The case type the list belongs to."""
        return lookup_case_type(self.case_type)

    @property
    def module(self) -> str:
        """The duty module (scope) of the imported cases ("" for records of every duty)."""
        return "" if self.record else self.type.module

    def fields(self) -> tuple[FieldDef, ...]:
        """The fields a column may map to (the rows' columns in rows mode)."""
        if self.record:
            return self.record_fields
        if self.rows_field:
            rows = self.type.field(self.rows_field)
            assert rows is not None
            return tuple(c for c in rows.columns if c.kind not in _NOT_IMPORTED)
        return tuple(f for f in self.type.fields if f.kind not in _NOT_IMPORTED)

    def field(self, key: str) -> FieldDef | None:
        """A mappable field by key."""
        return next((f for f in self.fields() if f.key == key), None)

    def targets(self) -> tuple[tuple[str, str], ...]:
        """(key, label) of every mapping target, the title first (cases mode)."""
        head = () if self.rows_field or self.record else ((TITLE, "标题"),)
        return head + tuple((f.key, f.label) for f in self.fields())

    def shown_targets(self, language: str | None = None) -> tuple[tuple[str, str], ...]:
        """(key, label in the officer's language) of every mapping target."""
        head = () if self.rows_field or self.record else ((TITLE, pick("标题", "Title", language)),)
        return head + tuple((f.key, label(f, language)) for f in self.fields())

    def title_for(self, fields: dict[str, object]) -> str:
        """The title of a case made from a row without a title column."""
        parts = [str(fields[k]) for k in self.title_fields if fields.get(k) not in (None, "")]
        if parts:
            return "".join(parts) + self.title_suffix
        name = self.name if self.record else self.type.name
        return f"{name} {' '.join(str(fields.get(k, '')) for k in self.key_fields)}".strip()

    def key_labels(self) -> str:
        """The natural key as officers name it: 登记编号, 企业统一社会信用代码 + 批次."""
        return " + ".join(label(f) for k in self.key_fields if (f := self.field(k)) is not None)


PROFILES: tuple[ImportProfile, ...] = (
    ImportProfile(
        "tech_contracts", "技术合同登记清单", "Technology contract registrations", "tech_contract",
        key_fields=("contract_no",), title_fields=("project_name",),
        aliases=(("合同登记编号", "contract_no"), ("合同编号", "contract_no"), ("合同名称", "project_name"),
                 ("卖方名称", "seller"), ("卖方（技术开发方）", "seller"), ("买方名称", "buyer"),
                 ("合同成交额", "contract_amount"), ("合同金额", "contract_amount"))),
    ImportProfile(
        "hnte_applicants", "高新技术企业申报名单", "HNTE applicants", "hnte",
        key_fields=("enterprise_uscc", "batch"), title_fields=("enterprise",), title_suffix="高新技术企业认定申请",
        aliases=(("企业名称", "enterprise"), ("申报企业", "enterprise"), ("统一社会信用代码", "enterprise_uscc"),
                 ("申报批次", "batch"), ("所在区", "district"))),
    ImportProfile(
        "hnte_certified", "高新技术企业认定名单（证书）", "HNTE certificates", "hnte",
        key_fields=("certificate_no",), title_fields=("enterprise",), title_suffix="高新技术企业认定",
        aliases=(("企业名称", "enterprise"), ("统一社会信用代码", "enterprise_uscc"), ("证书号", "certificate_no"),
                 ("高新技术企业证书编号", "certificate_no"), ("发证时间", "issued_on"))),
    ImportProfile(
        "award_nominations", "科学技术奖提名项目清单", "Science and technology award nominations",
        "award_nomination", key_fields=("project_name", "award_year", "award_category"),
        title_fields=("project_name",),
        aliases=(("项目名称", "project_name"), ("被提名人", "project_name"), ("奖种", "award_category"),
                 ("提名奖种", "award_category"), ("年度", "award_year"), ("提名单位", "nominator"))),
    ImportProfile(
        "survey_respondents", "统计调查对象名录", "Statistical survey respondents", "stat_survey",
        key_fields=("uscc",), rows_field="respondents",
        aliases=(("单位详细名称", "org"), ("调查单位名称", "org"), ("填报状态", "status"))),
    ImportProfile(
        "experts", "专家库名单", "Expert pool", "", key_fields=("id_number",), record="expert",
        record_fields=EXPERT_FIELDS,
        aliases=(("专家姓名", "name"), ("身份证号码", "id_number"), ("公民身份号码", "id_number"),
                 ("单位", "employer"), ("所在单位", "employer"), ("单位统一社会信用代码", "employer_uscc"),
                 ("学科", "disciplines"), ("学科代码", "disciplines"), ("专业领域代码", "disciplines"),
                 ("类别", "category"), ("专家类型", "category"), ("手机", "phone"), ("邮箱", "email"))),
    ImportProfile(
        "integrity_records", "科研失信记录清单", "Research-misconduct records", "",
        key_fields=("number", "decision_no", "measure"), record="integrity", record_fields=RECORD_FIELDS,
        aliases=(("对象", "subject_kind"), ("类型", "subject_kind"), ("名称", "name"), ("姓名", "name"),
                 ("统一社会信用代码", "number"), ("身份证号", "number"), ("证件号码", "number"),
                 ("决定文号", "decision_no"), ("处理决定书文号", "decision_no"), ("处理措施", "measure"),
                 ("认定单位", "source"), ("作出决定的机关", "source"), ("开始日期", "start_on"),
                 ("结束日期", "end_on"), ("适用范围", "scope"))),
)

# The fields that identify a case to an import (cases mode): a classified case keeps a
# keyed hash of each beside its sealed value, to be found by (store/models.py).
NATURAL_KEY_FIELDS = frozenset(k for p in PROFILES if not p.rows_field for k in p.key_fields)


def profiles_for_module(module: str) -> tuple[ImportProfile, ...]:
    """The profiles whose lists belong to duty `module` (for the tab's 导入Excel button)."""
    return tuple(p for p in PROFILES if not p.record and p.module == module)


def profiles_for_record(record: str) -> tuple[ImportProfile, ...]:
    """The profiles that fill records of one kind ("expert", "integrity")."""
    return tuple(p for p in PROFILES if p.record == record)


def profile(code: str) -> ImportProfile:
    """A profile by code; ValidationError names the known ones."""
    for p in PROFILES:
        if p.code == code:
            return p
    known = ", ".join(p.code for p in PROFILES)
    raise ValidationError(f"没有导入方案“{code}”。可选：{known}。", f"No import profile {code!r}; one of: {known}.",
                          field="profile")


_UNIT = re.compile(r"[（(][^（）()]*[）)]$")


def normalise_header(text: object) -> str:
    """Header text as compared: NFKC (full-width → half-width), no spaces, no required
    marks (*), no trailing unit in brackets ("成交额（万元）" → "成交额")."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    s = re.sub(r"\s+", "", s).strip("*＊:：")
    return _UNIT.sub("", s) or s


def header_unit(text: object) -> str:
    """The money unit a header declares ("成交额（万元）" → "万元"), else ""."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    for unit in ("亿元", "万元", "元"):
        if f"({unit})" in s or f"（{unit}）" in s or s.rstrip().endswith(f"/{unit}"):
            return unit
    return ""


def suggest_mapping(prof: ImportProfile, headers: list[str]) -> dict[str, str]:
    """Header → field key for every header it recognises (label, key or a known
    spelling; otherwise the one label that contains the header or is contained in it).
    No two headers map to the same field; unrecognised headers map to ""."""
    by_label: dict[str, str] = {}
    for (key, zh), (_, shown) in zip(prof.targets(), prof.shown_targets(language="en"), strict=True):
        by_label.setdefault(normalise_header(zh), key)
        by_label.setdefault(normalise_header(shown), key)  # a sheet with English headers
        by_label.setdefault(key.lower(), key)
    for spelling, key in prof.aliases:
        by_label.setdefault(normalise_header(spelling), key)
    out: dict[str, str] = {}
    used: set[str] = set()
    pending = []
    for h in headers:
        n = normalise_header(h)
        found = by_label.get(n) or by_label.get(n.lower())
        if found and found not in used:
            out[h] = found
            used.add(found)
        else:
            out[h] = ""
            pending.append((h, n))
    for h, n in pending:  # looser: a unique containment, e.g. 卖方统一社会信用代码 ↔ 统一社会信用代码（卖方）
        if len(n) < 2:
            continue
        hits = [key for key, label in prof.targets()
                if key not in used and (n in normalise_header(label) or normalise_header(label) in n)]
        if len(hits) == 1:
            out[h] = hits[0]
            used.add(hits[0])
    return out


def check_mapping(prof: ImportProfile, mapping: dict[str, str]) -> None:
    """Refuse a mapping to unknown fields, two columns on one field, or one that leaves
    out a part of the natural key."""
    targets = dict(prof.targets())
    seen: dict[str, str] = {}
    for header, key in mapping.items():
        if not key:
            continue
        if key not in targets:
            raise ValidationError(f"列“{header}”对应的字段“{key}”不存在。",
                                  f"Column {header!r} maps to an unknown field {key!r}.", field="mapping")
        if key in seen:
            raise ValidationError(f"列“{seen[key]}”和“{header}”对应了同一个字段“{targets[key]}”。",
                                  f"Columns {seen[key]!r} and {header!r} both map to {key!r}.", field="mapping")
        seen[key] = header
    missing = [targets[k] for k in prof.key_fields if k not in seen]
    if missing:
        raise ValidationError(f"必须有列对应自然键：{'、'.join(missing)}。",
                              f"A column must map to each part of the natural key: {', '.join(missing)}.",
                              field="mapping")
