"""The audit's output formats: ``json``, ``markdown`` and ``html``.

Every format shows the same figures, taken from :class:`~.result.AuditResult`; the HTML
page adds charts (:mod:`._charts`, needs ``missingreport[charts]``). Values that come
from the reports (county and placement names) are escaped for the format, so a
report cannot inject markup into the page or break a table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from ._stats import DELAY_BINS, OUTCOME_LABELS, OUTCOMES
from .result import AuditResult, Outcomes

__all__ = ["FORMATS", "OUTCOME_LABELS", "percent", "render", "render_json", "render_markdown"]


_TITLE = "Compliance audit of missing-child reports"


def percent(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal, or an en dash when ``whole`` is 0."""
    return f"{100.0 * part / whole:.1f}%" if whole else "\u2013"


def _number(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:g}"


def render_json(result: AuditResult) -> str:
    """The JSON document (interfaces.md), indented, ending with a newline."""
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"


# --- Markdown ----------------------------------------------------------------------


def _cell(text: object) -> str:
    """A table cell: one line, pipes and markup characters escaped."""
    value = " ".join(str(text).split())
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        value = value.replace(char, "\\" + char)
    return value


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _breakdown(title: str, rows: Mapping[str, Outcomes], first: str) -> list[str]:
    body: list[list[object]] = []
    for key, row in rows.items():
        body.append(
            [
                key,
                row.episodes,
                *(row.count(o) for o in OUTCOMES),
                percent(row.not_reported, row.episodes),
            ]
        )
    header = [first, "Episodes", *(OUTCOME_LABELS[o] for o in OUTCOMES), "Not reported share"]
    return [f"## {title}", "", *_table(header, body)]


def state_deadline_rows(result: AuditResult) -> tuple[list[str], list[list[object]]]:
    """The table of the states' own deadlines: those stricter than the federal one.

    A state appears when its policy sets a stricter deadline or one of its reports
    missed one (MR220/MR221).
    """
    header = [
        "State", "Police deadline (h)", "Missed it (MR220)", "NCMEC deadline (h)",
        "Missed it (MR221)",
    ]  # fmt: skip
    rows: list[list[object]] = []
    for state, row in result.by_state.items():
        hours = (row.police_deadline_hours, row.ncmec_deadline_hours)
        if hours == (None, None) and not row.state_police_missed and not row.state_ncmec_missed:
            continue
        rows.append(
            [
                state,
                _number(row.police_deadline_hours),
                row.state_police_missed,
                _number(row.ncmec_deadline_hours),
                row.state_ncmec_missed,
            ]
        )
    return header, rows


def _states_markdown(result: AuditResult) -> list[str]:
    if not result.by_state:
        return []
    lines = _breakdown(
        "By state (NCMEC)", {k: r.ncmec for k, r in result.by_state.items()}, "State"
    )
    lines += _breakdown(
        "By state (police)", {k: r.police for k, r in result.by_state.items()}, "State"
    )
    header, rows = state_deadline_rows(result)
    if rows:
        lines += [
            "## State deadlines",
            "",
            "Reports that kept the federal deadline but missed their state's stricter one "
            f"(state policy: {result.state_policy}).",
            "",
            *_table(header, rows),
        ]
    return lines


def render_markdown(result: AuditResult) -> str:
    """Markdown tables of the same figures as the JSON output."""
    lines = [f"# {_TITLE}", ""]
    lines += [
        f"{result.episodes} episode(s), checked as of {result.as_of.isoformat()}. One report "
        f"is one episode. Deadlines: NCMEC {result.deadline_hours:g} hours, law enforcement "
        f"{result.le_deadline_hours:g} hours after the agency was notified.",
        "",
        "## Reports to NCMEC and to law enforcement",
        "",
    ]
    rows: list[list[object]] = []
    for outcome in OUTCOMES:
        n, p = result.ncmec.count(outcome), result.police.count(outcome)
        rows.append(
            [
                OUTCOME_LABELS[outcome],
                n,
                percent(n, result.episodes),
                p,
                percent(p, result.episodes),
            ]
        )
    lines += _table(["Outcome", "NCMEC", "Share", "Police", "Share"], rows)
    delay = result.delay_hours
    lines += [
        "## Delay of the NCMEC reports",
        "",
        "Hours from the agency's notification to the NCMEC report, where both have a time of day.",
        "",
        *_table(
            ["Measured", "Median (h)", "90th percentile (h)", "Dated before notification"],
            [[delay.count, _number(delay.median), _number(delay.p90), delay.before_notification]],
        ),
        *_table(
            ["Delay", "Reports"],
            [[label, n] for (label, _), n in zip(DELAY_BINS, delay.distribution, strict=True)],
        ),
    ]
    lines += _breakdown("By age band (NCMEC)", result.by_age_band, "Age band")
    lines += _breakdown("By placement type (NCMEC)", result.by_placement_type, "Placement")
    lines += _breakdown("By county (NCMEC)", result.by_county, "County")
    lines += _states_markdown(result)
    lines += [
        "## Rules",
        "",
        "Failure rate of each rule over the records it applies to.",
        "",
        *_table(
            ["Code", "Name", "Applies", "Failed", "Rate"],
            [
                [r.code, r.name, r.applies, r.failed, percent(r.failed, r.applies)]
                for r in result.rules
            ],
        ),
    ]
    lines += _estimates_markdown(result)
    if result.notices:
        lines += ["## Notices", "", *(f"- {_cell(n)}" for n in result.notices), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _estimates_markdown(result: AuditResult) -> list[str]:
    est = result.estimates
    if est is None:
        return []
    level = f"{100 * est.confidence:g}%"
    lines = [
        "## Projection onto the population",
        "",
        f"{est.method.capitalize()} of {est.sample} episode(s) from a population of "
        f"{est.population:,}; two-sided {level} interval.",
        "",
    ]
    rows: list[list[object]] = [
        [OUTCOME_LABELS[o], f"{e.count:,}", f"{e.lower:,}", f"{e.upper:,}"] for o, e in est.rows()
    ]
    lines += _table(["Outcome", "Estimate", "Lower limit", "Upper limit"], rows)
    if est.strata:
        lines += _table(
            [f"Stratum ({est.stratum_field})", "Population", "Sample"],
            [[s.name, f"{s.population:,}", s.sample] for s in est.strata],
        )
    return lines


def _render_html(result: AuditResult) -> str:
    from ._html import render_html

    return render_html(result)


#: The formats by name.
FORMATS: dict[str, Callable[[AuditResult], str]] = {
    "json": render_json,
    "markdown": render_markdown,
    "html": _render_html,
}


def render(result: AuditResult, fmt: str = "markdown") -> str:
    """The result in one of :data:`FORMATS`.

    Raises:
        ValueError: an unknown format.
    """
    try:
        return FORMATS[fmt](result)
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(sorted(FORMATS))})") from None
