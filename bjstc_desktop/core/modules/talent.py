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
_NOVA = "北京市科技新星计划管理办法"
_PERMIT = "外专发〔2017〕40号 外国人来华工作许可服务指南；外国人来华工作分类标准（试行）"

_ACADEMICIAN_SHAPE = chain(
    "初选",
    ("review", "审核", "审核"),
    ("publicize", "公示", "公示", {"roles": APPROVER, "opinion_required": True, "letters": ("publicity_notice",),
                               "clock": "publicity", "clock_effect": START}),
    ("submit", "上报", "上报", {"roles": APPROVER, "opinion_required": True, "awaits": "publicity",
                             "clock": "publicity", "clock_effect": STOP, "letters": ("letter",)}),
    ("record_result", "录入结果", "结果", {"required_fields": ("result",)}),
).plus(
    T("return_for_revision", "退回补充", "审核", "初选", opinion_required=True),
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
                F("channel", "推荐渠道", K.ENUM, choices=("院士提名", "学术团体")),
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
                RuleDef("academician_nomination.age_limit", "年龄界限（周岁）", "65", "岁", _CAS),
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
                F("joint_residence", "两证联办", K.BOOL),
                F("permit_no", "工作许可证号"),
                F("valid_until", "许可有效期至", K.DATE),
            ),
            **licensing(clock="decision", decide_label="准予许可", refuse_label="不予许可", delivery_clock="delivery").spec,
            clocks=(ClockDef("decision", "审批时限", rule="foreign_work_permit.decision_workdays"),
                    ClockDef("delivery", "送达时限", rule="licensing.delivery_days", unit="day")),
            rules=(
                RuleDef("foreign_work_permit.decision_workdays", "外国人来华工作许可审批时限", "7", "workday",
                        _PERMIT + "；北京“两证联办”5至7个工作日（2023-02-01起）"),
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
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"院士候选人推荐": "Academician candidate recommendation", "人才计划": "Talent programme",
              "外国人来华工作许可": "Work permit for foreigners"},
    "states": {"初选": "Preliminary selection", "结果": "Result recorded", "不予推荐": "Not recommended",
               "入选": "Selected", "未入选": "Not selected", "结业评估": "Completion evaluation", "结业": "Completed"},
    "actions": {"录入结果": "Record result", "退回补充": "Return for more materials", "不予推荐": "Do not recommend",
                "入选": "Select", "未入选": "Not selected", "结业评估": "Evaluate completion", "结业": "Complete",
                "终止资助": "Stop funding", "准予许可": "Grant permit", "不予许可": "Refuse permit"},
    "fields": {"院别": "Academy", "学部": "Division", "候选人姓名": "Candidate", "候选人身份证号": "Candidate ID number",
               "工作单位统一社会信用代码": "Employer USCC", "学科": "Discipline", "推荐渠道": "Recommended through",
               "增选年度": "Election year", "提名院士": "Nominating academicians",
               "此前连续有效候选次数": "Consecutive earlier candidacies",
               "处级以上领导干部": "Official at division level or above", "计划": "Programme", "申报人": "Applicant",
               "学科领域": "Field", "导师": "Mentor", "资助金额": "Funding", "培养期起": "Training period start",
               "培养期止": "Training period end", "申请人姓名": "Applicant name", "国籍": "Nationality",
               "护照号码": "Passport number", "用人单位": "Employer", "用人单位统一社会信用代码": "Employer USCC",
               "积分": "Points", "拟任职务": "Proposed position", "劳动合同期限起": "Employment contract start",
               "劳动合同期限止": "Employment contract end", "两证联办": "Joint permit and residence application",
               "工作许可证号": "Work permit number", "许可有效期至": "Permit valid until"},
    "choices": {"中国科学院": "Chinese Academy of Sciences", "中国工程院": "Chinese Academy of Engineering",
                "院士提名": "Academicians", "学术团体": "Academic society", "当选": "Elected", "未当选": "Not elected",
                "进入第二轮": "Second round", "未通过初选": "Out in the first round",
                "北京市科技新星计划": "Beijing Nova Program", "其他人才计划": "Other talent programme",
                "A类（外国高端人才）": "Category A (high-end foreign talent)",
                "B类（外国专业人才）": "Category B (foreign professionals)",
                "C类（其他外国人员）": "Category C (other foreigners)"},
    "checks": {"提名院士人数与学部": "Nominating academicians and their divisions",
               "连续候选次数": "Consecutive candidacies",
               "处级以上领导干部原则上不作为候选人": "Officials at division level or above are not normally candidates",
               "科技新星年龄": "Nova Program age", "培养期起止": "Training period start and end",
               "类别积分": "Points for the category"},
    "clocks": {"推荐公示期": "Recommendation public notice period", "入选公示期": "Selection public notice period",
               "审批时限": "Decision deadline", "送达时限": "Delivery deadline"},
    "rules": {"推荐候选人公示期": "Candidate recommendation public notice period",
              "提名院士人数（不少于）": "Nominating academicians (at least)",
              "本学部提名院士（不少于）": "Nominating academicians of the division (at least)",
              "年龄界限（周岁）": "Age limit (full years)",
              "年龄计算日（增选年度的月-日）": "Day for age (month-day of the election year)",
              "超龄候选人提名院士（不少于）": "Nominating academicians for an older candidate (at least)",
              "超龄候选人本学部提名院士（不少于）": "Nominating academicians of the division for an older candidate (at least)",
              "连续有效候选次数上限（达到即暂停一届）": "Consecutive candidacies before a one-round pause",
              "入选公示期": "Selection public notice period",
              "科技新星申报年龄上限（周岁）": "Nova Program age limit (full years)",
              "年龄计算日（申报年度的月-日）": "Day for age (month-day of the application year)",
              "外国人来华工作许可审批时限": "Work permit decision deadline",
              "准予决定后送达许可证件时限": "Permit delivery deadline after the decision",
              "A类积分（不低于）": "Category A points (at least)", "B类积分（不低于）": "Category B points (at least)"},
    "roles": {"用人单位": "Employer"},
}
