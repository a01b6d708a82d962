"""Experiment: validating phone numbers, libphonenumber's parse vs a NANP fast path.

Usage: python benchmarks/experiments/exp_phone.py

``types.normalize_phone`` (cached by raw string) parses with ``phonenumbers.parse``,
checks ``is_valid_number`` and formats E.164: about 40 us for each new string. The
candidate reads the common US forms (``(614) 466-2000``, ``614-466-2000``,
``614.466.2000``, ``6144662000``, ``1-614-466-2000``, ``+1 614 466 2000``) with one
regular expression, builds the ``PhoneNumber`` itself and tests it (valid for the US
first, which implies valid, else ``is_valid_number``), writing E.164 as ``+1`` and
the ten digits; anything else (extensions, other countries, letters) goes to
``normalize_phone`` as now. Checked to
give the same answer as ``normalize_phone`` on every phone of the corpus and on random
numbers in every style, valid or not, before the timing.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from pathlib import Path

import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generate import ensure_corpus

from missingreport.types import normalize_phone

_NANP = re.compile(
    r"\s*(?:\+1[\s.-]?|1[\s.-]?)?(?:\(([2-9]\d\d)\)\s?|([2-9]\d\d)[\s.-]?)([2-9]\d\d)[\s.-]?(\d{4})\s*"
)


STYLES = (
    "({a}) {e}-{n}", "{a}-{e}-{n}", "{a}.{e}.{n}", "+1 {a} {e} {n}", "{a}{e}{n}",
    "1-{a}-{e}-{n}", "1 ({a}) {e}-{n}", "{a}-{e}-{n} x12", "+44 20 7946 0{n3}",
)  # fmt: skip


def fast_normalize(raw: str, region: str = "US") -> str | None:
    """``normalize_phone`` with a fast path for the common US forms."""
    if region == "US":
        match = _NANP.fullmatch(raw)
        if match is not None:
            area, area2, exchange, line = match.groups()
            digits = (area or area2) + exchange + line
            number = phonenumbers.PhoneNumber(country_code=1, national_number=int(digits))
            # Valid for the US implies valid (the US is the first region of +1); else the
            # full test, which finds the region (Canada, Puerto Rico, the Caribbean).
            valid = phonenumbers.is_valid_number_for_region(number, "US") or (
                phonenumbers.is_valid_number(number)
            )
            return "+1" + digits if valid else None
    return normalize_phone.__wrapped__(raw, region)


def _inputs() -> tuple[list[str], int]:
    corpus = ensure_corpus(74_353)
    phones: list[str] = []
    with corpus.open("rb") as handle:
        for line in handle:
            data = json.loads(line)
            agency = data.get("custodial_agency", {})
            for contact in (
                data.get("child", {}),
                agency.get("caseworker", {}),
                agency.get("supervisor") or {},
            ):
                if isinstance(contact.get("phone"), str):
                    phones.append(contact["phone"])
    from_corpus = len(phones)
    rng = random.Random(6)
    styles = STYLES
    for _ in range(20_000):
        a, e, n = (
            f"{rng.randint(100, 999)}",
            f"{rng.randint(0, 999):03d}",
            f"{rng.randint(0, 9999):04d}",
        )
        phones.append(rng.choice(styles).format(a=a, e=e, n=n, n3=n[:3]))
    return phones, from_corpus


def main() -> int:
    phones, from_corpus = _inputs()
    unique = list(dict.fromkeys(phones))
    corpus_unique = list(dict.fromkeys(phones[:from_corpus]))
    print(f"{len(phones):,} phone strings ({len(unique):,} distinct)")
    wrong = [p for p in unique if fast_normalize(p) != normalize_phone.__wrapped__(p, "US")]
    print(f"different answers: {len(wrong)} {wrong[:5]}")
    valid = sum(1 for p in unique if normalize_phone.__wrapped__(p, "US") is not None)
    print(f"valid: {valid:,} of {len(unique):,}")
    for items, what in ((corpus_unique, "the corpus's numbers"), (unique, "all, random too")):
        for label, fn in (
            ("normalize_phone, uncached", normalize_phone.__wrapped__),
            ("candidate fast path, uncached", fast_normalize),
        ):
            best = float("inf")
            for _ in range(3):
                started = time.process_time()
                for p in items:
                    fn(p, "US")
                best = min(best, time.process_time() - started)
            print(f"{label:<32} {best / len(items) * 1e6:6.1f} us per number ({what})")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
