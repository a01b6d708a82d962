"""Usage errors that help: "did you mean", in the usage of the subcommand at fault.

argparse reports an unknown option of a subcommand through the top-level parser, with
the top-level usage (``missingreport [-h] [--version] COMMAND ...``), which says
nothing about the option. :func:`parse_args` finds the subcommand that was chosen and
reports there instead; :func:`did_you_mean` adds the closest option or choice.
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence

__all__ = ["chosen_parser", "did_you_mean", "parse_args"]

_UNRECOGNIZED = re.compile(r"unrecognized arguments: (?P<args>.*)")
_CHOICE = re.compile(r"invalid choice: (?P<given>.+?) \(choose from (?P<choices>.*)\)")


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _closest(given: str, candidates: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(given, list(candidates), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """`` (did you mean '--format'?)`` for an unknown option or a mistyped choice, or ``""``."""
    unknown = _UNRECOGNIZED.match(message)
    if unknown is not None:
        options = [o for o in parser._option_string_actions if o.startswith("--")]
        hints = []
        for token in unknown.group("args").split():
            if not token.startswith("-"):
                continue
            name = token.split("=", 1)[0]
            close = _closest(name, options)
            if close is not None:
                hints.append(f"{name}: did you mean {close!r}?")
        return "".join(f"\n  {hint}" for hint in hints)
    choice = _CHOICE.search(message)
    if choice is not None:
        choices = [_unquote(c) for c in choice.group("choices").split(",")]
        close = _closest(_unquote(choice.group("given")), choices)
        if close is not None:
            return f"\n  did you mean {close!r}?"
    return ""


def chosen_parser(
    parser: argparse.ArgumentParser, namespace: argparse.Namespace
) -> argparse.ArgumentParser:
    """The innermost subcommand parser that ``namespace`` was parsed with."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            name = getattr(namespace, action.dest, None)
            sub = action.choices.get(name) if isinstance(name, str) else None
            if isinstance(sub, argparse.ArgumentParser):
                return chosen_parser(sub, namespace)
    return parser


def parse_args(parser: argparse.ArgumentParser, args: Sequence[str] | None) -> argparse.Namespace:
    """``parser.parse_args(args)``, with unknown arguments reported by their subcommand."""
    namespace, extras = parser.parse_known_args(args)
    if extras:
        chosen_parser(parser, namespace).error(f"unrecognized arguments: {' '.join(extras)}")
    return namespace
