"""9 国际与港澳台合作: cooperation projects, restricted technology export review, visits."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import expert_rows, period
from bjstc_desktop.core.projecttype import project_case_type
from bjstc_desktop.core.shapes import APPROVER, PAUSE, RESUME, START, STOP, T, approval

F, K = FieldDef, FieldKind
_EXPORT_BASIS = "禁止出口限制出口技术管理办法（商务部 科技部令2009年第2号）"
_VISIT_BASIS = "因公临时出国（境）管理规定：出访一国不超过5天，两国不超过8天，三国及以上不超过10天（含离、抵境当日）"
_VISIT_LIMITS = "因公临时出国管理规定（2013）：每个团组出访国家不超过3个（含经停国家），团组人数不超过6人（待核实，可配置）"
_RESEARCH_EXEMPTION = ("中办发〔2016〕50号《关于进一步完善中央财政科研项目资金管理等政策的若干意见》：高校、科研院所科研人员"
                       "因公临时出国开展学术交流合作，出国批次数、团组人数、在外天数按实际需要安排（待核实）")
_COMMERCE = "技术进出口管理条例；禁止出口限制出口技术管理办法：商务主管部门会同科技主管部门审查，自收到申请之日起30个工作日内作出决定"

_EXPORT = CaseType(
    code="tech_export_review", name="限制出口技术技术审查", short="出口",
    fields=(
        F("catalogue_code", "目录编号", K.EXPORT_CODE, required=True),
        F("exporter", "出口经营者", K.PARTY, required=True, party_role="出口经营者"),
        F("exporter_uscc", "出口经营者统一社会信用代码", K.USCC, required=True),
        F("tech_name", "技术名称"),
        F("control_points", "控制要点"),
        F("recipient", "受让方"),
        F("recipient_country", "受让国家/地区"),
        F("contract_no", "合同号"),
        F("contract_amount", "合同金额", K.MONEY, unit="元"),
        F("currency", "币种", K.ENUM, choices=("CNY", "USD", "EUR", "JPY", "HKD", "GBP")),
        F("involves_secret", "涉及国家秘密", K.BOOL),
        F("secrecy_level", "密级", K.ENUM, choices=("秘密", "机密")),
        F("secrecy_review_result", "保密审查结论", K.ENUM, choices=("同意", "不同意")),
        expert_rows(),
        F("review_conclusion", "技术审查结论", K.ENUM, choices=("同意出口", "不同意出口")),
        F("review_opinion", "技术审查意见", K.LONG_TEXT),
        F("intent_no", "许可意向书编号"),
        F("intent_issued_on", "意向书签发日期", K.DATE),
        F("intent_valid_until", "意向书有效期至", K.DATE),
        F("licence_no", "许可证编号"),
        F("commerce_decision", "商务主管部门决定", K.ENUM, choices=("批准", "不批准")),
    ),
    states=("收件", "技术审查", "保密审查", "专家评审", "审查意见", "办结", "退回"),
    # Two clocks: 商务主管部门's 30 working days run from its receipt of the application
    # (the case's received date); the commission's technical review is a sub-step inside them.
    transitions=(
        T("review", "开始技术审查", "收件", "技术审查", clock="review", clock_effect=START),
        T("return_application", "退回申请", ("收件", "技术审查"), "退回", opinion_required=True, letters=("letter",),
          clock="commerce", clock_effect=STOP),
        T("secrecy_review", "送保密审查", "技术审查", "保密审查", when=(("involves_secret", ("是",)),)),
        T("secrecy_cleared", "保密审查完毕", "保密审查", "技术审查", required_fields=("secrecy_review_result",)),
        T("expert_review", "专家评审", "技术审查", "专家评审", clock="commerce", clock_effect=PAUSE),
        T("expert_done", "专家评审完毕", "专家评审", "技术审查", clock="commerce", clock_effect=RESUME),
        T("opinion", "出具技术审查意见", ("技术审查", "专家评审"), "审查意见", roles=APPROVER, opinion_required=True,
          required_fields=("review_conclusion", "review_opinion"), clock="review", clock_effect=STOP,
          letters=("letter",)),
        T("record_licence", "登记意向书/许可证", "审查意见", "审查意见", required_fields=("intent_no",)),
        T("close", "办结（录入商务主管部门决定）", "审查意见", "办结", required_fields=("commerce_decision",),
          clock="commerce", clock_effect=STOP),
    ),
    clocks=(ClockDef("commerce", "商务主管部门审批时限", rule="tech_export_review.commerce_workdays", starts_at_receipt=True),
            ClockDef("review", "技术审查时限", rule="tech_export_review.review_workdays", within="commerce")),
    rules=(
        RuleDef("tech_export_review.commerce_workdays", "限制出口技术许可审批时限（商务主管部门）", "30", "workday", _COMMERCE),
        RuleDef("tech_export_review.review_workdays", "技术审查时限（科技部门，含在商务部门时限内）", "15", "workday",
                _EXPORT_BASIS + "：技术审查为商务主管部门审批的一环；分段时限为内部衔接要求（待核实，可配置）"),
        RuleDef("tech_export_review.intent_validity_years", "技术出口许可意向书有效期（不超过）", "3", "year", _EXPORT_BASIS + "（待核实）"),
    ),
    checks=(
        CheckDef("prohibited_item", "禁止出口技术不得同意出口", "export_category", "block", actions=("opinion",),
                 params=(("code_field", "catalogue_code"), ("conclusion_field", "review_conclusion"))),
        CheckDef("secrecy_review_done", "涉密技术须经保密审查", "required_when", "block", actions=("opinion",),
                 when=(("involves_secret", ("是",)),), params=(("fields", ("secrecy_review_result", "secrecy_level")),)),
        CheckDef("intent_validity", "意向书有效期", "validity_within",
                 params=(("start", "intent_issued_on"), ("end", "intent_valid_until"),
                         ("years_rule", "tech_export_review.intent_validity_years"))),
    ),
    letters=("letter",),
)

_VISIT = CaseType(
    code="exchange_visit", name="出访/来访", short="出访",
    fields=(
        F("direction", "类型", K.ENUM, required=True, choices=("出访", "来访")),
        F("delegation_head", "团长"),
        F("members", "团组成员", K.ROWS, columns=(
            F("name", "姓名"), F("workplace", "工作单位"), F("title", "职务/职称"), F("role", "团内身份"))),
        F("countries", "国家/地区"),
        F("country_count", "国家（地区）数", K.INTEGER, unit="个"),
        F("transit_count", "经停国家（地区）数", K.INTEGER, unit="个"),
        F("member_count", "团组人数", K.INTEGER, unit="人", help="已列团组成员时按成员行数计"),
        F("academic_exchange", "科研人员学术交流（国家数、人数、天数按实际需要）", K.BOOL, help=_RESEARCH_EXEMPTION),
        F("purpose", "任务", K.LONG_TEXT),
        *period("visit", "访问日期"),
        F("inviting_org", "邀请/接待单位"),
        F("budget", "经费预算", K.MONEY, unit="万元"),
        F("approval_no", "批件号"),
        F("report_submitted_on", "总结报告报送日期", K.DATE),
    ),
    **approval(
        "申请", consult=(("countersign", "外事部门会签", "会签"),),
        approve=("approve", "批准", "批准", {"required_fields": ("visit_start", "visit_end")}),
        refuse=("refuse", "不予批准", "不予批准"),
        after=(("depart", "执行出访/接待", "执行"),
               ("finish", "返回/活动结束", "结束", {"clock": "report", "clock_effect": START}),
               ("submit_report", "报送总结报告", "已报告", {"required_fields": ("report_submitted_on",),
                                                      "clock": "report", "clock_effect": STOP})),
    ).spec,
    clocks=(ClockDef("report", "出访报告报送期限", rule="exchange_visit.report_months", unit="month",
                     when=(("direction", ("出访",)),)),),
    rules=(
        RuleDef("exchange_visit.days_one_country", "出访一国天数（不超过）", "5", "day", _VISIT_BASIS),
        RuleDef("exchange_visit.days_two_countries", "出访两国天数（不超过）", "8", "day", _VISIT_BASIS),
        RuleDef("exchange_visit.days_three_countries", "出访三国及以上天数（不超过）", "10", "day", _VISIT_BASIS),
        RuleDef("exchange_visit.max_countries", "每次出访国家（地区）数（含经停，不超过）", "3", "个", _VISIT_LIMITS),
        RuleDef("exchange_visit.max_members", "团组人数（不超过）", "6", "人", _VISIT_LIMITS),
        RuleDef("exchange_visit.report_months", "回国后报送出访报告期限", "1", "month", "因公出国（境）管理规定：回国后一个月内报送（待核实）"),
    ),
    checks=(
        CheckDef("visit_limits", "出访国家数与团组人数", "visit_limits", "block", actions=("approve",),
                 when=(("direction", ("出访",)), ("academic_exchange", ("否", ""))),
                 params=(("countries_field", "country_count"), ("transit_field", "transit_count"),
                         ("members_rows", "members"), ("count_field", "member_count"),
                         ("max_countries_rule", "exchange_visit.max_countries"),
                         ("max_members_rule", "exchange_visit.max_members"))),
        CheckDef("visit_days", "出访天数", "visit_duration", "block", actions=("approve",),
                 when=(("direction", ("出访",)), ("academic_exchange", ("否", ""))),
                 params=(("start", "visit_start"), ("end", "visit_end"), ("countries_field", "country_count"),
                         ("days_rules", ("exchange_visit.days_one_country", "exchange_visit.days_two_countries",
                                         "exchange_visit.days_three_countries")))),
        CheckDef("visit_dates", "访问日期起止", "date_order", params=(("start", "visit_start"), ("end", "visit_end"))),
    ),
    letters=("reply_approval",),
)

MODULE = Module(
    number=9, code="cooperation", name="国际与港澳台合作", name_en="International cooperation",
    case_types=(
        project_case_type("intl_project", "国际/港澳台合作项目", "国合", extra_fields=(
            F("partner_region", "合作地区类别", K.ENUM, choices=("国际", "香港", "澳门", "台湾")),
            F("partner_country", "合作国家/地区"),
            F("partner_org", "境外合作机构", K.PARTY, party_role="境外合作机构"),
            F("cooperation_kind", "合作方式", K.ENUM, choices=("联合研发", "技术引进", "人才交流", "共建平台", "其他")),
            F("agreement_signed", "已签订合作协议", K.BOOL),
        )),
        _EXPORT,
        _VISIT,
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"国际/港澳台合作项目": "International or Hong Kong, Macao and Taiwan cooperation project",
              "限制出口技术技术审查": "Technical review of restricted export technology",
              "出访/来访": "Outgoing or incoming visit"},
    "fields": {"合作地区类别": "Partner region type", "合作国家/地区": "Partner country or region",
               "境外合作机构": "Partner institution abroad", "合作方式": "Form of cooperation",
               "已签订合作协议": "Cooperation agreement signed", "目录编号": "Catalogue number",
               "出口经营者": "Exporter", "出口经营者统一社会信用代码": "Exporter USCC", "技术名称": "Technology",
               "控制要点": "Control points", "受让方": "Recipient", "受让国家/地区": "Recipient country or region",
               "合同号": "Contract number", "合同金额": "Contract amount", "币种": "Currency",
               "涉及国家秘密": "Involves state secrets", "保密审查结论": "Secrecy review conclusion",
               "技术审查结论": "Technical review conclusion", "技术审查意见": "Technical review opinion",
               "许可意向书编号": "Letter of intent number", "意向书签发日期": "Letter of intent issued on",
               "意向书有效期至": "Letter of intent valid until", "许可证编号": "Licence number", "团长": "Delegation head",
               "团组成员": "Delegation members", "职务/职称": "Position or title", "团内身份": "Role in the delegation",
               "国家/地区": "Country or region", "国家（地区）数": "Countries (regions)", "任务": "Purpose",
               "访问日期起": "Visit starts", "访问日期止": "Visit ends", "邀请/接待单位": "Inviting or host organisation",
               "经费预算": "Budget", "批件号": "Approval number", "总结报告报送日期": "Report submitted on",
               "商务主管部门决定": "Commerce department's decision",
               "团组人数": "Delegation size",
               "科研人员学术交流（国家数、人数、天数按实际需要）": "Researchers on academic exchange (countries, size and days as needed)",
               "经停国家（地区）数": "Transit countries (regions)"},
    "choices": {"国际": "International", "香港": "Hong Kong", "澳门": "Macao", "台湾": "Taiwan",
                "联合研发": "Joint R&D", "技术引进": "Technology import", "人才交流": "Talent exchange",
                "共建平台": "Joint platform", "CNY": "CNY", "USD": "USD", "EUR": "EUR", "JPY": "JPY", "HKD": "HKD",
                "GBP": "GBP", "同意出口": "Export approved", "不同意出口": "Export refused", "出访": "Outgoing visit",
                "来访": "Incoming visit",
                "不批准": "Not approved",
                "批准": "Approved"},
    "roles": {"境外合作机构": "Partner institution abroad", "出口经营者": "Exporter"},
    "states": {"技术审查": "Technical review", "保密审查": "Secrecy review", "审查意见": "Review opinion",
               "批准": "Approved", "不予批准": "Not approved", "结束": "Finished", "已报告": "Reported"},
    "actions": {"开始技术审查": "Start technical review", "退回申请": "Return the application",
                "送保密审查": "Send for secrecy review", "保密审查完毕": "Secrecy review done",
                "出具技术审查意见": "Issue technical review opinion",
                "登记意向书/许可证": "Record letter of intent or licence",
                "外事部门会签": "Countersigned by foreign affairs", "批准": "Approve", "不予批准": "Refuse approval",
                "执行出访/接待": "Carry out the visit", "返回/活动结束": "Returned or visit over",
                "办结（录入商务主管部门决定）": "Complete (record the commerce department's decision)"},
    "checks": {"禁止出口技术不得同意出口": "Prohibited technology may not be approved for export",
               "涉密技术须经保密审查": "Classified technology needs secrecy review",
               "意向书有效期": "Letter of intent validity", "出访天数": "Days abroad",
               "访问日期起止": "Visit start and end",
               "出访国家数与团组人数": "Countries per trip and delegation size"},
    "clocks": {"技术审查时限": "Technical review deadline", "出访报告报送期限": "Visit report deadline",
               "商务主管部门审批时限": "Commerce department's time limit"},
    "rules": {              "技术出口许可意向书有效期（不超过）": "Export licence letter of intent validity (at most)",
              "出访一国天数（不超过）": "Days for a visit to one country (at most)",
              "出访两国天数（不超过）": "Days for a visit to two countries (at most)",
              "出访三国及以上天数（不超过）": "Days for a visit to three or more countries (at most)",
              "回国后报送出访报告期限": "Visit report due after return",
              "团组人数（不超过）": "Delegation size (at most)",
              "技术审查时限（科技部门，含在商务部门时限内）": "Technical review time (within the commerce department's limit)",
              "每次出访国家（地区）数（含经停，不超过）": "Countries per trip, transits included (at most)",
              "限制出口技术许可审批时限（商务主管部门）": "Licensing time for restricted exports (commerce department)"},    "help": {
        "中办发〔2016〕50号《关于进一步完善中央财政科研项目资金管理等政策的若干意见》：高校、科研院所科研人员因公临时出国开展学术交流合作，出国批次数、团组人数、在外天数按实际需要安排（待核实）": "Zhongbanfa [2016] No. 50: researchers of universities and institutes travelling for academic exchange go as often, as many and as long as the work needs (to be verified)",
        "已列团组成员时按成员行数计": "Counted from the members listed, when they are",
    },

}
