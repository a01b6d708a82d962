"""A second corpus, unlike the first (``generate.py --kind light``).

The reports of a state's minimal export: every required field and what the reporting
rules ask for (description, police report with ORI and NCIC number, NCMEC case number),
none of the rest (no middle names, nicknames, skin tone, narrative, street, county,
supervisor, email, removal date), so a line is about 1,000 bytes instead of 1,900 and
parsing it costs about half as much. What else differs from the first corpus:

* **Names**: other tables (given names and surnames of the Southwest, the Mountain
  West and the upper Midwest, Hispanic, Navajo, Hmong, Somali, Polish, Vietnamese),
  and a long tail of rarer ones, drawn with Zipf-like frequencies (weight
  1/rank^0.65: the commonest given name about 3% of a sex, the commonest surname 2%),
  a third of the surnames compound (``Garcia Lopez``); no accents or apostrophes.
* **Places**: 16 states, each its capital (or largest city) with a real ZIP code;
  times in the state's time zone with the offset of that day.
* **Repeat episodes**: one report in four is a child seen before, at least 30 days
  after the earlier episode ended.
* **Defects** (:data:`LIGHT_DEFECTS`), each on a fraction R of the reports: invalid
  values rather than late reports: placeholders, implausible measurements, dates out
  of order or in the future, a value of the wrong type, a missing required field, an
  ORI of no state, an NCIC number shared with another child.

A sound report gives no per-report finding at ``--as-of``. Deterministic: the same
count, seed and rate give the same bytes (one random stream per block of 25,000).
"""

from __future__ import annotations

import bisect
import json
import random
from collections import deque
from datetime import date, datetime, timedelta, timezone
from itertools import accumulate
from typing import Any

from corpus_tables import GROWTH
from corpus_world import clock_from_departure, deadline_hours

from missingreport.codes import STATE_TIME_ZONES
from missingreport.temporal import zone
from missingreport.types import normalize_phone

__all__ = ["LIGHT_DEFECTS", "light_block"]

#: The kinds of defect of the light corpus, each with the finding it should give.
LIGHT_DEFECTS: dict[str, str] = {
    "placeholder_name": "MR501",
    "placeholder_date": "MR502",
    "implausible_measurement": "MR503",
    "born_after_event": "MR104",
    "date_in_future": "MR209",
    "recovered_before_last_seen": "MR208",
    "notified_before_last_seen": "MR207",
    "wrong_type": "MR003",
    "missing_required_field": "MR002",
    "ori_of_no_state": "MR302",
    "malformed_ncic_number": "MR303",
    "invalid_email": "MR306",
    "shared_ncic_number": "MR605",
}

#: State: (city, ZIP code, share of the reports, area codes, police agency).
_PLACES: dict[str, tuple[str, str, float, tuple[str, ...], str]] = {
    "AZ": ("Phoenix", "85004", 9.0, ("602", "480"), "Phoenix Police Department"),
    "NM": ("Albuquerque", "87102", 3.0, ("505",), "Albuquerque Police Department"),
    "TX": ("Austin", "78701", 14.0, ("512", "737"), "Austin Police Department"),
    "CO": ("Denver", "80202", 5.0, ("303", "720"), "Denver Police Department"),
    "UT": ("Salt Lake City", "84111", 2.5, ("801",), "Salt Lake City Police Department"),
    "NV": ("Las Vegas", "89101", 4.0, ("702",), "Las Vegas Metropolitan Police"),
    "MN": ("Saint Paul", "55102", 4.5, ("651",), "Saint Paul Police Department"),
    "WI": ("Madison", "53703", 3.5, ("608",), "Madison Police Department"),
    "MI": ("Lansing", "48933", 6.0, ("517",), "Lansing Police Department"),
    "IL": ("Springfield", "62701", 8.0, ("217",), "Springfield Police Department"),
    "OK": ("Oklahoma City", "73102", 5.0, ("405",), "Oklahoma City Police Department"),
    "KS": ("Topeka", "66603", 3.0, ("785",), "Topeka Police Department"),
    "NE": ("Lincoln", "68508", 2.0, ("402",), "Lincoln Police Department"),
    "MT": ("Helena", "59601", 1.5, ("406",), "Helena Police Department"),
    "WA": ("Olympia", "98501", 6.0, ("360",), "Olympia Police Department"),
    "OR": ("Salem", "97301", 4.0, ("503",), "Salem Police Department"),
}  # fmt: skip
_PLACEMENTS = (
    "foster_family_home_nonrelative", "foster_family_home_nonrelative",
    "foster_family_home_relative", "group_home", "qualified_residential_treatment_program",
)  # fmt: skip
_ORI_COUNTY = {state: f"{i * 37 % 90 + 10:02d}" for i, state in enumerate(_PLACES)}

