"""The evidence finder's mention tables come from the start-up cache (registry/cache.py) when the
same registry built them with the same code, and equal the tables it would build."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import entity, registry
from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.registry.registry import Registry


def _registry(fingerprint: str, one_word: str = "HiSilicon") -> Registry:
    reg = registry(
        entity("huawei", "Huawei Technologies Co., Ltd.", "华为", "Huawei", lists=("us-ndaa-889",), group="huawei"),
        entity("hisilicon", "HiSilicon Technologies Co., Ltd.", "海思", one_word, group="huawei"),
        entity("zte", "ZTE Corporation", "ZTE", lists=("us-ndaa-889",), group="zte"),
    )
    return Registry(reg.data, fingerprint)


def _tables(finder: EvidenceFinder) -> tuple[dict[str, str], dict[str, str]]:
    return finder._mentions, finder._short_mentions


def _no_build(self: EvidenceFinder) -> dict[str, str]:
    raise AssertionError("built again although the cache holds these tables")


def test_tables_from_the_cache_equal_built_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches a cached table that differs from the built one (Han names through pypinyin included),
    and a second finder that rebuilds instead of loading."""
    monkeypatch.setenv("SUPPLYSCREEN_CACHE_DIR", str(tmp_path))
    reg = _registry("fp-1")
    built = _tables(EvidenceFinder(Matcher(reg)))
    assert "haisi" in built[0] or "haisi" in built[1]
    assert list(tmp_path.glob("mentions-*.pickle"))
    with monkeypatch.context() as m:
        m.setattr(EvidenceFinder, "_mention_table", _no_build)
        m.setattr(EvidenceFinder, "_short_mention_table", _no_build)
        assert _tables(EvidenceFinder(Matcher(reg))) == built


def test_another_registry_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Catches a key without the registry's fingerprint: another registry gets its own tables."""
    monkeypatch.setenv("SUPPLYSCREEN_CACHE_DIR", str(tmp_path))
    EvidenceFinder(Matcher(_registry("fp-1")))
    other = _tables(EvidenceFinder(Matcher(_registry("fp-2", "Kirinchip"))))
    assert "kirinchip" in other[0] and "hisilicon" not in other[0]


def test_a_registry_built_in_memory_is_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No fingerprint, nothing to key on: the tables are built and nothing is written."""
    monkeypatch.setenv("SUPPLYSCREEN_CACHE_DIR", str(tmp_path))
    EvidenceFinder(Matcher(_registry("")))
    assert not list(tmp_path.glob("mentions-*"))
