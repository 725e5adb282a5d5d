"""Builders for registry entities and small registries, so tests state only what matters."""

from __future__ import annotations

import datetime as dt

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
from supplyscreen.registry import Registry
from supplyscreen.registry.snapshot import Snapshot

LISTS = (
    ListInfo("us-fcc-covered-list", "FCC Covered List", restricts_purchase=True),
    ListInfo("us-ndaa-889", "NDAA FY2019 §889", restricts_purchase=True),
    ListInfo("us-bis-entity-list", "BIS Entity List"),
    ListInfo("us-csl-dpl", "Denied Persons List"),
)


def entity(
    id: str,
    name: str,
    *aliases: str,
    lists: tuple[str, ...] = (),
    added: str = "2021-03-12",
    scope: str = "",
    ids: tuple[tuple[str, str], ...] = (),
    group: str = "",
    kind: str = "organization",
    country: str = "",
) -> Entity:
    return Entity(
        id=id,
        name=name,
        kind=kind,
        country=country,
        aliases=tuple(Alias(a, source="test") for a in aliases),
        identifiers=tuple(Identifier(s, v, source="test") for s, v in ids),
        designations=tuple(
            Designation(x, added=dt.date.fromisoformat(added), scope=scope, source="test") for x in lists
        ),
        group=group,
    )


def relation(subject: str, kind: str, obj: str, since: str | None = None, until: str | None = None) -> Relation:
    return Relation(
        subject,
        RelationKind(kind),
        obj,
        dt.date.fromisoformat(since) if since else None,
        dt.date.fromisoformat(until) if until else None,
        source="test",
    )


def registry(*entities: Entity, relations: tuple[Relation, ...] = ()) -> Registry:
    return Registry(
        Snapshot("2026-01-01", (Source("test", "test fixture"),), LISTS, tuple(entities), tuple(relations))
    )


SCOPE_B = "video surveillance and telecommunications equipment, to the extent it is used for public safety"


def small_registry() -> Registry:
    """Huawei, ZTE, Hikvision and Dahua with a few subsidiaries, brands and look-alikes."""
    return registry(
        entity("huawei", "Huawei Technologies Co., Ltd.", "华为技术有限公司", "華為", "ファーウェイ", "Huawei",
               lists=("us-fcc-covered-list", "us-ndaa-889", "us-bis-entity-list"), group="huawei", added="2019-08-13",
               ids=(("mac", "00E0FC"), ("pen", "2011"))),
        entity("hisilicon", "HiSilicon Technologies Co., Ltd", "海思半导体有限公司", lists=("us-bis-entity-list",),
               group="huawei"),
        entity("honor", "Honor Device Co., Ltd.", "Honor"),
        entity("zte", "ZTE Corporation", "中兴通讯股份有限公司", "Zhongxing Telecommunication Equipment Corporation",
               lists=("us-fcc-covered-list", "us-ndaa-889"), group="zte"),
        entity("hikvision", "Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision", "杭州海康威视数字技术股份有限公司",
               lists=("us-ndaa-889",), scope=SCOPE_B, group="hikvision", added="2019-08-13"),
        entity("ezviz", "Hangzhou EZVIZ Software Co., Ltd.", "EZVIZ", group="hikvision"),
        entity("dahua", "Zhejiang Dahua Technology Co., Ltd.", "Dahua Technology", lists=("us-ndaa-889",),
               scope=SCOPE_B, group="dahua", added="2019-08-13"),
        entity("lorex", "Lorex Technology Inc.", "Lorex"),
        entity("lts", "LT Security Inc.", "LTS"),
        entity("dahua-electronics", "Dahua Electronics Corporation", lists=("us-csl-dpl",)),
        entity("gazprom-telekom", "Gazprom Telekom, OOO", "Gazprom Telecom", lists=("us-bis-entity-list",)),
        relations=(
            relation("hisilicon", "subsidiary_of", "huawei"),
            relation("honor", "brand_of", "huawei", until="2020-11-17"),
            relation("ezviz", "brand_of", "hikvision"),
            relation("lorex", "subsidiary_of", "dahua", since="2018-02-06", until="2022-11-24"),
            relation("lts", "oem_relabel_of", "hikvision"),
        ),
    )
