"""Issue 15 point 3: a revision's body is encoded once (for the re-encoding check, its
id and its stored row) and a case's USCC is validated once when its field and its party
carry the same value, refusing exactly what the checks made each time refused."""

from __future__ import annotations

import random
from typing import Any

import pytest

from benchmarks.sync_data import HLC, contract_body
from bjstc_desktop.core import fieldvalues
from bjstc_desktop.core.casetypes import FieldKind
from bjstc_desktop.core.errors import BjstcError
from bjstc_desktop.core.ids import uuid7
from bjstc_desktop.core.validators import normalize_field_value
from bjstc_desktop.sync import canonical, frames, limits, stored_fields, validate
from bjstc_desktop.sync.dag import compute_rev_id
from bjstc_desktop.sync.frames import FrameReader
from bjstc_desktop.sync.refusals import PackageRefused

NODE = "01900000-0000-7000-8000-0000000000bb"


def _body(**fields: Any) -> dict[str, Any]:
    body = contract_body(3, random.Random(5), {})
    body["fields"].update(fields)
    return body


def _doc(body: dict[str, Any]) -> dict[str, Any]:
    record = uuid7()
    rev = compute_rev_id("case", record, [], 1, body, NODE, "zhang", HLC, False)
    return {"type": "case", "id": record, "rev": rev, "parents": [], "ancestry": [], "gen": 1,
            "author": {"node": NODE, "officer": "zhang"}, "hlc": HLC, "deleted": False, "body": body,
            "sig": "0" * 128}


def _documents() -> list[bytes]:
    """Canonical documents and near misses a forger could write."""
    good = canonical.dumps({"a": 1, "body": {"k": "中文", "l": [1, {"m": None}]}, "c": True})
    return [
        good,
        good.replace(b'"c":true', b'"c":true,"c":true'),  # a duplicate key beside the body
        good.replace(b'"k":"\xe4\xb8\xad\xe6\x96\x87"', b'"k":"x","k":"\xe4\xb8\xad\xe6\x96\x87"'),  # in the body
        good.replace(b'{"k":"\xe4\xb8\xad\xe6\x96\x87","l"', b'{"l":[1,{"m":null}],"k"').replace(
            b',"l":[1,{"m":null}]}', b"}"),  # the body's keys out of order
        good.replace(b'"a":1,', b"").replace(b"}}", b'}},"a":1', 1),  # the outer keys out of order
        good.replace(b'"k":', b'"k": '),  # a space inside the body
        good.replace(b"\xe4\xb8\xad", b"\\u4e2d"),  # an escape where the character is canonical
        good.replace(b"{\"a\":1,", b"{\"a\":01,"),
        canonical.dumps({"body": {"x": 1}}), canonical.dumps({"a": 1, "body": "x"}),
        canonical.dumps({"body": [], "z": 2}), canonical.dumps({"a": 1}), canonical.dumps([1, {"body": 1}]),
        canonical.dumps({"body": {"x": 1}}) + b" ", b'{"body":{"x":1},"body":{"x":1}}',
        b'{"body":{"x":1},"body":{"x":2}}',
    ]


@pytest.mark.parametrize("data", _documents())
def test_reading_a_part_refuses_what_the_whole_reading_refuses(data: bytes) -> None:
    try:
        whole: Any = canonical.loads(data, 10_000)
    except canonical.JsonRejected:
        whole = None
    try:
        value, part = canonical.loads_part(data, 10_000, "body")
    except canonical.JsonRejected:
        assert whole is None
        return
    assert whole is not None and value == whole
    has_body = isinstance(value, dict) and "body" in value
    assert part == (canonical.dumps(value["body"]) if has_body else None)


def test_an_object_encoded_around_a_part_is_its_canonical_encoding() -> None:
    for value in ({"body": 1}, {"a": [1], "body": {"z": "é"}}, {"body": None, "c": "x"},
                  {"a": 1, "body": {}, "c": {"d": [True]}}, {"\u00e9": 1, "body": 2, "Z": 3}):
        assert canonical.dumps_with(value, "body", canonical.dumps(value["body"])) == canonical.dumps(value)
    body = _body()
    assert compute_rev_id("case", NODE, [], 1, body, NODE, "zhang", HLC, False,
                          canonical.dumps(body)) == compute_rev_id("case", NODE, [], 1, body, NODE, "zhang", HLC, False)


