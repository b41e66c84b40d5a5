"""Strict checks of what a package carries, before anything reaches the store: the
revision frames (exact keys, lengths, a rev id that matches its content) and the case
bodies, whose field values go through the same validators as typed input
(core.fieldvalues.parse_fields) and must come out unchanged."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bjstc_desktop.core.casetypes import CaseType, FieldDef, FieldKind
from bjstc_desktop.core.clockcodec import clock_from_json, clock_to_json
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.fieldvalues import parse_fields
from bjstc_desktop.core.modules import case_type as lookup_case_type
from bjstc_desktop.core.validators import normalize_field_value
from bjstc_desktop.sync import hlc, limits
from bjstc_desktop.sync.casebody import DATE_SCALARS, IDENTITY, READABLE_BODY_VERSIONS, SCALARS
from bjstc_desktop.sync.checks import bad
from bjstc_desktop.sync.checks import check as _check
from bjstc_desktop.sync.checks import date_ok as _date
from bjstc_desktop.sync.checks import integer as _int
from bjstc_desktop.sync.checks import text as _str
from bjstc_desktop.sync.dag import RevisionData, compute_rev_id
from bjstc_desktop.sync.refusals import PackageRefused
from bjstc_desktop.sync.shapes import CASE, SHAPES
from bjstc_desktop.sync.stored_fields import stored_uscc, unchanged
from bjstc_desktop.sync.validate_registers import panel_and_archive, register_body

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
HEX128 = re.compile(r"^[0-9a-f]{128}$")
_FRAME_KEYS = {"type", "id", "rev", "parents", "ancestry", "gen", "author", "hlc", "deleted", "body", "sig"}
# C0/C1 controls and the bidirectional overrides and isolates: never in a name shown to officers.
_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CASE_NO = re.compile(r"^(?P<short>.+)〔(?P<year>\d{4})〕(?P<n>[1-9]\d{0,8})号$")
_NOT_NULL = {"office"}  # common columns the store requires
_LIVE_KEYS_V1 = {"v", "classification", *IDENTITY, *SCALARS, "fields", "clocks", "parties", "timeline",
                 "attachments"}
_LIVE_KEYS = {*_LIVE_KEYS_V1, "panel_draws", "panel_members", "archive"}
_TOMB_KEYS = {"v", "classification", *IDENTITY}
# Free text is bounded by the JSON string limit only: whatever this program lets an
# officer type must never make a peer refuse the package.
_TEXT_LIMITS = {"secrecy_period": 64, "classifier": 128, "district": 16}


# The rule a detail names, for the officer (the detail itself is the English).
_RULES_ZH = {"a revision does not match its id": "修订内容与其标识不符", "author": "作者节点或经办人姓名无效",
             "author signature": "缺少作者签名", "body keys": "案件字段不完整或多余", "revision keys": "修订字段不完整或多余",
             "case number": "案号格式不符（应为“简称〔年份〕编号号”）", "case type": "案件类型或业务模块无效",
             "classification": "密级无效", "office": "承办处室不能为空", "title/state": "标题为空或状态无效",
             "a field value is not in its stored form": "字段值格式不符", "party USCC": "当事人统一社会信用代码无效",
             "timeline entry": "办理记录条目无效", "attachment": "附件条目无效", "hlc": "时间戳无效",
             "panel": "专家组条目无效", "archive": "归档件条目无效", "expert": "专家条目无效",
             "integrity": "失信记录条目无效",
             "a register record is never deleted": "登记簿记录不能删除"}


def explained(exc: PackageRefused, doc: dict[str, Any]) -> PackageRefused:
    """The same refusal naming the case (or record) and the rule that failed."""
    raw_body = doc.get("body")
    body: dict[str, Any] = raw_body if isinstance(raw_body, dict) else {}
    case_no = body.get("case_no") if isinstance(body.get("case_no"), str) and len(body["case_no"]) <= 64 else None
    record = doc.get("id") if isinstance(doc.get("id"), str) and len(doc["id"]) <= 64 else "?"
    zh_what, en_what = (f"案件 {case_no}", f"case {case_no}") if case_no else (f"记录 {record}", f"record {record}")
    rule = _RULES_ZH.get(exc.detail) or next((v for k, v in _RULES_ZH.items() if exc.detail.startswith(k)), exc.detail)
    return PackageRefused(exc.reason, exc.detail, f"（{zh_what}：{rule}）", f" ({en_what}: {exc.detail})")


def _name(value: Any, most: int) -> bool:
    """A person's name as officers see it: 1..most characters, nothing unshowable."""
    return _str(value, most, empty=False) and not _UNSHOWABLE.search(value)


