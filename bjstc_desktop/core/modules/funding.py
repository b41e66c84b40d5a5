"""5 科技经费: budgets, disbursements, inspections and rectification."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import party, period
from bjstc_desktop.core.shapes import APPROVER, START, STOP, T, chain, path

F, K = FieldDef, FieldKind
_DECISION = {"roles": APPROVER, "opinion_required": True}

_BUDGET_SHAPE = chain(
    "编制",
    ("submit", "提交审核", "审核"),
    ("first_submission", "一上（报送预算建议）", "一上"),
    ("control_figures", "一下（下达控制数）", "一下"),
    ("second_submission", "二上（报送预算草案）", "二上"),
    ("approve", "批复（二下）", "批复", {**_DECISION, "required_fields": ("approved_amount",),
                                     "letters": ("reply_approval",)}),
    ("execute", "执行", "执行"),
    ("final_accounts", "编制决算", "决算"),
    ("evaluate", "绩效评价", "绩效评价", {"required_fields": ("performance_targets",)}),
    ("close", "关闭", "关闭"),
).plus(
    T("return_for_revision", "退回修改", "审核", "编制", **_DECISION),
    T("adjust", "预算调剂", "执行", "调剂", opinion_required=True),
    T("approve_adjustment", "调剂批复", "调剂", "执行", **_DECISION, required_fields=("adjusted_amount",),
      letters=("reply_approval",)),
)

_DISBURSE_STATES = ("编制", "审核", "批复", "拨付中", "已拨付", "关闭", "暂停拨付")
_DISBURSE = path(
    "编制",
    ("submit", "提交审核", "审核"),
    ("approve", "批复", "批复", _DECISION),
    ("disburse", "开始拨付", "拨付中", {"required_fields": ("batches",), "letters": ("disbursement_notice",)}),
    ("complete", "拨付完成", "已拨付", {"required_fields": ("batches",)}),
    ("close", "关闭", "关闭"),
) + (
    T("return_for_revision", "退回修改", "审核", "编制", **_DECISION),
    T("record_batch", "登记拨付批次", "拨付中", "拨付中", required_fields=("batches",), letters=("disbursement_notice",)),
    T("suspend", "暂停拨付", "拨付中", "暂停拨付", **_DECISION),
    T("resume", "恢复拨付", "暂停拨付", "拨付中", **_DECISION),
)

_FINDING_STATUS = ("未整改", "整改中", "已整改", "已追缴")
_INSPECTION_SHAPE = chain(
    "立项",
    ("inspect", "实施检查", "实施检查"),
    ("draft_opinion", "形成检查意见", "形成意见"),
    ("submit", "提交审核", "审核"),
).plus(
    T("close_no_issue", "未发现问题，结束检查", "审核", "关闭", **_DECISION),
    T("return_for_revision", "退回修改", "审核", "形成意见", **_DECISION),
    T("issue_rectification", "下达整改通知", "审核", "整改中", **_DECISION, required_fields=("findings",),
      letters=("rectification_notice",), clock="rectification", clock_effect=START),
    T("recheck", "整改复查", "整改中", "复查", clock="rectification", clock_effect=STOP),
    T("reopen", "继续整改", "复查", "整改中", **_DECISION, letters=("rectification_notice",)),
    T("confirm_rectified", "整改完成", "复查", "关闭", **_DECISION),
    T("order_recovery", "追缴资金", ("审核", "复查"), "追缴中", **_DECISION, required_fields=("recovery_amount",),
      letters=("recovery_notice",)),
    T("recovered", "资金已追回", "追缴中", "关闭", required_fields=("recovered_amount",)),
)

MODULE = Module(
    number=5, code="funding", name="科技经费", name_en="Funding",
    case_types=(
        CaseType(
            code="budget", name="部门预算/专项资金", short="预算",
            fields=(
                F("budget_year", "预算年度", K.INTEGER, required=True, unit="年"),
                F("fund_nature", "资金性质", K.ENUM, choices=("财政拨款", "其他资金")),
                F("special_fund", "专项名称"),
                F("special_code", "专项代码"),
                F("function_class", "功能分类科目"),
                F("economic_class", "经济分类科目"),
                F("requested_amount", "申报金额", K.MONEY, unit="万元"),
                F("approved_amount", "批复金额", K.MONEY, unit="万元"),
                F("adjusted_amount", "调整后金额", K.MONEY, unit="万元"),
                F("executed_amount", "执行金额", K.MONEY, unit="万元"),
                F("performance_targets", "绩效目标", K.ROWS, columns=(
                    F("category", "指标类别", K.ENUM, choices=("产出指标", "效益指标", "满意度指标")),
                    F("name", "指标名称"), F("unit", "单位"), F("target", "目标值"), F("actual", "实际值"))),
            ),
            **_BUDGET_SHAPE.spec,
            checks=(CheckDef("executed_within_approved", "执行金额不超过批复金额", "not_above",
                             params=(("part", "executed_amount"), ("whole", "approved_amount"))),),
            letters=("reply_approval",),
        ),
        CaseType(
            code="disbursement", name="经费拨付", short="拨付",
            fields=(
                F("project_no", "项目编号", required=True),
                F("approved_amount", "批复金额", K.MONEY, required=True, unit="万元"),
                F("project_title", "项目名称"),
                F("project_case_no", "关联项目（案号）"),
                *party("payee", "收款单位"),
                F("budget_year", "预算年度", K.INTEGER, unit="年"),
                F("batches", "拨付批次", K.ROWS, columns=(
                    F("date", "日期", K.DATE), F("amount", "金额", K.MONEY, unit="万元"), F("voucher", "凭证号"),
                )),
            ),
            states=_DISBURSE_STATES, transitions=_DISBURSE,
            checks=(
                CheckDef("batches_within_approved", "拨付合计不超过批复金额", "rows_sum_not_above", "block", on_save=True,
                         params=(("rows", "batches"), ("limit", "approved_amount"))),
                CheckDef("fully_disbursed", "拨付合计等于批复金额", "rows_sum_equals",
                         params=(("rows", "batches"), ("total", "approved_amount"))),
            ),
            letters=("disbursement_notice",),
        ),
        CaseType(
            code="fund_inspection", name="监督检查/绩效评价", short="检查",
            fields=(
                F("inspection_kind", "检查类型", K.ENUM, required=True, choices=("专项检查", "专项审计", "绩效评价", "财务验收")),
                *party("inspected_unit", "被检查单位"),
                F("project_no", "项目编号"),
                F("inspection_year", "检查年度", K.INTEGER, unit="年"),
                *period("period", "检查期间"),
                F("inspector", "检查组/第三方机构"),
                F("findings", "发现问题", K.ROWS, columns=(
                    F("category", "问题类型", K.ENUM,
                      choices=("虚列支出", "超范围支出", "截留挪用", "预算执行缓慢", "管理不规范", "其他")),
                    F("description", "问题描述"), F("amount", "涉及金额", K.MONEY, unit="万元"),
                    F("deadline", "整改期限", K.DATE), F("status", "整改状态", K.ENUM, choices=_FINDING_STATUS))),
                F("rating", "评价等级", K.ENUM, choices=("优", "良", "中", "差")),
                F("recovery_amount", "应追缴金额", K.MONEY, unit="万元"),
                F("recovered_amount", "已追回金额", K.MONEY, unit="万元"),
            ),
            **_INSPECTION_SHAPE.spec,
            clocks=(ClockDef("rectification", "整改期限", rule="fund_inspection.rectification_days", unit="day"),),
            rules=(RuleDef("fund_inspection.rectification_days", "整改期限（默认）", "30", "day",
                           "检查意见书规定的整改期限；未另行规定时的默认值（可配置）"),),
            checks=(
                CheckDef("findings_overdue", "问题按期整改", "rows_overdue",
                         params=(("rows", "findings"), ("deadline", "deadline"), ("status", "status"),
                                 ("done", ("已整改", "已追缴")))),
                CheckDef("recovered_within_due", "已追回不超过应追缴", "not_above", "block", actions=("recovered",),
                         params=(("part", "recovered_amount"), ("whole", "recovery_amount"))),
            ),
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"部门预算/专项资金": "Departmental budget or special fund", "经费拨付": "Fund disbursement",
              "监督检查/绩效评价": "Supervision, inspection or performance evaluation"},
    "states": {"编制": "Preparation", "一上": "First submission", "一下": "First allocation", "二上": "Second submission",
               "决算": "Final accounts", "关闭": "Closed", "调剂": "Reallocation", "拨付中": "Disbursing",
               "已拨付": "Disbursed", "暂停拨付": "Disbursement suspended", "实施检查": "Inspection under way",
               "形成意见": "Opinion drawn up", "整改中": "Rectifying", "复查": "Re-inspection",
               "追缴中": "Recovering funds"},
    "actions": {"一上（报送预算建议）": "First submission (budget proposal)",
                "一下（下达控制数）": "First allocation (issue control figures)",
                "二上（报送预算草案）": "Second submission (draft budget)", "批复（二下）": "Approve (second allocation)",
                "编制决算": "Prepare final accounts", "关闭": "Close", "预算调剂": "Reallocate budget",
                "调剂批复": "Approve reallocation", "开始拨付": "Start disbursement", "拨付完成": "Disbursement complete",
                "登记拨付批次": "Record a disbursement", "暂停拨付": "Suspend disbursement",
                "恢复拨付": "Resume disbursement", "实施检查": "Carry out inspection",
                "形成检查意见": "Draw up inspection opinion", "未发现问题，结束检查": "No problems: close inspection",
                "下达整改通知": "Issue rectification notice", "整改复查": "Re-inspect rectification",
                "继续整改": "Continue rectification", "整改完成": "Rectification complete",
                "追缴资金": "Recover funds", "资金已追回": "Funds recovered"},
    "fields": {"预算年度": "Budget year", "资金性质": "Nature of funds", "专项名称": "Special fund name",
               "专项代码": "Special fund code", "功能分类科目": "Functional classification",
               "经济分类科目": "Economic classification", "申报金额": "Amount requested", "批复金额": "Amount approved",
               "调整后金额": "Amount after adjustment", "执行金额": "Amount spent", "绩效目标": "Performance targets",
               "指标类别": "Indicator category", "收款单位": "Payee", "收款单位统一社会信用代码": "Payee USCC",
               "拨付批次": "Disbursements", "凭证号": "Voucher number", "检查类型": "Inspection type",
               "被检查单位": "Inspected organisation", "被检查单位统一社会信用代码": "Inspected organisation USCC",
               "检查年度": "Year inspected", "检查期间起": "Period inspected from", "检查期间止": "Period inspected to",
               "检查组/第三方机构": "Inspection team or third party", "发现问题": "Problems found",
               "问题类型": "Problem type", "问题描述": "Description", "涉及金额": "Amount involved",
               "整改期限": "Rectification deadline", "整改状态": "Rectification status", "评价等级": "Evaluation grade",
               "应追缴金额": "Amount to recover", "已追回金额": "Amount recovered"},
    "choices": {"财政拨款": "Fiscal appropriation", "其他资金": "Other funds", "产出指标": "Output indicator",
                "效益指标": "Benefit indicator", "满意度指标": "Satisfaction indicator", "专项检查": "Special inspection",
                "专项审计": "Special audit", "绩效评价": "Performance evaluation", "财务验收": "Financial acceptance",
                "虚列支出": "Fictitious expenditure", "超范围支出": "Expenditure outside scope",
                "截留挪用": "Withholding or misappropriation", "预算执行缓慢": "Slow budget execution",
                "管理不规范": "Irregular management", "未整改": "Not rectified", "整改中": "Rectifying",
                "已整改": "Rectified", "已追缴": "Recovered", "优": "Excellent", "良": "Good", "中": "Fair",
                "差": "Poor"},
    "checks": {"执行金额不超过批复金额": "Amount spent within amount approved",
               "拨付合计不超过批复金额": "Disbursements within amount approved",
               "拨付合计等于批复金额": "Disbursements equal amount approved",
               "问题按期整改": "Problems rectified on time", "已追回不超过应追缴": "Amount recovered within amount due"},
    "roles": {"收款单位": "Payee", "被检查单位": "Inspected organisation"},
    "clocks": {"整改期限": "Rectification deadline"},
    "rules": {"整改期限（默认）": "Rectification period (default)"},
}
