"""The installed version of missingreport, read from the package metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["RULESET", "SCHEMA_VERSION", "__version__"]

try:
    __version__: str = version("missingreport")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

#: Version of the canonical report schema this release reads (report-schema.md).
SCHEMA_VERSION = "1.0"
#: Version of the rule catalogue (rules.md).
RULESET = "2"
