"""The engine: read a record, check its structure, run the selected rules.

:class:`Engine` is configured once per run (rules resolved, severities applied, the
moment fixed) and then checks records one at a time, so memory stays flat however
many records stream through it; only the compact :class:`~missingreport.rules.RecordKey`
of each record is kept for the batch rules, which run at the end.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from os import PathLike
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ._fastjson import read_text
from ._raw import RawRecord
from ._shown import printable
from .config import Config
from .errors import AsOfError
from .findings import Finding, RecordResult, ValidationResult
from .parallel import check_in_parallel
from .readers import load_mapping, read_paths
from .rules import BatchRule, Context, RecordKey, Rule, all_rules, select_rules
from .rules._base import BatchContext
from .rules._keys import KeyFields, KeyMaker, key_fields
from .schema import MissingChildReport
from .structure import Parsed, Problem, decode_json, parse_record
from .temporal import parse_iso

__all__ = [
    "Engine",
    "RawRecord",
    "check_files",
    "resolve_as_of",
    "validate",
    "validate_many",
]


def resolve_as_of(as_of: datetime | date | str | None) -> datetime:
    """The moment of a run: aware; a naive value is read as UTC; default now.

    Raises:
        AsOfError: a text that is no ISO 8601 date or datetime (the library's own
            error type, a :class:`~missingreport.ConfigError`).
    """
    if as_of is None:
        return datetime.now(timezone.utc)
    if isinstance(as_of, str):
        parsed = parse_iso(as_of.strip())
        if parsed is None:
            raise AsOfError(
                "as_of is not an ISO 8601 date or datetime (like 2024-03-07 or "
                "2024-03-07T09:00:00-05:00)"
            )
        as_of = parsed
    if not isinstance(as_of, datetime):
        as_of = datetime(as_of.year, as_of.month, as_of.day, tzinfo=timezone.utc)
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        as_of = as_of.replace(tzinfo=timezone.utc)
    return as_of


class Engine:
    """Checks records under one configuration, at one moment.

    Args:
        config: rule selection, severities and policy (default: all rules, federal values).
        as_of: the moment "overdue" and "in the future" are judged against (default now).
        show_values: keep offending values in findings (personal data: off by default).
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        as_of: datetime | date | str | None = None,
        show_values: bool = False,
    ) -> None:
        self.config = config or Config()
        self.as_of = resolve_as_of(as_of)
        self.show_values = show_values
        selected = select_rules(self.config)
        self.selected: dict[str, Rule] = {r.code: r for r in selected}
        self.unavailable: list[Rule] = [r for r in selected if not r.available()]
        running = [r for r in selected if r.available()]
        self.report_rules: list[Rule] = [r for r in running if r.scope == "report"]
        self.batch_rules: list[BatchRule] = [r for r in running if isinstance(r, BatchRule)]
        #: The rule of each problem name (every one is a rule: see missingreport.problems).
        self._by_name: dict[str, str] = {cls.name: cls.code for cls in all_rules()}
        self._context = {"phone_region": self.config.policy.default_phone_region}
        #: The facts of each state under this policy, shared by the reports' contexts.
        self._states: dict[str | None, Any] = {}
        #: The rules that run on a report with each set of failed paths seen so far.
        self._by_failed: dict[frozenset[str], list[Rule]] = {}

    @property
    def notices(self) -> list[str]:
        """Run-level notices: selected rules that cannot run (never findings)."""
        return [
            f"{r.code} {r.name} is unavailable: {r.unavailable_reason()}" for r in self.unavailable
        ]

    # --- one record -------------------------------------------------------------
    def _problem_finding(self, problem: Problem) -> Finding | None:
        code = self._by_name[problem.kind]
        rule = self.selected.get(code)
        if rule is None:
            return None
        # The message names the field, then the detail: "child.phone is not a valid phone
        # number: ...". pydantic's own wording ("Input should be ...") loses its subject;
        # a detail that is no predicate ("expected a date") follows a colon.
        path, detail = problem.path, problem.detail.strip()
        for subject in ("input ", "string ", "list ", "value "):
            if detail.startswith(subject + "should "):
                detail = detail[len(subject) :]
                break
        if not path or detail.startswith(path + " "):
            message = detail
        elif detail.startswith(("is ", "are ", "should ", "has ", "must ", "does ")):
            message = f"{path} {detail}"
        else:
            message = f"{path}: {detail}"
        value = problem.value if self.show_values else None
        return Finding(code, rule.name, rule.severity, path, message, value=value)

    def parse(
        self, data: Any, *, strict: bool = True, errors: Sequence[ErrorDetails] | None = None
    ) -> Parsed:
        """Read a decoded record into the model (see :func:`~.structure.parse_record`,
        which says what ``errors`` spares)."""
        return parse_record(data, strict=strict, context=self._context, errors=errors)

    def check_parsed(self, parsed: Parsed, notes: Sequence[Problem] = ()) -> list[Finding]:
        """All findings of a parsed record: structural ones, then the rules'.

        A reader's note on a field (a spreadsheet turned a phone into a number) says
        more than the schema's own problem with that field, and a rule's finding of the
        same code there would repeat it: one defect, one finding.
        """
        return self._check(parsed, notes)[0]

    def _check(
        self, parsed: Parsed, notes: Sequence[Problem]
    ) -> tuple[list[Finding], Context | None]:
        """:meth:`check_parsed`, and the rules' context (``None`` when no rule ran)."""
        noted = {n.path for n in notes if n.replaces} if notes else None
        problems: Iterable[Problem] = (*parsed.problems, *notes)
        if noted:
            problems = (*(p for p in parsed.problems if p.path not in noted), *notes)
        findings = [f for p in problems if (f := self._problem_finding(p))]
        report = parsed.partial
        if report is None:
            return findings, None
        failed = parsed.failed
        ctx = self.context(report, failed)
        found = self._rule_findings(report, ctx)
        if noted:
            said = {(f.code, f.path) for f in findings}
            found = [f for f in found if (f.code, f.path) not in said]
        findings.extend(found)
        return findings, ctx

    def context(self, report: MissingChildReport, failed: frozenset[str] = frozenset()) -> Context:
        """The rules' context of a parsed report under this engine (its moment, its policy;
        the facts of each state computed once for all its reports)."""
        return Context(
            report, as_of=self.as_of, policy=self.config.policy, failed=failed, states=self._states
        )

    def _rule_findings(self, report: MissingChildReport, ctx: Context) -> list[Finding]:
        findings: list[Finding] = []
        rules = self.report_rules
        if ctx.failed:
            rules = self._sound_rules(ctx)
        if self.show_values:
            for rule in rules:
                findings.extend(rule.check(report, ctx))
            return findings
        add = findings.append
        for rule in rules:
            # Most rules find nothing in most reports: an empty tuple or list is not iterated.
            found = rule.check(report, ctx)
            if found:
                for finding in found:
                    add(finding if finding.value is None else _without_value(finding))
        return findings

    def _sound_rules(self, ctx: Context) -> list[Rule]:
        """The rules whose fields are all sound in a report, by its set of failed paths
        (a run has few such sets: the same defects recur)."""
        rules = self._by_failed.get(ctx.failed)
        if rules is None:
            sound = ctx.sound
            rules = [rule for rule in self.report_rules if sound(*rule.requires)]
            if len(self._by_failed) < 4096:
                self._by_failed[ctx.failed] = rules
        return rules

    def validate(self, record: Any) -> ValidationResult:
        """Check one report given as a dict, JSON text or bytes, or a model instance."""
        errors = None
        if isinstance(record, (str, bytes, bytearray)):
            text = bytes(record) if isinstance(record, bytearray) else record
            report, errors = read_text(text, self._context)
            if report is not None:
                return ValidationResult(self.check_parsed(Parsed(report, report)), report)
            data, problem = decode_json(text)
            if problem is not None:
                return ValidationResult([f for f in [self._problem_finding(problem)] if f])
            record = data
        elif isinstance(record, BaseModel):
            record = record.model_dump(mode="json", exclude_none=True)
        parsed = self.parse(record, errors=errors)
        return ValidationResult(self.check_parsed(parsed), parsed.report)

    # --- many records ---------------------------------------------------------
    def run(self, records: Iterable[RawRecord], *, jobs: int = 1) -> Iterator[RecordResult]:
        """Check a stream of records; batch findings follow once the stream ends.

        Args:
            records: the records, as the readers yield them.
            jobs: processes that check records at the same time (see :mod:`.parallel`);
                the results come in the order of the records whatever the number.
        """
        maker = KeyMaker() if self.batch_rules else None
        if jobs > 1:
            self.prepare()  # before the workers fork, so that they share the data
            checked: Iterable[tuple[RecordResult, KeyFields | None]] = check_in_parallel(
                self, records, jobs
            )
        else:
            checked = map(self.check_raw, records)
        for result, fields in checked:
            if maker is not None and fields is not None:
                maker.add(result.source, result.record, result.line, result.report_id, fields)
            yield result
        if maker is not None:
            yield from self._batch(maker.done())

    def prepare(self) -> None:
        """Load the reference data of the running rules now (see :meth:`Rule.prepare`)."""
        for rule in self.report_rules:
            rule.prepare()

    def check_raw(self, raw: RawRecord) -> tuple[RecordResult, KeyFields | None]:
        """One record of a stream: its result, and its key when batch rules run."""
        report_id, findings, fields = self.check_one(raw)
        source, record, line = raw.source, raw.record, raw.line
        located = [
            f.located(source=source, record=record, line=line, report_id=report_id)
            for f in findings
        ]
        return RecordResult(source, record, line, report_id, located), fields

    def check_one(self, raw: RawRecord) -> tuple[str | None, list[Finding], KeyFields | None]:
        """One record: its report id, its findings (not located) and its batch key."""
        parsed = self._parse_raw(raw)
        findings, ctx = self._check(parsed, raw.notes)
        fields = None
        if self.batch_rules and ctx is not None:
            fields = key_fields(ctx.report, ctx.failed, ctx.date_of)
        return _report_id(parsed, raw), findings, fields

    def _parse_raw(self, raw: RawRecord) -> Parsed:
        """A reader's record parsed: straight from its text when it has one and is sound.

        When the model refuses the text with errors that read the same for the decoded
        text (:func:`~._fastjson.read_text`), the decoded text is not validated again.
        """
        errors = None
        if raw.text is not None:
            report, errors = read_text(raw.text, self._context)
            if report is not None:
                return Parsed(report, report)
        if raw.problem is not None:  # decodes the text, if any
            return Parsed(None, None, (raw.problem,))
        if not raw.strict:  # the text's errors are those of strict reading
            errors = None
        return self.parse(raw.data, strict=raw.strict, errors=errors)

    def _batch(self, keys: list[RecordKey]) -> Iterator[RecordResult]:
        was_enabled = gc.isenabled()
        gc.disable()  # many small objects, no cycles: the collector's passes only cost time
        try:
            by_record = self._batch_findings(keys)
        finally:
            if was_enabled:
                gc.enable()
        for index in sorted(by_record):
            key = keys[index]
            yield RecordResult(
                key.source, key.record, key.line, key.report_id, by_record[index], batch=True
            )

    def _batch_findings(self, keys: list[RecordKey]) -> dict[int, list[Finding]]:
        """The batch rules' findings by record index; the rules share one context."""
        by_record: dict[int, list[Finding]] = {}
        show = self.show_values
        ctx = BatchContext(keys, self.config.policy, show_values=show)
        for rule in self.batch_rules:
            for key, found in rule.check_batch(keys, ctx):
                # Finding.located, the value kept only when values were asked for
                located = Finding(
                    found.code,
                    found.name,
                    found.severity,
                    found.path,
                    found.message,
                    key.source,
                    key.record,
                    key.line,
                    key.report_id,
                    found.value if show else None,
                )
                found_here = by_record.get(key.index)
                if found_here is None:
                    by_record[key.index] = [located]
                else:
                    found_here.append(located)
        return by_record


