"""What each text field of the demo holds, and how to tell a value that fits it.

Every TEXT, LONG_TEXT and PARTY field (and every such column of a table) of every case
type has a profile: `make` invents a value the way the commission's files hold one (a
project name reads like a project name, a 国别代码 is a customs code, a 届次 is a
session), and `fits` says whether a value is plausible for the field, independently of
how it was made (tests/e2e/test_demo_quality.py holds every stored demo value to it).
Profiles are found by "<case type>.<key>", then "<rows key>.<column>", then "<key>".
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.demo.values import SURNAMES, TOPICS, fake_org_name, fake_person

# --- vocabularies -----------------------------------------------------------------------

OBJECTS = ("关键技术研究", "核心部件研制", "应用示范", "平台建设", "产业化", "标准体系研究", "测试评价方法研究",
           "工程化验证")
CUSTOMS_COUNTRIES = {"142": "中国", "110": "中国香港", "116": "日本", "132": "新加坡", "133": "韩国", "303": "英国",
                     "304": "德国", "305": "法国", "309": "荷兰", "330": "瑞典", "502": "美国", "601": "澳大利亚"}
FOREIGN_ORGS = ("Helix Biotech GmbH", "Nordlicht Instruments AG", "Maple Robotics Inc.", "Sakura Precision Co., Ltd.",
                "Lumen Photonics Ltd.", "Rhein Materials GmbH", "Kestrel Aerospace Inc.")
FOREIGN_PEOPLE = ("Anna Müller", "David Johnson", "Kenji Tanaka", "Olivia Martin", "Lucas Silva", "Emma Larsen",
                  "Minho Park", "Sophie Dubois")
COUNTRIES_ZH = ("德国", "法国", "日本", "新加坡", "英国", "瑞士", "以色列", "荷兰", "韩国", "澳大利亚")
OFFICES = ("政策法规处", "发展计划处", "基础研究处", "高新技术处", "资源配置与管理处", "科技金融处", "成果转化处",
           "国际合作处", "人才工作处", "科学技术普及处", "区域发展处", "办公室")
RESEARCH_FIELDS = ("信息科学", "生命科学", "材料科学", "化学", "地球科学", "工程与技术", "医学", "农业科学")
SOCIETIES = ("中国化学会", "中国电子学会", "中国生物医学工程学会", "中国材料研究学会", "中国自动化学会")
DIVISIONS = ("数学物理学部", "化学部", "生命科学和医学学部", "地学部", "信息技术科学部", "技术科学部")
COURTS = ("北京市第四中级人民法院", "北京铁路运输法院", "北京市西城区人民法院")
_DISTRICTS = ("海淀区", "朝阳区", "丰台区", "昌平区", "大兴区", "通州区", "顺义区", "房山区", "怀柔区", "经开区")

# --- what fits ---------------------------------------------------------------------------

_ORG_END = (r"(公司|大学|学院|研究院|研究所|研究中心|中心|医院|学会|协会|委员会|局|政府|法院|事务所|实验室|孵化器|"
            r"基地|馆|园|集团|站|院|部|办公室|联盟|GmbH|AG|Inc\.|Ltd\.|Co\., Ltd\.)")
_FITS: dict[str, Callable[[str], bool]] = {
    "org": lambda v: bool(re.fullmatch(rf".{{3,40}}{_ORG_END}", v)) and not any(t in v for t in TOPICS),
    "orgs": lambda v: all(_FITS["org"](x) for x in re.split("[、，,]", v)),
    "org_or_person": lambda v: _FITS["org"](v) or _FITS["person"](v),  # a seller may be a natural person
    "person": lambda v: bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", v)) and v[0] in SURNAMES + "欧司诸上",
    "foreign_person": lambda v: v in FOREIGN_PEOPLE or bool(re.fullmatch(r"[A-Z][a-zü]+ [A-Z][a-zü]+", v)),
    "title_person": lambda v: bool(re.fullmatch(r"(主任|副主任|处长|副处长|一级巡视员)[\u4e00-\u9fff]{2,4}", v)),
    "contact": lambda v: bool(re.fullmatch(r"[\u4e00-\u9fff]{2,4} 010-\d{8}|1[3-9]\d{9}|010-\d{8}", v)),
    "office": lambda v: all(x in OFFICES for x in v.split("、")),
    "country_code": lambda v: v in CUSTOMS_COUNTRIES,
    "countries": lambda v: all(x in COUNTRIES_ZH for x in v.split("、")),
    "project": lambda v: any(o in v for o in OBJECTS) and 6 <= len(v) <= 40 and sum(t in v for t in TOPICS) <= 1,
    "sentence": lambda v: len(v) >= 12 and v.endswith(("。", "）")) and sum(t in v for t in TOPICS) <= 1,
    "short_text": lambda v: 2 <= len(v) <= 40 and sum(t in v for t in TOPICS) <= 1 and not v.endswith("。"),
    # a single space may part a code, as in a foreign register number (HRB 62913)
    "code": lambda v: bool(re.fullmatch(r"[A-Z0-9\-（）()〔〕\u4e00-\u9fff]+( [A-Z0-9\-]+)?", v)) and 3 <= len(v) <= 30
    and bool(re.search(r"\d", v)),
    "doc_ref": lambda v: bool(re.fullmatch(r"[\u4e00-\u9fff]{2,8}〔20\d\d〕\d{1,4}号", v)),
    "digits": lambda v: v.isdigit(),
    "number": lambda v: bool(re.fullmatch(r"-?\d+(\.\d+)?%?", v)),
    "unit": lambda v: v in ("项", "家", "人", "%", "万元", "亿元", "件", "个", "次", "人次", "平方米", "篇", "套"),
    "session": lambda v: bool(re.fullmatch(r"市(第十[五六]届人大|政协第十[三四]届)第[一二三四五]次会议", v)),
    "place": lambda v: bool(re.search(r"(区|路|街|号|馆|中心|园|镇)", v)) and len(v) <= 40,
    "period": lambda v: bool(re.fullmatch(r"\d{1,2}(年|个月)", v)),
    "division": lambda v: v in DIVISIONS,
    "field_name": lambda v: v in RESEARCH_FIELDS or v.endswith(("业", "学", "技术", "服务业")),
    "species": lambda v: bool(re.search(r"(小鼠|大鼠|豚鼠|兔|犬|猴|斑马鱼)$", v)),
}


@dataclass(frozen=True)
class Profile:
    """How the demo fills a field and what a fitting value looks like (`fits` names a
    rule of _FITS; `fits_rule` is that rule)."""

    make: Callable[[random.Random], str]
    fits: str

    def fits_value(self, value: Any) -> bool:
        """Whether `value` is plausible for the field."""
        return isinstance(value, str) and _FITS[self.fits](value)


def _pick(*options: str) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(options)


def _project(rng: random.Random) -> str:
    return f"{rng.choice(TOPICS)}{rng.choice(OBJECTS)}"


def _institute(rng: random.Random) -> str:
    return f"北京{rng.choice(('先进', '智能', '生命', '信息', '材料', '能源'))}{rng.choice(('技术', '科学'))}研究院"


def _org(rng: random.Random) -> str:
    return fake_org_name(rng) if rng.random() < 0.7 else _institute(rng)


def _gov(rng: random.Random) -> str:
    return f"北京市{rng.choice(_DISTRICTS[:-1])}科学技术和信息化局"


def _sentence(*starts: str) -> Callable[[random.Random], str]:
    return lambda rng: f"{rng.choice(starts).format(topic=rng.choice(TOPICS))}。"


def _code(prefix: str, digits: int = 4) -> Callable[[random.Random], str]:
    return lambda rng: f"{prefix}{rng.randint(10 ** (digits - 1), 10 ** digits - 1)}"


def _doc(*daizi: str) -> Callable[[random.Random], str]:
    return lambda rng: f"{rng.choice(daizi)}〔{rng.choice((2024, 2025, 2026))}〕{rng.randint(1, 260)}号"


def _contact(rng: random.Random) -> str:
    return f"{fake_person(rng)} 010-{rng.randint(60000000, 89999999)}"


ORG = Profile(_org, "org")
COMPANY = Profile(fake_org_name, "org")
INSTITUTE = Profile(_institute, "org")
PERSON = Profile(fake_person, "person")
OFFICE = Profile(_pick(*OFFICES), "office")
PROJECT = Profile(_project, "project")
OPINION = Profile(_sentence("经审查，材料齐全，符合规定", "经研究，同意按程序办理", "经核实，情况属实，建议予以支持"), "sentence")
CONTACT = Profile(_contact, "contact")
INDICATOR = Profile(_pick("发明专利授权量", "技术合同成交额", "研发投入强度", "高新技术企业数量", "孵化企业数量",
                          "科技成果转化项目数", "标准制定数量"), "short_text")
UNIT = Profile(_pick("项", "家", "%", "亿元", "件", "个"), "unit")
NUMBER = Profile(lambda rng: str(rng.randint(5, 500)), "number")

PROFILES: dict[str, Profile] = {
    # organisations and people
    **{k: ORG for k in ("undertaker", "institution", "institute", "org", "first_unit", "host", "operator", "sponsor",
                        "partners.name", "investors.name", "completing_units.name", "respondents.org",
                        "inspected_unit", "payee", "exhibits.exhibitor", "sub_events.organiser", "tasks.lead_unit",
                        "inviting_org", "completers.workplace", "experts.workplace", "members.workplace", "workplace",
                        "plaintiff", "third_party_name", "supervisor", "recommender")},
    **{k: COMPANY for k in ("enterprise", "buyer", "seller", "employer", "exporter")},
    **{k: PERSON for k in ("appellant", "candidate_name", "completers.name", "experts.name", "members.name",
                           "nominators.name", "delegation_head", "director", "drafter", "editor_in_chief",
                           "lead_scientist", "leader", "mentor", "registrar", "responsible", "proposer")},
    **{k: OFFICE for k in ("lead_office", "joint_offices", "countersign_offices", "handling_office")},
    **{k: PROJECT for k in ("project_name", "project_title", "tech_name", "object_name", "achievement_name")},
    **{k: CONTACT for k in ("contact",)},
    **{k: OPINION for k in ("experts.opinion", "legality_opinion", "unit_opinion", "review_opinion",
                            "conclusion_text", "plan_opinion")},
    **{k: INDICATOR for k in ("indicators.name", "indicators.indicator", "kpis.name", "performance_targets.name")},
    **{k: UNIT for k in ("indicators.unit", "kpis.unit", "performance_targets.unit")},
    **{k: NUMBER for k in ("indicators.actual", "indicators.baseline", "indicators.target", "indicators.value",
                           "kpis.actual", "kpis.target", "performance_targets.actual", "performance_targets.target")},
    "applicant": ORG,
    "admin_reconsideration.applicant": Profile(fake_org_name, "org"),
    "tech_contract.seller": Profile(fake_org_name, "org_or_person"),  # demo/shapers.py: now and then 自然人
    "applicant_name": PERSON,
    "foreign_work_permit.applicant_name": Profile(_pick(*FOREIGN_PEOPLE), "foreign_person"),
    "work_permit_change.applicant_name": Profile(_pick(*FOREIGN_PEOPLE), "foreign_person"),
    "appearing_head": Profile(lambda rng: f"{rng.choice(('主任', '副主任'))}{fake_person(rng)}", "title_person"),
    "nominator": INSTITUTE,  # 提名单位
    "partner_org": Profile(_pick(*FOREIGN_ORGS), "org"),
    "recipient": Profile(_pick(*FOREIGN_ORGS), "org"),
    "society": Profile(_pick(*SOCIETIES), "org"),
    "review_body": Profile(_pick("北京市人民政府"), "org"),
    "court": Profile(_pick(*COURTS), "org"),
    "transferred_to": Profile(_gov, "org"),
    "supervisor_dept": Profile(_pick("北京市科学技术委员会", "北京市教育委员会", "北京市卫生健康委员会"), "org"),
    "evaluator": Profile(_pick("北京科学学研究中心", "北京市科学技术研究院", "北京某科技评估事务所"), "org"),
    "inspector": Profile(_pick("北京某会计师事务所", "北京科技评估中心"), "org"),
    "audit_firm": Profile(_pick("北京中天华会计师事务所", "北京恒信会计师事务所", "北京立信税务师事务所"), "org"),
    "audit_reports.firm": Profile(_pick("北京中天华会计师事务所", "北京恒信会计师事务所"), "org"),
    "register_point": Profile(lambda rng: f"北京市{rng.choice(_DISTRICTS[:-1])}技术合同登记站", "org"),
    "management_body": Profile(lambda rng: f"北京市{rng.choice(_DISTRICTS[:-1])}可持续发展实验区管理办公室", "org"),
    "organisers": Profile(lambda rng: f"北京市科学技术委员会、{_gov(rng)}", "orgs"),
    "joint_units": Profile(lambda rng: "北京市财政局、北京市发展和改革委员会", "orgs"),
    "tasks.partner_units": Profile(lambda rng: f"{_gov(rng)}、北京市财政局", "orgs"),
    "approval_authority": Profile(_pick("国家统计局"), "org"),
    "form_authority": Profile(_pick("科学技术部", "北京市科学技术委员会"), "org"),
    "authority": Profile(_pick("北京市科学技术委员会"), "org"),
    # codes and numbers
    "buyer_country": Profile(lambda rng: rng.choice(("142",) * 6 + ("502", "304", "116", "110")), "country_code"),
    "seller_country": Profile(_pick("142"), "country_code"),
    "buyer_passport": Profile(_code("E", 8), "code"),
    "seller_passport": Profile(_code("E", 8), "code"),
    "buyer_foreign_reg": Profile(_code("HRB ", 5), "code"),
    "seller_foreign_reg": Profile(_code("HRB ", 5), "code"),
    "passport_no": Profile(_code("C", 8), "code"),
    "permit_no": Profile(lambda rng: f"1101{rng.randint(2020, 2026)}{rng.randint(10 ** 7, 10 ** 8 - 1)}", "digits"),
    "project_no": Profile(lambda rng: f"Z{rng.randint(24, 26)}11000{rng.randint(1000, 9999)}", "code"),
    "project_case_no": Profile(lambda rng: f"项目〔{rng.choice((2025, 2026))}〕{rng.randint(1, 300)}号", "doc_ref"),
    "plan_case_no": Profile(lambda rng: f"规划〔{rng.choice((2025, 2026))}〕{rng.randint(1, 30)}号", "doc_ref"),
    "order_no": Profile(lambda rng: f"2026{rng.randint(10 ** 9, 10 ** 10 - 1)}", "digits"),
    "incoming_no": Profile(lambda rng: f"{rng.randint(1, 1200):04d}", "digits"),
    "assigned_task.incoming_no": Profile(_doc("京政督", "京政办督"), "doc_ref"),
    "approval_no": Profile(_doc("京外办", "京科外"), "doc_ref"),
    "stat_survey.approval_no": Profile(_doc("国统制"), "doc_ref"),
    "audit_report_no": Profile(_doc("中天华专审", "恒信审字"), "doc_ref"),
    "audit_reports.report_no": Profile(_doc("中天华专审", "恒信审字"), "doc_ref"),
    "changes.decision_no": Profile(_doc("京科密"), "doc_ref"),
    "filing_no": Profile(_doc("京科备", "京司备"), "doc_ref"),
    "intent_no": Profile(lambda rng: f"{rng.choice((2025, 2026))}CN11XY{rng.randint(1000, 9999)}", "code"),
    "licence_no": Profile(lambda rng: f"{rng.choice((2025, 2026))}CN11XK{rng.randint(1000, 9999)}", "code"),
    "contract_no": Profile(lambda rng: f"EX-{rng.choice((2025, 2026))}-{rng.randint(100, 999)}", "code"),
    "batches.voucher": Profile(lambda rng: f"京科拨{rng.choice((2025, 2026))}-{rng.randint(100, 999)}", "code"),
    "court_case_no": Profile(lambda rng: f"（{rng.choice((2025, 2026))}）京04行初{rng.randint(10, 999)}号", "code"),
    "review_case_no": Profile(lambda rng: f"京政复字〔{rng.choice((2025, 2026))}〕{rng.randint(10, 999)}号", "doc_ref"),
    "registration_no": Profile(lambda rng: f"2026110108A{rng.randint(10 ** 6, 10 ** 7 - 1)}", "code"),
    "achievement_registration.registration_no": Profile(lambda rng: f"9112026Y{rng.randint(1000, 9999)}", "code"),
    "object_ref": Profile(lambda rng: f"Z{rng.randint(24, 26)}11000{rng.randint(1000, 9999)}", "code"),
    "special_code": Profile(lambda rng: f"ZX{rng.randint(2024, 2026)}{rng.randint(10, 99)}", "code"),
    "form_no": Profile(lambda rng: f"{rng.choice(('JJ', 'KJ', 'RD'))}-{rng.randint(101, 999)}", "code"),
    "directions.code": Profile(lambda rng: f"{rng.randint(1, 9)}.{rng.randint(1, 9)}", "number"),
    "tasks.no": Profile(lambda rng: str(rng.randint(1, 40)), "number"),
    "findings.task_no": Profile(lambda rng: str(rng.randint(1, 40)), "number"),
    "outputs.number": Profile(lambda rng: f"ZL2025{rng.randint(10 ** 8, 10 ** 9 - 1)}", "code"),
    "ip_list.number": Profile(lambda rng: f"ZL2024{rng.randint(10 ** 8, 10 ** 9 - 1)}", "code"),
    "rd_fte": Profile(lambda rng: f"{rng.randint(20, 900)}.{rng.randint(0, 9)}", "number"),
    "publicity_batch": Profile(lambda rng: f"{rng.choice((2025, 2026))}年第{rng.choice('一二三四')}批", "short_text"),
    "batch": Profile(lambda rng: f"{rng.choice((2025, 2026))}年第{rng.choice('一二三四')}批", "short_text"),
    "session": Profile(lambda rng: rng.choice(("市第十六届人大", "市政协第十四届")) + f"第{rng.choice('一二三四')}次会议",
                       "session"),
    "report_period": Profile(lambda rng: f"{rng.choice((2024, 2025))}年", "short_text"),
    "changes.from_period": Profile(lambda rng: f"{rng.choice((5, 10))}年", "period"),
    "changes.to_period": Profile(lambda rng: f"{rng.choice((3, 8))}年", "period"),
    # places and subjects
    "countries": Profile(lambda rng: "、".join(rng.sample(COUNTRIES_ZH, rng.randint(1, 3))), "countries"),
    "partner_country": Profile(_pick(*COUNTRIES_ZH), "countries"),
    "recipient_country": Profile(_pick(*COUNTRIES_ZH), "countries"),
    "nationality": Profile(_pick(*COUNTRIES_ZH), "countries"),
    "moved_from": Profile(_pick("天津市", "河北省", "上海市", "江苏省"), "short_text"),
    "facility_address": Profile(lambda rng: f"北京市{rng.choice(_DISTRICTS[:-1])}科学园路{rng.randint(1, 99)}号", "place"),
    "main_venue": Profile(_pick("中国科学技术馆", "北京科学中心", "中关村国家自主创新示范区展示中心"), "place"),
    "sub_events.venue": Profile(lambda rng: f"{rng.choice(_DISTRICTS[:-1])}科技馆", "place"),
    "pilot_base": Profile(lambda rng: f"{rng.choice(('通州', '顺义', '平谷', '延庆'))}现代农业科技示范园", "place"),
    "division": Profile(_pick(*DIVISIONS), "division"),
    "nominators.division": Profile(_pick(*DIVISIONS), "division"),
    "discipline": Profile(_pick(*RESEARCH_FIELDS), "field_name"),
    "science_field": Profile(_pick(*RESEARCH_FIELDS), "field_name"),
    "industry": Profile(_pick("软件和信息技术服务业", "医药制造业", "专用设备制造业", "科学研究和技术服务业"), "field_name"),
    "species": Profile(_pick("SPF级C57BL/6小鼠", "SD大鼠", "新西兰兔", "比格犬", "斑马鱼"), "species"),
    "position": Profile(_pick("首席科学家", "研发总监", "高级工程师", "技术顾问"), "short_text"),
    "members.title": Profile(_pick("研究员", "教授", "高级工程师", "处长", "副研究员"), "short_text"),
    "members.role": Profile(_pick("团长", "团员", "翻译"), "short_text"),
    "leader_title": Profile(_pick("研究员", "教授", "高级工程师", "副研究员"), "short_text"),
    "theme": Profile(lambda rng: f"科技创新 {rng.choice(('共享未来', '点亮生活', '赋能发展'))}", "short_text"),
    "guide_direction": Profile(lambda rng: f"{rng.choice(TOPICS)}方向", "short_text"),
    "directions.name": Profile(lambda rng: f"{rng.choice(TOPICS)}方向", "short_text"),
    "priority_areas": Profile(lambda rng: "、".join(rng.sample(TOPICS[:8], 1)) + "等领域", "short_text"),
    "special_fund": Profile(_pick("基础研究专项", "科技成果转化统筹协调与服务平台专项", "高精尖产业发展资金"), "short_text"),
    "economic_class": Profile(_pick("30201 办公费", "30227 委托业务费", "31002 办公设备购置"), "short_text"),
    "function_class": Profile(_pick("20601 科学技术管理事务", "20604 技术研究与开发", "20605 科技条件与服务"), "short_text"),
    "task_source": Profile(_pick("北京市科技计划", "国家重点研发计划", "企业自主立项"), "short_text"),
    "basis": Profile(_pick("科学技术保密事项范围第3条", "科学技术保密事项范围第5条"), "short_text"),
    "basis_doc": Profile(_pick("财关税〔2021〕23号", "财关税〔2021〕24号"), "doc_ref"),
    "declass_condition": Profile(_pick("相关产品公开发布后", "项目验收并完成专利申请后"), "short_text"),
    "knowers": Profile(lambda rng: f"项目组核心成员及{rng.choice(OFFICES)}承办人员（共{rng.randint(3, 9)}人）。", "sentence"),
    "control_points": Profile(_pick("工艺参数及配方", "核心算法源代码", "关键设备设计图纸"), "short_text"),
    "survey_system": Profile(_pick("科技统计报表制度", "研究与试验发展（R&D）投入统计报表制度", "技术市场统计调查制度"),
                             "short_text"),
    "plan_title": Profile(lambda rng: f"北京市“十五五”时期{rng.choice(('科技创新', '国际科技创新中心建设'))}规划", "short_text"),
    "policy_title": Profile(_pick("北京市促进科技成果转化条例", "中关村国家自主创新示范区若干措施"), "short_text"),
    "related_policy": Profile(_pick("北京市促进科技成果转化条例", "北京市科学技术奖励办法"), "short_text"),
    "legislative_basis": Profile(_pick("市政府年度立法工作计划", "本委年度规范性文件制定计划"), "short_text"),
    "zone_name": Profile(lambda rng: f"北京市{rng.choice(_DISTRICTS[:-1])}可持续发展实验区", "short_text"),
    "base_name": Profile(lambda rng: f"{rng.choice(('北京天文馆', '北京自然博物馆', '中国农业博物馆', '某重点实验室科普展厅'))}",
                         "short_text"),
    "carrier_name": Profile(lambda rng: f"中关村{rng.choice(TOPICS)}孵化器", "short_text"),
    "center_name": Profile(lambda rng: f"{rng.choice(TOPICS)}研发中心", "short_text"),
    "platform_name": Profile(lambda rng: f"北京市{rng.choice(TOPICS)}重点实验室", "short_text"),
    "engineering_center.platform_name": Profile(lambda rng: f"北京市{rng.choice(TOPICS)}工程技术研究中心", "short_text"),
    "contested_act": Profile(_pick("不予认定高新技术企业的决定", "不予登记技术合同的决定", "撤销科普基地命名的决定",
                                   "不予公开政府信息的答复"), "short_text"),
    "matter": Profile(_pick("申请区级科技专项资金配套", "关于设立区级科技创新基金的请示"), "short_text"),
    "change_content": Profile(_pick("延长执行期6个月", "调整项目负责人", "调剂预算科目"), "short_text"),
    "reason": Profile(_sentence("因关键设备到货延迟，需延长试验周期", "原负责人工作调动，需更换负责人"), "sentence"),
    "remark": Profile(_pick("已电话确认", "材料已存档", "原件已核验"), "short_text"),
    "reply_content": Profile(_sentence("经核实，已联系诉求人说明政策规定", "已协调相关单位办理完毕"), "sentence"),
    "requested_info": Profile(_sentence("2025年度北京市科技计划项目立项清单", "{topic}领域科技项目经费使用情况"), "sentence"),
    "content": Profile(_sentence("反映{topic}项目经费拨付进度缓慢", "咨询科技型中小企业评价政策"), "sentence"),
    "instruction": Profile(_sentence("请市科委牵头研究{topic}产业支持措施", "请抓紧推进，按时报送办理结果"), "sentence"),
    "completion_report": Profile(_sentence("已按批示要求完成{topic}专题调研并报送报告"), "sentence"),
    "purpose": Profile(_sentence("参加{topic}国际学术会议并开展合作交流"), "sentence"),
    "plan_summary": Profile(_sentence("整体转制为科技型企业，资产评估后划转"), "sentence"),
    "summary": Profile(_sentence("项目围绕{topic}开展攻关，形成核心技术和示范应用"), "sentence"),
    "innovations": Profile(_sentence("提出{topic}的新方法，突破关键工艺"), "sentence"),
    "review_findings": Profile(_sentence("研发费用归集不实，高新技术产品收入占比不足"), "sentence"),
    "scope": Profile(_sentence("SPF级小鼠、大鼠的繁育和实验"), "sentence"),
    "quality_issues": Profile(_sentence("个别文章引文格式不规范"), "sentence"),
    "plan_doc": Profile(_sentence("实验区总体规划（2026—2030年）已编制完成"), "sentence"),
    "progress.content": Profile(_sentence("已完成调研，正在起草报告"), "sentence"),
    "communication.content": Profile(_sentence("与代表电话沟通办理思路"), "sentence"),
    "findings.content": Profile(_sentence("年度重点任务总体按计划推进，个别指标进度滞后",
                                          "{topic}相关任务完成情况好于预期"), "sentence"),
    "conclusion": Profile(_sentence("总体完成阶段目标，建议继续实施并加强跟踪监测",
                                    "各区科技工作成效明显，考核结果予以通报"), "sentence"),
    "old_name": COMPANY,
    "new_name": COMPANY,
    "findings.description": Profile(_sentence("部分经费未按预算科目列支"), "sentence"),
    "objections.content": Profile(_sentence("对主要完成人排序及实际贡献提出异议", "反映申报材料中的业绩数据与实际不符"),
                                  "sentence"),
    "directions.content": Profile(_sentence("面向{topic}开展关键技术攻关，形成可验证的考核指标"), "sentence"),
    "tasks.content": Profile(_sentence("推进{topic}重点任务落地"), "sentence"),
    "tasks.progress": Profile(_pick("已完成", "推进中", "未启动"), "short_text"),
    "completers.contribution": Profile(_sentence("负责总体方案设计和关键技术攻关"), "sentence"),
    "staff_placement.arrangement": Profile(_sentence("按规定签订劳动合同，接续社会保险"), "sentence"),
    "extensions.reason": Profile(_sentence("涉及多部门会商，需延长办理时间"), "sentence"),
    "experts.recusal_reason": Profile(_sentence("与申报单位存在合作关系"), "sentence"),
    "budget_lines.note": Profile(_sentence("按市场询价测算"), "sentence"),
    "indicators.source": Profile(_pick("北京市统计局", "本委统计"), "short_text"),
    "milestones.name": Profile(_pick("完成样机研制", "完成中试验证", "通过第三方测试", "形成示范应用"), "short_text"),
    "demo_projects.name": Profile(lambda rng: f"{rng.choice(TOPICS)}示范工程", "short_text"),
    "outputs.title": Profile(lambda rng: f"一种{rng.choice(TOPICS)}装置及方法", "short_text"),
    "ip_list.name": Profile(lambda rng: f"一种{rng.choice(TOPICS)}系统", "short_text"),
    "exhibits.name": Profile(lambda rng: f"{rng.choice(TOPICS)}互动展项", "short_text"),
    "exhibits.category": Profile(_pick("互动展项", "实物展品", "多媒体展示"), "short_text"),
    "prior_awards.name": Profile(_pick("北京市科学技术奖", "中国专利奖"), "short_text"),
    "prior_awards.level": Profile(_pick("一等奖", "二等奖", "优秀奖"), "short_text"),
    "prior_awards.body": Profile(_pick("北京市人民政府", "国家知识产权局"), "org"),
    "completing_units.nature": Profile(_pick("企业", "科研院所", "高等院校"), "short_text"),
    "evaluation_doc": Profile(_doc("京科评", "中评"), "doc_ref"),
}

def profile_for(case_type: str, key: str, rows_key: str = "") -> Profile | None:
    """The profile of field `key` (a column of `rows_key` when given) of `case_type`."""
    full = f"{rows_key}.{key}" if rows_key else key
    return PROFILES.get(f"{case_type}.{full}") or PROFILES.get(full)
