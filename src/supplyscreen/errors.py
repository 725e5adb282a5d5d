"""The exception hierarchy.

::

    SupplyscreenError            anything supplyscreen reports to a user (CLI exit code 2)
    ├── InputError               a file or value the user gave cannot be used; names file/line/column
    │   └── EncodingError        the bytes are not text in any encoding we can tell
    ├── RegistryError            the registry snapshot or an import source is broken
    └── PolicyError              a policy pack or waiver file is invalid; names file and line
"""

from __future__ import annotations

MESSAGE_LIMIT = 2000
"""Longest error text shown to a user (characters). An error may quote the input (a header row, a
cell), and an input can be a million cells wide; 2,000 characters keep every real message whole
(the longest the test suite produces is under 700) while a hostile one stays a screenful."""


def cap(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters not shown)"


class SupplyscreenError(Exception):
    """Base class: a problem to report to the user, not a bug."""


class InputError(SupplyscreenError):
    """Bad user input. The message names the file and, where known, the line and column."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None, column: str = "",
                 remedy: str = "") -> None:
        where = path
        if line is not None:
            where += f":{line}"
        if column:
            where += f" (column {column[:100]})"
        super().__init__(cap(f"{where}: {message}" if where else message))
        self.path = path
        self.line = line
        self.column = column
        self.remedy = remedy
        """A fix the interface offers in its own terms (``columns``: name the columns), added where the
        error is shown: a command-line flag on the CLI, nothing the web or API user cannot do."""


class EncodingError(InputError):
    """The file's bytes could not be decoded as text."""


class RegistryError(SupplyscreenError):
    """The registry snapshot, or a list being imported, cannot be read."""


class PolicyError(SupplyscreenError):
    """A policy pack or waiver file is invalid."""
