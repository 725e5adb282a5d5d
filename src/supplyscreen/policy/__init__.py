"""Policies: the rules that turn evidence into exclude / review / allow, per jurisdiction.

Each jurisdiction is a pack file in ``packs/`` (the language is in ``packs/README.md``);
``get_policy`` accepts a shipped pack id or the path of a custom pack file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

from supplyscreen.errors import PolicyError
from supplyscreen.policy.base import Policy, Verdict
from supplyscreen.policy.evaluator import PackPolicy
from supplyscreen.policy.loader import load_pack, load_waivers
from supplyscreen.policy.rules import Pack, Waiver

DEFAULT_POLICY = "us-ndaa-889"


@lru_cache(maxsize=1)
def packs_dir() -> Path:
    return Path(str(resources.files("supplyscreen.policy") / "packs"))


def shipped() -> dict[str, Path]:
    """Shipped pack ids and their files (the file name is the id)."""
    folder = packs_dir()
    # Listed again only when the folder changes (a pack added or removed): the server asks on
    # every submission, and a listing cost more than the rest of choosing the policy.
    return dict(_listing(folder, folder.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _listing(folder: Path, mtime_ns: int) -> tuple[tuple[str, Path], ...]:
    return tuple((p.stem, p) for p in sorted(folder.glob("*.yaml")) if not p.name.endswith(".tests.yaml"))


@lru_cache(maxsize=32)
def _load(path: Path, mtime: float) -> Pack:
    return load_pack(path)


def load(policy: str) -> Pack:
    """A shipped pack by id, or a custom pack by file path."""
    packs = shipped()
    path = packs.get(policy)
    if path is None:
        candidate = Path(policy)
        if candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
            path = candidate
        else:
            raise PolicyError(f"unknown policy {policy!r}; available: {', '.join(sorted(packs))} "
                              "or the path of a pack file")
    if not path.is_file():
        raise PolicyError(f"{path}: policy pack file not found")
    pack = _load(path.resolve(), path.stat().st_mtime)
    if path.parent == packs_dir() and pack.id != path.stem:
        raise PolicyError(f"{path}:1: pack id {pack.id!r} differs from its file name")
    return pack


def available() -> dict[str, str]:
    """Policy ids and names that ``get_policy`` accepts (besides a custom pack's path)."""
    return {pid: load(pid).name for pid in shipped()}


def for_jurisdiction(code: str) -> str:
    """The shipped pack for a jurisdiction code (``GB``, ``jp``): its only pack, or the default pack
    when several share it (the US has §889 and the FCC Covered List; §889 governs purchases).

    ``UK`` is read as ``GB`` (the pack files use ISO 3166 codes; people write UK)."""
    wanted = code.strip().upper()
    wanted = {"UK": "GB"}.get(wanted, wanted)
    by_code: dict[str, list[str]] = {}
    for pid in shipped():
        by_code.setdefault(load(pid).jurisdiction.upper(), []).append(pid)
    ids = by_code.get(wanted)
    if not ids:
        raise PolicyError(f"no shipped policy pack for this jurisdiction; packs exist for "
                          f"{', '.join(sorted(by_code))}")
    if len(ids) == 1:
        return ids[0]
    if DEFAULT_POLICY in ids:
        return DEFAULT_POLICY
    raise PolicyError(f"several packs apply ({', '.join(ids)}); choose one with its id")


def configured_default() -> str:
    """The pack used where none is named (the CLI without --policy or --jurisdiction, a web upload or
    API call without a policy): SUPPLYSCREEN_POLICY, else SUPPLYSCREEN_JURISDICTION's pack, else
    :data:`DEFAULT_POLICY`. A UK or Japanese team sets theirs once rather than get US law."""
    from supplyscreen import settings

    conf = settings.load()
    if conf.policy:
        return conf.policy
    if not conf.jurisdiction:
        return DEFAULT_POLICY
    try:
        return for_jurisdiction(conf.jurisdiction)
    except PolicyError as e:
        raise PolicyError(f"SUPPLYSCREEN_JURISDICTION {conf.jurisdiction!r}: {e}") from None


def get_policy(
    policy_id: str = DEFAULT_POLICY,
    *,
    waivers: Iterable[Waiver] = (),
    known_lists: Iterable[str] | None = None,
) -> PackPolicy:
    """The policy for a pack id or file. ``known_lists`` (the registry's list ids) lets criteria-only
    packs tell whether an organisation's designations were loaded."""
    return PackPolicy(load(policy_id), waivers, known_lists)


__all__ = [
    "DEFAULT_POLICY",
    "Pack",
    "PackPolicy",
    "Policy",
    "Verdict",
    "Waiver",
    "available",
    "configured_default",
    "for_jurisdiction",
    "get_policy",
    "load",
    "load_waivers",
    "shipped",
]
