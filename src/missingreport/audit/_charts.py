"""Charts of the audit page, drawn with matplotlib (the optional extra ``charts``).

matplotlib is imported only when a chart is drawn; without it :func:`render_charts`
returns ``None`` and the page keeps its tables. Each chart is an inline SVG: no file,
no font, no URL. The output is deterministic: matplotlib's default style (whatever
the user's ``matplotlibrc``), a fixed ``svg.hashsalt`` for the element ids, no date
in the metadata, text kept as text (``svg.fonttype: none``). The figures are drawn on
an Agg canvas of their own; pyplot and the global backend are never touched.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ._stats import DELAY_BINS, OUTCOME_LABELS, OUTCOMES
from .result import AuditResult

__all__ = ["CHART_TITLES", "render_charts"]

#: The charts, by key, with their titles (also the SVG's accessible name).
CHART_TITLES = {
    "outcomes": "Outcome shares: reports to NCMEC and to law enforcement",
    "delay": "Delay of the NCMEC reports after notification",
    "age": "Share of episodes never reported to NCMEC, by age band",
}

_COLOURS = {
    "on_time": "#2e7d32",
    "late": "#ef6c00",
    "unconfirmed": "#f9a825",
    "not_reported": "#c62828",
    "not_yet_due": "#90caf9",
    "unreadable": "#9e9e9e",
}
_LABELS = OUTCOME_LABELS
_RC: dict[Any, Any] = {
    "svg.hashsalt": "missingreport-audit",
    "svg.fonttype": "none",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def render_charts(result: AuditResult) -> dict[str, str] | None:
    """Inline SVG charts by key (see :data:`CHART_TITLES`); ``None`` without matplotlib.

    A chart with nothing to show (no episodes, no measured delay) is left out.
    """
    try:
        import matplotlib
        import matplotlib.style
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        return None

    def new_figure(height: float) -> Any:
        figure = Figure(figsize=(6.4, height), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        return figure

    charts: dict[str, str] = {}
    with matplotlib.rc_context():
        matplotlib.style.use("default")
        matplotlib.rcParams.update(_RC)
        if result.episodes:
            charts["outcomes"] = _svg(_outcomes(new_figure(2.2), result), "outcomes")
        if result.delay_hours.count:
            charts["delay"] = _svg(_delay(new_figure(2.8), result), "delay")
        if any(row.episodes for row in result.by_age_band.values()):
            charts["age"] = _svg(_age(new_figure(2.8), result), "age")
    return charts


def _outcomes(figure: Any, result: AuditResult) -> Any:
    axes = figure.subplots()
    rows = (("Law enforcement", result.police), ("NCMEC", result.ncmec))
    for position, (_, counts) in enumerate(rows):
        left = 0.0
        for outcome in OUTCOMES:
            share = 100.0 * counts.count(outcome) / counts.episodes if counts.episodes else 0.0
            if share <= 0:
                continue
            axes.barh(position, share, left=left, color=_COLOURS[outcome], height=0.6)
            if share >= 6:
                axes.text(
                    left + share / 2,
                    position,
                    f"{share:.0f}%",
                    ha="center",
                    va="center",
                    color="white",
                    fontsize=8,
                )
            left += share
    axes.set_yticks(range(len(rows)), [name for name, _ in rows])
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of episodes")
    handles = [
        _patch(_COLOURS[o], _LABELS[o])
        for o in OUTCOMES
        if result.ncmec.count(o) or result.police.count(o)
    ]
    figure.legend(handles=handles, loc="outside lower center", ncol=5, frameon=False, fontsize=8)
    return figure


def _patch(colour: str, label: str) -> Any:
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, label=label)


def _delay(figure: Any, result: AuditResult) -> Any:
    axes = figure.subplots()
    delay = result.delay_hours
    labels = [label for label, _ in DELAY_BINS]
    colours = []
    for index, (_, upper) in enumerate(DELAY_BINS):
        lower = DELAY_BINS[index - 1][1] if index else 0.0
        if upper is not None and upper <= result.deadline_hours:
            colours.append(_COLOURS["on_time"])
        elif lower is not None and lower >= result.deadline_hours:
            colours.append(_COLOURS["late"])
        else:  # the bin straddles the deadline
            colours.append(_COLOURS["unreadable"])
    axes.bar(range(len(labels)), delay.distribution, color=colours)
    axes.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    axes.set_ylabel("NCMEC reports")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_title(
        f"n = {delay.count}, median {delay.median:g} h, 90th percentile {delay.p90:g} h",
        fontsize=9,
    )
    return figure


def _age(figure: Any, result: AuditResult) -> Any:
    axes = figure.subplots()
    bands = [(band, row) for band, row in result.by_age_band.items() if row.episodes]
    shares = [100.0 * row.not_reported / row.episodes for _, row in bands]
    axes.bar(range(len(bands)), shares, color=_COLOURS["not_reported"])
    for position, (_, row) in enumerate(bands):
        axes.text(
            position,
            100.0 * row.not_reported / row.episodes + 2,
            f"{row.not_reported}/{row.episodes}",
            ha="center",
            fontsize=8,
        )
    axes.set_xticks(range(len(bands)), [band for band, _ in bands])
    axes.set_ylim(0, 110)
    axes.set_ylabel("% not reported")
    axes.set_xlabel("Age in completed years when last seen")
    return figure


_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


def _svg(figure: Any, key: str) -> str:
    """The figure as an SVG element to inline in HTML: no prologue, metadata or URL."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    text = _METADATA.sub("", text)
    text = _NAMESPACES.sub("", text)  # inline SVG in HTML needs no namespace declarations
    label = CHART_TITLES[key]
    return text.replace("<svg", f'<svg role="img" aria-label="{label}"', 1).strip()
