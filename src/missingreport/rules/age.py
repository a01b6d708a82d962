"""MR1xx: age and eligibility."""

from __future__ import annotations

__all__: list[str] = []