def _without_value(finding: Finding) -> Finding:
    return Finding(finding.code, finding.name, finding.severity, finding.path, finding.message)


def _report_id(parsed: Parsed, raw: RawRecord) -> str | None:
    if parsed.partial is not None and parsed.partial.report_id is not None:
        return parsed.partial.report_id
    data = raw.data
    if isinstance(data, Mapping):
        value = data.get("report_id")
        if isinstance(value, str) and 0 < len(value) <= 64:
            return printable(value)  # it failed its pattern: it may hold anything
    return None


def validate(
    record: Any,
    *,
    as_of: datetime | date | str | None = None,
    config: Config | None = None,
    show_values: bool = False,
) -> ValidationResult:
    """Check one report; never raises on bad data.

    Args:
        record: a dict, JSON text or bytes, or a :class:`~missingreport.MissingChildReport`.
        as_of: the moment of the check (default now); pass it for reproducible results.
        config: rule selection, severities and policy values.
        show_values: keep the offending values in findings (personal data).

    Example:
        >>> result = validate({"schema_version": "1.0"}, as_of="2024-03-07")
        >>> result.ok, result.findings[0].code
        (False, 'MR002')
    """
    return Engine(config, as_of=as_of, show_values=show_values).validate(record)


def validate_many(
    records: Iterable[Any],
    *,
    as_of: datetime | date | str | None = None,
    config: Config | None = None,
    show_values: bool = False,
    source: str | None = None,
    jobs: int = 1,
) -> Iterator[RecordResult]:
    """Check many reports (dicts, JSON texts or models), with the batch rules across them.

    ``jobs`` processes check the records at once (see :mod:`.parallel`): the records
    are then sent to them, so dicts must be picklable (decoded JSON always is).
    """
    engine = Engine(config, as_of=as_of, show_values=show_values)

    def raw_records() -> Iterator[RawRecord]:
        for number, record in enumerate(records, start=1):
            if isinstance(record, (str, bytes)):
                yield RawRecord(source, number, None, text=record)
            elif isinstance(record, BaseModel):
                yield RawRecord(source, number, None, record.model_dump(mode="json"))
            else:
                yield RawRecord(source, number, None, record)

    return engine.run(raw_records(), jobs=jobs)


