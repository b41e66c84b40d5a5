"""Letter templates as data: resources/letters/templates/<code>.json, one file a letter.

A template names its format (文件 or 信函), its 机关代字 (the number series it draws
from), the title and the body with merge fields (merge.py), and optionally the
附件说明, 附注, 抄送 and value maps. Which case types issue which template is declared by
the case types themselves (Transition.letters, CaseType.letters).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from bjstc_desktop.core.casetypes import LETTER_TEMPLATES
from bjstc_desktop.core.classification import Level
from bjstc_desktop.core.errors import IntegrityError, NotFoundError
from bjstc_desktop.core.resources import resources_dir
from bjstc_desktop.letters.merge import CaseContext, Merger, MissingMergeFields, show
from bjstc_desktop.letters.spec import FORMAT_DOCUMENT, FORMATS, Attachment, LetterSpec, Paragraph
from bjstc_desktop.letters.wording import attachment_name, officer_title


@dataclass(frozen=True)
class Issuer:
    """The issuing body (resources/letters/issuer.json)."""

    name: str
    mark_suffix: str = "文件"
    printer: str = ""
    joint: tuple[str, ...] = ()


@dataclass(frozen=True)
class Template:
    """One letter template."""

    code: str
    name: str
    format: str
    daizi: str  # 机关代字: 京科发, 京科函, ...
    titles: tuple[str, ...]  # candidates: the first whose merge fields all have values
    body: tuple[dict[str, str], ...]
    addressee: str = ""
    attachments: tuple[str, ...] = ()  # their names (附件说明), merge fields allowed
    attachment_sources: tuple[str, ...] = ()  # per attachment: "" (named only), "case" or "table:field.KEY"
    note: str = ""
    cc: str = ""
    printed: bool = True  # 印发机关和印发日期 in the 版记 (文件格式)
    joint: bool = False  # issued jointly with 中关村管委会
    signers: bool = False  # 上行文: 签发人 printed
    maps: dict[str, dict[str, str]] = field(default_factory=dict)

    def merge(self, ctx: CaseContext, issuer: Issuer, issue_date: dt.date, doc_no: str,
              values: dict[str, str] | None = None, signer: str = "",
              issuing_actions: tuple[str, ...] = (), copy_no: str = "", urgency: str = "",
              documents: dict[str, str] | None = None) -> LetterSpec:
        """The letter for `ctx`; refuses (naming them) when merge fields have no value.
        `documents`: the case's text attachments (file name without suffix → text), from
        which an attachment declared with source "case" is printed."""
        names = issuer.joint if (self.joint and issuer.joint) else (issuer.name,)
        m = Merger(ctx, issue_date, "、".join(names), dict(values or {}), self.maps, issuing_actions)
        body = []
        for item in self.body:
            if "if" in item and not m.has(item["if"]):
                continue
            if "unless" in item and m.has(item["unless"]):
                continue
            body.append(Paragraph(m.fill(item["text"])))
        title = officer_title(_first_complete(m, self.titles))
        addressee = m.fill(self.addressee)
        notes = tuple(attachment_name(m.fill(a)) for a in self.attachments)
        note, cc = m.fill(self.note), m.fill(self.cc)
        attachments = tuple(self._attachment(name, src, ctx, documents or {}, m)
                            for name, src in zip(notes, self._sources(), strict=True) if src)
        if m.missing:
            raise MissingMergeFields(self.name, m.missing)
        level = Level(ctx.classification)
        secrecy = ""
        if level.is_state_secret:
            secrecy = level.label + (f"★{ctx.secrecy_period}" if ctx.secrecy_period else "")
        return LetterSpec(
            format=self.format, issuer=names, doc_no=doc_no, title=title, body=tuple(body),
            signature="、".join(names) if len(names) > 1 else names[0], date=issue_date, addressee=addressee,
            mark_suffix=issuer.mark_suffix, copy_no=copy_no or ("000001" if secrecy else ""), secrecy=secrecy,
            urgency=urgency, signers=tuple(n for n in signer.split("、") if n) if (self.signers and signer) else (),
            attachment_notes=notes, attachments=attachments, signatures=names if len(names) > 1 else (),
            note=note, cc=cc, printer=issuer.printer if (self.printed and self.format == FORMAT_DOCUMENT) else "",
            keywords=(self.name, ctx.case_no),
        )


    def _sources(self) -> tuple[str, ...]:
        return self.attachment_sources or ("",) * len(self.attachments)

    @staticmethod
    def _attachment(name: str, source: str, ctx: CaseContext, documents: dict[str, str], m: Merger) -> Attachment:
        """附件 content: a text file attached to the case (the one named like the
        attachment, else the only one), or a table from a table field of the case."""
        if source == "case":
            text = documents.get(name)
            if text is None and len(documents) == 1:
                text = next(iter(documents.values()))
            if not text:
                m.missing.append(f"附件《{name}》的文本（请将其 .txt 文件附到案件上）")
                return Attachment(name)
            paras = tuple(Paragraph(t.strip()) for t in text.splitlines() if t.strip())
            return Attachment(name, paras)
        key = source.removeprefix("table:field.")
        fdef = ctx.case_type.field(key)
        rows = ctx.fields.get(key) or []
        if fdef is None or not fdef.columns or not rows:
            m.missing.append(f"{fdef.label if fdef else key}（field.{key}）")
            return Attachment(name)
        head = ("序号", *(c.label for c in fdef.columns))
        body = tuple((str(i), *(show(c.kind, c, r.get(c.key)) if r.get(c.key) not in (None, "") else ""
                                for c in fdef.columns)) for i, r in enumerate(rows, start=1))
        return Attachment(name, table=(head, *body))


def _first_complete(m: Merger, candidates: tuple[str, ...]) -> str:
    for text in candidates[:-1]:
        before = list(m.missing)
        filled = m.fill(text)
        if m.missing == before:
            return filled
        m.missing[:] = before
    return m.fill(candidates[-1])


def _template(data: dict[str, Any], source: str) -> Template:
    try:
        body = tuple({"text": b} if isinstance(b, str) else {k: str(v) for k, v in b.items()} for b in data["body"])
        t = Template(
            code=str(data["code"]), name=str(data["name"]), format=str(data["format"]), daizi=str(data["daizi"]),
            titles=tuple(data["title"]) if isinstance(data["title"], list) else (str(data["title"]),), body=body, addressee=str(data.get("addressee", "")),
            attachments=tuple(str(a["name"]) if isinstance(a, dict) else str(a) for a in data.get("attachments", ())),
            attachment_sources=tuple(str(a.get("source", "")) if isinstance(a, dict) else ""
                                     for a in data.get("attachments", ())),
            note=str(data.get("note", "")),
            cc=str(data.get("cc", "")), printed=bool(data.get("printed", True)), joint=bool(data.get("joint", False)),
            signers=bool(data.get("signers", False)),
            maps={str(k): {str(a): str(b) for a, b in v.items()} for k, v in data.get("maps", {}).items()},
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise IntegrityError(f"公文模板 {source} 格式有误：{exc}", f"Letter template {source} is malformed: {exc}") from exc
    bad_source = any(src and src != "case" and not src.startswith("table:field.") for src in t.attachment_sources)
    if t.format not in FORMATS or not t.daizi or any("text" not in b for b in t.body) or bad_source:
        raise IntegrityError(f"公文模板 {source} 格式有误。", f"Letter template {source} is malformed.")
    return t


_lock = threading.Lock()
_loaded: dict[str, tuple[dict[str, Template], Issuer]] = {}


def _load() -> tuple[dict[str, Template], Issuer]:
    folder = resources_dir() / "letters"
    key = str(folder)
    with _lock:
        if key not in _loaded:
            templates: dict[str, Template] = {}
            for path in sorted((folder / "templates").glob("*.json")):
                t = _template(json.loads(path.read_text(encoding="utf-8")), path.name)
                templates[t.code] = t
            try:
                raw = json.loads((folder / "issuer.json").read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise IntegrityError("缺少发文机关设置 resources/letters/issuer.json。",
                                     "resources/letters/issuer.json is missing.") from exc
            issuer = Issuer(str(raw["name"]), str(raw.get("mark_suffix", "文件")), str(raw.get("printer", "")),
                            tuple(str(n) for n in raw.get("joint", ())))
            _loaded[key] = (templates, issuer)
        return _loaded[key]


def all_templates() -> list[Template]:
    """Every template, in the order of core.casetypes.LETTER_TEMPLATES, then the others."""
    templates, _ = _load()
    order = list(LETTER_TEMPLATES)
    return sorted(templates.values(), key=lambda t: (order.index(t.code) if t.code in order else len(order), t.code))


def template(code: str) -> Template:
    """The template with this code."""
    templates, _ = _load()
    found = templates.get(code)
    if found is None:
        raise NotFoundError(f"没有公文模板“{code}”。可用：{'、'.join(sorted(templates))}。",
                            f"No letter template {code!r}; available: {', '.join(sorted(templates))}.")
    return found


def issuer() -> Issuer:
    """The issuing body."""
    return _load()[1]
