"""7 技术市场、奖励、保密与科普: technology contracts, awards, secrecy, popularisation,
intermediaries."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.checklib.thresholds import ID_KINDS
from bjstc_desktop.core.fieldsets import (
    SECRECY_LEVELS,
    annual_report_rows,
    objection_rows,
    party,
    period,
)
from bjstc_desktop.core.shapes import (
    APPROVER,
    EXTEND,
    PAUSE,
    RESUME,
    START,
    STOP,
    T,
    chain,
    licensing,
    recognition,
    supervision,
)

F, K = FieldDef, FieldKind
_DECISION = {"roles": APPROVER, "opinion_required": True}
_NATURES = ("机关法人", "事业法人（科研机构）", "事业法人（高等院校）", "事业法人（其他）", "国有企业", "集体企业",
            "有限责任公司", "股份有限公司", "私营企业", "中外合资经营企业", "中外合作经营企业", "外商独资企业",
            "社会团体", "自然人", "其他", "境外企业/机构")
_CONTRACT_TYPES = ("技术开发", "技术转让", "技术许可", "技术咨询", "技术服务")
_SUBTYPES = ("委托开发", "合作开发", "专利权转让", "专利申请权转让", "技术秘密转让", "其他转让", "专利实施许可",
             "技术秘密使用许可", "其他许可", "技术咨询", "技术服务", "技术培训", "技术中介")
_TC_BASIS = "北京市技术合同认定登记管理办法 第15条"
_AWARD_BASIS = "北京市科学技术奖励办法（市政府令第319号）及实施细则"
_SECRECY_BASIS = "保守国家秘密法；国家秘密定密管理暂行规定：除另有规定外，绝密不超过30年，机密不超过20年，秘密不超过10年"


def _party_detail(prefix: str, label: str) -> tuple[FieldDef, ...]:
    """国别代码, 行政区划, 性质 of a contract party (登记表 coding), and the identifier its
    nature calls for when it has no USCC (自然人: 身份证号 or 护照; 境外: 登记注册号)."""
    return (F(f"{prefix}_country", f"{label}国别代码", help="海关三位数字国别代码"),
            F(f"{prefix}_district", f"{label}行政区划", K.DISTRICT),
            F(f"{prefix}_nature", f"{label}性质", K.ENUM, choices=_NATURES),
            F(f"{prefix}_id_kind", f"{label}证件类型", K.ENUM, choices=ID_KINDS, help="按性质：境内单位为统一社会信用代码"),
            F(f"{prefix}_id_number", f"{label}公民身份号码", K.ID_NUMBER),
            F(f"{prefix}_passport", f"{label}护照号码"),
            F(f"{prefix}_foreign_reg", f"{label}境外登记注册号"))


def _identity_check(prefix: str, label: str, actions: tuple[str, ...]) -> CheckDef:
    return CheckDef(f"{prefix}_identity", f"{label}证件与其性质相符", "party_identity", "block", actions=actions,
                    params=(("nature_field", f"{prefix}_nature"), ("kind_field", f"{prefix}_id_kind"),
                            ("country_field", f"{prefix}_country"), ("domestic_rule", "tech_contract.domestic_countries"),
                            ("by_kind", (("统一社会信用代码", f"{prefix}_uscc"), ("公民身份号码", f"{prefix}_id_number"),
                                         ("护照号码", f"{prefix}_passport"), ("境外登记注册号", f"{prefix}_foreign_reg")))))


_TECH_CONTRACT = CaseType(
    code="tech_contract", name="技术合同认定登记", short="技合",
    fields=(
        F("contract_no", "登记编号", K.CONTRACT_NO),
        F("project_name", "项目名称"),
        F("contract_type", "合同类型", K.ENUM, required=True, choices=_CONTRACT_TYPES),
        F("contract_subtype", "合同子类型", K.ENUM, choices=_SUBTYPES),
        F("seller", "卖方", K.PARTY, required=True, party_role="卖方"),
        F("seller_uscc", "卖方统一社会信用代码", K.USCC, help="自然人和境外卖方没有统一社会信用代码，按性质填写证件"),
        *_party_detail("seller", "卖方"),
        F("buyer", "买方", K.PARTY, party_role="买方"),
        F("buyer_uscc", "买方统一社会信用代码", K.USCC),
        *_party_detail("buyer", "买方"),
        F("contract_amount", "成交额", K.MONEY, required=True, unit="元"),
        F("tech_amount", "技术交易额", K.MONEY, required=True, unit="元"),
        F("signed_on", "签订日期", K.DATE),
        *period("valid", "合同有效期"),
        F("tech_field", "技术领域", K.ENUM, choices=("电子信息", "先进制造", "航空航天", "现代交通", "农业",
                                                 "新材料及其应用", "新能源与高效节能", "环境保护与资源综合利用",
                                                 "生物、医药和医疗器械", "城市建设与社会发展", "核应用")),
        F("ip_type", "知识产权类别", K.ENUM, choices=("专利", "技术秘密", "计算机软件著作权", "集成电路布图设计",
                                                 "植物新品种", "生物医药新品种", "未涉及知识产权")),
        F("gov_plan", "政府科技计划项目", K.BOOL),
        F("expected_investment", "预计新增投入", K.MONEY, unit="元"),
        F("expected_output", "预计新增产值", K.MONEY, unit="元"),
        F("register_point", "登记点"),
        F("registrar", "登记员"),
        F("registered_on", "登记日期", K.DATE),
        F("income_verifications", "技术性收入核定", K.ROWS, columns=(
            F("year", "年度", K.INTEGER, unit="年"), F("verified_amount", "核定技术性收入", K.MONEY, unit="元"),
            F("reward_amount", "奖酬金", K.MONEY, unit="元"))),
    ),
    states=("受理", "审核认定", "延期", "补正中", "予以登记", "不予登记", "收入核定", "归档"),
    transitions=(
        T("review", "审核认定", "受理", "审核认定", clock="decision", clock_effect=START),
        T("request_supplement", "补正通知", ("审核认定", "延期"), "补正中", opinion_required=True,
          letters=("supplement_notice",), clock="decision", clock_effect=PAUSE),
        T("supplement_received", "补正材料已收", "补正中", "审核认定", clock="decision", clock_effect=RESUME),
        T("extend", "延期", "审核认定", "延期", **_DECISION, clock="decision", clock_effect=EXTEND,
          letters=("extension_notice",)),
        T("register", "予以登记", ("审核认定", "延期"), "予以登记", required_fields=("contract_no", "registered_on"),
          clock="decision", clock_effect=STOP, letters=("tech_contract_certificate",)),
        T("refuse", "不予登记", ("审核认定", "延期"), "不予登记", opinion_required=True,
          clock="decision", clock_effect=STOP, letters=("notice",)),  # 未予登记, with the reasons
        T("verify_income", "技术性收入核定", "予以登记", "收入核定", required_fields=("income_verifications",)),
        T("archive", "归档", ("予以登记", "不予登记", "收入核定"), "归档"),
    ),
    clocks=(ClockDef("decision", "认定登记时限", rule="tech_contract.decision_days", unit="day",
                     extend_to="tech_contract.max_days"),),
    rules=(
        RuleDef("tech_contract.decision_days", "技术合同认定登记时限", "7", "day", _TC_BASIS),
        RuleDef("tech_contract.max_days", "技术合同认定登记延长后时限", "30", "day", _TC_BASIS),
        RuleDef("tech_contract.domestic_countries", "表示中国的国别代码", "142,156", "list",
                "技术合同登记表填写说明：国别代码按海关国别（地区）代码（中国 142）；ISO 3166-1 数字代码 156 同样接受（可配置）"),
    ),
    checks=(
        CheckDef("tech_amount_within_contract", "技术交易额不超过成交额", "not_above", "block", on_save=True,
                 params=(("part", "tech_amount"), ("whole", "contract_amount"))),
        CheckDef("transfer_projection", "转让/许可合同须填预计新增投入与产值", "required_when", "block",
                 actions=("register",), when=(("contract_type", ("技术转让", "技术许可")),),
                 params=(("fields", ("expected_investment", "expected_output")),)),
        CheckDef("validity_order", "合同有效期起止", "date_order", params=(("start", "valid_start"), ("end", "valid_end"))),
        CheckDef("signed_not_future", "签订日期不晚于今天", "not_future", params=(("field", "signed_on"),)),
        _identity_check("seller", "卖方", ("register",)),
        CheckDef("registered_within_validity", "登记日期在合同有效期内", "date_within",
                 params=(("field", "registered_on"), ("start", "valid_start"), ("end", "valid_end"))),
    ),
    letters=("tech_contract_certificate",),
)

_PERSON_AWARDS = ("突出贡献中关村奖", "杰出青年中关村奖", "国际合作中关村奖")
_AWARD_CATEGORIES = ("突出贡献中关村奖", "杰出青年中关村奖", "国际合作中关村奖", "自然科学奖", "技术发明奖", "科学技术进步奖")
_AWARD = CaseType(
    code="award_nomination", name="北京市科学技术奖提名", short="科奖",
    fields=(
        F("award_category", "奖项类别", K.ENUM, required=True, choices=_AWARD_CATEGORIES),
        F("award_level", "建议等级", K.ENUM, choices=("一等奖", "二等奖", "不分等级", "特等奖")),
        F("award_year", "评审年度", K.INTEGER, unit="年"),
        F("project_name", "项目名称/被提名人"),
        F("nominator", "提名者"),
        F("nominator_kind", "提名方式", K.ENUM, choices=("单位提名", "专家提名")),
        F("nominated_on", "提名日期", K.DATE),
        F("science_field", "所属科学技术领域"),
        F("industry", "所属国民经济行业"),
        F("task_source", "任务来源"),
        F("applied_since", "应用起始日期", K.DATE),
        F("summary", "项目简介", K.LONG_TEXT, help="不超过800字，可公开"),
        F("innovations", "主要创新点", K.LONG_TEXT),
        F("completers", "主要完成人", K.ROWS, columns=(
            F("rank", "排名", K.INTEGER), F("name", "姓名"), F("id_number", "身份证号", K.ID_NUMBER),
            F("workplace", "工作单位"), F("contribution", "主要贡献"))),
        F("completing_units", "主要完成单位", K.ROWS, columns=(
            F("rank", "排名", K.INTEGER), F("name", "单位名称"), F("uscc", "统一社会信用代码", K.USCC),
            F("district", "所在区", K.DISTRICT), F("nature", "单位性质"))),
        F("economic_benefits", "经济效益", K.ROWS, columns=(
            F("year", "年度", K.INTEGER, unit="年"), F("new_sales", "新增销售收入", K.MONEY, unit="万元"),
            F("new_profit", "新增利润", K.MONEY, unit="万元"), F("new_tax", "新增税收", K.MONEY, unit="万元"))),
        F("prior_awards", "曾获科技奖励", K.ROWS, columns=(
            F("name", "奖项名称"), F("year", "年度", K.INTEGER), F("level", "等级"), F("body", "授奖部门"))),
        F("secrecy_declared", "已作保密审查声明", K.BOOL, help="提名材料不得涉及国家科学技术秘密"),
        F("age_reference_date", "年龄计算基准日", K.DATE, help="不填时按规则表的基准日计算"),
        objection_rows(),
        F("result_level", "授奖等级", K.ENUM, choices=("一等奖", "二等奖", "不分等级", "特等奖")),
    ),
    **recognition(
        first="提名", reviews=(("preliminary_review", "专业评审组初评", "初评"),),
        publicity_clock="publicity",
        after_publicity=(("committee_review", "评审委员会评审", "评审"), ("final_approval", "奖励委员会审定", "审定")),
        decide=("award", "授奖", "授奖", {"required_fields": ("result_level",)}),
        refuse=("reject", "未获奖", "未获奖"), decide_letters=("notice",), archive_decided=True,
    ).spec,
    clocks=(ClockDef("publicity", "初审结果公示期", rule="award_nomination.publicity_workdays", kind="period"),),
    rules=(
        RuleDef("award_nomination.publicity_workdays", "初审结果公示期", "15", "workday", _AWARD_BASIS + "：公示15个工作日"),
        RuleDef("award_nomination.youth_max_age", "杰出青年中关村奖年龄上限（周岁）", "40", "岁", _AWARD_BASIS),
        RuleDef("award_nomination.youth_reference_day", "年龄计算基准日（评审年度的月-日）", "01-01", "MM-DD",
                _AWARD_BASIS + "（基准日待核实，可配置）"),
        RuleDef("award_nomination.min_application_years", "成果应用时间（不少于）", "1", "year", _AWARD_BASIS),
    ),
    checks=(
        CheckDef("youth_age", "杰出青年中关村奖年龄不超过40周岁", "max_age", "block", require_data=True,
                 actions=("preliminary_review", "publicize", "award"), when=(("award_category", ("杰出青年中关村奖",)),),
                 params=(("rows", "completers"), ("id_column", "id_number"), ("max_rule", "award_nomination.youth_max_age"),
                         ("date_field", "age_reference_date"), ("year_field", "award_year"),
                         ("ref_day_rule", "award_nomination.youth_reference_day"))),
        CheckDef("applied_one_year", "成果应用满一年", "min_years_since", "block", require_data=True,
                 actions=("preliminary_review",), when=(("award_category", ("技术发明奖", "科学技术进步奖")),),
                 params=(("field", "applied_since"), ("reference", "nominated_on"),
                         ("years_rule", "award_nomination.min_application_years"))),
        CheckDef("person_award_no_level", "人物奖不分等级", "must_not", "block", actions=("award",),
                 params=(("condition", (("award_category", _PERSON_AWARDS), ("result_level", ("特等奖", "一等奖", "二等奖")))),
                         ("zh", "突出贡献、杰出青年、国际合作中关村奖不分等级。"),
                         ("en", "The Zhongguancun person awards have no level."))),
        CheckDef("secrecy_declaration", "保密审查声明", "must_not", "block", actions=("preliminary_review",),
                 params=(("condition", (("secrecy_declared", ("否", "")),)),
                         ("zh", "提名材料须作保密审查声明（不得涉及国家科学技术秘密）。"),
                         ("en", "The nomination needs its secrecy declaration."))),
    ),
)

_SECRECY_SHAPE = chain(
    "拟定",
    ("submit", "提交审核", "审核"),
    ("decide", "定密审批", "已定密", {**_DECISION, "letters": ("notice",),
                                  "required_fields": ("secrecy_level", "basis", "responsible", "knowers", "determined_on")}),
    ("file", "备案", "已备案", {"required_fields": ("filing_no",)}),
).plus(
    T("return_for_revision", "退回修改", "审核", "拟定", **_DECISION),
    T("report_up", "报有权机关定密", "审核", "报请定密", opinion_required=True, letters=("letter",)),
    T("authority_decided", "有权机关已定密", "报请定密", "已定密", required_fields=("secrecy_level", "authority")),
    T("change", "变更密级/期限/知悉范围", "已备案", "已备案", **_DECISION, letters=("notice",), required_fields=("changes",)),
    T("review_expiry", "到期审查", "已备案", "到期审查"),
    T("extend_period", "延长保密期限", "到期审查", "已备案", **_DECISION, letters=("notice",)),
    T("declassify", "解密", ("已备案", "到期审查"), "已解密", **_DECISION, letters=("notice",),
      required_fields=("declassified_on",)),
    T("archive", "归档", "已解密", "归档"),
)
_SECRECY_PARAMS = (("level_field", "secrecy_level"), ("value_field", "period_value"), ("unit_field", "period_unit"),
                   ("condition_field", "declass_condition"), ("secret_rule", "secrecy_determination.max_years_secret"),
                   ("confidential_rule", "secrecy_determination.max_years_confidential"),
                   ("top_rule", "secrecy_determination.max_years_top"))
_SECRECY = CaseType(
    code="secrecy_determination", name="科技成果定密/变更/解密", short="定密",
    fields=(
        F("action_kind", "事项", K.ENUM, required=True, choices=("确定", "变更", "解除", "延期")),
        F("object_kind", "定密对象", K.ENUM, choices=("科技项目", "科技成果", "文件资料", "其他")),
        F("object_name", "对象名称", required=True),
        F("object_ref", "项目编号/成果登记号"),
        F("secrecy_level", "密级", K.ENUM, choices=SECRECY_LEVELS, help="本工作站只登记元数据，不处理涉密内容"),
        F("period_value", "保密期限", K.INTEGER),
        F("period_unit", "期限单位", K.ENUM, choices=("年", "月")),
        F("declass_condition", "解密条件"),
        F("determined_on", "定密日期", K.DATE),
        F("basis", "定密依据", help="保密事项范围的条目"),
        F("responsible", "定密责任人", required=True),
        F("authority", "定密机关"),
        F("knowers", "知悉范围", K.LONG_TEXT),
        F("changes", "变更记录", K.ROWS, columns=(
            F("changed_on", "变更日期", K.DATE), F("from_level", "原密级", K.ENUM, choices=SECRECY_LEVELS),
            F("to_level", "新密级", K.ENUM, choices=SECRECY_LEVELS), F("from_period", "原期限"), F("to_period", "新期限"),
            F("decision_no", "决定文号"))),
        F("filing_no", "备案号"),
        F("filed_on", "备案日期", K.DATE),
        F("declassified_on", "解密日期", K.DATE),
        F("declass_method", "解密方式", K.ENUM, choices=("到期自动解密", "提前解密")),
    ),
    **_SECRECY_SHAPE.spec,
    rules=(
        RuleDef("secrecy_determination.max_years_secret", "秘密级保密期限上限", "10", "year", _SECRECY_BASIS),
        RuleDef("secrecy_determination.max_years_confidential", "机密级保密期限上限", "20", "year", _SECRECY_BASIS),
        RuleDef("secrecy_determination.max_years_top", "绝密级保密期限上限", "30", "year", _SECRECY_BASIS),
        RuleDef("secrecy_determination.expiry_reminder_days", "保密期限届满提醒天数", "90", "day",
                "科学技术保密规定：对到期事项进行审核（提醒天数可配置）"),
    ),
    checks=(
        CheckDef("secrecy_period", "保密期限不超过法定上限", "secrecy_period", "block", require_data=True,
                 actions=("decide", "authority_decided", "change", "extend_period"), params=_SECRECY_PARAMS),
        CheckDef("secrecy_expiry", "保密期限届满提醒", "secrecy_expiry",
                 params=(*_SECRECY_PARAMS, ("start_field", "determined_on"),
                         ("days_rule", "secrecy_determination.expiry_reminder_days"))),
    ),
)

_EVENT = CaseType(
    code="popularization_event", name="科技周/科普活动", short="科普",
    fields=(
        F("event_kind", "活动类型", K.ENUM, required=True, choices=("北京科技周", "全国科普月", "全国科普日", "其他科普活动")),
        F("event_year", "年度", K.INTEGER, unit="年"),
        F("theme", "主题"),
        *period("event", "活动日期"),
        F("main_venue", "主场地点"),
        F("organisers", "主办/承办单位"),
        F("sub_events", "分会场活动", K.ROWS, columns=(
            F("district", "区", K.DISTRICT), F("organiser", "承办单位"), F("venue", "地点"),
            F("start_on", "开始日期", K.DATE), F("end_on", "结束日期", K.DATE), F("visitors", "参与人次", K.INTEGER))),
        F("exhibits", "展项", K.ROWS, columns=(F("name", "名称"), F("exhibitor", "参展单位"), F("category", "类别"))),
        F("budget", "经费", K.MONEY, unit="万元"),
        F("total_visitors", "参与总人次", K.INTEGER, unit="人次"),
    ),
    **chain(
        "策划",
        ("submit_plan", "报送活动方案", "方案审核"),
        ("approve_plan", "批准方案", "筹备", {**_DECISION, "required_fields": ("event_start", "event_end"),
                                         "letters": ("notice",)}),
        ("open_event", "活动开幕", "举办"),
        ("finish", "活动结束", "总结", {"clock": "summary", "clock_effect": START}),
        ("submit_summary", "报送总结报告", "已总结", {"required_fields": ("total_visitors",),
                                               "clock": "summary", "clock_effect": STOP}),
        ("archive", "归档", "归档"),
    ).plus(
        T("return_for_revision", "退回修改", "方案审核", "策划", **_DECISION),
        T("cancel", "取消活动", ("策划", "方案审核", "筹备"), "取消", **_DECISION, letters=("notice",)),
    ).spec,
    clocks=(ClockDef("summary", "总结报告报送期限", rule="popularization_event.summary_days", unit="day"),),
    rules=(RuleDef("popularization_event.summary_days", "活动结束后报送总结报告期限", "30", "day", "本机构工作要求（可配置）"),),
    checks=(
        CheckDef("event_dates", "活动起止", "date_order", "block", actions=("approve_plan",),
                 params=(("start", "event_start"), ("end", "event_end"))),
        CheckDef("sub_events_within", "分会场活动在活动期间内", "rows_within_period",
                 params=(("rows", "sub_events"), ("row_start", "start_on"), ("row_end", "end_on"),
                         ("start", "event_start"), ("end", "event_end"))),
        CheckDef("districts_covered", "科技周“16+1”分会场全覆盖", "district_coverage", when=(("event_kind", ("北京科技周",)),),
                 params=(("rows", "sub_events"), ("with_bda", True))),
        CheckDef("visitors_total", "分会场人次合计等于总人次", "rows_sum_equals",
                 params=(("rows", "sub_events"), ("column", "visitors"), ("total", "total_visitors"))),
    ),
)

_BASE_BASIS = ("北京市科普基地管理办法（现行申报条件：三类基地、线上科普服务载体；"
               "原京科发〔2014〕189号 北京市科普基地命名暂行办法是否仍有效待核实）")
_UNVERIFIED = "（数值待核实，可配置）"
_CENTER, _VENUE = "科技馆", "专业场馆（博物馆、天文台、植物园等）"
_PLATFORM = "其他单位设立的科技场馆及科技创新平台（公园、医疗机构、企事业单位场馆，重点实验室、工程中心等）"
_BASE = CaseType(
    code="popularization_base", name="科普基地认定", short="科普基地",
    fields=(
        F("base_name", "基地名称", required=True),
        *party("operator", "依托单位"),
        F("base_class", "基地类别", K.ENUM, required=True, choices=("科技场馆类", "科普研发类", "科技传播类")),
        F("venue_type", "场馆类型", K.ENUM, choices=(_CENTER, _VENUE, "其他", _PLATFORM)),
        F("display_area", "室内展示面积", K.INTEGER, unit="平方米"),
        F("annual_visitors", "年接待观众", K.INTEGER, unit="人次"),
        F("open_days", "年开放天数", K.INTEGER, unit="天"),
        F("student_free_days", "对中小学生免费或优惠开放天数", K.INTEGER, unit="天"),
        F("rd_staff", "专职科普研发人员", K.INTEGER, unit="人"),
        F("rd_investment", "年度科普研发投入", K.MONEY, unit="万元"),
        F("rd_products", "近三年研发的科普作品（展品、图书、影视、课程等）", K.INTEGER, unit="件"),
        F("media_channels", "常设科普栏目/节目/平台", K.INTEGER, unit="个"),
        F("annual_pieces", "年发布科普作品", K.INTEGER, unit="件"),
        F("annual_reach", "年受众", K.INTEGER, unit="人次"),
        F("district", "所在区", K.DISTRICT),
        F("recommender", "推荐单位"),
        F("recognized_on", "命名日期", K.DATE),
        annual_report_rows(),
    ),
    **(recognition(
        first="申报", reviews=(("recommend", "推荐单位推荐", "推荐"), ("expert_review", "专家评审", "专家评审"),
                             ("site_visit", "实地考察", "实地考察")),
        publicity_clock="publicity", decide=("recognize", "命名", "命名"), refuse=("refuse", "不予命名", "不予命名"),
    ) + supervision(start="命名", report=("annual_report", "年度报告", "年报"), evaluate=("evaluate", "复核评估", "复核"),
                    outcome=("pass_review", "复核通过", "复核通过"), revoke=("revoke", "撤销命名", "撤销"))).spec,
    clocks=(ClockDef("publicity", "命名公示期", rule="popularization_base.publicity_workdays", kind="period"),),
    rules=(
        RuleDef("popularization_base.publicity_workdays", "命名公示期", "5", "workday", _BASE_BASIS + "（待核实，可配置）"),
        RuleDef("popularization_base.center_min_area", "科技馆室内展示面积（不少于）", "1500", "平方米", _BASE_BASIS),
        RuleDef("popularization_base.center_min_visitors", "科技馆年接待观众（不少于）", "20000", "人次", _BASE_BASIS),
        RuleDef("popularization_base.venue_min_area", "专业场馆室内展示面积（不少于）", "500", "平方米", _BASE_BASIS),
        RuleDef("popularization_base.venue_min_visitors", "专业场馆年接待观众（不少于）", "5000", "人次", _BASE_BASIS),
        RuleDef("popularization_base.venue_min_open_days", "专业场馆年开放天数（不少于）", "200", "天", _BASE_BASIS),
        RuleDef("popularization_base.venue_min_student_days", "对中小学生免费或优惠开放天数（不少于）", "20", "天", _BASE_BASIS),
        RuleDef("popularization_base.platform_min_area", "其他单位场馆及创新平台展示面积（不少于）", "300", "平方米",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.platform_min_visitors", "其他单位场馆及创新平台年服务人数（不少于）", "3000", "人次",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.platform_min_open_days", "其他单位场馆及创新平台年开放天数（不少于）", "100", "天",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.rd_min_staff", "科普研发类专职研发人员（不少于）", "5", "人", _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.rd_min_investment", "科普研发类年度研发投入（不少于）", "50", "万元",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.rd_min_products", "科普研发类近三年研发作品（不少于）", "10", "件", _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.media_min_channels", "科技传播类常设栏目/节目/平台（不少于）", "1", "个",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.media_min_pieces", "科技传播类年发布科普作品（不少于）", "50", "件",
                _BASE_BASIS + _UNVERIFIED),
        RuleDef("popularization_base.media_min_reach", "科技传播类年受众（不少于）", "100000", "人次",
                _BASE_BASIS + _UNVERIFIED),
    ),
    checks=(
        CheckDef("venue_thresholds", "科技场馆类基地条件", "venue_thresholds", "block", require_data=True,
                 actions=("recognize",), when=(("base_class", ("科技场馆类",)), ("venue_type", (_CENTER, _VENUE, _PLATFORM))),
                 params=(("venue_field", "venue_type"), ("kinds", ((_CENTER, "center"), (_VENUE, "venue"), (_PLATFORM, "platform"))),
                         ("area_field", "display_area"), ("visitors_field", "annual_visitors"),
                         ("open_days_field", "open_days"), ("student_days_field", "student_free_days"),
                         ("center_area_rule", "popularization_base.center_min_area"),
                         ("center_visitors_rule", "popularization_base.center_min_visitors"),
                         ("venue_area_rule", "popularization_base.venue_min_area"),
                         ("venue_visitors_rule", "popularization_base.venue_min_visitors"),
                         ("venue_open_days_rule", "popularization_base.venue_min_open_days"),
                         ("venue_student_days_rule", "popularization_base.venue_min_student_days"),
                         ("platform_area_rule", "popularization_base.platform_min_area"),
                         ("platform_visitors_rule", "popularization_base.platform_min_visitors"),
                         ("platform_open_days_rule", "popularization_base.platform_min_open_days"))),
        CheckDef("rd_thresholds", "科普研发类基地条件", "min_values", "block", require_data=True, actions=("recognize",),
                 when=(("base_class", ("科普研发类",)),),
                 params=(("limits", (("rd_staff", "popularization_base.rd_min_staff"),
                                     ("rd_investment", "popularization_base.rd_min_investment"),
                                     ("rd_products", "popularization_base.rd_min_products"))),)),
        CheckDef("media_thresholds", "科技传播类基地条件", "min_values", "block", require_data=True, actions=("recognize",),
                 when=(("base_class", ("科技传播类",)),),
                 params=(("limits", (("media_channels", "popularization_base.media_min_channels"),
                                     ("annual_pieces", "popularization_base.media_min_pieces"),
                                     ("annual_reach", "popularization_base.media_min_reach"))),)),
    ),
)

_INTERMEDIARY = CaseType(
    code="intermediary", name="技术转移/评估/招标中介机构", short="中介",
    fields=(
        *party("org", "机构", "中介机构", required=True),
        F("org_kind", "机构类型", K.ENUM, required=True,
          choices=("技术转移机构", "科技评估机构", "技术合同登记点", "科技招标机构", "技术经纪机构")),
        F("recognized_on", "认定/备案日期", K.DATE),
        F("valid_until", "有效期至", K.DATE),
        F("staff", "从业人员", K.INTEGER, unit="人"),
        F("brokers", "技术经纪人", K.INTEGER, unit="人"),
        F("assessments", "年度考核", K.ROWS, columns=(
            F("year", "年度", K.INTEGER, unit="年"), F("contracts", "促成合同数", K.INTEGER, unit="项"),
            F("turnover", "促成成交额", K.MONEY, unit="万元"), F("grade", "考核结果", K.ENUM, choices=("优秀", "合格", "不合格")))),
    ),
    **(recognition(first="申请", reviews=(("review", "审核", "审核"),), decide=("recognize", "认定/备案", "已认定"))
       + supervision(start="已认定", report=("annual_report", "报送年度报告", "年报"),
                     evaluate=("annual_assessment", "年度考核", "年度考核"),
                     outcome=("pass_assessment", "考核合格", "考核合格"), revoke=("revoke", "撤销", "撤销"))).spec,
    rules=(RuleDef("intermediary.expiry_reminder_days", "有效期届满提醒天数", "60", "day", "本机构工作要求（可配置）"),),
    checks=(
        CheckDef("brokers_within_staff", "技术经纪人不超过从业人员", "not_above", params=(("part", "brokers"), ("whole", "staff"))),
        CheckDef("expiry_reminder", "有效期届满提醒", "expiry_reminder",
                 params=(("field", "valid_until"), ("days_rule", "intermediary.expiry_reminder_days"))),
    ),
)

_ANIMALS = "北京市实验动物管理条例；实验动物许可证管理办法（试行）（国科发财字〔2001〕545号）"
_LICENCE_KINDS = (("生产许可证（SCXK）", "SCXK"), ("使用许可证（SYXK）", "SYXK"))
_ANIMAL_LICENCE = CaseType(
    code="lab_animal_licence", name="实验动物许可证", short="实验动物",
    fields=(
        F("licence_type", "许可证类型", K.ENUM, required=True, choices=tuple(k for k, _ in _LICENCE_KINDS)),
        F("matter", "申请事项", K.ENUM, required=True, choices=("新办", "延续", "变更", "注销")),
        *party("applicant", "申请单位", required=True),
        F("facility_address", "设施地址"),
        F("district", "所在区", K.DISTRICT),
        F("environment", "环境设施级别", K.ENUM, choices=("普通环境", "屏障环境", "隔离环境")),
        F("species", "动物品种/品系"),
        F("scope", "许可范围", K.LONG_TEXT),
        F("previous_licence", "原许可证号", K.ANIMAL_LICENCE),
        F("licence_no", "许可证号", K.ANIMAL_LICENCE),
        F("issued_on", "发证日期", K.DATE),
        F("valid_until", "有效期至", K.DATE),
    ),
    **licensing(clock="decision", decide_label="准予许可", refuse_label="不予许可", expert_review=True, extend=True,
                delivery_clock="delivery").adjusted("approve", required_fields=("licence_no", "issued_on", "valid_until")).spec,
    clocks=(ClockDef("decision", "审批时限", rule="lab_animal_licence.decision_workdays",
                     extend_by="lab_animal_licence.extension_workdays"),
            ClockDef("delivery", "送达时限", rule="licensing.delivery_days", unit="day")),
    rules=(
        RuleDef("lab_animal_licence.decision_workdays", "实验动物许可审批时限", "20", "workday",
                "行政许可法 第42条；" + _ANIMALS + "（现场评审时间不计入）"),
        RuleDef("lab_animal_licence.extension_workdays", "审批时限可延长", "10", "workday", "行政许可法 第42条"),
        RuleDef("licensing.delivery_days", "准予决定后送达许可证件时限", "10", "day", "行政许可法 第44条"),
        RuleDef("lab_animal_licence.validity_years", "许可证有效期", "5", "year", _ANIMALS + "：有效期5年，届满未延续的注销"),
        RuleDef("lab_animal_licence.renewal_reminder_days", "有效期届满提醒天数", "90", "day", "本机构工作要求（可配置）"),
    ),
    checks=(
        CheckDef("licence_prefix", "许可证号与许可证类型相符", "prefix_by_choice", "block", actions=("approve",),
                 params=(("field", "licence_no"), ("choice_field", "licence_type"), ("prefixes", _LICENCE_KINDS))),
        CheckDef("validity", "有效期不超过5年", "validity_within", "block", actions=("approve",),
                 params=(("start", "issued_on"), ("end", "valid_until"), ("years_rule", "lab_animal_licence.validity_years"))),
        CheckDef("renewal_reminder", "许可证到期提醒", "expiry_reminder",
                 params=(("field", "valid_until"), ("days_rule", "lab_animal_licence.renewal_reminder_days"))),
        CheckDef("renewal_has_previous", "延续、变更、注销须填原许可证号", "required_when", "block", actions=("accept",),
                 when=(("matter", ("延续", "变更", "注销")),), params=(("fields", ("previous_licence",)),)),
    ),
)

_NATIONAL_AWARD = "国家科学技术奖励条例（2020年修订）及实施细则；科学技术部年度提名工作通知"
_NATIONAL_PERSON_AWARDS = ("国家最高科学技术奖", "中华人民共和国国际科学技术合作奖")
_NATIONAL = CaseType(
    code="national_award_nomination", name="国家科学技术奖提名", short="国奖",
    fields=(
        F("award", "奖种", K.ENUM, required=True, choices=(*_NATIONAL_PERSON_AWARDS, "国家自然科学奖", "国家技术发明奖",
                                                             "国家科学技术进步奖")),
        F("nomination_year", "提名年度", K.INTEGER, unit="年"),
        F("project_name", "项目名称/被提名人", required=True),
        *party("first_unit", "第一完成单位"),
        F("completers", "主要完成人", K.ROWS, columns=(
            F("rank", "排名", K.INTEGER), F("name", "姓名"), F("id_number", "身份证号", K.ID_NUMBER),
            F("workplace", "工作单位"))),
        F("suggested_level", "建议等级", K.ENUM, choices=("特等奖", "一等奖", "二等奖", "不分等级")),
        F("summary", "项目简介", K.LONG_TEXT),
        F("secrecy_declared", "已作保密审查声明", K.BOOL),
        F("nominated_on", "提名报送日期", K.DATE),
        objection_rows(),
        F("result_level", "获奖等级", K.ENUM, choices=("特等奖", "一等奖", "二等奖", "不分等级")),
    ),
    **recognition(
        first="征集", reviews=(("expert_selection", "专家遴选", "遴选"),), publicity_clock="publicity",
        after_publicity=(("nominate", "提名报送科学技术部", "已提名", {"required_fields": ("nominated_on",),
                                                               "letters": ("letter",)}),),
        decide=("record_award", "录入获奖结果", "获奖", {"required_fields": ("result_level",)}),
        refuse=("not_awarded", "未获奖/未提名", "未获奖"), decide_letters=("notice",), archive_decided=True,
    ).spec,
    clocks=(ClockDef("publicity", "提名公示期", rule="national_award_nomination.publicity_workdays", kind="period"),),
    rules=(RuleDef("national_award_nomination.publicity_workdays", "提名前公示期", "5", "workday",
                   _NATIONAL_AWARD + "（公示期待核实，可配置）"),),
    checks=(
        CheckDef("secrecy_declaration", "保密审查声明", "must_not", "block", actions=("expert_selection", "nominate"),
                 params=(("condition", (("secrecy_declared", ("否", "")),)),
                         ("zh", "提名材料须作保密审查声明（不得涉及国家科学技术秘密）。"),
                         ("en", "The nomination needs its secrecy declaration."))),
        CheckDef("person_award_no_level", "人物奖不分等级", "must_not", "block", actions=("nominate", "record_award"),
                 params=(("condition", (("award", _NATIONAL_PERSON_AWARDS),
                                        ("suggested_level", ("特等奖", "一等奖", "二等奖")))),
                         ("zh", "国家最高科学技术奖和国际科学技术合作奖不分等级。"),
                         ("en", "The person awards have no level."))),
    ),
)

MODULE = Module(
    number=7, code="market", name="技术市场、奖励、保密与科普", name_en="Technology market, awards, secrecy and popularisation",
    case_types=(_TECH_CONTRACT, _AWARD, _SECRECY, _EVENT, _BASE, _INTERMEDIARY, _ANIMAL_LICENCE, _NATIONAL),
)
