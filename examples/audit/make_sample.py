"""Write the audit example: 100 synthetic episodes and a stratified design.

    python examples/audit/make_sample.py            # writes next to this script
    python examples/audit/make_sample.py OUT_DIR

The episodes mirror the HHS-OIG audit A-07-21-06102: 33 reported to NCMEC on time,
22 late and 45 never; 86 reported to the police on time, 8 late and 6 never (the
companion NCIC audit). Ages run from 9 to 20; youths of 18-20 are in extended foster
care. Some reports carry the defects the rules look for (no height, no NCMEC case
number, no NCIC number...), so the rule table has something to show.

Every name, phone number and case number is invented. The output is deterministic
(a fixed seed, no clock): running the script again gives the same bytes, which
``tests/test_audit.py`` checks.

``strata.csv`` is a design by state (the custodial agency's): the populations add up to
the OIG's 74,353 episodes, the sample sizes to the 100 reports. Five of the 100 are in
California, as in the press accounts of the audit; the rest is invented.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

SEED = 20230302  # the day the OIG report came out
STATES: dict[str, dict[str, Any]] = {
    # sample size, population, time zone, area code, counties with a city each
    "OH": {
        "n": 30,
        "N": 11_928,
        "tz": "America/New_York",
        "area": "614",
        "counties": [
            ("Franklin", "Columbus"),
            ("Cuyahoga", "Cleveland"),
            ("Hamilton", "Cincinnati"),
        ],
    },
    "TX": {
        "n": 25,
        "N": 17_402,
        "tz": "America/Chicago",
        "area": "512",
        "counties": [("Travis", "Austin"), ("Harris", "Houston"), ("Bexar", "San Antonio")],
    },
    "FL": {
        "n": 20,
        "N": 14_210,
        "tz": "America/New_York",
        "area": "850",
        "counties": [("Leon", "Tallahassee"), ("Duval", "Jacksonville")],
    },
    "MI": {
        "n": 20,
        "N": 10_700,
        "tz": "America/Detroit",
        "area": "517",
        "counties": [("Ingham", "Lansing"), ("Wayne", "Detroit")],
    },
    "CA": {
        "n": 5,
        "N": 20_113,
        "tz": "America/Los_Angeles",
        "area": "916",
        "counties": [("Sacramento", "Sacramento"), ("Los Angeles", "Los Angeles")],
    },
}
FIRST = [
    "Ava",
    "Jordan",
    "Maya",
    "Devon",
    "Aaliyah",
    "Mateo",
    "Sofia",
    "Elijah",
    "Jasmine",
    "Noah",
    "Destiny",
    "Isaiah",
    "Harper",
    "Xavier",
    "Camila",
    "Tyler",
    "Nevaeh",
    "Luis",
]
LAST = [
    "Alvarez",
    "Price",
    "Johnson",
    "Nguyen",
    "Walker",
    "Reyes",
    "Brooks",
    "Carter",
    "Patel",
    "Morales",
    "Jenkins",
    "Hughes",
    "Foster",
    "Ramirez",
    "Coleman",
    "Bennett",
]
PLACEMENTS = (
    ["group_home"] * 5
    + ["foster_family_home_nonrelative"] * 3
    + [
        "foster_family_home_relative",
        "institution",
        "qualified_residential_treatment_program",
        "supervised_independent_living",
    ]
)
# Rough CDC medians by age (9-18): height in inches by sex, weight in pounds.
HEIGHT = {
    "M": dict(zip(range(9, 19), [52, 54, 56, 59, 61, 64, 67, 68, 69, 69.5], strict=True)),
    "F": dict(zip(range(9, 19), [52, 54, 57, 60, 62, 63, 63.5, 64, 64, 64], strict=True)),
}
WEIGHT = dict(zip(range(9, 19), [62, 70, 80, 90, 100, 110, 120, 130, 138, 145], strict=True))
ADULT_PLACEMENTS = ["supervised_independent_living", "foster_family_home_nonrelative"]
AS_OF = "2025-01-01T00:00:00+00:00"  # the moment to audit the example as of


def outcomes(rng: random.Random, counts: dict[str, int]) -> list[str]:
    pool = [name for name, n in counts.items() for _ in range(n)]
    rng.shuffle(pool)
    return pool


def phone(rng: random.Random, area: str) -> str:
    return f"{area}-{rng.randint(220, 899)}-{rng.randint(1000, 9999)}"


def stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def age_for(rng: random.Random) -> int:
    band = rng.choices(["young", "13-15", "16-17", "18-20"], weights=[8, 35, 45, 12])[0]
    return {
        "young": rng.randint(9, 12),
        "13-15": rng.randint(13, 15),
        "16-17": rng.randint(16, 17),
        "18-20": rng.randint(18, 20),
    }[band]


def late_hours(rng: random.Random) -> float:
    kind = rng.random()
    if kind < 0.25:
        return rng.uniform(25, 48)  # the next day
    if kind < 0.6:
        return rng.uniform(49, 96)  # two to four days
    if kind < 0.9:
        return rng.uniform(96, 24 * 30)
    return rng.uniform(24 * 30, 24 * 400)


def episode(rng: random.Random, number: int, state: str, ncmec: str, police: str) -> dict[str, Any]:
    info = STATES[state]
    tz = ZoneInfo(info["tz"])
    county, city = rng.choice(info["counties"])
    age = age_for(rng)
    seen = datetime(2023, 1, 2, tzinfo=tz) + timedelta(
        days=rng.randint(0, 540), minutes=rng.randint(6 * 60, 23 * 60)
    )
    seen = seen.astimezone(tz)
    # Born 1-360 days before the age-th anniversary of the day last seen: exactly `age`
    # completed years that day.
    day = seen.date()
    born = date(day.year - age, day.month, min(day.day, 28)) - timedelta(days=rng.randint(1, 360))
    notified = seen + timedelta(minutes=rng.randint(20, 360))
    sex = rng.choice("MF")
    report: dict[str, Any] = {
        "schema_version": "1.0",
        "report_id": f"{state}-{seen.year}-{number:04d}",
        "child": {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST),
            "date_of_birth": born.isoformat(),
            "sex": sex,
            "race": [rng.choice("ABWWWI")],
            "ethnicity": rng.choice("HNN"),
            "height_in": round(HEIGHT[sex][min(age, 18)] + rng.uniform(-2.5, 2.5)),
            "weight_lb": round(WEIGHT[min(age, 18)] * rng.uniform(0.85, 1.2)),
            "hair_color": rng.choice(["BLK", "BRO", "BLN", "RED"]),
            "eye_color": rng.choice(["BRO", "BLU", "GRN", "HAZ"]),
            "photo": {
                "available": True,
                "taken_on": (seen.date() - timedelta(days=rng.randint(5, 150))).isoformat(),
            },
            "endangerment": {
                "pregnant": "no",
                "prescription_medications": rng.choice(["no", "no", "yes"]),
                "suicidal": "no",
                "trafficking_risk": rng.choice(["no", "unknown", "yes"]),
            },
        },
        "episode": {
            "last_seen_at": stamp(seen),
            "last_seen_location": {"city": city, "state": state},
            "agency_notified_at": stamp(notified),
            "circumstance": "runaway",
            "ncic_category": "EMJ",
            "placement_type": rng.choice(ADULT_PLACEMENTS if age >= 18 else PLACEMENTS),
            "in_extended_foster_care": age >= 18,
        },
        "custodial_agency": {
            "state": state,
            "name": f"{county} County Children Services",
            "county": county,
            "case_number": f"{state}-C-{rng.randint(10000, 99999)}",
            "child_record_number": f"{state}-AFCARS-{number:05d}",
            "caseworker": {"name": f"Caseworker {number}", "phone": phone(rng, info["area"])},
        },
    }
    if report["child"]["endangerment"]["trafficking_risk"] == "yes":
        report["episode"]["ncic_category"] = "EME"
    if police != "not_reported":
        hours = rng.uniform(0.2, 8) if police == "on_time" else rng.uniform(26, 24 * 10)
        reported = notified + timedelta(hours=hours)
        report["law_enforcement_report"] = {
            "agency_name": f"{city} Police Department",
            "ori": f"{state}{rng.randint(1000000, 9999999)}",
            "case_number": f"PD-{rng.randint(100000, 999999)}",
            "reported_at": stamp(reported),
            "ncic_number": f"M{rng.randint(100000000, 999999999)}",
            "ncic_entered_at": stamp(reported + timedelta(minutes=rng.randint(20, 110))),
        }
    if ncmec != "not_reported":
        hours = rng.uniform(0.5, 23.5) if ncmec == "on_time" else late_hours(rng)
        reported = notified + timedelta(hours=hours)
        # Now and then a date alone, always 2+ calendar days later (late either way).
        date_only = ncmec == "late" and hours >= 49 and rng.random() < 0.25
        report["ncmec_report"] = {
            "reported_at": reported.date().isoformat() if date_only else stamp(reported),
            "method": rng.choice(["web", "web", "call_center"]),
            "case_number": str(rng.randint(1_400_000, 1_600_000)),
        }
    located = notified + timedelta(days=rng.uniform(0.5, 40))
    if rng.random() < 0.8 and located < datetime(2024, 12, 1, tzinfo=tz):
        recovery: dict[str, Any] = {
            "located_at": stamp(located),
            "trafficking_screening": "negative",
        }
        if "ncmec_report" in report:
            recovery["ncmec_notified_at"] = stamp(located + timedelta(hours=rng.uniform(1, 30)))
        if "law_enforcement_report" in report:
            recovery["law_enforcement_notified_at"] = stamp(located + timedelta(hours=1))
        report["recovery"] = recovery
    defects(rng, report)
    return report


def defects(rng: random.Random, report: dict[str, Any]) -> None:
    """The data-quality problems of real extracts, at plausible rates."""
    child = report["child"]
    if rng.random() < 0.18:
        del child["height_in"]  # MR403
    if rng.random() < 0.10:
        child["photo"] = {"available": False}  # MR401
    if "ncmec_report" in report and rng.random() < 0.15:
        del report["ncmec_report"]["case_number"]  # MR408
    police = report.get("law_enforcement_report")
    if police is not None and rng.random() < 0.12:
        del police["ncic_number"]  # MR407
    if rng.random() < 0.08:
        del report["episode"]["last_seen_location"]["city"]  # MR405


def main(out: Path) -> None:
    rng = random.Random(SEED)
    ncmec = outcomes(rng, {"on_time": 33, "late": 22, "not_reported": 45})
    police = outcomes(rng, {"on_time": 86, "late": 8, "not_reported": 6})
    states = [s for s, info in STATES.items() for _ in range(info["n"])]
    rng.shuffle(states)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "reports.jsonl", "w", encoding="utf-8", newline="\n") as handle:
        for number, (state, n, p) in enumerate(zip(states, ncmec, police, strict=True), start=1):
            handle.write(json.dumps(episode(rng, number, state, n, p), ensure_ascii=False) + "\n")
    with open(out / "strata.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["stratum", "population", "sample"])
        for state, info in STATES.items():
            writer.writerow([state, info["N"], info["n"]])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
