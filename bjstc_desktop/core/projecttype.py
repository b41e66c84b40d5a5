"""The project-shaped case type (科技计划项目 and its kin: 农业科技试点项目, 国际合作项目):
fields, life cycle, clocks, rules and checks, declared once and specialised per module.

Life cycle (domain.md duty 3): 申报 → 形式审查 (退回修改 | 不予受理) → 专家评审 (回避, 评分)
→ 拟立项 (或不予立项) → 公示 (异议) → 立项 → 任务书 → 执行 (中期检查) → 执行期满 →
验收 → 通过/结题/不通过 → 归档; side branches 终止 and 撤销 (资金追回).
"""

from __future__ import annotations

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    PanelDef,
    RuleDef,
)
from bjstc_desktop.core.experts import DEFAULT_PANEL_SIZE_RULE
from bjstc_desktop.core.fieldsets import expert_rows, party, period
from bjstc_desktop.core.shapes import APPROVER, START, STOP, Shape, T, chain

F, K = FieldDef, FieldKind

PROGRAM_CATEGORIES = ("基础研究", "应用基础研究", "关键核心技术攻关", "重大专项", "成果转化", "科技惠民",
                      "农业科技", "国际合作", "科学普及", "其他")
BUDGET_SUBJECTS = ("设备费", "业务费", "劳务费", "专家咨询费", "其他直接费用", "间接费用")
_BUDGET_BASIS = "国办发〔2021〕32号《关于改革完善中央财政科研经费管理的若干意见》；北京市财政科研项目经费管理办法另有规定的从其规定（可配置）"

PROJECT_RULES = (
    RuleDef("project.publicity_workdays", "科技计划项目立项公示期", "5", "workday", "北京市科技计划项目管理办法（公示期不少于5个工作日，待核实，可配置）"),
    RuleDef("project.acceptance_request_months", "执行期满后提出验收申请的期限", "3", "month", "科技计划项目验收管理惯例：执行期结束后3个月内（待核实，可配置）"),
    RuleDef("budget.indirect_mode", "间接费用核定方式", "分段累进", "text", _BUDGET_BASIS + "：“500万元以下的部分……”按部分累进；可改为“全额分档”"),
    RuleDef("budget.indirect_tier1_limit", "间接费用第一档上限", "500", "万元", _BUDGET_BASIS),
    RuleDef("budget.indirect_tier1_ratio", "间接费用第一档比例", "0.30", "ratio", _BUDGET_BASIS),
    RuleDef("budget.indirect_tier2_limit", "间接费用第二档上限", "1000", "万元", _BUDGET_BASIS),
    RuleDef("budget.indirect_tier2_ratio", "间接费用第二档比例", "0.25", "ratio", _BUDGET_BASIS),
    RuleDef("budget.indirect_tier3_ratio", "间接费用第三档比例", "0.20", "ratio", _BUDGET_BASIS),
    RuleDef("budget.indirect_theory_ratio", "纯理论基础研究项目间接费用比例", "0.60", "ratio", _BUDGET_BASIS),
)

PROJECT_CLOCKS = (
    ClockDef("publicity", "立项公示期", rule="project.publicity_workdays", kind="period"),
    ClockDef("acceptance_request", "验收申请期限", rule="project.acceptance_request_months", unit="month"),
)

_INDIRECT_PARAMS = (
    ("rows", "budget_lines"), ("mode_rule", "budget.indirect_mode"),
    ("tier1_limit_rule", "budget.indirect_tier1_limit"), ("tier1_ratio_rule", "budget.indirect_tier1_ratio"),
    ("tier2_limit_rule", "budget.indirect_tier2_limit"), ("tier2_ratio_rule", "budget.indirect_tier2_ratio"),
    ("tier3_ratio_rule", "budget.indirect_tier3_ratio"), ("theory_ratio_rule", "budget.indirect_theory_ratio"),
)

PROJECT_CHECKS = (
    CheckDef("indirect_cost_cap", "间接费用不超过核定比例", "indirect_cost_cap", "block",
             actions=("propose", "approve", "sign_contract"), params=_INDIRECT_PARAMS),
    CheckDef("funds_total", "总经费 = 财政经费 + 自筹经费", "sum_equals", "block", actions=("approve", "sign_contract"),
             params=(("total", "total_funds"), ("parts", ("fiscal_funds", "own_funds")))),
    CheckDef("budget_matches_fiscal", "预算科目合计等于财政经费", "rows_sum_equals",
             params=(("rows", "budget_lines"), ("total", "fiscal_funds"))),
    CheckDef("period_order", "执行期起止", "date_order", "block", actions=("sign_contract",),
             params=(("start", "period_start"), ("end", "period_end"))),
    CheckDef("expert_recusal", "回避专家未参与评分", "conflict_of_interest", "block", actions=("propose",)),
)


