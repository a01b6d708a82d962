"""The fast path of reading JSON (issue 6): same answers as decoding, or no answer.

``fast_report`` validates the model straight from a JSON text; it must either give the
model that ``decode_json`` + ``parse_record`` give, or ``None`` (the exact path then
gives the findings). Above all it must never accept a text with a duplicate key, which
pydantic's parser would silently resolve to the last value.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from missingreport import Engine, _fastjson, validate
from missingreport._fastjson import _key_tokens, fast_report
from missingreport.engine import RawRecord
from missingreport.readers.jsonfile import read_jsonl_lines
from missingreport.structure import decode_json, parse_record
from tests.conftest import AS_OF, load_base

CONTEXT = {"phone_region": "US"}
BASE = load_base()
COMPACT = json.dumps(BASE, separators=(",", ":"), ensure_ascii=False).encode()
PRETTY = json.dumps(BASE, indent=2, ensure_ascii=False).encode()


def exact(text: str | bytes) -> Any:
    """The report of the exact path, or None."""
    data, problem = decode_json(text)
    return None if problem is not None else parse_record(data, context=CONTEXT).report


def codes(text: str | bytes) -> list[str]:
    return [f.code for f in validate(text, as_of=AS_OF).findings]


@pytest.mark.parametrize("text", [COMPACT, PRETTY, COMPACT.decode(), b"  \n" + COMPACT + b"\r\n"])
def test_a_sound_report_takes_the_fast_path_with_the_same_model(text: str | bytes) -> None:
    report = fast_report(text, CONTEXT)
    assert report is not None
    assert report == exact(text)
    assert codes(text) == []


def _duplicates() -> Iterator[tuple[str, bytes]]:
    sex = b'"sex":"' + BASE["child"]["sex"].encode() + b'"'
    rid = b'"report_id":"' + BASE["report_id"].encode() + b'"'
    yield "top level", COMPACT.replace(rid, rid + b"," + rid, 1)
    yield "in a sub-object", COMPACT.replace(sex, sex + b"," + sex, 1)
    yield "other value", COMPACT.replace(sex, sex + b',"sex":"X"', 1)
    yield "escaped key", COMPACT.replace(sex, sex + b',"s\\u0065x":"M"', 1)
    yield "space before colon", COMPACT.replace(sex, sex + b',"sex" :"M"', 1)
    yield "tab before colon", COMPACT.replace(sex, sex + b',"sex"\t:"M"', 1)
    yield "newline before colon", COMPACT.replace(sex, sex + b',"sex"\n:"M"', 1)
    risks = b'"other_risks":"she said \\":\\" and \\"\\\\\\":\\"",'
    yield (
        "escaped quotes and colons in a string",
        COMPACT.replace(sex, sex + b"," + sex, 1).replace(b'"pregnant"', risks + b'"pregnant"', 1),
    )
    yield (
        "a string starting with a colon",
        COMPACT.replace(sex, sex + b"," + sex, 1).replace(
            b'"pregnant"', b'"other_risks":":-)",' + b'"pregnant"', 1
        ),
    )
    yield "pretty-printed", PRETTY.replace(b'"sex": ', b'"sex": "M",\n    "sex": ', 1)


@pytest.mark.parametrize(("what", "text"), list(_duplicates()), ids=lambda v: str(v)[:30])
def test_a_duplicate_key_is_never_accepted(what: str, text: bytes) -> None:
    assert fast_report(text, CONTEXT) is None
    problem = decode_json(text)[1]
    assert problem is not None
    assert "appears twice" in problem.detail
    assert codes(text) == ["MR001"]


def test_sound_texts_the_count_is_unsure_of_still_pass() -> None:
    """White space before a colon, or a string starting with one: the exact path says."""
    spaced = COMPACT.replace(b'"sex":', b'"sex" :', 1)
    colon = COMPACT.replace(b'"pregnant"', b'"other_risks":":-)","pregnant"', 1)
    for text in (spaced, colon):
        assert fast_report(text, CONTEXT) is None
        assert exact(text) is not None
        assert codes(text) == []


def test_the_key_token_count() -> None:
    assert _key_tokens(b'{"a":1,"b":{"c":"x"}}') == 3
    assert _key_tokens(b'{"a":"say \\":\\""}') == 1  # an escaped quote and a colon
    assert _key_tokens(b'{"a":":)"}') == 2  # a string opening with a colon: too high
    assert _key_tokens(b'{"a\\\\":1}') == 0  # a key ending in a backslash: no field has one


@pytest.mark.parametrize(
    "text",
    [
        COMPACT.replace(b'"height_in":', b'"height_in":NaN,"x":', 1),
        re.sub(rb'"height_in":\d+', b'"height_in":NaN', COMPACT, count=1),
        re.sub(rb'"height_in":\d+', b'"height_in":Infinity', COMPACT, count=1),
        re.sub(rb'"height_in":\d+', b'"height_in":' + b"9" * 5000, COMPACT, count=1),
        COMPACT.replace(b'"first_name":"', b'"first_name":"\\ud800', 1),
        COMPACT.replace(b'"first_name":"', b'"first_name":"\\udc00', 1),
        COMPACT.replace(b'"first_name":"', b'"first_name":"\xff', 1),
        COMPACT.replace(b'"first_name":"', b'"first_name":"\xed\xa0\x80', 1),
        COMPACT.replace(b'"first_name":"', b'"first_name":"a\tb', 1),
        COMPACT + b" x",
        COMPACT + COMPACT,
        COMPACT[:-1] + b',"x":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        COMPACT[:-1] + b',"x":"' + b"a" * 1_000_001 + b'"}',
        COMPACT.decode().replace('"first_name":"', '"first_name":"\ud800', 1),
        "\ufeff" + COMPACT.decode(),
    ],
    ids=lambda v: f"{len(v)}",
)
def test_what_decode_json_refuses_never_takes_the_fast_path(text: str | bytes) -> None:
    assert fast_report(text, CONTEXT) is None
    assert decode_json(text)[1] is not None
    assert codes(text) == ["MR001"]


def test_nan_in_a_string_is_refused_only_when_a_field_may_hold_floats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = COMPACT.replace(b'"pregnant"', b'"other_risks":"NaN, Infinity",' + b'"pregnant"', 1)
    assert fast_report(text, CONTEXT) is not None  # schema 1.0: no float field
    monkeypatch.setattr(_fastjson, "_FLOATS", True)
    assert fast_report(text, CONTEXT) is None
    assert codes(text) == []


def test_a_byte_order_mark_takes_the_exact_path_and_is_read() -> None:
    text = b"\xef\xbb\xbf" + COMPACT
    assert fast_report(text, CONTEXT) is None
    assert codes(text) == []


def test_an_integer_past_a_lowered_digit_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """``json.loads`` refuses it; pydantic's parser would not: the exact path says MR001."""
    limit = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        text = re.sub(rb'"height_in":\d+', b'"height_in":' + b"9" * 700, COMPACT, count=1)
        assert fast_report(text, CONTEXT) is None
        assert codes(text) == ["MR001"]
    finally:
        sys.set_int_max_str_digits(limit)


