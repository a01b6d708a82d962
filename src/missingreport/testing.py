"""Helpers for a developer's own test suite (pytest or any other).

::

    from missingreport.testing import assert_valid

    def test_export_builds_a_valid_report():
        report = build_report(episode)            # the system under test
        assert_valid(report, as_of="2024-04-01T00:00:00-05:00", allow=["MR402"])

The assertion message lists each finding by code, name, severity, path and message,
never the offending values, so that a failing test prints no child's personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from .config import Config
from .engine import validate
from .errors import ConfigError
from .findings import Finding, Severity, ValidationResult
from .rules import resolve

__all__ = ["assert_finding", "assert_valid", "describe"]


def describe(findings: Iterable[Finding]) -> str:
    """The findings one per line (code, severity, name, path, message), without values."""
    lines = []
    for f in findings:
        path = f" {f.path}" if f.path else ""
        lines.append(f"  {f.code} {f.severity.value} {f.name}{path}: {f.message}")
    return "\n".join(lines)


def _allowed(allow: Sequence[str]) -> set[str]:
    try:
        return resolve(allow)
    except ConfigError as exc:
        raise ValueError(f"allow: {exc}") from None


def _report_id(report: Any, result: ValidationResult) -> str | None:
    if result.report is not None:
        return result.report.report_id
    value = report.get("report_id") if isinstance(report, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 64 else None


def assert_valid(
    report: Any,
    *,
    as_of: datetime | date | str | None = None,
    allow: Sequence[str] = (),
    config: Config | None = None,
    fail_on: str | None = None,
) -> ValidationResult:
    """Assert that a report has no finding at or above ``fail_on``, except those allowed.

    Args:
        report: a dict, JSON text or bytes, or a :class:`~missingreport.MissingChildReport`.
        as_of: the moment of the check; pass it so that the test does not age.
        allow: findings to tolerate, by code (``MR402``), prefix (``MR5``) or name.
        config: rule selection, severities and policy (as the CLI's configuration).
        fail_on: ``error`` (default, or the configuration's ``fail_on``), ``warning``
            or ``info``.

    Returns:
        The validation result, for further assertions.

    Raises:
        AssertionError: listing the offending findings, without personal data.
        ValueError: ``allow`` names no rule (a typo must not allow nothing silently).
    """
    __tracebackhide__ = True
    threshold = fail_on or (config.fail_on if config is not None else "error")
    if threshold == "never":
        raise ValueError("fail_on='never' would make the assertion pass whatever the report")
    allowed = _allowed(allow)
    result = validate(report, as_of=as_of, config=config)
    rank = Severity(threshold).rank
    offending = [f for f in result.findings if f.severity.rank >= rank and f.code not in allowed]
    if offending:
        label = (
            f"report {_report_id(report, result)}" if _report_id(report, result) else "the report"
        )
        raise AssertionError(
            f"{label} has {len(offending)} finding(s) at or above {threshold}:\n"
            + describe(offending)
        )
    return result


def assert_finding(
    report: Any,
    code: str,
    *,
    path: str | None = None,
    as_of: datetime | date | str | None = None,
    config: Config | None = None,
) -> list[Finding]:
    """Assert that a report gets the finding ``code`` (at ``path`` when given).

    Returns:
        The findings of that code.

    Raises:
        AssertionError: the finding is absent; the message lists what was found.
    """
    __tracebackhide__ = True
    result = validate(report, as_of=as_of, config=config)
    hits = [f for f in result.findings if f.code == code and (path is None or f.path == path)]
    if not hits:
        where = f" at {path}" if path else ""
        found = describe(result.findings) or "  (no findings)"
        raise AssertionError(f"expected {code}{where}; found:\n{found}")
    return hits
