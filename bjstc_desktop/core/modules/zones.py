"""8 可持续发展实验区: sustainable-development experimental zones."""

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind, Module
from bjstc_desktop.core.fieldsets import annual_report_rows, indicator_rows, period
from bjstc_desktop.core.shapes import APPROVER, T, recognition, supervision

F, K = FieldDef, FieldKind

_CITY_LEVEL = (("zone_level", ("市级", "")),)
_SHAPE = recognition(
    first="申请", exam=("preliminary", "初审", "初审"),
    reviews=(("plan_review", "规划论证", "规划论证"), ("site_visit", "实地考察", "实地考察")),
    decide=("recognize", "认定", "认定", {"when": _CITY_LEVEL, "required_fields": ("approval_doc_no",)}),
    decide_letters=("reply_approval",),
).plus(
    # 国家级: the commission recommends, 科技部 decides.
    T("recommend", "推荐国家级", "实地考察", "已推荐", roles=APPROVER, opinion_required=True, letters=("letter",),
      when=(("zone_level", ("国家级",)),)),
    T("national_approved", "科技部批复命名", "已推荐", "认定", required_fields=("approval_doc_no",)),
    T("national_rejected", "未获科技部批准", "已推荐", "不予认定", opinion_required=True),
) + supervision(
    start="认定", enter=("build", "进入建设期", "建设期", {"required_fields": ("build_start", "build_end")}),
    report=("annual_report", "年度报告", "年报"), evaluate=("evaluate", "评估验收", "评估验收"),
    outcome=("pass", "通过", "通过"), loop=False, outcome_letters=("notice",),
)

MODULE = Module(
    number=8, code="zones", name="可持续发展实验区", name_en="Sustainable-development zones",
    case_types=(
        CaseType(
            code="sd_zone", name="可持续发展实验区", short="实验区",
            fields=(
                F("district", "所在区", K.DISTRICT, required=True),
                F("zone_level", "级别", K.ENUM, choices=("国家级", "市级")),
                F("zone_name", "实验区名称"),
                F("theme", "主题"),
                *period("build", "建设期"),
                F("management_body", "管理机构"),
                F("contact", "联系人"),
                F("plan_doc", "总体规划"),
                F("plan_opinion", "规划论证意见", K.LONG_TEXT),
                F("demo_projects", "示范工程", K.ROWS, columns=(
                    F("name", "名称"), F("investment", "投资", K.MONEY, unit="万元"),
                    F("status", "进展", K.ENUM, choices=("规划", "在建", "建成")))),
                indicator_rows("indicators", "指标体系",
                               F("dimension", "维度", K.ENUM, choices=("经济", "社会", "资源环境"))),
                annual_report_rows(),
                F("evaluation_conclusion", "评估结论", K.ENUM, choices=("通过", "整改", "不通过")),
                F("approval_doc_no", "批复文号", K.DOC_NO),
                F("approved_on", "批复日期", K.DATE),
            ),
            **_SHAPE.spec,
            checks=(CheckDef("build_period", "建设期起止", "date_order", "block", actions=("build",),
                             params=(("start", "build_start"), ("end", "build_end"))),),
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"可持续发展实验区": "Sustainable development experimental zone"},
    "states": {"初审": "Preliminary examination", "规划论证": "Plan appraisal", "已推荐": "Recommended",
               "建设期": "Construction period", "评估验收": "Evaluation and acceptance"},
    "actions": {"初审": "Preliminary examination", "规划论证": "Appraise the plan", "推荐国家级": "Recommend for national level",
                "科技部批复命名": "Designated by MOST", "未获科技部批准": "Not approved by MOST",
                "进入建设期": "Start construction period", "评估验收": "Evaluate and accept"},
    "fields": {"级别": "Level", "实验区名称": "Zone name", "建设期起": "Construction period start",
               "建设期止": "Construction period end", "管理机构": "Managing body", "联系人": "Contact person",
               "总体规划": "Master plan", "规划论证意见": "Plan appraisal opinion", "示范工程": "Demonstration projects",
               "投资": "Investment", "指标体系": "Indicator system", "维度": "Dimension"},
    "choices": {"国家级": "National", "规划": "Planned", "在建": "Under construction", "建成": "Completed",
                "经济": "Economic", "社会": "Social", "资源环境": "Resources and environment"},
    "checks": {"建设期起止": "Construction period start and end"},
}
