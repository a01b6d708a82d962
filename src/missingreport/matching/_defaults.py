"""The shipped m and u of the match model, for inputs too small to learn from.

Written by ``benchmarks/learn_defaults.py`` (do not edit by hand). Level 0 (missing)
is unused; see :mod:`.levels` for the levels and :mod:`.model` for their use.
"""

from __future__ import annotations

__all__ = ["SOURCE", "M", "U"]

SOURCE = "hand-set placeholder"
M: tuple[tuple[float, ...], ...] = (
    (0.0, 0.85, 0.06, 0.03, 0.02, 0.01, 0.03),
    (0.0, 0.88, 0.06, 0.01, 0.02, 0.005, 0.03),
    (0.0, 0.9, 0.06, 0.01, 0.03),
    (0.0, 0.98, 0.02),
    (0.0, 0.8, 0.08, 0.04, 0.08),
    (0.0, 0.9, 0.03, 0.07),
    (0.0, 0.88, 0.04, 0.08),
    (0.0, 0.97, 0.03),
    (0.0, 0.85, 0.1, 0.03, 0.02),
    (0.0, 0.99, 0.01),
)
U: tuple[tuple[float, ...], ...] = (
    (0.0, 0.005, 0.002, 0.002, 0.03, 0.001, 0.96),
    (0.0, 0.003, 0.002, 0.0005, 0.02, 0.0005, 0.974),
    (0.0, 0.0001, 0.0008, 0.003, 0.9961),
    (0.0, 0.5, 0.5),
    (0.0, 0.00005, 0.0005, 0.01, 0.98945),
    (0.0, 0.005, 0.02, 0.975),
    (0.0, 0.01, 0.01, 0.98),
    (0.0, 0.2, 0.8),
    (0.0, 0.003, 0.007, 0.03, 0.96),
    (0.0, 0.00001, 0.99999),
)
