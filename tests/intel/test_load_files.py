"""Which files of a folder are articles, and JSON read as news (a feed, an article) or reported."""

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from supplyscreen.intel import load
from supplyscreen.intel.pipeline import ingest

ASSETS = Path(__file__).parents[1] / "assets" / "intel"
STORY = (ASSETS / "batch" / "alpha_2031-03-04.txt").read_text(encoding="utf-8")


def test_a_folders_readme_is_reported_as_skipped_and_named_it_is_read(tmp_path):
    (tmp_path / "alpha_2031-03-04.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "README.md").write_text(STORY, encoding="utf-8")  # would yield an event if read
    (tmp_path / "LICENSE").write_text("MIT", encoding="utf-8")
    walked = dict(load.expand([tmp_path]))
    assert walked[tmp_path / "alpha_2031-03-04.txt"] == ""
    assert "documentation" in walked[tmp_path / "README.md"]
    assert "documentation" in walked[tmp_path / "LICENSE"]

    result = ingest([tmp_path])
    docs = {Path(d.path).name: d for d in result.documents}
    assert set(docs) == {"alpha_2031-03-04.txt", "README.md", "LICENSE"}  # every file accounted for
    assert docs["README.md"].error and not result.article_events[docs["README.md"].path]
    assert result.article_events[docs["alpha_2031-03-04.txt"].path]

    named = ingest([tmp_path / "README.md"])  # named on its own: the user means it
    assert not named.documents[0].error and named.article_events[named.documents[0].path]


def test_a_json_feed_gives_one_document_per_item(tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Northern Wire",
            "items": [{"id": "1", "url": "https://wire.example.ca/a", "title": "Ottawa bars two vendors",
                       "content_text": STORY, "date_published": "2031-03-04T09:00:00-05:00"},
                      {"id": "2", "content_html": "<p>Quarterly results were flat.</p>",
                       "date_published": "2031-03-06"}]}
    f = tmp_path / "feed.json"
    f.write_text(json.dumps(feed), encoding="utf-8")
    docs = load.read(f)
    assert [d.path for d in docs] == [f"{f}#item-1", f"{f}#item-2"]
    assert not any(d.error for d in docs)
    assert str(docs[0].date) == "2031-03-04" and "date_published" in docs[0].date_why
    assert docs[0].home == "CA" and docs[0].title == "Ottawa bars two vendors"
    assert "Quarterly results" in docs[1].text


def test_an_article_object_is_read_with_its_fields(tmp_path):
    f = tmp_path / "capture.json"
    f.write_text(json.dumps({"title": "T", "text": STORY, "date": "2031-03-04", "hostname": "wire.example.ca"}),
                 encoding="utf-8")
    [doc] = load.read(f)
    assert not doc.error and str(doc.date) == "2031-03-04" and doc.outlet == "wire.example.ca"


def test_a_data_json_is_reported_not_read_as_text(tmp_path):
    f = tmp_path / "events.json"
    f.write_text(json.dumps({"ca_huawei_2031": {"jurisdiction": "CA", "targets": ["huawei"]}}), encoding="utf-8")
    [doc] = load.read(f)
    assert "JSON without article text" in doc.error


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                     lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
                     max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(_JSON)
def test_any_json_gives_documents_or_a_named_error_never_an_exception(value):
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "x.json"
        f.write_text(json.dumps(value), encoding="utf-8")
        docs = load.read(f)
    assert docs and all(isinstance(x.error, str) for x in docs)
    assert all(x.error or x.text for x in docs)
