"""The fixed world of the synthetic corpus: places, caseworkers, police agencies.

Built once per run from the seed, before any report is drawn: a few hundred
caseworkers (each with a fixed agency, county, phone number and, mostly, email
address and supervisor) and a few hundred police agencies (each with a fixed, valid
ORI of its state). Reports then draw from these pools, so phone numbers, emails and
ORIs recur across thousands of reports, as they do in a state's real exports.

Every phone number and email address in the pools is checked with the project's own
validators (:func:`missingreport.types.normalize_phone`,
:func:`missingreport.types.validate_email_syntax`) while the pools are built. Places
(ZIP code, city, county) come from the optional ``zipcodes`` package, filtered by
:func:`missingreport.reference.postal.zip_states` so that every ZIP belongs to its
state; without the package a state's places are its capital, with no ZIP code.
"""

from __future__ import annotations

import importlib
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import phonenumbers
from corpus_tables import FIRST_NAMES_F, FIRST_NAMES_M, POLICE_SUFFIXES, STATES, SURNAMES

from missingreport.reference.postal import zip_states
from missingreport.states import resolve_setting
from missingreport.types import normalize_phone, validate_email_syntax

__all__ = [
    "Caseworker",
    "Found",
    "Place",
    "PoliceAgency",
    "World",
    "ascii_slug",
    "build_world",
    "care_ceiling",
    "clock_from_departure",
    "deadline_hours",
    "fast_choice",
    "fast_randbelow",
    "fast_randint",
    "phone_text",
    "random_phone",
]

T = TypeVar("T")

#: How a phone number is written: one style per caseworker, any style for a child.
PHONE_STYLES: tuple[str, ...] = (
    "({a}) {e}-{n}",
    "{a}-{e}-{n}",
    "{a}-{e}-{n}",
    "{a}.{e}.{n}",
    "+1 {a} {e} {n}",
    "{a}{e}{n}",
    "1-{a}-{e}-{n}",
)


_TERRITORIES = frozenset({"PR", "VI", "GU", "AS", "MP"})


@dataclass(frozen=True, slots=True)
class Place:
    """A ZIP code (or ``None``), its city and county, in one state."""

    state: str
    zip_code: str | None
    city: str
    county: str | None


@dataclass(frozen=True, slots=True)
class Caseworker:
    """A caseworker of a custodial agency, with fixed contacts."""

    state: str
    county: str | None
    agency: str
    case_prefix: str
    name: str
    phone: str
    email: str | None
    supervisor: dict[str, str] | None


@dataclass(frozen=True, slots=True)
class PoliceAgency:
    """A police agency with its ORI and the prefix of its case numbers."""

    state: str
    county: str | None
    name: str
    ori: str
    oca_prefix: str


@dataclass(frozen=True, slots=True)
class World:
    """The pools that reports draw from, by state."""

    states: tuple[str, ...]
    state_cumweights: tuple[float, ...]
    places: dict[str, tuple[Place, ...]]
    places_by_county: dict[tuple[str, str | None], tuple[Place, ...]]
    caseworkers: dict[str, tuple[Caseworker, ...]]
    police: dict[str, tuple[PoliceAgency, ...]]
    police_by_county: dict[tuple[str, str | None], tuple[PoliceAgency, ...]]


@lru_cache(maxsize=4096)
def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only (for email addresses and ids)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def fast_choice(rng: random.Random, items: Sequence[T]) -> T:
    """An item of ``items`` drawn with one ``random()`` (faster than ``rng.choice``)."""
    return items[int(rng.random() * len(items))]


def fast_randint(rng: random.Random, low: int, high: int) -> int:
    """An integer of ``low..high`` drawn with one ``random()`` (faster than ``randint``)."""
    return low + int(rng.random() * (high - low + 1))


def fast_randbelow(rng: random.Random, n: int) -> int:
    """An integer of ``0..n-1`` drawn with one ``random()``."""
    return int(rng.random() * n)


def phone_text(area: str, exchange: str, number: str, style: str) -> str:
    """A phone number written in one of :data:`PHONE_STYLES`."""
    return style.format(a=area, e=exchange, n=number)


#: Area code and exchange pairs found valid, by state (each drawer keeps its own, so
#: that what one drew never changes what another draws).
Found = dict[str, list[tuple[str, str]]]


