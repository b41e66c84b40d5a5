"""Case titles as an officer writes them: the applicant and the matter in the words of the
file ("北京中科量子科技有限公司高新技术企业认定申请", "关于加快新型储能产业发展的建议"),
one pattern per case type, filled from the case's own fields."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from bjstc_desktop.core.validators.districts import district
from bjstc_desktop.demo.profiles import TOPICS

Title = Callable[[random.Random, Mapping[str, Any], int], str]


def _v(f: Mapping[str, Any], key: str, default: str = "") -> str:
    value = f.get(key)
    return str(value) if value not in (None, "", []) else default


def _topic(rng: random.Random) -> str:
    return rng.choice(TOPICS)


def _district_name(f: Mapping[str, Any], key: str) -> str:
    d = district(_v(f, key))
    return d.name if d else "某区"


TITLES: dict[str, Title] = {
    "regulation_draft": lambda rng, f, y: f"《北京市{_topic(rng)}促进办法》（草案）起草",
    "normative_doc": lambda rng, f, y: f"关于印发《北京市支持{_topic(rng)}发展若干措施》的通知（代拟稿）",
    "policy_evaluation": lambda rng, f, y: f"《{_v(f, 'policy_title', '北京市促进科技成果转化条例')}》实施情况评估",
    "admin_reconsideration": lambda rng, f, y: f"{_v(f, 'applicant')}不服{_v(f, 'contested_act')}行政复议案",
    "litigation": lambda rng, f, y: f"{_v(f, 'plaintiff')}诉我委{_v(f, 'contested_act')}行政诉讼案",
    "plan": lambda rng, f, y: f"北京市{y}年科技工作要点" if _v(f, "plan_kind") == "年度计划" else _v(
        f, "plan_title", f"北京市“十五五”时期{_topic(rng)}专项规划"),
    "plan_evaluation": lambda rng, f, y: f"{_v(f, 'plan_title', '北京市科技创新规划')}{_v(f, 'evaluation_kind', '中期评估')}",
    "project_call": lambda rng, f, y: f"{_v(f, 'call_year', str(y))}年度北京市{_v(f, 'program_category')}项目申报指南",
    "project": lambda rng, f, y: f"{_topic(rng)}关键技术研究与应用示范",
    "agri_pilot": lambda rng, f, y: f"{rng.choice(('设施蔬菜', '优质种猪', '京郊林果', '冷水鱼'))}{rng.choice(('绿色生产', '智慧管理'))}技术集成示范",
    "intl_project": lambda rng, f, y: f"{_topic(rng)}国际联合研发（{_v(f, 'partner_country', '德国')}）",
    "project_change": lambda rng, f, y: f"“{_v(f, 'project_title', '某项目')}”项目调整申请（{_v(f, 'change_kind', '其他')}）",
    "hnte": lambda rng, f, y: f"{_v(f, 'enterprise')}高新技术企业认定申请",
    "enterprise_rd_center": lambda rng, f, y: f"{_v(f, 'enterprise')}企业研发机构{_v(f, 'application_kind', '认定')}申请",
    "sme_evaluation": lambda rng, f, y: f"{_v(f, 'enterprise')}科技型中小企业评价（{y}年）",
    "achievement_registration": lambda rng, f, y: f"“{_v(f, 'achievement_name')}”科技成果登记",
    "incubator": lambda rng, f, y: f"{_v(f, 'carrier_name')}认定申请",
    "hnte_change": lambda rng, f, y: f"{_v(f, 'enterprise')}高新技术企业{_v(f, 'matter', '更名')}",
    "budget": lambda rng, f, y: f"{_v(f, 'budget_year', str(y))}年{_v(f, 'special_fund', '科技专项')}预算",
    "disbursement": lambda rng, f, y: f"“{_v(f, 'project_title', '某项目')}”项目经费拨付",
    "fund_inspection": lambda rng, f, y: f"{_v(f, 'inspected_unit')}科技经费{_v(f, 'inspection_kind', '监督检查')}",
    "new_rd_institution": lambda rng, f, y: f"{_v(f, 'institution')}新型研发机构认定",
    "institution_qualification": lambda rng, f, y: f"{_v(f, 'institution')}{_v(f, 'qualification_kind')}审核",
    "institute_restructuring": lambda rng, f, y: f"{_v(f, 'institute')}转制方案",
    "key_lab": lambda rng, f, y: f"{_v(f, 'platform_name')}认定",
    "engineering_center": lambda rng, f, y: f"{_v(f, 'platform_name')}认定",
    "tech_contract": lambda rng, f, y: f"{_v(f, 'seller')}“{_v(f, 'project_name')}”{_v(f, 'contract_type')}合同登记",
    "award_nomination": lambda rng, f, y: f"“{_v(f, 'project_name')}”提名{y}年度北京市{_v(f, 'award_category')}",
    "national_award_nomination": lambda rng, f, y: f"“{_v(f, 'project_name')}”提名{y}年度{_v(f, 'award')}",
    "secrecy_determination": lambda rng, f, y: f"“{_v(f, 'object_name')}”定密事项（{_v(f, 'action_kind', '确定')}）",
    "popularization_event": lambda rng, f, y: f"{_v(f, 'event_year', str(y))}年{_v(f, 'event_kind', '科普活动')}活动方案",
    "popularization_base": lambda rng, f, y: f"{_v(f, 'base_name')}申报北京市科普基地",
    "intermediary": lambda rng, f, y: f"{_v(f, 'org')}{_v(f, 'org_kind', '技术转移机构')}认定",
    "lab_animal_licence": lambda rng, f, y: f"{_v(f, 'applicant')}实验动物{_v(f, 'licence_type')[:5]}（{_v(f, 'matter', '新办')}）",
    "sd_zone": lambda rng, f, y: f"{_v(f, 'zone_name', '北京市某区可持续发展实验区')}创建",
    "tech_export_review": lambda rng, f, y: f"{_v(f, 'exporter')}“{_v(f, 'tech_name')}”出口技术审查",
    "exchange_visit": lambda rng, f, y: (f"赴{_v(f, 'countries', '德国')}开展科技合作交流" if _v(f, "direction") == "出访"
                                         else f"接待{_v(f, 'countries', '德国')}科技代表团来访"),
    "academician_nomination": lambda rng, f, y: f"{_v(f, 'candidate_name')}{_v(f, 'academy')}院士候选人材料公示与审核",
    "talent_program": lambda rng, f, y: f"{_v(f, 'candidate_name')}申报{_v(f, 'program')}",
    "foreign_work_permit": lambda rng, f, y: f"{_v(f, 'employer')}聘用{_v(f, 'applicant_name')}来华工作许可",
    "work_permit_change": lambda rng, f, y: f"{_v(f, 'applicant_name')}外国人工作许可{_v(f, 'matter', '延期')}",
    "stat_survey": lambda rng, f, y: f"{y - 1}年度{_v(f, 'survey_system', '科技统计报表制度')}调查",
    "periodical": lambda rng, f, y: f"《{rng.choice(('北京科技', '首都科学', '现代仪器', '智能制造前沿'))}》{y}年度核验",
    "district_request": lambda rng, f, y: f"{_district_name(f, 'from_district')}关于{_v(f, 'matter_kind', '有关事项')}的请示",
    "district_evaluation": lambda rng, f, y: f"{_v(f, 'eval_year', str(y - 1))}年度各区科技工作考核",
    "assigned_task": lambda rng, f, y: f"关于落实市领导对{_topic(rng)}工作批示的办理",
    "proposal_reply": lambda rng, f, y: (f"关于加快{_topic(rng)}发展的" + ("建议" if _v(f, "source") == "人大代表建议" else "提案")),
    "hotline_order": lambda rng, f, y: f"{_v(f, 'appeal_kind', '咨询')}：{rng.choice(('科技型中小企业评价', '高新技术企业认定', '技术合同登记', '科普基地开放时间'))}",
    "info_disclosure": lambda rng, f, y: f"{_v(f, 'applicant_name')}申请公开政府信息",
    "petition": lambda rng, f, y: f"{_v(f, 'appellant')}反映{rng.choice(('项目经费拨付', '科技奖励评审', '技术合同登记'))}问题",
}


def case_title(rng: random.Random, code: str, name: str, fields: Mapping[str, Any], year: int) -> str:
    """The title of a demo case of type `code` (the type's name when no pattern is set)."""
    pattern = TITLES.get(code)
    return pattern(rng, fields, year) if pattern else name
