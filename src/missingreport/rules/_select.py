"""Choosing the rules of a run: selectors, severity overrides, availability.

A selector (``--select``, ``--ignore``, ``select``/``ignore`` in configuration) is
resolved as sqlfluff's ``rule_reference_map`` resolves one, by the first kind of
reference it matches, in this order: a code (``MR202``), a name
(``ncmec-report-late``), a group (``timeliness``, ``state-policy``, ``all``), a code
prefix (``MR2``), an alias (``malformed-nic``). Case does not matter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from ..config import Config
from ..errors import ConfigError
from ._base import Rule, all_rules

__all__ = ["matches", "reference_map", "resolve", "select_rules"]


def reference_map(rules: Sequence[type[Rule]]) -> dict[str, frozenset[str]]:
    """Every selector that names rules, with the codes it names.

    Built from the weakest kind of reference to the strongest, each overriding the
    one before: aliases, prefixes, groups, names, codes.
    """
    layers: list[dict[str, set[str]]] = [{} for _ in range(5)]
    aliases, prefixes, groups, names, codes = layers
    for rule in rules:
        for alias in rule.aliases:
            aliases.setdefault(alias.casefold(), set()).add(rule.code)
        for end in range(2, len(rule.code)):
            prefixes.setdefault(rule.code[:end].casefold(), set()).add(rule.code)
        for group in rule.groups:
            groups.setdefault(group.casefold(), set()).add(rule.code)
        names.setdefault(rule.name.casefold(), set()).add(rule.code)
        codes.setdefault(rule.code.casefold(), set()).add(rule.code)
    out: dict[str, frozenset[str]] = {}
    for layer in layers:
        out.update((key, frozenset(value)) for key, value in layer.items())
    return out


@lru_cache(maxsize=4)
def _cached(rules: tuple[type[Rule], ...]) -> Mapping[str, frozenset[str]]:
    return reference_map(rules)


def _map(rules: Sequence[type[Rule]] | None = None) -> Mapping[str, frozenset[str]]:
    if rules is not None:
        return reference_map(rules)
    return _cached(tuple(all_rules()))


def matches(selector: str, rule: type[Rule]) -> bool:
    """Whether a selector names a rule."""
    return rule.code in _map().get(selector.strip().casefold(), frozenset())


def resolve(selectors: Iterable[str], rules: Sequence[type[Rule]] | None = None) -> set[str]:
    """The codes a list of selectors names.

    Raises:
        ConfigError: a selector names no rule (a typo must not pass silently).
    """
    ref = _map(rules)
    chosen: set[str] = set()
    for selector in selectors:
        hit = ref.get(selector.strip().casefold())
        if not hit:
            raise ConfigError(
                f"{selector!r} names no rule (use a code, a rule name, a group such as "
                "timeliness or state-policy, a prefix such as MR2, an alias, or ALL)"
            )
        chosen |= hit
    return chosen


def select_rules(config: Config) -> list[Rule]:
    """Instances of the selected rules, with the configured severities and policy."""
    chosen = resolve(config.select) - resolve(config.ignore)
    out: list[Rule] = []
    for cls in all_rules():
        if cls.code in chosen:
            out.append(cls(config.severity.get(cls.code), config.policy))
    return out
