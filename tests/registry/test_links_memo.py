"""Designated links remembered per (entity, date) are the walk made afresh, whatever order the
entities and dates are asked in (the registry is read-only; a relation's dates change the walk)."""

from __future__ import annotations

import datetime as dt
import random

from supplyscreen.registry import Registry

DATES = [None, dt.date(2015, 1, 1), dt.date(2019, 5, 16), dt.date(2021, 6, 1), dt.date(2026, 12, 7)]


def test_links_remembered_equal_the_walk_for_every_entity_and_date() -> None:
    reg = Registry.load()
    asks = [(e.id, d) for e in reg for d in DATES]
    random.Random(7).shuffle(asks)
    differ = set()
    for entity_id, as_of in asks + asks[: len(asks) // 3]:  # a third asked again, from the memo
        got = reg.designated_links(entity_id, as_of)
        assert got == reg._walk(entity_id, as_of)
        differ.add((entity_id, got))
    # The dates matter for some entities (Lorex after Dahua sold it): a memo by entity alone fails.
    assert len(differ) > len({e for e, _ in asks})
    assert reg.designated_links("no-such-entity") == ()
