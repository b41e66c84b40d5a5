"""2 规划计划: five-year and annual plans, their tasks, indicators and evaluations."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=2, code="planning", name="规划计划", name_en="Plans",
    case_types=(
        CaseType(
            code="plan", name="规划/年度计划", short="规划",
            fields=(
                F("plan_period_start", "规划期起", K.INTEGER, unit="年"),
                F("plan_period_end", "规划期止", K.INTEGER, unit="年"),
                F("plan_level", "层级", K.ENUM, choices=("市级", "专项")),
                F("tasks", "任务分解", K.ROWS, columns=(
                    F("no", "编号"), F("content", "内容"), F("lead_unit", "牵头单位"),
                    F("partner_units", "配合单位"), F("deadline", "完成时限", K.DATE), F("progress", "进度"),
                )),
            ),
            states=("前期研究", "起草", "征求意见", "专家论证", "审议", "印发", "监测", "中期评估", "总结评估"),
            transitions=path(
                "前期研究",
                ("start_drafting", "开始起草", "起草"),
                ("consult", "征求意见", "征求意见"),
                ("expert_review", "专家论证", "专家论证"),
                ("deliberate", "提交审议", "审议"),
                ("issue", "印发", "印发"),
                ("monitor", "进入监测", "监测"),
                ("midterm", "中期评估", "中期评估"),
                ("final_evaluation", "总结评估", "总结评估"),
            ),
        ),
    ),
)
