"""A registry update: newer official files over the raw folder, a new snapshot, and what changed.

Nothing downloads: the user brings the files (or a script they schedule fetches them). Each file
takes the place of the raw file of the same name, so the raw folder itself says which files exist
and where each belongs (``consolidated.csv.gz``, ``bis_entity_list.json``, ``oui.csv``, ...); a file
no raw file is named like is refused, with the names that are known. The update works on a copy:
the raw folder is never changed. It writes the new snapshot, the diff against the snapshot in use,
and a provenance record naming every file that replaced another, with its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supplyscreen.errors import RegistryError
from supplyscreen.registry import snapshot as snap
from supplyscreen.registry.diff import Diff, diff


@dataclass(frozen=True, slots=True)
class Replaced:
    """One raw file the update replaced."""

    name: str
    folder: str
    """The raw folder's subfolder (the list it belongs to)."""
    sha256: str
    old_sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Update:
    """The outcome: the new snapshot (written), the files that went into it, and the diff."""

    snapshot_path: Path
    replaced: tuple[Replaced, ...]
    diff: Diff
    on: dt.date

    def provenance(self) -> dict[str, Any]:
        return {"updated": self.on.isoformat(), "snapshot": str(self.snapshot_path),
                "old_built": self.diff.old_built, "new_built": self.diff.new_built,
                "replaced": [{"name": r.name, "folder": r.folder, "sha256": r.sha256, "old_sha256": r.old_sha256,
                              "bytes": r.size} for r in self.replaced]}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def slots(raw: Path) -> dict[str, Path]:
    """Each raw file's name and its place under ``raw`` (provenance notes are not lists)."""
    out: dict[str, Path] = {}
    for p in sorted(raw.rglob("*")):
        if p.is_file() and p.name != "PROVENANCE.md" and not p.name.startswith("."):
            if p.name in out:
                raise RegistryError(f"{raw}: two raw files are named {p.name} ({out[p.name]} and {p}); "
                                    "an update could not tell which one a new file replaces")
            out[p.name] = p.relative_to(raw)
    return out


def place(files: Sequence[Path], raw: Path) -> dict[Path, Path]:
    """Where each new file goes under ``raw``; a clear error for a file no raw file is named like."""
    known = slots(raw)
    out: dict[Path, Path] = {}
    for f in files:
        if not f.is_file():
            raise RegistryError(f"{f}: no such file")
        if f.name not in known:
            raise RegistryError(f"{f}: no raw list is named {f.name!r}; a new file replaces the raw file of the "
                                f"same name, one of: {', '.join(sorted(known))}")
        if known[f.name] in out.values():
            raise RegistryError(f"{f}: {f.name} is given twice")
        out[f] = known[f.name]
    return out


def update(files: Sequence[Path], raw: Path, out: Path, old: snap.Snapshot, curated: Path | None = None,
           on: dt.date | None = None) -> Update:
    """Build a snapshot from ``raw`` with ``files`` in place of their namesakes, write it to ``out``,
    and compare it with ``old`` (the snapshot in use)."""
    from supplyscreen.registry import build

    day = on or dt.date.today()
    if not raw.is_dir():
        raise RegistryError(f"{raw}: the raw folder to update from does not exist (give --raw)")
    where = place(files, raw)
    with tempfile.TemporaryDirectory(prefix="supplyscreen-update-") as tmp:
        work = Path(tmp) / "raw"
        shutil.copytree(raw, work)
        replaced = []
        for f, rel in where.items():
            target = work / rel
            replaced.append(Replaced(f.name, rel.parent.as_posix(), _sha256(f), _sha256(target), f.stat().st_size))
            shutil.copyfile(f, target)
        # A newer file was taken today (or ``on``): its rows may carry dates up to then.
        new = build.build(work, curated or build.CURATED_DIR, {r.name: day.isoformat() for r in replaced})
    snap.dump(new, out)
    return Update(out, tuple(replaced), diff(old, new), day)
