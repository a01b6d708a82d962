"""The rule base class, the registry, and the context a rule sees.

A rule is a small class with class-level metadata and a docstring in a fixed shape::

    class NcmecReportLate(Rule):
        \"\"\"The report to NCMEC came after the deadline.

        ## What it checks
        ...
        ## Why it matters
        ## Example
        ## Use instead
        ## How to fix
        ## Basis
        \"\"\"

        code = "MR202"
        name = "ncmec-report-late"
        default_severity = Severity.ERROR
        groups = ("timeliness",)
        requires = ("episode.agency_notified_at", "ncmec_report.reported_at")

        def check(self, report, ctx):
            ...

The first docstring line is the rule's summary; the headed sections are its
documentation (``missingreport rule MR202``, ``docs/rules.md``), in the shape of ruff's
rule docs: the failing example, then what to write instead, apart from the message of
a finding. The ``## Basis`` section is the one source of the rule's ``basis``.
Defining the class registers it; two rules with one code is an error at import time.
A rule is pure: the report and the context in, findings out.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from functools import lru_cache
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Literal,
    NamedTuple,
    TypeVar,
    cast,
    overload,
)

from .._shown import shown_value
from ..codes import state_time_zone
from ..config import Policy
from ..findings import Finding, Severity
from ..states import StatePolicy, resolve_setting
from ..temporal import calendar_date, completed_years, instant, temporal_fields, zone

if TYPE_CHECKING:
    from ..schema import MissingChildReport

__all__ = [
    "DOC_HEADINGS",
    "FAMILY_GROUPS",
    "BatchContext",
    "BatchRule",
    "Context",
    "RecordKey",
    "Rule",
    "Scope",
    "all_rules",
    "get_rule",
]

#: The headings every rule's documentation has, in this order.
DOC_HEADINGS = (
    "What it checks",
    "Why it matters",
    "Example",
    "Use instead",
    "How to fix",
    "Basis",
)

#: The group of each family of codes (``MR2xx`` is ``dates``), besides ``all``.
FAMILY_GROUPS = {
    "0": "input",
    "1": "age",
    "2": "dates",
    "3": "identifiers",
    "4": "content",
    "5": "plausibility",
    "6": "batch",
    "7": "reconciliation",
}

Scope = Literal["structure", "report", "batch", "reconcile"]

_T = TypeVar("_T")

#: The extended-care ceiling without a state policy (42 U.S.C. 675(8)(B)).
FEDERAL_CARE_CEILING = 21

_REGISTRY: dict[str, type[Rule]] = {}
_BY_NAME: dict[str, type[Rule]] = {}


class _Derived(Generic[_T]):
    """A value of a :class:`Context` computed on first use and then kept.

    A lean ``functools.cached_property`` (no lock): the value is stored in the
    instance's ``__dict__``, where later reads find it without calling anything.
    """

    def __init__(self, compute: Callable[[Context], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, ctx: None, owner: Any = None) -> _Derived[_T]: ...
    @overload
    def __get__(self, ctx: Context, owner: Any = None) -> _T: ...
    def __get__(self, ctx: Context | None, owner: Any = None) -> _T | _Derived[_T]:
        if ctx is None:
            return self
        value = ctx.__dict__[self.name] = self.compute(ctx)
        return value


@lru_cache(maxsize=512)
def _state_zone(state: str | None) -> tzinfo:
    """The time zone of a state's local times (:func:`~missingreport.codes.state_time_zone`)."""
    return zone(state_time_zone(state)[0])


class _StateFacts(NamedTuple):
    """What a report's context knows from its agency's state and the policy alone: the
    same for every report of that state, so computed once per state (see ``states``)."""

    zone_info: tuple[str, bool]
    tz: tzinfo
    state_policy: StatePolicy | None
    care_ceiling: tuple[int, StatePolicy | None]


def _facts_of_state(state: str | None, policy: Policy) -> _StateFacts:
    judged_by = resolve_setting(policy.state_policy, state)
    ceiling: tuple[int, StatePolicy | None]
    if policy.extended_care_max_age is not None:
        ceiling = (policy.extended_care_max_age, None)
    elif judged_by is None:
        ceiling = (FEDERAL_CARE_CEILING, None)
    else:
        own = judged_by.is_own("extended_care_max_age")
        ceiling = (judged_by.extended_care_max_age, judged_by if own else None)
    return _StateFacts(state_time_zone(state), _state_zone(state), judged_by, ceiling)