def random_phone(
    rng: random.Random, state: str, found_by_state: Found, style: str | None = None
) -> str:
    """A valid phone number of ``state``, written in ``style`` (or a random style).

    Checked with libphonenumber's ``is_valid_number_for_region`` on the number itself
    (about 9 us, a third of parsing text); a number valid for its region is valid for
    :func:`missingreport.types.normalize_phone` in every written style.
    """
    areas = STATES[state][3]
    region = state if state in _TERRITORIES else "US"
    found = found_by_state.setdefault(state, [])
    rand = rng.random
    for attempt in range(5000):
        if found and (attempt >= 3 or rand() < 0.1):
            area, exchange = found[int(rand() * len(found))]
        else:
            area = areas[int(rand() * len(areas))]
            exchange = str(201 + int(rand() * 789))
            if exchange[1:] == "11" or exchange == "555":
                continue
        number = f"{int(rand() * 10000):04d}"
        candidate = phonenumbers.PhoneNumber(
            country_code=1, national_number=int(area + exchange + number)
        )
        if phonenumbers.is_valid_number_for_region(candidate, region):
            if len(found) < 200 and (area, exchange) not in found:
                found.append((area, exchange))
            return phone_text(area, exchange, number, style or PHONE_STYLES[int(rand() * 7)])
    raise RuntimeError(f"no valid phone number found for {state}")  # pragma: no cover


def _checked(phone: str) -> str:
    if normalize_phone(phone) is None:  # pragma: no cover - random_phone checks already
        raise RuntimeError(f"generated an invalid phone number {phone!r}")
    return phone


def _zip_records() -> list[dict[str, Any]]:
    """Every record of the optional ``zipcodes`` package; none without it."""
    try:
        zipcodes = importlib.import_module("zipcodes")
    except ImportError:
        return []
    return [rec for digit in "0123456789" for rec in zipcodes.similar_to(digit)]


def _places() -> dict[str, list[Place]]:
    out: dict[str, list[Place]] = {state: [] for state in STATES}
    for rec in _zip_records():
        state, zip_code = rec.get("state"), rec.get("zip_code")
        if state not in out or rec.get("zip_code_type") != "STANDARD":
            continue
        if not rec.get("active") or state not in (zip_states(str(zip_code)) or ()):
            continue
        county = rec.get("county") or None
        if county:
            county = county.removesuffix(" County").removesuffix(" Parish")
        out[state].append(Place(state, zip_code, rec["city"], county))
    for state, places in out.items():
        if not places:
            places.append(Place(state, None, STATES[state][2], None))
    return out


def _by_county(places: dict[str, list[Place]]) -> dict[tuple[str, str | None], list[Place]]:
    out: dict[tuple[str, str | None], list[Place]] = {}
    for state, items in places.items():
        for place in items:
            out.setdefault((state, place.county), []).append(place)
    return out


def _allocate(total: int, states: tuple[str, ...]) -> dict[str, int]:
    weights = [STATES[s][0] for s in states]
    scale = total / sum(weights)
    return {s: max(1, round(w * scale)) for s, w in zip(states, weights, strict=True)}


def _person(rng: random.Random) -> tuple[str, str]:
    first = rng.choice(FIRST_NAMES_F if rng.random() < 0.8 else FIRST_NAMES_M)
    return first, rng.choice(SURNAMES[:150])


def _email(first: str, last: str, domain: str) -> str | None:
    address = f"{ascii_slug(first)[:1]}{ascii_slug(last)}@{domain}"
    return validate_email_syntax(address)


def _agency_name(state: str, county: str | None) -> tuple[str, str]:
    """The custodial agency's name and the prefix of its case numbers."""
    name, county_run = STATES[state][1], STATES[state][4]
    if county_run and county:
        initials = "".join(w[0] for w in county.split() if w[:1].isalpha()).upper()
        return f"{county} County Children Services", f"{initials}CCS"
    return f"{name} Department of Children and Family Services", f"{state}DCFS"


