"""Package URLs (purl, ECMA-427): which organisation publishes a software component.

``pkg:maven/com.huawei.hms/push@6.1`` is the package ``push`` in the namespace ``com.huawei.hms``.
A namespace is the publisher's claim (a Maven groupId is a reverse domain the publisher had to
prove it controls on Maven Central; an npm scope belongs to one account), so it is exact
evidence of the publisher, not of the maker of a device.

Parsing follows the purl specification through ``packageurl-python``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from packageurl import PackageURL

# Top-level domains seen first in reverse-DNS namespaces (Maven, NuGet, Swift, ...). A namespace
# whose first label is not one of these is an organisation name already (npm scope, GitHub owner).
_TLDS = frozenset({
    "com", "org", "net", "io", "edu", "gov", "mil", "int", "info", "biz", "dev", "app", "tech",
    "cn", "hk", "tw", "jp", "kr", "ru", "de", "fr", "uk", "nl", "se", "no", "fi", "dk", "ch", "at",
    "it", "es", "pl", "cz", "be", "eu", "us", "ca", "au", "nz", "in", "br", "il", "sg", "me", "co",
})
# Second-level labels under a country code ("cn.com.huawei", "uk.co.example") that are not names.
_GENERIC_SLD = frozenset({"com", "co", "org", "net", "gov", "edu", "ac", "or", "ne", "go"})
# Code hosts and registries whose first path segment after the host is the owner
# ("github.com/huawei/..." → huawei; Maven "io.github.owner" → owner).
_CODE_HOSTS = frozenset({"github", "gitlab", "bitbucket", "gitee", "codeberg", "sourceforge", "googlesource"})


@dataclass(frozen=True, slots=True)
class Purl:
    """A parsed package URL."""

    type: str
    """The package ecosystem: ``maven``, ``npm``, ``pypi``, ``golang``, ``generic`` ..."""
    namespace: str | None
    """Maven groupId, npm scope (with its ``@``), Go module path prefix, GitHub owner ..."""
    name: str
    version: str | None = None
    qualifiers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Extra key/values such as ``vendor``, ``arch``, ``repository_url``."""
    subpath: str | None = None


def parse_purl(text: str | None) -> Purl | None:
    """Read a package URL (``pkg:type/namespace/name@version?qualifiers#subpath``); None when the
    text is not one. Percent escapes are undone: ``pkg:npm/%40scope/name`` has namespace
    ``@scope``."""
    s = (text or "").strip()
    if not s.lower().startswith("pkg:"):
        return None
    try:
        p = PackageURL.from_string(s)
    except ValueError:
        return None
    quals = p.qualifiers if isinstance(p.qualifiers, dict) else {}
    return Purl(
        type=p.type,
        namespace=p.namespace or None,
        name=p.name,
        version=p.version or None,
        qualifiers=MappingProxyType(dict(sorted(quals.items()))),
        subpath=p.subpath or None,
    )


def namespace_of(purl: str | None) -> str | None:
    """The namespace of a package URL (``com.huawei.hms``), or None when it has none."""
    parsed = parse_purl(purl)
    return parsed.namespace if parsed else None


def organization_hint(purl: str | Purl | None) -> str | None:
    """The publisher's name as the purl states it, lower case, or None when it states none.

    In order: a ``vendor`` qualifier (``pkg:generic/fw?vendor=Huawei`` → ``huawei``); the owner
    in a code-host namespace (``github.com/huawei`` → ``huawei``); the organisation label of a
    domain, forward or reverse (``com.huawei.hms`` and ``huawei.com/x`` → ``huawei``); else the
    namespace itself without an npm ``@`` (``@huaweicloud`` → ``huaweicloud``). The package name
    alone is never used: it says what a package is, not who publishes it.
    """
    p = parse_purl(purl) if not isinstance(purl, Purl) else purl
    if p is None:
        return None
    vendor = p.qualifiers.get("vendor", "").strip()
    if vendor:
        return vendor.lower()
    if not p.namespace:
        return None
    ns = p.namespace.lower().lstrip("@")
    segments = [s for s in ns.split("/") if s]
    if not segments:
        return None
    first = segments[0]
    if "." not in first:
        return first
    labels = first.split(".")
    if len(segments) > 1 or p.type == "golang":
        # Forward domain, as in Go and Swift paths: "github.com/huawei/x", "huawei.com/x".
        org = _domain_org(labels[::-1])
        if org in _CODE_HOSTS:
            return segments[1] if len(segments) > 1 else None
        return org
    if labels[0] in _TLDS:
        # Reverse domain, as in Maven groupIds: "com.huawei.hms", "io.github.owner".
        org = _domain_org(labels)
        if org in _CODE_HOSTS:
            rest = labels[labels.index(org) + 1 :]
            return rest[0] if rest else None
        return org
    return first

def _domain_org(reverse_labels: list[str]) -> str | None:
    """The organisation label of a reverse-order domain (``com.huawei`` → ``huawei``;
    ``cn.com.huawei`` → ``huawei``)."""
    labels = list(reverse_labels)
    if len(labels) < 2:
        return labels[0] if labels else None
    i = 1
    if len(labels[0]) == 2 and labels[1] in _GENERIC_SLD and len(labels) > 2:
        i = 2
    return labels[i]


# Ecosystems whose namespace is a path ("github.com/huaweicloud"), tried segment by segment.
_PATH_TYPES = frozenset({"golang", "github", "gitlab", "bitbucket", "generic", "swift", "composer"})
_PEP503 = re.compile(r"[-_.]+")


def package_name(p: Purl) -> str:
    """The package's name as its registry compares names: PyPI folds case and runs of ``-_.``
    (PEP 503: ``Esdk_OBS.python`` is ``esdk-obs-python``); other ecosystems lower case."""
    name = p.name.lower()
    return _PEP503.sub("-", name) if p.type == "pypi" else name


def namespace_keys(p: Purl) -> list[str]:
    """The registry keys (``pkg:TYPE/NAMESPACE``) a purl's namespace may be registered under, most
    specific first: a Maven group by its dotted prefixes (``com.huawei.hms``, ``com.huawei``); a
    Go module or code-host path by its ``/`` prefixes (``github.com/huaweicloud``); an npm scope
    whole (``@huaweicloud``). Lower case; empty when the purl has no namespace."""
    ns = (p.namespace or "").lower().strip("/")
    if not ns:
        return []
    sep = "/" if p.type in _PATH_TYPES or "/" in ns else "."
    parts = ns.split(sep)
    keys = [f"pkg:{p.type}/{sep.join(parts[:n])}" for n in range(len(parts), 0, -1)]
    # A bare code host ("github.com") or a lone top-level domain ("com") names no publisher; a path
    # whose last label merely spells one ("0/ca") is still a publisher's path.
    return [k for k in keys if (head := k.split("/", 1)[1]) not in _TLDS and head not in _BARE_HOSTS]


_BARE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "gitee.com", "codeberg.org", "golang.org",
                         "gopkg.in", "go.googlesource.com"})
