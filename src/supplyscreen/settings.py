"""Typed settings from ``SUPPLYSCREEN_*`` environment variables. The only place that reads them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    registry_path: Path | None
    """SUPPLYSCREEN_REGISTRY: a registry snapshot to use instead of the bundled one."""
    org_designations: tuple[Path, ...]
    """SUPPLYSCREEN_ORG_DESIGNATIONS: os.pathsep-separated YAML/CSV files of an organisation's own
    designations (Japan names no company: agencies keep their own list)."""
    database_url: str
    """SUPPLYSCREEN_DATABASE_URL: the store; a local SQLite file by default."""
    no_progress: bool
    """SUPPLYSCREEN_NO_PROGRESS=1 hides progress bars even on a terminal."""
    cache_dir: Path | None
    """SUPPLYSCREEN_CACHE_DIR: where start-up artefacts (the parsed registry, the name index, the
    mention tables; registry/cache.py) are kept between runs (XDG cache by default);
    SUPPLYSCREEN_CACHE_DIR=off disables the cache."""
    admin_password: str = ""
    """SUPPLYSCREEN_ADMIN_PASSWORD: the first admin's password for `supplyscreen serve`; when unset a
    random one is generated and printed once."""
    upload_limit: int = 256 * 1024 * 1024
    """SUPPLYSCREEN_UPLOAD_LIMIT: largest accepted upload in bytes (256 MiB: a 1,000,000-row device
    inventory of nine columns is ~110 MB as CSV, benchmarks/make_inventory.py; the rest is room for
    wider rows)."""
    home: Path = Path.home() / ".supplyscreen"
    """SUPPLYSCREEN_HOME: the folder of the default store and of an updated registry snapshot."""
    parallel_min_bytes: int = 20 * 1024 * 1024
    """SUPPLYSCREEN_PARALLEL_MIN_BYTES: a CSV input at least this big is screened on two cores
    (20 MiB, about 180,000 inventory rows: below it the second process's ~0.5 s start and the
    split's pre-pass would eat most of the gain). 0 disables parallel screening."""
    columnar_min_bytes: int = 4 * 1024 * 1024
    """SUPPLYSCREEN_COLUMNAR_MIN_BYTES: a CSV input at least this big is checked by columns (the
    ``batch`` extra's pyarrow; output identical to the row path): 4 MiB, about 36,000 inventory rows,
    below which loading pyarrow (~0.2 s) costs more than it saves. 0 disables it."""
    intel_parallel_min: int = 40
    """SUPPLYSCREEN_INTEL_PARALLEL_MIN: at least this many articles are read on two cores by
    `intel ingest` (40: a forked reader starts in ~0.1 s and reading an article takes ~25 ms, so
    below ~40 articles the second core saves less than a few tenths of a second). 0 disables it."""
    waiver_max_days: int = 365
    """SUPPLYSCREEN_WAIVER_MAX_DAYS: the longest a waiver may run (one year: a waiver is a decision
    to revisit, and the budget year is the longest a procurement plan holds)."""
    audit_key: str = ""
    """SUPPLYSCREEN_AUDIT_KEY: signs the audit chain's exported anchors (`supplyscreen audit anchor`);
    keep it off the database host, so one who can write the database cannot forge an anchor."""
    policy: str = ""
    """SUPPLYSCREEN_POLICY: the policy pack `check` and `report` use when no --policy or
    --jurisdiction is given (a pack id such as uk-huawei-dvd-2022, or a pack file)."""
    jurisdiction: str = ""
    """SUPPLYSCREEN_JURISDICTION: the jurisdiction (GB, JP, US, ...) whose pack is the default when
    neither --policy, --jurisdiction nor SUPPLYSCREEN_POLICY is given."""
    max_rows: int = 2_000_000
    """SUPPLYSCREEN_MAX_ROWS: rows (items, parts) one input may hold; past it the input is refused
    with that reason (twice Excel's 1,048,576-row sheet)."""
    screening_cpu_seconds: float = 600.0
    """SUPPLYSCREEN_SCREENING_CPU_SECONDS: CPU seconds one screening may use in a screening process
    of `supplyscreen serve` before it fails with that reason (0: no limit)."""
    screening_memory_mb: int = 4096
    """SUPPLYSCREEN_SCREENING_MEMORY_MB: memory one screening may add to its screening process
    before it fails with that reason (0: no limit)."""


def load() -> Settings:
    env = os.environ
    reg = env.get("SUPPLYSCREEN_REGISTRY", "").strip()
    org = env.get("SUPPLYSCREEN_ORG_DESIGNATIONS", "").strip()
    home = Path(env.get("SUPPLYSCREEN_HOME", "") or Path.home() / ".supplyscreen")
    return Settings(
        registry_path=Path(reg) if reg else None,
        org_designations=tuple(Path(p) for p in org.split(os.pathsep) if p),
        database_url=env.get("SUPPLYSCREEN_DATABASE_URL", "") or f"sqlite:///{home / 'supplyscreen.db'}",
        no_progress=env.get("SUPPLYSCREEN_NO_PROGRESS", "") not in ("", "0"),
        cache_dir=_cache_dir(env.get("SUPPLYSCREEN_CACHE_DIR", ""), env.get("XDG_CACHE_HOME", "")),
        admin_password=env.get("SUPPLYSCREEN_ADMIN_PASSWORD", ""),
        upload_limit=int(env.get("SUPPLYSCREEN_UPLOAD_LIMIT", "") or 256 * 1024 * 1024),
        parallel_min_bytes=int(env.get("SUPPLYSCREEN_PARALLEL_MIN_BYTES", "") or 20 * 1024 * 1024),
        columnar_min_bytes=int(env.get("SUPPLYSCREEN_COLUMNAR_MIN_BYTES", "") or 4 * 1024 * 1024),
        intel_parallel_min=int(env.get("SUPPLYSCREEN_INTEL_PARALLEL_MIN", "") or 40),
        home=home,
        waiver_max_days=int(env.get("SUPPLYSCREEN_WAIVER_MAX_DAYS", "") or 365),
        audit_key=env.get("SUPPLYSCREEN_AUDIT_KEY", ""),
        policy=env.get("SUPPLYSCREEN_POLICY", "").strip(),
        jurisdiction=env.get("SUPPLYSCREEN_JURISDICTION", "").strip(),
        max_rows=int(env.get("SUPPLYSCREEN_MAX_ROWS", "") or 2_000_000),
        screening_cpu_seconds=float(env.get("SUPPLYSCREEN_SCREENING_CPU_SECONDS", "") or 600),
        screening_memory_mb=int(env.get("SUPPLYSCREEN_SCREENING_MEMORY_MB", "") or 4096),
    )


def _cache_dir(explicit: str, xdg: str) -> Path | None:
    if explicit.strip().lower() in ("off", "none", "0"):
        return None
    if explicit.strip():
        return Path(explicit)
    return (Path(xdg) if xdg else Path.home() / ".cache") / "supplyscreen"