def _caseworkers(
    rng: random.Random, count: int, states: tuple[str, ...], places: dict[str, list[Place]]
) -> dict[str, tuple[Caseworker, ...]]:
    out: dict[str, tuple[Caseworker, ...]] = {}
    found: Found = {}
    for state, n in _allocate(count, states).items():
        supervisors: list[dict[str, str]] = []
        for _ in range(max(1, n // 6)):
            first, last = _person(rng)
            sup = {"name": f"{first[0]}. {last}"}
            if rng.random() < 0.8:
                sup["phone"] = _checked(random_phone(rng, state, found))
            supervisors.append(sup)
        workers = []
        for _ in range(n):
            place = rng.choice(places[state])
            agency, prefix = _agency_name(state, place.county)
            first, last = _person(rng)
            domain = f"{ascii_slug(place.county or state)}.{state.lower()}.example.org"
            workers.append(
                Caseworker(
                    state=state,
                    county=place.county,
                    agency=agency,
                    case_prefix=prefix,
                    name=f"{first[0]}. {last}" if rng.random() < 0.5 else f"{first} {last}",
                    phone=_checked(random_phone(rng, state, found, rng.choice(PHONE_STYLES))),
                    email=_email(first, last, domain) if rng.random() < 0.8 else None,
                    supervisor=rng.choice(supervisors) if rng.random() < 0.7 else None,
                )
            )
        out[state] = tuple(workers)
    return out


def _police(
    rng: random.Random, count: int, states: tuple[str, ...], places: dict[str, list[Place]]
) -> dict[str, tuple[PoliceAgency, ...]]:
    out: dict[str, tuple[PoliceAgency, ...]] = {}
    for state, n in _allocate(count, states).items():
        seen: set[str] = set()
        agencies: list[PoliceAgency] = []
        while len(agencies) < n:
            place = rng.choice(places[state])
            suffix, short = rng.choice(POLICE_SUFFIXES)
            if "Sheriff" in suffix and place.county:
                name = f"{place.county} {suffix}"
            else:
                name = f"{place.city} {suffix.replace('County ', '')}"
            ori = f"{state}{rng.randint(1, 999):03d}{rng.randint(0, 99):02d}00"
            if ori in seen:
                continue
            seen.add(ori)
            initials = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()
            agencies.append(PoliceAgency(state, place.county, name, ori, initials[:4] or short))
        out[state] = tuple(agencies)
    return out


@lru_cache(maxsize=2)
def build_world(seed: int, caseworkers: int = 400, police_agencies: int = 300) -> World:
    """The pools of one corpus (deterministic for a seed; built once per process)."""
    rng = random.Random(f"world-{seed}")
    states = tuple(STATES)
    total, cum = 0.0, []
    for state in states:
        total += STATES[state][0]
        cum.append(total)
    places = _places()
    by_county = _by_county(places)
    workers = _caseworkers(rng, caseworkers, states, places)
    police = _police(rng, police_agencies, states, places)
    police_by_county: dict[tuple[str, str | None], list[PoliceAgency]] = {}
    for agencies in police.values():
        for agency in agencies:
            police_by_county.setdefault((agency.state, agency.county), []).append(agency)
    return World(
        states=states,
        state_cumweights=tuple(c / total for c in cum),
        places={s: tuple(p) for s, p in places.items()},
        places_by_county={k: tuple(v) for k, v in by_county.items()},
        caseworkers=workers,
        police=police,
        police_by_county={k: tuple(v) for k, v in police_by_county.items()},
    )


# --- what each state's own policy asks of a sound report ---------------------------


@lru_cache(maxsize=128)
def deadline_hours(state: str, report: str) -> float:
    """The hours within which a sound report goes to the police (``report="police"``)
    or to NCMEC (``"ncmec"``) in a state: 24, or the state's own when it is stricter."""
    policy = resolve_setting("auto", state)
    if policy is None:
        return 24.0
    hours = policy.police_deadline_hours if report == "police" else policy.ncmec_deadline_hours
    return min(24.0, hours) if hours is not None else 24.0


@lru_cache(maxsize=128)
def clock_from_departure(state: str) -> bool:
    """Whether a state's deadlines run from the child's departure (``last_seen_at``)
    rather than from the agency's notice."""
    policy = resolve_setting("auto", state)
    return policy is not None and policy.clock_starts == "departure"


@lru_cache(maxsize=128)
def care_ceiling(state: str) -> int:
    """The age at which a youth leaves foster care in a state (its ceiling; else 21)."""
    policy = resolve_setting("auto", state)
    return policy.extended_care_max_age if policy is not None else 21
