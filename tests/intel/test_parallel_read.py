"""Articles read on two forked readers give what one process gives, in order, errors included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supplyscreen.intel import pipeline
from supplyscreen.intel.extract import Extractor
from supplyscreen.intel.pipeline import ingest
from supplyscreen.intel.serialise import document

ASSETS = Path(__file__).parents[1] / "assets" / "intel"
PATHS = [ASSETS / "batch", ASSETS / "feed.xml", ASSETS / "japan2018"]


def _run(monkeypatch: pytest.MonkeyPatch, least: str, fork: bool = True) -> tuple[str, list[str]]:
    monkeypatch.setenv("SUPPLYSCREEN_INTEL_PARALLEL_MIN", least)
    logged: list[str] = []
    result = ingest(PATHS, log=logged.append, fork=fork)
    return json.dumps(document(result, None), ensure_ascii=False, sort_keys=True), logged


def test_two_readers_give_the_one_process_result(monkeypatch):
    one, one_log = _run(monkeypatch, "0")
    two, two_log = _run(monkeypatch, "1")
    assert json.loads(one)["events"], "the assets must yield events for the comparison to mean anything"
    assert two == one
    assert two_log == one_log


def test_the_readers_are_forked_from_the_threshold_on(monkeypatch):
    forks: list[str] = []
    real = pipeline.multiprocessing.get_context

    def spy(method: str):
        forks.append(method)
        return real(method)

    monkeypatch.setattr(pipeline.multiprocessing, "get_context", spy)
    _run(monkeypatch, "1000")  # fewer articles than that: one process
    assert forks == []
    _run(monkeypatch, "1", fork=False)  # a caller with threads (the service) never forks
    assert forks == []
    _run(monkeypatch, "1")
    assert forks == ["fork"]


def test_an_article_failing_in_a_reader_is_named_and_the_rest_read(monkeypatch):
    real = Extractor.claims

    def fails_on_delta(self, doc):
        if Path(doc.path).name.startswith("delta_"):
            raise ValueError("a reader's bad day")
        return real(self, doc)

    monkeypatch.setattr(Extractor, "claims", fails_on_delta)  # set before the fork: the readers inherit it
    for least in ("0", "1"):
        out, logged = _run(monkeypatch, least)
        assert [m for m in logged if "extraction failed" in m] == [
            f"{ASSETS / 'batch' / 'delta_2031-03-05.txt'}: extraction failed: ValueError: a reader's bad day"]
        assert json.loads(out)["events"]
