"""A run loads what it uses: ``--version`` no rule, ``check`` no other command or format."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.cli.conftest import AS_OF, DATA

PROBE = """
import json, sys
from missingreport.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("missingreport", "starlette")))),
      file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=DATA, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


def test_version_loads_no_rule_and_no_model() -> None:
    """``--version`` imports neither the rule catalogue, the schema nor the engine."""
    loaded = _loaded("--version")
    for module in ("missingreport.rules", "missingreport.schema", "missingreport.engine"):
        assert module not in loaded


def test_a_one_file_check_loads_only_check() -> None:
    """A text ``check`` of one file imports no other command, format, baseline or server."""
    loaded = _loaded("check", "clean.json", "--as-of", AS_OF)
    assert "missingreport.engine" in loaded
    assert "missingreport.formatters.text" in loaded
    for module in (
        "missingreport.audit", "missingreport.reconcile", "missingreport.cli.audit",
        "missingreport.cli.reconcile", "missingreport.cli.serve", "missingreport.server",
        "missingreport.formatters.sarif", "missingreport.formatters.junit",
        "missingreport.docs", "missingreport.baseline", "starlette",
    ):  # fmt: skip
        assert module not in loaded, module


def test_every_public_name_resolves_lazily() -> None:
    """Each name of ``missingreport.__all__`` is eager or in the lazy table, and loads."""
    import missingreport

    eager = {"RULESET", "SCHEMA_VERSION", "__version__"}
    lazy = set(missingreport._LAZY)
    assert set(missingreport.__all__) == eager | lazy
    assert not eager & lazy
    for name in missingreport.__all__:
        assert getattr(missingreport, name) is not None
    assert missingreport.rules() == missingreport.all_rules()
