"""Name normalisation, phonetic codes, nicknames and name-field similarity.

A name field (first or last) is normalised once into a :class:`NormName`:

* Unicode NFKD with combining marks dropped (``José`` -> ``jose``), a few letters that
  NFKD does not decompose mapped by hand (``ß``, ``ø``, ``ł``...), ``casefold()``;
* apostrophes removed (``O'Brien`` -> ``obrien``), every other non-letter (hyphen,
  dot, comma, digit) splits tokens (``Garcia-Lopez`` -> ``garcia``, ``lopez``);
* placeholder tokens (``unknown``, ``FNU``, ``NFN``...) dropped, and with a word for an
  unnamed child (``BABY``, ``INFANT``, ``NEWBORN``) the words that go with it (``BABY
  GIRL``, ``BABY BOY A``): such a name is blank; then, when more than
  one token remains, generational suffixes (``Jr``, ``III``) and single-letter
  initials dropped;
* ``joined``: the tokens concatenated (``Mary-Kate`` and ``Marykate`` agree).

Nicknames come from the optional ``nicknames`` package (extra ``names``), never from
a hand-written table: two tokens are nickname-related when their *groups* (the token
plus its canonical forms, e.g. ``bill`` -> {bill, william, robert, will, willis})
intersect. Without the package, :func:`nicknames_available` is false and nickname
matching is off.

:class:`NameFrequencies` counts names across the collections being matched, for
the term-frequency adjustment of exact agreements (a rare name weighs more).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler

__all__ = [
    "EMPTY_NAME",
    "MULTI_TOKEN_FACTOR",
    "NICKNAME_SIMILARITY",
    "REORDERED_TOKEN_FACTOR",
    "NameFrequencies",
    "NormName",
    "clear_name_caches",
    "field_similarity",
    "fold_text",
    "nickname_group",
    "nicknames_available",
    "normalize_name",
    "soundex",
    "token_similarity",
]

#: Similarity given to two first-name tokens related through the nickname table.
NICKNAME_SIMILARITY = 0.95
#: Factor applied when one multi-token name is contained in the other
#: (``Garcia`` vs ``Garcia-Lopez``, ``Mary`` vs ``Mary Kate``).
MULTI_TOKEN_FACTOR = 0.92
#: Factor applied when both names have the same tokens in another order.
REORDERED_TOKEN_FACTOR = 0.98
#: Term-frequency adjustment of an exact name agreement (see NameFrequencies).
_TF_REF, _TF_PSEUDO, _TF_MIN, _TF_MAX = 0.005, 1000.0, -1.5, 3.0

_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc\u02b9"
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "\u0131": "i",  # dotless i
        "ħ": "h",
    }
)
_PLACEHOLDERS = frozenset(
    {"unknown", "unk", "nfn", "nln", "fnu", "lnu", "nmn", "none", "null", "nil", "na", "xx", "xxx"}
)
#: Words that stand for a name nobody gave yet (``BABY GIRL``, ``INFANT``): with them, the
#: words for a sex or a birth order are placeholders too.
_UNNAMED = frozenset({"baby", "infant", "newborn", "unnamed", "noname"})
_UNNAMED_COMPANIONS = frozenset(
    {"boy", "girl", "male", "female", "m", "f", "a", "b", "c", "one", "two", "twin", "of"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Every ASCII character but a letter, to a space.
_ASCII_NOT_LETTERS = {code: " " for code in range(128) if not chr(code).isalpha()}


class NormName(NamedTuple):
    """A normalised name field. ``tokens`` is empty for a blank field."""

    joined: str
    tokens: tuple[str, ...]
    groups: tuple[frozenset[str], ...]

    @property
    def blank(self) -> bool:
        return not self.tokens


EMPTY_NAME = NormName("", (), ())


def fold_text(raw: str) -> str:
    """Accent-free, case-folded text with apostrophes removed (other characters kept)."""
    if raw.isascii():  # the same, without the per-character passes
        text = raw.lower()
        return text.replace("'", "").replace("`", "") if "'" in text or "`" in text else text
    text = unicodedata.normalize("NFKD", raw)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().translate(_SPECIAL_LETTERS)
    for mark in _APOSTROPHES:
        text = text.replace(mark, "")
    return text


@lru_cache(maxsize=1)
def _canonical_lookup() -> dict[str, frozenset[str]] | None:
    try:
        from nicknames import NickNamer
    except ImportError:
        return None
    table = NickNamer().canonical_lookup
    return {name: frozenset(canonicals) for name, canonicals in table.items()}


def nicknames_available() -> bool:
    """Whether the optional ``nicknames`` package is installed (nickname matching on)."""
    return _canonical_lookup() is not None


@lru_cache(maxsize=1 << 15)
def nickname_group(token: str) -> frozenset[str]:
    """The token with its canonical forms; empty when nickname matching is off."""
    lookup = _canonical_lookup()
    if lookup is None or not token:
        return frozenset()
    return frozenset({token}) | lookup.get(token, frozenset())


@lru_cache(maxsize=1 << 17)
def normalize_name(raw: str | None) -> NormName:
    """Normalise one name field (see the module documentation)."""
    if not raw or not isinstance(raw, str):
        return EMPTY_NAME
    text = fold_text(raw)
    if text.isascii():
        text = text.translate(_ASCII_NOT_LETTERS)
    else:
        text = "".join(ch if ch.isalpha() else " " for ch in text)
    tokens = [tok for tok in text.split() if tok not in _PLACEHOLDERS]
    if any(tok in _UNNAMED for tok in tokens):
        tokens = [tok for tok in tokens if tok not in _UNNAMED and tok not in _UNNAMED_COMPANIONS]
    if len(tokens) > 1:
        kept = [tok for tok in tokens if tok not in _SUFFIXES]
        tokens = kept or tokens
    if len(tokens) > 1:
        kept = [tok for tok in tokens if len(tok) > 1]
        tokens = kept or tokens
    if not tokens:
        return EMPTY_NAME
    toks = tuple(tokens)
    return NormName("".join(toks), toks, tuple(nickname_group(tok) for tok in toks))


_SOUNDEX_CODES = {
    **dict.fromkeys("bfpv", "1"),
    **dict.fromkeys("cgjkqsxz", "2"),
    **dict.fromkeys("dt", "3"),
    "l": "4",
    **dict.fromkeys("mn", "5"),
    "r": "6",
    **dict.fromkeys("hw", "#"),
}


@lru_cache(maxsize=1 << 16)
def soundex(token: str) -> str:
    """American Soundex of a normalised token (``""`` for an empty one)."""
    if not token:
        return ""
    out = [token[0]]
    prev = _SOUNDEX_CODES.get(token[0], "")
    for ch in token[1:]:
        code = _SOUNDEX_CODES.get(ch, "")
        if code == "#":
            continue
        if code and code != prev:
            out.append(code)
            if len(out) == 4:
                break
        prev = code
    return "".join(out).ljust(4, "0")


def _related(group_a: frozenset[str], group_b: frozenset[str]) -> bool:
    return bool(group_a) and bool(group_b) and not group_a.isdisjoint(group_b)


def token_similarity(
    tok_a: str, group_a: frozenset[str], tok_b: str, group_b: frozenset[str]
) -> float:
    """Similarity of two tokens: 1 when equal, Jaro-Winkler raised for nicknames."""
    if tok_a == tok_b:
        return 1.0
    sim = float(JaroWinkler.normalized_similarity(tok_a, tok_b))
    if sim < NICKNAME_SIMILARITY and _related(group_a, group_b):
        return NICKNAME_SIMILARITY
    return sim


def field_similarity(a: NormName, b: NormName, joined_jw: float | None = None) -> float | None:
    """Similarity in [0, 1] of two name fields, ``None`` when either is blank.

    ``joined_jw`` is the Jaro-Winkler similarity of ``a.joined`` and ``b.joined``
    when already computed (vectorised); it is computed here otherwise.
    """
    if not a.tokens or not b.tokens:
        return None
    if a.joined == b.joined:
        return 1.0
    if joined_jw is None:
        joined_jw = float(JaroWinkler.normalized_similarity(a.joined, b.joined))
    if len(a.tokens) == 1 and len(b.tokens) == 1:
        if joined_jw < NICKNAME_SIMILARITY and _related(a.groups[0], b.groups[0]):
            return NICKNAME_SIMILARITY
        return joined_jw
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    worst = 1.0
    for tok, grp in zip(short.tokens, short.groups, strict=True):
        best = max(
            token_similarity(tok, grp, other, other_grp)
            for other, other_grp in zip(long_.tokens, long_.groups, strict=True)
        )
        worst = min(worst, best)
    factor = REORDERED_TOKEN_FACTOR if len(a.tokens) == len(b.tokens) else MULTI_TOKEN_FACTOR
    return max(joined_jw, factor * worst)


class NameFrequencies:
    """How common each normalised name (first and last fields alike) is among the
    records being matched.

    Agreeing exactly on a rare name is stronger evidence than on a common one
    (Fellegi-Sunter term-frequency adjustment): an exact first- or last-name
    agreement gains ``log2(0.005 / u)``, clamped to [-1.5, +3], where ``u`` is the
    name's share of all name fields, smoothed toward 0.005 by 1000 pseudo-fields
    (so that small collections get almost no adjustment).
    """

    __slots__ = ("_bonus",)

    def __init__(self, names: Iterable[NormName]) -> None:
        counts: Counter[str] = Counter(name.joined for name in names if name.joined)
        total = sum(counts.values()) + _TF_PSEUDO
        prior = _TF_PSEUDO * _TF_REF
        self._bonus = {
            name: min(_TF_MAX, max(_TF_MIN, math.log2(_TF_REF * total / (count + prior))))
            for name, count in counts.items()
        }

    def bonus(self, name: str) -> float:
        """The log-odds adjustment for an exact agreement on ``name``."""
        return self._bonus.get(name, 0.0)


def clear_name_caches() -> None:
    """Forget cached normalisations (e.g. after installing or removing ``nicknames``)."""
    normalize_name.cache_clear()
    nickname_group.cache_clear()
    _canonical_lookup.cache_clear()
