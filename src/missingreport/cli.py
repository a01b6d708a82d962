"""The command line: ``missingreport check|rules|rule|schema``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 there is; 2 the tool could not
do its job (bad option, unreadable configuration, file not found, internal error).
Bad data is never exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ._version import RULESET, __version__
from .config import Config, load_config
from .engine import Engine, resolve_as_of
from .errors import MissingReportError
from .findings import Severity
from .formatters import FORMATTERS, RunInfo, Tally
from .readers import read_paths
from .rules import all_rules, get_rule
from .schema import report_json_schema

__all__ = ["EXIT_ERROR", "EXIT_FAIL", "EXIT_OK", "main"]

EXIT_OK, EXIT_FAIL, EXIT_ERROR = 0, 1, 2
SCHEMA_FILE = "missing-child-report.schema.json"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = _Parser(prog="missingreport", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"missingreport {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="check report files")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    check.add_argument("--format", default="text", choices=sorted(FORMATTERS))
    check.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    check.add_argument("--fail-on", choices=["error", "warning", "info", "never"])
    check.add_argument("--select", type=_codes, metavar="CODES", help="codes, prefixes, names")
    check.add_argument("--ignore", type=_codes, metavar="CODES")
    check.add_argument("--as-of", metavar="DATETIME", help="the moment to judge against")
    check.add_argument("--config", metavar="FILE")
    check.add_argument("--show-values", action="store_true", help="include personal data")

    rules = sub.add_parser("rules", help="list the rule catalogue")
    rules.add_argument("--format", default="text", choices=["text", "json", "markdown"])

    rule = sub.add_parser("rule", help="show one rule's documentation")
    rule.add_argument("code")

    schema = sub.add_parser("schema", help="write the JSON Schema of a report")
    schema.add_argument("--output", metavar="DIR", help="folder to write into (default: stdout)")
    return parser


def _open_output(path: str | None) -> TextIO:
    if path is None:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise MissingReportError(f"cannot write {path}: {exc.strerror}") from None


def _check(args: argparse.Namespace) -> int:
    config: Config = load_config(args.config)
    config = config.merged(select=args.select, ignore=args.ignore, fail_on=args.fail_on)
    try:
        as_of = resolve_as_of(args.as_of)
    except ValueError as exc:
        raise MissingReportError(str(exc)) from None
    engine = Engine(config, as_of=as_of, show_values=args.show_values)
    for notice in engine.notices:
        print(f"missingreport: notice: {notice}", file=sys.stderr)
    records = read_paths(args.paths)
    next_record = iter(records)
    out = _open_output(args.output)
    try:
        info = RunInfo(as_of=as_of, notices=engine.notices)
        color = out is sys.stdout and sys.stdout.isatty()
        formatter = FORMATTERS[args.format](out, info, color=color)
        tally = Tally()
        formatter.write(tally.count(engine.run(next_record)), tally)
    finally:
        if out is not sys.stdout:
            out.close()
    return _exit_code(tally, config.fail_on)


def _exit_code(tally: Tally, fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    worst = tally.worst()
    threshold = Severity(fail_on)
    return EXIT_FAIL if worst is not None and worst.rank >= threshold.rank else EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    catalogue = all_rules()
    if args.format == "json":
        document = {
            "ruleset": RULESET,
            "rules": [
                {
                    "code": r.code,
                    "name": r.name,
                    "severity": r.default_severity.value,
                    "summary": r.summary(),
                    "basis": r.basis,
                    "available": r.available(),
                }
                for r in catalogue
            ],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        from .docs import catalogue_markdown

        sys.stdout.write(catalogue_markdown())
    else:
        for r in catalogue:
            flag = "" if r.available() else f"  [unavailable: {r.unavailable_reason()}]"
            print(f"{r.code}  {r.default_severity.value:<7}  {r.name:<32}  {r.summary()}{flag}")
    return EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    rule = get_rule(args.code)
    if rule is None:
        raise MissingReportError(f"no rule {args.code!r}: see `missingreport rules`")
    from .docs import rule_markdown

    sys.stdout.write(rule_markdown(rule))
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    folder = Path(args.output)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SCHEMA_FILE).write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise MissingReportError(f"cannot write into {folder}: {exc.strerror}") from None
    return EXIT_OK


_COMMANDS = {"check": _check, "rules": _rules, "rule": _rule, "schema": _schema}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except MissingReportError as exc:
        print(f"missingreport: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except Exception as exc:  # pragma: no cover - a bug: say so, exit 2, never 1
        print(f"missingreport: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