def case_number_ok(case_no: Any, ct: CaseType) -> bool:
    """A 案号 as this program allocates them: the type's short name, a year and a
    number of at most nine digits (技合〔2026〕12号)."""
    m = _CASE_NO.match(case_no) if isinstance(case_no, str) else None
    return m is not None and m.group("short") == ct.short


def revision(doc: dict[str, Any], body_json: bytes = b"") -> RevisionData:
    """A REVISION frame as data, every key and length checked and the id recomputed.
    `body_json`: the canonical bytes of doc["body"] when the frame reader has them
    (canonical.loads_part), used for the id and kept for the stored row."""
    _check(set(doc) == _FRAME_KEYS, "revision keys")
    _check(doc["type"] in SHAPES and isinstance(doc["id"], str) and bool(UUID.match(doc["id"])), "record")
    parents, ancestry = doc["parents"], doc["ancestry"]
    _check(isinstance(parents, list) and len(parents) <= limits.MAX_PARENTS, "parents")
    _check(isinstance(ancestry, list) and len(ancestry) <= limits.MAX_ANCESTRY, "ancestry")
    _check(all(isinstance(r, str) and HEX64.match(r) for r in parents + ancestry), "revision ids")
    _check(parents == sorted(set(parents)) and len(set(ancestry)) == len(ancestry), "parents order")
    _check(set(parents) <= set(ancestry), "ancestry lacks a parent")
    _check(_int(doc["gen"], 1, 2**31) and (doc["gen"] > 1 or not parents), "generation")
    author = doc["author"]
    _check(isinstance(author, dict) and set(author) == {"node", "officer"}, "author")
    _check(isinstance(author["node"], str) and bool(UUID.match(author["node"]))
           and _name(author["officer"], limits.MAX_OFFICER), "author")
    _check(isinstance(doc["sig"], str) and bool(HEX128.match(doc["sig"])), "author signature")
    try:
        hlc.parse(doc["hlc"])
    except ValueError:
        raise bad("hlc") from None
    _check(isinstance(doc["deleted"], bool) and isinstance(doc["body"], dict), "deleted/body")
    rev = RevisionData(doc["type"], doc["id"], str(doc["rev"]), tuple(parents), tuple(ancestry), doc["gen"],
                       author["node"], author["officer"], doc["hlc"], doc["deleted"], doc["body"], doc["sig"],
                       body_json)
    expected = compute_rev_id(rev.record_type, rev.record_id, rev.parents, rev.gen, rev.body, rev.author_node,
                              rev.author_name, rev.hlc, rev.deleted, body_json)
    _check(rev.rev_id == expected, "a revision does not match its id")
    if rev.record_type == CASE:
        case_body(rev.body, rev.deleted)
    else:
        _check(not rev.deleted, "a register record is never deleted")
        register_body(rev.record_type, rev.body)
    return rev


def case_body(body: dict[str, Any], deleted: bool) -> CaseType:
    """Check a case body (live or tombstone); returns its case type."""
    _check(body.get("v") in READABLE_BODY_VERSIONS, "body version")
    _check(set(body) == (_TOMB_KEYS if deleted else _LIVE_KEYS_V1 if body["v"] == 1 else _LIVE_KEYS), "body keys")
    try:
        ct = lookup_case_type(body["case_type"]) if isinstance(body["case_type"], str) else None
    except BjstcError:
        ct = None
    _check(ct is not None and body["module"] == ct.module, "case type")
    assert ct is not None
    _check(case_number_ok(body["case_no"], ct), "case number")
    _check(_int(body["classification"], 0, 3), "classification")
    if deleted:
        return ct
    for key in SCALARS:
        value = body[key]
        if key in DATE_SCALARS:
            _check(_date(value), key)
        elif key == "parent_id":
            _check(value is None or (isinstance(value, str) and bool(UUID.match(value))), key)
        else:
            _check((value is None and key not in _NOT_NULL) or _str(value, _TEXT_LIMITS.get(key, limits.MAX_STRING)),
                   key)
    _check(_str(body["title"], limits.MAX_STRING, empty=False) and body["state"] in ct.states, "title/state")
    checked_uscc = _fields(ct, body["fields"])
    _clocks(body["clocks"])
    _parties(body["parties"], checked_uscc)
    _timeline(body["timeline"])
    _attachments(body["attachments"])
    if body["v"] != 1:
        panel_and_archive(body)
    return ct