@lru_cache(maxsize=4096)  # a run has few sets of failed paths, and rules few paths
def _sound(failed: frozenset[str], paths: tuple[str, ...]) -> bool:
    """:meth:`Context.sound`: nothing at, above or below one of ``paths`` failed."""
    for path in paths:
        for bad in failed:
            if path == bad or path.startswith(bad + ".") or bad.startswith(path + "."):
                return False
    return True


class Context:
    """What a rule may know besides the report: the moment, the policy, derived facts.

    Derived values (the agency's time zone, the child's age, the calendar date of each
    date and time, the report's dates...) are computed once per report, on first use,
    and shared by every rule.
    """

    __slots__ = ("__dict__", "_dates", "_shared", "_states", "as_of", "failed", "policy", "report")

    def __init__(
        self,
        report: MissingChildReport,
        *,
        as_of: datetime,
        policy: Policy,
        failed: frozenset[str] = frozenset(),
        states: dict[str | None, tuple[_StateFacts, dict[str, Any]]] | None = None,
    ) -> None:
        self.report = report
        self.as_of = as_of
        self.policy = policy
        self.failed = failed
        #: The facts of each state seen so far under ``policy`` (time zone, state policy,
        #: care ceiling): an engine passes one dictionary to all its reports' contexts.
        self._states = states if states is not None else {}
        self._shared: dict[Callable[[Context], Any], Any] = {}
        #: The calendar date in ``tz`` of each datetime converted so far.
        self._dates: dict[datetime, date] = {}

    def shared(self, compute: Callable[[Context], _T]) -> _T:
        """``compute(self)``, computed on first use and kept: a fact of the report that
        several rules of different families judge (a timeliness verdict, say)."""
        shared = self._shared
        if compute in shared:
            return cast(_T, shared[compute])
        value = shared[compute] = compute(self)
        return value

    def sound(self, *paths: str) -> bool:
        """True when none of ``paths`` (nor a field containing them) failed to parse."""
        return not self.failed or _sound(self.failed, paths)

    def _state_facts(self) -> _StateFacts:
        """The facts of the agency's state, also kept in ``__dict__`` under their names
        (the four derived values below, all set at the first use of one)."""
        agency = self.report.custodial_agency
        state = agency.state if agency is not None else None
        known = self._states.get(state)
        if known is None:
            facts = _facts_of_state(state, self.policy)
            known = (facts, facts._asdict())
            if len(self._states) < 512:
                self._states[state] = known
        self.__dict__.update(known[1])
        return known[0]

    @_Derived
    def zone_info(self) -> tuple[str, bool]:
        """The agency's state time zone name, and whether the state spans several zones."""
        return self._state_facts().zone_info

    @_Derived
    def tz(self) -> tzinfo:
        """The agency's state time zone (naive datetimes and calendar dates use it)."""
        return self._state_facts().tz

    @_Derived
    def state_policy(self) -> StatePolicy | None:
        """The state policy this report is judged by (``None``: the federal rule only).

        Under ``state_policy = "auto"`` the custodial agency's state; ``"federal"``
        none; a state code, that state's for every report.
        """
        return self._state_facts().state_policy

    @_Derived
    def care_ceiling(self) -> tuple[int, StatePolicy | None]:
        """The extended-care ceiling of MR101/MR102, and the state policy it comes from.

        The configured ``extended_care_max_age`` when set; else the state's
        unconditional ceiling (MA 22, OK 18); else 21. The policy is ``None`` when the
        ceiling is not the state's own.
        """
        return self._state_facts().care_ceiling

    @_Derived
    def age(self) -> int | None:
        """Completed years at the calendar date last seen, or ``None`` when unknown."""
        child, episode = self.report.child, self.report.episode
        if child is None or episode is None:
            return None
        born, seen = child.date_of_birth, episode.last_seen_at
        if born is None or seen is None:
            return None
        return completed_years(born, self.date_of(seen))

    @_Derived
    def temporals(self) -> tuple[tuple[str, date], ...]:
        """The report's dates and times with their paths, less any that are not sound.

        In the order of :func:`temporal_fields`.
        """
        found = temporal_fields(self.report)
        if self.failed:
            return tuple((path, value) for path, value in found if self.sound(path))
        return tuple(found)

    def date_of(self, value: date) -> date:
        """The calendar date of a value in the agency's zone (computed once per value)."""
        if not isinstance(value, datetime):
            return value
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = calendar_date(value, self.tz)
        return found

    def before(self, a: date, b: date) -> bool:
        """Whether ``a`` is certainly earlier than ``b``.

        Two datetimes compare as instants; when either is a date alone, by calendar date.
        """
        if isinstance(a, datetime) and isinstance(b, datetime):
            # A value of a fixed UTC offset compares as the instant it names as it is
            # (temporal.moment); any other is converted to UTC first.
            if type(a.tzinfo) is not timezone:
                a = instant(a, self.tz)
            if type(b.tzinfo) is not timezone:
                b = instant(b, self.tz)
            return a < b
        return self.date_of(a) < self.date_of(b)


