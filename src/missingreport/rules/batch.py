"""MR6xx: across the reports of one run."""

from __future__ import annotations

__all__: list[str] = []
