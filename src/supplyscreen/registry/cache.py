"""Derived start-up artefacts kept between runs: built once, then loaded from the user's cache.

Every ``supplyscreen`` process used to rebuild the same things from the same bundled files before
reading its first row (the registry's ~15,000 entities parsed from JSON, the designated groups'
one-word names normalised, which loads pypinyin's dictionaries). An artefact here is stored under
a key that covers *everything it was built from*: the bytes of the data it reads and the source of
the code that builds it (``code_digest``), so a changed snapshot, an upgraded package or an edited
builder misses and rebuilds; nothing is ever invalidated by hand.

A cache file is never trusted: it is read whole, checked to carry this module's format tag, the
full key, the SHA-256 of its pickled bytes and a value of the expected type, and anything else (truncated, corrupt, foreign, stale)
is ignored and rebuilt. Writes go to a temporary file in the same folder and are renamed into
place, so a reader sees the old file or the new one, never half of one, and concurrent writers
each leave a whole file. ``SUPPLYSCREEN_CACHE_DIR=off`` disables it (the artefact is built every
time); a read-only or missing cache folder only costs the rebuild.

Objects are pickled as ``(class, field values)`` (``_dispatch``): unpickling then runs each frozen
dataclass's own ``__init__`` instead of the generic slots ``__setstate__`` (which walks
``dataclasses.fields`` for every object), loading the registry in about half the time.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import fields
from pathlib import Path
from typing import Any, TypeVar

from supplyscreen import model, settings
from supplyscreen.registry import snapshot as snap

T = TypeVar("T")

FORMAT = b"supplyscreen-derived-1"
"""Tag of this module's file layout (tag, key, SHA-256 of the pickle, the pickle); bump it on a change."""

_DIGEST_SIZE = 32

_AS_FIELDS: tuple[type, ...] = (
    snap.Snapshot, model.Source, model.ListInfo, model.Alias, model.Identifier, model.Designation,
    model.Relation, model.Entity,
)
"""Frozen dataclasses that a snapshot holds, each rebuilt by ``cls(*values)`` (every field in ``__init__``)."""


def _as_fields(obj: Any) -> tuple[type, tuple[Any, ...]]:
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj))


_dispatch: dict[type, Callable[[Any], tuple[type, tuple[Any, ...]]]] = {cls: _as_fields for cls in _AS_FIELDS}


def code_digest(*sources: str | Path) -> bytes:
    """SHA-256 over the files named (a builder's modules and the data tables it reads), each
    length-prefixed so that moving bytes from one file to the next changes the digest."""
    h = hashlib.sha256()
    for src in sources:
        data = Path(src).read_bytes()
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def key_of(parts: Iterable[bytes]) -> str:
    """The hex key of an artefact from the digests of everything it was built from."""
    h = hashlib.sha256()
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def path_for(cache_dir: Path, kind: str, key: str) -> Path:
    """Where artefact ``kind`` with ``key`` lives: one file per key, so two versions side by side
    (two checkouts, an upgrade) never overwrite each other's artefact."""
    return cache_dir / f"{kind}-{key[:32]}.pickle"


def _header(key: str) -> bytes:
    return FORMAT + b"\n" + key.encode("ascii") + b"\n"


def read(path: Path, key: str, expect: type[T]) -> T | None:
    """The artefact at ``path`` if it is whole, of this format, for exactly ``key`` and of type
    ``expect``; else None. The pickled bytes carry their SHA-256, checked before unpickling: pickle
    has no checksum of its own, and a flipped byte inside a string would load as another value."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = _header(key)
    start = len(head) + _DIGEST_SIZE
    if not data.startswith(head) or hashlib.sha256(data[start:]).digest() != data[len(head):start]:
        return None
    was = gc.isenabled()
    # Tens of thousands of small acyclic objects: the collector would only run full passes over them.
    gc.disable()
    try:
        value = pickle.loads(data[start:])
    except Exception:  # checked bytes that still fail (an older class layout) are a miss, whatever pickle raises
        return None
    finally:
        if was:
            gc.enable()
    return value if isinstance(value, expect) else None


def write(path: Path, key: str, value: object) -> bool:
    """Store ``value`` at ``path`` atomically (temporary file in the same folder, then rename);
    False, and nothing left behind, when the folder cannot be written."""
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch
    pickler.dump(value)
    payload = buf.getvalue()
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem + ".", suffix=".tmp",
                                         delete=False) as fh:
            tmp = fh.name
            fh.write(_header(key) + hashlib.sha256(payload).digest())
            fh.write(payload)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def load_or_build(kind: str, key_parts: Iterable[bytes], build: Callable[[], T], expect: type[T],
                  cache_dir: Path | bool | None = True) -> T:
    """Artefact ``kind`` from the cache when one was built from exactly ``key_parts``, else
    ``build()`` it and store it. ``cache_dir`` True means the configured one (settings)."""
    folder = settings.load().cache_dir if cache_dir is True else cache_dir
    if not isinstance(folder, Path):
        return build()
    key = key_of(key_parts)
    path = path_for(folder, kind, key)
    hit = read(path, key, expect)
    if hit is not None:
        return hit
    value = build()
    write(path, key, value)
    return value


_SNAPSHOT_CODE = (snap.__file__, model.__file__, __file__)
"""What turns a snapshot file into objects: its reader, the model classes, this module's pickling."""


def load_snapshot(path: Path, raw: bytes, cache_dir: Path | bool | None = True) -> snap.Snapshot:
    """The snapshot at ``path`` (whose bytes are ``raw``), from the cache when the same bytes were
    read by the same code before. Errors in the file are raised by ``snapshot.load`` as ever."""
    parts = (b"snapshot", hashlib.sha256(raw).digest(), code_digest(*_SNAPSHOT_CODE))
    return load_or_build("registry", parts, lambda: snap.load(path, raw), snap.Snapshot, cache_dir)
