"""Drawing the reports of the synthetic corpus, one at a time (see ``generate.py``).

:class:`CorpusBuilder` keeps what a realistic stream needs across reports: the world
(``corpus_world.py``), children who may go missing again once their earlier episode
is over, and a short memory of recent reports for the defects that involve two
reports (a reused report id, the same child reported twice, overlapping episodes, a
shared NCMEC case number). Memory stays bounded however many reports are drawn.
"""

from __future__ import annotations

import bisect
import heapq
import json
import random
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from itertools import accumulate
from typing import Any

from corpus_episode import apply_defect, build_episode
from corpus_tables import (
    AGE_WEIGHTS,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    FIRST_NAMES_TAIL_F,
    FIRST_NAMES_TAIL_M,
    NICKNAMES,
    SCARS,
    STATES,
    SURNAME_TAIL,
    SURNAMES,
)
from corpus_world import (
    Caseworker,
    Found,
    ascii_slug,
    build_world,
    care_ceiling,
    fast_choice,
    fast_randbelow,
    fast_randint,
    random_phone,
)

from missingreport.codes import STATE_TIME_ZONES
from missingreport.temporal import completed_years, zone

__all__ = ["BLOCK", "BLOCK_IDS", "DEFECTS", "Child", "CorpusBuilder"]

#: Reports drawn by one builder (one random stream); blocks can be drawn in parallel.
BLOCK = 25_000
#: Room for the sequence numbers of one block.
BLOCK_IDS = 1_000_000

#: The kinds of defect a report may carry (each at the ``--defect-rate``).
DEFECTS: tuple[str, ...] = (
    "late_ncmec_report",
    "never_reported",
    "date_only_values",
    "naive_timestamps",
    "malformed_ori",
    "invalid_phone",
    "missing_description",
    "unknown_key",
    "wrong_code",
    "duplicate_report_id",
    "same_child_twice",
    "overlapping_episodes",
    "shared_ncmec_case_number",
)

_HOUR, _DAY = 3600, 86400
_PLACEHOLDER_DATES = {date(1900, 1, 1), date(1901, 1, 1), date(1970, 1, 1), date(2000, 1, 1)}


def _cum(weights: list[float] | tuple[float, ...]) -> list[float]:
    total = sum(weights)
    return [c / total for c in accumulate(weights)]


_ZIPF = 0.8
_CUM_F = _cum([1 / (i + 2) ** _ZIPF for i in range(len(FIRST_NAMES_F))])
_CUM_M = _cum([1 / (i + 2) ** _ZIPF for i in range(len(FIRST_NAMES_M))])
_CUM_LAST = _cum([1 / (i + 2) ** _ZIPF for i in range(len(SURNAMES))])
_CUM_AGE = _cum(AGE_WEIGHTS)
_AGES = tuple(range(len(AGE_WEIGHTS)))


_RACES_HISPANIC: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.7, ("W",)), (0.85, ("U",)), (0.9, ("B",)), (0.95, ("I",)), (1.0, ("B", "W")),
)  # fmt: skip
_RACES_OTHER: tuple[tuple[float, tuple[str, ...]], ...] = (
    (0.5, ("W",)), (0.8, ("B",)), (0.9, ("B", "W")), (0.93, ("I",)), (0.95, ("A",)),
    (0.955, ("P",)), (0.97, ("I", "W")), (1.0, ("U",)),
)  # fmt: skip
_LIGHT_HAIR = (
    (0.5, "BRO"), (0.7, "BLN"), (0.85, "BLK"), (0.91, "RED"), (0.96, "SDY"), (0.975, "BLU"),
    (0.99, "PNK"), (1.0, "PLE"),
)  # fmt: skip
_LIGHT_EYES = (
    (0.4, "BRO"), (0.7, "BLU"), (0.82, "HAZ"), (0.94, "GRN"), (0.97, "GRY"), (0.98, "MUL"),
    (1.0, "BLK"),
)  # fmt: skip


