"""10 科技人才: academician nominations, talent programmes, foreigners' work permits."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import objection_rows, party, period
from bjstc_desktop.core.shapes import (
    APPROVER,
    START,
    STOP,
    T,
    chain,
    licensing,
    objection_handling,
    recognition,
    supervision,
)

F, K = FieldDef, FieldKind
_CAS = "中国科学院院士增选工作实施细则；中国工程院院士增选工作实施办法"
_CHANNELS = ("2014年两院章程修订：取消国务院各部门、各省（区、市）等归口部门推荐（提名）渠道，"
             "仅保留院士提名和学术团体提名；本委只对本市所属单位的候选人受学部委托组织公示、受理投诉并报送意见")
_NOVA = "北京市科技新星计划管理办法"
_PERMIT = "外专发〔2017〕40号 外国人来华工作许可服务指南；外国人来华工作分类标准（试行）"
_GUIDE_2017 = "外国人来华工作许可服务指南（暂行）（国家外国专家局，2017年4月1日起实施）"
_LONG_STAY = (("stay", ("来华工作90日以上", "")),)
_SHORT_STAY = (("stay", ("来华工作90日以下（含90日）",)),)

_ACADEMICIAN_SHAPE = chain(
    "收到材料",
    ("review", "审核", "审核"),
    ("publicize", "公示", "公示", {"roles": APPROVER, "opinion_required": True, "letters": ("publicity_notice",),
                               "clock": "publicity", "clock_effect": START}),
    ("submit", "报送公示结果和审核意见", "已报送", {"roles": APPROVER, "opinion_required": True, "awaits": "publicity",
                                             "clock": "publicity", "clock_effect": STOP, "letters": ("letter",)}),
    ("record_result", "录入结果", "结果", {"required_fields": ("result",)}),
).plus(
    T("return_for_revision", "退回补充", "审核", "收到材料", opinion_required=True),
    T("reject", "不予推荐", ("审核", "公示"), "不予推荐", roles=APPROVER, opinion_required=True,
      clock="publicity", clock_effect=STOP),
    T("archive", "归档", ("结果", "不予推荐"), "归档"),
) + objection_handling("公示", "不予推荐", (("publicity", STOP),), ())

_NOVA_WHEN = (("program", ("北京市科技新星计划",)),)
_PROGRAM_SHAPE = recognition(
    first="申报", reviews=(("expert_review", "专家评审", "专家评审"),), publicity_clock="publicity",
    decide=("select", "入选", "入选"), refuse=("refuse", "未入选", "未入选"), decide_letters=("notice",),
) + supervision(
    start="入选", report=("annual_review", "年度考核", "年度考核"), evaluate=("final_review", "结业评估", "结业评估"),
    outcome=("complete", "结业", "结业"), loop=False, revoke=("terminate", "终止资助", "终止"),
)

_A, _B, _C = "A类（外国高端人才）", "B类（外国专业人才）", "C类（其他外国人员）"
_CHANGE_GUIDE = "外国人来华工作许可延期、变更、注销、补办办事指南（国家外国专家局）"
_EXTENDING, _CHANGING = (("matter", ("延期",)),), (("matter", ("变更",)),)

MODULE = Module(
    number=10, code="talent", name="科技人才", name_en="Talent",
    case_types=(
        CaseType(
            code="academician_nomination", name="院士候选人推荐", short="院士",
            fields=(
                F("academy", "院别", K.ENUM, required=True, choices=("中国科学院", "中国工程院")),
                F("division", "学部"),
                F("candidate_name", "候选人姓名"),
                F("candidate_id", "候选人身份证号", K.ID_NUMBER, required=True),
                *party("workplace", "工作单位"),
                F("discipline", "学科"),
                F("channel", "推荐渠道", K.ENUM, choices=("院士提名", "学术团体", "部门推荐（2014年起已取消）")),
                F("society", "提名学术团体"),
                F("election_year", "增选年度", K.INTEGER),
                F("nominators", "提名院士", K.ROWS, columns=(F("name", "姓名"), F("division", "学部"))),
                F("candidacy_count", "此前连续有效候选次数", K.INTEGER, unit="次"),
                F("is_official", "处级以上领导干部", K.BOOL),
                objection_rows(),
                F("result", "结果", K.ENUM, choices=("当选", "未当选", "进入第二轮", "未通过初选")),
            ),
            **_ACADEMICIAN_SHAPE.spec,
            clocks=(ClockDef("publicity", "推荐公示期", rule="academician_nomination.publicity_workdays", kind="period"),),
            rules=(
                RuleDef("academician_nomination.publicity_workdays", "推荐候选人公示期", "5", "workday", "本市推荐工作通知（待核实，可配置）"),
                RuleDef("academician_nomination.min_nominators", "提名院士人数（不少于）", "3", "人", _CAS),
                RuleDef("academician_nomination.min_same_division", "本学部提名院士（不少于）", "2", "人", _CAS),
                RuleDef("academician_nomination.age_limit", "须6名院士提名的年龄（周岁，含本数：65周岁以上）", "65", "岁",
                        _CAS + "：65周岁以上（增选年度减65年的6月30日〈含〉以前出生）"),
                RuleDef("academician_nomination.channels", "现行推荐渠道", "院士提名,学术团体", "list", _CHANNELS),
                RuleDef("academician_nomination.age_reference_day", "年龄计算日（增选年度的月-日）", "06-30", "MM-DD", _CAS),
                RuleDef("academician_nomination.senior_min_nominators", "超龄候选人提名院士（不少于）", "6", "人", _CAS),
                RuleDef("academician_nomination.senior_min_same_division", "超龄候选人本学部提名院士（不少于）", "4", "人", _CAS),
                RuleDef("academician_nomination.max_consecutive", "连续有效候选次数上限（达到即暂停一届）", "3", "次", _CAS),
            ),
            checks=(
                CheckDef("nominators", "提名院士人数与学部", "academician_nominators", "block", require_data=True,
                         actions=("publicize", "submit"), when=(("channel", ("院士提名", "")),),
                         params=(("min_rule", "academician_nomination.min_nominators"),
                                 ("same_rule", "academician_nomination.min_same_division"),
                                 ("age_rule", "academician_nomination.age_limit"),
                                 ("ref_day_rule", "academician_nomination.age_reference_day"),
                                 ("senior_min_rule", "academician_nomination.senior_min_nominators"),
                                 ("senior_same_rule", "academician_nomination.senior_min_same_division"),
                                 ("year_field", "election_year"))),
                CheckDef("channel", "推荐渠道为现行渠道", "value_in_rule", "block", actions=("publicize", "submit"),
                         params=(("field", "channel"), ("values_rule", "academician_nomination.channels"))),
                CheckDef("society_named", "学术团体提名须写明学术团体", "required_when", "block", actions=("publicize", "submit"),
                         when=(("channel", ("学术团体",)),), params=(("fields", ("society",)),)),
                CheckDef("consecutive", "连续候选次数", "less_than",
                         params=(("field", "candidacy_count"), ("limit_rule", "academician_nomination.max_consecutive"))),
                CheckDef("not_official", "处级以上领导干部原则上不作为候选人", "must_not",
                         params=(("condition", (("is_official", ("是",)),)),
                                 ("zh", "候选人为处级以上党政领导干部，原则上不作为候选人。"),
                                 ("en", "The candidate is an official at division level or above."))),
            ),
        ),
        CaseType(
            code="talent_program", name="人才计划", short="人才",
            fields=(
                F("program", "计划", K.ENUM, required=True, choices=("北京市科技新星计划", "其他人才计划")),
                F("program_year", "年度", K.INTEGER, unit="年"),
                F("candidate_name", "申报人", required=True),
                F("candidate_id", "身份证号", K.ID_NUMBER),
                *party("workplace", "工作单位"),
                F("discipline", "学科领域"),
                F("mentor", "导师"),
                F("support_amount", "资助金额", K.MONEY, unit="万元"),
                *period("support", "培养期"),
                objection_rows(),
            ),
            **_PROGRAM_SHAPE.spec,
            clocks=(ClockDef("publicity", "入选公示期", rule="talent_program.publicity_workdays", kind="period"),),
            rules=(
                RuleDef("talent_program.publicity_workdays", "入选公示期", "5", "workday", _NOVA + "（待核实，可配置）"),
                RuleDef("talent_program.nova_max_age", "科技新星申报年龄上限（周岁）", "35", "岁", _NOVA + "（待核实，可配置）"),
                RuleDef("talent_program.nova_reference_day", "年龄计算日（申报年度的月-日）", "01-01", "MM-DD", _NOVA + "（待核实，可配置）"),
            ),
            checks=(
                CheckDef("nova_age", "科技新星年龄", "max_age", "block", require_data=True, when=_NOVA_WHEN,
                         actions=("expert_review", "select"),
                         params=(("id_field", "candidate_id"), ("max_rule", "talent_program.nova_max_age"),
                                 ("year_field", "program_year"), ("ref_day_rule", "talent_program.nova_reference_day"))),
                CheckDef("support_period", "培养期起止", "date_order", params=(("start", "support_start"), ("end", "support_end"))),
            ),
        ),
        CaseType(
            code="foreign_work_permit", name="外国人来华工作许可", short="工许",
            fields=(
                F("applicant_name", "申请人姓名", required=True),
                F("nationality", "国籍"),
                F("passport_no", "护照号码"),
                *party("employer", "用人单位", required=True),
                F("category", "类别", K.ENUM, required=True, choices=(_A, _B, _C)),
                F("points", "积分", K.INTEGER, unit="分"),
                F("position", "拟任职务"),
                *period("contract", "劳动合同期限"),
                F("stay", "工作期限", K.ENUM, choices=("来华工作90日以上", "来华工作90日以下（含90日）")),
                F("joint_residence", "两证联办", K.BOOL),
                F("permit_no", "工作许可证号"),
                F("valid_until", "许可有效期至", K.DATE),
            ),
            **licensing(clock="decision", decide_label="准予许可", refuse_label="不予许可", delivery_clock="delivery",
                        extend=True).twin_clock("decision", "decision_short").spec,
            clocks=(ClockDef("decision", "审批时限（90日以上）", rule="foreign_work_permit.decision_workdays",
                             extend_by="foreign_work_permit.extension_workdays", when=_LONG_STAY),
                    ClockDef("decision_short", "审批时限（90日以下）", rule="foreign_work_permit.short_stay_workdays",
                             when=_SHORT_STAY),
                    ClockDef("delivery", "送达时限", rule="licensing.delivery_days", unit="day")),
            rules=(
                RuleDef("foreign_work_permit.decision_workdays", "来华工作90日以上审批时限", "20", "workday",
                        _GUIDE_2017 + "：受理后20个工作日内作出决定（北京“两证联办”承诺5至7个工作日，2023-02-01起）"),
                RuleDef("foreign_work_permit.extension_workdays", "来华工作90日以上审批可延长", "10", "workday",
                        _GUIDE_2017 + "：20个工作日内不能作出决定的，经负责人批准可延长10个工作日"),
                RuleDef("foreign_work_permit.short_stay_workdays", "来华工作90日以下审批时限", "5", "workday",
                        _GUIDE_2017 + "：来华工作90日以下（含90日）的，5个工作日内作出决定"),
                RuleDef("licensing.delivery_days", "准予决定后送达许可证件时限", "10", "day", "行政许可法 第44条"),
                RuleDef("foreign_work_permit.points_a", "A类积分（不低于）", "85", "分", _PERMIT),
                RuleDef("foreign_work_permit.points_b", "B类积分（不低于）", "60", "分", _PERMIT),
            ),
            checks=(
                CheckDef("points", "类别积分", "points_threshold", "block", actions=("approve",), require_data=True,
                         params=(("category_field", "category"), ("points_field", "points"),
                                 ("rules_by_category", ((_A, "foreign_work_permit.points_a"),
                                                        (_B, "foreign_work_permit.points_b"))))),
            ),
        ),
        CaseType(
            code="work_permit_change", name="外国人来华工作许可延期/变更/注销/补办", short="工许变更",
            fields=(
                F("matter", "事项", K.ENUM, required=True, choices=("延期", "变更", "注销", "补办")),
                F("applicant_name", "申请人姓名", required=True),
                F("nationality", "国籍"),
                F("passport_no", "护照号码"),
                *party("employer", "用人单位", required=True),
                F("permit_no", "工作许可证号", required=True),
                F("category", "类别", K.ENUM, choices=(_A, _B, _C)),
                F("valid_until", "原许可有效期至", K.DATE),
                F("applied_on", "申请日期", K.DATE),
                F("new_valid_until", "延期后有效期至", K.DATE),
                F("change_item", "变更事项", K.ENUM, choices=("姓名", "护照号码", "职务", "类别", "用人单位名称")),
                F("changed_on", "变更事项发生日期", K.DATE),
                F("cancel_reason", "注销原因", K.ENUM, choices=("解除或终止聘用", "聘用期满不再续聘", "离境不再返回",
                                                           "许可被撤销", "其他")),
                F("loss_declared_on", "遗失或损毁声明日期", K.DATE),
            ),
            **licensing(clock="decision", decide_label="准予", refuse_label="不予", delivery_clock="delivery").spec,
            clocks=(ClockDef("decision", "审批时限", rule="work_permit_change.decision_workdays"),
                    ClockDef("delivery", "送达时限", rule="licensing.delivery_days", unit="day")),
            rules=(
                RuleDef("work_permit_change.decision_workdays", "延期、变更、注销、补办审批时限", "10", "workday",
                        _CHANGE_GUIDE + "（时限待核实，可配置）"),
                RuleDef("licensing.delivery_days", "准予决定后送达许可证件时限", "10", "day", "行政许可法 第44条"),
                RuleDef("work_permit_change.extension_lead_days", "延期申请须在有效期届满前提出（不少于）", "30", "day",
                        _CHANGE_GUIDE + "：工作许可有效期届满30日前提出延期申请（待核实，可配置）"),
                RuleDef("work_permit_change.change_report_days", "变更事项发生后申请期限", "10", "day",
                        _CHANGE_GUIDE + "：自变更事项发生之日起10日内提出变更申请"),
            ),
            checks=(
                CheckDef("extension_in_time", "延期申请在有效期届满30日前提出", "min_days_since", "block",
                         actions=("accept",), when=_EXTENDING,
                         params=(("field", "applied_on"), ("reference", "valid_until"),
                                 ("days_rule", "work_permit_change.extension_lead_days"))),
                CheckDef("extended_later", "延期后有效期晚于原有效期", "date_order", "block", actions=("approve",),
                         when=_EXTENDING, params=(("start", "valid_until"), ("end", "new_valid_until"))),
                CheckDef("change_in_time", "变更事项发生后10日内申请", "max_days_since", when=_CHANGING,
                         params=(("field", "changed_on"), ("reference", "applied_on"),
                                 ("days_rule", "work_permit_change.change_report_days"))),
                CheckDef("cancel_reason_given", "注销须写明原因", "required_when", "block", actions=("approve",),
                         when=(("matter", ("注销",)),), params=(("fields", ("cancel_reason",)),)),
            ),
        ),
    ),
)
