"""``--format junit``: JUnit XML, for CI test reports (GitLab, Jenkins, Azure).

One ``testsuite`` per input file and one ``testcase`` per record, named by its report
id (``record N`` when it has none), with a ``failure`` per error-level finding;
warnings and information go to the test case's ``system-out``. The findings of the
batch rules (MR6xx), known only once every record has been read, form one more suite,
``across reports``, with a test case per record they involve. Each suite's test cases
are spooled while its records stream, so memory stays flat.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from typing import IO
from xml.sax.saxutils import escape, quoteattr

from ..findings import Finding, RecordResult, Severity
from ._base import Formatter, Tally, headline, register, spool

__all__ = ["JunitFormatter"]

_BATCH_SUITE = "across reports"


def _clean(text: str) -> str:
    """Text safe in XML 1.0 (control characters other than tab and newline dropped)."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 0x20)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def _describe(f: Finding) -> str:
    return f"{f.code} {f.name}: {headline(f)}"


class _Suite:
    """One test suite being written: its counts and its spooled test cases."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.tests = self.failures = 0
        self.body: IO[str] = spool()

    def case(self, result: RecordResult, line: int) -> None:
        self.tests += 1
        name = result.report_id or f"record {result.record}"
        errors = [f for f in result.findings if f.severity is Severity.ERROR]
        others = [f for f in result.findings if f.severity is not Severity.ERROR]
        if errors:
            self.failures += 1
        head = (
            f"    <testcase name={_attr(name)} classname={_attr(result.source or '-')} "
            f'file={_attr(result.source or "-")} line="{line}"'
        )
        if not result.findings:
            self.body.write(head + "/>\n")
            return
        write = self.body.write
        write(head + ">\n")
        where = f"{result.source or '-'}:{line}, record {result.record}"
        for f in errors:
            detail = f"{where}: {f.severity.value} {f.code} {f.name} at {f.path or '(record)'}"
            if f.value is not None:
                detail += f"\nvalue: {f.value}"
            write(
                f"      <failure type={_attr(f.code)} message={_attr(_describe(f))}>"
                f"{escape(_clean(detail))}</failure>\n"
            )
        if others:
            lines = "\n".join(
                f"{f.severity.value}: {_describe(f)}"
                + (f" (value: {f.value})" if f.value is not None else "")
                for f in others
            )
            write(f"      <system-out>{escape(_clean(lines))}</system-out>\n")
        write("    </testcase>\n")

    def flush(self, out: IO[str]) -> None:
        out.write(
            f'  <testsuite name={_attr(self.name)} tests="{self.tests}" '
            f'failures="{self.failures}" errors="0" skipped="0">\n'
        )
        self.body.seek(0)
        shutil.copyfileobj(self.body, out)
        self.body.close()
        out.write("  </testsuite>\n")


@register
class JunitFormatter(Formatter):
    """JUnit XML: a suite per input file, a test case per record."""

    name = "junit"

    def write(self, results: Iterable[RecordResult], tally: Tally) -> None:
        with spool() as suites:
            tests = failures = 0
            current: _Suite | None = None
            batch = _Suite(_BATCH_SUITE)
            for result in results:
                if result.batch:
                    batch.case(result, self.info.file_line(result))
                    continue
                source = result.source or "-"
                if current is None or current.name != source:
                    if current is not None:
                        tests, failures = tests + current.tests, failures + current.failures
                        current.flush(suites)
                    current = _Suite(source)
                current.case(result, self.info.file_line(result))
            for suite in (current, batch):
                if suite is not None and (suite.tests or suite is current):
                    tests, failures = tests + suite.tests, failures + suite.failures
                    suite.flush(suites)
                elif suite is not None:
                    suite.body.close()
            out = self.out
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(
                f'<testsuites name={_attr(self.info.tool)} tests="{tests}" '
                f'failures="{failures}" errors="0">\n'
            )
            suites.seek(0)
            shutil.copyfileobj(suites, out)
            out.write("</testsuites>\n")
