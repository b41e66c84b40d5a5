"""Generated letters for the stress test (tests/letters/test_stress.py) and its
benchmark (benchmarks/bench_letters_stress.py): every template merged from a case with
random facts — body lengths from one line to several pages, titles of one to four
lines, long company names, e-mail and web addresses, document numbers, rare and
non-BMP characters — and, at random, the elements templates may declare: 抄送, 附注,
签发人 (上行文), a joint issue, 附件 with a table."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.modules import all_modules
from bjstc_desktop.letters.fonts import FontSet
from bjstc_desktop.letters.merge import CaseContext, MissingMergeFields
from bjstc_desktop.letters.render import render_pdf
from bjstc_desktop.letters.spec import Attachment, LetterSpec, Paragraph
from bjstc_desktop.letters.templates import issuer, template
from tests.letters.pdfrules import Violation, check

WORDS = ("科技", "创新", "中关村", "有限公司", "技术合同", "认定登记", "低空经济", "人工智能", "智能网联汽车",
         "集成电路", "生物医药", "科学技术奖", "高新技术企业", "孵化器", "新型研发机构", "成果转化", "专项资金",
         "延庆区", "海淀区", "朝阳区", "经济技术开发区", "冰雪科技园", "量子信息", "工作方案", "实施细则",
         "管理办法", "项目", "建设", "支持", "推进", "加快", "完善", "机制", "平台", "服务", "北京", "首都",
         "国际科技创新中心", "关键核心技术", "攻关", "示范应用", "场景", "数据", "算力", "绿色", "低碳")
NAMES = ("北京喆堃科技有限公司", "北京中关村量子信息科学研究院有限责任公司", "北京低空经济产业发展集团股份有限公司",
         "北京市海淀区人民政府", "清华大学", "北京瑄镕智能网联汽车科技有限公司中关村分公司")
LATIN = ("zhang.wei@bjstc-example.gov.cn", "https://kw.beijing.gov.cn/xxgk/tzgg/", "91110000600037341L",
         "010-66668888", "ISO 9001", "5G", "AI", "京科发〔2026〕12号", "2026年3月5日", "1,500,000.00元",
         "第253号", "𠮷", "……", "——")
TITLE_LATIN = ("5G", "AI", "ISO 9001", "2026年", "〔2026〕12号", "第253号", "𠮷")
PUNCT = ("，", "，", "，", "、", "；", "。", "：", "（试行）", "“{}”", "《{}》")


def _phrase(rng: random.Random, words: int, latin: tuple[str, ...] = LATIN) -> str:
    out = []
    for _ in range(words):
        r = rng.random()
        if r < 0.06:
            out.append(rng.choice(latin))
        elif r < 0.1:
            out.append(rng.choice(NAMES))
        else:
            out.append(rng.choice(WORDS))
        if rng.random() < 0.18:
            p = rng.choice(PUNCT)
            if "{}" in p:
                out.append(p.format(rng.choice(WORDS) + rng.choice(WORDS)))
            else:
                out.append(p)
    return "".join(out).strip("，、；：")


def sentence(rng: random.Random, lo: int = 4, hi: int = 30) -> str:
    """A sentence of random length, ending with 。"""
    return _phrase(rng, rng.randint(lo, hi)).rstrip("。") + "。"


def paragraph(rng: random.Random, sentences: int) -> str:
    """Several sentences."""
    return "".join(sentence(rng) for _ in range(sentences))


def _sample(f: FieldDef, rng: random.Random) -> Any:
    samples: dict[FieldKind, Any] = {
        FieldKind.MONEY: rng.randint(1, 10**9), FieldKind.DATE: "2026-03-05", FieldKind.INTEGER: rng.randint(1, 99),
        FieldKind.BOOL: True, FieldKind.RATIO: "0.2500", FieldKind.DISTRICT: "110108",
        FieldKind.PARTY: rng.choice(NAMES), FieldKind.DOC_NO: "京科发〔2026〕3号",
    }
    if f.kind is FieldKind.ENUM:
        return rng.choice(f.choices)
    if f.kind is FieldKind.ROWS:
        return [{c.key: _sample(c, rng) for c in f.columns}]
    return samples.get(f.kind, _phrase(rng, rng.randint(1, 4)))


def pairs() -> list[tuple[CaseType, str]]:
    """Every (case type, template) a case may issue."""
    return [(ct, code) for m in all_modules() for ct in m.case_types for code in ct.all_letters]


def _context(ct: CaseType, rng: random.Random, code: str) -> tuple[CaseContext, tuple[str, ...]]:
    values = {f.key: _sample(f, rng) for f in ct.fields if f.kind is not FieldKind.CHECKLIST}
    title_words = rng.choice((2, 4, 8, 14, 22))
    title = _phrase(rng, title_words, TITLE_LATIN).replace("。", "")[:56].rstrip("“‘（《〔") or "科技创新项目"  # titles of 1-4 lines
    issuing = tuple(t.action for t in ct.transitions if code in t.letters) or ("review",)
    opinion = paragraph(rng, rng.choice((1, 2, 4, 8, 16)))
    ctx = CaseContext("id-1", "技合〔2026〕1号", title, ct, values, parties=(("卖方", rng.choice(NAMES)),),
                      opinions=tuple((a, opinion) for a in issuing), received_on=dt.date(2026, 3, 1),
                      accepted_on=dt.date(2026, 3, 2), due_on=dt.date(2026, 3, 12))
    return ctx, issuing


def _extras(spec: LetterSpec, rng: random.Random) -> LetterSpec:
    changes: dict[str, Any] = {}
    if rng.random() < 0.3:
        changes["cc"] = "，".join(rng.sample(("市发展改革委", "市财政局", "市税务局", "市市场监管局", "各区人民政府",
                                              "中关村管委会"), rng.randint(1, 5)))
    if rng.random() < 0.2:
        changes["note"] = "（此件公开发布）"
    if spec.format == "文件" and rng.random() < 0.15:
        changes["signers"] = tuple(rng.sample(("王喆", "李堃", "张珺", "赵瑄", "欧阳镕"), rng.randint(1, 3)))
    if rng.random() < 0.15:
        names = ("北京市科学技术委员会", "中关村科技园区管理委员会")
        changes.update(issuer=names, signatures=names, signature="、".join(names))
    if rng.random() < 0.25:
        count = rng.randint(1, 2)
        atts = []
        for _ in range(count):
            title = _phrase(rng, rng.randint(2, 12), TITLE_LATIN).replace("。", "")[:40].rstrip("“‘（《〔") or "名单"
            table = (("序号", "单位名称", "项目名称"),) + tuple(
                (str(k), rng.choice(NAMES), _phrase(rng, rng.randint(1, 5)).replace("。", ""))
                for k in range(1, rng.randint(2, 30)))
            paras = tuple(Paragraph(paragraph(rng, rng.randint(1, 3))) for _ in range(rng.randint(0, 2)))
            atts.append(Attachment(title, paras, table))
        changes["attachments"] = tuple(atts)
        changes["attachment_notes"] = tuple(a.title for a in atts)
    return dataclasses.replace(spec, **changes)


PEOPLE = ("王喆", "李堃", "张珺", "赵瑄", "欧阳镕", "司马𠮷")


def _panel_values(rng: random.Random) -> dict[str, str]:
    """What ops/panels.py gives the 专家邀请函 and the 评审意见汇总表: an expert, one to
    30 member lines (the template's limit) with long opinions, the aggregate and who left."""
    rows = rng.randint(1, 30)
    values = {f"row{k}": f"{k}. {rng.choice(PEOPLE)}（{rng.choice(NAMES)}，{rng.choice(('技术', '财务', '法律'))}）："
                         f"评分 {rng.randint(40, 100)}.{rng.randint(0, 9)}。"
                         + (f"意见：{paragraph(rng, rng.randint(1, 3))}" if rng.random() < 0.7 else "")
              for k in range(1, rows + 1)}
    values.update(expert=rng.choice(PEOPLE), review_time="2026年4月8日（星期三）上午9:30",
                  review_place=rng.choice(NAMES) + "第三会议室", panel=f"{rows} 人（技术 {rows} 人）",
                  aggregate=f"{rng.randint(40, 100)}.{rng.randint(0, 99):02d}（去掉一个最高分和一个最低分后的平均分）")
    if rng.random() < 0.3:
        values["changes"] = f"{rng.choice(PEOPLE)}（回避：{sentence(rng, 2, 8)}），均已按原抽取方式补抽。"
    return values


def letter(i: int, seed: int = 14) -> LetterSpec:
    """Letter number `i` of the generated series (the same for the same i and seed)."""
    rng = random.Random(seed * 1_000_003 + i)
    all_pairs = pairs()
    ct, code = all_pairs[i % len(all_pairs)]
    tmpl = template(code)
    ctx, issuing = _context(ct, rng, code)
    values = {"body": paragraph(rng, rng.choice((1, 3, 6, 12, 24))), "subject": _phrase(rng, rng.randint(2, 16), TITLE_LATIN).replace("。", "")[:56].rstrip("“‘（《〔"),
              "deadline": "2026年4月30日", "addressee": rng.choice(NAMES), "request_title": ctx.title,
              "phone": "010-66668888", "amount": "10万元", "period": "五个工作日", "title": ctx.title,
              **_panel_values(random.Random(f"panel {seed} {i}"))}  # its own stream: the series stays as it was
    docs = {"草案": "\n".join(paragraph(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 8)))}
    try:
        spec = tmpl.merge(ctx, issuer(), dt.date(2026, 3, 5), f"{tmpl.daizi}〔2026〕{i + 1}号", values=values,
                          signer="王喆", issuing_actions=issuing, documents=docs)
    except MissingMergeFields:
        spec = tmpl.merge(ctx, issuer(), dt.date(2026, 3, 5), f"{tmpl.daizi}〔2026〕{i + 1}号",
                          values={**values, "opinion": paragraph(rng, 2)}, signer="王喆", issuing_actions=issuing,
                          documents=docs)
    return _extras(spec, rng)


@dataclass
class StressResult:
    """What a stress run found."""

    letters: int
    pages: int
    seconds: float
    violations: Counter[str]
    examples: dict[str, tuple[int, Violation]]


def one_per_template() -> list[int]:
    """Indices of the series that issue each template once."""
    first: dict[str, int] = {}
    for i, (_ct, code) in enumerate(pairs()):
        first.setdefault(code, i)
    return sorted(first.values())


def run(count: int, fonts: FontSet, start: int = 0, seed: int = 14, indices: list[int] | None = None) -> StressResult:
    """Typeset and check letters start .. start+count-1 (or those of `indices`)."""
    t0 = time.perf_counter()
    found: Counter[str] = Counter()
    examples: dict[str, tuple[int, Violation]] = {}
    pages = 0
    chosen = indices if indices is not None else list(range(start, start + count))
    for i in chosen:
        spec = letter(i, seed)
        rendered = render_pdf(spec, fonts, pdfa=False)
        pages += rendered.pages
        for v in check(rendered.pdf, spec):
            found[v.rule] += 1
            examples.setdefault(v.rule, (i, v))
    return StressResult(len(chosen), pages, time.perf_counter() - t0, found, examples)
