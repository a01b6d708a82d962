"""Identity matching of children across records.

* :func:`find_same_child_pairs`: which records of one collection describe the same
  child (equal record number, or names alike and dates of birth equal or one typo
  apart).
* :func:`match_one_to_one`: optimal one-to-one reconciliation of two collections
  (agency episodes vs NCMEC submissions) by match score.
* :func:`names_alike`, :func:`score_pair`, :func:`dob_relation`: the pairwise parts.

Nickname matching needs the optional ``nicknames`` package (``missingreport[names]``);
see :func:`nicknames_available`. Vectorised scoring uses numpy when importable
(:func:`vectorised_available`) and a plain loop otherwise, with the same results.
"""

from __future__ import annotations

from .api import (
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_NAME_THRESHOLD,
    find_same_child_pairs,
    match_one_to_one,
    scored_candidates,
)
from .assignment import optimal_assignment
from .dob import DobRelation, TypoKind, dob_relation, dob_typo_kind
from .names import nicknames_available, normalize_name
from .scoring import PersonKey, names_alike, score_pair, vectorised_available

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_NAME_THRESHOLD",
    "DobRelation",
    "PersonKey",
    "TypoKind",
    "dob_relation",
    "dob_typo_kind",
    "find_same_child_pairs",
    "match_one_to_one",
    "names_alike",
    "nicknames_available",
    "normalize_name",
    "optimal_assignment",
    "score_pair",
    "scored_candidates",
    "vectorised_available",
]
