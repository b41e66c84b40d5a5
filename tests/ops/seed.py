"""Known cases for the dashboard and export tests, with the exact figures they give."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from bjstc_desktop.core.classification import Level
from bjstc_desktop.store.models import Case
from bjstc_desktop.workstation import Workstation

SELLER_USCC = "91350100M000100Y43"
WAN = 1_000_000  # fen in one 万元
RECEIVED = dt.date(2026, 3, 2)


def _contract(ws: Workstation, title: str, contract_type: str, amount_wan: int, tech_wan: int, field: str,
              district: str, registered: str | None, level: Level = Level.PUBLIC) -> str:
    fields: dict[str, Any] = {"contract_type": contract_type, "seller": "北京冰雪科技有限公司",
                              "seller_uscc": SELLER_USCC, "contract_amount": f"{amount_wan}万",
                              "tech_amount": f"{tech_wan}万", "tech_field": field, "seller_district": district}
    if registered:
        fields["registered_on"] = registered
    secret = {"secrecy_period": "10年"} if level.is_state_secret else {}
    return ws.cases.create("tech_contract", title, fields, classification=level, received_on=RECEIVED, **secret).id


def seed_contracts(ws: Workstation) -> dict[str, str]:
    """Three registered contracts (one 秘密) and one not registered:

    | | type | 成交额 | 技术交易额 | field | district | registered |
    |--|--|--|--|--|--|--|
    | a | 技术开发 | 100万 | 80万 | 电子信息 | 海淀 110108 | 2026-03-05 |
    | b | 技术开发 | 50万 | 50万 | 电子信息 | 朝阳 110105 | 2026-05-20 |
    | s | 技术转让 (秘密) | 200万 | 150万 | 新材料及其应用 | 海淀 110108 | 2026-03-28 |
    | u | 技术服务 | 30万 | 30万 | 电子信息 | 朝阳 110105 | — |
    """
    return {
        "a": _contract(ws, "甲合同", "技术开发", 100, 80, "电子信息", "110108", "2026-03-05"),
        "b": _contract(ws, "乙合同", "技术开发", 50, 50, "电子信息", "110105", "2026-05-20"),
        "s": _contract(ws, "丙合同", "技术转让", 200, 150, "新材料及其应用", "110108", "2026-03-28", Level.SECRET),
        "u": _contract(ws, "丁合同", "技术服务", 30, 30, "电子信息", "110105", None),
    }


def set_state(ws: Workstation, case_id: str, state: str, **columns: Any) -> None:
    """Put a case straight into `state` (and set columns such as closed_on, due_on):
    seeding the figures without walking every workflow step."""
    with ws.store.write() as s:
        s.execute(update(Case).where(Case.id == case_id).values(state=state, **columns))
