"""Verdict keys: the one place the batch core learns how the screener keys its verdicts.

Two rows with equal verdict keys get the same decision (each quoting its own MAC and sysObjectID):
that is what lets a batch screen each key once and join the decision back to every row. The key
is the screener's own; :meth:`KeyMaker.row_key` is the only call into it, so when the screener
exposes a public ``verdict_key(item)`` this module takes that instead and nothing else changes.

The columnar engines also need the key *by column* (a million MACs cut to their blocks without a
million Item objects): :meth:`KeyMaker.part` gives the key's part for one field's value, and
``tests/batch/test_keys.py`` checks that the parts put together equal :meth:`row_key` for every
row, so a change to the screener's key that the parts do not follow fails there, not in output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from supplyscreen import screen
from supplyscreen.model import Item
from supplyscreen.screen import Screener

Key = tuple[str, ...]
# Separates a key's parts in its digest: a character no cleaned cell holds (the readers remove
# control characters), so ("a", "bc") and ("ab", "c") never share a digest.
_SEP = "\x1f"


class KeyMaker:
    """Verdict keys of one screener (its policy decides which raw fields and refs join the key)."""

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        public = getattr(screener, "verdict_key", None)
        self._public: Callable[[Item], Key | None] | None = public if callable(public) else None
        self.fields: tuple[str, ...] = screen.DECIDING_FIELDS
        # Fields a pack reads as raw text, and whether a waiver names items (the ref joins the key).
        self.raw: tuple[str, ...] = tuple(getattr(screener, "_raw", ()))
        self.per_ref: bool = bool(getattr(screener, "_per_ref", False))
        self._mac = getattr(screener, "_mac_key", None)
        self._descr = getattr(screener, "_descr_key", None)

    def row_key(self, item: Item) -> Key | None:
        """The screener's verdict key of ``item``; None for a row with a problem (decided alone)."""
        if self._public is not None:
            return self._public(item)
        assert self._mac is not None and self._descr is not None
        key = screen._cache_key(item, self._mac, self._descr)
        if key is not None and self.raw:
            key = (*key, *(item.fields.get(f, "") for f in self.raw))
        if key is not None and self.per_ref:
            key = (*key, item.ref)
        return key

    @property
    def by_column(self) -> bool:
        """Whether the key is made field by field (:meth:`part`), as the columnar engines need."""
        return self._public is None and self._mac is not None and self._descr is not None

    def part(self, field: str) -> Callable[[str], str]:
        """The key's part for a value of ``field`` (a deciding field): MACs to what their block
        tells, sysObjectIDs to their enterprise number, silent sysDescr texts to one mark."""
        if field == "mac":
            assert self._mac is not None
            return self._mac
        if field == "sys_object_id":
            return lambda v: screen._oid_key(v) if v else ""
        if field == "sys_descr":
            assert self._descr is not None
            descr = self._descr
            return lambda v: descr(v) if v else ""
        return _same

    def key_of_parts(self, parts: Sequence[str], raw: Sequence[str], ref: str) -> Key:
        """The whole key from the deciding fields' parts (in :attr:`fields` order), the raw fields'
        values and the ref, as :meth:`row_key` makes it."""
        key: Key = tuple(parts)
        if self.raw:
            key = (*key, *raw)
        if self.per_ref:
            key = (*key, ref)
        return key


def _same(value: str) -> str:
    return value


def digest(key: Key | None) -> str:
    """A verdict key as 32 hex characters, stable across processes, machines and runs (unlike
    Python's hash), so a stored result can be matched to a key screened elsewhere. A row with a
    problem has no key: ''."""
    if key is None:
        return ""
    return hashlib.blake2b(_SEP.join(key).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
