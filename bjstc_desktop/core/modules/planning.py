"""2 规划计划: five-year and annual plans, their tasks, indicators and evaluations."""

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind, Module
from bjstc_desktop.core.fieldsets import indicator_rows
from bjstc_desktop.core.shapes import APPROVER, T, drafting, evaluation

F, K = FieldDef, FieldKind

_TASK_STATUS = ("未启动", "推进中", "已完成", "滞后")
_PRE_ISSUE = ("前期研究", "起草", "征求意见", "专家论证", "审议")

_PLAN_SHAPE = drafting(
    "前期研究",
    ("start_drafting", "开始起草", "起草"),
    ("consult", "征求意见", "征求意见", {"letters": ("consultation_letter",)}),
    ("expert_review", "专家论证", "专家论证", {"opinion_required": True}),
    ("deliberate", "提交审议", "审议"),
    ("issue", "印发", "印发", {"roles": APPROVER, "opinion_required": True, "required_fields": ("doc_no",),
                           "letters": ("issuing_notice",)}),
    review_states=("专家论证", "审议"), withdraw_from=_PRE_ISSUE,
).plus(
    T("decompose", "任务分解", "印发", "任务分解", required_fields=("tasks",)),
    T("monitor", "进入监测", ("印发", "任务分解"), "监测"),
    T("annual_monitoring", "年度监测报告", "监测", "监测", opinion_required=True),
    T("midterm", "中期评估", "监测", "中期评估"),
    T("resume_monitoring", "继续监测", "中期评估", "监测", opinion_required=True),
    T("final_evaluation", "总结评估", ("监测", "中期评估"), "总结评估"),
    T("archive", "归档", "总结评估", "归档"),
)

MODULE = Module(
    number=2, code="planning", name="规划计划", name_en="Plans",
    case_types=(
        CaseType(
            code="plan", name="规划/年度计划", short="规划",
            fields=(
                F("plan_kind", "规划类型", K.ENUM, choices=("五年规划", "中长期规划", "专项规划", "年度计划", "年度工作要点")),
                F("plan_period_start", "规划期起", K.INTEGER, unit="年"),
                F("plan_period_end", "规划期止", K.INTEGER, unit="年"),
                F("plan_level", "层级", K.ENUM, choices=("市级", "专项")),
                F("lead_office", "牵头处室"),
                F("priority_areas", "优先发展领域", K.LONG_TEXT),
                F("doc_no", "印发文号", K.DOC_NO),
                F("issued_on", "印发日期", K.DATE),
                F("tasks", "任务分解", K.ROWS, columns=(
                    F("no", "编号"), F("content", "内容"), F("lead_unit", "牵头单位"),
                    F("partner_units", "配合单位"), F("deadline", "完成时限", K.DATE), F("progress", "进度"),
                    F("status", "状态", K.ENUM, choices=_TASK_STATUS),
                )),
                indicator_rows("indicators", "指标", F("source", "数据来源")),
                F("midterm_due", "中期评估节点", K.DATE),
            ),
            **_PLAN_SHAPE.spec,
            checks=(
                CheckDef("tasks_overdue", "规划任务按期完成", "rows_overdue",
                         params=(("rows", "tasks"), ("deadline", "deadline"), ("status", "status"), ("done", ("已完成",)))),
            ),
            letters=("consultation_letter", "issuing_notice"),
        ),
        CaseType(
            code="plan_evaluation", name="规划评估", short="规评",
            fields=(
                F("plan_case_no", "关联规划（案号）", required=True),
                F("plan_title", "规划名称"),
                F("evaluation_kind", "评估类型", K.ENUM, choices=("中期评估", "总结评估", "专项评估")),
                F("method", "评估方式", K.ENUM, choices=("自评估", "第三方评估")),
                F("evaluator", "评估机构"),
                F("findings", "评估发现", K.ROWS, columns=(
                    F("category", "类别", K.ENUM, choices=("进展成效", "存在问题", "意见建议")),
                    F("task_no", "对应任务编号"), F("content", "内容"),
                )),
                indicator_rows(),
                F("conclusion", "评估结论", K.LONG_TEXT),
                F("report_submitted_on", "报送日期", K.DATE),
            ),
            **evaluation(
                "立项",
                ("plan", "制定评估方案", "评估方案"),
                ("self_assess", "组织自评", "自评"),
                ("assess", "专家/第三方评估", "评估"),
                ("draft_report", "起草评估报告", "报告起草"),
                issue=("submit_report", "报送评估报告", "已报送", {"required_fields": ("findings", "conclusion"),
                                                           "letters": ("letter",)}),
            ).spec,
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"规划/年度计划": "Plan or annual plan", "规划评估": "Plan evaluation"},
    "states": {"前期研究": "Preliminary study", "专家论证": "Expert appraisal", "审议": "Deliberation",
               "任务分解": "Task breakdown", "监测": "Monitoring", "中期评估": "Mid-term evaluation",
               "总结评估": "Final evaluation", "自评": "Self-assessment"},
    "actions": {"专家论证": "Expert appraisal", "提交审议": "Submit for deliberation", "印发": "Issue",
                "任务分解": "Break down tasks", "进入监测": "Start monitoring", "年度监测报告": "Annual monitoring report",
                "中期评估": "Mid-term evaluation", "继续监测": "Continue monitoring", "总结评估": "Final evaluation",
                "组织自评": "Organise self-assessment", "专家/第三方评估": "Expert or third-party evaluation"},
    "fields": {"规划类型": "Plan type", "规划期起": "Plan period start", "规划期止": "Plan period end", "层级": "Level",
               "优先发展领域": "Priority fields", "印发文号": "Issuing document number", "印发日期": "Issue date",
               "任务分解": "Task breakdown", "牵头单位": "Lead organisation", "配合单位": "Supporting organisations",
               "完成时限": "Deadline", "进度": "Progress", "数据来源": "Data source",
               "中期评估节点": "Mid-term evaluation date", "关联规划（案号）": "Related plan (case no.)",
               "规划名称": "Plan name", "评估类型": "Evaluation type", "评估发现": "Evaluation findings",
               "对应任务编号": "Task number"},
    "choices": {"五年规划": "Five-year plan", "中长期规划": "Medium- to long-term plan", "专项规划": "Special plan",
                "年度计划": "Annual plan", "年度工作要点": "Annual work priorities", "专项": "Special",
                "未启动": "Not started", "推进中": "Under way", "已完成": "Completed", "滞后": "Behind schedule",
                "中期评估": "Mid-term evaluation", "总结评估": "Final evaluation", "专项评估": "Special evaluation",
                "进展成效": "Progress and results", "存在问题": "Problems", "意见建议": "Recommendations"},
    "checks": {"规划任务按期完成": "Plan tasks completed on time"},
}
