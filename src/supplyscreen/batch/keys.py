"""Verdict keys: the one place the batch core learns how the screener keys its verdicts.

Two rows with equal verdict keys get the same decision (each quoting its own MAC and sysObjectID):
that is what lets a batch screen each key once and join the decision back to every row. The key
is the screener's own (:meth:`Screener.verdict_key`); :meth:`KeyMaker.row_key` is the only call
into it.

The columnar engines also need the key *by column* (a million MACs cut to their blocks without a
million Item objects): :meth:`KeyMaker.part` gives the key's part for one field's value, and
``tests/batch/test_keys.py`` checks that the parts put together equal :meth:`row_key` for every
row, so a change to the screener's key that the parts do not follow fails there, not in output.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from supplyscreen.model import Item
from supplyscreen.screen import MacBlockKey, Screener, SilentTextKey, _oid_key

Key = tuple[object, ...]
# Separates a key's parts in its digest: a character no cleaned cell holds (the readers remove
# control characters), so ("a", "bc") and ("ab", "c") never share a digest.
_SEP = "\x1f"


class KeyMaker:
    """Verdict keys of one screener: :meth:`Screener.verdict_key`, and the same key by column.

    The screener's key (``screen.VerdictKey``) is built from what its evidence finder and policy
    declare they read: each field role read, as it is read (a MAC by its block, a sysObjectID by its
    enterprise number, a sysDescr by whether it can name a maker, other fields as text), a stop, then
    the facts worked out from attributes other than fields (``component`` from parent/path, ``ref``).
    A flat table's rows have no parent and no path, so their ``component`` fact is constant; a
    policy that reads the ``ref`` (a waiver naming items) makes every row its own key.
    """

    # Attribute facts a flat table's row has a value for without building the Item.
    _FLAT_FACTS = frozenset({"component", "ref"})

    def __init__(self, screener: Screener) -> None:
        self.screener = screener
        vk = screener._key
        self._vk = vk
        self.fields: tuple[str, ...] = vk.roles
        keyer_at = dict(vk.keyers)
        self._keyers: dict[str, Callable[[str], str]] = {
            role: keyer_at[i] for i, role in enumerate(vk.roles) if i in keyer_at}
        self.facts: tuple[str, ...] = tuple(vk.facts)
        self.per_ref: bool = "ref" in self.facts

    def row_key(self, item: Item) -> Key | None:
        """The screener's verdict key of ``item``; None for a row with a problem (decided alone)."""
        return self.screener.verdict_key(item)

    @property
    def by_column(self) -> bool:
        """Whether the key can be made field by field (:meth:`part`), as the columnar engines need:
        not when the policy declares it reads everything, nor facts a flat row cannot give."""
        return not self._vk.everything and set(self.facts) <= self._FLAT_FACTS

    def part(self, field: str) -> Callable[[str], str]:
        """The key's part for a value of ``field`` (a field the key reads): MACs to their block,
        sysObjectIDs to their enterprise number, silent texts (sysDescr, model ...) to one mark, '' to ''."""
        keyer = self._keyers.get(field)
        if keyer is None:
            return _same
        return lambda v: keyer(v) if v else ""

    def mac_keyer(self, field: str) -> MacBlockKey | None:
        """The screener's MAC-block keyer when the key reads ``field`` by its block (a column of
        MACs can then be keyed by each MAC's head, :meth:`MacBlockKey.shared`); None otherwise."""
        keyer = self._keyers.get(field)
        return keyer if isinstance(keyer, MacBlockKey) else None

    def silent_keyer(self, field: str) -> SilentTextKey | None:
        """The screener's silent-text keyer when the key reads ``field`` by whether its text can
        name a maker (a sysDescr, model ...): a column of such texts can then be decided silent by
        Arrow (batch.columnar.SilentForms); None otherwise."""
        keyer = self._keyers.get(field)
        return keyer if isinstance(keyer, SilentTextKey) else None

    def by_enterprise(self, field: str) -> bool:
        """Whether the key reads ``field`` as a sysObjectID, by its enterprise number (the screener's
        ``_oid_key``): a column of OIDs can then be keyed by the number a plain OID states."""
        return self._keyers.get(field) is _oid_key

    def key_of_parts(self, parts: Sequence[str], ref: str) -> Key:
        """The whole key of a flat table's row (no parent, no path) from the fields' parts (in
        :attr:`fields` order) and the ref, as :meth:`row_key` makes it."""
        key: list[object] = [*parts, len(parts)]
        for fact in self.facts:
            if fact == "component":
                key.append(False)
            elif fact == "ref":
                key.append(ref)
            else:  # pragma: no cover - guarded by by_column
                raise ValueError(f"fact {fact!r} cannot be read by column")
        return tuple(key)


def _same(value: str) -> str:
    return value


def digest(key: Key | None) -> str:
    """A verdict key as 32 hex characters, stable across processes, machines and runs (unlike
    Python's hash), so a stored result can be matched to a key screened elsewhere. A row with a
    problem has no key: ''."""
    if key is None:
        return ""
    return hashlib.blake2b(_SEP.join(map(str, key)).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
