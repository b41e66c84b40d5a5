"""4 成果转化与高新技术产业: HNTE recognition, enterprise R&D centres, agricultural pilots."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    PanelDef,
    PanelQuota,
    RuleDef,
    ScoreItem,
)
from bjstc_desktop.core.fieldsets import TECH_FIELDS, annual_report_rows, objection_rows, party
from bjstc_desktop.core.projecttype import project_case_type
from bjstc_desktop.core.shapes import APPROVER, T, licensing, recognition, supervision

F, K = FieldDef, FieldKind
_HNTE = "国科发火〔2016〕32号《高新技术企业认定管理办法》"
_GUIDE = "国科发火〔2016〕195号《高新技术企业认定管理工作指引》"
_SERVICE = "北京市高新技术企业认定办事指南"
_DECIDE = ("publicize", "approve")

_HNTE_SHAPE = licensing(
    clock="review", acceptance_clock="acceptance", publicity_clock="publicity", expert_review=True,
    expert_pauses=False, decide_label="认定", refuse_label="不予认定",
).adjusted("approve", required_fields=("certificate_no", "issued_on")).plus(
    # Not from 归档: a filed case is read-only (DA/T 22); a cancellation after filing is a case of its own.
    T("cancel_qualification", "取消资格", "已送达", "取消资格", roles=APPROVER, opinion_required=True,
      letters=("notice",)),
)

_FINANCIALS = F("financials", "近三年财务数据", K.ROWS, help="每个会计年度一行", columns=(
    F("year", "会计年度", K.INTEGER, unit="年"),
    F("sales_revenue", "销售收入", K.MONEY, unit="万元"),
    F("rd_expense", "研发费用", K.MONEY, unit="万元"),
    F("domestic_rd_expense", "境内研发费用", K.MONEY, unit="万元"),
    F("total_income", "总收入", K.MONEY, unit="万元"),
    F("hitech_income", "高新技术产品（服务）收入", K.MONEY, unit="万元"),
    F("employees", "职工总数", K.INTEGER, unit="人"),
    F("tech_staff", "科技人员数", K.INTEGER, unit="人"),
))


def _ratio_check(key: str, label: str, function: str, **params: str) -> CheckDef:
    return CheckDef(key, label, function, "block", actions=_DECIDE, require_data=True,
                    params=(("rows", "financials"), *params.items()))


# The group scores the 创新能力 parts (知识产权 30, 成果转化 30, 研发组织管理 20, 成长性 20):
# each expert gives each part 0-100, weighted by its share of the 100 points.
_HNTE_PANEL = PanelDef(
    size_rule="hnte.min_experts",
    quotas=(PanelQuota("技术专家", share_rule="hnte.min_tech_expert_ratio"),
            PanelQuota("财务专家", min_rule="hnte.min_finance_experts")),
    method="weighted",
    categories=("技术专家", "财务专家"),  # the group the 工作指引 names: technical and financial experts
    items=(ScoreItem("ip", "知识产权", "hnte.weight_ip", "Intellectual property"),
           ScoreItem("conversion", "科技成果转化能力", "hnte.weight_conversion", "Commercialisation of results"),
           ScoreItem("rd_management", "研究开发组织管理水平", "hnte.weight_rd_management", "R&D organisation and management"),
           ScoreItem("growth", "企业成长性", "hnte.weight_growth", "Growth")),
)

_HNTE_TYPE = CaseType(
    code="hnte", name="高新技术企业认定", short="高企",
    fields=(
        *party("enterprise", "企业", "申请企业", required=True),
        F("registered_on", "注册日期", K.DATE),
        F("applied_on", "申请日期", K.DATE),
        F("district", "注册地区", K.DISTRICT),
        F("tech_field", "技术领域", K.ENUM, choices=TECH_FIELDS),
        F("batch", "批次"),
        F("recertification", "重新认定", K.BOOL),
        F("previous_cert", "原证书编号", K.HNTE_CERT),
        F("sales_revenue", "近一年销售收入", K.MONEY, unit="万元"),
        F("rd_expense", "近三年研发费用合计", K.MONEY, unit="万元"),
        _FINANCIALS,
        F("ip_list", "知识产权", K.ROWS, columns=(
            F("kind", "类型", K.ENUM, choices=("发明专利", "实用新型专利", "外观设计专利", "软件著作权",
                                             "集成电路布图设计专有权", "植物新品种", "其他")),
            F("number", "号"), F("name", "名称"), F("granted_on", "授权日", K.DATE),
            F("acquired", "获得方式", K.ENUM, choices=("自主研发", "受让", "受赠", "并购")),
        )),
        F("innovation_score", "创新能力评价得分", K.INTEGER, unit="分"),
        F("score_ip", "知识产权得分", K.INTEGER, unit="分", help="满分30"),
        F("score_conversion", "科技成果转化能力得分", K.INTEGER, unit="分", help="满分30"),
        F("score_rd_management", "研究开发组织管理水平得分", K.INTEGER, unit="分", help="满分20"),
        F("score_growth", "企业成长性得分", K.INTEGER, unit="分", help="满分20"),
        F("experts", "评审专家", K.ROWS, columns=(
            F("name", "姓名"), F("specialty", "专家类别", K.ENUM, choices=("技术专家", "财务专家")),
            F("score", "评分", K.INTEGER, unit="分"), F("opinion", "意见"))),
        F("audit_firm", "中介机构"),
        F("audit_report_no", "专项审计报告文号"),
        F("publicity_batch", "公示批次"),
        objection_rows(),
        F("certificate_no", "证书编号", K.HNTE_CERT),
        F("issued_on", "发证日期", K.DATE),
        F("valid_until", "有效期至", K.DATE),
        annual_report_rows(),
    ),
    **_HNTE_SHAPE.spec,
    clocks=(
        ClockDef("acceptance", "受理时限", rule="hnte.acceptance_workdays", starts_at_receipt=True),
        ClockDef("review", "评审时限", rule="hnte.review_workdays"),
        ClockDef("publicity", "公示期", rule="hnte.publicity_workdays", kind="period"),
    ),
    rules=(
        RuleDef("hnte.acceptance_workdays", "高企认定受理时限", "5", "workday", _SERVICE),
        RuleDef("hnte.review_workdays", "高企认定评审时限", "45", "workday", _SERVICE),
        RuleDef("hnte.publicity_workdays", "高企认定公示期", "10", "workday", _HNTE + " 认定程序"),
        RuleDef("hnte.min_registered_years", "注册成立时间（不少于）", "1", "year", _HNTE + " 第十一条（一）"),
        RuleDef("hnte.tech_staff_ratio", "科技人员占职工总数比例（不低于）", "0.10", "ratio", _HNTE + " 第十一条（四）"),
        RuleDef("hnte.rd_tier1_sales", "研发费用比例第一档销售收入上限", "5000", "万元", _HNTE + " 第十一条（五）1"),
        RuleDef("hnte.rd_tier1_ratio", "研发费用比例（销售收入5000万元以下）", "0.05", "ratio", _HNTE + " 第十一条（五）1"),
        RuleDef("hnte.rd_tier2_sales", "研发费用比例第二档销售收入上限", "20000", "万元", _HNTE + " 第十一条（五）2"),
        RuleDef("hnte.rd_tier2_ratio", "研发费用比例（5000万元至2亿元）", "0.04", "ratio", _HNTE + " 第十一条（五）2"),
        RuleDef("hnte.rd_tier3_ratio", "研发费用比例（2亿元以上）", "0.03", "ratio", _HNTE + " 第十一条（五）3"),
        RuleDef("hnte.domestic_rd_ratio", "境内研发费用占全部研发费用比例（不低于）", "0.60", "ratio", _HNTE + " 第十一条（五）"),
        RuleDef("hnte.hitech_income_ratio", "高新技术产品（服务）收入占总收入比例（不低于）", "0.60", "ratio", _HNTE + " 第十一条（六）"),
        RuleDef("hnte.min_innovation_score", "创新能力评价得分（不低于）", "71", "分", _HNTE + " 第十一条（七）；" + _GUIDE + "：70分以上"),
        RuleDef("hnte.min_experts", "评审专家人数（不少于）", "5", "人", _GUIDE),
        RuleDef("hnte.min_tech_expert_ratio", "技术专家比例（不低于）", "0.60", "ratio", _GUIDE),
        RuleDef("hnte.min_finance_experts", "财务专家人数（不少于）", "1", "人", _GUIDE),
        RuleDef("hnte.weight_ip", "专家评分权重：知识产权", "0.30", "ratio", _GUIDE + "：知识产权30分",
                label_en="Expert score weight: intellectual property"),
        RuleDef("hnte.weight_conversion", "专家评分权重：科技成果转化能力", "0.30", "ratio", _GUIDE + "：科技成果转化能力30分",
                label_en="Expert score weight: commercialisation"),
        RuleDef("hnte.weight_rd_management", "专家评分权重：研究开发组织管理水平", "0.20", "ratio",
                _GUIDE + "：研究开发组织管理水平20分", label_en="Expert score weight: R&D management"),
        RuleDef("hnte.weight_growth", "专家评分权重：企业成长性", "0.20", "ratio", _GUIDE + "：企业成长性20分",
                label_en="Expert score weight: growth"),
        RuleDef("hnte.validity_years", "高企资格有效期", "3", "year", _HNTE + "：自颁发证书之日起有效期为三年"),
        RuleDef("hnte.annual_report_due", "年度发展情况报表报送截止（每年）", "05-31", "MM-DD", _HNTE + "：每年5月底前填报"),
        RuleDef("hnte.missed_reports_cancel", "累计未按期报送年报即取消资格的次数", "2", "次", _HNTE + "：累计两年未填报的取消资格"),
        RuleDef("hnte.renewal_reminder_days", "有效期届满（重新认定）提醒天数", "120", "day", "本机构工作要求（可配置）"),
    ),
    panel=_HNTE_PANEL,
    checks=(
        CheckDef("registered_one_year", "注册成立满一年", "min_years_since", "block", actions=_DECIDE, require_data=True,
                 params=(("field", "registered_on"), ("reference", "applied_on"), ("years_rule", "hnte.min_registered_years"))),
        _ratio_check("tech_staff_ratio", "科技人员占比", "hnte_tech_staff_ratio", min_rule="hnte.tech_staff_ratio"),
        _ratio_check("rd_ratio", "研发费用占销售收入比例", "hnte_rd_ratio",
                     tier1_sales_rule="hnte.rd_tier1_sales", tier1_ratio_rule="hnte.rd_tier1_ratio",
                     tier2_sales_rule="hnte.rd_tier2_sales", tier2_ratio_rule="hnte.rd_tier2_ratio",
                     tier3_ratio_rule="hnte.rd_tier3_ratio"),
        _ratio_check("domestic_rd_ratio", "境内研发费用占比", "hnte_domestic_rd_ratio", min_rule="hnte.domestic_rd_ratio"),
        _ratio_check("hitech_income_ratio", "高新技术产品（服务）收入占比", "hnte_hitech_income_ratio",
                     min_rule="hnte.hitech_income_ratio"),
        CheckDef("innovation_score", "创新能力评价得分", "hnte_innovation_score", "block", actions=_DECIDE,
                 require_data=True, params=(("total_field", "innovation_score"), ("min_rule", "hnte.min_innovation_score"),
                                            ("part_fields", ("score_ip", "score_conversion", "score_rd_management", "score_growth")))),
        CheckDef("expert_panel", "专家组构成", "expert_panel", "block", actions=("publicize",),
                 params=(("min_rule", "hnte.min_experts"), ("tech_ratio_rule", "hnte.min_tech_expert_ratio"),
                         ("finance_rule", "hnte.min_finance_experts"))),
        CheckDef("validity", "有效期三年", "validity_within",
                 params=(("start", "issued_on"), ("end", "valid_until"), ("years_rule", "hnte.validity_years"))),
        CheckDef("annual_reports", "年度发展情况报表", "hnte_annual_reports",
                 params=(("validity_rule", "hnte.validity_years"), ("due_rule", "hnte.annual_report_due"),
                         ("cancel_rule", "hnte.missed_reports_cancel"))),
        CheckDef("renewal_reminder", "资格到期提醒", "expiry_reminder",
                 params=(("field", "valid_until"), ("days_rule", "hnte.renewal_reminder_days"))),
    ),
)

_RD_CENTER_SHAPE = recognition(
    first="申请", reviews=(("expert_review", "专家评审", "专家评审"),),
    decide=("recognize", "认定", "认定"), publicity_clock="publicity",
) + supervision(
    start="认定", report=("apply_review", "复核申请", "复核申请"), evaluate=("evaluate", "复核评审", "复核评审"),
    outcome=("pass_review", "复核通过", "复核通过"), revoke=("revoke", "撤销认定", "撤销"),
)

_RD_CENTER = CaseType(
    code="enterprise_rd_center", name="企业研发机构认定/复核", short="研发机构",
    fields=(
        *party("enterprise", "企业", "申请企业", required=True),
        F("application_kind", "申请类型", K.ENUM, required=True, choices=("认定", "复核")),
        F("center_name", "研发机构名称"),
        F("registered_on", "营业执照登记日期", K.DATE),
        F("applied_on", "申请日期", K.DATE),
        F("district", "所在区", K.DISTRICT),
        F("tech_field", "技术领域", K.ENUM, choices=TECH_FIELDS),
        F("staff", "职工总数", K.INTEGER, unit="人"),
        F("rd_staff", "研发人员数", K.INTEGER, unit="人"),
        F("audit_reports", "专项审计报告", K.ROWS, columns=(
            F("year", "年度", K.INTEGER, unit="年"), F("firm", "中介机构"), F("report_no", "报告文号"),
            F("rd_expense", "研发费用", K.MONEY, unit="万元"), F("sales", "销售收入", K.MONEY, unit="万元"))),
        F("parent_qualified", "母公司或控股子公司已获认定", K.BOOL),
        F("main_business_differs", "主营业务不同", K.BOOL),
        F("no_violation", "近两年无质量事故及知识产权侵权", K.BOOL),
        F("recognized_on", "认定日期", K.DATE),
        F("valid_until", "有效期至", K.DATE),
        F("doc_no", "认定文号", K.DOC_NO),
    ),
    **_RD_CENTER_SHAPE.spec,
    clocks=(ClockDef("publicity", "公示期", rule="enterprise_rd_center.publicity_workdays", kind="period"),),
    rules=(
        RuleDef("enterprise_rd_center.min_registered_years", "取得营业执照（不少于）", "1", "year",
                "京政发〔2013〕28号；京科发〔2014〕312号 北京市鼓励企业设立科技研究开发机构实施办法"),
        RuleDef("enterprise_rd_center.publicity_workdays", "认定公示期", "5", "workday", "京科发〔2014〕312号（待核实，可配置）"),
        RuleDef("enterprise_rd_center.validity_years", "认定有效期（复核周期）", "3", "year", "京科发〔2014〕312号（待核实，可配置）"),
    ),
    checks=(
        CheckDef("registered_one_year", "取得营业执照满一年", "min_years_since", "block", actions=("recognize",),
                 require_data=True, params=(("field", "registered_on"), ("reference", "applied_on"),
                                            ("years_rule", "enterprise_rd_center.min_registered_years"))),
        CheckDef("parent_exclusion", "母公司或控股子公司未重复认定", "must_not", "block", actions=("recognize",),
                 params=(("condition", (("parent_qualified", ("是",)), ("main_business_differs", ("否", "")))),
                         ("zh", "母公司或控股子公司已获认定且主营业务相同，不予认定。"),
                         ("en", "The parent or a controlled subsidiary already holds it for the same business."))),
        CheckDef("no_violation", "近两年无质量事故及知识产权侵权", "must_not", "block", actions=("recognize",),
                 params=(("condition", (("no_violation", ("否",)),)),
                         ("zh", "近两年有质量事故或知识产权侵权行为，不予认定。"), ("en", "A violation in the last two years."))),
        CheckDef("validity", "有效期", "validity_within",
                 params=(("start", "recognized_on"), ("end", "valid_until"), ("years_rule", "enterprise_rd_center.validity_years"))),
    ),
)

MODULE = Module(
    number=4, code="industry", name="成果转化与高新技术产业", name_en="Commercialisation and high-tech industry",
    case_types=(
        _HNTE_TYPE,
        _RD_CENTER,
        project_case_type("agri_pilot", "农业科技试点项目", "农试", extra_fields=(
            F("district", "试点所在区", K.DISTRICT),
            F("pilot_base", "试点基地/园区"),
            F("agri_field", "领域", K.ENUM, choices=("种业", "设施农业", "智慧农业", "农产品加工", "生态农业", "其他")),
            F("farmers_served", "带动农户数", K.INTEGER, unit="户"),
            F("demo_area", "示范面积", K.INTEGER, unit="亩"),
        )),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"高新技术企业认定": "High and New Technology Enterprise (HNTE) recognition",
              "企业研发机构认定/复核": "Enterprise R&D centre recognition and review",
              "农业科技试点项目": "Agricultural S&T pilot project"},
    "states": {"取消资格": "Qualification cancelled", "复核申请": "Review requested", "复核评审": "Review assessment"},
    "actions": {"取消资格": "Cancel qualification", "复核申请": "Request review", "复核评审": "Assess review",
                "撤销认定": "Revoke recognition"},
    "roles": {"申请企业": "Applicant enterprise"},
    "fields": {"企业统一社会信用代码": "Enterprise USCC", "注册日期": "Registration date", "注册地区": "Registered district",
               "批次": "Batch", "重新认定": "Re-recognition", "原证书编号": "Previous certificate number",
               "近一年销售收入": "Sales revenue, last year", "近三年研发费用合计": "R&D expenses, last three years",
               "近三年财务数据": "Financial data, last three years", "会计年度": "Fiscal year", "销售收入": "Sales revenue",
               "研发费用": "R&D expenses", "境内研发费用": "R&D expenses in China", "总收入": "Total revenue",
               "高新技术产品（服务）收入": "High-tech product (service) revenue", "职工总数": "Employees",
               "科技人员数": "S&T staff", "知识产权": "Intellectual property", "号": "Number", "授权日": "Date granted",
               "获得方式": "How obtained", "创新能力评价得分": "Innovation capability score",
               "知识产权得分": "Intellectual property score",
               "科技成果转化能力得分": "Score for commercialising S&T results",
               "研究开发组织管理水平得分": "Score for R&D organisation and management",
               "企业成长性得分": "Growth score", "专家类别": "Expert type", "意见": "Opinion",
               "中介机构": "Intermediary", "专项审计报告文号": "Special audit report number",
               "公示批次": "Public notice batch", "证书编号": "Certificate number", "发证日期": "Certificate date",
               "申请类型": "Application type", "研发机构名称": "R&D centre name",
               "营业执照登记日期": "Business licence date", "专项审计报告": "Special audit reports",
               "报告文号": "Report number", "母公司或控股子公司已获认定": "Parent or controlled subsidiary already recognised",
               "主营业务不同": "Different main business",
               "近两年无质量事故及知识产权侵权": "No quality accident or IP infringement in two years",
               "认定文号": "Recognition document number", "试点所在区": "Pilot district",
               "试点基地/园区": "Pilot base or park", "领域": "Field", "带动农户数": "Farming households reached",
               "示范面积": "Demonstration area"},
    "help": {"每个会计年度一行": "One row per fiscal year", "满分30": "Out of 30", "满分20": "Out of 20"},
    "choices": {"发明专利": "Invention patent", "实用新型专利": "Utility model patent", "外观设计专利": "Design patent",
                "集成电路布图设计专有权": "Integrated circuit layout design right", "自主研发": "Own R&D",
                "受让": "Transferred", "受赠": "Donated", "并购": "Acquired", "技术专家": "Technical expert",
                "财务专家": "Financial expert", "认定": "Recognition", "复核": "Review", "种业": "Seed industry",
                "设施农业": "Protected agriculture", "智慧农业": "Smart agriculture",
                "农产品加工": "Agricultural product processing", "生态农业": "Ecological agriculture"},
    "checks": {"注册成立满一年": "Registered at least one year", "科技人员占比": "Share of S&T staff",
               "研发费用占销售收入比例": "R&D expenses as a share of sales",
               "境内研发费用占比": "Share of R&D expenses in China",
               "高新技术产品（服务）收入占比": "Share of high-tech product (service) revenue",
               "创新能力评价得分": "Innovation capability score", "专家组构成": "Expert panel composition",
               "有效期三年": "Valid for three years", "年度发展情况报表": "Annual development report",
               "取得营业执照满一年": "Business licence held at least one year",
               "母公司或控股子公司未重复认定": "Parent or subsidiary not recognised twice",
               "近两年无质量事故及知识产权侵权": "No quality accident or IP infringement in two years",
               "有效期": "Validity"},
    "clocks": {"受理时限": "Acceptance deadline", "评审时限": "Review deadline", "公示期": "Public notice period"},
    "rules": {"高企认定受理时限": "HNTE recognition: acceptance deadline",
              "高企认定评审时限": "HNTE recognition: review deadline",
              "高企认定公示期": "HNTE recognition: public notice period",
              "注册成立时间（不少于）": "Time since registration (at least)",
              "科技人员占职工总数比例（不低于）": "S&T staff as a share of employees (at least)",
              "研发费用比例第一档销售收入上限": "R&D share: sales limit of the first tier",
              "研发费用比例（销售收入5000万元以下）": "R&D share (sales up to 50 million yuan)",
              "研发费用比例第二档销售收入上限": "R&D share: sales limit of the second tier",
              "研发费用比例（5000万元至2亿元）": "R&D share (sales 50 to 200 million yuan)",
              "研发费用比例（2亿元以上）": "R&D share (sales above 200 million yuan)",
              "境内研发费用占全部研发费用比例（不低于）": "R&D expenses in China as a share of all R&D (at least)",
              "高新技术产品（服务）收入占总收入比例（不低于）": "High-tech product (service) revenue as a share of total (at least)",
              "创新能力评价得分（不低于）": "Innovation capability score (at least)",
              "评审专家人数（不少于）": "Review experts (at least)",
              "技术专家比例（不低于）": "Share of technical experts (at least)",
              "财务专家人数（不少于）": "Financial experts (at least)",
              "高企资格有效期": "HNTE qualification validity",
              "年度发展情况报表报送截止（每年）": "Annual development report due (each year)",
              "累计未按期报送年报即取消资格的次数": "Missed annual reports that cancel the qualification",
              "有效期届满（重新认定）提醒天数": "Days of warning before validity ends (re-recognition)",
              "取得营业执照（不少于）": "Business licence held (at least)",
              "认定有效期（复核周期）": "Recognition validity (review cycle)"},
}
