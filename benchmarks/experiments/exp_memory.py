"""Experiment: where the resident memory of ``check`` goes before the first report.

Usage: python benchmarks/experiments/exp_memory.py

Each line runs a fresh interpreter and prints its resident set (VmRSS) and peak
(VmHWM) after a step: the imports of the CLI, an ``Engine`` with every rule (which
imports ``rcpchgrowth`` and SciPy to learn whether MR504 can run), the ZIP code index
of MR308 (``reference.postal``), and the candidates: the same ZIP-to-state answers
from a compact table (one byte per 5-digit ZIP, 100,000 bytes, made once from
``zipcodes`` and loaded from a file), and an engine without MR504 (the cost of the
growth charts' import).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

_PROBE = """
def mem():
    status = open('/proc/self/status').read()
    get = lambda key: int(status.split(key + ':')[1].split()[0]) // 1024
    return get('VmRSS'), get('VmHWM')
"""

STEPS = {
    "python, nothing imported": "",
    "import missingreport.cli": "import missingreport.cli",
    "import missingreport.cli + every rule family (all_rules)": (
        "import missingreport.cli; from missingreport.rules import all_rules; all_rules()"
    ),
    "... + numpy, rapidfuzz": (
        "import missingreport.cli; from missingreport.rules import all_rules; all_rules();"
        "import numpy, rapidfuzz"
    ),
    "Engine(), every rule (imports rcpchgrowth, SciPy)": (
        "from missingreport.engine import Engine; Engine()"
    ),
    "Engine(ignore MR504): no growth charts": (
        "from missingreport.engine import Engine; from missingreport.config import Config;"
        "Engine(Config(ignore=('MR504',)))"
    ),
    "Engine() + ZIP index built (zip_states once)": (
        "from missingreport.engine import Engine; Engine();"
        "from missingreport.reference.postal import zip_states; zip_states('43215')"
    ),
    "Engine(ignore MR504) + ZIP index": (
        "from missingreport.engine import Engine; from missingreport.config import Config;"
        "Engine(Config(ignore=('MR504',)));"
        "from missingreport.reference.postal import zip_states; zip_states('43215')"
    ),
    "Engine(ignore MR504) + compact ZIP table from a file": (
        "from missingreport.engine import Engine; from missingreport.config import Config;"
        "Engine(Config(ignore=('MR504',)));"
        "table = open(TABLE, 'rb').read(); states = open(TABLE + '.states').read().split();"
        "assert states[table[43215] - 1] == 'OH'"
    ),
}

_BUILD = """
from missingreport.reference.postal import _index
from missingreport.codes import STATE_CODES
index = _index()
states = sorted({s for codes in index.values() for s in codes})
table = bytearray(100_000)
for zip_code, codes in index.items():
    if len(codes) == 1:
        table[int(zip_code)] = states.index(next(iter(codes))) + 1
open(TABLE, 'wb').write(bytes(table))
open(TABLE + '.states', 'w').write(' '.join(states))
print(len(index), 'ZIP codes,', len(states), 'state codes,', len(table), 'bytes')
"""


def _run(code: str, table: str) -> str:
    program = f"TABLE = {table!r}\n{_PROBE}\n{code}\nprint(*mem())"
    out = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.split()
    return f"{int(out[-2]):>6} MB now {int(out[-1]):>6} MB peak"


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        table = str(Path(folder) / "zip-states.bin")
        built = subprocess.run(
            [sys.executable, "-c", f"TABLE = {table!r}\n{_BUILD}"],
            capture_output=True,
            text=True,
            check=True,
        )
        print(built.stdout.strip())
        for label, code in STEPS.items():
            print(f"{label:<56} {_run(code, table)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