_GIVEN_F = (
    "Sofia Isabella Camila Valeria Ximena Mia Luna Naomi Ayana Nizhoni Mai Paj Yer Hodan Amina "
    "Fartun Zofia Maja Linh Thao Anh Guadalupe Marisol Yesenia Jazmin Leilani Kaya Dezbah "
    "Ingrid Astrid Brynn Tess Kenzie Harper Aubree Raelynn Paisley Oaklee"
).split()
_GIVEN_M = (
    "Mateo Santiago Diego Angel Jesus Adrian Julian Aiden Kai Ahiga Niyol Tou Pao Vang Abdi "
    "Hassan Ayaan Mohamed Jakub Szymon Minh Duc Bao Tuan Joaquin Rogelio Emiliano Thiago "
    "Soren Anders Gunnar Colt Ryder Brantley Kolton Bridger Maverick Tanner Easton"
).split()
_SURNAMES = (
    "Garcia Martinez Hernandez Lopez Gonzalez Rodriguez Sanchez Ramirez Flores Torres Chavez "
    "Begay Yazzie Benally Tsosie Nez Vang Xiong Yang Thao Lor Moua Hassan Mohamed Ali Warsame "
    "Nowak Kowalski Wisniewski Lewandowski Nguyen Tran Pham Le Hoang Olson Johnson Anderson "
    "Larson Nelson Swanson Lindqvist Miller Baker Parker Turner Cooper Reed Wright Young"
).split()


#: The long tail of each table: names made of a head and an ending, rarer than any
#: of the lists above (real name frequencies have a long tail: the most common given
#: name is 1-3% of children, not a quarter).
_TAIL_HEADS = (
    "Ab Al Am Ar Be Bra Ca Da De El Es Fa Ga Ha Is Ja Ka La Ma Me Na No Ra Re Sa Ta Va Ya Za"
).split()
_TAIL_F = "bella dora lena mira nia rina sol tza yra zel lani vie ssa dine elle".split()
_TAIL_M = "bert don fredo lan mar nando ric ron tan uel vin xon zar dell go".split()
_TAIL_LAST = "berg cek dahl eda ford gard holm ino kowski lund moto nova quist rez sky".split()
_TAIL_SUR_HEADS = _TAIL_HEADS + "Bo Cu Du Fo Gu Ho Ku Lo Mo Nu Po Ro Su To Vo Wo".split()
_TAIL_MIDS = ("", "a", "i", "o", "e")
#: The exponent of the Zipf-like weights (1 / rank ** s).
_ZIPF = 0.65


def _zipf(head: list[str], tail: list[str]) -> tuple[list[str], list[float]]:
    items = head + [name for name in tail if name not in head]
    weights = [1.0 / rank**_ZIPF for rank in range(1, len(items) + 1)]
    return items, list(accumulate(weights))


