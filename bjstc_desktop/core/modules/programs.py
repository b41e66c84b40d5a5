"""3 科技计划项目: calls, projects through their whole life, adjustments."""

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import path

F, K = FieldDef, FieldKind

MODULE = Module(
    number=3, code="programs", name="科技计划项目", name_en="Research programmes",
    case_types=(
        CaseType(
            code="project", name="科技计划项目", short="项目",
            fields=(
                F("project_no", "项目编号"),
                F("undertaker", "承担单位", K.PARTY, required=True, party_role="承担单位"),
                F("undertaker_uscc", "承担单位统一社会信用代码", K.USCC),
                F("leader_id", "项目负责人身份证号", K.ID_NUMBER),
                F("period_start", "执行期起", K.DATE),
                F("period_end", "执行期止", K.DATE),
                F("fiscal_funds", "财政经费", K.MONEY, unit="万元"),
                F("own_funds", "自筹经费", K.MONEY, unit="万元"),
            ),
            states=("申报", "形式审查", "专家评审", "拟立项", "公示", "立项", "任务书", "执行", "验收", "归档", "不予受理", "终止"),
            transitions=path(
                "申报",
                ("examine", "形式审查", "形式审查"),
                ("expert_review", "专家评审", "专家评审"),
                ("propose", "拟立项", "拟立项"),
                ("publicize", "公示", "公示"),
                ("approve", "立项", "立项"),
                ("sign_contract", "签订任务书", "任务书"),
                ("execute", "执行", "执行"),
                ("accept_check", "验收", "验收"),
                ("archive", "归档", "归档"),
            ),
        ),
    ),
)
