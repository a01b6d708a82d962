"""One report of the synthetic corpus: the episode's times and fields, then its defect.

:func:`build_episode` writes a sound report (every deadline met, every value in
order and before ``as_of``), except for the defects that change the timeline
itself (late NCMEC report, never reported, date-only values, naive timestamps).
:func:`apply_defect` then spoils a built report in the other ways of ``DEFECTS``.
"""

from __future__ import annotations

import bisect
import math
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any

from corpus_tables import GROWTH, NARRATIVES, PHOTO_REASONS, STREETS
from corpus_world import (
    Place,
    clock_from_departure,
    deadline_hours,
    fast_choice,
    fast_randint,
)

from missingreport.temporal import completed_years
from missingreport.types import normalize_phone

if TYPE_CHECKING:
    from corpus_records import Child, CorpusBuilder

__all__ = ["apply_defect", "build_episode"]

_MIN, _HOUR, _DAY = 60, 3600, 86400
_INVALID_PHONES = ("555-0123", "000-000-0000", "123-456-7890", "999-999-9999", "N/A", "911")
_BAD_CODES: tuple[tuple[str, str, Any], ...] = (
    ("child", "sex", "Female"),
    ("child", "hair_color", "Brown"),
    ("child", "eye_color", "BLUE"),
    ("child", "race", ["White"]),
    ("episode", "placement_type", "foster_home"),
    ("episode", "circumstance", "runaway_youth"),
    ("episode", "ncic_category", "EMU"),
)
_EXTRA_KEYS: tuple[tuple[str | None, str, Any], ...] = (
    (None, "date_reported", "2024-05-01"),
    ("child", "gender", "female"),
    ("child", "middle_initial", "A"),
    ("episode", "notes", "see case file"),
    ("custodial_agency", "agency_id", "0042"),
)
#: Runaways only from age 10 (MR105): younger children are abducted or lost.
_CIRCUMSTANCES_OLDER = (
    (0.9, "runaway"), (0.93, "family_abduction"), (0.94, "nonfamily_abduction"),
    (0.96, "lost_injured_otherwise_missing"), (1.0, "unknown"),
)  # fmt: skip
_CIRCUMSTANCES_YOUNG = (
    (0.55, "family_abduction"), (0.6, "nonfamily_abduction"),
    (0.85, "lost_injured_otherwise_missing"), (1.0, "unknown"),
)  # fmt: skip
_PLACEMENTS_MINOR = (
    (0.30, "group_home"), (0.55, "foster_family_home_nonrelative"),
    (0.70, "foster_family_home_relative"), (0.78, "institution"),
    (0.86, "qualified_residential_treatment_program"), (0.88, "pre_adoptive_home"),
    (0.96, "trial_home_visit"), (1.0, "other"),
)  # fmt: skip
_PLACEMENTS_YOUNG = (
    (0.45, "foster_family_home_nonrelative"), (0.80, "foster_family_home_relative"),
    (0.88, "pre_adoptive_home"), (0.97, "trial_home_visit"), (1.0, "other"),
)  # fmt: skip
_PLACEMENTS_ADULT = (
    (0.45, "supervised_independent_living"), (0.65, "foster_family_home_nonrelative"),
    (0.80, "foster_family_home_relative"), (0.90, "group_home"), (1.0, "other"),
)  # fmt: skip


_GROWTH_AGES = {sex: [row[0] for row in table] for sex, table in GROWTH.items()}


def _growth(sex: str, age_years: float) -> tuple[float, float]:
    sex = "M" if sex == "M" else "F"
    table = GROWTH[sex]
    j = bisect.bisect_left(_GROWTH_AGES[sex], age_years)
    if j == 0:
        return table[0][1], table[0][2]
    if j >= len(table):
        return table[-1][1], table[-1][2]
    (a0, h0, w0), (a1, h1, w1) = table[j - 1], table[j]
    f = (age_years - a0) / (a1 - a0)
    return h0 + f * (h1 - h0), w0 + f * (w1 - w0)


def _table(u: float, table: tuple[tuple[float, str], ...]) -> str:
    for bound, value in table:
        if u < bound:
            return value
    return table[-1][1]


def _within(reported: int, notified: int, clock: int, hours: float) -> int:
    """A sound report's time moved inside the state's deadline (running from ``clock``),
    keeping its spread: the delay is wrapped into the time left, five minutes to spare."""
    deadline = clock + int(hours * _HOUR) - 5 * _MIN
    if reported <= deadline or deadline - notified < 10 * _MIN:
        return reported
    return notified + 5 * _MIN + (reported - notified) % (deadline - notified - 5 * _MIN)


