"""Configuration: rule selection, severity overrides and the policy values of rules.md.

Found, in order: ``--config FILE``; ``missingreport.toml`` (top level, or under
``[tool.missingreport]``); ``pyproject.toml`` ``[tool.missingreport]``, looked up from
the working directory upwards (every key: ``docs/configuration.md``). Keys may be
written ``snake_case`` or ``kebab-case``::

    [tool.missingreport]
    select = ["MR"]                 # codes, prefixes (MR2), names, or "ALL"
    ignore = ["MR5", "stale-photo"]
    exclude = ["exports/archive"]   # files and folders a folder check skips
    fail-on = "warning"
    state-policy = "auto"           # auto (the agency's state), federal, or a state code

    [tool.missingreport.severity]
    MR402 = "error"

    [tool.missingreport.policy]     # a state whose policy is stricter sets these
    deadline-hours = 12
    extended-care-max-age = 19      # default: the state's ceiling (MA 22, OK 18), else 21
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import ConfigError
from .findings import Severity

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["Config", "Policy", "find_config", "load_config"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Policy(_Strict):
    """The configurable values of rules.md, with their federal defaults."""

    deadline_hours: float = Field(24, gt=0, le=24 * 30)
    le_deadline_hours: float = Field(24, gt=0, le=24 * 30)
    ncic_entry_hours: float = Field(2, gt=0, le=24 * 30)
    #: ``None``: the state policy's ceiling (MA 22, OK 18), else the federal 21.
    extended_care_max_age: int | None = Field(None, ge=18, le=22)
    runaway_min_age: int = Field(10, ge=0, le=17)
    photo_max_age_days: int = Field(180, ge=1, le=3650)
    default_phone_region: str = Field("US", pattern=r"^[A-Z]{2}$")
    recovery_followup_hours: float = Field(72, gt=0, le=24 * 365)
    name_match_threshold: float = Field(0.85, gt=0, le=1)
    #: ``auto`` (the custodial agency's state), ``federal`` (no state policy) or a
    #: state code whose policy judges every report.
    state_policy: str = "auto"

    @field_validator("state_policy")
    @classmethod
    def _state_policy(cls, value: str) -> str:
        from .codes import STATE_CODES

        text = value.strip()
        if text.lower() in ("auto", "federal"):
            return text.lower()
        if text.upper() in STATE_CODES:
            return text.upper()
        raise ValueError(f"{value!r} is not auto, federal or a USPS state code")


class Config(_Strict):
    """What to check and how strictly.

    Attributes:
        select: rules to run, by code, code prefix, name, or ``ALL`` (default: all).
        ignore: rules not to run, by the same selectors.
        exclude: glob patterns of files and folders that a folder given to ``check``
            must not yield (``examples/reconcile``, ``*.episodes.csv``).
        severity: severity overrides by code.
        fail_on: the lowest severity that makes ``check`` exit 1.
        policy: the configurable values of the rules.
    """

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    severity: dict[str, Severity] = Field(default_factory=dict)
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    policy: Policy = Field(default_factory=Policy)

    @model_validator(mode="before")
    @classmethod
    def _top_level_state_policy(cls, data: Any) -> Any:
        """``state_policy`` may be written at the top level (it goes into ``policy``)."""
        if isinstance(data, Mapping) and "state_policy" in data:
            data = dict(data)
            setting = data.pop("state_policy")
            policy = data.get("policy")
            if isinstance(policy, Policy):
                policy = policy.model_dump(exclude_unset=True)
            data["policy"] = {**(policy or {}), "state_policy": setting}
        return data

    @property
    def state_policy(self) -> str:
        """The ``state_policy`` setting (``auto``, ``federal`` or a state code)."""
        return self.policy.state_policy

    @field_validator("severity")
    @classmethod
    def _codes(cls, value: dict[str, Severity]) -> dict[str, Severity]:
        from .rules import get_rule

        for code in value:
            if get_rule(code) is None:
                raise ValueError(f"{code} is not a rule code")
        return value

    def merged(self, **changes: Any) -> Config:
        """A copy with command-line options applied (``None`` values are ignored)."""
        data = self.model_dump()
        data.update({k: v for k, v in changes.items() if v is not None})
        return _build(data, "command line")


def _normalise(data: Any) -> Any:
    if isinstance(data, Mapping):
        return {
            (str(k).replace("-", "_") if not str(k).upper().startswith("MR") else str(k)): (
                _normalise(v)
            )
            for k, v in data.items()
        }
    return data


def _build(data: Mapping[str, Any], origin: str) -> Config:
    try:
        return Config.model_validate(_normalise(data))
    except ValidationError as exc:
        lines = []
        policy_keys = set(Policy.model_fields)
        for error in exc.errors(include_url=False):
            where = ".".join(str(p) for p in error["loc"]) or "(top level)"
            message = error["msg"]
            loc = error["loc"]
            if error["type"] == "extra_forbidden" and len(loc) == 1 and loc[0] in policy_keys:
                message = (
                    f"{loc[0]} is a policy value: put it under [policy] "
                    "([tool.missingreport.policy] in pyproject.toml)"
                )
            lines.append(f"  {where}: {message}")
        raise ConfigError(f"invalid configuration in {origin}:\n" + "\n".join(lines)) from None


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies to ``start`` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "missingreport.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _tool_table(pyproject) is not None:
            return pyproject
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def _tool_table(path: Path) -> dict[str, Any] | None:
    try:
        data = _read_toml(path)
    except ConfigError:
        return None
    table = data.get("tool", {}).get("missingreport")
    return dict(table) if isinstance(table, dict) else None


def load_config(path: str | Path | None = None, *, discover: bool = True) -> Config:
    """Load the configuration from ``path``, or discover it; defaults when none.

    Raises:
        ConfigError: the file cannot be read or holds invalid settings.
    """
    if path is None:
        found = find_config() if discover else None
        if found is None:
            return Config()
        path = found
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"configuration file not found: {path}")
    data = _read_toml(path)
    table = data.get("tool", {}).get("missingreport")
    if isinstance(table, dict):
        data = table
    elif path.name == "pyproject.toml":
        return Config()
    return _build(data, str(path))
