"""The pipeline end to end on tests/assets/intel (texts written for these tests)."""

from pathlib import Path

import pytest

from supplyscreen.intel import load
from supplyscreen.intel.alerts import alerts_for
from supplyscreen.intel.model import Measure
from supplyscreen.intel.pipeline import Ingested, ingest

ASSETS = Path(__file__).parents[1] / "assets" / "intel"


@pytest.fixture(scope="module")
def result() -> Ingested:
    return ingest([ASSETS / "batch", ASSETS / "feed.xml"])


def _by_name(result: Ingested) -> dict[str, tuple[str, ...]]:
    return {Path(d.path).name: result.article_events[d.path] for d in result.documents}


def _event(result: Ingested, eid: str):
    return next(e for e in result.events if e.id == eid)


def test_reports_of_one_measure_are_one_event_with_all_sources(result):
    arts = _by_name(result)
    main = {arts["alpha_2031-03-04.txt"][0], arts["beta_2031-03-05.html"][0], arts["delta_2031-03-05.txt"][0]}
    assert len(main) == 1
    e = _event(result, main.pop())
    assert e.jurisdiction == "CA"
    assert e.measure == Measure.NETWORK_EXCLUSION
    assert {t.group for t in e.targets} == {"huawei", "zte"}
    assert e.corroboration == 3
    assert "5G networks" in e.scope
    assert all(s.quote for s in e.sources)


def test_background_mention_is_its_own_older_event(result):
    arts = _by_name(result)
    beta = arts["beta_2031-03-05.html"]
    assert len(beta) == 2
    bg = _event(result, beta[1])
    assert bg.jurisdiction == "AU"
    assert bg.date is not None and bg.date.year == 2018


def test_no_restriction_no_event_and_bad_files_reported(result):
    arts = _by_name(result)
    assert arts["gamma_2031-06-01.txt"] == ()
    docs = {Path(d.path).name: d for d in result.documents}
    assert docs["empty.txt"].error == "empty file"
    assert "binary" in docs["picture.txt"].error
    assert docs["delta_2031-03-05.txt"].lang == "es"


def test_broken_html_and_mixed_encoding_still_read(result):
    arts = _by_name(result)
    fcc = _event(result, arts["broken_2031-04-02.html"][0])
    assert (fcc.jurisdiction, fcc.measure) == ("US", Measure.EQUIPMENT_AUTHORIZATION_BAN)
    assert {t.group for t in fcc.targets} == {"hikvision", "dahua"}
    se = _event(result, arts["mixed_2031-05-10.txt"][0])
    assert se.jurisdiction == "SE" and se.authority == "Swedish Post and Telecom Authority"


def test_feed_items_are_articles(result):
    docs = [d for d in result.documents if "feed.xml#item" in d.path]
    assert [d.title for d in docs] == ["FCC adds Kaspersky to Covered List", "Quarterly results"]
    assert result.article_events[docs[0].path] and not result.article_events[docs[1].path]


def test_huge_file_is_refused_with_a_message(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    monkeypatch.setattr(load, "MAX_BYTES", 100)
    [doc] = load.read(big)
    assert "bytes" in doc.error


def test_alerts_name_the_screened_items(result):
    alerts = alerts_for(result.events, ASSETS / "watch.csv")
    items = {i for a in alerts for i in a.items}
    assert items == {"1", "3"}  # the Hikvision camera and the Huawei router, not the widget
    assert all("screened item" in a.reason for a in alerts)


def test_optional_extras_are_not_needed():
    import importlib.util

    # Without trafilatura the built-in HTML reader is used; the pipeline above ran either way.
    if importlib.util.find_spec("trafilatura") is None:
        assert load._trafilatura("<p>x</p>") is None
