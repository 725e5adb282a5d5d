"""Builders shared by the intel tests: tiny article folders written from a dict and ingested."""

from __future__ import annotations

from pathlib import Path

from supplyscreen import library
from supplyscreen.intel import load
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.link import CompanyLinker, PlaceLinker
from supplyscreen.intel.model import Claim
from supplyscreen.intel.pipeline import Ingested, ingest


def ingest_articles(folder: Path, articles: dict[str, str]) -> Ingested:
    """Write each article (file name → text) into `folder` as UTF-8 and ingest the folder."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return ingest([folder])


def new_extractor() -> Extractor:
    """The pipeline's extractor over the bundled registry (for one module's tests: it takes seconds)."""
    reg = library.load_registry()
    return Extractor(reg, CompanyLinker(reg, library.matcher_for(reg)), PlaceLinker())


def claims_of(extractor: Extractor, folder: Path, name: str, text: str) -> list[Claim]:
    """The claims of one article written to ``folder/name``, main first."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return [c for d in load.read(path) for c in extractor.claims(d)]


def main_jurisdiction(extractor: Extractor, folder: Path, name: str, text: str) -> str:
    """The jurisdiction of the first main claim of one article written to ``folder/name`` ("" if none)."""
    claims = [c for c in claims_of(extractor, folder, name, text) if c.main]
    return claims[0].jurisdiction if claims else ""
