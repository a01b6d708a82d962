"""Property tests: no input makes ``validate()`` raise, and sound reports pass (issue 6).

Four properties, each over inputs that hypothesis generates:

1. arbitrary JSON values (as Python objects, as JSON text and as bytes) never make
   ``validate()`` raise, and every finding's code is in the catalogue;
2. one mutation of the complete base report (a key deleted, a value of another type,
   a long string, an unknown key, nested garbage) never makes it raise, and every
   structural finding (MR0xx) lies at or under the field that was changed;
3. schema-valid generated reports give no MR0xx finding and a parsed report;
4. the same input checked twice gives the same findings, and is left unchanged.

The runs are reproducible (``derandomize=True``, no example database) and sized so
that the whole module takes well under 30 seconds.
"""

from __future__ import annotations

import copy
import json
import string
import typing
from datetime import date, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from missingreport import all_rules, codes, validate
from missingreport._shown import shown_path
from missingreport.findings import ValidationResult
from missingreport.readers import field_specs
from missingreport.schema import MissingChildReport
from missingreport.types import ORI_PATTERN, ZIP_PATTERN
from tests.conftest import AS_OF, load_base

CATALOGUE = frozenset(rule.code for rule in all_rules())
BASE = load_base()

#: Reproducible in CI: the same examples on every run, nothing stored between runs.
PROPERTY = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- arbitrary JSON values ----------------------------------------------------------

#: The names of the schema's fields and objects, so that generated dicts look like reports.
FIELD_NAMES = sorted({part for path in field_specs() for part in path.split(".")})

_AWKWARD_TEXT = [
    "",
    " ",
    "1.0",
    "2024-03-05",
    "2024-02-30",
    "2024-03-05T21:40:00-05:00",
    "2024-03-05T21:40:00",
    "03/05/2024",
    "M",
    "W",
    "yes",
    "OH",
    "OH0250200",
    "(614) 466-2105",
    "x" * 101,
    "x" * 201,
    "x" * 10_001,
    "Ma\x00ya",
    "\x1b[2J",
    "line\nbreak",
    "\u202eevil",
    '=HYPERLINK("http://example.org","x")',
    "\U0001f600",
]


def _scalars(huge: bool) -> st.SearchStrategy[Any]:
    numbers = st.sampled_from([0, -1, 2**63, -(2**63) - 1, 10**100])
    if huge:  # up to 5,000 digits: beyond Python's limit for turning an int into text
        numbers = st.one_of(numbers, st.sampled_from([4000, 5000]).map(lambda n: -(10**n)))
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        numbers,
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(max_size=20),
        st.sampled_from(_AWKWARD_TEXT),
    )


_KEYS = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))


