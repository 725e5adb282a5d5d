"""The start-up cache (registry/cache.py): what it loads equals what it would build, and anything it
was not built from exactly, or cannot read whole, is rebuilt rather than trusted."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.model import (
    Alias,
    Designation,
    Entity,
    Identifier,
    ListInfo,
    Relation,
    RelationKind,
    Source,
)
from supplyscreen.registry import cache
from supplyscreen.registry import snapshot as snap
from supplyscreen.registry.registry import Registry, bundled_path

_text = st.text(max_size=12)
_dates = st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1))
_entities = st.builds(
    Entity, id=_text, name=_text, kind=_text, country=_text,
    aliases=st.lists(st.builds(Alias, name=_text, script=_text, lang=_text, source=_text, weak=st.booleans(),
                               ambiguous=st.booleans()), max_size=3).map(tuple),
    identifiers=st.lists(st.builds(Identifier, scheme=_text, value=_text, source=_text, note=_text),
                         max_size=3).map(tuple),
    designations=st.lists(st.builds(Designation, list_id=_text, added=_dates, removed=_dates, scope=_text,
                                    citation=_text, source=_text, published=_dates), max_size=2).map(tuple),
    sources=st.lists(_text, max_size=2).map(tuple), notes=_text, group=_text,
)
_snapshots = st.builds(
    snap.Snapshot, built=_text,
    sources=st.lists(st.builds(Source, id=_text, title=_text, url=_text, note=_text), max_size=2).map(tuple),
    lists=st.lists(st.builds(ListInfo, id=_text, name=_text, restricts_purchase=st.booleans()),
                   max_size=2).map(tuple),
    entities=st.lists(_entities, max_size=4).map(tuple),
    relations=st.lists(st.builds(Relation, subject=_text, kind=st.sampled_from(list(RelationKind)), object=_text,
                                 valid_from=_dates, valid_to=_dates), max_size=3).map(tuple),
)


@given(_snapshots)
def test_any_snapshot_round_trips_with_the_same_types(tmp_path_factory: pytest.TempPathFactory,
                                                      value: snap.Snapshot) -> None:
    """Catches a field dropped or reordered by the (class, values) pickling, and an enum or date
    coming back as a plain string (equal to a StrEnum, so the repr is compared too)."""
    path = tmp_path_factory.mktemp("c") / "x.pickle"
    assert cache.write(path, "k", value)
    back = cache.read(path, "k", snap.Snapshot)
    assert back == value
    assert repr(back) == repr(value)


def test_bundled_registry_from_the_cache_equals_a_fresh_one(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The second load is a hit (the parser is not called) and equals what the parser builds."""
    main = bundled_path()
    raw = main.read_bytes()
    fresh = snap.load(main)
    first = cache.load_snapshot(main, raw, tmp_path)
    assert len(list(tmp_path.glob("registry-*.pickle"))) == 1

    def no_parse(*args: object) -> snap.Snapshot:
        raise AssertionError("parsed again although the cache holds this snapshot")

    monkeypatch.setattr(snap, "load", no_parse)
    second = cache.load_snapshot(main, raw, tmp_path)
    assert first == fresh and second == fresh
    assert repr(second) == repr(fresh)


