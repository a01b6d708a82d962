"""The :class:`~._base.RecordKey` of a record: what the batch rules keep of it.

Built in two steps, so that the costly part can run where the record is checked (a
worker process, when the run is parallel) and only a small tuple travels back:

* :func:`key_fields` reads the key's values from the parsed report (the record's own
  work: the time zone of its state, its calendar dates);
* :class:`KeyMaker` numbers the keys of one run in order and shares equal values
  (names, dates, states recur), so that the keys of a long run stay small.
"""

from __future__ import annotations

from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from ..codes import state_time_zone
from ..temporal import calendar_date, zone
from ._base import RecordKey

if TYPE_CHECKING:
    from ..schema import MissingChildReport

__all__ = ["KeyFields", "KeyMaker", "key_fields"]

#: The values of a :class:`RecordKey` after ``index``, in its field order.
KeyFields = tuple[Any, ...]

#: Each state's time zone, looked up once.
_ZONES: dict[str | None, tzinfo] = {}


def _zone_of(state: str | None) -> tzinfo:
    tz = _ZONES.get(state)
    if tz is None:
        tz = zone(state_time_zone(state)[0])
        if len(_ZONES) < 512:
            _ZONES[state] = tz
    return tz


def _day(value: date | None, tz: tzinfo) -> date | None:
    return calendar_date(value, tz) if value is not None else None


def _sound(failed: frozenset[str], path: str) -> bool:
    """``Context.sound(path)``: nothing at, above or below ``path`` failed to parse."""
    return not any(
        path == bad or path.startswith(bad + ".") or bad.startswith(path + ".") for bad in failed
    )


def key_fields(
    source: str | None,
    record: int | None,
    line: int | None,
    report_id: str | None,
    report: MissingChildReport,
    failed: frozenset[str],
) -> KeyFields:
    """The values of the key of one parsed record (all but its index)."""
    child, episode, agency = report.child, report.episode, report.custodial_agency
    recovery, ncmec, police = report.recovery, report.ncmec_report, report.law_enforcement_report
    state = agency.state if agency is not None else None
    tz = _zone_of(state)
    first = last = born = sex = None
    nicknames: tuple[str, ...] = ()
    if child is not None:
        first, last, born, sex = child.first_name, child.last_name, child.date_of_birth, child.sex
        if child.nicknames:
            nicknames = tuple(child.nicknames)
    return (
        source,
        record,
        record if line == record else line,
        report_id,
        first,
        last,
        nicknames,
        born,
        sex,
        agency.child_record_number if agency is not None else None,
        agency.case_number if agency is not None else None,
        state,
        _day(episode.last_seen_at, tz) if episode is not None else None,
        _day(recovery.located_at, tz) if recovery is not None else None,
        recovery is None and _sound(failed, "recovery"),
        ncmec.case_number if ncmec is not None else None,
        police.ncic_number if police is not None else None,
    )


#: The positions in :data:`KeyFields` of values that recur across records.
_SHARED_FIELDS = (0, 4, 5, 7, 8, 11, 12, 13)


class KeyMaker:
    """Makes the keys of one run: numbered in order, equal recurring values shared."""

    def __init__(self) -> None:
        self.keys: list[RecordKey] = []
        self._shared: dict[object, Any] = {}

    def add(self, fields: KeyFields) -> None:
        """Keep the key of the next record."""
        one = self._shared.setdefault
        values = list(fields)
        for i in _SHARED_FIELDS:
            value = values[i]
            if value is not None:
                values[i] = one(value, value)
        self.keys.append(RecordKey(len(self.keys), *values))

    def done(self) -> list[RecordKey]:
        """The keys; the table of shared values is no longer needed."""
        self._shared.clear()
        return self.keys
