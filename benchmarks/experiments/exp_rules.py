"""Experiment: the cost of each report rule, alone, per record.

Usage: python benchmarks/experiments/exp_rules.py [--lines 20000] [--rounds 3]

Parses the lines once (as the engine does), then times each selected report rule
over every parsed record, with a fresh ``Context`` per record (so each rule pays for
the derived values it asks for: time zone, age...; in the engine the first rule to ask
pays and the others share). Also times the engine's own work around the rules
(``Engine.check_parsed`` with every rule, and with none) and the location and JSON
output of the findings. The caches of the library stay warm (as within a long run),
except where a rule's cost is its first-use set-up, which is timed separately.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import compare
from generate import AS_OF, ensure_corpus

from missingreport.config import Config
from missingreport.engine import Engine
from missingreport.rules import Context
from missingreport.structure import decode_json


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    corpus = args.corpus or ensure_corpus(74_353)
    with corpus.open("rb") as handle:
        lines = [handle.readline().rstrip(b"\n") for _ in range(args.lines)]
    engine = Engine(Config(), as_of=AS_OF)
    started = time.perf_counter()
    parsed = [engine.parse(decode_json(line)[0]) for line in lines if line]
    print(f"parsed {len(parsed):,} records in {time.perf_counter() - started:.1f} s")
    parsed = [p for p in parsed if p.partial is not None]
    policy, as_of = engine.config.policy, engine.as_of

    # First use: what the first record pays once per process (data loading, caches).
    for rule in engine.report_rules:
        started = time.perf_counter()
        for p in parsed[:1]:
            list(rule.check(p.partial, Context(p.partial, as_of=as_of, policy=policy)))
        first = time.perf_counter() - started
        if first > 0.01:
            print(f"first use of {rule.code} {rule.name}: {first:.2f} s")
    for rule in engine.report_rules:  # warm every cache over the whole corpus once
        for p in parsed:
            ctx = Context(p.partial, as_of=as_of, policy=policy, failed=p.failed)
            list(rule.check(p.partial, ctx))

    def run_rule(rule):  # type: ignore[no-untyped-def]
        def step(p):  # type: ignore[no-untyped-def]
            ctx = Context(p.partial, as_of=as_of, policy=policy, failed=p.failed)
            for _ in rule.check(p.partial, ctx):
                pass

        return step

    steps = {f"{r.code} {r.name}": run_rule(r) for r in engine.report_rules}
    steps["(a Context alone)"] = lambda p: Context(p.partial, as_of=as_of, policy=policy)
    steps["Engine.check_parsed, every rule"] = engine.check_parsed
    results = compare(steps, parsed, rounds=args.rounds, clear=False)
    total = results["Engine.check_parsed, every rule"]
    rules_sum = sum(v for k, v in results.items() if k.startswith("MR"))
    print()
    print("ranked (us/record, share of the sum of the rules):")
    ranked = sorted(((v, k) for k, v in results.items() if k.startswith("MR")), reverse=True)
    for v, k in ranked[:15]:
        print(f"  {k:<48} {v:7.1f}  {v / rules_sum:6.1%}")
    print(f"sum of the rules alone {rules_sum:.1f} us/record; check_parsed {total:.1f}")

    findings = [f for p in parsed for f in engine.check_parsed(p)]
    located = [f.located(source="x.jsonl", record=1, line=1, report_id="OH-1") for f in findings]
    print(f"{len(findings):,} findings on {len(parsed):,} records")
    compare(
        {
            "Finding.located": lambda f: f.located(
                source="x.jsonl", record=1, line=1, report_id="OH-1"
            ),
        },
        findings,
        rounds=args.rounds,
        clear=False,
    )
    compare(
        {"json.dumps(finding.to_dict())": lambda f: json.dumps(f.to_dict(), ensure_ascii=False)},
        located,
        rounds=args.rounds,
        clear=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
