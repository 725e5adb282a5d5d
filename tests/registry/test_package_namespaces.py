"""Package namespaces, PyPI projects and families of the designated groups, from the shipped
registry (curated/package_namespaces.csv), found as evidence in package URLs."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from supplyscreen.matching.evidence import EvidenceFinder
from supplyscreen.matching.matcher import Matcher
from supplyscreen.model import Item
from supplyscreen.registry import Registry


@pytest.fixture(scope="module")
def finder() -> EvidenceFinder:
    return EvidenceFinder(Matcher(Registry.load()))


def groups(finder: EvidenceFinder, purl: str) -> set[str]:
    found = finder.find(Item("1", MappingProxyType({"purl": purl})), None)
    return {finder.registry.entities[fm.match.entity.id].group for fm in found if fm.match.designated}


@pytest.mark.parametrize(("purl", "group"), [
    ("pkg:npm/%40huaweicloud/huaweicloud-sdk-core@3.1.120", "huawei"),
    ("pkg:npm/%40agconnect/api@1.9.1", "huawei"),
    ("pkg:npm/%40hmscore/react-native-hms-push@6.12.0", "huawei"),
    ("pkg:npm/%40kaspersky/hexa-ui@6.0.0", "kaspersky"),
    ("pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.120", "huawei"),
    ("pkg:golang/github.com/KasperskyLab/some-tool@v1.0.0", "kaspersky"),
    ("pkg:pypi/huaweicloudsdkcore@3.1.120", "huawei"),
    ("pkg:pypi/huaweicloudsdkecs@3.1.120", "huawei"),      # the huaweicloudsdk* family
    ("pkg:pypi/Esdk_OBS_Python@3.24.9", "huawei"),         # PEP 503: same project as esdk-obs-python
    ("pkg:maven/com.huawei.hms/push@6.1", "huawei"),
])
def test_designated_groups_packages_are_theirs(finder: EvidenceFinder, purl: str, group: str) -> None:
    assert groups(finder, purl) == {group}


@pytest.mark.parametrize("purl", [
    "pkg:pypi/huawei-lte-api@1.9.3", "pkg:pypi/hikvisionapi@0.3.2", "pkg:pypi/hikari@2.0.0",
    "pkg:npm/%40kasperjs/core@1.0.0", "pkg:golang/github.com/huaweicloud-community/tools@v1.0.0",
    "pkg:npm/react@18.3.1", "pkg:pypi/huaweicloud-sdk-unofficial@1.0",  # outside the huaweicloudsdk family
])
def test_look_alike_packages_are_nobody_designated(finder: EvidenceFinder, purl: str) -> None:
    assert groups(finder, purl) == set()
