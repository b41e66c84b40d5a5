"""11 科技信息、统计与期刊: statistical surveys and periodicals."""

from bjstc_desktop.core.casetypes import CaseType, CheckDef, FieldDef, FieldKind, Module
from bjstc_desktop.core.shapes import APPROVER, T, chain

F, K = FieldDef, FieldKind
_DECISION = {"roles": APPROVER, "opinion_required": True}
_RESPONDENT_STATUS = ("未报", "已报", "退回", "通过")

_SURVEY_SHAPE = chain(
    "拟定",
    ("deploy", "布置调查", "布置", {"required_fields": ("survey_system", "approval_no", "valid_until"),
                                "letters": ("notice",)}),
    ("train", "组织培训", "培训"),
    ("collect", "开始填报", "填报"),
    ("audit", "审核", "审核"),
    ("aggregate", "汇总", "汇总"),
    ("report", "上报", "上报", {**_DECISION, "letters": ("letter",)}),
    ("publish", "发布", "发布", _DECISION),
    ("archive", "归档", "归档"),
).plus(T("return_to_respondents", "退回补报", "审核", "填报", opinion_required=True))

_PERIODICAL_STATES = ("报送", "审核", "退回", "通过", "归档", "暂缓核验", "不予通过")
_PERIODICAL = (
    T("review", "审核", "报送", "审核"),
    T("return_for_revision", "退回修改", "审核", "退回", opinion_required=True),
    T("resubmit", "重新报送", "退回", "审核"),
    T("pass", "核验通过", "审核", "通过", **_DECISION, required_fields=("verification_year",)),
    T("defer", "暂缓核验", "审核", "暂缓核验", **_DECISION, letters=("notice",)),
    T("resume_verification", "恢复核验", "暂缓核验", "审核"),
    T("fail", "不予通过核验", "审核", "不予通过", **_DECISION, letters=("notice",)),
    T("archive", "归档", ("通过", "不予通过"), "归档"),
)