def test_the_reader_leaves_lines_undecoded_until_asked() -> None:
    lines = [(COMPACT + b"\n", False), (b'{"a":1,"a":2}\n', False)]
    sound, duplicate = read_jsonl_lines(lines, "x.jsonl")
    assert sound.text == COMPACT
    assert duplicate.text == b'{"a":1,"a":2}'
    assert duplicate.data is None
    assert duplicate.problem is not None
    assert duplicate.text is None  # decoded once, kept
    assert sound.data == BASE
    assert sound.problem is None
    assert sound == RawRecord("x.jsonl", 1, 1, BASE)


def test_the_engine_reads_texts_as_it_reads_values() -> None:
    engine = Engine(as_of=AS_OF)
    broken = COMPACT.replace(b'"report_id":"', b'"report_id":"bad id ', 1)
    records = [RawRecord("x", 1, 1, text=t) for t in (COMPACT, broken)]
    values = [RawRecord("x", 1, 1, json.loads(t)) for t in (COMPACT, broken)]
    by_text = [(r.report_id, [f.code for f in r.findings]) for r in engine.run(records)]
    by_value = [(r.report_id, [f.code for f in r.findings]) for r in engine.run(values)]
    assert by_text == by_value
    assert by_text[0] == (BASE["report_id"], [])
    assert by_text[1][0] == "bad id " + BASE["report_id"]  # from the decoded value


