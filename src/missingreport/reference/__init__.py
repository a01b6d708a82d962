"""Optional reference data: CDC growth charts and US ZIP codes.

Each data set comes from a maintained PyPI package installed by an extra
(``missingreport[growth]``: rcpchgrowth; ``missingreport[zip]``: zipcodes).
Nothing here uses the network.  When a package is missing, its ``*_available()``
function is false, its lookups return ``None`` and its ``*_UNAVAILABLE_REASON``
says what to install.
"""

from __future__ import annotations

from missingreport.reference.growth import (
    GROWTH_EXTRA,
    growth_available,
    measurement_centile,
)
from missingreport.reference.growth import UNAVAILABLE_REASON as GROWTH_UNAVAILABLE_REASON
from missingreport.reference.postal import UNAVAILABLE_REASON as ZIP_UNAVAILABLE_REASON
from missingreport.reference.postal import (
    ZIP_EXTRA,
    zip_available,
    zip_states,
)

__all__ = [
    "GROWTH_EXTRA",
    "GROWTH_UNAVAILABLE_REASON",
    "ZIP_EXTRA",
    "ZIP_UNAVAILABLE_REASON",
    "growth_available",
    "measurement_centile",
    "zip_available",
    "zip_states",
]
