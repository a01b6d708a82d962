"""Identity matching of children across records.

* :func:`find_same_child_pairs`: which records of one collection describe the same
  child (equal record number, or names alike and dates of birth equal or one typo
  apart), over the candidate pairs of the same-child blocking passes (:mod:`.passes`).
* :func:`match_one_to_one`: optimal one-to-one reconciliation of two collections
  (agency episodes vs NCMEC submissions) by match probability: a Fellegi-Sunter model
  (:mod:`.model`) learned from the two collections over the candidate pairs of
  bounded blocking passes (:mod:`.passes`); :func:`match_with_review` adds each
  unmatched record's best remaining candidate, the model and the passes' figures.
* :func:`names_alike`, :func:`score_pair`, :func:`dob_relation`: the pairwise parts.

Nickname matching needs the optional ``nicknames`` package (``missingreport[names]``);
see :func:`nicknames_available`. Vectorised scoring uses numpy when importable
(:func:`vectorised_available`) and a plain loop otherwise, with the same results.
"""

from __future__ import annotations

from .api import (
    DEFAULT_MATCH_THRESHOLD,
    DEFAULT_NAME_THRESHOLD,
    DEFAULT_REVIEW_THRESHOLD,
    find_same_child_pairs,
    match_one_to_one,
    match_with_review,
    scored_candidates,
)
from .assignment import optimal_assignment
from .dob import DobRelation, TypoKind, dob_relation, dob_typo_kind
from .linker import Linkage
from .model import MatchModel, default_model
from .names import nicknames_available, normalize_name
from .scoring import PersonKey, names_alike, score_pair, vectorised_available

__all__ = [
    "DEFAULT_MATCH_THRESHOLD",
    "DEFAULT_NAME_THRESHOLD",
    "DEFAULT_REVIEW_THRESHOLD",
    "DobRelation",
    "Linkage",
    "MatchModel",
    "PersonKey",
    "TypoKind",
    "default_model",
    "dob_relation",
    "dob_typo_kind",
    "find_same_child_pairs",
    "match_one_to_one",
    "match_with_review",
    "names_alike",
    "nicknames_available",
    "normalize_name",
    "optimal_assignment",
    "score_pair",
    "scored_candidates",
    "vectorised_available",
]
