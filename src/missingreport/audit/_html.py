"""The audit as one self-contained HTML page: inline CSS, inline SVG charts, no URL.

The page carries the same figures as the JSON and Markdown outputs, in tables, and
three charts when matplotlib is installed (``missingreport[charts]``); without it, a
note says so and the tables stand alone. Nothing is loaded from anywhere: no script,
no font, no stylesheet, no image file. Every value from the reports is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from .._version import __version__
from ._charts import CHART_TITLES, render_charts
from ._stats import DELAY_BINS, OUTCOMES
from .render import OUTCOME_LABELS, percent, state_deadline_rows
from .result import AuditResult, Outcomes

__all__ = ["render_html"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
th:first-child,td:first-child{text-align:left}
thead th{background:#f3f3f3}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#444}
svg{max-width:100%;height:auto}
.note{background:#fff8e1;border-left:4px solid #f9a825;padding:.5rem 1rem}
.meta{color:#555;font-size:.9rem}
"""


def _table(header: list[str], rows: list[list[object]]) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _breakdown(title: str, first: str, rows: Mapping[str, Outcomes]) -> str:
    body: list[list[object]] = [
        [
            key,
            row.episodes,
            *(row.count(o) for o in OUTCOMES),
            percent(row.not_reported, row.episodes),
        ]
        for key, row in rows.items()
    ]
    header = [first, "Episodes", *(OUTCOME_LABELS[o] for o in OUTCOMES), "Not reported share"]
    return f"<h2>{escape(title)}</h2>" + _table(header, body)


def _figure(charts: dict[str, str] | None, key: str) -> str:
    if not charts or key not in charts:
        return ""
    return f"<figure>{charts[key]}<figcaption>{escape(CHART_TITLES[key])}</figcaption></figure>"


def render_html(result: AuditResult) -> str:
    """The page (a complete HTML5 document, ending with a newline)."""
    charts = render_charts(result)
    n = result.episodes
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Compliance audit of missing-child reports</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Compliance audit of missing-child reports</h1>",
        f'<p class="meta">{n} episode(s), checked as of {escape(result.as_of.isoformat())}. '
        f"One report is one episode. Deadlines: NCMEC {result.deadline_hours:g} hours, law "
        f"enforcement {result.le_deadline_hours:g} hours after the agency was notified. Made "
        f"by missingreport {escape(__version__)}; aggregates only, no child's personal data.</p>",
    ]
    if charts is None:
        parts.append(
            '<p class="note">Charts need the optional extra <code>missingreport[charts]</code> '
            "(<code>pip install &quot;missingreport[charts]&quot;</code>); the tables below "
            "carry every figure.</p>"
        )
    parts.append("<h2>Reports to NCMEC and to law enforcement</h2>")
    parts.append(_figure(charts, "outcomes"))
    parts.append(
        _table(
            ["Outcome", "NCMEC", "Share", "Police", "Share"],
            [
                [
                    OUTCOME_LABELS[o],
                    result.ncmec.count(o),
                    percent(result.ncmec.count(o), n),
                    result.police.count(o),
                    percent(result.police.count(o), n),
                ]
                for o in OUTCOMES
            ],
        )
    )
    delay = result.delay_hours
    parts.append("<h2>Delay of the NCMEC reports</h2>")
    parts.append(
        "<p>Hours from the agency's notification to the NCMEC report, where both have a "
        "time of day.</p>"
    )
    parts.append(_figure(charts, "delay"))
    parts.append(
        _table(
            ["Measured", "Median (h)", "90th percentile (h)", "Dated before notification"],
            [[delay.count, _number(delay.median), _number(delay.p90), delay.before_notification]],
        )
    )
    parts.append(
        _table(
            ["Delay", "Reports"],
            [[label, c] for (label, _), c in zip(DELAY_BINS, delay.distribution, strict=True)],
        )
    )
    parts.append(_breakdown("By age band (NCMEC)", "Age band", result.by_age_band))
    parts.append(_figure(charts, "age"))
    parts.append(_breakdown("By placement type (NCMEC)", "Placement", result.by_placement_type))
    parts.append(_breakdown("By county (NCMEC)", "County", result.by_county))
    parts.append(_states(result))
    parts.append("<h2>Rules</h2><p>Failure rate of each rule over the records it applies to.</p>")
    parts.append(
        _table(
            ["Code", "Name", "Applies", "Failed", "Rate"],
            [
                [r.code, r.name, r.applies, r.failed, percent(r.failed, r.applies)]
                for r in result.rules
            ],
        )
    )
    parts.append(_estimates(result))
    if result.notices:
        items = "".join(f"<li>{escape(notice)}</li>" for notice in result.notices)
        parts.append(f"<h2>Notices</h2><ul>{items}</ul>")
    parts.append("</body></html>")
    return "\n".join(part for part in parts if part) + "\n"


def _states(result: AuditResult) -> str:
    if not result.by_state:
        return ""
    ncmec = {k: r.ncmec for k, r in result.by_state.items()}
    police = {k: r.police for k, r in result.by_state.items()}
    text = _breakdown("By state (NCMEC)", "State", ncmec)
    text += _breakdown("By state (police)", "State", police)
    header, rows = state_deadline_rows(result)
    if rows:
        text += (
            "<h2>State deadlines</h2><p>Reports that kept the federal deadline but missed "
            f"their state's stricter one (state policy: {escape(result.state_policy)}).</p>"
        )
        text += _table(header, rows)
    return text


def _number(value: float | None) -> str:
    return "\u2013" if value is None else f"{value:g}"


def _estimates(result: AuditResult) -> str:
    est = result.estimates
    if est is None:
        return ""
    text = (
        f"<h2>Projection onto the population</h2><p>{escape(est.method.capitalize())} of "
        f"{est.sample} episode(s) from a population of {est.population:,}; two-sided "
        f"{100 * est.confidence:g}% interval.</p>"
    )
    text += _table(
        ["Outcome", "Estimate", "Lower limit", "Upper limit"],
        [
            [OUTCOME_LABELS[o], f"{e.count:,}", f"{e.lower:,}", f"{e.upper:,}"]
            for o, e in est.rows()
        ],
    )
    if est.strata:
        text += _table(
            [f"Stratum ({est.stratum_field})", "Population", "Sample"],
            [[s.name, f"{s.population:,}", s.sample] for s in est.strata],
        )
    return text
