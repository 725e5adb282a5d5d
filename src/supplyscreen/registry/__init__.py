"""Designated entities: aliases, identifiers, relations and designations, with sources."""

from supplyscreen.registry.registry import Registry, bundled_path

__all__ = ["Registry", "bundled_path"]
