"""The exception hierarchy.

::

    SupplyscreenError            anything supplyscreen reports to a user (CLI exit code 2)
    ├── InputError               a file or value the user gave cannot be used; names file/line/column
    │   └── EncodingError        the bytes are not text in any encoding we can tell
    ├── RegistryError            the registry snapshot or an import source is broken
    └── PolicyError              a policy pack or waiver file is invalid; names file and line
"""

from __future__ import annotations


class SupplyscreenError(Exception):
    """Base class: a problem to report to the user, not a bug."""


class InputError(SupplyscreenError):
    """Bad user input. The message names the file and, where known, the line and column."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None, column: str = "") -> None:
        where = path
        if line is not None:
            where += f":{line}"
        if column:
            where += f" (column {column})"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.column = column


class EncodingError(InputError):
    """The file's bytes could not be decoded as text."""


class RegistryError(SupplyscreenError):
    """The registry snapshot, or a list being imported, cannot be read."""


class PolicyError(SupplyscreenError):
    """A policy pack or waiver file is invalid."""
