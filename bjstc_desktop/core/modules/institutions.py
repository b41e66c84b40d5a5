"""6 科研机构与体制改革: new-type R&D institutions, qualifications, restructuring, the
municipal key laboratories and engineering technology research centres."""

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
    LEGAL_FORMS,
    TECH_FIELDS,
    annual_report_rows,
    objection_rows,
    party,
)
from bjstc_desktop.core.shapes import approval, recognition, supervision

F, K = FieldDef, FieldKind
_NRI_BASIS = "国科发政〔2019〕313号《关于促进新型研发机构发展的指导意见》；北京市支持世界一流新型研发机构高质量发展实施办法（2023）"

_NRI_SHAPE = recognition(
    first="申请", reviews=(("expert_review", "专家评审/现场考察", "专家评审"),),
    decide=("recognize", "认定", "认定"), publicity_clock="publicity",
) + supervision(
    start="认定", report=("annual_report", "年报", "年报"), evaluate=("evaluate", "绩效评价", "绩效评价"),
    outcome=("support", "稳定支持", "稳定支持"), outcome_letters=("reply_approval",),
)

_QUAL_SHAPE = recognition(
    first="申请", reviews=(("review", "资格审核", "审核"),),
    decide=("determine", "核定资格", "已核定"), refuse=("refuse", "不予核定", "不予核定"),
) + supervision(
    start="已核定", report=("annual_review_apply", "报送年度复核材料", "年度复核"),
    evaluate=("evaluate", "复核审查", "复核审查"), outcome=("pass_review", "复核合格", "复核合格"),
    revoke=("revoke", "撤销资格", "撤销"),
)

_PLATFORM_SHAPE = recognition(
    first="申报", reviews=(("expert_review", "专家评审", "专家评审"), ("site_visit", "现场考察", "现场考察")),
    publicity_clock="publicity", decide=("recognize", "认定", "认定"),
) + supervision(
    start="认定", report=("submit_evaluation", "报送评估材料", "评估材料"), evaluate=("evaluate", "运行绩效评估", "绩效评估"),
    outcome=("pass_evaluation", "评估合格", "评估合格"), revoke=("revoke", "撤销认定", "撤销"),
)


def _platform(code: str, name: str, short: str, basis: str, what: str, min_staff: str, min_area: str,
              min_equipment: str) -> CaseType:
    """A municipal research platform (市重点实验室, 工程技术研究中心): recognised on its
    host's application, then evaluated every few years; the thresholds are the rule
    table's (the published values are still to be verified)."""
    unverified = basis + "（数值待核实，可配置）"
    return CaseType(
        code=code, name=name, short=short,
        fields=(
            *party("host", "依托单位", required=True),
            F("platform_name", f"{what}名称", required=True),
            F("field", "研究方向/技术领域", K.ENUM, choices=TECH_FIELDS),
            F("director", "主任"),
            F("staff", "固定人员", K.INTEGER, unit="人"),
            F("senior_staff", "高级职称人员", K.INTEGER, unit="人"),
            F("floor_area", "科研用房面积", K.INTEGER, unit="平方米"),
            F("equipment_value", "仪器设备原值", K.MONEY, unit="万元"),
            F("rd_investment", "近三年研发投入", K.MONEY, unit="万元"),
            F("recognized_on", "认定日期", K.DATE),
            F("next_evaluation_due", "下次评估期限", K.DATE),
            F("evaluations", "绩效评估", K.ROWS, columns=(
                F("year", "年度", K.INTEGER, unit="年"), F("grade", "评估结果", K.ENUM, choices=GRADES))),
            objection_rows(),
        ),
        **_PLATFORM_SHAPE.spec,
        clocks=(ClockDef("publicity", "认定公示期", rule=f"{code}.publicity_workdays", kind="period"),),
        rules=(
            RuleDef(f"{code}.min_staff", "固定人员（不少于）", min_staff, "人", unverified),
            RuleDef(f"{code}.min_area", "科研用房面积（不少于）", min_area, "平方米", unverified),
            RuleDef(f"{code}.min_equipment", "仪器设备原值（不少于）", min_equipment, "万元", unverified),
            RuleDef(f"{code}.evaluation_years", "绩效评估周期", "3", "year", unverified),
            RuleDef(f"{code}.publicity_workdays", "认定公示期", "5", "workday", unverified),
            RuleDef(f"{code}.reminder_days", "评估期限前提醒天数", "90", "day", "本机构工作要求（可配置）"),
        ),
        checks=(
            CheckDef("thresholds", f"{what}认定条件", "min_values", "block", require_data=True, actions=("recognize",),
                     params=(("limits", (("staff", f"{code}.min_staff"), ("floor_area", f"{code}.min_area"),
                                         ("equipment_value", f"{code}.min_equipment"))),)),
            CheckDef("senior_within_staff", "高级职称人员不超过固定人员", "not_above",
                     params=(("part", "senior_staff"), ("whole", "staff"))),
            CheckDef("evaluation_cycle", "评估周期", "validity_within",
                     params=(("start", "recognized_on"), ("end", "next_evaluation_due"),
                             ("years_rule", f"{code}.evaluation_years"))),
            CheckDef("evaluation_reminder", "评估期限提醒", "expiry_reminder",
                     params=(("field", "next_evaluation_due"), ("days_rule", f"{code}.reminder_days"))),
        ),
    )


