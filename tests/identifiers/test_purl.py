"""Package URLs and the publisher they name."""

from __future__ import annotations

import itertools

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


@pytest.mark.parametrize(("purl", "keys", "name"), [
    ("pkg:maven/com.huawei.hms/push@6", ["pkg:maven/com.huawei.hms", "pkg:maven/com.huawei"], "push"),
    ("pkg:npm/%40huaweicloud/huaweicloud-sdk-core@3", ["pkg:npm/@huaweicloud"], "huaweicloud-sdk-core"),
    ("pkg:golang/github.com/huaweicloud/huaweicloud-sdk-go-v3@v0.1",
     ["pkg:golang/github.com/huaweicloud"], "huaweicloud-sdk-go-v3"),
    # A bare code host is no publisher; a look-alike owner is another key.
    ("pkg:golang/github.com/huaweicloud-community/tools@v1", ["pkg:golang/github.com/huaweicloud-community"], "tools"),
    ("pkg:pypi/Esdk_OBS.python@3", [], "esdk-obs-python"),  # PEP 503 name folding
])
def test_namespace_keys_most_specific_first(purl: str, keys: list[str], name: str) -> None:
    from supplyscreen.identifiers.purl import namespace_keys, package_name

    p = parse_purl(purl)
    assert p is not None
    assert namespace_keys(p) == keys
    assert package_name(p) == name


_label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10).filter(
    lambda s: not s.startswith("-"))


@given(st.sampled_from(["maven", "golang", "npm", "github"]), st.lists(_label, min_size=1, max_size=5), _label)
def test_namespace_keys_are_nested_prefixes(kind: str, labels: list[str], name: str) -> None:
    from supplyscreen.identifiers.purl import namespace_keys

    sep = "." if kind == "maven" else "/"
    ns = ("@" + labels[0]) if kind == "npm" else sep.join(labels)
    p = parse_purl(f"pkg:{kind}/{ns.replace('@', '%40')}/{name}@1")
    assert p is not None
    keys = namespace_keys(p)
    assert all(k.startswith(f"pkg:{kind}/") for k in keys)
    # Each key is the one before it cut at a separator: most specific first.
    for longer, shorter in itertools.pairwise(keys):
        assert longer.startswith(shorter + sep)
    if keys:
        assert keys[0] == f"pkg:{kind}/{p.namespace.lower()}"  # type: ignore[union-attr]


def test_a_path_whose_last_label_spells_a_domain_is_still_a_publisher() -> None:
    """Found by the property test above: "pkg:golang/0/ca/x" lost its namespace key "0/ca" because
    its last label ("ca") is a top-level domain; only a lone domain names no publisher."""
    from supplyscreen.identifiers.purl import namespace_keys

    p = parse_purl("pkg:golang/example/ca/x@1")
    assert p is not None
    assert namespace_keys(p)[0] == "pkg:golang/example/ca"
    m = parse_purl("pkg:maven/com/x@1")
    assert m is not None and namespace_keys(m) == []