def project_fields(categories: tuple[str, ...] = PROGRAM_CATEGORIES) -> tuple[FieldDef, ...]:
    """The fields every project-shaped case type has."""
    return (
        F("project_no", "项目编号"),
        F("program_category", "计划类别", K.ENUM, choices=categories),
        F("guide_direction", "指南方向"),
        *party("undertaker", "承担单位", required=True, uscc_required=False),
        F("partners", "合作单位", K.ROWS, columns=(F("name", "单位名称"), F("uscc", "统一社会信用代码", K.USCC))),
        F("leader", "项目负责人"),
        F("leader_id", "项目负责人身份证号", K.ID_NUMBER),
        F("leader_title", "负责人职称"),
        *period("period", "执行期"),
        F("total_funds", "总经费", K.MONEY, unit="万元"),
        F("fiscal_funds", "财政经费", K.MONEY, unit="万元"),
        F("own_funds", "自筹经费", K.MONEY, unit="万元"),
        F("budget_lines", "预算科目（财政经费）", K.ROWS, columns=(
            F("subject", "科目", K.ENUM, choices=BUDGET_SUBJECTS), F("amount", "金额", K.MONEY, unit="万元"),
            F("note", "测算说明"))),
        F("pure_theory", "纯理论基础研究项目", K.BOOL),
        F("kpis", "考核指标", K.ROWS, columns=(
            F("name", "指标"), F("unit", "单位"), F("target", "目标值"), F("actual", "完成值"))),
        F("milestones", "里程碑", K.ROWS, columns=(
            F("name", "里程碑"), F("planned_on", "计划日期", K.DATE), F("actual_on", "实际日期", K.DATE))),
        expert_rows(),
        F("contract_signed_on", "任务书签订日期", K.DATE),
        F("acceptance_applied_on", "验收申请日期", K.DATE),
        F("acceptance_conclusion", "验收结论", K.ENUM, choices=("通过", "结题", "不通过")),
        F("outputs", "项目成果", K.ROWS, columns=(
            F("kind", "成果类型", K.ENUM, choices=("论文", "专利", "标准", "软件著作权", "新产品", "新品种", "其他")),
            F("title", "名称"), F("number", "编号"))),
    )


def project_lifecycle() -> Shape:
    """The project life cycle of domain.md duty 3, with its branches."""
    running = ("立项", "任务书", "执行", "中期检查", "到期")
    main = chain(
        "申报",
        ("examine", "形式审查", "形式审查"),
        ("expert_review", "受理并送专家评审", "专家评审", {"letters": ("acceptance_notice",)}),
        ("propose", "拟立项", "拟立项", {"roles": APPROVER, "opinion_required": True, "required_fields": ("experts",)}),
        ("publicize", "立项公示", "公示", {"letters": ("publicity_notice",), "clock": "publicity", "clock_effect": START}),
        ("approve", "立项", "立项", {"roles": APPROVER, "opinion_required": True, "awaits": "publicity",
                                   "required_fields": ("project_no", "total_funds", "fiscal_funds"),
                                   "clock": "publicity", "clock_effect": STOP, "letters": ("project_approval_notice",)}),
        ("sign_contract", "签订任务书", "任务书", {"required_fields": ("contract_signed_on", "period_start", "period_end")}),
        ("execute", "开始执行", "执行"),
        ("expire", "执行期满", "到期", {"clock": "acceptance_request", "clock_effect": START}),
        ("accept_check", "验收申请", "验收", {"required_fields": ("acceptance_applied_on",),
                                          "clock": "acceptance_request", "clock_effect": STOP}),
    )
    verdict = {"roles": APPROVER, "opinion_required": True, "letters": ("notice",)}
    return main.plus(
        T("return_for_revision", "退回修改", "形式审查", "退回修改", opinion_required=True, letters=("supplement_notice",)),
        T("resubmit", "重新提交", "退回修改", "形式审查"),
        T("refuse_acceptance", "不予受理", "形式审查", "不予受理", opinion_required=True, letters=("non_acceptance_notice",)),
        T("reject", "不予立项", ("专家评审", "拟立项", "公示"), "不予立项", roles=APPROVER, opinion_required=True,
          clock="publicity", clock_effect=STOP, letters=("notice",)),
        T("midterm_check", "中期检查", "执行", "中期检查"),
        T("midterm_done", "中期检查完毕", "中期检查", "执行", opinion_required=True),
        # 执行期内提前验收 is allowed, so accept_check also leaves 执行 (the clock never started then).
        T("accept_check", "验收申请", "执行", "验收", required_fields=("acceptance_applied_on",)),
        T("pass_acceptance", "验收通过", "验收", "通过", **verdict),
        T("conclude", "结题", "验收", "结题", **verdict),
        T("fail_acceptance", "验收不通过", "验收", "不通过", **verdict),
        T("terminate", "终止", running, "终止", roles=APPROVER, opinion_required=True, letters=("notice",)),
        T("revoke", "撤销", running, "撤销", roles=APPROVER, opinion_required=True,
          letters=("notice", "recovery_notice")),
        T("archive", "归档", ("通过", "结题", "不通过", "终止", "撤销", "不予受理", "不予立项"), "归档"),
    )


def project_case_type(code: str, name: str, short: str, *, extra_fields: tuple[FieldDef, ...] = (),
                      categories: tuple[str, ...] = PROGRAM_CATEGORIES) -> CaseType:
    """A project-shaped case type with the shared fields, life cycle, clocks, rules and
    checks, plus the module's own fields."""
    shape = project_lifecycle()
    return CaseType(
        code=code, name=name, short=short, fields=project_fields(categories) + extra_fields,
        states=shape.states, transitions=shape.transitions, clocks=PROJECT_CLOCKS, rules=PROJECT_RULES,
        checks=PROJECT_CHECKS,
        # 专家评审 of a project: the highest and the lowest score are dropped (评审惯例, not verified).
        panel=PanelDef(size_rule=DEFAULT_PANEL_SIZE_RULE, method="trimmed_mean"),
    )