def _minutes(b: CorpusBuilder, lo: int, hi: int) -> int:
    return (lo + int(b.rng.random() * (hi - lo + 1))) * _MIN


def _address(b: CorpusBuilder, place: Place, street: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    if street:
        out["street"] = f"{fast_randint(b.rng, 10, 9999)} {fast_choice(b.rng, STREETS)}"
    out["city"] = place.city
    out["state"] = place.state
    if place.zip_code is not None:
        out["postal_code"] = place.zip_code
    return out


def _last_seen_place(b: CorpusBuilder, child: Child, state: str) -> Place:
    r, world = b.rng.random(), b.world
    if r < 0.03:
        other = b._state()
        return fast_choice(b.rng, world.places[other])
    if r < 0.83:
        near = world.places_by_county.get((state, child.worker.county))
        if near:
            return fast_choice(b.rng, near)
    return fast_choice(b.rng, world.places[state])


def _child(b: CorpusBuilder, child: Child, age: int, seen_day: date) -> dict[str, Any]:
    r = b.rng
    out: dict[str, Any] = {"first_name": child.first, "last_name": child.last}
    if child.middle:
        out["middle_name"] = child.middle
    if child.suffix:
        out["suffix"] = child.suffix
    if child.nicknames:
        out["nicknames"] = child.nicknames
    age_years = (seen_day - child.dob).days / 365.25
    height, weight = _growth(child.sex, age_years)
    out.update(
        date_of_birth=child.dob.isoformat(),
        sex=child.sex,
        race=child.race,
        ethnicity=child.ethnicity,
        height_in=round(height * (1 + 0.04 * child.hz)),
        weight_lb=round(weight * math.exp(0.15 * child.wz)),
        hair_color=child.hair,
        eye_color=child.eye,
    )
    if child.skin:
        out["skin_tone"] = child.skin
    if child.marks:
        out["scars_marks_tattoos"] = child.marks
    if r.random() < 0.94:
        taken = max(child.dob, date.fromordinal(seen_day.toordinal() - fast_randint(r, 0, 170)))
        out["photo"] = {"available": True, "taken_on": taken.isoformat()}
    else:
        out["photo"] = {"available": False, "reason_unavailable": fast_choice(r, PHOTO_REASONS)}
    trafficking = "no"
    if age >= 12:
        trafficking = "yes" if child.risk < 0.07 else ("unknown" if child.risk < 0.19 else "no")
    u = r.random()
    meds = "yes" if u < 0.3 else ("unknown" if u < 0.33 else "no")
    danger: dict[str, str] = {
        "pregnant": "no",
        "prescription_medications": meds,
        "suicidal": "no",
        "trafficking_risk": trafficking,
    }
    if child.sex == "F" and age >= 12:
        u = r.random()
        danger["pregnant"] = "yes" if u < 0.04 else ("unknown" if u < 0.1 else "no")
    if age >= 10:
        u = r.random()
        danger["suicidal"] = "yes" if u < 0.05 else ("unknown" if u < 0.1 else "no")
    if meds == "yes" and r.random() < 0.8:
        danger["medications_detail"] = fast_choice(
            r, ("daily inhaler", "ADHD medication, twice daily", "antidepressant", "insulin")
        )
    if r.random() < 0.1:
        danger["other_risks"] = "known to associate with older adults met online"
    out["endangerment"] = danger
    if child.phone:
        out["phone"] = child.phone
    if child.email:
        out["email"] = child.email
    if child.social:
        out["social_media"] = child.social
    return out


def build_episode(
    b: CorpusBuilder,
    index: int,
    when: int,
    child: Child,
    state: str,
    tz: tzinfo,
    seen_day: date,
    kind: str | None,
) -> tuple[dict[str, Any], int | None, str | None]:
    """A report of ``child`` last seen at ``when``; also its located time and NCMEC case."""
    r = b.rng
    age = completed_years(child.dob, seen_day)
    naive = kind == "naive_timestamps"
    key_only = kind == "date_only_values"

    def stamp(ts: int, key: bool = False) -> str:
        dt = datetime.fromtimestamp(ts, tz)
        if key and key_only:
            return dt.date().isoformat()
        return dt.replace(tzinfo=None).isoformat() if naive else dt.isoformat()

    u = r.random()
    notified = when + (
        _minutes(b, 10, 180)
        if u < 0.6
        else _minutes(b, 180, 720)
        if u < 0.9
        else _minutes(b, 720, 1200)
    )
    u = r.random()
    if u < 0.2:
        located: int | None = when + _minutes(b, 120, 1440)
    elif u < 0.65:
        located = when + _minutes(b, 1440, 7 * 1440)
    elif u < 0.93:
        located = when + _minutes(b, 7 * 1440, 60 * 1440)
    else:
        located = when + _minutes(b, 60 * 1440, 200 * 1440)
    if located is not None:
        located = max(located, notified + 30 * _MIN)
    if kind == "never_reported" and located is not None and located < notified + 30 * _HOUR:
        located = notified + _minutes(b, 30 * 60, 10 * 1440)
    if located is not None and located > b.as_of - 4 * _DAY:
        located = None
    clock = when if clock_from_departure(state) else notified
    # Located so soon that no report was due (within 6 hours, and within the state's
    # own deadlines, which run from the clock's start).
    due = int(min(6.0, deadline_hours(state, "police"), deadline_hours(state, "ncmec")) * _HOUR)
    soon = min(notified + 6 * _HOUR, clock + due)
    quick = kind is None and located is not None and located < soon
    quick = quick and r.random() < 0.5
    report_police = not quick
    report_ncmec = not quick and kind != "never_reported"

    # The episode.
    u = r.random()
    circumstance = _table(u, _CIRCUMSTANCES_OLDER if age >= 10 else _CIRCUMSTANCES_YOUNG)
    record: dict[str, Any] = {
        "schema_version": "1.0",
        "report_id": f"{state}-{seen_day.year}-{index + 1:07d}",
    }
    child_out = _child(b, child, age, seen_day)
    record["child"] = child_out
    danger = child_out["endangerment"]
    if "abduction" in circumstance:
        category = "EMI"
    elif "yes" in (danger["trafficking_risk"], danger["suicidal"]) or age < 10:
        category = "EME"
    elif circumstance == "lost_injured_otherwise_missing":
        category = "EMD" if r.random() < 0.3 else "EME"
    else:
        category = "EMJ"
    place = _last_seen_place(b, child, state)
    episode: dict[str, Any] = {
        "last_seen_at": stamp(when, key=True),
        "last_seen_location": _address(b, place, r.random() < 0.7),
        "agency_notified_at": stamp(notified, key=True),
        "circumstance": circumstance,
    }
    if report_police or r.random() < 0.5:
        episode["ncic_category"] = category
    if age >= 18:
        placement = _table(r.random(), _PLACEMENTS_ADULT)
    else:
        placement = _table(r.random(), _PLACEMENTS_MINOR if age >= 12 else _PLACEMENTS_YOUNG)
    episode["placement_type"] = placement
    episode["in_extended_foster_care"] = age >= 18
    if r.random() < 0.85:
        episode["removal_date"] = child.removal.isoformat()
    if r.random() < 0.7:
        episode["narrative"] = fast_choice(r, NARRATIVES)
    record["episode"] = episode

    worker = child.worker
    agency: dict[str, Any] = {"state": state, "name": worker.agency}
    if worker.county:
        agency["county"] = worker.county
    agency["case_number"] = child.case_number
    if child.crn:
        agency["child_record_number"] = child.crn
    contact = {"name": worker.name, "phone": worker.phone}
    if worker.email:
        contact["email"] = worker.email
    agency["caseworker"] = contact
    if worker.supervisor:
        agency["supervisor"] = dict(worker.supervisor)
    record["custodial_agency"] = agency

    year = seen_day.year % 100
    police_reported = notified
    if report_police:
        near = b.world.police_by_county.get((place.state, place.county))
        pool = near if near and r.random() < 0.7 else b.world.police[place.state]
        police = fast_choice(r, pool)
        u = r.random()
        police_reported = notified + (
            _minutes(b, 10, 120)
            if u < 0.7
            else _minutes(b, 120, 480)
            if u < 0.95
            else _minutes(b, 480, 1320)
        )
        police_reported = _within(police_reported, notified, clock, deadline_hours(state, "police"))
        b._nic += fast_randint(r, 1, 500)
        record["law_enforcement_report"] = {
            "agency_name": police.name,
            "ori": police.ori,
            "case_number": f"{police.oca_prefix}-{year:02d}-{b._next('oca'):07d}",
            "reported_at": stamp(police_reported, key=True),
            "ncic_number": f"M{b._nic:09d}",
            "ncic_entered_at": stamp(police_reported + _minutes(b, 5, 110)),
        }
    ncmec_case: str | None = None
    if report_ncmec:
        if kind == "late_ncmec_report":
            reported = notified + _minutes(b, 25 * 60, 14 * 1440)
            reported = max(notified + 25 * _HOUR, min(reported, b.as_of - _HOUR))
        else:
            u = r.random()
            reported = notified + (
                _minutes(b, 30, 240)
                if u < 0.5
                else _minutes(b, 240, 960)
                if u < 0.9
                else _minutes(b, 960, 1380)
            )
            reported = _within(reported, notified, clock, deadline_hours(state, "ncmec"))
        b._ncmec += fast_randint(r, 1, 30)
        ncmec_case = str(b._ncmec)
        u = r.random()
        ncmec: dict[str, Any] = {
            "reported_at": stamp(reported, key=True),
            "method": "web" if u < 0.6 else ("call_center" if u < 0.9 else "system_to_system"),
            "case_number": ncmec_case,
        }
        if r.random() < 0.3:
            ncmec["reported_by"] = "agency"
        record["ncmec_report"] = ncmec
    if located is not None:
        recovery: dict[str, Any] = {"located_at": stamp(located)}
        if r.random() < 0.8:
            recovery["location"] = _address(b, fast_choice(r, b.world.places[state]), False)
        if report_ncmec:
            recovery["ncmec_notified_at"] = stamp(located + _minutes(b, 10, 1200))
        if report_police:
            recovery["law_enforcement_notified_at"] = stamp(located + _minutes(b, 5, 720))
        u = r.random()
        screening = _table(u, ((0.75, "negative"), (0.8, "positive"), (0.9, "not_done"), (1.0, "")))
        if screening in ("", "not_done") or r.random() < 0.7:
            recovery["debriefed_at"] = stamp(located + _minutes(b, 120, 4200))
        if screening:
            recovery["trafficking_screening"] = screening
        record["recovery"] = recovery
    return record, located, ncmec_case


def _invalid_phone(b: CorpusBuilder, valid: str) -> str:
    digits = "".join(ch for ch in valid if ch.isdigit())[-10:]
    options = [*_INVALID_PHONES, f"{digits[:3]}-{digits[3:6]}-{digits[6:9]}", digits[3:]]
    for _ in range(20):
        text = fast_choice(b.rng, options)
        if normalize_phone(text) is None:
            return text
    return "N/A"


def apply_defect(b: CorpusBuilder, record: dict[str, Any], child: Child, kind: str) -> str | None:
    """Spoil ``record`` with a defect of ``kind``; the kind applied, or ``None``."""
    r = b.rng
    if kind in ("late_ncmec_report", "never_reported", "date_only_values", "naive_timestamps"):
        return kind  # built into the timeline already
    if kind == "overlapping_episodes":
        return kind
    if kind == "malformed_ori":
        police = record.get("law_enforcement_report")
        if not police:
            return None
        ori = police["ori"]
        police["ori"] = fast_choice(
            r,
            (
                ori.lower(),
                f"{ori[:2]}-{ori[2:5]}-{ori[5:]}",
                ori[:7],
                ori + "0",
                f"{ori[:2]} {ori[2:]}",
            ),
        )
        return kind
    if kind == "invalid_phone":
        agency = record["custodial_agency"]
        u = r.random()
        if u < 0.2 and "phone" in record["child"]:
            record["child"]["phone"] = _invalid_phone(b, record["child"]["phone"])
        elif u < 0.4 and "phone" in agency.get("supervisor", {}):
            agency["supervisor"]["phone"] = _invalid_phone(b, agency["supervisor"]["phone"])
        else:
            agency["caseworker"]["phone"] = _invalid_phone(b, agency["caseworker"]["phone"])
        return kind
    if kind == "missing_description":
        keys = ["height_in", "weight_lb", "hair_color", "eye_color"]
        r.shuffle(keys)
        for key in keys[: fast_randint(r, 1, 2)]:
            record["child"].pop(key, None)
        return kind
    if kind == "unknown_key":
        where, key, value = fast_choice(r, _EXTRA_KEYS)
        (record if where is None else record[where])[key] = value
        return kind
    if kind == "wrong_code":
        where, key, value = fast_choice(r, _BAD_CODES)
        record[where][key] = value
        return kind
    if kind == "duplicate_report_id":
        record["report_id"] = fast_choice(r, b._recent_ids)
        return kind
    if kind == "shared_ncmec_case_number":
        ncmec = record.get("ncmec_report")
        others = [e.ncmec_case for e in b._recent if e.ncmec_case and e.child is not child]
        if not ncmec or not others:
            return None
        ncmec["case_number"] = fast_choice(r, others[-50:])
        return kind
    raise ValueError(f"unknown defect kind {kind!r}")
