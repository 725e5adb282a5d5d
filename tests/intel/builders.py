"""Builders shared by the intel tests: tiny article folders written from a dict and ingested."""

from __future__ import annotations

from pathlib import Path

from supplyscreen.intel import load
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.pipeline import Ingested, ingest


def ingest_articles(folder: Path, articles: dict[str, str]) -> Ingested:
    """Write each article (file name → text) into `folder` as UTF-8 and ingest the folder."""
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return ingest([folder])


def main_jurisdiction(extractor: Extractor, folder: Path, name: str, text: str) -> str:
    """The jurisdiction of the first main claim of one article written to ``folder/name`` ("" if none)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    claims = [c for d in load.read(path) for c in extractor.claims(d) if c.main]
    return claims[0].jurisdiction if claims else ""
