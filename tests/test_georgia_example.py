"""The Georgia-style export of examples/georgia: drafted, corrected by hand, checked."""

from __future__ import annotations

import sys
from pathlib import Path

from missingreport import check_files
from missingreport.readers import load_mapping
from missingreport.readers.draft import draft_mapping, read_table_sample

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).parents[1] / "examples" / "georgia"
EXPORT = HERE / "case-export.csv"
MAPPING = HERE / "case-export.mapping.toml"
AS_OF = "2024-04-01T00:00:00-04:00"


def test_the_export_is_what_a_case_system_writes() -> None:
    raw = EXPORT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's BOM
    assert b"\r\n" in raw  # and CRLF
    headers, rows = read_table_sample(EXPORT)
    assert len(headers) == 47
    cells = [c for r in rows for c in r]
    assert {"4.04657E+09", "1512121.0", "3033", "125 lbs", "  Marcus "} <= set(cells)


def test_the_findings() -> None:
    found = sorted((r.line, f.code) for r in check_files([EXPORT], as_of=AS_OF) for f in r.findings)
    assert found == [
        (3, "MR202"),  # 33.3 hours after the notification: late by hours, not by day
        (3, "MR213"),
        (3, "MR213"),
        (3, "MR214"),
        (3, "MR305"),  # the caseworker's phone in scientific notation
        (4, "MR202"),  # 24.8 hours: late by 0.8 hours, on the calendar the next day
        (4, "MR307"),  # the ZIP code that lost its leading zero
        (5, "MR201"),  # never reported to NCMEC
        (5, "MR204"),  # a police block pre-filled with the agency only: no report, overdue
    ]  # rows 2 and 6 are clean: no false alarm (row 6 not yet due)


def test_spreadsheet_values_are_read() -> None:
    from missingreport.readers import read_path

    first, second, *_ = read_path(EXPORT, "x", mapping=load_mapping(MAPPING))
    assert first.data["custodial_agency"]["case_number"] == "1512121"
    assert first.data["child"]["weight_lb"] == 125
    assert first.data["child"]["height_in"] == 64
    assert first.data["episode"]["last_seen_at"] == "2024-03-05T16:30:00-05:00"
    assert second.data["child"]["first_name"] == "Marcus"


def test_the_draft_is_the_mapping_but_for_the_lines_corrected_by_hand() -> None:
    headers, rows = read_table_sample(EXPORT)
    draft = tomllib.loads(draft_mapping(headers, rows, EXPORT.name).toml())
    final = tomllib.loads(MAPPING.read_text(encoding="utf-8"))
    corrected = {
        line.split(" = ", 1)[0].strip('"')
        for line in MAPPING.read_text(encoding="utf-8").splitlines()
        if "# corrected" in line and not line.startswith(("#", "[", "time_zone"))
    }

    def field(spec: object) -> object:
        return spec if isinstance(spec, str) else spec.get("field")  # type: ignore[attr-defined]

    differing = {
        h for h in final["columns"]
        if h not in draft["columns"] or draft["columns"][h] != final["columns"][h]
    }  # fmt: skip
    assert differing == corrected
    assert draft["date_convention"] == "month_first"
    same_field = [h for h in final["columns"] if h in draft["columns"]]
    assert sum(field(draft["columns"][h]) == field(final["columns"][h]) for h in same_field) >= 40
