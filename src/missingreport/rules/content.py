"""MR4xx: required content of a report."""

from __future__ import annotations

__all__: list[str] = []
