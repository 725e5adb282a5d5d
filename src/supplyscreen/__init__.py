"""supplyscreen: screen ICT procurement and installed equipment against supply-chain exclusion rules.

The public Python API::

    import supplyscreen
    supplyscreen.match("HUAWEI TECH CO LTD")       # -> tuple of Match, best first
    report = supplyscreen.check("suppliers.xlsx")  # -> Report, every row accounted for
"""

from supplyscreen.errors import InputError, PolicyError, RegistryError, SupplyscreenError
from supplyscreen.library import check, load_registry, match
from supplyscreen.model import Band, Decision, Entity, ItemResult, Match, Report

__all__ = [
    "Band",
    "Decision",
    "Entity",
    "InputError",
    "ItemResult",
    "Match",
    "PolicyError",
    "RegistryError",
    "Report",
    "SupplyscreenError",
    "check",
    "load_registry",
    "match",
]
