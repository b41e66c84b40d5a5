"""Invented but valid values: USCCs and ID numbers that pass their checks, real Beijing
districts, plausible names, amounts and dates."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.validators import beijing_districts
from bjstc_desktop.core.validators.idcard import id_check_char
from bjstc_desktop.core.validators.issn import issn_check_char
from bjstc_desktop.core.validators.orgcode import org_code_check_char
from bjstc_desktop.core.validators.uscc import uscc_check_char

ORG_WORDS = ("中科", "京华", "海创", "智源", "未来", "清源", "燕园", "星云", "博睿", "量子", "天工", "长城", "北辰", "融智", "康健")
ORG_TRADES = ("科技", "生物医药", "信息技术", "新材料", "智能装备", "环境技术", "半导体", "航天科技", "数据服务", "新能源")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "喆", "堃", "珺", "晓明", "建国", "海燕", "志强", "雪")
# Subjects of the commission's work (project names, titles); demo/profiles.py uses them.
TOPICS = ("人工智能大模型", "冰雪运动装备", "量子通信", "细胞治疗", "集成电路设计", "智能网联汽车", "碳中和技术",
          "脑机接口", "高端医疗器械", "工业互联网", "低空经济", "合成生物", "新型储能", "先进封装", "智慧农业",
          "城市更新", "空天信息", "数字医疗")
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WAN = 1_000_000  # fen in one 万元


def district_codes() -> list[str]:
    """The 16 current Beijing district codes."""
    return [d.code for d in beijing_districts()]


def fake_uscc(rng: random.Random, prefix: str = "91", region: str | None = None) -> str:
    """A USCC that passes GB 32100 (and its embedded GB 11714 code)."""
    region = region or rng.choice(district_codes())
    while True:
        body8 = "".join(rng.choice(_USCC_CHARS) for _ in range(8))
        org = body8 + org_code_check_char(body8)
        if org[-1] in _USCC_CHARS:  # GB 11714 may give 'X', which a USCC cannot hold
            body = prefix + region + org
            return body + uscc_check_char(body)


def fake_id_number(rng: random.Random, born_from: int = 1960, born_to: int = 1998) -> str:
    """A resident ID number with a real birth date and a valid check character."""
    area = rng.choice(district_codes())
    birth = dt.date(rng.randint(born_from, born_to), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    body = f"{area}{birth:%Y%m%d}{rng.randint(1, 999):03d}"
    return body + id_check_char(body)


def fake_org_name(rng: random.Random) -> str:
    """'北京中科量子科技有限公司'."""
    return f"北京{rng.choice(ORG_WORDS)}{rng.choice(ORG_TRADES)}有限公司"


def fake_person(rng: random.Random) -> str:
    """A plausible Chinese name, rare characters included (王喆, 李堃, 张珺)."""
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def wan(n: float) -> int:
    """万元 to fen."""
    return int(round(n * _WAN))


def fen_text(fen: int) -> str:
    """Fen as the 元 text the field parser takes."""
    return f"{fen / 100:.2f}"


_COUNTS = {"rank": (1, 5), "percent": (10, 100), "points": (60, 95), "country_count": (1, 3), "transit_count": (0, 1),
           "member_count": (2, 6), "appellant_count": (1, 3), "candidacy_count": (0, 2), "open_days": (200, 330),
           "student_free_days": (20, 60), "count": (1, 40), "visitors": (800, 30000), "total_visitors": (5000, 90000),
           "employees": (40, 480), "staff": (30, 300), "annual_visitors": (5000, 200000)}


def field_value(rng: random.Random, f: FieldDef, ct: CaseType, today: dt.date, rows_key: str = "",
                received: dt.date | None = None) -> Any:
    """A plausible raw value for any field, made on `today` for a case received on
    `received` (`today` when not given): by its profile (demo/profiles.py) for text, a
    date where its nature puts it (demo/dates.py), else by its kind (a column of table
    `rows_key` when given)."""
    # Imported here: the profiles build on this module's generators.
    from bjstc_desktop.demo.dates import Nature, date_for, nature
    from bjstc_desktop.demo.profiles import profile_for

    k = f.kind
    if k in (FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.PARTY):
        profile = profile_for(ct.code, f.key, rows_key)
        return profile.make(rng) if profile else ""
    if k is FieldKind.INTEGER and f.key in _COUNTS:
        return str(rng.randint(*_COUNTS[f.key]))
    if k is FieldKind.USCC:
        return fake_uscc(rng)
    if k is FieldKind.ID_NUMBER:
        return fake_id_number(rng)
    if k is FieldKind.DISTRICT:
        return rng.choice(district_codes())
    if k is FieldKind.MONEY:
        return fen_text(wan(rng.choice((5, 10, 20, 50, 80, 120, 200, 350, 500, 800))))
    if k is FieldKind.INTEGER:
        if "year" in f.key:
            return str(today.year - rng.randint(0, 1))
        if "score" in f.key:
            return str(rng.randint(60, 95))
        return str(rng.randint(10, 300))
    if k is FieldKind.RATIO:
        return f"{rng.uniform(0.05, 0.6):.4f}"
    if k is FieldKind.DATE:
        how = nature(ct.code, f.key, rows_key) or Nature.BEFORE
        return date_for(rng, how, received or today, today).isoformat()
    if k is FieldKind.ENUM:
        return rng.choice(f.choices)
    if k is FieldKind.BOOL:
        return "否"
    if k is FieldKind.PARTY:
        return fake_org_name(rng)
    if k is FieldKind.CONTRACT_NO:
        return f"{today.year}1101{rng.randint(10, 99)}{rng.randint(0, 999999):06d}"
    if k is FieldKind.HNTE_CERT:
        return f"GR{today.year - rng.randint(0, 2)}11{rng.randint(0, 9999):06d}"
    if k is FieldKind.EXPORT_CODE:
        return f"{rng.randint(1, 40):02d}{rng.randint(1, 99):02d}{rng.randint(1, 30):02d}X"
    if k is FieldKind.ANIMAL_LICENCE:
        return f"{rng.choice(('SCXK', 'SYXK'))}(京){today.year - rng.randint(0, 4)}-{rng.randint(1, 60):04d}"
    if k is FieldKind.CN_NUMBER:
        return f"CN 11-{rng.randint(1000, 6999)}/{rng.choice('NRTGQ')}"
    if k is FieldKind.ISSN:
        body = f"{rng.randint(1000000, 9999999)}"
        return f"{body[:4]}-{body[4:]}{issn_check_char(body)}"
    if k is FieldKind.DOC_NO:
        return f"京{rng.choice(('海', '朝', '丰', '昌'))}科发〔{today.year}〕{rng.randint(1, 300)}号"
    if k is FieldKind.ORG_CODE:
        body8 = "".join(rng.choice("0123456789") for _ in range(8))
        return f"{body8}-{org_code_check_char(body8)}"
    if k is FieldKind.ROWS:
        return [{c.key: field_value(rng, c, ct, today, f.key, received) for c in f.columns
                 if c.kind is not FieldKind.ROWS}
                for _ in range(rng.randint(1, 4))]
    return ""