def test_registry_load_keeps_its_fingerprint_and_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registry.load through the cache: same entities and the same fingerprint as without one
    (the fingerprint keys the name index and the mention tables)."""
    monkeypatch.setenv("SUPPLYSCREEN_CACHE_DIR", "off")
    plain = Registry.load()
    monkeypatch.setenv("SUPPLYSCREEN_CACHE_DIR", str(tmp_path))
    Registry.load()  # builds the cache
    cached = Registry.load()
    assert list(tmp_path.glob("registry-*.pickle"))
    assert cached.fingerprint == plain.fingerprint != ""
    assert cached.data == plain.data


def _counting_build(calls: list[int], value: object = ("built",)):  # type: ignore[no-untyped-def]
    def build() -> object:
        calls.append(1)
        return value
    return build


def test_a_changed_input_or_code_misses(tmp_path: Path) -> None:
    """Catches a key that leaves out one of the digests it is given (data bytes or code)."""
    calls: list[int] = []
    build = _counting_build(calls)
    for parts in ([b"data-1", b"code-1"], [b"data-1", b"code-1"], [b"data-2", b"code-1"], [b"data-1", b"code-2"]):
        cache.load_or_build("t", parts, build, tuple, tmp_path)
    assert len(calls) == 3  # the repeat is the only hit


def test_a_changed_snapshot_file_misses(tmp_path: Path) -> None:
    """Two snapshot files of different bytes never share an artefact."""
    a = tmp_path / "a.json.gz"
    b = tmp_path / "b.json.gz"
    one = snap.Snapshot("2026-01-01", (), (), (Entity("e1", "One"),), ())
    two = snap.Snapshot("2026-01-01", (), (), (Entity("e1", "Two"),), ())
    snap.dump(one, a)
    snap.dump(two, b)
    folder = tmp_path / "cache"
    assert cache.load_snapshot(a, a.read_bytes(), folder) == one
    assert cache.load_snapshot(b, b.read_bytes(), folder) == two
    assert cache.load_snapshot(a, a.read_bytes(), folder) == one


def test_the_code_digest_follows_the_files(tmp_path: Path) -> None:
    """An edited builder module changes the digest, and so the key."""
    f = tmp_path / "m.py"
    f.write_text("x = 1\n")
    before = cache.code_digest(f)
    f.write_text("x = 2\n")
    assert cache.code_digest(f) != before


@given(st.data())
def test_a_truncated_or_damaged_file_is_rebuilt(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    """Any cut or any flipped byte of a cache file is a miss followed by a rebuild that leaves a
    whole file again. Catches a reader that trusts whatever unpickles."""
    folder = tmp_path_factory.mktemp("c")
    value = ({"huawei": "huawei", "haisi": "hisilicon"}, {"zte": "zte"})
    calls: list[int] = []
    cache.load_or_build("m", [b"k"], _counting_build(calls, value), tuple, folder)
    (path,) = folder.glob("m-*.pickle")
    good = path.read_bytes()
    if data.draw(st.booleans()):
        damaged = good[: data.draw(st.integers(0, len(good) - 1))]
    else:
        i = data.draw(st.integers(0, len(good) - 1))
        damaged = good[:i] + bytes([good[i] ^ data.draw(st.integers(1, 255))]) + good[i + 1:]
    path.write_bytes(damaged)
    got = cache.load_or_build("m", [b"k"], _counting_build(calls, value), tuple, folder)
    assert got == value
    assert len(calls) == 2  # no damage is ever taken for the artefact (a flip inside a string would load)
    assert cache.read(path, cache.key_of([b"k"]), tuple) == value


def test_a_file_for_another_key_or_type_is_not_used(tmp_path: Path) -> None:
    """A file under the right name holding another key (a prefix collision), a foreign pickle or
    a value of the wrong type is a miss."""
    key = cache.key_of([b"k"])
    path = cache.path_for(tmp_path, "m", key)
    cache.write(path, cache.key_of([b"other"]), ("wrong",))
    assert cache.read(path, key, tuple) is None
    path.write_bytes(pickle.dumps(("wrong",)))
    assert cache.read(path, key, tuple) is None
    path.write_bytes(cache._header(key) + bytes(32) + pickle.dumps(("unchecked",)))
    assert cache.read(path, key, tuple) is None
    cache.write(path, key, ["a list"])
    assert cache.read(path, key, tuple) is None


def test_disabled_or_unwritable_cache_builds_and_writes_nothing(tmp_path: Path) -> None:
    """``off`` (None) builds every time; a folder that cannot be made (under a plain file, since
    root ignores permission bits) builds too, and leaves no temporary file."""
    calls: list[int] = []
    build = _counting_build(calls)
    assert cache.load_or_build("t", [b"k"], build, tuple, None) == ("built",)
    assert cache.load_or_build("t", [b"k"], build, tuple, None) == ("built",)
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert cache.load_or_build("t", [b"k"], build, tuple, blocker / "cache") == ("built",)
    assert len(calls) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def _writer(args: tuple[str, int]) -> bool:
    folder, n = args
    value = tuple(range(n * 1000, n * 1000 + 20_000))
    return cache.write(Path(folder) / "race.pickle", "k", value)


def test_concurrent_writers_leave_one_whole_file(tmp_path: Path) -> None:
    """Eight processes writing the same artefact at once: the file read afterwards is one of
    theirs, whole, and no temporary file is left. Catches a write in place (no rename)."""
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert all(pool.map(_writer, [(str(tmp_path), n) for n in range(8)]))
    got = cache.read(tmp_path / "race.pickle", "k", tuple)
    assert got is not None and len(got) == 20_000 and got[0] % 1000 == 0
    assert [p.name for p in tmp_path.iterdir()] == ["race.pickle"]


def _rewriter(args: tuple[str, int]) -> bool:
    folder, n = args
    value = tuple(range(n, n + 300_000))
    return all(cache.write(Path(folder) / "race.pickle", "k", value) for _ in range(6))


def test_a_reader_during_writes_sees_a_whole_file_or_none(tmp_path: Path) -> None:
    """Readers racing writers never find a file that is there but torn: the rename swaps whole files.
    Catches writing the artefact in place (truncate, then write), which a reader can catch half done."""
    path = tmp_path / "race.pickle"
    torn = 0
    with multiprocessing.get_context("fork").Pool(3) as pool:
        pending = pool.map_async(_rewriter, [(str(tmp_path), n) for n in range(3)])
        while not pending.ready():
            if not path.exists():
                continue
            if cache.read(path, "k", tuple) is None:
                torn += 1
        assert pending.get()
    assert torn == 0
    assert cache.read(path, "k", tuple) is not None