_KEY = st.sampled_from(["sex", "report_id", "first_name", "narrative", "city", "x"])
_VALUE = st.sampled_from([b'"F"', b'":"', b'"\\":"', b"1", b"null", b'"a\\\\"', b"[]"])
_SPACE = st.sampled_from([b"", b" ", b"\t", b"\n"])


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(
    st.integers(0, 200), _KEY, _VALUE, _SPACE, st.sampled_from([b"", b"\\u0065"])
)  # fmt: skip
def test_inserted_pairs_never_pass_unless_the_exact_path_agrees(
    where: int, key: str, value: bytes, space: bytes, escape: bytes
) -> None:
    """A pair inserted into any object of a sound report: same model or no fast answer."""
    starts = [m.end() for m in re.finditer(rb"\{", COMPACT)]
    at = starts[where % len(starts)]
    raw_key = key.encode().replace(b"e", escape or b"e", 1)
    text = COMPACT[:at] + b'"' + raw_key + b'"' + space + b":" + value + b"," + COMPACT[at:]
    report = fast_report(text, CONTEXT)
    if report is not None:
        assert report == exact(text)
        assert decode_json(text)[1] is None


def _altered(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    report = json.loads(COMPACT)
    node = report
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return dict(report)


#: Fields of the base report and values they cannot hold (or a key that is no field).
_FIELDS = [
    ("report_id",), ("child", "sex"), ("child", "first_name"), ("child", "nicknames"),
    ("child",), ("episode", "last_seen_at"), ("custodial_agency", "state"),
    ("custodial_agency", "caseworker", "phone"), ("law_enforcement_report", "ori"),
    ("law_enforcement_report",), ("schema_version",), ("child", "colour"),
]  # fmt: skip
_BAD = [1, 1.5, True, None, "", "x" * 300, [], [1], {}, {"a": 1}, "2024-13-45", "Q"]


@settings(derandomize=True, database=None, deadline=None, max_examples=300)
@given(st.sampled_from(_FIELDS), st.sampled_from(_BAD), st.sampled_from(_FIELDS))
def test_a_refused_text_gives_the_findings_of_its_decoded_value(
    path: tuple[str, ...], value: Any, other: tuple[str, ...]
) -> None:
    """The model's errors for a text stand for the decoded value's only where they read
    alike: the findings, values included, are those of the value validated itself."""
    report = _altered(path, value)
    if other != path and other[:1] != path[:1]:
        report = _altered(other, value) | {k: v for k, v in report.items() if k != other[0]}
    text = json.dumps(report).encode()
    engine = Engine(as_of=AS_OF, show_values=True)
    by_text = [f.to_dict() for f in engine.validate(text).findings]
    by_value = [f.to_dict() for f in engine.validate(json.loads(text)).findings]
    assert by_text == by_value


def test_only_errors_that_read_alike_are_kept() -> None:
    report, errors = _fastjson.read_text(json.dumps(_altered(("child", "sex"), "Q")), CONTEXT)
    assert report is None
    assert errors is not None
    assert [e["type"] for e in errors] == ["literal_error"]
    # "a valid array" for a text, "a valid list" for a value: validated again.
    text = json.dumps(_altered(("child", "nicknames"), 1))
    assert _fastjson.read_text(text, CONTEXT) == (None, None)
    assert _fastjson.read_text(COMPACT, CONTEXT)[1] is None
