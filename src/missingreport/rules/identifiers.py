"""MR3xx: identifiers and contacts."""

from __future__ import annotations

__all__: list[str] = []