def check_files(
    paths: Iterable[str | PathLike[str]],
    *,
    as_of: datetime | date | str | None = None,
    config: Config | None = None,
    show_values: bool = False,
    mapping: str | PathLike[str] | None = None,
    jobs: int = 1,
) -> Iterator[RecordResult]:
    """Check report files as ``missingreport check`` does, with the batch rules.

    Args:
        paths: ``.json``, ``.jsonl`` and ``.csv`` files, folders (their report files), or
            ``-`` for standard input.
        as_of: the moment of the check (default now); pass it for reproducible results.
        config: rule selection, severities, policy values and ``exclude`` globs.
        show_values: keep the offending values in findings (personal data).
        mapping: the column mapping of CSV files (default: ``NAME.mapping.toml`` beside
            ``NAME.csv``, else canonical headers).
        jobs: processes that check records at once (see :mod:`.parallel`).

    Raises:
        InputError: a path does not exist (before anything is read).
        ConfigError: the mapping is invalid.

    Each result knows its source file, record number and line.
    """
    engine = Engine(config, as_of=as_of, show_values=show_values)
    records = read_paths(
        [os.fspath(p) for p in paths],
        mapping=load_mapping(os.fspath(mapping)) if mapping is not None else None,
        patterns=engine.config.exclude,
    )
    return engine.run(records, jobs=jobs)
