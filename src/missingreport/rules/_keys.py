"""The :class:`~._base.RecordKey` of a record: what the batch rules keep of it.

Built in two steps, so that the costly part can run where the record is checked (a
worker process, when the run is parallel) and only a small tuple travels back:

* :func:`key_fields` reads the key's values from the parsed report (the record's own
  work: the calendar dates of its episode in the time zone of its state, its record
  and case numbers normalised by :func:`identifier`, kept instead of the raw numbers,
  which no batch rule shows). Its dates are day numbers (``date.toordinal``): a
  worker's ints cross to the main process at a quarter of the cost of dates;
* :class:`KeyMaker` numbers the keys of one run in order, adds each record's location
  and report id, turns the day numbers back into dates, and shares equal values
  (names and dates recur; a key's index is the previous record's number, one int
  object for both), so that the keys of a long run stay small.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from datetime import date, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any

from ..codes import state_time_zone
from ..findings import _setter  # a slot's own setter (half a frozen __init__'s cost)
from ..temporal import calendar_date, zone
from ._base import RecordKey

if TYPE_CHECKING:
    from ..schema import MissingChildReport

__all__ = ["KeyFields", "KeyMaker", "identifier", "key_fields"]

#: The values of a :class:`RecordKey` after ``report_id``, in its field order.
KeyFields = tuple[Any, ...]

#: Each state's time zone, looked up once.
_ZONES: dict[str | None, tzinfo] = {}


_NOT_ALNUM = re.compile(r"[\W_]+")
_PUNCTUATION = str.maketrans("", "", string.punctuation + string.whitespace)
#: The same characters, for ASCII text (``bytes.translate`` is three times as fast).
_ASCII_PUNCTUATION = (string.punctuation + string.whitespace).encode("ascii")


def identifier(value: str | None, scope: str | None = None) -> str:
    """The normalised identifier (``""`` when blank or a placeholder without digits):
    letters and digits only, case-folded, leading zeros dropped.

    ``scope`` (the state) is prefixed when the number is only unique within it.
    """
    if not value:
        return ""
    folded = value.casefold()
    if not folded.isalnum():
        if folded.isascii():
            folded = folded.encode("ascii").translate(None, _ASCII_PUNCTUATION).decode("ascii")
        else:
            folded = folded.translate(_PUNCTUATION)  # the ASCII ones; the rest below
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


def _sound(failed: frozenset[str], path: str) -> bool:
    """``Context.sound(path)``: nothing at, above or below ``path`` failed to parse."""
    return not failed or not any(
        path == bad or path.startswith(bad + ".") or bad.startswith(path + ".") for bad in failed
    )


def key_fields(
    report: MissingChildReport,
    failed: frozenset[str],
    date_of: Callable[[date], date] | None = None,
) -> KeyFields:
    """The values of the key of one parsed record (all but its index, location and id);
    its dates (of birth, last seen, located) as day numbers (``date.toordinal``).

    ``date_of`` gives the calendar date of a date or datetime in the time zone of the
    report's state (``Context.date_of``, which keeps the dates the rules converted);
    by default it is computed here.
    """
    child, episode, agency = report.child, report.episode, report.custodial_agency
    recovery, ncmec, police = report.recovery, report.ncmec_report, report.law_enforcement_report
    state = agency.state if agency is not None else None
    if date_of is None:
        date_of = partial(calendar_date, tz=_zone_of(state))
    first = last = born = sex = seen = located = None
    if child is not None:
        first, last, sex = child.first_name, child.last_name, child.sex
        if child.date_of_birth is not None:
            born = child.date_of_birth.toordinal()
    record_number = case_number = ""
    if agency is not None:
        # The state's own numbers: unique within its state only.
        record_number = identifier(agency.child_record_number, state)
        case_number = identifier(agency.case_number, state)
    if episode is not None and episode.last_seen_at is not None:
        seen = date_of(episode.last_seen_at).toordinal()
    if recovery is not None and recovery.located_at is not None:
        located = date_of(recovery.located_at).toordinal()
    return (
        first,
        last,
        born,
        sex,
        record_number,
        case_number,
        seen,
        located,
        recovery is None and _sound(failed, "recovery"),
        ncmec.case_number if ncmec is not None else None,
        police.ncic_number if police is not None else None,
    )


_new = object.__new__


_set_index = _setter(RecordKey, "index")
_set_source = _setter(RecordKey, "source")
_set_record = _setter(RecordKey, "record")
_set_line = _setter(RecordKey, "line")
_set_report_id = _setter(RecordKey, "report_id")
_set_first_name = _setter(RecordKey, "first_name")
_set_last_name = _setter(RecordKey, "last_name")
_set_date_of_birth = _setter(RecordKey, "date_of_birth")
_set_sex = _setter(RecordKey, "sex")
_set_child_record_token = _setter(RecordKey, "child_record_token")
_set_case_token = _setter(RecordKey, "case_token")
_set_last_seen = _setter(RecordKey, "last_seen")
_set_located = _setter(RecordKey, "located")
_set_episode_open = _setter(RecordKey, "episode_open")
_set_ncmec_case_number = _setter(RecordKey, "ncmec_case_number")
_set_ncic_number = _setter(RecordKey, "ncic_number")


class KeyMaker:
    """Makes the keys of one run: numbered in order, equal recurring values shared."""

    def __init__(self) -> None:
        self.keys: list[RecordKey] = []
        self._shared: dict[object, Any] = {}
        #: The date of each day number seen (one object for all records of that day).
        self._days: dict[int, date] = {}

    def add(
        self,
        source: str | None,
        record: int | None,
        line: int | None,
        report_id: str | None,
        fields: KeyFields,
    ) -> None:
        """Keep the key of the next record, from where it is and its :func:`key_fields`."""
        one = self._shared.setdefault
        first, last, born, sex, record_token, case_token, seen, located, is_open, ncmec, ncic = (
            fields
        )
        keys = self.keys
        index = len(keys)
        if keys and keys[-1].record == index:  # numbered from 1: the last record number
            index = keys[-1].record  # is this index, one object for both
        key: RecordKey = _new(RecordKey)
        _set_index(key, index)
        _set_source(key, one(source, source) if source is not None else None)
        _set_record(key, record)
        _set_line(key, record if line == record else line)
        _set_report_id(key, report_id)
        _set_first_name(key, one(first, first) if first is not None else None)
        _set_last_name(key, one(last, last) if last is not None else None)
        day = self._days.get  # a date is never false: "or" makes the new ones
        _set_date_of_birth(key, born if born is None else day(born) or self._day(born))
        _set_sex(key, one(sex, sex) if sex is not None else None)
        _set_child_record_token(key, record_token)
        _set_case_token(key, case_token)
        _set_last_seen(key, seen if seen is None else day(seen) or self._day(seen))
        _set_located(key, located if located is None else day(located) or self._day(located))
        _set_episode_open(key, is_open)
        _set_ncmec_case_number(key, ncmec)
        _set_ncic_number(key, ncic)
        keys.append(key)

    def _day(self, number: int) -> date:
        found = self._days[number] = date.fromordinal(number)
        return found

    def done(self) -> list[RecordKey]:
        """The keys; the tables of shared values are no longer needed."""
        self._shared.clear()
        self._days.clear()
        return self.keys
