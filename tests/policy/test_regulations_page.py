"""The regulation facts the packs cite ship with the package: every citation resolves in an
installed copy, with no development folder beside it."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from supplyscreen.policy import shipped

PACKAGE = Path(str(resources.files("supplyscreen")))
PAGE = PACKAGE / "docs" / "regulations.md"
TEXT_FILES = [p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".yaml", ".md", ".html") and p.is_file()]
# `regulations.md ("Japan", "NDAA FY2019 s.889")` or `regulations.md "Japan"`: the sections cited.
CITATION = re.compile(r'regulations\.md\)?[,;]?\s*(\((?P<many>[^)]*)\)|(?P<one>"[^"]+"))')


def _headings() -> list[str]:
    return [h.strip() for h in re.findall(r"^#{2,3} (.+)$", PAGE.read_text(encoding="utf-8"), re.M)]


def test_the_page_is_package_data_and_nothing_points_outside_the_package() -> None:
    assert PAGE.is_file()
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert '"docs/*.md"' in pyproject  # installed with the package, not only present in a checkout
    outside = [str(p.relative_to(PACKAGE)) for p in TEXT_FILES
               if "shared/docs/regulations" in p.read_text(encoding="utf-8", errors="replace")]
    assert outside == []


def _cited() -> list[tuple[str, str]]:
    found = []
    for p in TEXT_FILES:
        for m in CITATION.finditer(p.read_text(encoding="utf-8", errors="replace")):
            names = re.findall(r'"([^"]+)"', m["many"] or m["one"] or "")
            found += [(str(p.relative_to(PACKAGE)), n) for n in names]
    return found


def test_the_package_cites_sections_of_the_page() -> None:
    assert len(_cited()) >= 10


@pytest.mark.parametrize(("where", "section"), _cited())
def test_every_cited_section_is_a_heading_of_the_page(where: str, section: str) -> None:
    assert any(h.startswith(section) for h in _headings()), f"{where} cites {section!r}, not a section of {PAGE.name}"


@pytest.mark.parametrize("pack", sorted(shipped()))
def test_every_shipped_pack_has_its_facts_on_the_page(pack: str) -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert f"`{pack}`" in text
    assert "supplyscreen/docs/regulations.md" in (PACKAGE / "policy" / "packs" / f"{pack}.yaml").read_text(
        encoding="utf-8")
