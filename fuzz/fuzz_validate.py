"""Fuzz ``validate()``: any bytes, given as bytes and as text, never make it raise.

Each input is checked as bytes and, decoded, as text; every finding must keep the
contract (a code of the catalogue, a printable message and path, encodable as UTF-8),
and a parsed report must come with no structural (MR0xx) finding. See fuzz/README.md::

    python fuzz/fuzz_validate.py fuzz/corpus/validate -max_total_time=180
    python fuzz/fuzz_validate.py --fallback --iterations 100000 --seed 1
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from typing import Any

try:
    atheris: Any = importlib.import_module("atheris")
except ImportError:
    atheris = None

_instrument = atheris is not None and "--fallback" not in sys.argv
with (
    atheris.instrument_imports(include=["missingreport"])
    if _instrument
    else contextlib.nullcontext()
):
    import _common

    from missingreport import Engine
    from missingreport.findings import ValidationResult

ENGINE = Engine(as_of=_common.AS_OF, show_values=True)


def _check(result: ValidationResult) -> None:
    _common.check_findings(result.findings)
    if result.report is not None:
        assert not [f.code for f in result.findings if f.code.startswith("MR0")]


def test_one_input(data: bytes) -> None:
    """Check ``data`` as bytes and as text; raise only on a bug."""
    _check(ENGINE.validate(data))
    _check(ENGINE.validate(data.decode("utf-8", "replace")))


if __name__ == "__main__":
    sys.exit(
        _common.run(test_one_input, _common.json_seeds(), atheris, "Fuzz missingreport.validate")
    )