@dataclass(frozen=True, slots=True)
class RecordKey:
    """The compact facts of one record that the batch rules compare across records.

    Made by :mod:`._keys`. The record and case numbers are kept only normalised, as
    the rules compare them (:func:`._keys.identifier`, scoped by the custodial
    agency's state): ``""`` when absent or a placeholder without digits.
    """

    index: int
    source: str | None
    record: int | None
    line: int | None
    report_id: str | None
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    #: ``custodial_agency.child_record_number``, normalised and scoped by the state.
    child_record_token: str = ""
    #: ``custodial_agency.case_number``, normalised and scoped by the state.
    case_token: str = ""
    last_seen: date | None = None
    located: date | None = None
    #: True only when the report certainly has no recovery: the episode is still open
    #: (``False`` also when a recovery was given but could not be read).
    episode_open: bool = False
    ncmec_case_number: str | None = None
    ncic_number: str | None = None


class Rule:
    """Base of every rule. Subclasses set the class attributes and override ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity]
    #: The legal or other basis: the ``## Basis`` section of the docstring, set when the
    #: class is defined (the docstring is its one source).
    basis: ClassVar[str] = ""
    #: The groups a selection may name: ``all``, the family's (``dates`` for MR2xx),
    #: then those a rule declares (``timeliness``, ``identity``, ``state-policy``...).
    groups: ClassVar[tuple[str, ...]] = ()
    #: Other names a selection may use for the rule (former codes or names).
    aliases: ClassVar[tuple[str, ...]] = ()
    scope: ClassVar[Scope] = "report"
    #: Dotted paths the rule reads; it is skipped when one of them failed to parse.
    requires: ClassVar[tuple[str, ...]] = ()
    #: The optional extra whose data the rule needs (``growth``, ``zip``), if any.
    extra: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if code is None:
            return
        if code in _REGISTRY:
            raise TypeError(f"rule code {code} defined twice ({_REGISTRY[code].__name__})")
        if cls.name in _BY_NAME:
            raise TypeError(f"rule name {cls.name} defined twice")
        if any("basis" in klass.__dict__ for klass in cls.__mro__[:-1] if klass is not Rule):
            raise TypeError(
                f"{code}: the basis is the docstring's ## Basis section, not an attribute"
            )
        cls.basis = " ".join(cls.sections().get("Basis", "").split())
        family = FAMILY_GROUPS.get(code[2:3], "")
        cls.groups = tuple(dict.fromkeys(g for g in ("all", family, *cls.groups) if g))
        _REGISTRY[code] = cls
        _BY_NAME[cls.name] = cls

    def __init__(self, severity: Severity | None = None, policy: Policy | None = None) -> None:
        self.severity: Severity = severity or self.default_severity
        self.policy: Policy = policy or Policy()

    # --- documentation ---------------------------------------------------------
    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return inspect.cleandoc(cls.__doc__ or "").split("\n", 1)[0].strip()

    @classmethod
    def sections(cls) -> dict[str, str]:
        """The headed sections of the docstring (``## What it checks`` ...)."""
        text = inspect.cleandoc(cls.__doc__ or "")
        out: dict[str, str] = {}
        current: str | None = None
        lines: list[str] = []
        for line in text.splitlines():
            if line.startswith("## "):
                if current is not None:
                    out[current] = "\n".join(lines).strip()
                current, lines = line[3:].strip(), []
            elif current is not None:
                lines.append(line)
        if current is not None:
            out[current] = "\n".join(lines).strip()
        return out

    @classmethod
    def available(cls) -> bool:
        """False when the optional data the rule needs is not installed."""
        return True

    @classmethod
    def unavailable_reason(cls) -> str:
        """Why the rule cannot run, when it is unavailable."""
        return f"install missingreport[{cls.extra}]" if cls.extra else ""

    @classmethod
    def prepare(cls) -> None:
        """Load the reference data the rule needs, once per process (default: none).

        Called before a run checks its first record, so that worker processes forked
        from the main one share the data instead of each loading its own.
        """

    # --- checking ------------------------------------------------------------
    def check(self, report: MissingChildReport, ctx: Context) -> Iterable[Finding]:
        """The findings of this rule on one report.

        Any iterable will do. Most rules find nothing in most reports: returning ``()``
        then, or a list (:meth:`one_finding` for a single finding), costs less per report
        than a generator.
        """
        return ()

    def applies(self, report: MissingChildReport, ctx: Context) -> bool:
        """Whether the rule has something to judge in this report (the audit's denominator).

        By default: every field in ``requires`` is present and sound. A rule with no
        ``requires`` applies to every report.
        """
        for path in self.requires:
            if not ctx.sound(path) or _lookup(report, path) is None:
                return False
        return True

    def finding(self, path: str, message: str, value: object = None) -> Finding:
        """A finding of this rule (the value is kept only when values were asked for)."""
        return Finding(
            self.code,
            self.name,
            self.severity,
            path,
            message,
            value=shown_value(value),
        )

    def one_finding(self, path: str, message: str, value: object = None) -> tuple[Finding]:
        """The result of a ``check`` that found one thing: that finding (see :meth:`finding`)."""
        return (self.finding(path, message, value),)


class BatchContext:
    """What the batch rules of one run share: the keys, the policy, derived facts.

    A fact that several batch rules need (which records describe the same child) is
    computed once per run through :meth:`shared` and reused by the others.
    """

    __slots__ = ("_shared", "keys", "policy", "show_values")

    def __init__(
        self, keys: Sequence[RecordKey], policy: Policy, *, show_values: bool = True
    ) -> None:
        self.keys = keys
        self.policy = policy
        #: Whether the findings' values are kept: when not, a rule may leave them out.
        self.show_values = show_values
        self._shared: dict[str, object] = {}

    def shared(self, name: str, compute: Callable[[], _T]) -> _T:
        """The fact called ``name``, computed by ``compute`` on first use."""
        if name not in self._shared:
            self._shared[name] = compute()
        return cast(_T, self._shared[name])


class BatchRule(Rule):
    """A rule across all records of one run: it sees the :class:`RecordKey` of each."""

    scope: ClassVar[Scope] = "batch"

    def check_batch(
        self, keys: Sequence[RecordKey], ctx: BatchContext | None = None
    ) -> Iterable[tuple[RecordKey, Finding]]:
        """Findings across records: each paired with the record it belongs to.

        Args:
            keys: every record of the run, ``keys[k].index == k``.
            ctx: shared with the other batch rules of the run (made here when absent).
        """
        return ()


def _lookup(node: object, path: str) -> object:
    for part in path.split("."):
        if node is None:
            return None
        node = getattr(node, part, None)
    return node


def all_rules() -> list[type[Rule]]:
    """Every registered rule, by code."""
    from . import _load  # noqa: F401 - importing the families registers them

    return [_REGISTRY[code] for code in sorted(_REGISTRY)]


def get_rule(code_or_name: str) -> type[Rule] | None:
    """The rule of that code (``MR202``) or name (``ncmec-report-late``), if any."""
    from . import _load  # noqa: F401

    return _REGISTRY.get(code_or_name.upper()) or _BY_NAME.get(code_or_name)
