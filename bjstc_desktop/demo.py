"""Realistic demonstration data: valid USCCs and ID numbers, real Beijing districts,
plausible amounts and dates, in every case type. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.modules import all_case_types
from bjstc_desktop.core.validators import beijing_districts
from bjstc_desktop.core.validators.idcard import id_check_char
from bjstc_desktop.core.validators.issn import issn_check_char
from bjstc_desktop.core.validators.orgcode import org_code_check_char
from bjstc_desktop.core.validators.uscc import uscc_check_char
from bjstc_desktop.workstation import Workstation

_ORG_WORDS = ("中科", "京华", "海创", "智源", "未来", "清源", "燕园", "星云", "博睿", "量子", "天工", "长城", "北辰", "融智", "康健")
_ORG_TRADES = ("科技", "生物医药", "信息技术", "新材料", "智能装备", "环境技术", "半导体", "航天科技", "数据服务", "新能源")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
_GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "喆", "堃", "珺", "晓明", "建国", "海燕", "志强", "雪")
_TOPICS = ("人工智能大模型", "冰雪运动装备", "量子通信", "细胞治疗", "集成电路设计", "智能网联汽车", "碳中和技术",
           "脑机接口", "高端医疗器械", "工业互联网", "低空经济", "合成生物")
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def fake_uscc(rng: random.Random, prefix: str = "91", region: str | None = None) -> str:
    """A USCC that passes GB 32100 (and its embedded GB 11714 code)."""
    region = region or rng.choice([d.code for d in beijing_districts()])
    body8 = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body8 + org_code_check_char(body8)
    if org[-1] not in _ORG_CHARS:  # 'X' is not in the USCC charset; try again
        return fake_uscc(rng, prefix, region)
    body = prefix + region + org
    return body + uscc_check_char(body)


def fake_id_number(rng: random.Random, born_from: int = 1960, born_to: int = 1998) -> str:
    """A resident ID number with a real birth date and a valid check character."""
    area = rng.choice([d.code for d in beijing_districts()])
    birth = dt.date(rng.randint(born_from, born_to), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    body = f"{area}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + id_check_char(body)


def fake_org_name(rng: random.Random) -> str:
    """'北京中科量子科技有限公司'."""
    return f"北京{rng.choice(_ORG_WORDS)}{rng.choice(_ORG_TRADES)}有限公司"


def fake_person(rng: random.Random) -> str:
    """A plausible Chinese name, rare characters included."""
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _value(rng: random.Random, f: FieldDef, ct: CaseType, today: dt.date) -> Any:
    k = f.kind
    if k is FieldKind.USCC:
        return fake_uscc(rng, "12" if ct.code == "new_rd_institution" and rng.random() < 0.5 else
                         ("52" if ct.code == "new_rd_institution" else "91"))
    if k is FieldKind.ID_NUMBER:
        return fake_id_number(rng)
    if k is FieldKind.DISTRICT:
        return rng.choice([d.code for d in beijing_districts()])
    if k is FieldKind.MONEY:
        return str(rng.randint(5, 5000) * 10_000_00)  # 5万 to 5000万 元, in 元
    if k is FieldKind.INTEGER:
        return str(rng.randint(today.year - 1, today.year + 1) if "year" in f.key else rng.randint(10, 500))
    if k is FieldKind.DATE:
        return (today - dt.timedelta(days=rng.randint(0, 400))).isoformat()
    if k is FieldKind.ENUM:
        return rng.choice(f.choices)
    if k is FieldKind.BOOL:
        return rng.random() < 0.1 and "是" or "否"
    if k is FieldKind.PARTY:
        return fake_org_name(rng)
    if k is FieldKind.CONTRACT_NO:
        return f"{today.year}1101{rng.randint(10, 99)}{rng.randint(0, 999999):06d}"
    if k is FieldKind.HNTE_CERT:
        return f"GR{today.year - rng.randint(0, 2)}11{rng.randint(0, 9999):06d}"
    if k is FieldKind.EXPORT_CODE:
        return f"{rng.randint(1, 40):02d}{rng.randint(1, 99):02d}{rng.randint(1, 30):02d}X"
    if k is FieldKind.CN_NUMBER:
        return f"CN 11-{rng.randint(1000, 6999)}/{rng.choice('NRTGQ')}"
    if k is FieldKind.ISSN:
        body = f"{rng.randint(1000000, 9999999)}"
        return f"{body[:4]}-{body[4:]}{issn_check_char(body)}"
    if k is FieldKind.DOC_NO:
        return f"京{rng.choice(('海', '朝', '丰', '昌'))}科发〔{today.year}〕{rng.randint(1, 300)}号"
    if k is FieldKind.ROWS:
        return [{c.key: _value(rng, c, ct, today) for c in f.columns if c.kind is not FieldKind.ROWS}
                for _ in range(rng.randint(1, 4))]
    if k is FieldKind.LONG_TEXT:
        return f"关于{rng.choice(_TOPICS)}有关事项的说明。"
    return f"{rng.choice(_TOPICS)}"


def _title(rng: random.Random, ct: CaseType, fields: dict[str, Any]) -> str:
    party = next((v for k, v in fields.items() if isinstance(v, str) and v.endswith("公司")), fake_org_name(rng))
    return f"{party}{rng.choice(_TOPICS)}{ct.name}"


def populate(ws: Workstation, cases: int, seed: int = 2026, today: dt.date | None = None) -> int:
    """Create `cases` demo cases spread over every case type the user may handle."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    types = [t for t in all_case_types() if t.module in ws.actor.modules]
    made = 0
    for i in range(cases):
        ct = types[i % len(types)]
        fields = {f.key: _value(rng, f, ct, today) for f in ct.fields}
        # Money fields that must stay ordered (技术交易额 <= 成交额).
        if "tech_amount" in fields and "contract_amount" in fields:
            fields["tech_amount"] = str(int(int(fields["contract_amount"]) * rng.uniform(0.5, 1.0)))
        ws.create_case(ct.code, _title(rng, ct, fields), fields,
                       received_on=today - dt.timedelta(days=rng.randint(0, 120)))
        made += 1
    return made
