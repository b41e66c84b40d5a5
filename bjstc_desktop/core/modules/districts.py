"""12 区县指导: district requests answered by 批复, district evaluations."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.shapes import APPROVER, STOP, T, evaluation, handling

F, K = FieldDef, FieldKind

_REQUEST_SHAPE = handling(
    "收文",
    ("draft", "拟办", "拟办"),
    ("countersign", "会签", "会签"),
    ("submit", "提交审核", "审核"),
    ("reply", "批复", "批复", {"roles": APPROVER, "opinion_required": True, "required_fields": ("reply_doc_no",),
                           "letters": ("reply_approval",), "clock": "reply", "clock_effect": STOP}),
    ("archive", "归档", "归档"),
    review="审核", revise_to="拟办",
    misassigned=("return_document", "退文", "退文", {"letters": ("letter",), "clock": "reply", "clock_effect": STOP}),
).plus(
    T("submit", "提交审核", "拟办", "审核"),  # 无需会签的事项
    T("archive", "归档", "退文", "归档"),
)

MODULE = Module(
    number=12, code="districts", name="区县指导", name_en="Guidance to districts",
    case_types=(
        CaseType(
            code="district_request", name="区请示", short="区请",
            fields=(
                F("from_district", "来文单位", K.DISTRICT, required=True, help="16个区及北京经济技术开发区"),
                F("incoming_doc_no", "来文文号", K.DOC_NO),
                F("received_on", "来文日期", K.DATE),
                F("matter_kind", "事项类型", K.ENUM, choices=("项目资金", "园区建设", "政策事项", "科技活动", "其他")),
                F("matter", "事项", K.LONG_TEXT),
                F("handling_office", "办理处室"),
                F("countersign_offices", "会签处室"),
                F("reply_doc_no", "批复文号", K.DOC_NO),
                F("reply_date", "批复日期", K.DATE),
            ),
            **_REQUEST_SHAPE.spec,
            clocks=(ClockDef("reply", "办理时限", rule="district_request.reply_workdays", starts_at_receipt=True),),
            rules=(RuleDef("district_request.reply_workdays", "区请示办理时限", "15", "workday",
                           "本机构公文处理办法（内部时限，可配置）"),),
            letters=("reply_approval",),
        ),
        CaseType(
            code="district_evaluation", name="区科技工作考核", short="区考核",
            fields=(
                F("eval_year", "考核年度", K.INTEGER, required=True, unit="年"),
                F("scope", "类型", K.ENUM, choices=("区级科技工作考核", "区域创新监测")),
                F("indicators", "分区指标", K.ROWS, columns=(
                    F("district", "区", K.DISTRICT), F("indicator", "指标"), F("unit", "单位"),
                    F("target", "目标值"), F("value", "实际值"), F("score", "得分", K.INTEGER, unit="分"))),
                F("conclusion", "考核结论", K.LONG_TEXT),
                F("bulletin_doc_no", "考核通报文号", K.DOC_NO),
            ),
            **evaluation(
                "部署",
                ("self_check", "区自查", "自查"),
                ("collect", "数据采集", "数据采集"),
                ("score", "评分", "评分"),
                issue=("issue", "考核通报", "已通报", {"required_fields": ("indicators", "bulletin_doc_no"),
                                                  "letters": ("notice",)}),
            ).spec,
            checks=(CheckDef("all_districts", "16个区均有考核数据", "district_coverage", "block", actions=("issue",),
                             params=(("rows", "indicators"),)),),
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"区请示": "District request", "区科技工作考核": "District S&T work assessment"},
    "states": {"收文": "Received", "退文": "Returned to sender", "部署": "Launched", "自查": "Self-inspection",
               "已通报": "Results circulated"},
    "actions": {"会签": "Countersign", "退文": "Return to sender", "区自查": "District self-inspection",
                "考核通报": "Circulate results"},
    "fields": {"来文单位": "Sender", "来文文号": "Sender's document number", "来文日期": "Date of document",
               "事项类型": "Matter type", "办理处室": "Handling division", "会签处室": "Countersigning divisions",
               "考核年度": "Assessment year", "分区指标": "District indicators", "得分": "Score",
               "考核结论": "Assessment conclusion", "考核通报文号": "Results circular number"},
    "help": {"16个区及北京经济技术开发区": "The 16 districts and Beijing Economic-Technological Development Area"},
    "choices": {"项目资金": "Project funding", "园区建设": "Park development", "政策事项": "Policy matter",
                "科技活动": "S&T event", "区级科技工作考核": "District S&T work assessment",
                "区域创新监测": "Regional innovation monitoring"},
    "clocks": {"办理时限": "Handling deadline"},
    "rules": {"区请示办理时限": "District request handling deadline"},
    "checks": {"16个区均有考核数据": "Assessment data for all 16 districts"},
}
