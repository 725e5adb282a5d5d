"""The registry snapshot the service screens with, and a service administrator's update of it.

An update takes newer official files brought by the administrator (nothing downloads by itself),
builds a new snapshot from the raw folder with those files in place of their namesakes
(``registry/update.py``, the same as ``supplyscreen registry update``), records it with its list
diff and provenance, and puts it in use for every screening that follows, on every worker that
shares the store. The newest recorded version is the one in use; with none recorded, the one the
settings name (SUPPLYSCREEN_REGISTRY, else the bundled snapshot). A portfolio re-screen then
follows (``service/rescreen.py``).

A service administrator is an administrator of the service's own team, the first team the store
knows (``supplyscreen serve`` makes it with the first administrator): the registry is every team's,
so a team's own administrator does not change it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from supplyscreen import settings
from supplyscreen.errors import SupplyscreenError
from supplyscreen.service.errors import Invalid
from supplyscreen.store import audit
from supplyscreen.store import models as m
from supplyscreen.store.db import Store

# The newest version's path per database, with the row id it was read for: one cheap query per
# screening (max id), the path read again only when it moved.
_in_use: dict[str, tuple[int, Path]] = {}


class NotServiceAdmin(PermissionError):
    """Only an administrator of the service's own team changes the registry every team screens with."""


def service_team(s: Session) -> int | None:
    return s.scalar(select(func.min(m.Team.id)))


def check_service_admin(s: Session, team_id: int, role: str) -> None:
    if role != "admin" or team_id != service_team(s):
        raise NotServiceAdmin("updating the registry needs the service administrator role (an admin of the "
                              "service's own team): every team screens with it")


def in_use(s: Session) -> Path | None:
    """The snapshot path recorded last, or None for the one the settings name."""
    where = s.get_bind().engine.url.render_as_string(hide_password=False)
    newest = s.scalar(select(func.max(m.RegistryVersion.id)))
    if newest is None:
        return None
    hit = _in_use.get(where)
    if hit is None or hit[0] != newest:
        hit = _in_use[where] = (newest, Path(s.get_one(m.RegistryVersion, newest).path))
    return hit[1]


@dataclass(frozen=True, slots=True)
class Upload:
    """One file the administrator brought: its name (which raw file it replaces) and bytes."""

    name: str
    data: bytes


def _current_path(s: Session) -> Path:
    from supplyscreen.registry.registry import bundled_path

    return in_use(s) or settings.load().registry_path or bundled_path()


def update(store: Store, files: Sequence[Upload], actor: str, team_id: int, role: str,
           raw: Path | None = None, rescreen: bool = True) -> dict[str, Any]:
    """Build, record and put in use a snapshot with ``files`` in place of their raw namesakes;
    returns the version's id, its diff and provenance, and the re-screen run it started (None when
    nothing screening reads changed, or ``rescreen`` is off)."""
    from supplyscreen.registry import build
    from supplyscreen.registry import snapshot as snap
    from supplyscreen.registry.update import update as build_update

    if not files:
        raise Invalid("give at least one newer official file")
    with store.session() as s:
        check_service_admin(s, team_id, role)
        old_path = _current_path(s)
    out_dir = settings.load().home / "registry-versions"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="supplyscreen-registry-upload-") as tmp:
        paths = []
        for f in files:
            name = Path(f.name).name  # a client's path parts play no part
            if not name or name in (".", ".."):
                raise Invalid(f"{f.name!r}: not a file name")
            p = Path(tmp) / name
            if p.exists():
                raise Invalid(f"{name} is given twice")
            p.write_bytes(f.data)
            paths.append(p)
        staged = out_dir / f"staged-{dt.datetime.now(dt.UTC).strftime('%Y%m%dT%H%M%S%f')}.json.gz"
        try:
            done = build_update(paths, raw or build.DEFAULT_RAW, staged, snap.load(old_path))
        except SupplyscreenError as e:
            staged.unlink(missing_ok=True)
            raise Invalid(str(e)) from None
    digest = hashlib.sha256(staged.read_bytes()).hexdigest()
    final = out_dir / f"registry-{digest[:16]}.json.gz"  # named by content: a version is never rewritten
    shutil.move(staged, final)
    diff_doc = done.diff.doc()
    provenance = {**done.provenance(), "snapshot": str(final), "sha256": digest, "previous": str(old_path)}
    with store.writing() as s:
        v = m.RegistryVersion(path=str(final), sha256=digest, built=done.diff.new_built,
                              diff=audit.canonical(diff_doc), provenance=audit.canonical(provenance), actor=actor)
        s.add(v)
        s.flush()
        audit.append(s, actor, "registry.updated", f"registry_version:{v.id}", {
            "version": v.id, "sha256": digest, "previous": str(old_path), "counts": done.diff.counts(),
            "replaced": provenance["replaced"]}, team_id)
        vid = v.id
    run = None
    if rescreen and done.diff.changes:
        from supplyscreen.service import rescreen as rs

        run = rs.start(store, actor, f"registry update #{vid}: " + _counts_text(done.diff.counts()),
                       registry_version_id=vid)
    return {"version": vid, "sha256": digest, "diff": diff_doc, "provenance": provenance, "rescreen_run": run}


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items() if v) or "no change"


def versions(s: Session, limit: int = 20) -> list[dict[str, Any]]:
    """The recorded versions, newest first (the first is in use)."""
    rows = s.scalars(select(m.RegistryVersion).order_by(m.RegistryVersion.id.desc()).limit(limit))
    return [{"id": v.id, "sha256": v.sha256, "built": v.built, "actor": v.actor, "at": v.at,
             "diff": json.loads(v.diff), "provenance": json.loads(v.provenance)} for v in rows]
