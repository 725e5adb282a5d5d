"""`supplyscreen intel` as a user runs it: pure JSON on stdout, messages on stderr."""

import json
from pathlib import Path

from typer.testing import CliRunner

from supplyscreen.cli import app

ASSETS = Path(__file__).parents[1] / "assets" / "intel"


def test_ingest_json_contract_and_errors_on_stderr():
    r = CliRunner().invoke(app, ["intel", "ingest", str(ASSETS / "batch"), "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert set(doc) >= {"articles", "events"}
    ids = {e["id"] for e in doc["events"]}
    for a in doc["articles"]:
        assert {"path", "title", "date", "outlet", "events"} <= set(a)
        assert set(a["events"]) <= ids
    for e in doc["events"]:
        assert {"id", "jurisdiction", "authority", "measure", "targets", "status", "date", "scope", "sources",
                "conflicts"} <= set(e)
        assert all({"name", "entity_id"} <= set(t) for t in e["targets"])
        assert all({"path", "quote"} <= set(s) for s in e["sources"])
    assert any(a.get("error") == "empty file" for a in doc["articles"])
    assert "empty.txt: empty file" in r.stderr


def test_watch_list_produces_alerts():
    r = CliRunner().invoke(app, ["intel", "ingest", str(ASSETS / "batch"), "--format", "json",
                                 "--watch", str(ASSETS / "watch.csv")])
    doc = json.loads(r.stdout)
    assert {i for a in doc["alerts"] for i in a["items"]} == {"1", "3"}


def test_table_and_timeline_html(tmp_path):
    r = CliRunner().invoke(app, ["intel", "ingest", str(ASSETS / "batch")])
    assert r.exit_code == 0 and "Restriction events" in r.stdout
    page = tmp_path / "timeline.html"
    r = CliRunner().invoke(app, ["intel", "timeline", str(ASSETS / "batch"), "--html", str(page)])
    assert r.exit_code == 0 and "Timeline of measures" in r.stdout
    html = page.read_text(encoding="utf-8")
    assert "<svg" in html and "<circle" in html and "network_exclusion" in html


def test_missing_path_is_a_usage_error():
    r = CliRunner().invoke(app, ["intel", "ingest", "no/such/folder", "--format", "json"])
    assert r.exit_code == 2
    assert "no such file" in r.stderr


def test_nothing_readable_is_an_input_error(tmp_path: Path) -> None:
    """No article could be read: exit 2, never 0 ("no events") for a pipeline to take as clean."""
    (tmp_path / "blank.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    for target in (tmp_path, tmp_path / "blank.txt"):
        r = CliRunner().invoke(app, ["intel", "ingest", str(target), "--format", "json"])
        assert r.exit_code == 2 and r.stdout == ""
        assert "no article could be read" in r.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    r = CliRunner().invoke(app, ["intel", "ingest", str(empty)])
    assert r.exit_code == 2 and "no text, HTML or RSS/Atom files found" in r.stderr


def test_no_readable_article_is_an_input_error(tmp_path):
    """Every file unreadable (empty, binary) or a folder with no article: exit 2, a reason per file."""
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    r = CliRunner().invoke(app, ["intel", "ingest", str(tmp_path / "empty.txt"), str(tmp_path / "noise.txt"),
                                 "--format", "json"])
    assert r.exit_code == 2 and r.stdout == ""
    assert "empty.txt: empty file" in r.stderr and "noise.txt: binary file" in r.stderr
    assert "(2 file(s) tried" in r.stderr
    folder = tmp_path / "none"
    folder.mkdir()
    r = CliRunner().invoke(app, ["intel", "ingest", str(folder), "--format", "json"])
    assert r.exit_code == 2 and "no text, HTML or RSS/Atom files found" in r.stderr


def test_one_readable_article_among_bad_ones_is_processed(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "broken_2031-02-03.html").write_text(
        "<html><body><h1>Ruritania bans Huawei from its 5G networks</h1><p>The Ruritanian government "
        "said on Monday that operators must not use Huawei equipment in <b>5G networks", encoding="utf-8")
    r = CliRunner().invoke(app, ["intel", "ingest", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert len(doc["articles"]) == 2 and "empty.txt: empty file" in r.stderr
