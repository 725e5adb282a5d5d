from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service_fixtures import pg_cluster, sqlite_store, store, store_url  # noqa: F401  (fixtures)

ASSETS = Path(__file__).parent.parent / "assets" / "case"


@pytest.fixture
def agency_designations(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The agency's own list (Huawei, ZTE) loaded the way a user loads it: SUPPLYSCREEN_ORG_DESIGNATIONS.
    The registry is cached per process, so the cache is emptied before and after."""
    from supplyscreen import library

    path = ASSETS / "agency-designations.yaml"
    monkeypatch.setenv("SUPPLYSCREEN_ORG_DESIGNATIONS", str(path))
    library.load_registry.cache_clear()
    yield path
    library.load_registry.cache_clear()
