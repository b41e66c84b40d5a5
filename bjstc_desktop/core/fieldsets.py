"""Field groups that several case types share (parties, indicator rows, expert panels,
annual reports), so module files declare them once."""

from __future__ import annotations

from bjstc_desktop.core.casetypes import FieldDef, FieldKind

F, K = FieldDef, FieldKind

TECH_FIELDS = ("电子信息", "生物与新医药", "航空航天", "新材料", "高技术服务", "新能源与节能", "资源与环境",
               "先进制造与自动化")  # 国家重点支持的高新技术领域
SECRECY_LEVELS = ("秘密", "机密", "绝密")
LEGAL_FORMS = ("事业单位", "民办非企业单位（社会服务机构）", "企业", "社会团体", "其他")
GRADES = ("优秀", "良好", "合格", "不合格")


def party(key: str, label: str, role: str = "", *, required: bool = False, uscc_required: bool | None = None,
          help: str = "") -> tuple[FieldDef, FieldDef]:
    """An organisation party and its 统一社会信用代码 (key "<key>_uscc"); the store links
    the organisation by that code."""
    return (F(key, label, K.PARTY, required=required, party_role=role or label),
            F(f"{key}_uscc", f"{label}统一社会信用代码", K.USCC,
              required=required if uscc_required is None else uscc_required, help=help))


def indicator_rows(key: str = "indicators", label: str = "指标", *extra: FieldDef) -> FieldDef:
    """Indicator rows: 指标名称, 单位, 基线值, 目标值, 实际值 (values as written, e.g. ≥95%)."""
    return F(key, label, K.ROWS, columns=(
        *extra, F("name", "指标名称"), F("unit", "单位"), F("baseline", "基线值"), F("target", "目标值"),
        F("actual", "实际值"),
    ))


def expert_rows(key: str = "experts", label: str = "评审专家", *extra: FieldDef) -> FieldDef:
    """An expert panel with 回避 and scores."""
    return F(key, label, K.ROWS, columns=(
        F("name", "姓名"), F("workplace", "工作单位"), *extra, F("recused", "回避", K.BOOL),
        F("recusal_reason", "回避理由"), F("score", "评分", K.INTEGER, unit="分"), F("opinion", "评审意见"),
    ))


def annual_report_rows(key: str = "annual_reports", label: str = "年度报告") -> FieldDef:
    """Yearly reports: 报告年度, 报送日期, 审核结果."""
    return F(key, label, K.ROWS, columns=(
        F("fiscal_year", "报告年度", K.INTEGER, unit="年"), F("submitted_on", "报送日期", K.DATE),
        F("result", "审核结果", K.ENUM, choices=GRADES),
    ))


def objection_rows(key: str = "objections", label: str = "异议") -> FieldDef:
    """Objections in a 公示: written, signed with a real name, verified."""
    return F(key, label, K.ROWS, columns=(
        F("received_on", "收到日期", K.DATE), F("objector_kind", "异议方", K.ENUM, choices=("单位", "个人")),
        F("real_name", "实名", K.BOOL), F("content", "异议内容"),
        F("result", "核实结论", K.ENUM, choices=("成立", "部分成立", "不成立", "不予受理")),
    ))


def period(prefix: str, label: str, *, required: bool = False) -> tuple[FieldDef, FieldDef]:
    """A date range: "<prefix>_start" 起 and "<prefix>_end" 止."""
    return (F(f"{prefix}_start", f"{label}起", K.DATE, required=required),
            F(f"{prefix}_end", f"{label}止", K.DATE, required=required))
