"""Per-type touches that keep invented data consistent the way real files are (技术交易额
within 成交额, batches within the approved amount, HNTE figures that mostly meet the
ratios). Only the demo knows these; the rules themselves live in core."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldKind
from bjstc_desktop.core.money import parse_money
from bjstc_desktop.demo.values import fake_id_number, fake_person, fen_text, wan

Fields = dict[str, Any]
Shaper = Callable[[random.Random, Fields, dt.date], None]


def _tech_contract(rng: random.Random, f: Fields, today: dt.date) -> None:
    amount = wan(rng.choice((8, 15, 30, 60, 120, 300, 800, 1500)))
    f["contract_amount"] = fen_text(amount)
    f["tech_amount"] = fen_text(int(amount * rng.uniform(0.55, 1.0)))
    signed = today - dt.timedelta(days=rng.randint(5, 200))
    f["signed_on"], f["valid_start"] = signed.isoformat(), signed.isoformat()
    f["valid_end"] = (signed + dt.timedelta(days=rng.choice((365, 730, 1095)))).isoformat()
    _contract_party(rng, f)
    f.pop("contract_no", None)  # the registry assigns it on 予以登记
    f.pop("registered_on", None)  # likewise the 登记日期
    f.pop("income_verifications", None)


def _contract_party(rng: random.Random, f: Fields) -> None:
    """Sellers are mostly companies with a USCC; now and then a natural person (ID
    number) or, for buyers, a foreign company (registration number)."""
    for side in ("seller", "buyer"):
        for key in ("id_kind", "id_number", "passport", "foreign_reg"):
            f.pop(f"{side}_{key}", None)
        roll = rng.random()
        if side == "seller" and roll < 0.1:
            f.update({"seller": fake_person(rng), "seller_nature": "自然人", "seller_id_kind": "公民身份号码",
                      "seller_id_number": fake_id_number(rng, 1965, 1995), "seller_country": "142"})
            f.pop("seller_uscc", None)
        elif side == "buyer" and f.get("buyer_country", "142") != "142":
            f.update({"buyer_nature": "境外企业/机构", "buyer_id_kind": "境外登记注册号",
                      "buyer_foreign_reg": f"HRB {rng.randint(10000, 99999)}"})
            f.pop("buyer_uscc", None)
            f.pop("buyer_district", None)
        else:
            f[f"{side}_nature"] = rng.choice(("有限责任公司", "股份有限公司", "私营企业", "事业法人（科研机构）",
                                              "事业法人（高等院校）", "国有企业"))
            f[f"{side}_id_kind"] = "统一社会信用代码"


def _sme(rng: random.Random, f: Fields, today: dt.date) -> None:
    employees = rng.randint(12, 480)
    f["employees"], f["tech_staff"] = str(employees), str(max(1, int(employees * rng.uniform(0.1, 0.5))))
    f["annual_sales"] = fen_text(wan(rng.choice((300, 800, 2500, 6000, 15000))))
    f["total_assets"] = fen_text(wan(rng.choice((500, 1200, 4000, 9000, 18000))))
    parts = (rng.choice((8, 12, 16, 20)), rng.randint(20, 50), rng.randint(6, 30))
    f["score_staff"], f["score_rd"], f["score_results"] = map(str, parts)
    f["total_score"] = str(sum(parts))
    f["direct_route"] = rng.choice(("无",) * 4 + ("有效期内高新技术企业",))
    f["registration_no"] = f"{today.year}1101{rng.randint(1, 19):02d}A{rng.randint(10 ** 6, 10 ** 7 - 1)}"
    for key in ("listed_on", "removal_reason", "objections", "annual_updates"):
        f.pop(key, None)


def _animal_licence(rng: random.Random, f: Fields, today: dt.date) -> None:
    kind = "SCXK" if f.get("licence_type", "").startswith("生产") else "SYXK"
    issued = today - dt.timedelta(days=rng.randint(0, 300))
    f["licence_no"] = f"{kind}(京){issued.year}-{rng.randint(1, 80):04d}"
    f["issued_on"], f["valid_until"] = issued.isoformat(), (issued + dt.timedelta(days=365 * 5)).isoformat()
    if f.get("matter") == "新办":
        f.pop("previous_licence", None)
    else:
        f["previous_licence"] = f"{kind}(京){issued.year - 5}-{rng.randint(1, 80):04d}"


def _incubator(rng: random.Random, f: Fields, today: dt.date) -> None:
    space = f.get("carrier_kind") == "众创空间"
    place = rng.choice(("中关村", "亦庄", "望京", "未来科学城"))
    f["carrier_name"] = f"{place}{rng.choice(('创新', '硬科技', '生命科学'))}{'众创空间' if space else '孵化器'}"
    f["floor_area"] = str(rng.randint(600, 3000) if space else rng.randint(3000, 20000))
    f["incubatees"] = str(rng.randint(20, 60) if space else rng.randint(50, 160))
    f["mentors"] = str(rng.randint(5, 30))


def _visit(rng: random.Random, f: Fields, today: dt.date) -> None:
    f["country_count"] = str(len(str(f.get("countries", "德国")).split("、")))
    f["transit_count"] = "0"
    f["member_count"] = str(rng.randint(2, 6))
    f.pop("members", None)


def _disbursement(rng: random.Random, f: Fields, today: dt.date) -> None:
    approved = wan(rng.choice((50, 100, 200, 500, 1000)))
    f["approved_amount"] = fen_text(approved)
    shares = rng.choice(((0.3, 0.3), (0.5,), (0.4, 0.3, 0.2), (0.6, 0.4)))
    start = today - dt.timedelta(days=rng.randint(30, 300))
    f["batches"] = [{"date": (start + dt.timedelta(days=60 * i)).isoformat(), "amount": fen_text(int(approved * s)),
                     "voucher": f"京科拨{today.year}-{rng.randint(100, 999)}"} for i, s in enumerate(shares)]


def _hnte(rng: random.Random, f: Fields, today: dt.date) -> None:
    passes = rng.random() < 0.8
    rows, rd_total, latest_sales = [], 0, 0
    sales = wan(rng.choice((800, 3000, 6000, 15000)))
    for back in (3, 2, 1):
        rd = int(sales * (rng.uniform(0.06, 0.12) if passes else rng.uniform(0.01, 0.03)))
        rd_total, latest_sales = rd_total + rd, sales
        employees = rng.randint(40, 400)
        rows.append({"year": str(today.year - back), "sales_revenue": fen_text(sales), "rd_expense": fen_text(rd),
                     "domestic_rd_expense": fen_text(int(rd * rng.uniform(0.7, 1.0))),
                     "total_income": fen_text(int(sales * 1.05)),
                     "hitech_income": fen_text(int(sales * (rng.uniform(0.65, 0.95) if passes else 0.4))),
                     "employees": str(employees), "tech_staff": str(int(employees * rng.uniform(0.15, 0.4)))})
        sales = int(sales * rng.uniform(1.05, 1.3))
    f["financials"] = rows
    # The form's totals as the enterprise copies them from its own rows (checked by declared_totals).
    f["sales_revenue"], f["rd_expense"] = fen_text(latest_sales), fen_text(rd_total)
    f["registered_on"] = (today - dt.timedelta(days=rng.randint(800, 4000))).isoformat()
    parts = [rng.randint(18, 28), rng.randint(18, 28), rng.randint(12, 18), rng.randint(10, 18)]
    f["score_ip"], f["score_conversion"], f["score_rd_management"], f["score_growth"] = map(str, parts)
    f["innovation_score"] = str(sum(parts))
    f["experts"] = [{"name": fake_person(rng), "specialty": s, "score": str(rng.randint(70, 90)),
                     "opinion": "经审查，材料齐全，符合认定条件。"}
                    for s in ("技术专家", "技术专家", "技术专家", "技术专家", "财务专家")]
    for key in ("certificate_no", "issued_on", "valid_until", "previous_cert", "objections", "annual_reports"):
        f.pop(key, None)
    f["batch"] = f"{today.year}年第{rng.choice('一二三')}批"


def _hotline(rng: random.Random, f: Fields, today: dt.date) -> None:
    f["responded"] = "是" if rng.random() < 0.75 else "否"


def _project(rng: random.Random, f: Fields, today: dt.date) -> None:
    fiscal = wan(rng.choice((50, 100, 300, 600)))
    own = wan(rng.choice((0, 20, 50, 100)))
    f["fiscal_funds"], f["own_funds"], f["total_funds"] = fen_text(fiscal), fen_text(own), fen_text(fiscal + own)
    direct = {"设备费": 0.2, "业务费": 0.45, "劳务费": 0.2}
    lines = [{"subject": k, "amount": fen_text(int(fiscal * v)), "note": ""} for k, v in direct.items()]
    lines.append({"subject": "间接费用", "amount": fen_text(fiscal - sum(int(fiscal * v) for v in direct.values())),
                  "note": ""})
    f["budget_lines"] = lines
    start = today - dt.timedelta(days=rng.randint(30, 500))
    f["period_start"], f["period_end"] = start.isoformat(), (start + dt.timedelta(days=730)).isoformat()
    f["leader"], f["leader_id"] = fake_person(rng), fake_id_number(rng, 1965, 1990)
    for e in f.get("experts", []):
        e["recused"] = "否"
        e.pop("recusal_reason", None)
    for key in ("acceptance_applied_on", "acceptance_conclusion", "contract_signed_on"):
        f.pop(key, None)


SHAPERS: dict[str, Shaper] = {
    "tech_contract": _tech_contract,
    "disbursement": _disbursement,
    "hnte": _hnte,
    "hotline_order": _hotline,
    "project": _project,
    "agri_pilot": _project,
    "intl_project": _project,
    "sme_evaluation": _sme,
    "lab_animal_licence": _animal_licence,
    "exchange_visit": _visit,
    "incubator": _incubator,
}


def _num(ct: CaseType, f: Fields, key: str) -> int | None:
    fd, raw = ct.field(key), f.get(key)
    if fd is None or raw in (None, ""):
        return None
    return parse_money(str(raw)) if fd.kind is FieldKind.MONEY else int(str(raw))


def _put(ct: CaseType, f: Fields, key: str, value: int) -> None:
    fd = ct.field(key)
    if fd is not None:
        f[key] = fen_text(value) if fd.kind is FieldKind.MONEY else str(value)


def harmonise(rng: random.Random, ct: CaseType, f: Fields, today: dt.date) -> None:
    """Make generic invented values meet the type's declared consistency checks (dates
    in order, parts within wholes, totals equal to their parts, conditions that bar a
    case), reading each check's parameters rather than knowing the types."""
    for check in ct.checks:
        p, fn = dict(check.params), check.function
        if fn in ("date_order", "min_period") and p.get("start") in f and ct.field(p.get("end", "")):
            start = dt.date.fromisoformat(str(f[p["start"]]))
            f[p["end"]] = (start + dt.timedelta(days=rng.randint(35, 90))).isoformat()
        elif fn == "validity_within" and p.get("start") in f and ct.field(p.get("end", "")):
            start = dt.date.fromisoformat(str(f[p["start"]]))
            f[p["end"]] = (start + dt.timedelta(days=365 * 2)).isoformat()
        elif fn == "not_above":
            part, whole = _num(ct, f, p["part"]), _num(ct, f, p["whole"])
            if part is not None and whole is not None and part > whole:
                _put(ct, f, p["part"], whole * rng.randint(40, 95) // 100)
        elif fn == "sum_equals":
            parts = [_num(ct, f, k) or 0 for k in p["parts"]]
            _put(ct, f, p["total"], sum(parts))
        elif fn == "not_expired" and ct.field(p["field"]):
            f[p["field"]] = (today + dt.timedelta(days=365 * 2)).isoformat()
        elif fn == "rows_within_period" and isinstance(f.get(p["rows"]), list) and f.get(p["start"]) and f.get(p["end"]):
            start, end = dt.date.fromisoformat(str(f[p["start"]])), dt.date.fromisoformat(str(f[p["end"]]))
            for row in f[p["rows"]]:
                first = start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))
                row[p["row_start"]] = first.isoformat()
                row[p["row_end"]] = min(end, first + dt.timedelta(days=rng.randint(0, 6))).isoformat()
        elif fn == "rows_all" and isinstance(f.get(p["rows"]), list):
            for row in f[p["rows"]]:
                row[p["column"]] = p["values"][0]
        elif fn == "min_years_since" and ct.field(p["field"]):
            f[p["field"]] = (today - dt.timedelta(days=365 * rng.randint(2, 8))).isoformat()
        elif fn == "must_not":
            for key, barred in p["condition"]:
                fd = ct.field(key)
                if fd is not None and fd.choices:
                    f[key] = next((c for c in fd.choices if c not in barred), f.get(key))
                elif fd is not None:
                    f[key] = "是" if "否" in barred else "否"
                break
