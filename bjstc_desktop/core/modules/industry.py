"""4 成果转化与高新技术产业: HNTE recognition and its changes, enterprise R&D centres,
agricultural pilots, S&T SMEs, registration of S&T results, incubators and 众创空间."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import (
    GRADES,
    TECH_FIELDS,
    annual_report_rows,
    objection_rows,
    party,
)
from bjstc_desktop.core.projecttype import project_case_type
from bjstc_desktop.core.shapes import (
    APPROVER,
    START,
    STOP,
    T,
    approval,
    licensing,
    recognition,
    supervision,
)

F, K = FieldDef, FieldKind
_HNTE = "国科发火〔2016〕32号《高新技术企业认定管理办法》"
_GUIDE = "国科发火〔2016〕195号《高新技术企业认定管理工作指引》"
_SERVICE = "北京市高新技术企业认定办事指南"
_DECIDE = ("publicize", "approve")

_HNTE_SHAPE = licensing(
    clock="review", acceptance_clock="acceptance", publicity_clock="publicity", expert_review=True,
    expert_pauses=False, decide_label="认定", refuse_label="不予认定",
).adjusted("approve", required_fields=("certificate_no", "issued_on")).plus(
    T("cancel_qualification", "取消资格", ("已送达", "归档"), "取消资格", roles=APPROVER, opinion_required=True,
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


_SCORE_PARTS = (("score_ip", "hnte.score_ip_max"), ("score_conversion", "hnte.score_conversion_max"),
                ("score_rd_management", "hnte.score_rd_management_max"), ("score_growth", "hnte.score_growth_max"))


def _ratio_check(key: str, label: str, function: str, **params: str) -> CheckDef:
    return CheckDef(key, label, function, "block", actions=_DECIDE, require_data=True,
                    params=(("rows", "financials"), *params.items()))


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
        F("no_major_incident", "申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为", K.BOOL),
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
        RuleDef("hnte.min_registered_days", "注册成立时间（不少于，日历天数）", "365", "day",
                _HNTE + " 第十一条（一）“注册成立一年以上”；" + _GUIDE + "：须注册成立365个日历天数以上"),
        RuleDef("hnte.tech_staff_ratio", "科技人员占职工总数比例（不低于）", "0.10", "ratio", _HNTE + " 第十一条（四）"),
        RuleDef("hnte.rd_tier1_sales", "研发费用比例第一档销售收入上限", "5000", "万元", _HNTE + " 第十一条（五）1"),
        RuleDef("hnte.rd_tier1_ratio", "研发费用比例（销售收入5000万元以下）", "0.05", "ratio", _HNTE + " 第十一条（五）1"),
        RuleDef("hnte.rd_tier2_sales", "研发费用比例第二档销售收入上限", "20000", "万元", _HNTE + " 第十一条（五）2"),
        RuleDef("hnte.rd_tier2_ratio", "研发费用比例（5000万元至2亿元）", "0.04", "ratio", _HNTE + " 第十一条（五）2"),
        RuleDef("hnte.rd_tier3_ratio", "研发费用比例（2亿元以上）", "0.03", "ratio", _HNTE + " 第十一条（五）3"),
        RuleDef("hnte.domestic_rd_ratio", "境内研发费用占全部研发费用比例（不低于）", "0.60", "ratio", _HNTE + " 第十一条（五）"),
        RuleDef("hnte.hitech_income_ratio", "高新技术产品（服务）收入占总收入比例（不低于）", "0.60", "ratio", _HNTE + " 第十一条（六）"),
        RuleDef("hnte.min_innovation_score", "创新能力评价得分（不低于）", "71", "分", _HNTE + " 第十一条（七）；" + _GUIDE + "：70分以上"),
        RuleDef("hnte.score_ip_max", "知识产权得分满分", "30", "分", _GUIDE + " 企业创新能力评价"),
        RuleDef("hnte.score_conversion_max", "科技成果转化能力得分满分", "30", "分", _GUIDE + " 企业创新能力评价"),
        RuleDef("hnte.score_rd_management_max", "研究开发组织管理水平得分满分", "20", "分", _GUIDE + " 企业创新能力评价"),
        RuleDef("hnte.score_growth_max", "企业成长性得分满分", "20", "分", _GUIDE + " 企业创新能力评价"),
        RuleDef("hnte.min_experts", "评审专家人数（不少于）", "5", "人", _GUIDE),
        RuleDef("hnte.min_tech_expert_ratio", "技术专家比例（不低于）", "0.60", "ratio", _GUIDE),
        RuleDef("hnte.min_finance_experts", "财务专家人数（不少于）", "1", "人", _GUIDE),
        RuleDef("hnte.validity_years", "高企资格有效期", "3", "year", _HNTE + "：自颁发证书之日起有效期为三年"),
        RuleDef("hnte.annual_report_due", "年度发展情况报表报送截止（每年）", "05-31", "MM-DD", _HNTE + "：每年5月底前填报"),
        RuleDef("hnte.missed_reports_cancel", "累计未按期报送年报即取消资格的次数", "2", "次", _HNTE + "：累计两年未填报的取消资格"),
        RuleDef("hnte.renewal_reminder_days", "有效期届满（重新认定）提醒天数", "120", "day", "本机构工作要求（可配置）"),
    ),
    checks=(
        CheckDef("registered_one_year", "注册成立满一年（365日）", "min_days_since", "block", actions=_DECIDE,
                 require_data=True,
                 params=(("field", "registered_on"), ("reference", "applied_on"), ("days_rule", "hnte.min_registered_days"))),
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
                                            ("parts", _SCORE_PARTS))),
        CheckDef("score_caps", "各项得分不超过满分", "fields_within_max", "block", on_save=True, params=(("limits", _SCORE_PARTS),)),
        CheckDef("no_major_incident", "申请前一年内无重大安全、质量事故或严重环境违法行为", "must_not", "block",
                 actions=_DECIDE, params=(("condition", (("no_major_incident", ("否", "")),)),
                                          ("zh", "须确认申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为（第十一条（八））。"),
                                          ("en", "Condition (8) is not confirmed: no major safety or quality accident or "
                                                 "serious environmental violation in the year before applying."))),
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

_SME = "国科发政〔2022〕67号《科技型中小企业评价办法》（科技部 财政部 税务总局）"
_SME_SCORES = (("score_staff", "sme_evaluation.score_staff_max"), ("score_rd", "sme_evaluation.score_rd_max"),
               ("score_results", "sme_evaluation.score_results_max"))
_SME_SIZE = (("employees", "sme_evaluation.max_employees"), ("annual_sales", "sme_evaluation.max_sales"),
             ("total_assets", "sme_evaluation.max_assets"))
_BY_SCORE = (("direct_route", ("无", "")),)
_SME_SHAPE = recognition(
    first="填报", reviews=(("review", "评价审核", "审核"),), publicity_clock="publicity",
    decide=("list", "入库（赋予登记编号）", "已入库", {"required_fields": ("registration_no", "listed_on")}),
    refuse=("refuse", "不予入库", "不予入库"), decide_letters=("notice",),
) + supervision(
    start="已入库", report=("annual_update", "年度信息更新", "年度更新"), evaluate=("review_update", "更新审核", "更新审核"),
    outcome=("keep", "保留入库", "保留入库"), revoke=("remove", "移出（撤销登记编号）", "已移出"),
)

_RESULTS = "科技成果登记办法（国科发计字〔2000〕542号）"
_RESULTS_SHAPE = recognition(
    first="申请", reviews=(("check", "登记审核", "审核", {"clock": "registration", "clock_effect": START}),),
    decide=("register", "登记", "已登记", {"required_fields": ("registration_no", "registered_on"),
                                          "clock": "registration", "clock_effect": STOP}),
    refuse=("refuse", "不予登记", "不予登记"), decide_letters=("notice",), archive_decided=True,
).adjusted("refuse", clock="registration", clock_effect=STOP)

_INCUBATOR = "科技企业孵化器管理办法（国科发区〔2018〕300号）；众创空间备案与本市认定管理办法"
_INCUBATOR_SHAPE = recognition(
    first="申报", reviews=(("district_recommend", "区科技主管部门推荐", "推荐"), ("expert_review", "专家评审", "专家评审"),
                         ("site_visit", "实地考察", "实地考察")),
    publicity_clock="publicity", decide=("recognize", "认定", "认定"),
) + supervision(
    start="认定", report=("annual_report", "报送年度运行数据", "年报"), evaluate=("assess", "年度考核", "考核"),
    outcome=("pass_assessment", "考核合格", "考核合格"), revoke=("revoke", "取消认定", "取消认定"),
)

_HNTE_CHANGE_SHAPE = approval(
    "收件", approve=("approve", "审核通过", "通过"),
    refuse=("refuse", "不予通过", "不予通过"), letters=("notice",),
).plus(
    T("cancel_qualification", "复核不符合条件，取消资格", "审核", "取消资格", roles=APPROVER, opinion_required=True,
      letters=("notice",), when=(("matter", ("复核",)), ("review_result", ("不符合认定条件",))),
      clock="decision", clock_effect=STOP),
    T("archive", "归档", "取消资格", "归档"),
).adjusted("submit", clock="decision", clock_effect=START).adjusted("approve", clock="decision", clock_effect=STOP) \
 .adjusted("refuse", clock="decision", clock_effect=STOP)

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
        CaseType(
            code="sme_evaluation", name="科技型中小企业评价", short="科小",
            fields=(
                *party("enterprise", "企业", "申请企业", required=True),
                F("district", "所在区", K.DISTRICT),
                F("evaluation_year", "评价年度", K.INTEGER, unit="年"),
                F("registered_on", "注册日期", K.DATE),
                F("employees", "职工总数", K.INTEGER, unit="人"),
                F("tech_staff", "科技人员数", K.INTEGER, unit="人"),
                F("annual_sales", "年销售收入", K.MONEY, unit="万元"),
                F("total_assets", "资产总额", K.MONEY, unit="万元"),
                F("rd_expense", "研发费用总额", K.MONEY, unit="万元"),
                F("score_staff", "科技人员指标得分", K.INTEGER, unit="分", help="满分20，不得为0"),
                F("score_rd", "研发投入指标得分", K.INTEGER, unit="分", help="满分50"),
                F("score_results", "科技成果指标得分", K.INTEGER, unit="分", help="满分30"),
                F("total_score", "综合评价得分", K.INTEGER, unit="分"),
                F("direct_route", "直接确认情形", K.ENUM, choices=("无", "有效期内高新技术企业", "近五年获省级以上科技奖励",
                                                           "拥有省部级以上研发机构", "近五年主导制定国际、国家或行业标准")),
                F("not_restricted", "产品和服务不属于国家禁止、限制和淘汰类", K.BOOL),
                F("no_violation", "上一年及当年内无重大安全、质量事故和严重环境违法、科研严重失信行为，未列入经营异常名录", K.BOOL),
                F("registration_no", "入库登记编号"),
                F("listed_on", "入库日期", K.DATE),
                objection_rows(),
                annual_report_rows("annual_updates", "年度信息更新"),
                F("removal_reason", "移出原因", K.ENUM, choices=(
                    "企业申请", "提供虚假信息", "发生重大安全、质量事故或严重环境违法、科研严重失信行为",
                    "列入经营异常名录或严重违法失信名单", "未按期更新信息", "不再符合评价条件")),
            ),
            **_SME_SHAPE.spec,
            clocks=(ClockDef("publicity", "入库公示期", rule="sme_evaluation.publicity_workdays", kind="period"),),
            rules=(
                RuleDef("sme_evaluation.max_employees", "职工总数（不超过）", "500", "人", _SME + " 第六条（二）"),
                RuleDef("sme_evaluation.max_sales", "年销售收入（不超过）", "20000", "万元", _SME + " 第六条（二）"),
                RuleDef("sme_evaluation.max_assets", "资产总额（不超过）", "20000", "万元", _SME + " 第六条（二）"),
                RuleDef("sme_evaluation.min_score", "综合评价得分（不低于）", "60", "分", _SME + " 第六条（五）"),
                RuleDef("sme_evaluation.score_staff_max", "科技人员指标满分", "20", "分", _SME + " 附件 评价指标"),
                RuleDef("sme_evaluation.score_rd_max", "研发投入指标满分", "50", "分", _SME + " 附件 评价指标"),
                RuleDef("sme_evaluation.score_results_max", "科技成果指标满分", "30", "分", _SME + " 附件 评价指标"),
                RuleDef("sme_evaluation.min_staff_score", "科技人员指标得分（不得为0，不低于）", "1", "分", _SME + " 第六条（五）"),
                RuleDef("sme_evaluation.publicity_workdays", "入库公示期", "10", "workday", _SME + "（公示期待核实，可配置）"),
                RuleDef("sme_evaluation.update_due", "已入库企业年度信息更新截止（每年）", "03-31", "MM-DD",
                        _SME + "（截止日期待核实，可配置）"),
            ),
            checks=(
                CheckDef("size", "中小企业规模（职工、收入、资产）", "fields_within_max", "block", require_data=True,
                         actions=("publicize", "list"), params=(("limits", _SME_SIZE),)),
                CheckDef("score", "综合评价得分不低于60分", "hnte_innovation_score", "block", require_data=True,
                         actions=("publicize", "list"), when=_BY_SCORE,
                         params=(("total_field", "total_score"), ("min_rule", "sme_evaluation.min_score"),
                                 ("parts", _SME_SCORES))),
                CheckDef("staff_score", "科技人员指标得分不为0", "min_values", "block", require_data=True,
                         actions=("publicize", "list"), when=_BY_SCORE,
                         params=(("limits", (("score_staff", "sme_evaluation.min_staff_score"),)),)),
                CheckDef("not_restricted", "不属于禁止、限制和淘汰类", "must_not", "block", actions=("publicize", "list"),
                         params=(("condition", (("not_restricted", ("否", "")),)),
                                 ("zh", "须确认企业产品和服务不属于国家禁止、限制和淘汰类（第六条（三））。"),
                                 ("en", "Condition (3) is not confirmed."))),
                CheckDef("no_violation", "无重大事故、严重违法失信", "must_not", "block", actions=("publicize", "list"),
                         params=(("condition", (("no_violation", ("否", "")),)),
                                 ("zh", "须确认上一年及当年内无重大安全、质量事故和严重环境违法、科研严重失信行为（第六条（四））。"),
                                 ("en", "Condition (4) is not confirmed."))),
                CheckDef("staff_within_employees", "科技人员不超过职工总数", "not_above",
                         params=(("part", "tech_staff"), ("whole", "employees"))),
            ),
        ),
        CaseType(
            code="achievement_registration", name="科技成果登记", short="成果",
            fields=(
                F("achievement_name", "成果名称", required=True),
                *party("first_unit", "第一完成单位"),
                F("completers", "主要完成人", K.ROWS, columns=(
                    F("rank", "排名", K.INTEGER), F("name", "姓名"), F("id_number", "身份证号", K.ID_NUMBER),
                    F("workplace", "工作单位"))),
                F("achievement_type", "成果类型", K.ENUM, required=True, choices=("应用技术", "基础理论", "软科学")),
                F("evaluation_way", "评价方式", K.ENUM,
                  choices=("鉴定", "验收", "评估", "行业准入", "知识产权授权", "第三方评价", "其他")),
                F("evaluation_doc", "评价证明文件"),
                F("evaluated_on", "评价日期", K.DATE),
                F("tech_field", "技术领域", K.ENUM, choices=TECH_FIELDS),
                F("summary", "成果简介", K.LONG_TEXT),
                F("involves_secret", "涉及国家秘密", K.BOOL),
                F("registration_no", "登记号"),
                F("registered_on", "登记日期", K.DATE),
            ),
            **_RESULTS_SHAPE.spec,
            clocks=(ClockDef("registration", "登记办理时限", rule="achievement_registration.decision_workdays"),),
            rules=(
                RuleDef("achievement_registration.decision_workdays", "成果登记办理时限", "10", "workday",
                        _RESULTS + "（办理时限为本机构工作要求，可配置）"),
            ),
            checks=(
                CheckDef("not_secret", "涉密成果不在本系统登记", "must_not", "block", actions=("register",),
                         params=(("condition", (("involves_secret", ("是",)),)),
                                 ("zh", "涉及国家秘密的科技成果按国家科学技术保密规定登记，不在本工作站办理（第十一条）。"),
                                 ("en", "A classified result is registered under the secrecy rules, not here."))),
                CheckDef("evaluated_first", "先评价后登记", "date_order", "block", actions=("register",),
                         params=(("start", "evaluated_on"), ("end", "registered_on"))),
            ),
        ),
        CaseType(
            code="incubator", name="孵化器/众创空间认定与考核", short="孵化",
            fields=(
                *party("operator", "运营机构", required=True),
                F("carrier_kind", "载体类型", K.ENUM, required=True, choices=("科技企业孵化器", "众创空间")),
                F("carrier_name", "载体名称", required=True),
                F("district", "所在区", K.DISTRICT),
                F("operating_since", "开始运营日期", K.DATE),
                F("applied_on", "申报日期", K.DATE),
                F("floor_area", "孵化场地面积", K.INTEGER, unit="平方米"),
                F("incubatees", "在孵企业（团队）", K.INTEGER, unit="家"),
                F("graduates", "累计毕业企业", K.INTEGER, unit="家"),
                F("mentors", "创业导师", K.INTEGER, unit="人"),
                F("service_staff", "专业孵化服务人员", K.INTEGER, unit="人"),
                F("recognized_on", "认定日期", K.DATE),
                F("assessments", "年度考核", K.ROWS, columns=(
                    F("year", "年度", K.INTEGER, unit="年"), F("grade", "考核结果", K.ENUM, choices=GRADES))),
                objection_rows(),
            ),
            **_INCUBATOR_SHAPE.spec,
            clocks=(ClockDef("publicity", "认定公示期", rule="incubator.publicity_workdays", kind="period"),),
            rules=(
                RuleDef("incubator.min_operating_years", "运营时间（不少于）", "1", "year", _INCUBATOR + "：设立并运营满1年"),
                RuleDef("incubator.min_area", "孵化器孵化场地面积（不少于）", "3000", "平方米", _INCUBATOR + "（国家级标准；本市标准待核实）"),
                RuleDef("incubator.min_incubatees", "孵化器在孵企业（不少于）", "50", "家", _INCUBATOR + "（国家级标准；本市标准待核实）"),
                RuleDef("incubator.space_min_area", "众创空间服务场地面积（不少于）", "500", "平方米", _INCUBATOR + "（待核实，可配置）"),
                RuleDef("incubator.space_min_teams", "众创空间入驻团队和企业（不少于）", "20", "家", _INCUBATOR + "（待核实，可配置）"),
                RuleDef("incubator.min_mentors", "创业导师（不少于）", "5", "人", _INCUBATOR + "（待核实，可配置）"),
                RuleDef("incubator.publicity_workdays", "认定公示期", "5", "workday", _INCUBATOR + "（公示期待核实，可配置）"),
            ),
            checks=(
                CheckDef("operating_one_year", "运营满一年", "min_years_since", "block", require_data=True,
                         actions=("recognize",),
                         params=(("field", "operating_since"), ("reference", "applied_on"),
                                 ("years_rule", "incubator.min_operating_years"))),
                CheckDef("incubator_thresholds", "孵化器认定条件", "min_values", "block", require_data=True,
                         actions=("recognize",), when=(("carrier_kind", ("科技企业孵化器",)),),
                         params=(("limits", (("floor_area", "incubator.min_area"), ("incubatees", "incubator.min_incubatees"),
                                             ("mentors", "incubator.min_mentors"))),)),
                CheckDef("space_thresholds", "众创空间认定条件", "min_values", "block", require_data=True,
                         actions=("recognize",), when=(("carrier_kind", ("众创空间",)),),
                         params=(("limits", (("floor_area", "incubator.space_min_area"),
                                             ("incubatees", "incubator.space_min_teams"),
                                             ("mentors", "incubator.min_mentors"))),)),
            ),
        ),
        CaseType(
            code="hnte_change", name="高新技术企业更名/迁移/复核", short="高企变更",
            fields=(
                F("matter", "事项", K.ENUM, required=True, choices=("更名", "整体迁移", "复核")),
                *party("enterprise", "企业", "高新技术企业", required=True),
                F("certificate_no", "证书编号", K.HNTE_CERT, required=True),
                F("issued_on", "发证日期", K.DATE),
                F("valid_until", "有效期至", K.DATE),
                F("old_name", "原企业名称"),
                F("new_name", "新企业名称"),
                F("renamed_on", "名称变更登记日期", K.DATE),
                F("moved_from", "迁出地"),
                F("moved_to_district", "迁入区", K.DISTRICT),
                F("moved_on", "迁移完成日期", K.DATE),
                F("review_source", "提请复核来源", K.ENUM, choices=("日常管理", "举报", "税务部门提请", "其他部门提请")),
                F("review_findings", "复核发现的问题", K.LONG_TEXT),
                F("review_result", "复核结论", K.ENUM, choices=("符合认定条件", "不符合认定条件")),
                F("new_certificate_no", "重新核发的证书编号", K.HNTE_CERT),
            ),
            **_HNTE_CHANGE_SHAPE.spec,
            clocks=(ClockDef("decision", "办理时限", rule="hnte_change.decision_workdays"),),
            rules=(
                RuleDef("hnte_change.decision_workdays", "更名、迁移、复核办理时限", "20", "workday",
                        _GUIDE + "（办理时限待核实，可配置）"),
            ),
            checks=(
                CheckDef("rename_keeps_number", "更名后证书编号不变", "fields_equal", "block", actions=("approve",),
                         when=(("matter", ("更名",)),),
                         params=(("field", "new_certificate_no"), ("same_as", "certificate_no"))),
                CheckDef("rename_names", "更名须写明新旧名称", "required_when", "block", actions=("approve",),
                         when=(("matter", ("更名",)),), params=(("fields", ("old_name", "new_name", "renamed_on")),)),
                CheckDef("move_within_validity", "整体迁移在资格有效期内完成", "date_order", "block", actions=("approve",),
                         when=(("matter", ("整体迁移",)),), params=(("start", "moved_on"), ("end", "valid_until"))),
                CheckDef("review_concluded", "复核须有结论", "required_when", "block", actions=("approve",),
                         when=(("matter", ("复核",)),), params=(("fields", ("review_result", "review_findings")),)),
                CheckDef("review_upholds", "复核不符合条件的不能审核通过", "must_not", "block", actions=("approve",),
                         params=(("condition", (("matter", ("复核",)), ("review_result", ("不符合认定条件",)))),
                                 ("zh", "复核结论为不符合认定条件，应取消其高新技术企业资格。"),
                                 ("en", "The review found the conditions unmet: cancel the qualification."))),
            ),
        ),
    ),
)