MODULE = Module(
    number=11, code="statistics", name="科技信息、统计与期刊", name_en="Information, statistics and periodicals",
    case_types=(
        CaseType(
            code="stat_survey", name="统计调查", short="统计",
            fields=(
                F("survey_system", "调查制度", required=True),
                F("form_no", "表号"),
                F("form_authority", "制表机关"),
                F("approval_authority", "批准机关"),
                F("approval_no", "批准文号"),
                F("valid_until", "有效期至", K.DATE),
                F("report_period", "报告期"),
                F("deadline", "报送截止", K.DATE),
                F("respondents", "调查对象", K.ROWS, columns=(
                    F("org", "单位名称"), F("uscc", "统一社会信用代码", K.USCC),
                    F("status", "状态", K.ENUM, choices=_RESPONDENT_STATUS), F("submitted_on", "报送日期", K.DATE),
                    F("rd_internal", "R&D经费内部支出", K.MONEY, unit="万元"))),
                F("rd_internal_total", "R&D经费内部支出合计", K.MONEY, unit="万元"),
                F("rd_basic", "其中：基础研究", K.MONEY, unit="万元"),
                F("rd_applied", "其中：应用研究", K.MONEY, unit="万元"),
                F("rd_experimental", "其中：试验发展", K.MONEY, unit="万元"),
                F("rd_staff", "R&D人员", K.INTEGER, unit="人"),
                F("rd_fte", "R&D人员折合全时当量", unit="人年"),
                F("local_fiscal_st", "地方财政科技拨款", K.MONEY, unit="万元"),
            ),
            **_SURVEY_SHAPE.spec,
            checks=(
                CheckDef("system_valid", "调查制度在有效期内", "not_expired", "block", require_data=True,
                         actions=("deploy", "collect"), params=(("field", "valid_until"),)),
                CheckDef("all_passed", "调查对象均已审核通过", "rows_all", "block", actions=("aggregate",), require_data=True,
                         params=(("rows", "respondents"), ("column", "status"), ("values", ("通过",)))),
                CheckDef("activity_split", "按活动类型合计等于R&D经费内部支出", "sum_equals",
                         params=(("total", "rd_internal_total"), ("parts", ("rd_basic", "rd_applied", "rd_experimental")))),
                CheckDef("respondents_total", "调查对象合计等于R&D经费内部支出", "rows_sum_equals",
                         params=(("rows", "respondents"), ("column", "rd_internal"), ("total", "rd_internal_total"))),
            ),
        ),
        CaseType(
            code="periodical", name="科技期刊", short="期刊",
            fields=(
                F("cn_number", "CN 刊号", K.CN_NUMBER, required=True),
                F("issn", "ISSN", K.ISSN),
                F("sponsor", "主办单位", K.PARTY, party_role="主办单位"),
                F("supervisor", "主管单位"),
                F("editor_in_chief", "主编"),
                F("frequency", "出版周期", K.ENUM, choices=("周刊", "半月刊", "月刊", "双月刊", "季刊", "半年刊", "年刊")),
                F("verification_year", "核验年度", K.INTEGER),
                F("annual_checks", "历年核验", K.ROWS, columns=(
                    F("year", "年度", K.INTEGER, unit="年"),
                    F("result", "结果", K.ENUM, choices=("通过", "暂缓核验", "不予通过")),
                    F("checked_on", "核验日期", K.DATE))),
                F("quality_issues", "质量检查问题", K.LONG_TEXT),
            ),
            states=_PERIODICAL_STATES, transitions=_PERIODICAL,
        ),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"统计调查": "Statistical survey", "科技期刊": "S&T periodical"},
    "states": {"布置": "Launched", "培训": "Training", "填报": "Reporting", "汇总": "Compiling",
               "暂缓核验": "Verification deferred", "不予通过": "Failed verification"},
    "actions": {"布置调查": "Launch survey", "组织培训": "Hold training", "开始填报": "Open reporting", "汇总": "Compile",
                "发布": "Publish", "退回补报": "Return for resubmission", "核验通过": "Pass verification",
                "暂缓核验": "Defer verification", "恢复核验": "Resume verification",
                "不予通过核验": "Fail verification"},
    "fields": {"调查制度": "Survey system", "表号": "Form number", "制表机关": "Form issued by",
               "批准机关": "Approved by", "批准文号": "Approval number", "报告期": "Reporting period",
               "报送截止": "Submission deadline", "调查对象": "Respondents",
               "R&D经费内部支出": "Intramural R&D expenditure",
               "R&D经费内部支出合计": "Intramural R&D expenditure, total", "其中：基础研究": "Of which basic research",
               "其中：应用研究": "Of which applied research", "其中：试验发展": "Of which experimental development",
               "R&D人员": "R&D personnel", "R&D人员折合全时当量": "R&D personnel, full-time equivalent",
               "地方财政科技拨款": "Local fiscal S&T appropriation", "CN 刊号": "CN serial number", "ISSN": "ISSN",
               "主办单位": "Sponsor", "主管单位": "Supervising body", "主编": "Editor-in-chief",
               "出版周期": "Frequency", "核验年度": "Verification year", "历年核验": "Verifications",
               "核验日期": "Verification date", "质量检查问题": "Quality problems found"},
    "choices": {"未报": "Not reported", "已报": "Reported", "退回": "Returned", "周刊": "Weekly",
                "半月刊": "Semi-monthly", "月刊": "Monthly", "双月刊": "Bimonthly", "季刊": "Quarterly",
                "半年刊": "Semi-annual", "年刊": "Annual", "暂缓核验": "Deferred", "不予通过": "Failed"},
    "checks": {"调查制度在有效期内": "Survey system still valid", "调查对象均已审核通过": "All respondents verified",
               "按活动类型合计等于R&D经费内部支出": "Activity types add up to intramural R&D expenditure",
               "调查对象合计等于R&D经费内部支出": "Respondents add up to intramural R&D expenditure"},
    "roles": {"主办单位": "Sponsor"},
}
