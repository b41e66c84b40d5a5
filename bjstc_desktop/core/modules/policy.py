"""1 法规政策: drafting regulations, rules and normative documents; evaluating policies."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    ClockOp,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import indicator_rows
from bjstc_desktop.core.shapes import APPROVER, EXTEND, START, STOP, T, chain, drafting, evaluation

F, K = FieldDef, FieldKind

_DOC_FIELDS = (
    F("lead_office", "牵头处室"),
    F("drafter", "起草人"),
    F("consultation_start", "征求意见开始", K.DATE),
    F("consultation_end", "征求意见截止", K.DATE),
    F("comments_received", "意见条数", K.INTEGER, unit="条"),
    F("comments_adopted", "采纳数", K.INTEGER, unit="条"),
    F("legality_opinion", "合法性审核意见", K.LONG_TEXT),
    F("fair_competition", "公平竞争审查结论", K.ENUM, choices=("符合", "不符合", "不适用")),
    F("deliberated_on", "集体审议日期", K.DATE, help="主任办公会"),
    F("doc_no", "发文字号", K.DOC_NO),
    F("published_on", "公布日期", K.DATE),
    F("effective_date", "施行日期", K.DATE),
    F("valid_until", "有效期至", K.DATE),
    F("filing_no", "备案号"),
    F("filed_on", "备案日期", K.DATE),
    F("related_policy", "关联政策", help="替代或被修订的文件"),
)


def _steps(issue: tuple) -> tuple:
    """征求意见 → 合法性审核 → 公平竞争审查 → 集体审议 → issue → 备案 (shared by both types)."""
    return (
        ("consult", "征求意见", "征求意见", {"letters": ("consultation_letter",), "clock": "consultation",
                                        "clock_effect": START}),
        ("legality_review", "合法性审核", "合法性审核", {"required_fields": ("consultation_start", "consultation_end"),
                                                  "awaits": "consultation", "clock": "consultation",
                                                  "clock_effect": STOP}),
        ("fair_competition_review", "公平竞争审查", "公平竞争审查"),
        ("deliberate", "提交集体审议", "集体审议", {"required_fields": ("legality_opinion",)}),
        *issue,
        ("file", "备案", "备案", {"required_fields": ("filing_no",), "clock": "filing", "clock_effect": STOP}),
    )


_REVIEWS = ("合法性审核", "公平竞争审查", "集体审议")
# Fair-competition review applies only to measures concerning market players.
_SKIP_FCR = T("deliberate", "提交集体审议", "合法性审核", "集体审议", required_fields=("legality_opinion",))

_REG_SHAPE = drafting(
    "立项",
    ("start_drafting", "开始起草", "起草"),
    *_steps((
        ("sign", "签发", "签发", {"roles": APPROVER, "opinion_required": True}),
        ("publish", "公布", "公布", {"required_fields": ("doc_no", "published_on", "effective_date"),
                                 "letters": ("issuing_notice",), "clock": "filing", "clock_effect": START}),
    )),
    review_states=_REVIEWS, withdraw_from=("立项", "起草", "征求意见", *_REVIEWS),
    in_force="备案", evaluate=("evaluate", "实施评估", "实施评估"),
).plus(_SKIP_FCR)

_NORM_SHAPE = drafting(
    "起草",
    *_steps((
        ("issue", "签发印发", "印发", {"roles": APPROVER, "opinion_required": True,
                                   "required_fields": ("doc_no", "effective_date", "valid_until"),
                                   "letters": ("issuing_notice",), "clock": "filing", "clock_effect": START}),
    )),
    review_states=_REVIEWS, withdraw_from=("起草", "征求意见", *_REVIEWS),
    in_force="备案", evaluate=("review_validity", "清理评估", "清理评估"),
).plus(_SKIP_FCR)

_CONSULT_ORDER = CheckDef("consultation_dates", "征求意见起止", "date_order", "block", actions=("legality_review",),
                          params=(("start", "consultation_start"), ("end", "consultation_end")))
_ADOPTED = CheckDef("comments_adopted", "采纳数不超过意见条数", "not_above", "block", actions=("deliberate",),
                    params=(("part", "comments_adopted"), ("whole", "comments_received")))

_DECISION = {"roles": APPROVER, "opinion_required": True}
_RECONSIDERATION = "中华人民共和国行政复议法（2023年修订，2024年1月1日起施行）"
_LITIGATION = "中华人民共和国行政诉讼法（2017年修正）"
_ORDINARY = (("procedure", ("普通程序", "")),)
_SIMPLE = (("procedure", ("简易程序",)),)
_DECIDED = (ClockOp("decision", STOP), ClockOp("decision_simple", STOP))

# The commission as 被申请人: it answers in writing with its evidence within 10 days of
# receiving the copy of the application (the case's received date), then awaits the
# decision of the 行政复议机关 (60 days, +30; 简易程序 30) and carries it out; a
# 行政复议意见书 asks for rectification reported within 60 days.
_RECONSIDERATION_SHAPE = chain(
    "收到申请书副本",
    ("prepare", "准备答复和证据", "准备答复"),
    ("submit", "提交审核", "审核", {"opinion_required": True}),
    ("send_reply", "报送书面答复和证据", "已答复", {**_DECISION, "letters": ("reconsideration_reply",),
                                              "clock": "reply", "clock_effect": STOP}),
    ("record_decision", "录入行政复议决定", "已决定", {"required_fields": ("decision", "decision_received_on"),
                                               "clock_ops": _DECIDED}),
    ("archive", "归档", "归档"),
).plus(
    T("return_for_revision", "退回修改", "审核", "准备答复", **_DECISION),
    T("record_extension", "复议机关延长审理期限", "已答复", "已答复", **_DECISION, clock="decision",
      clock_effect=EXTEND),
    T("record_opinion_letter", "收到行政复议意见书", "已决定", "整改中", opinion_required=True,
      clock="rectification", clock_effect=START),
    T("report_rectification", "报送整改情况", "整改中", "已决定", **_DECISION, letters=("letter",),
      required_fields=("rectification_reported_on",), clock="rectification", clock_effect=STOP),
    T("terminate", "申请人撤回/复议终止", ("收到申请书副本", "准备答复", "已答复"), "终止", opinion_required=True,
      clock="reply", clock_effect=STOP, clock_ops=_DECIDED),
    T("archive", "归档", "终止", "归档"),
)

# The commission as 被告: evidence and the 答辩状 within 15 days of receiving the copy
# of the complaint; a responsible head appears in court; an appeal within 15 days of
# the judgment's service (10 for a 裁定).
_LITIGATION_SHAPE = chain(
    "收到起诉状副本",
    ("prepare", "准备答辩和证据", "准备答辩"),
    ("submit", "提交审核", "审核", {"opinion_required": True}),
    ("submit_defence", "提交答辩状和证据", "已答辩", {**_DECISION, "letters": ("defence_statement",),
                                                 "clock": "defence", "clock_effect": STOP}),
    ("attend_hearing", "出庭应诉", "已开庭", {"required_fields": ("hearing_on", "appearing_head")}),
    ("record_judgment", "录入裁判结果", "已裁判", {"required_fields": ("judgment", "judgment_served_on", "ruling_kind"),
                                             "clock": "appeal", "clock_effect": START}),
    ("accept_judgment", "服判（履行）", "结案", {**_DECISION, "clock": "appeal", "clock_effect": STOP}),
    ("archive", "归档", "归档"),
).plus(
    T("return_for_revision", "退回修改", "审核", "准备答辩", **_DECISION),
    T("appeal", "提起上诉", "已裁判", "上诉", **_DECISION, letters=("letter",), clock="appeal", clock_effect=STOP),
    T("record_second_instance", "录入二审结果", "上诉", "结案", required_fields=("second_instance_result",)),
    T("withdrawn", "原告撤诉/裁定终结", ("收到起诉状副本", "准备答辩", "已答辩", "已开庭"), "结案", opinion_required=True,
      clock="defence", clock_effect=STOP),
).twin_clock("appeal", "appeal_ruling")

MODULE = Module(
    number=1, code="policy", name="法规政策", name_en="Policy and regulations",
    case_types=(
        CaseType(
            code="regulation_draft", name="法规规章草案", short="法规",
            fields=(F("doc_category", "文件类别", K.ENUM, required=True,
                      choices=("法规草案", "规章草案", "规范性文件", "工作文件")),
                    F("legislative_basis", "立项依据"), F("planned_completion", "计划完成时间", K.DATE), *_DOC_FIELDS),
            **_REG_SHAPE.spec,
            clocks=(ClockDef("consultation", "公开征求意见期", rule="regulation_draft.consultation_days", unit="day", kind="period"),
                    ClockDef("filing", "报送备案时限", rule="regulation_draft.filing_days", unit="day")),
            rules=(
                RuleDef("regulation_draft.consultation_days", "规章公开征求意见期（不少于）", "30", "day",
                        "规章制定程序条例 第16条：向社会公布征求意见的期限一般不少于30日"),
                RuleDef("regulation_draft.filing_days", "法规规章报送备案时限", "30", "day",
                        "法规规章备案条例 第3条：自公布之日起30日内报送备案"),
            ),
            checks=(
                _CONSULT_ORDER, _ADOPTED,
                CheckDef("consultation_period", "征求意见期不少于法定期限", "min_period", "block", actions=("legality_review",),
                         params=(("start", "consultation_start"), ("end", "consultation_end"),
                                 ("days_rule", "regulation_draft.consultation_days"), ("unit", "day"))),
                CheckDef("effective_after_publication", "施行日期不早于公布日期", "date_order",
                         params=(("start", "published_on"), ("end", "effective_date"))),
            ),
            letters=("consultation_letter", "issuing_notice"),
        ),
        CaseType(
            code="normative_doc", name="行政规范性文件", short="规文",
            fields=_DOC_FIELDS,
            **_NORM_SHAPE.spec,
            clocks=(ClockDef("consultation", "征求意见期", rule="normative_doc.consultation_workdays", kind="period"),
                    ClockDef("filing", "报送备案时限", rule="normative_doc.filing_days", unit="day")),
            rules=(
                RuleDef("normative_doc.consultation_workdays", "规范性文件征求意见期（不少于）", "7", "workday",
                        "北京市行政规范性文件制定和备案规定：一般不少于7个工作日（待核实，可配置）"),
                RuleDef("normative_doc.filing_days", "规范性文件报送备案时限", "30", "day",
                        "北京市行政规范性文件备案规定：自公布之日起30日内报送备案（待核实，可配置）"),
                RuleDef("normative_doc.validity_years", "规范性文件有效期（不超过）", "5", "year",
                        "北京市规范性文件有效期制度：有效期一般不超过5年（待核实，可配置）"),
                RuleDef("normative_doc.expiry_reminder_days", "有效期届满前提醒天数", "90", "day",
                        "本机构工作要求：届满前组织清理评估（可配置）"),
            ),
            checks=(
                _CONSULT_ORDER, _ADOPTED,
                CheckDef("consultation_period", "征求意见期不少于规定期限", "min_period", "block", actions=("legality_review",),
                         params=(("start", "consultation_start"), ("end", "consultation_end"),
                                 ("days_rule", "normative_doc.consultation_workdays"), ("unit", "workday"))),
                CheckDef("validity_period", "有效期不超过规定年限", "validity_within", "block", actions=("issue",),
                         params=(("start", "effective_date"), ("end", "valid_until"),
                                 ("years_rule", "normative_doc.validity_years"))),
                CheckDef("expiry_reminder", "有效期届满提醒", "expiry_reminder",
                         params=(("field", "valid_until"), ("days_rule", "normative_doc.expiry_reminder_days"))),
            ),
            letters=("consultation_letter", "issuing_notice"),
        ),
        CaseType(
            code="policy_evaluation", name="政策实施评估", short="政评",
            fields=(
                F("policy_title", "被评估政策", required=True),
                F("policy_doc_no", "政策文号", K.DOC_NO),
                F("policy_effective_date", "政策施行日期", K.DATE),
                F("method", "评估方式", K.ENUM, choices=("自评估", "第三方评估")),
                F("evaluator", "评估机构"),
                indicator_rows(),
                F("conclusion", "评估结论", K.ENUM, choices=("继续实施", "修订", "废止")),
                F("conclusion_text", "评估意见", K.LONG_TEXT),
                F("report_date", "报告日期", K.DATE),
            ),
            **evaluation(
                "立项",
                ("plan", "制定评估方案", "评估方案"),
                ("collect", "数据采集", "数据采集"),
                ("assess", "开展评估", "评估"),
                ("draft_report", "起草评估报告", "报告起草"),
                issue=("issue", "报送评估报告", "已报送", {"required_fields": ("conclusion", "indicators"),
                                                   "letters": ("letter",)}),
            ).spec,
        ),
        CaseType(
            code="admin_reconsideration", name="行政复议（被申请人）", short="复议",
            fields=(
                F("applicant", "申请人", required=True),
                F("review_body", "行政复议机关", required=True, help="一般为北京市人民政府"),
                F("review_case_no", "复议案号"),
                F("contested_act", "被申请复议的行政行为", required=True),
                F("contested_doc_no", "行政行为文号", K.DOC_NO),
                F("procedure", "审理程序", K.ENUM, choices=("普通程序", "简易程序")),
                F("reply_submitted_on", "答复报送日期", K.DATE),
                F("decision", "行政复议决定", K.ENUM,
                  choices=("维持", "驳回行政复议申请", "撤销", "变更", "确认违法", "责令履行", "确认无效", "调解结案", "终止")),
                F("decision_received_on", "收到决定日期", K.DATE),
                F("rectification_reported_on", "整改情况报送日期", K.DATE),
            ),
            **_RECONSIDERATION_SHAPE.spec,
            clocks=(
                ClockDef("reply", "书面答复期限", rule="admin_reconsideration.reply_days", unit="day",
                         starts_at_receipt=True),
                ClockDef("decision", "行政复议决定期限（复议机关）", rule="admin_reconsideration.decision_days", unit="day",
                         starts_at_receipt=True, extend_by="admin_reconsideration.extension_days", when=_ORDINARY),
                ClockDef("decision_simple", "行政复议决定期限（简易程序）", rule="admin_reconsideration.simple_days",
                         unit="day", starts_at_receipt=True, when=_SIMPLE),
                ClockDef("rectification", "意见书整改报送期限", rule="admin_reconsideration.rectification_days", unit="day"),
            ),
            rules=(
                RuleDef("admin_reconsideration.reply_days", "被申请人书面答复期限", "10", "day",
                        _RECONSIDERATION + " 第四十八条：自收到申请书副本之日起十日内提出书面答复并提交证据"),
                RuleDef("admin_reconsideration.decision_days", "行政复议决定期限（普通程序）", "60", "day",
                        _RECONSIDERATION + " 第六十二条：自受理申请之日起六十日内作出决定"),
                RuleDef("admin_reconsideration.extension_days", "行政复议决定延长期限（最多）", "30", "day",
                        _RECONSIDERATION + " 第六十二条：情况复杂的经批准可延长，最多不超过三十日"),
                RuleDef("admin_reconsideration.simple_days", "行政复议决定期限（简易程序）", "30", "day",
                        _RECONSIDERATION + " 第六十二条：适用简易程序的自受理之日起三十日内作出决定"),
                RuleDef("admin_reconsideration.rectification_days", "收到意见书后报送整改情况期限", "60", "day",
                        _RECONSIDERATION + " 第七十六条：自收到行政复议意见书之日起六十日内报送纠正情况"),
            ),
            checks=(
                CheckDef("act_to_redo", "被撤销或确认违法的行为须依法重作或纠正", "must_not", "warn",
                         params=(("condition", (("decision", ("撤销", "确认违法", "责令履行", "变更", "确认无效")),)),
                                 ("zh", "复议决定未维持原行政行为，须在规定期限内依法重新作出或纠正，并报送复议机关。"),
                                 ("en", "The act was not upheld: redo or correct it as the decision orders."))),
            ),
            letters=("reconsideration_reply",),
        ),
        CaseType(
            code="litigation", name="行政应诉", short="应诉",
            fields=(
                F("court", "人民法院", required=True),
                F("court_case_no", "法院案号"),
                F("plaintiff", "原告", required=True),
                F("contested_act", "被诉行政行为", required=True),
                F("contested_doc_no", "行政行为文号", K.DOC_NO),
                F("instance", "审级", K.ENUM, choices=("一审", "二审", "再审")),
                F("defence_submitted_on", "答辩状提交日期", K.DATE),
                F("hearing_on", "开庭日期", K.DATE),
                F("appearing_head", "出庭应诉负责人", help="行政机关负责人应当出庭应诉；不能出庭的应委托相应工作人员出庭"),
                F("ruling_kind", "裁判文书", K.ENUM, choices=("判决", "裁定")),
                F("judgment", "裁判结果", K.ENUM,
                  choices=("驳回诉讼请求", "撤销", "确认违法", "确认无效", "变更", "责令履行", "准予撤诉", "其他")),
                F("judgment_served_on", "裁判文书送达日期", K.DATE),
                F("second_instance_result", "二审结果", K.ENUM, choices=("驳回上诉，维持原判", "改判", "发回重审", "撤回上诉")),
            ),
            **_LITIGATION_SHAPE.spec,
            clocks=(
                ClockDef("defence", "提交证据和答辩状期限", rule="litigation.defence_days", unit="day", starts_at_receipt=True),
                ClockDef("appeal", "上诉期限（判决）", rule="litigation.appeal_days", unit="day",
                         when=(("ruling_kind", ("判决", "")),)),
                ClockDef("appeal_ruling", "上诉期限（裁定）", rule="litigation.ruling_appeal_days", unit="day",
                         when=(("ruling_kind", ("裁定",)),)),
            ),
            rules=(
                RuleDef("litigation.defence_days", "被告提交证据和答辩状期限", "15", "day",
                        _LITIGATION + " 第六十七条：收到起诉状副本之日起十五日内"),
                RuleDef("litigation.appeal_days", "不服一审判决的上诉期限", "15", "day",
                        _LITIGATION + " 第八十五条：判决书送达之日起十五日内"),
                RuleDef("litigation.ruling_appeal_days", "不服一审裁定的上诉期限", "10", "day",
                        _LITIGATION + " 第八十五条：裁定书送达之日起十日内"),
            ),
            checks=(
                CheckDef("hearing_after_defence", "开庭日期不早于答辩状提交日期", "date_order",
                         params=(("start", "defence_submitted_on"), ("end", "hearing_on"))),
            ),
            letters=("defence_statement",),
        ),
    ),
)