@dataclass(slots=True)
class Child:
    """The lasting facts of one child: what every report of theirs repeats."""

    first: str
    middle: str | None
    last: str
    suffix: str | None
    sex: str
    dob: date
    race: list[str]
    ethnicity: str
    hz: float
    wz: float
    hair: str
    eye: str
    skin: str | None
    marks: list[str] | None
    nicknames: list[str] | None
    phone: str | None
    email: str | None
    social: list[str] | None
    crn: str | None
    case_number: str
    removal: date
    worker: Caseworker
    risk: float


@dataclass(slots=True)
class _Episode:
    child: Child
    last_seen: int
    located: int | None
    ncmec_case: str | None


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class CorpusBuilder:
    """Draws one report after another, deterministically for a seed."""

    def __init__(
        self,
        seed: int,
        *,
        as_of: datetime,
        block: int = 0,
        caseworkers: int = 400,
        police_agencies: int = 300,
    ) -> None:
        self.rng = random.Random(f"{seed}-{block}")
        self.world = build_world(seed, caseworkers, police_agencies)
        self.as_of = int(as_of.timestamp())
        self.tz: dict[str, tzinfo] = {s: zone(STATE_TIME_ZONES[s][0]) for s in STATES}
        # Identifiers stay unique across blocks: each block counts in its own range.
        base = block * BLOCK_IDS
        self._seq = {"case": base, "crn": base, "oca": base}
        self._ncmec = 1_400_000 + block * 800_000 + fast_randint(self.rng, 0, 49_999)
        self._nic = 100_000_000 + (block * 13_000_000) % 880_000_000
        self._heap: list[tuple[int, int, Child]] = []
        self._available: list[Child] = []
        self._recent: deque[_Episode] = deque(maxlen=400)
        self._recent_ids: deque[str] = deque(maxlen=400)
        self._recent_lines: deque[str] = deque(maxlen=200)
        self._sibling: Child | None = None
        self._last: _Episode | None = None
        self._pushed = 0
        self._found: Found = {}

    # --- drawing helpers ---------------------------------------------------------
    def _pick(self, items: tuple[Any, ...] | list[Any], cum: list[float]) -> Any:
        return items[min(bisect.bisect(cum, self.rng.random()), len(items) - 1)]

    def _state(self) -> str:
        world = self.world
        j = bisect.bisect(world.state_cumweights, self.rng.random())
        return world.states[min(j, len(world.states) - 1)]

    def _next(self, name: str) -> int:
        self._seq[name] += 1
        return self._seq[name]

    def _first_name(self, sex: str) -> str:
        r = self.rng
        if sex == "U":
            sex = "F" if r.random() < 0.5 else "M"
        if r.random() < 0.2:
            return fast_choice(r, FIRST_NAMES_TAIL_F if sex == "F" else FIRST_NAMES_TAIL_M)
        if sex == "F":
            return str(self._pick(FIRST_NAMES_F, _CUM_F))
        return str(self._pick(FIRST_NAMES_M, _CUM_M))

    def _surname(self) -> str:
        if self.rng.random() < 0.5:
            return fast_choice(self.rng, SURNAME_TAIL)
        return str(self._pick(SURNAMES, _CUM_LAST))

    def _dob(self, seen: date, age: int) -> date:
        r = self.rng
        for _ in range(10):
            if age == 0:
                dob = seen - timedelta(days=fast_randint(r, 30, 360))
            else:
                hi = _years_back(seen, age)
                lo = _years_back(seen, age + 1) + timedelta(days=1)
                dob = lo + timedelta(days=fast_randint(r, 0, (hi - lo).days))
            if dob not in _PLACEHOLDER_DATES and completed_years(dob, seen) == age:
                return dob
        raise RuntimeError("no date of birth found")  # pragma: no cover

    # --- children ------------------------------------------------------------------
    def _new_child(self, state: str, seen: date, *, family: Child | None = None) -> Child:
        top = care_ceiling(state) - 1  # the oldest age in care in this state
        r = self.rng
        worker = family.worker if family else fast_choice(r, self.world.caseworkers[state])
        u = r.random()
        sex = "F" if u < 0.52 else ("M" if u < 0.995 else "U")
        age = min(top, int(self._pick(_AGES, _CUM_AGE)))
        if family is not None:
            age = min(
                top, max(0, completed_years(family.dob, seen) + fast_choice(r, (-4, -3, -2, 2, 3)))
            )
        dob = self._dob(seen, age)
        first = self._first_name(sex)
        if family is not None:
            while first[:2] == family.first[:2]:
                first = self._first_name(sex)
        last = family.last if family else self._surname()
        ethnicity = "H" if r.random() < 0.21 else ("N" if r.random() < 0.95 else "U")
        race = family.race if family else self._race(ethnicity)
        dark = race[0] in ("B", "I", "A", "P") or ethnicity == "H"
        old = age >= 12
        crn = f"{state}-AFCARS-{self._next('crn'):08d}" if r.random() < 0.85 else None
        removal_lo = max(dob + timedelta(days=1), _years_back(seen, 8))
        removal = removal_lo + timedelta(
            days=fast_randint(r, 0, max(0, (seen - removal_lo).days - 1))
        )
        case_number = (
            family.case_number
            if family
            else f"{worker.case_prefix}-{removal.year}-{self._next('case'):07d}"
        )
        slug = ascii_slug(first) + ascii_slug(last)[:6]
        return Child(
            first=first,
            middle=self._first_name(sex) if r.random() < 0.55 else None,
            last=last,
            suffix=("Jr." if r.random() < 0.7 else "III")
            if sex == "M" and r.random() < 0.02
            else None,
            sex=sex,
            dob=dob,
            race=race,
            ethnicity=ethnicity,
            hz=max(-1.8, min(1.8, r.gauss(0, 1))),
            wz=max(-1.8, min(1.8, r.gauss(0, 1))),
            hair=self._hair(dark),
            eye=self._eye(dark),
            skin=self._skin(race[0], ethnicity) if r.random() < 0.7 else None,
            marks=[fast_choice(r, SCARS)] if r.random() < 0.15 else None,
            nicknames=[fast_choice(r, NICKNAMES)] if r.random() < 0.25 else None,
            phone=random_phone(r, state, self._found) if old and r.random() < 0.35 else None,
            email=f"{slug}{fast_randint(r, 1, 99)}@example.com"
            if old and r.random() < 0.1
            else None,
            social=[f"@{slug}{fast_randint(r, 0, 999)}"] if old and r.random() < 0.3 else None,
            crn=crn,
            case_number=case_number,
            removal=removal,
            worker=worker,
            risk=r.random(),
        )

    def _race(self, ethnicity: str) -> list[str]:
        u = self.rng.random()
        for bound, race in _RACES_HISPANIC if ethnicity == "H" else _RACES_OTHER:
            if u < bound:
                return list(race)
        return ["U"]  # pragma: no cover

    def _hair(self, dark: bool) -> str:
        u = self.rng.random()
        if dark:
            return "BLK" if u < 0.75 else ("BRO" if u < 0.98 else "RED")
        for bound, code in _LIGHT_HAIR:
            if u < bound:
                return code
        return "BRO"  # pragma: no cover

    def _eye(self, dark: bool) -> str:
        u = self.rng.random()
        if dark:
            return "BRO" if u < 0.9 else ("BLK" if u < 0.98 else "HAZ")
        for bound, code in _LIGHT_EYES:
            if u < bound:
                return code
        return "BRO"  # pragma: no cover

    def _skin(self, race: str, ethnicity: str) -> str:
        options = {
            "B": ("DBR", "MBR", "DRK", "BLK", "LBR"),
            "W": ("FAR", "LGT", "LGT", "MED"),
            "A": ("LGT", "MED", "YEL"),
            "I": ("MED", "RUD", "LBR"),
            "P": ("MED", "MBR", "OLV"),
            "U": ("MED", "LBR"),
        }[race]
        if ethnicity == "H":
            options = ("MED", "OLV", "LBR", "MBR")
        return fast_choice(self.rng, options)

    # --- the stream ----------------------------------------------------------------
    def _release(self, when: int) -> None:
        heap, available, r = self._heap, self._available, self.rng
        while heap and heap[0][0] < when - 2 * _DAY:
            child = heapq.heappop(heap)[2]
            if len(available) < 20_000:
                available.append(child)
            else:
                available[fast_randbelow(r, len(available))] = child

    def _returning(self) -> Child | None:
        available = self._available
        if not available or self.rng.random() >= 0.22:
            return None
        j = fast_randbelow(self.rng, len(available))
        available[j], available[-1] = available[-1], available[j]
        return available.pop()

    def _overlapped(self, when: int) -> Child | None:
        for ep in reversed(self._recent):
            if ep.last_seen < when - int(2.5 * _DAY) and (
                ep.located is None or ep.located > when + 2 * _HOUR
            ):
                return ep.child
        return None

    def report(self, index: int, when: int, kind: str | None) -> tuple[dict[str, Any], str | None]:
        """The report number ``index``, last seen at epoch second ``when``, and its defect."""
        r = self.rng
        self._last = None
        if kind == "same_child_twice":
            if self._recent_lines:
                record: dict[str, Any] = json.loads(fast_choice(r, self._recent_lines))
                record["report_id"] = self._report_id(
                    record["custodial_agency"]["state"], when, index
                )
                return record, kind
            kind = None
        if kind in ("duplicate_report_id", "shared_ncmec_case_number") and not self._recent:
            kind = None
        self._release(when)
        child: Child | None = None
        if kind == "overlapping_episodes":
            child = self._overlapped(when)
            if child is None:
                kind = None
        elif self._sibling is not None:
            child, self._sibling = self._sibling, None
        else:
            child = self._returning()
        state = child.worker.state if child else self._state()
        tz = self.tz[state]
        seen_day = datetime.fromtimestamp(when, tz).date()
        if child is not None and completed_years(child.dob, seen_day) >= care_ceiling(state):
            child = None
            if kind == "overlapping_episodes":
                kind = None
        if child is None:
            child = self._new_child(state, seen_day)
        if kind is None and self._sibling is None and r.random() < 0.015:
            self._sibling = self._new_child(state, seen_day, family=child)
        record, episode = self._episode(index, when, child, state, tz, seen_day, kind)
        applied = self._defect(record, child, kind) if kind else None
        self._last = episode
        return record, applied

    def remember(self, record: dict[str, Any], line: str, applied: str | None) -> None:
        """Keep what later reports may refer to (called with each report's JSON text)."""
        self._recent_ids.append(str(record.get("report_id")))
        episode = self._last
        if episode is None:
            return
        if applied is None:
            self._recent_lines.append(line)
        self._recent.append(episode)
        if episode.located is not None and applied != "overlapping_episodes":
            self._pushed += 1
            heapq.heappush(self._heap, (episode.located, self._pushed, episode.child))

    def _episode(
        self,
        index: int,
        when: int,
        child: Child,
        state: str,
        tz: tzinfo,
        seen_day: date,
        kind: str | None,
    ) -> tuple[dict[str, Any], _Episode]:
        record, located, ncmec_case = build_episode(
            self, index, when, child, state, tz, seen_day, kind
        )
        return record, _Episode(child, when, located, ncmec_case)

    def _defect(self, record: dict[str, Any], child: Child, kind: str) -> str | None:
        return apply_defect(self, record, child, kind)

    def _report_id(self, state: str, when: int, index: int) -> str:
        year = datetime.fromtimestamp(when, self.tz[state]).year
        return f"{state}-{year}-{index + 1:07d}"