MODULE = Module(
    number=6, code="institutions", name="科研机构与体制改革", name_en="R&D institutions and reform",
    case_types=(
        CaseType(
            code="new_rd_institution", name="新型研发机构", short="新研",
            fields=(
                *party("institution", "机构", "申请机构", required=True, help="事业单位以12开头，民办非企业单位以52开头"),
                F("legal_form", "法人类型", K.ENUM, choices=LEGAL_FORMS),
                F("sponsor", "举办单位"),
                F("investors", "举办/出资单位", K.ROWS, columns=(
                    F("name", "单位名称"), F("uscc", "统一社会信用代码", K.USCC),
                    F("amount", "出资额", K.MONEY, unit="万元"))),
                F("has_board", "设理事会", K.BOOL),
                F("lead_scientist", "领衔科学家"),
                F("staff", "人员数", K.INTEGER, unit="人"),
                F("rd_staff", "研发人员数", K.INTEGER, unit="人"),
                F("income", "年度收入构成", K.ROWS, columns=(
                    F("year", "年度", K.INTEGER, unit="年"), F("fiscal", "财政资金", K.MONEY, unit="万元"),
                    F("tech_income", "技术性收入", K.MONEY, unit="万元"), F("other", "其他收入", K.MONEY, unit="万元"))),
                F("rd_investment", "研发投入", K.MONEY, unit="万元"),
                F("recognized_on", "认定日期", K.DATE),
                annual_report_rows(),
                F("evaluation_year", "绩效评价年度", K.INTEGER, unit="年"),
                F("evaluation_grade", "绩效评价等级", K.ENUM, choices=GRADES),
                F("support_amount", "稳定支持金额", K.MONEY, unit="万元"),
            ),
            **_NRI_SHAPE.spec,
            clocks=(ClockDef("publicity", "认定公示期", rule="new_rd_institution.publicity_workdays", kind="period"),),
            rules=(
                RuleDef("new_rd_institution.uscc_prefixes", "统一社会信用代码前两位（事业单位、民办非企业单位）", "12,52", "list",
                        _NRI_BASIS + "：独立法人，事业单位或科技类民办非企业单位（GB 32100-2015 登记管理部门和机构类别代码）"),
                RuleDef("new_rd_institution.publicity_workdays", "认定公示期", "5", "workday", _NRI_BASIS + "（公示期待核实，可配置）"),
            ),
            checks=(
                CheckDef("uscc_prefix", "机构为事业单位或民办非企业单位", "uscc_prefix",
                         params=(("field", "institution_uscc"), ("prefixes_rule", "new_rd_institution.uscc_prefixes"))),
                CheckDef("rd_staff_within_staff", "研发人员不超过人员总数", "not_above",
                         params=(("part", "rd_staff"), ("whole", "staff"))),
            ),
        ),
        CaseType(
            code="institution_qualification", name="研发机构资格审核", short="资格",
            fields=(
                *party("institution", "机构", "申请机构", required=True),
                F("qualification_kind", "资格类型", K.ENUM, required=True,
                  choices=("科研用品免税资格", "研发机构采购设备增值税退税资格", "其他研发机构资格")),
                F("legal_form", "法人类型", K.ENUM, choices=LEGAL_FORMS),
                F("basis_doc", "依据文件", help="如 财关税〔2021〕23号"),
                F("determined_on", "核定日期", K.DATE),
                F("valid_until", "有效期至", K.DATE),
                F("annual_reviews", "年度复核", K.ROWS, columns=(
                    F("year", "年度", K.INTEGER, unit="年"), F("result", "结果", K.ENUM, choices=("合格", "不合格")),
                    F("reviewed_on", "复核日期", K.DATE))),
            ),
            **_QUAL_SHAPE.spec,
            rules=(
                RuleDef("institution_qualification.validity_years", "资格有效期", "3", "year", "财关税〔2021〕23号等（待核实，可配置）"),
                RuleDef("institution_qualification.expiry_reminder_days", "有效期届满提醒天数", "60", "day", "本机构工作要求（可配置）"),
            ),
            checks=(
                CheckDef("validity", "有效期不超过规定年限", "validity_within", "block", actions=("determine",),
                         params=(("start", "determined_on"), ("end", "valid_until"),
                                 ("years_rule", "institution_qualification.validity_years"))),
                CheckDef("expiry_reminder", "资格到期提醒", "expiry_reminder",
                         params=(("field", "valid_until"), ("days_rule", "institution_qualification.expiry_reminder_days"))),
            ),
        ),
        CaseType(
            code="institute_restructuring", name="科研院所转制", short="转制",
            fields=(
                *party("institute", "院所", "转制院所", required=True),
                F("supervisor_dept", "主管部门"),
                F("target_form", "转制方向", K.ENUM, choices=("转为企业", "转为非营利机构", "并入企业", "其他")),
                F("plan_summary", "改制方案", K.LONG_TEXT),
                F("assets_total", "资产总额", K.MONEY, unit="万元"),
                F("net_assets", "净资产", K.MONEY, unit="万元"),
                F("staff_total", "在册人员", K.INTEGER, unit="人"),
                F("staff_placement", "人员安置", K.ROWS, columns=(
                    F("category", "类别", K.ENUM, choices=("在职转入", "提前退休", "离退休", "分流安置", "其他")),
                    F("count", "人数", K.INTEGER, unit="人"), F("arrangement", "安置办法"))),
                F("approval_doc_no", "批复文号", K.DOC_NO),
                F("approved_on", "批复日期", K.DATE),
            ),
            **approval(
                "方案报送", consult=(("consult", "征求财政、人社等部门意见", "征求意见"),),
                approve=("approve", "批复", "批复", {"required_fields": ("plan_summary", "staff_placement")}),
                refuse=("refuse", "不予批复", "不予批复"),
                after=(("implement", "组织实施", "实施"), ("accept_check", "改制验收", "验收")),
            ).spec,
            checks=(
                CheckDef("placement_covers_staff", "人员安置覆盖全部在册人员", "rows_sum_equals", "block", actions=("approve",),
                         params=(("rows", "staff_placement"), ("column", "count"), ("total", "staff_total"))),
                CheckDef("net_within_total", "净资产不超过资产总额", "not_above",
                         params=(("part", "net_assets"), ("whole", "assets_total"))),
            ),
            letters=("reply_approval",),
        ),
        _platform("key_lab", "北京市重点实验室认定与评估", "重点实验室", "北京市重点实验室认定与运行管理办法",
                  "重点实验室", "20", "1000", "1000"),
        _platform("engineering_center", "北京市工程技术研究中心认定与评估", "工程中心",
                  "北京市工程技术研究中心认定与运行管理办法", "工程技术研究中心", "30", "1000", "500"),
    ),
)

