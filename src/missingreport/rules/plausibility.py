"""MR5xx: plausibility and placeholders."""

from __future__ import annotations

__all__: list[str] = []
