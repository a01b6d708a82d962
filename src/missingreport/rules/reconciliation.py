"""MR7xx: the agency's records against what NCMEC received."""

from __future__ import annotations

__all__: list[str] = []