# English of this module's own words (core/english.py; shared words: core/glossary.py).
ENGLISH = {
    "types": {"新型研发机构": "New-type R&D institution", "研发机构资格审核": "R&D institution qualification review",
              "科研院所转制": "Restructuring of a research institute",
              "北京市工程技术研究中心认定与评估": "Beijing engineering technology research centre recognition and evaluation",
              "北京市重点实验室认定与评估": "Beijing key laboratory recognition and evaluation"},
    "states": {"稳定支持": "Stable support", "已核定": "Qualified", "不予核定": "Not qualified",
               "年度复核": "Annual review", "复核审查": "Review examination", "复核合格": "Passed review",
               "方案报送": "Plan submitted", "不予批复": "Not approved", "实施": "Implementation",
               "现场考察": "Site inspection",
               "绩效评估": "Performance evaluation",
               "评估合格": "Passed evaluation",
               "评估材料": "Evaluation materials"},
    "actions": {"专家评审/现场考察": "Expert review or site visit", "年报": "Annual report",
                "稳定支持": "Grant stable support", "资格审核": "Review qualification", "核定资格": "Confirm qualification",
                "不予核定": "Refuse qualification", "报送年度复核材料": "Submit annual review materials",
                "复核审查": "Examine review", "复核合格": "Pass review", "撤销资格": "Revoke qualification",
                "征求财政、人社等部门意见": "Consult finance, human resources and other departments",
                "不予批复": "Refuse approval", "组织实施": "Implement", "改制验收": "Accept the restructuring",
                "报送评估材料": "Submit evaluation materials",
                "撤销认定": "Revoke recognition",
                "现场考察": "Inspect on site",
                "评估合格": "Pass the evaluation",
                "运行绩效评估": "Evaluate performance"},
    "roles": {"申请机构": "Applicant institution", "转制院所": "Restructured institute",
              "依托单位": "Host institution"},
    "help": {"事业单位以12开头，民办非企业单位以52开头": "Public institutions start with 12, private non-enterprise units with 52",
             "如 财关税〔2021〕23号": "e.g. Caiguanshui [2021] No. 23"},
    "fields": {"法人类型": "Legal person type", "举办单位": "Sponsor", "举办/出资单位": "Sponsors and investors",
               "出资额": "Capital contributed", "设理事会": "Has a board", "领衔科学家": "Leading scientist",
               "人员数": "Staff", "年度收入构成": "Annual income", "财政资金": "Fiscal funds",
               "技术性收入": "Technical income", "其他收入": "Other income", "研发投入": "R&D expenditure",
               "绩效评价年度": "Evaluation year", "绩效评价等级": "Evaluation grade",
               "稳定支持金额": "Stable support amount", "资格类型": "Qualification type", "依据文件": "Basis document",
               "核定日期": "Date confirmed", "年度复核": "Annual reviews", "复核日期": "Review date",
               "院所": "Institute", "院所统一社会信用代码": "Institute USCC", "主管部门": "Competent department",
               "转制方向": "Restructuring direction", "改制方案": "Restructuring plan", "资产总额": "Total assets",
               "净资产": "Net assets", "在册人员": "Registered staff", "人员安置": "Staff placement",
               "人数": "Number of staff", "安置办法": "Placement method",
               "下次评估期限": "Next evaluation due",
               "主任": "Director",
               "仪器设备原值": "Equipment original value",
               "依托单位": "Host institution",
               "依托单位统一社会信用代码": "Host institution's USCC",
               "固定人员": "Permanent staff",
               "工程技术研究中心名称": "Engineering centre name",
               "研究方向/技术领域": "Research direction / technology field",
               "科研用房面积": "Research floor area",
               "绩效评估": "Performance evaluations",
               "近三年研发投入": "R&D input (last three years)",
               "重点实验室名称": "Key laboratory name",
               "高级职称人员": "Senior staff",
               "评估结果": "Evaluation result"},
    "checks": {"机构为事业单位或民办非企业单位": "Institution is a public institution or private non-enterprise unit",
               "研发人员不超过人员总数": "R&D staff within total staff",
               "人员安置覆盖全部在册人员": "Placement covers all registered staff",
               "净资产不超过资产总额": "Net assets within total assets",
               "工程技术研究中心认定条件": "Engineering centre conditions",
               "评估周期": "Evaluation cycle",
               "评估期限提醒": "Evaluation reminder",
               "重点实验室认定条件": "Key laboratory conditions",
               "高级职称人员不超过固定人员": "Senior staff within permanent staff"},
    "clocks": {"认定公示期": "Recognition public notice period"},
    "rules": {"统一社会信用代码前两位（事业单位、民办非企业单位）": "USCC prefixes (public institutions, private non-enterprise units)",
              "资格有效期": "Qualification validity",
              "仪器设备原值（不少于）": "Equipment original value (at least)",
              "固定人员（不少于）": "Permanent staff (at least)",
              "科研用房面积（不少于）": "Research floor area (at least)",
              "绩效评估周期": "Evaluation cycle",
              "评估期限前提醒天数": "Days of reminder before the evaluation"},
    "choices": {"科研用品免税资格": "Duty-free research supplies", "研发机构采购设备增值税退税资格": "VAT refund on R&D equipment",
                "其他研发机构资格": "Other R&D institution qualification", "转为企业": "Become an enterprise",
                "转为非营利机构": "Become a non-profit", "并入企业": "Merge into an enterprise",
                "在职转入": "Transferred in post", "提前退休": "Early retirement", "离退休": "Retired",
                "分流安置": "Redeployed"},
}
