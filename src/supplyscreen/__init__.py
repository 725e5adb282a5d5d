"""supplyscreen: screen ICT procurement and installed equipment against supply-chain exclusion rules.

The public Python API::

    import supplyscreen
    supplyscreen.match("HUAWEI TECH CO LTD")       # -> tuple of Match, best first
    report = supplyscreen.check("suppliers.xlsx")  # -> Report, every row accounted for
"""

from typing import Any

from supplyscreen.errors import InputError, PolicyError, RegistryError, SupplyscreenError
from supplyscreen.model import Band, Decision, Entity, ItemResult, Match, Report


def __getattr__(name: str) -> Any:
    # The API functions load the registry and the readers; importing them lazily keeps
    # `import supplyscreen.model` (and the CLI's start-up) light.
    if name in ("check", "load_registry", "match"):
        from supplyscreen import library

        return getattr(library, name)
    raise AttributeError(f"module 'supplyscreen' has no attribute {name!r}")


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