def json_values(*, huge: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON-like value: scalars, lists and dicts whose keys are often field names."""
    return st.recursive(
        _scalars(huge),
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)
        ),
        max_leaves=20,
    )


_TOP = ("schema_version", "report_id", "child", "episode", "custodial_agency")


def _report_like(values: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """The base report with some of its top-level values replaced by anything."""
    return st.dictionaries(st.sampled_from([*_TOP, *FIELD_NAMES]), values, max_size=4).map(
        lambda patch: {**copy.deepcopy(BASE), **patch}
    )


def assert_sound(result: ValidationResult) -> None:
    """Codes from the catalogue; paths and messages printable; a report only if sound."""
    for finding in result.findings:
        assert finding.code in CATALOGUE, f"{finding.code} is not in the catalogue"
        assert finding.message.isprintable(), repr(finding.message)
        assert finding.path == "" or finding.path.isprintable(), repr(finding.path)
        finding.message.encode("utf-8")  # writable by every output format
        if finding.value is not None:
            finding.value.encode("utf-8")
    if result.report is not None:
        assert isinstance(result.report, MissingChildReport)
        assert not [f.code for f in result.findings if f.code.startswith("MR0")]


@PROPERTY
@given(value=st.one_of(json_values(), _report_like(json_values())))
def test_arbitrary_values_never_raise(value: Any) -> None:
    assert_sound(validate(value, as_of=AS_OF, show_values=True))


@PROPERTY
@given(value=st.one_of(json_values(huge=False), _report_like(json_values(huge=False))))
def test_arbitrary_json_text_never_raises(value: Any) -> None:
    text = json.dumps(value)  # NaN and Infinity come out as the bare words
    as_text = validate(text, as_of=AS_OF, show_values=True)
    assert_sound(as_text)
    assert validate(text.encode("utf-8"), as_of=AS_OF, show_values=True) == as_text


@PROPERTY
@given(raw=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_arbitrary_bytes_and_text_never_raise(raw: bytes | str) -> None:
    result = validate(raw, as_of=AS_OF, show_values=True)
    assert_sound(result)
    try:
        an_object = isinstance(json.loads(raw), dict)
    except (ValueError, RecursionError):
        an_object = False
    if not an_object:  # anything but a JSON object is one unreadable record
        assert [f.code for f in result.findings] == ["MR001"]


# --- mutations of the base report -----------------------------------------------------

Path = tuple[str | int, ...]


def _paths(node: Any, prefix: Path = ()) -> list[Path]:
    out: list[Path] = []
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        out.append((*prefix, key))
        if isinstance(value, (dict, list)):
            out.extend(_paths(value, (*prefix, key)))
    return out


def _dicts(node: Any, prefix: Path = ()) -> list[Path]:
    out: list[Path] = [prefix] if isinstance(node, dict) else []
    children = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in children:
        if isinstance(value, (dict, list)):
            out.extend(_dicts(value, (*prefix, key)))
    return out


LEAF_PATHS = _paths(BASE)
DICT_PATHS = _dicts(BASE)


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _garbage(depth: int, kind: str) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if kind == "list" else {"a": value}
    return value


@st.composite
def mutations(draw: st.DrawFn, *, deep: bool = True) -> tuple[dict[str, Any], Path]:
    """The base report with one field changed, and the path of that field.

    ``deep`` garbage goes past Python's recursion limit (a value no JSON text can give,
    but a caller's dict can).
    """
    report = copy.deepcopy(BASE)
    kind = draw(st.sampled_from(["delete", "retype", "long", "unknown", "garbage"]))
    if kind == "unknown":
        where = draw(st.sampled_from(DICT_PATHS))
        target = _at(report, where)
        key = draw(_KEYS.filter(lambda k: k not in target))
        target[key] = draw(json_values())
        return report, (*where, key)
    path = draw(st.sampled_from(LEAF_PATHS))
    parent = _at(report, path[:-1])
    if kind == "delete":
        del parent[path[-1]]
        # a list item taken out changes the list; a key taken out, that field
        return report, path[:-1] if isinstance(parent, list) else path
    if kind == "retype":
        parent[path[-1]] = draw(json_values())
    elif kind == "long":
        parent[path[-1]] = "x" * draw(st.sampled_from([65, 101, 201, 10_001, 100_000]))
    else:
        depths = [1, 2, 3, 64, 65, 200, 5_000] if deep else [1, 2, 3, 64, 65, 200]
        depth = draw(st.sampled_from(depths))
        parent[path[-1]] = _garbage(depth, draw(st.sampled_from(["list", "dict"])))
    return report, path


@PROPERTY
@given(case=mutations())
def test_a_mutation_is_reported_where_it_was_made(case: tuple[dict[str, Any], Path]) -> None:
    report, changed = case
    result = validate(report, as_of=AS_OF, show_values=True)
    assert_sound(result)
    where = shown_path(changed)
    for finding in result.findings:
        if finding.code.startswith("MR0"):  # structural: at the change or under it
            assert finding.path == where or finding.path.startswith(where + "."), (
                f"{finding.code} at {finding.path!r}, but {where!r} was changed"
            )


# --- schema-valid reports -----------------------------------------------------------------


def _codes_of(table: Any) -> st.SearchStrategy[str]:
    return st.sampled_from(typing.get_args(table))


_LETTERS = string.ascii_letters + "ÀÉÑÖØÜàçéíñóöøüÿ"
_NAME = st.text(_LETTERS + " '-.", min_size=1, max_size=100).filter(lambda s: bool(s.strip()))
_SHORT = st.text(_LETTERS + string.digits + " ,.;:/()#&'-", min_size=1, max_size=200).filter(
    lambda s: bool(s.strip())
)
_TEXT = st.one_of(_SHORT, st.just("a" * 10_000), st.just("line one\nline two\ttabbed"))
_IDENT = st.text(string.ascii_letters + string.digits + "-_/", min_size=1, max_size=64)
_REPORT_ID = st.text(string.ascii_letters + string.digits + "._:-", min_size=1, max_size=64)
#: Numbers libphonenumber holds valid (written in the forms people use).
_PHONES = st.sampled_from(
    [
        "(614) 466-2105",
        "614-229-7000",
        "+1 614 229 7001",
        "(202) 456-1111",
        "+1 312 744 5000",
        "617.635.4500",
        "+44 20 7946 0958",
    ]
)
_EMAILS = st.sampled_from(["jreyes@example.org", "k.obi+cases@agency.example.com", "a@b.co"])
_OFFSETS = [timezone(timedelta(minutes=m)) for m in (-600, -480, -300, -240, 0, 60, 330, 840)]
_DATES = st.dates(min_value=date(1995, 1, 1), max_value=date(2024, 3, 31))
_MOMENTS = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.one_of(st.none(), st.sampled_from(_OFFSETS)),
)
_DATE = _DATES.map(date.isoformat)
_DATETIME = st.one_of(
    _MOMENTS.map(datetime.isoformat),
    _MOMENTS.map(lambda m: m.replace(tzinfo=None).isoformat(timespec="minutes") + "Z"),
)
_EITHER = st.one_of(_DATE, _DATETIME)


def _objects(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(required, optional=optional)


def _lists(item: st.SearchStrategy[Any], min_size: int = 0) -> st.SearchStrategy[list[Any]]:
    return st.lists(item, min_size=min_size, max_size=50)


_ADDRESS = st.one_of(
    _objects(
        {},
        {
            "street": _SHORT,
            "city": _SHORT,
            "state": _codes_of(codes.StateCode),
            "postal_code": st.from_regex(ZIP_PATTERN.replace(r"\d", "[0-9]"), fullmatch=True),
            "country": st.just("US"),
        },
    ),
    _objects({"country": st.sampled_from(["CA", "MX"])}, {"postal_code": st.just("K1A 0B1")}),
)
_CHILD = _objects(
    {
        "first_name": _NAME,
        "last_name": _NAME,
        "date_of_birth": _DATE,
        "sex": _codes_of(codes.Sex),
        "race": _lists(_codes_of(codes.Race), min_size=1),
        "ethnicity": _codes_of(codes.Ethnicity),
        "photo": _objects(
            {"available": st.booleans()}, {"taken_on": _DATE, "reason_unavailable": _SHORT}
        ),
        "endangerment": _objects(
            {k: _codes_of(codes.TriState) for k in ("pregnant", "prescription_medications")}
            | {k: _codes_of(codes.TriState) for k in ("suicidal", "trafficking_risk")},
            {"medications_detail": _TEXT, "other_risks": _TEXT},
        ),
    },
    {
        "middle_name": _NAME,
        "suffix": _NAME,
        "nicknames": _lists(_NAME),
        "height_in": st.integers(min_value=-10, max_value=10**6),
        "weight_lb": st.integers(min_value=-10, max_value=10**6),
        "hair_color": _codes_of(codes.HairColor),
        "eye_color": _codes_of(codes.EyeColor),
        "skin_tone": _codes_of(codes.SkinTone),
        "scars_marks_tattoos": _lists(_TEXT),
        "phone": _PHONES,
        "email": _EMAILS,
        "social_media": _lists(_SHORT),
    },
)
_CONTACT = {"name": _SHORT}
VALID_REPORTS = _objects(
    {
        "schema_version": st.just("1.0"),
        "report_id": _REPORT_ID,
        "child": _CHILD,
        "episode": _objects(
            {
                "last_seen_at": _EITHER,
                "last_seen_location": _ADDRESS,
                "agency_notified_at": _EITHER,
                "circumstance": _codes_of(codes.Circumstance),
                "placement_type": _codes_of(codes.PlacementType),
                "in_extended_foster_care": st.booleans(),
            },
            {
                "ncic_category": _codes_of(codes.NcicCategory),
                "removal_date": _DATE,
                "narrative": _TEXT,
            },
        ),
        "custodial_agency": _objects(
            {
                "state": _codes_of(codes.StateCode),
                "name": _SHORT,
                "case_number": _IDENT,
                "caseworker": _objects(_CONTACT | {"phone": _PHONES}, {"email": _EMAILS}),
            },
            {
                "county": _SHORT,
                "child_record_number": _IDENT,
                "supervisor": _objects(_CONTACT, {"phone": _PHONES, "email": _EMAILS}),
            },
        ),
    },
    {
        "law_enforcement_report": _objects(
            {"agency_name": _SHORT, "case_number": _IDENT, "reported_at": _EITHER},
            {
                "ori": st.from_regex(ORI_PATTERN, fullmatch=True),
                "ncic_number": _IDENT,
                "ncic_entered_at": _DATETIME,
            },
        ),
        "ncmec_report": _objects(
            {"reported_at": _EITHER, "method": _codes_of(codes.NcmecMethod)},
            {"case_number": _IDENT, "reported_by": _codes_of(codes.ReportedBy)},
        ),
        "recovery": _objects(
            {"located_at": _EITHER},
            {
                "location": _ADDRESS,
                "ncmec_notified_at": _EITHER,
                "law_enforcement_notified_at": _EITHER,
                "debriefed_at": _EITHER,
                "trafficking_screening": _codes_of(codes.TraffickingScreening),
            },
        ),
    },
)


@PROPERTY
@given(report=VALID_REPORTS)
def test_valid_reports_have_no_structural_finding(report: dict[str, Any]) -> None:
    result = validate(report, as_of=AS_OF)
    assert_sound(result)
    assert [f for f in result.findings if f.code.startswith("MR0")] == []
    assert result.report is not None
    # the same report as JSON text and as UTF-8 bytes reads the same
    text = json.dumps(report, ensure_ascii=False)
    assert validate(text, as_of=AS_OF) == result
    assert validate(text.encode("utf-8"), as_of=AS_OF) == result


# --- determinism -----------------------------------------------------------------------------


def _full(result: ValidationResult) -> list[tuple[Any, ...]]:
    return [
        (f.code, f.name, f.severity, f.path, f.message, f.value, f.report_id)
        for f in result.findings
    ]


@PROPERTY
@given(
    value=st.one_of(
        VALID_REPORTS,
        mutations(deep=False).map(lambda case: case[0]),
        _report_like(json_values()),
    )
)
def test_the_same_input_gives_the_same_findings(value: Any) -> None:
    before = copy.deepcopy(value)
    first = validate(value, as_of=AS_OF, show_values=True)
    second = validate(value, as_of=AS_OF, show_values=True)
    assert _full(first) == _full(second)
    assert first.report == second.report
    assert value == before  # the input is left unchanged
