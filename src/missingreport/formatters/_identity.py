"""A finding's identity from one run to the next, for code scanning and code quality."""

from __future__ import annotations

import hashlib

from ..findings import Finding

__all__ = ["fingerprint"]


def fingerprint(finding: Finding) -> str:
    """32 hex digits of (report id, code, path).

    By report id, so that a finding keeps its identity when records move; a record
    without a readable id is known by its place (source and record number).
    """
    who = finding.report_id or f"{finding.source}#{finding.record}"
    key = "\x1f".join([who, finding.code, finding.path])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
