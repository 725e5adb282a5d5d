"""Package URLs and the publisher they name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supplyscreen.identifiers import namespace_of, organization_hint, parse_purl


def test_maven() -> None:
    p = parse_purl("pkg:maven/com.huawei.hms/push@6.1.0.300?type=aar")
    assert p is not None
    assert (p.type, p.namespace, p.name, p.version) == ("maven", "com.huawei.hms", "push", "6.1.0.300")
    assert dict(p.qualifiers) == {"type": "aar"}
    assert namespace_of("pkg:maven/com.huawei.hms/push@6.1") == "com.huawei.hms"
    assert organization_hint(p) == "huawei"


def test_npm_scope_is_percent_decoded() -> None:
    p = parse_purl("pkg:npm/%40huaweicloud/huaweicloud-sdk-core@3.1.0")
    assert p is not None
    assert (p.namespace, p.name) == ("@huaweicloud", "huaweicloud-sdk-core")
    assert organization_hint(p) == "huaweicloud"


def test_escaped_name_and_subpath() -> None:
    p = parse_purl("pkg:generic/acme/some%20firmware@1.0#bin/fw.img")
    assert p is not None
    assert (p.name, p.subpath) == ("some firmware", "bin/fw.img")


def test_generic_vendor_qualifier() -> None:
    p = parse_purl("pkg:generic/ipc-firmware@5.7?vendor=Hikvision")
    assert p is not None and p.namespace is None
    assert p.qualifiers["vendor"] == "Hikvision"
    assert organization_hint(p) == "hikvision"


@pytest.mark.parametrize(
    ("purl", "org"),
    [
        ("pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1.50", "huaweicloud"),
        ("pkg:golang/huawei.com/foo/bar", "huawei"),
        ("pkg:maven/io.github.someone/lib@1", "someone"),
        ("pkg:maven/cn.com.huawei.ca/x@1", "huawei"),
        ("pkg:maven/org.apache.commons/commons-lang3@3.12.0", "apache"),
        ("pkg:pypi/huawei-lte-api@1.7", None),  # a package name is not a publisher
        ("pkg:npm/lodash@4", None),
    ],
)
def test_organization_hint(purl: str, org: str | None) -> None:
    assert organization_hint(purl) == org


@pytest.mark.parametrize("text", ["", None, "huawei push", "pkg:", "pkg:npm/", "https://example.com/x"])
def test_not_a_purl(text: str | None) -> None:
    assert parse_purl(text) is None
    assert namespace_of(text) is None
    assert organization_hint(text) is None


@given(st.text())
def test_parse_purl_never_raises(text: str) -> None:
    parse_purl("pkg:" + text)
    organization_hint("pkg:" + text)
