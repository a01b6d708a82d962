"""Choosing the rules of a run: selectors, severity overrides, availability."""

from __future__ import annotations

from collections.abc import Iterable

from ..config import Config
from ..errors import ConfigError
from ._base import Rule, all_rules

__all__ = ["matches", "resolve", "select_rules"]


def matches(selector: str, rule: type[Rule]) -> bool:
    """Whether a selector names a rule: ``ALL``, a code, a code prefix, or a name."""
    s = selector.strip()
    if s.upper() == "ALL":
        return True
    if s.upper().startswith("MR"):
        return rule.code.startswith(s.upper())
    return s == rule.name


def resolve(selectors: Iterable[str]) -> set[str]:
    """The codes a list of selectors names.

    Raises:
        ConfigError: a selector names no rule (a typo must not pass silently).
    """
    rules = all_rules()
    codes: set[str] = set()
    for selector in selectors:
        hit = {r.code for r in rules if matches(selector, r)}
        if not hit:
            raise ConfigError(
                f"{selector!r} names no rule (use a code, a prefix such as MR2, "
                "a rule name, or ALL)"
            )
        codes |= hit
    return codes


def select_rules(config: Config) -> list[Rule]:
    """Instances of the selected rules, with the configured severities and policy."""
    chosen = resolve(config.select) - resolve(config.ignore)
    out: list[Rule] = []
    for cls in all_rules():
        if cls.code in chosen:
            out.append(cls(config.severity.get(cls.code), config.policy))
    return out
