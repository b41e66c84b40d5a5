"""3 科技计划项目: calls, projects through their whole life, adjustments."""

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind, Module
from bjstc_desktop.core.fieldsets import period
from bjstc_desktop.core.projecttype import PROGRAM_CATEGORIES, project_case_type
from bjstc_desktop.core.shapes import APPROVER, approval, drafting

F, K = FieldDef, FieldKind

_CALL_SHAPE = drafting(
    "起草",
    ("submit", "提交审核", "审核"),
    ("publish", "发布申报通知", "发布", {"roles": APPROVER, "opinion_required": True,
                                   "required_fields": ("call_start", "call_end", "directions"), "letters": ("notice",)}),
    ("open", "开始受理申报", "申报中"),
    ("close_call", "申报截止", "截止"),
    ("archive", "归档", "归档"),
    review_states=("审核",), withdraw_from=("起草", "审核", "发布", "申报中"),
)

MODULE = Module(
    number=3, code="programs", name="科技计划项目", name_en="Research programmes",
    case_types=(
        CaseType(
            code="project_call", name="项目指南/申报通知", short="指南",
            fields=(
                F("program_category", "计划类别", K.ENUM, required=True, choices=PROGRAM_CATEGORIES),
                F("call_year", "年度", K.INTEGER, unit="年"),
                *period("call", "申报"),
                F("budget_total", "拟安排经费", K.MONEY, unit="万元"),
                F("directions", "指南方向", K.ROWS, columns=(
                    F("code", "方向编号"), F("name", "方向名称"), F("content", "研究内容与考核指标"),
                    F("funding", "支持强度", K.MONEY, unit="万元"), F("count", "拟支持项目数", K.INTEGER, unit="项"),
                )),
                F("doc_no", "通知文号", K.DOC_NO),
                F("contact", "联系人及电话"),
            ),
            **_CALL_SHAPE.spec,
            checks=(CheckDef("call_window", "申报起止", "date_order", "block", actions=("publish",),
                             params=(("start", "call_start"), ("end", "call_end"))),),
        ),
        project_case_type("project", "科技计划项目", "项目"),
        CaseType(
            code="project_change", name="项目调整申请", short="调整",
            fields=(
                F("project_no", "项目编号", required=True),
                F("project_title", "项目名称"),
                F("project_case_no", "关联项目（案号）"),
                F("change_kind", "调整类型", K.ENUM, required=True,
                  choices=("负责人变更", "执行期延长", "预算调剂", "考核指标调整", "承担单位变更", "研究内容调整", "其他")),
                F("change_content", "申请调整内容", K.LONG_TEXT, required=True),
                F("reason", "调整理由", K.LONG_TEXT, required=True),
                *period("period", "项目执行期"),
                F("new_period_end", "调整后结束时间", K.DATE),
                F("total_funds", "总经费", K.MONEY, unit="万元"),
                F("fiscal_funds", "财政经费", K.MONEY, unit="万元"),
                F("other_funds", "其他经费", K.MONEY, unit="万元"),
                F("unit_opinion", "承担单位意见", K.LONG_TEXT),
                F("remark", "备注"),
            ),
            **approval("申请", approve=("approve", "批复同意", "同意", {"required_fields": ("unit_opinion",)}),
                       refuse=("refuse", "不予同意", "不同意")).spec,
            checks=(
                CheckDef("funds_total", "总经费 = 财政经费 + 其他经费", "sum_equals", "block", actions=("approve",),
                         params=(("total", "total_funds"), ("parts", ("fiscal_funds", "other_funds")))),
                CheckDef("new_end_after_start", "调整后结束时间不早于开始时间", "date_order",
                         params=(("start", "period_start"), ("end", "new_period_end"))),
            ),
            letters=("reply_approval",),
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"项目指南/申报通知": "Project guideline or call for applications", "科技计划项目": "S&T programme project",
              "项目调整申请": "Project change request"},
    "states": {"申报中": "Open for applications", "截止": "Closed for applications"},
    "actions": {"发布申报通知": "Publish call for applications", "开始受理申报": "Open applications",
                "申报截止": "Close applications", "批复同意": "Approve by reply", "不予同意": "Refuse"},
    "fields": {"申报起": "Applications open", "申报止": "Applications close", "拟安排经费": "Planned funding",
               "方向编号": "Topic number", "方向名称": "Topic", "研究内容与考核指标": "Research content and indicators",
               "支持强度": "Funding per project", "拟支持项目数": "Projects to be funded",
               "通知文号": "Call document number", "联系人及电话": "Contact and telephone", "调整类型": "Change type",
               "申请调整内容": "Change requested", "调整理由": "Reason for change",
               "项目执行期起": "Project period start", "项目执行期止": "Project period end",
               "调整后结束时间": "New end date", "其他经费": "Other funding",
               "承担单位意见": "Undertaking organisation's opinion", "备注": "Remarks"},
    "choices": {"负责人变更": "Change of leader", "执行期延长": "Extension of period", "预算调剂": "Budget reallocation",
                "考核指标调整": "Change of indicators", "承担单位变更": "Change of undertaking organisation",
                "研究内容调整": "Change of research content"},
    "checks": {"申报起止": "Application window opens and closes",
               "总经费 = 财政经费 + 其他经费": "Total funding = fiscal + other funding",
               "调整后结束时间不早于开始时间": "New end date not before the start"},
}