def _read(doc_bytes: bytes) -> list[Any]:
    """REVISION frames read as the import reads them (validate.revision with the body's bytes)."""
    got: list[Any] = []
    reader = FrameReader(on_revision=lambda doc, size, body_json: got.append(validate.revision(doc, body_json)))
    w = frames.EndWriter()
    reader.feed(w.add(frames.json_frame(frames.MANIFEST, {"format": 2})) + w.add(frames.frame(frames.REVISION,
                                                                                              doc_bytes)) + w.end())
    reader.finish()
    return got


def test_a_revision_read_from_its_frame_keeps_its_body_bytes_and_its_id_still_binds_the_body() -> None:
    doc = _doc(_body())
    [rev] = _read(canonical.dumps(doc))
    assert rev.body_json == canonical.dumps(doc["body"]) and rev.body_text == canonical.dumps(doc["body"]).decode()
    doc["body"]["title"] = "改过的标题"  # the id is not recomputed
    with pytest.raises(PackageRefused) as err:
        _read(canonical.dumps(doc))
    assert err.value.detail == "a revision does not match its id"
    doc["body"]["title"] = "x"
    doc = _doc(doc["body"])  # a duplicate key inside the body, the last one matching the id
    data = canonical.dumps(doc).replace(b'"title":"x"', b'"title":"y","title":"x"')
    assert len(data) < limits.MAX_REVISION
    with pytest.raises(PackageRefused) as err:
        _read(data)
    assert err.value.detail == "not canonical"


def _uscc_outcome(value: Any) -> str | None:
    """The refusal of a case whose USCC field and party both carry `value` (None: accepted)."""
    body = _body(seller_uscc=value)
    body["parties"] = [["卖方", value, "某公司"]]
    try:
        validate.case_body(body, False)
    except PackageRefused as exc:
        return exc.detail
    return None


def _candidates() -> list[Any]:
    good = _body()["fields"]["seller_uscc"]
    fixed = good[:-1] + ("0" if good[-1] != "0" else "1")  # a wrong check character
    return [good, good.lower(), f" {good}", f"{good} ", good[:9] + " " + good[9:], good[:-1], good + "0", fixed,
            good.replace("0", "O"), "".join(chr(ord(c) + 0xFEE0) for c in good), good[:8] + "I" + good[9:], ""]


@pytest.mark.parametrize("value", _candidates())
def test_a_uscc_in_a_field_and_a_party_is_refused_as_when_both_were_checked(value: str) -> None:
    outcome = _uscc_outcome(value)
    try:
        party_ok = normalize_field_value(FieldKind.USCC, value) == value
    except BjstcError:  # the party rule as it was: a refused value
        party_ok = False
    if outcome is None:
        assert party_ok  # nothing the party rule refuses gets through with the field's check alone


def test_a_party_uscc_other_than_the_fields_is_still_checked() -> None:
    good = _body()["fields"]["seller_uscc"]
    body = _body()
    body["parties"] = [["卖方", good[:-1] + ("0" if good[-1] != "0" else "1"), "某公司"]]
    with pytest.raises(PackageRefused) as err:
        validate.case_body(body, False)
    assert err.value.detail == "party USCC"


@pytest.mark.parametrize("value", [5, ["91110000600037341L"], None])
def test_a_party_uscc_that_is_not_text_is_refused_not_a_crash(value: Any) -> None:
    body = _body()
    body["parties"] = [["卖方", value, "某公司"]]
    with pytest.raises(PackageRefused) as err:  # was AttributeError from the validator
        validate.case_body(body, False)
    assert err.value.detail == "party USCC"


def test_a_case_whose_field_and_party_share_a_uscc_validates_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    body = _body()
    body["parties"] = [["卖方", body["fields"]["seller_uscc"], "某公司"]]

    def counted(kind: FieldKind, raw: str, *args: Any, **kw: Any) -> str:
        if kind is FieldKind.USCC:
            calls.append(raw)
        return normalize_field_value(kind, raw, *args, **kw)

    real_fast = stored_fields.stored_uscc

    def counted_fast(raw: Any) -> bool:  # the stored-form check (sync/stored_fields.py) is the rule too
        calls.append(raw)
        return real_fast(raw)

    monkeypatch.setattr(fieldvalues, "normalize_field_value", counted)
    monkeypatch.setattr(validate, "normalize_field_value", counted)
    monkeypatch.setattr(validate, "stored_uscc", counted_fast)
    monkeypatch.setattr(stored_fields, "stored_uscc", counted_fast)
    validate.case_body(body, False)
    assert calls == [body["fields"]["seller_uscc"]]
