"""Agreement levels: how well each identifying field of two records agrees.

A pair of prepared records (:class:`~.scoring.Prepared`) is compared field by field;
each field gets one small integer *level* (its place in :data:`LEVEL_NAMES`), level 0
always meaning "blank on either side" (no evidence either way). These levels are
what the Fellegi-Sunter model (:mod:`.model`) weighs; the model learns how often
each level occurs among matches (m) and among random pairs (u).

==========  =====================================================================
field       levels after ``missing``
==========  =====================================================================
first       exact, close (Jaro-Winkler >= 0.92, or one name's tokens inside the
            other's), nickname, mid (Jaro-Winkler >= 0.80), initial only,
            differs
last        the same scale as first
dob         exact, one keying error (a digit, two adjacent digits transposed, day
            and month swapped), two digits apart, differs
sex         agrees, differs
street      exact (number and name), close (name alike, number equal or blank),
            partial (name alike with another number, or number equal with a
            name half alike), differs
postal      exact, one character apart, differs
city        exact, close (Jaro-Winkler >= 0.88), differs
state       agrees, differs
seen        dates last seen within 2 days, a week, a month, further apart
record      equal record numbers, different
==========  =====================================================================

The two name fields are compared in both orientations (first with first, and first
with the other record's last name): when the crossed reading agrees clearly better,
its levels are used and the pair is marked *swapped*. Dates of birth are compared
through their eight digits, so that an unreadable date (``2029-30-05``, kept as its
digits) still meets a readable one a day/month swap away.

Name comparisons are cached per distinct pair of names (:class:`Comparer`): a run
compares many pairs but few distinct names.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import JaroWinkler

from .dob import digits_typo_kind
from .names import NormName, field_similarity, token_similarity
from .scoring import Prepared

__all__ = [
    "CITY",
    "DOB",
    "FIELDS",
    "FIRST",
    "LAST",
    "LEVEL_NAMES",
    "MISSING",
    "NAME_LEVELS",
    "N_FIELDS",
    "POSTAL",
    "RECORD",
    "SEEN",
    "SEX",
    "STATE",
    "STREET",
    "Comparer",
    "dob_alike",
    "dob_level",
    "name_level",
]

#: The compared fields, in the order of a pair's levels.
FIELDS: tuple[str, ...] = (
    "first", "last", "dob", "sex", "street", "postal", "city", "state", "seen", "record",
)  # fmt: skip
FIRST, LAST, DOB, SEX, STREET, POSTAL, CITY, STATE, SEEN, RECORD = range(10)
N_FIELDS = len(FIELDS)
MISSING = 0
#: The levels of a name field.
NAME_LEVELS = ("missing", "exact", "close", "nickname", "mid", "initial", "differs")
N_EXACT, N_CLOSE, N_NICK, N_MID, N_INITIAL, N_DIFF = 1, 2, 3, 4, 5, 6
#: The name of each level of each field.
LEVEL_NAMES: tuple[tuple[str, ...], ...] = (
    NAME_LEVELS,
    NAME_LEVELS,
    ("missing", "exact", "one keying error", "two digits apart", "differs"),
    ("missing", "agrees", "differs"),
    ("missing", "exact", "close", "partial", "differs"),
    ("missing", "exact", "one character apart", "differs"),
    ("missing", "exact", "close", "differs"),
    ("missing", "agrees", "differs"),
    ("missing", "within 2 days", "within a week", "within a month", "further"),
    ("missing", "equal", "differs"),
)
#: How strongly each name level agrees (to choose the orientation of the names).
_AGREEMENT = (0, 5, 4, 3, 2, 1, 0)
_SEEN_STEPS = (2, 7, 31)
#: At most this many distinct pairs of names are remembered.
_CACHE_LIMIT = 300_000


def _related(a: NormName, b: NormName) -> bool:
    """Whether any token of ``a`` is a nickname form of a token of ``b``."""
    return any(ga and gb and not ga.isdisjoint(gb) for ga in a.groups for gb in b.groups)


def name_level(a: NormName, b: NormName) -> int:
    """The level of two name fields (:data:`NAME_LEVELS`)."""
    if not a.tokens or not b.tokens:
        return MISSING
    if a.joined == b.joined:
        return N_EXACT
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if set(short.tokens) <= set(long_.tokens):
        return N_CLOSE  # one name inside the other (Garcia, Garcia-Lopez)
    jw = float(JaroWinkler.normalized_similarity(a.joined, b.joined))
    sim = field_similarity(a, b, jw)
    if sim is not None and sim >= 0.92 and not (jw < 0.92 and _related(a, b) and sim <= 0.95):
        return N_CLOSE
    if _related(a, b):
        return N_NICK
    if len(a.joined) == 1 or len(b.joined) == 1:
        short, other = (a, b) if len(a.joined) == 1 else (b, a)
        if any(tok[0] == short.joined for tok in other.tokens):
            return N_INITIAL
        return N_DIFF
    best = sim if sim is not None else jw
    if len(a.tokens) > 1 or len(b.tokens) > 1:
        best = max(
            best,
            max(
                token_similarity(x, gx, y, gy)
                for x, gx in zip(a.tokens, a.groups, strict=True)
                for y, gy in zip(b.tokens, b.groups, strict=True)
            )
            * 0.9,
        )
    return N_MID if best >= 0.80 else N_DIFF


def dob_level(a: str, b: str) -> int:
    """The level of two dates of birth given as ``YYYYMMDD`` digits."""
    if not a or not b:
        return MISSING
    if a == b:
        return 1
    if digits_typo_kind(a, b) is not None:
        return 2
    if len(a) == len(b) == 8 and sum(x != y for x, y in zip(a, b, strict=True)) <= 2:
        return 3
    return 4


def dob_alike(a: str, b: str) -> bool:
    """Whether :func:`dob_level` is ``exact`` or ``one keying error`` (the dates of
    birth of the same child, as the batch rules judge it), without the further levels."""
    return bool(a and b) and (a == b or digits_typo_kind(a, b) is not None)


class Comparer:
    """Compares pairs of prepared records into levels, caching name comparisons."""

    __slots__ = ("_names",)

    def __init__(self) -> None:
        self._names: dict[tuple[str, str], int] = {}

    def name(self, a: NormName, b: NormName) -> int:
        """:func:`name_level`, once per distinct pair of names."""
        if not a.tokens or not b.tokens:
            return MISSING
        if a.joined == b.joined:
            return N_EXACT
        key = (a.joined, b.joined)
        level = self._names.get(key)
        if level is None:
            level = name_level(a, b)
            if len(self._names) < _CACHE_LIMIT:
                self._names[key] = level
        return level

    def names(self, a: Prepared, b: Prepared) -> tuple[int, int, bool]:
        """The first- and last-name levels and whether the names were read crossed."""
        f = self.name(a.first, b.first)
        l_ = self.name(a.last, b.last)
        if f == N_EXACT and l_ == N_EXACT:
            return f, l_, False
        straight = _AGREEMENT[f] + _AGREEMENT[l_]
        if straight >= 9:
            return f, l_, False
        # crossed: b's first name against a's last name, b's last against a's first
        cf = self.name(a.last, b.first)
        if cf not in (N_EXACT, N_CLOSE) and straight >= _AGREEMENT[cf] + 2:
            return f, l_, False  # the crossed reading cannot be clearly better
        cl = self.name(a.first, b.last)
        crossed = _AGREEMENT[cf] + _AGREEMENT[cl]
        if crossed >= straight + 3 and (
            (_AGREEMENT[cf] >= 2 and cl not in (N_DIFF, N_INITIAL)) or cf in (N_EXACT, N_CLOSE)
        ):
            return cf, cl, True
        return f, l_, False

    def levels(self, a: Prepared, b: Prepared) -> tuple[tuple[int, ...], bool]:
        """The levels of every field (in :data:`FIELDS` order) and the swapped flag."""
        f, l_, swapped = self.names(a, b)
        return (
            f,
            l_,
            dob_level(a.dob, b.dob),
            _two(a.sex, b.sex),
            _street(a, b),
            _postal(a.zip5, b.zip5),
            _city(a.city, b.city),
            _two(a.state, b.state),
            _seen(a.seen, b.seen),
            _two(a.record, b.record),
        ), swapped

    def all_levels(
        self, left: Sequence[Prepared], right: Sequence[Prepared], pairs: Sequence[tuple[int, int]]
    ) -> tuple[list[tuple[int, ...]], list[bool]]:
        """:meth:`levels` of every pair ``(i, j)`` of ``left[i]`` and ``right[j]``."""
        out: list[tuple[int, ...]] = []
        flags: list[bool] = []
        levels = self.levels
        for i, j in pairs:
            lv, sw = levels(left[i], right[j])
            out.append(lv)
            flags.append(sw)
        return out, flags


def _two(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    return 1 if a == b else 2


def _street(a: Prepared, b: Prepared) -> int:
    if not a.street or not b.street:
        return MISSING
    same_name = a.street == b.street
    sim = 1.0 if same_name else float(JaroWinkler.normalized_similarity(a.street, b.street))
    houses = bool(a.house and b.house)
    same_house = houses and a.house == b.house
    if same_name and (same_house or not (a.house or b.house)):
        return 1
    if sim >= 0.88 and (same_house or not houses):
        return 2
    if sim >= 0.88 or (same_house and sim >= 0.7):
        return 3
    return 4


def _postal(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    if a == b:
        return 1
    if len(a) == len(b) and sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return 2
    return 3


def _city(a: str, b: str) -> int:
    if not a or not b:
        return MISSING
    if a == b:
        return 1
    return 2 if JaroWinkler.normalized_similarity(a, b) >= 0.88 else 3


def _seen(a: int, b: int) -> int:
    if a < 0 or b < 0:
        return MISSING
    days = abs(a - b)
    for level, limit in enumerate(_SEEN_STEPS, start=1):
        if days <= limit:
            return level
    return 4
