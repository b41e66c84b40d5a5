"""1 法规政策: drafting regulations, rules and normative documents; evaluating policies."""

from bjstc_desktop.core.casetypes import (
    CaseType,
    CheckDef,
    ClockDef,
    FieldDef,
    FieldKind,
    Module,
    RuleDef,
)
from bjstc_desktop.core.fieldsets import indicator_rows
from bjstc_desktop.core.shapes import APPROVER, START, STOP, T, drafting, evaluation

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
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"法规规章草案": "Draft regulation or government rule", "行政规范性文件": "Administrative normative document",
              "政策实施评估": "Policy implementation evaluation"},
    "states": {"合法性审核": "Legality review", "公平竞争审查": "Fair-competition review", "集体审议": "Collective deliberation",
               "签发": "Signed", "公布": "Promulgated", "备案": "Filed for the record", "实施评估": "Implementation evaluation",
               "清理评估": "Clean-up review"},
    "actions": {"合法性审核": "Legality review", "公平竞争审查": "Fair-competition review",
                "提交集体审议": "Submit for collective deliberation", "签发": "Sign", "公布": "Promulgate",
                "实施评估": "Evaluate implementation", "签发印发": "Sign and issue", "清理评估": "Clean-up review",
                "开展评估": "Carry out evaluation"},
    "fields": {"文件类别": "Document category", "立项依据": "Basis for drafting", "计划完成时间": "Planned completion",
               "起草人": "Drafter", "征求意见开始": "Consultation opens", "征求意见截止": "Consultation closes",
               "意见条数": "Comments received", "采纳数": "Comments adopted", "合法性审核意见": "Legality review opinion",
               "公平竞争审查结论": "Fair-competition review conclusion", "集体审议日期": "Date of collective deliberation",
               "发文字号": "Document number", "公布日期": "Promulgation date", "施行日期": "Effective date",
               "关联政策": "Related policy", "被评估政策": "Policy evaluated", "政策文号": "Policy document number",
               "政策施行日期": "Policy effective date", "评估意见": "Evaluation opinion", "报告日期": "Report date"},
    "choices": {"法规草案": "Draft regulation", "规章草案": "Draft government rule", "规范性文件": "Normative document",
                "工作文件": "Working document", "符合": "Compliant", "不符合": "Non-compliant", "不适用": "Not applicable",
                "继续实施": "Continue"},
    "help": {"主任办公会": "Director's office meeting", "替代或被修订的文件": "The document it replaces or amends"},
    "checks": {"征求意见起止": "Consultation opens and closes", "采纳数不超过意见条数": "Comments adopted within comments received",
               "征求意见期不少于法定期限": "Consultation at least the statutory period",
               "施行日期不早于公布日期": "Effective date not before promulgation",
               "征求意见期不少于规定期限": "Consultation at least the prescribed period"},
    "clocks": {"公开征求意见期": "Public consultation period", "报送备案时限": "Deadline to file for the record",
               "征求意见期": "Consultation period"},
    "rules": {"规章公开征求意见期（不少于）": "Public consultation on a government rule (at least)",
              "法规规章报送备案时限": "Deadline to file a regulation or rule for the record",
              "规范性文件征求意见期（不少于）": "Consultation on a normative document (at least)",
              "规范性文件报送备案时限": "Deadline to file a normative document for the record",
              "规范性文件有效期（不超过）": "Validity of a normative document (at most)",
              "有效期届满前提醒天数": "Days of warning before validity ends"},
}
