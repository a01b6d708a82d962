"""Imports every rule family so that their rules register (in code order)."""

from __future__ import annotations

from . import structure, timeliness

__all__ = ["structure", "timeliness"]