_TABLES = {
    "F": _zipf(_GIVEN_F, [h + m + e for e in _TAIL_F for m in _TAIL_MIDS for h in _TAIL_HEADS]),
    "M": _zipf(_GIVEN_M, [h + m + e for e in _TAIL_M for m in _TAIL_MIDS for h in _TAIL_HEADS]),
    "last": _zipf(
        _SURNAMES, [h + m + e for e in _TAIL_LAST for m in _TAIL_MIDS for h in _TAIL_SUR_HEADS]
    ),
}
_STATES = list(_PLACES)
_STATE_CUM = list(accumulate(p[2] for p in _PLACES.values()))
_GROWTH_AGES = {sex: [row[0] for row in table] for sex, table in GROWTH.items()}
#: Relative number of episodes by age 0-17 (no youth in extended care in this export).
_AGES = (0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.4, 0.5, 0.7, 1, 1.5, 2.5, 4, 7, 11, 14, 15, 13)
_AGE_CUM = list(accumulate(_AGES))


class _Light:
    """One block's random stream, with the children seen so far (for repeat episodes)."""

    def __init__(self, seed: int, block: int, as_of: datetime) -> None:
        self.rng = random.Random(f"light-{seed}-{block}")
        self.block = block
        self.as_of = as_of
        self.children: deque[dict[str, Any]] = deque(maxlen=4000)
        self.recent_ncic: deque[str] = deque(maxlen=200)
        self.workers = {state: [self._worker(state, i) for i in range(8)] for state in _PLACES}

    def pick(self, table: str) -> str:
        items, cum = _TABLES[table]
        return items[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def phone(self, state: str) -> str:
        rng = self.rng
        while True:
            area = rng.choice(_PLACES[state][3])
            text = f"{area}-{rng.randint(201, 989)}-{rng.randint(1000, 9999)}"
            if normalize_phone(text) is not None:
                return text

    def _worker(self, state: str, i: int) -> dict[str, str]:
        name = f"{self.pick('F' if i % 2 else 'M')[0]}. {self.pick('last')}"
        return {"name": name, "phone": self.phone(state)}

    def child(self, state: str, seen: datetime) -> dict[str, Any]:
        rng = self.rng
        sex = "F" if rng.random() < 0.55 else "M"
        age = bisect.bisect(_AGE_CUM, rng.random() * _AGE_CUM[-1])
        born = seen.date() - timedelta(days=int((age + 0.95 * rng.random()) * 365.25))
        last = self.pick("last")
        if rng.random() < 0.33:
            last = f"{last} {self.pick('last')}"
        return {
            "first_name": self.pick(sex),
            "last_name": last,
            "date_of_birth": born.isoformat(),
            "sex": sex,
            "race": [rng.choice("WWWBBIAA")],
            "ethnicity": "H" if rng.random() < 0.4 else "N",
            "state": state,
            "number": f"{state}-{self.block:02d}{rng.randint(0, 99_999_999):08d}",
            "free_after": seen,
        }


def _growth(sex: str, years: float) -> tuple[float, float]:
    table = GROWTH[sex]
    j = min(max(bisect.bisect_left(_GROWTH_AGES[sex], years), 1), len(table) - 1)
    (a0, h0, w0), (a1, h1, w1) = table[j - 1], table[j]
    f = min(max((years - a0) / (a1 - a0), 0.0), 1.0)
    return h0 + f * (h1 - h0), w0 + f * (w1 - w0)


def _photo_day(rng: random.Random, seen: date, born: date) -> str:
    taken = seen - timedelta(days=rng.randint(10, 170))
    return max(taken, born).isoformat()


def _inside(minutes: float, state: str, report: str, notified_after: float) -> float:
    """A report's delay after the notice, wrapped inside the state's own deadline when it
    is stricter than 24 hours (running from the notice, or from last seen), five minutes
    to spare: the reports of this corpus keep every deadline."""
    left = deadline_hours(state, report) * 60 - 5
    if clock_from_departure(state):
        left -= notified_after
    if minutes <= left or left < 10:
        return minutes
    return 5 + minutes % (left - 5)


def _at(moment: datetime, minutes: float) -> datetime:
    """``minutes`` later in absolute time (across a change of daylight saving time)."""
    later = moment.astimezone(timezone.utc) + timedelta(minutes=int(minutes))
    return later.astimezone(moment.tzinfo)


def _text(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def light_report(
    gen: _Light, i: int, when: float, kind: str | None
) -> tuple[dict[str, Any], str | None]:
    """One report of the light corpus (last seen at ``when``, a POSIX time)."""
    rng = gen.rng
    repeat = None
    if gen.children and rng.random() < 0.25:
        candidate = gen.children[rng.randrange(len(gen.children))]
        adult_on = date.fromisoformat(candidate["date_of_birth"]) + timedelta(days=6570)
        free = candidate["free_after"].timestamp() + 30 * 86400 < when
        if free and datetime.fromtimestamp(when, timezone.utc).date() < adult_on:
            repeat = candidate
    if repeat is not None:
        state = repeat["state"]
    else:
        state = _STATES[bisect.bisect(_STATE_CUM, rng.random() * _STATE_CUM[-1])]
    city, zip_code, _, _, police = _PLACES[state]
    seen = datetime.fromtimestamp(when, zone(STATE_TIME_ZONES[state][0]))
    person = repeat or gen.child(state, seen)
    born = date.fromisoformat(person["date_of_birth"])
    years = (seen.date() - born).days / 365.25
    height, weight = _growth(person["sex"], years)
    notified_after = rng.uniform(10, 240)
    notified = _at(seen, notified_after)
    police_at = _at(notified, _inside(rng.uniform(5, 180), state, "police", notified_after))
    ncmec_at = _at(notified, _inside(rng.uniform(30, 1300), state, "ncmec", notified_after))
    ncic = f"M{300_000_000 + i * 13 + rng.randrange(13)}"  # one per report
    short = f"{seen.year % 100}-{i:06d}"
    child = {
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "date_of_birth": person["date_of_birth"],
        "sex": person["sex"],
        "race": person["race"],
        "ethnicity": person["ethnicity"],
        "height_in": round(height * rng.uniform(0.95, 1.05)),
        "weight_lb": round(weight * rng.uniform(0.85, 1.2)),
        "hair_color": rng.choice(("BLK", "BLK", "BRO", "BRO", "BLN", "RED")),
        "eye_color": rng.choice(("BRO", "BRO", "BRO", "BLU", "GRN", "HAZ")),
        "photo": {"available": True, "taken_on": _photo_day(rng, seen.date(), born)},
        "endangerment": {"pregnant": "no", "prescription_medications": "no",
                         "suicidal": "no", "trafficking_risk": "no"},
    }  # fmt: skip
    report: dict[str, Any] = {
        "schema_version": "1.0",
        "report_id": f"{state}-{short}",
        "child": child,
        "episode": {
            "last_seen_at": _text(seen),
            "last_seen_location": {"city": city, "state": state, "postal_code": zip_code},
            "agency_notified_at": _text(notified),
            "circumstance": "runaway" if years >= 10 else "lost_injured_otherwise_missing",
            "ncic_category": "EMJ" if years < 18 else "EMD",
            "placement_type": rng.choice(_PLACEMENTS),
            "in_extended_foster_care": False,
        },
        "custodial_agency": {
            "state": state,
            "name": f"{state} Department of Child Services",
            "case_number": f"C{short}",
            "child_record_number": person["number"],
            "caseworker": rng.choice(gen.workers[state]),
        },
        "law_enforcement_report": {
            "agency_name": police,
            "ori": f"{state}0{_ORI_COUNTY[state]}0000",
            "case_number": f"P{short}",
            "reported_at": _text(police_at),
            "ncic_number": ncic,
        },
        "ncmec_report": {
            "reported_at": _text(ncmec_at),
            "method": "call_center" if rng.random() < 0.7 else "web",
            "case_number": str(1_500_000 + gen.block * 100_000 + i % 100_000),
        },
    }
    located = _at(seen, rng.uniform(120, 7 * 1440))
    if rng.random() < 0.3 and located.timestamp() < gen.as_of.timestamp() - 86400:
        report["recovery"] = {
            "located_at": _text(located),
            "ncmec_notified_at": _text(_at(located, rng.uniform(30, 600))),
            "law_enforcement_notified_at": _text(_at(located, rng.uniform(5, 120))),
            "trafficking_screening": "negative",
        }
        person["free_after"] = located
        if repeat is None:
            gen.children.append(person)
    elif repeat is not None:
        person["free_after"] = gen.as_of  # still missing: not seen again
    applied = _defect(gen, report, kind, seen) if kind else None
    gen.recent_ncic.append(report["law_enforcement_report"]["ncic_number"])
    return report, applied


def _defect(gen: _Light, report: dict[str, Any], kind: str, seen: datetime) -> str | None:
    rng, child, episode = gen.rng, report["child"], report["episode"]
    police, ncmec = report["law_enforcement_report"], report["ncmec_report"]
    if kind == "placeholder_name":
        child["first_name"] = rng.choice(("Unknown", "UNK", "Baby Girl", "Test", "N/A"))
    elif kind == "placeholder_date":
        child["date_of_birth"] = "1900-01-01"
    elif kind == "implausible_measurement":
        child[rng.choice(("height_in", "weight_lb"))] = rng.choice((1, 2, 999, 1500))
    elif kind == "born_after_event":
        child["date_of_birth"] = (seen.date() + timedelta(days=rng.randint(1, 400))).isoformat()
    elif kind == "date_in_future":
        ncmec["reported_at"] = _text(gen.as_of.astimezone(seen.tzinfo) + timedelta(days=40))
    elif kind == "recovered_before_last_seen":
        if "recovery" not in report:
            return None
        report["recovery"]["located_at"] = _text(_at(seen, -rng.uniform(600, 5000)))
    elif kind == "notified_before_last_seen":
        episode["agency_notified_at"] = _text(_at(seen, -rng.uniform(30, 600)))
    elif kind == "wrong_type":
        child["height_in"] = f"{child['height_in'] // 12}'{child['height_in'] % 12}\""
    elif kind == "missing_required_field":
        del ncmec["method"]
    elif kind == "ori_of_no_state":
        police["ori"] = "ZZ" + police["ori"][2:]
    elif kind == "malformed_ncic_number":
        police["ncic_number"] = police["ncic_number"][1:]
    elif kind == "invalid_email":
        worker = report["custodial_agency"]["caseworker"]
        report["custodial_agency"]["caseworker"] = {**worker, "email": "caseworker@"}
    elif kind == "shared_ncic_number":
        if not gen.recent_ncic:
            return None
        police["ncic_number"] = gen.recent_ncic[rng.randrange(len(gen.recent_ncic))]
    return kind


def light_block(
    seed: int, block: int, first: int, last: int, as_of: datetime, rate: float, count: int
) -> tuple[list[str], list[str]]:
    """The JSON texts of reports ``first`` to ``last - 1`` and the defect of each."""
    gen = _Light(seed, block, as_of)
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=timezone.utc)
    end = as_of.timestamp() - 10 * 86400
    start = end - 700 * 86400
    step = (end - start) / max(count, 1)
    kinds = list(LIGHT_DEFECTS)
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    lines, applied_kinds = [], []
    for i in range(first, last):
        u = gen.rng.random()
        kind = kinds[int(u / rate)] if rate and u < rate * len(kinds) else None
        when = (start + (i + gen.rng.random()) * step) // 60 * 60
        report, applied = light_report(gen, i, when, kind)
        lines.append(dumps(report))
        applied_kinds.append(applied or "sound")
    return lines, applied_kinds