def _as_input(f: FieldDef, value: Any) -> Any:
    """A stored value back in the form an officer would type it."""
    if f.kind is FieldKind.MONEY:
        _check(_int(value, 0, limits.MAX_INT), f"fields.{f.key}")
        return f"{value}分"
    if f.kind is FieldKind.INTEGER:
        _check(_int(value, -limits.MAX_INT, limits.MAX_INT), f"fields.{f.key}")
        return str(value)
    if f.kind is FieldKind.BOOL:
        _check(isinstance(value, bool), f"fields.{f.key}")
        return value
    if f.kind is FieldKind.ROWS:
        _check(isinstance(value, list) and all(isinstance(r, dict) for r in value), f"fields.{f.key}")
        cols = {c.key: c for c in f.columns}
        _check(all(set(r) <= set(cols) for r in value), f"fields.{f.key}")
        return [{k: _as_input(cols[k], v) for k, v in r.items()} for r in value]
    _check(isinstance(value, str), f"fields.{f.key}")
    return value


def _fields(ct: CaseType, fields: Any) -> frozenset[str]:
    """Every field value through the typed-input validators, unchanged by them; the
    case's USCC field values, which have passed the USCC rule as they stand. A value
    that is in its stored form on its face (sync/stored_fields.py) skips the parse: it
    would come back unchanged; every other value is parsed as before."""
    _check(isinstance(fields, dict), "fields")
    typed = {}
    uscc = []
    for key, value in fields.items():
        f = ct.field(key)
        _check(f is not None and value is not None, f"fields.{key}")
        assert f is not None
        if f.kind is FieldKind.USCC:
            uscc.append(value)
        if not unchanged(f, value):
            typed[key] = _as_input(f, value)
    if typed:
        try:
            parsed = parse_fields(ct, typed, partial=True)
        except BjstcError as exc:
            raise bad(f"field value: {exc.en}") from None
        _check(all(parsed[k] == fields[k] for k in typed), "a field value is not in its stored form")
    return frozenset(uscc)


def _clocks(clocks: Any) -> None:
    _check(isinstance(clocks, dict) and len(clocks) <= 64, "clocks")
    for key, item in clocks.items():
        _check(_str(key, 48, empty=False) and isinstance(item, dict) and set(item) == {"kind", "state"}, "clock")
        _check(item["kind"] in ("limit", "period") and isinstance(item["state"], dict), "clock kind")
        try:
            same = clock_to_json(clock_from_json(item["state"])) == item["state"]
        except (KeyError, TypeError, ValueError, BjstcError):
            same = False
        _check(same, f"clock {key}")


def _parties(parties: Any, checked_uscc: frozenset[str] = frozenset()) -> None:
    """Parties as [role, USCC, name], sorted, no repeats. A USCC that is one of the
    case's USCC fields passed the same rule there, as it stands (normalised to itself:
    tests/sync/test_validate_once.py), and is not validated a second time."""
    _check(isinstance(parties, list) and len(parties) <= 200, "parties")
    seen = []
    for p in parties:
        _check(isinstance(p, list) and len(p) == 3 and _str(p[0], 64, empty=False) and _str(p[2], limits.MAX_STRING),
               "party")
        try:
            _check(isinstance(p[1], str), "party USCC")  # not a string: refused, not a crash
            _check(p[1] in checked_uscc or stored_uscc(p[1]) or normalize_field_value(FieldKind.USCC, p[1]) == p[1],
                   "party USCC")
        except BjstcError:
            raise bad("party USCC") from None
        seen.append(tuple(p))
    _check(seen == sorted(set(seen)), "parties order")


def _timeline(timeline: Any) -> None:
    _check(isinstance(timeline, dict), "timeline")
    keys = {"at", "actor", "action", "from", "to", "opinion", "details"}
    for key, e in timeline.items():
        _check(bool(UUID.match(key)) and isinstance(e, dict) and set(e) == keys, "timeline entry")
        try:
            dt.datetime.fromisoformat(e["at"])
        except (TypeError, ValueError):
            raise bad("timeline time") from None
        _check(_str(e["actor"], 64) and _str(e["action"], 48, empty=False), "timeline actor/action")
        _check(all(e[k] is None or _str(e[k], 32) for k in ("from", "to")), "timeline states")
        _check((e["opinion"] is None or _str(e["opinion"], limits.MAX_STRING)) and isinstance(e["details"], dict),
               "timeline")


def _attachments(attachments: Any) -> None:
    _check(isinstance(attachments, dict), "attachments")
    keys = {"sha256", "size", "filename", "item", "received_on"}
    for key, a in attachments.items():
        _check(bool(UUID.match(key)) and isinstance(a, dict) and set(a) == keys, "attachment")
        _check(isinstance(a["sha256"], str) and bool(HEX64.match(a["sha256"])), "attachment hash")
        _check(_int(a["size"], 0, limits.MAX_ATTACHMENT), "attachment size")
        name = a["filename"]
        _check(_str(name, 255, empty=False) and not any(ord(c) < 32 for c in name), "attachment name")
        _check((a["item"] is None or _str(a["item"], 64)) and _date(a["received_on"]), "attachment")
