"""Importers: one file per input format, each returning a :class:`Snapshot`."""
