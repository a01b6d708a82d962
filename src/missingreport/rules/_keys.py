"""The :class:`~._base.RecordKey` of a record: what the batch rules keep of it.

Built in two steps, so that the costly part can run where the record is checked (a
worker process, when the run is parallel) and only a small tuple travels back:

* :func:`key_fields` reads the key's values from the parsed report (the record's own
  work: the time zone of its state, its calendar dates, its record and case numbers
  normalised by :func:`identifier`, kept instead of the raw numbers, which no batch
  rule shows);
* :class:`KeyMaker` numbers the keys of one run in order and shares equal values
  (names and dates recur; a key's index is the previous record's number, one int
  object for both), so that the keys of a long run stay small.
"""

from __future__ import annotations

import re
import string
from datetime import date, tzinfo
from typing import TYPE_CHECKING, Any

from ..codes import state_time_zone
from ..temporal import calendar_date, zone
from ._base import RecordKey

if TYPE_CHECKING:
    from ..schema import MissingChildReport

__all__ = ["KeyFields", "KeyMaker", "identifier", "key_fields"]

#: The values of a :class:`RecordKey` after ``index``, in its field order.
KeyFields = tuple[Any, ...]

#: Each state's time zone, looked up once.
_ZONES: dict[str | None, tzinfo] = {}


_NOT_ALNUM = re.compile(r"[\W_]+")
_PUNCTUATION = str.maketrans("", "", string.punctuation + string.whitespace)


def identifier(value: str | None, scope: str | None = None) -> str:
    """The normalised identifier (``""`` when blank or a placeholder without digits):
    letters and digits only, case-folded, leading zeros dropped.

    ``scope`` (the state) is prefixed when the number is only unique within it.
    """
    if not value:
        return ""
    folded = value.casefold()
    if not folded.isalnum():
        folded = folded.translate(_PUNCTUATION)  # fast for ASCII; the rest below
        if not folded.isalnum():
            folded = _NOT_ALNUM.sub("", folded)
    norm = folded.lstrip("0")
    if not norm or norm.isalpha():
        return ""
    return f"{scope or ''}|{norm}" if scope is not None else norm


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
    if child is not None:
        first, last, born, sex = child.first_name, child.last_name, child.date_of_birth, child.sex
    record_number = case_number = ""
    if agency is not None:
        # The state's own numbers: unique within its state only.
        record_number = identifier(agency.child_record_number, state)
        case_number = identifier(agency.case_number, state)
    return (
        source,
        record,
        record if line == record else line,
        report_id,
        first,
        last,
        born,
        sex,
        record_number,
        case_number,
        _day(episode.last_seen_at, tz) if episode is not None else None,
        _day(recovery.located_at, tz) if recovery is not None else None,
        recovery is None and _sound(failed, "recovery"),
        ncmec.case_number if ncmec is not None else None,
        police.ncic_number if police is not None else None,
    )


#: The positions in :data:`KeyFields` of values that recur across records.
_SHARED_FIELDS = (0, 4, 5, 6, 7, 10, 11)


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
        keys = self.keys
        index = len(keys)
        if keys and keys[-1].record == index:  # numbered from 1: the last record number
            index = keys[-1].record  # is this index, one object for both
        keys.append(RecordKey(index, *values))

    def done(self) -> list[RecordKey]:
        """The keys; the table of shared values is no longer needed."""
        self._shared.clear()
        return self.keys
