"""Valid identifiers and a small expert pool for the tests of the shared duties."""

from __future__ import annotations

from typing import Any

from bjstc_desktop.core.validators.idcard import id_check_char
from bjstc_desktop.core.validators.uscc import uscc_check_char
from bjstc_desktop.workstation import Workstation


def uscc(n: int) -> str:
    """A USCC with a right check character (an enterprise registered in 海淀)."""
    body = f"91110108{n:09d}"
    return body + uscc_check_char(body)


def id_number(n: int) -> str:
    """A resident ID number with a right check character."""
    body = f"110105{1960 + n % 30}0{1 + n % 9}1{n % 10}{n % 1000:03d}"
    return body + id_check_char(body)


APPLICANT = uscc(1)
HNTE = {"enterprise": "北京高企科技有限公司", "enterprise_uscc": APPLICANT}


def add_pool(ws: Workstation, tech: int = 8, finance: int = 2, start: int = 100, **overrides: Any) -> list[str]:
    """Experts: `tech` 技术专家 (520) and `finance` 财务专家 (790), each at his own employer."""
    ids = []
    for i in range(tech + finance):
        category, code = ("技术专家", "520") if i < tech else ("财务专家", "790")
        values = {"name": f"{category[:2]}专家{i:02d}", "id_number": id_number(start + i),
                  "employer": f"单位{start + i}", "employer_uscc": uscc(start + i), "disciplines": code,
                  "category": category, "professional_title": "研究员", **overrides}
        ids.append(ws.experts.add(values).id)
    return ids


def hnte_in_review(ws: Workstation, fields: dict[str, Any] | None = None) -> str:
    """An HNTE case moved to 专家评审."""
    case = ws.cases.create("hnte", "北京高企科技有限公司高新技术企业认定", {**HNTE, **(fields or {})})
    for action in ("examine", "accept", "start_review", "expert_review"):
        ws.workflow.act(case.id, action)
    return case.id


HNTE_SCORES = {"ip": 80, "conversion": 90, "rd_management": 70, "growth": 60}
