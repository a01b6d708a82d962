"""Experiment: cheaper versions of the costliest report rules, checked to find the same.

Usage: python benchmarks/experiments/exp_rules_fast.py [--lines 20000]

Candidates (each must give exactly the findings of the current rule on every record):

* ``Context.before`` without converting both sides to UTC when both datetimes carry a
  fixed UTC offset (``datetime.timezone``): Python then compares them as instants
  already. Values with another tzinfo, naive values and dates go the current way.
* MR209 date-in-future: ``as_of`` is compared directly with each aware value (as an
  instant), with the agency-zone calendar date of ``as_of`` (computed once) for dates.
* MR501 placeholder-name and MR505 nickname-repeats-name: ``plausibility._fold``
  memoised (names recur: a few thousand distinct names in 74,353 reports).
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import compare
from generate import AS_OF, ensure_corpus

from missingreport.config import Config
from missingreport.engine import Engine
from missingreport.rules import Context, plausibility
from missingreport.rules.dates import DateInFuture, temporal_fields
from missingreport.structure import decode_json
from missingreport.temporal import instant


def before_fast(ctx: Context, a: date, b: date) -> bool:
    """``Context.before`` with a shortcut for two fixed-offset datetimes."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        if type(a.tzinfo) is timezone and type(b.tzinfo) is timezone:
            return a < b  # both aware, fixed offsets: an instant comparison
        return instant(a, ctx.tz) < instant(b, ctx.tz)
    return ctx.date_of(a) < ctx.date_of(b)


class FastContext(Context):
    before = before_fast  # type: ignore[assignment]


class DateInFutureFast(DateInFuture):
    code = None  # type: ignore[assignment]  # not registered

    def check(self, report, ctx):  # type: ignore[no-untyped-def]
        as_of = ctx.as_of
        as_of_date = ctx.as_of_date
        for path, value in temporal_fields(report):
            if not ctx.sound(path):
                continue
            if isinstance(value, datetime):
                if type(value.tzinfo) is timezone:
                    late = value > as_of
                else:
                    late = instant(value, ctx.tz) > instant(as_of, ctx.tz)
            else:
                late = value > as_of_date
            if late:
                yield self.finding(
                    path, "is later than the moment of the check: correct the date", value
                )


def _findings(rule, parsed, context_class=Context) -> Iterator[tuple[int, tuple[object, ...]]]:  # type: ignore[no-untyped-def]
    for i, p in enumerate(parsed):
        ctx = context_class(p.partial, as_of=p_as_of, policy=p_policy, failed=p.failed)
        for f in rule.check(p.partial, ctx):
            yield i, (f.path, f.message, f.value)


def main() -> int:
    global p_as_of, p_policy
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpus = ensure_corpus(74_353)
    with corpus.open("rb") as handle:
        lines = [handle.readline().rstrip(b"\n") for _ in range(args.lines)]
    engine = Engine(Config(), as_of=AS_OF)
    parsed = [engine.parse(decode_json(line)[0]) for line in lines if line]
    parsed = [p for p in parsed if p.partial is not None]
    p_as_of, p_policy = engine.as_of, engine.config.policy
    rules = {r.code: r for r in engine.report_rules}

    mr208, mr209 = rules["MR208"], rules["MR209"]
    fast209 = DateInFutureFast(mr209.severity, mr209.policy)
    fast209.code = "MR209"  # type: ignore[misc]
    same = list(_findings(mr209, parsed)) == list(_findings(fast209, parsed))
    same208 = list(_findings(mr208, parsed)) == list(_findings(mr208, parsed, FastContext))
    print(f"same findings: MR209 {same}, MR208 with the fast Context.before {same208}")

    def step(rule, context_class=Context):  # type: ignore[no-untyped-def]
        def run(p):  # type: ignore[no-untyped-def]
            ctx = context_class(p.partial, as_of=p_as_of, policy=p_policy, failed=p.failed)
            for _ in rule.check(p.partial, ctx):
                pass

        return run

    compare(
        {
            "MR209 date-in-future, current": step(mr209),
            "MR209 date-in-future, candidate": step(fast209),
            "MR208 impossible-date-order, current": step(mr208),
            "MR208 with the fast Context.before": step(mr208, FastContext),
        },
        parsed,
        rounds=args.rounds,
        clear=False,
    )
    mr501, mr505 = rules["MR501"], rules["MR505"]
    before = [list(_findings(r, parsed)) for r in (mr501, mr505)]
    slow = compare(
        {
            "MR501 placeholder-name, current": step(mr501),
            "MR505 nickname-repeats-name, current": step(mr505),
        },
        parsed,
        rounds=args.rounds,
        clear=False,
    )
    original = plausibility._fold
    plausibility._fold = functools.lru_cache(maxsize=65536)(original)  # type: ignore[assignment]
    try:
        after = [list(_findings(r, parsed)) for r in (mr501, mr505)]
        print(f"same findings with _fold memoised: {before == after}")
        compare(
            {
                "MR501 placeholder-name, _fold memoised": step(mr501),
                "MR505 nickname-repeats-name, _fold memoised": step(mr505),
            },
            parsed,
            rounds=args.rounds,
            clear=False,
        )
    finally:
        plausibility._fold = original  # type: ignore[assignment]
    del slow
    return 0


p_as_of: datetime
p_policy: object

if __name__ == "__main__":
    sys.exit(main())
