"""The batch core, engine-free: rows reduced to verdict keys, each key screened once, and the
decision joined back to every row with that row's own values in its reason.

Every engine (the local one, a Spark worker, the columnar fast path of ``check``) runs rows
through :func:`screen_keyed`; a bill of materials goes through :func:`screen_bom_keyed`, which
rolls each assembly up from its parts within that one BOM (a roll-up never crosses BOMs).

Output rows (:class:`BatchRow`) are flat: what the CSV writer shows, plus the verdict key's
digest and the registry's fingerprint, so a stored result says which key and which registry
decided it, and a later re-screen can re-decide by key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from supplyscreen.batch.keys import Key, KeyMaker, digest
from supplyscreen.model import Item, ItemResult
from supplyscreen.screen import _REQUOTED, Screener, roll_up

# Keys remembered per screener run: a million inventory rows hold ~130,000 (see screen.CACHE_LIMIT);
# past this, rows are still screened (the screener's own cache), only not joined by key here.
KEYS_LIMIT = 500_000


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One screened row, flat, as the batch engines write it (one Parquet row)."""

    ref: str
    line: int | None
    bom: str
    """The bill of materials (its file) the row is a part of; '' for an item list or inventory."""
    path: str
    """A BOM part's path, assemblies first, joined by " › "; '' outside a BOM."""
    decision: str
    field: str
    value: str
    entity: str
    band: str
    score: float | None
    designated: str
    lists: str
    rules: str
    reason: str
    verdict_key: str
    """The digest of the row's verdict key (:func:`keys.digest`); '' for a row with a problem."""
    registry: str
    """The fingerprint of the registry snapshot that decided the row."""


COLUMNS: tuple[str, ...] = tuple(BatchRow.__slots__)


def quotes_row(result: ItemResult, screener: Screener) -> bool:
    """Whether ``result`` (just screened by ``screener``) quotes its row's own MAC or sysObjectID in
    its evidence, or in its reason or rules a value its key holds coarser than its text (a MAC, a
    sysObjectID, a stated use: ``Screener.quoted_values``): rows of the same key then each need
    their own wording, which the screener gives from its cache."""
    if any(m.field in _REQUOTED for m in result.matches):
        return True
    return bool(screener.quoted_values(result.item))


class KeyedScreening:
    """One screener's keyed decisions: the first row of each key is screened, later rows of the
    key take its decision (re-worded for their own MAC or sysObjectID when it quotes them)."""

    def __init__(self, screener: Screener, keys: KeyMaker | None = None) -> None:
        self.screener = screener
        self.keys = keys or KeyMaker(screener)
        self._decided: dict[Key, tuple[ItemResult, bool]] = {}
        self.keys_screened = 0

    def screen(self, item: Item) -> tuple[ItemResult, str]:
        """The row's result and its key's digest."""
        key = self.keys.row_key(item)
        if key is None:
            return self.screener.screen_item(item), ""
        hit = self._decided.get(key)
        if hit is None:
            result = self.screener.screen_item(item)
            self.keys_screened += 1
            if len(self._decided) < KEYS_LIMIT:
                self._decided[key] = (result, quotes_row(result, self.screener))
            return result, digest(key)
        first, per_row = hit
        if per_row:
            return self.screener.screen_item(item), digest(key)
        return ItemResult(item, first.decision, first.matches, first.rules, first.reason), digest(key)


def screen_keyed(items: Iterable[Item], screener: Screener | KeyedScreening) -> Iterator[tuple[ItemResult, str]]:
    """Each item's result and verdict-key digest, in input order, one per item."""
    keyed = screener if isinstance(screener, KeyedScreening) else KeyedScreening(screener)
    for item in items:
        yield keyed.screen(item)


def screen_bom_keyed(items: Iterable[Item], screener: Screener | KeyedScreening,
                     edges: Mapping[str, Iterable[str]] | None = None) -> list[tuple[ItemResult, str]]:
    """One bill of materials: each part screened by key, then each assembly rolled up from its parts
    (the key digest stays the part's own: a roll-up is the BOM's doing, not the key's)."""
    own = list(screen_keyed(items, screener))
    rolled = roll_up([r for r, _ in own], edges)
    return [(r, k) for r, (_, k) in zip(rolled, own, strict=True)]


def flat(result: ItemResult, key: str, registry: str, bom: str = "") -> BatchRow:
    """The flat row of one result (the CSV writer's cells, unescaped: Parquet needs no formula guard)."""
    from supplyscreen.screen import PATH_SEP

    top = result.matches[0] if result.matches else None
    des = top.match.designated if top else ()
    item = result.item
    return BatchRow(
        ref=item.ref, line=item.line, bom=bom, path=PATH_SEP.join(item.path), decision=result.decision.value,
        field=top.field if top else "", value=top.value if top else "",
        entity=top.match.entity.name if top else "", band=top.match.band.value if top else "",
        score=round(top.match.score, 3) if top else None,
        designated="; ".join(d.entity.name for d in des),
        lists="; ".join(dict.fromkeys(i for d in des for i in d.list_ids)),
        rules="; ".join(h.id for h in result.rules), reason=result.reason, verdict_key=key, registry=registry,
    )
