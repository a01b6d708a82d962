"""Reconciliation: the agency's own records of missing episodes against what NCMEC received.

The HHS-OIG audit found that almost no state could tell whether and when it had
reported each missing child. :func:`reconcile_files` reads the agency's episodes
(e.g. a CCWIS extract) and the submissions NCMEC received (the agency's submission
log or NCMEC's export), CSV, JSON Lines or JSON with mapping files; matches them one
to one (an optimal assignment over match probabilities of a model learned from the
two files, tolerant of typos, swapped names, nicknames and date-of-birth keying
errors); and gives each episode a status (``on_time``, ``late``, ``unconfirmed``,
``never_reported``, ``needs_review``) with the findings of MR701-MR705.
:func:`render` writes the result as ``json``, ``text`` or ``csv``::

    from missingreport.reconcile import reconcile_files, render

    result = reconcile_files("episodes.csv", "submissions.jsonl", as_of="2024-04-01")
    print(result.summary.never_reported)
"""

from __future__ import annotations

from .compute import reconcile, reconcile_files, reconcile_records
from .judging import names_differ
from .reading import load_record_mapping, mapping_for, read_entries
from .records import EPISODE_FIELDS, SUBMISSION_FIELDS, Entry, Kind, fields_of, parse_entry
from .render import CSV_COLUMNS, FORMATS, neutralise, render
from .result import (
    STATUSES,
    EpisodeOutcome,
    ReconcileResult,
    Status,
    SubmissionOutcome,
    Summary,
)

__all__ = [
    "CSV_COLUMNS",
    "EPISODE_FIELDS",
    "FORMATS",
    "STATUSES",
    "SUBMISSION_FIELDS",
    "Entry",
    "EpisodeOutcome",
    "Kind",
    "ReconcileResult",
    "Status",
    "SubmissionOutcome",
    "Summary",
    "fields_of",
    "load_record_mapping",
    "mapping_for",
    "names_differ",
    "neutralise",
    "parse_entry",
    "read_entries",
    "reconcile",
    "reconcile_files",
    "reconcile_records",
    "render",
]
