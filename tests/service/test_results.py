"""A screening's items paged, filtered, counted and exported (service/results.py), and the events
page's alerts counted per screening (service/intel.alert_summary), on a real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from supplyscreen.service import intel, results, review, screenings, users
from supplyscreen.service.errors import Invalid
from supplyscreen.store import models as m

INTEL = Path(__file__).parent.parent / "assets" / "intel"
VENDORS = ("Huawei", "Hikvision", "Cisco Systems", "Dell", "ZTE", "", "Juniper Networks")
SITES = ("Depot North", "Depot South", "Head Office")
ROWS = 230  # a few pages of the smallest sizes, and pages that end part-way


def inventory(n: int = ROWS) -> bytes:
    """An inventory of ``n`` devices, makers and sites cycling at different periods (so every
    pair of them occurs)."""
    lines = ["asset_id,hostname,site,vendor,model"]
    for i in range(n):
        lines.append(f"A{i:05d},host-{i},{SITES[i % len(SITES)]},{VENDORS[i % len(VENDORS)]},M{i % 11}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def screened(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from supplyscreen.store import open_store

    st_ = open_store(f"sqlite:///{tmp_path_factory.mktemp('results') / 'store.db'}")
    with st_.session() as s:
        u = users.create_user(s, "red", "rita", "correct horse battery", "reviewer")
        team, uid = u.team_id, u.id
        users.create_user(s, "blue", "bob", "correct horse battery", "reviewer")
    sid = screenings.submit(st_, screenings.Submission(team, "rita", uid, "fleet.csv", inventory(), "us-ndaa-889",
                                                       None, "inventory"))
    yield st_, team, sid
    st_.close()


ANY = results.ItemFilter()


def every_item(store: Any, team: int, sid: int, flt: results.ItemFilter = ANY,
               size: int = results.MAX_PAGE_SIZE) -> list[Any]:
    out, page = [], 1
    with store.session() as s:
        while True:
            _, pg = results.items_page(s, store.url, team, sid, flt, page, size)
            out += [row for row, _ in pg.items]
            if page >= pg.pages:
                return out
            page += 1


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(size=st.integers(1, 120), decision=st.sampled_from(["", *results.DECISIONS]))
def test_pages_partition_the_items_in_input_order(screened: Any, size: int, decision: str) -> None:
    store, team, sid = screened
    flt = results.ItemFilter.of(decision)
    paged = every_item(store, team, sid, flt, size)
    whole = every_item(store, team, sid)
    assert [r.seq for r in paged] == [r.seq for r in whole if not decision or r.decision == decision]
    with store.session() as s:
        _, first = results.items_page(s, store.url, team, sid, flt, 1, size)
    assert first.total == len(paged) and first.pages == max(1, -(-len(paged) // size))


def test_counts_agree_with_the_items(screened: Any) -> None:
    store, team, sid = screened
    whole = every_item(store, team, sid)
    assert [r.seq for r in whole] == list(range(1, ROWS + 1))
    with store.session() as s:
        f = results.facets(s, store.url, screenings.get(s, team, sid))
    assert f.total == ROWS and sum(f.decisions.values()) == ROWS
    for d in results.DECISIONS:
        assert f.decisions.get(d, 0) == sum(r.decision == d for r in whole)
    assert f.final == {d: n for d, n in f.decisions.items() if n}  # nothing reviewed yet
    assert dict(f.sites) == {site: sum(r.site == site for r in whole) for site in SITES}
    assert f.sites_distinct == 3 and f.makers_distinct == len({r.maker for r in whole if r.maker})
    assert f.decisions.get("exclude", 0) > 0 and f.rules
    # The counts kept as the items were written are what counting the stored items says.
    with store.session() as s:
        kept = s.get(m.ScreeningFacets, sid)
        assert kept is not None and json.loads(kept.body) == json.loads(results._tally(s, sid))


def test_each_filter_and_their_combination(screened: Any) -> None:
    store, team, sid = screened
    whole = every_item(store, team, sid)
    huawei = next(r.maker for r in whole if r.ref.startswith("A") and r.seq % len(VENDORS) == 1)
    by_maker = every_item(store, team, sid, results.ItemFilter.of(maker=huawei))
    assert by_maker and {r.maker for r in by_maker} == {huawei}
    # As typed by a person: the maker is normalised the way it was stored.
    assert [r.seq for r in every_item(store, team, sid, results.ItemFilter.of(maker="  HUAWEI "))] == \
        [r.seq for r in by_maker]
    by_site = every_item(store, team, sid, results.ItemFilter.of(site="Head Office"))
    assert len(by_site) == sum(r.site == "Head Office" for r in whole)
    both = every_item(store, team, sid, results.ItemFilter.of("exclude", huawei, "Head Office"))
    assert {r.seq for r in both} == ({r.seq for r in by_maker} & {r.seq for r in by_site}
                                     & {r.seq for r in whole if r.decision == "exclude"})
    with store.session() as s:
        rule, n = results.facets(s, store.url, screenings.get(s, team, sid)).rules[0]
    with store.session() as s:
        _, pg = results.items_page(s, store.url, team, sid, results.ItemFilter.of(rule=rule), 1, 500)
        assert pg.total == n == len(pg.items)
        assert all(rule in [x["id"] for x in doc["rules"]] for _, doc in pg.items)
    assert every_item(store, team, sid, results.ItemFilter.of(maker="no such maker")) == []


@pytest.mark.parametrize(("args", "named"), [
    ({"decision": "deny"}, "decision"), ({"maker": "x" * 301}, "maker"), ({"site": "s" * 400}, "site"),
    ({"rule": "r" * 1000}, "rule"),
])
def test_a_bad_filter_names_its_parameter(args: dict[str, str], named: str) -> None:
    with pytest.raises(Invalid, match=named):
        results.ItemFilter.of(**args)


def test_bad_pages_and_another_team(screened: Any) -> None:
    store, team, sid = screened
    with store.session() as s:
        with pytest.raises(Invalid, match="page size"):
            results.items_page(s, store.url, team, sid, results.ItemFilter(), 1, 0)
        with pytest.raises(Invalid, match="numbered from 1"):
            results.items_page(s, store.url, team, sid, results.ItemFilter(), 0)
        _, past = results.items_page(s, store.url, team, sid, results.ItemFilter(), 99)
        assert past.items == [] and past.pages == 3 and past.total == ROWS
        with pytest.raises(screenings.NotFound):
            results.items_page(s, store.url, team + 1, sid, results.ItemFilter())
    with pytest.raises(screenings.NotFound):
        results.export(store, team + 1, sid, "csv")
    with pytest.raises(Invalid, match="export format"):
        results.export(store, team, sid, "xlsx")


def test_a_review_moves_the_final_counts(tmp_path: Path) -> None:
    from supplyscreen.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with store.session() as s:
        u = users.create_user(s, "red", "rita", "correct horse battery", "reviewer")
        team = u.team_id
    sid = screenings.submit(store, screenings.Submission(team, "rita", None, "f.csv", inventory(20), "us-ndaa-889",
                                                         None, "inventory"))
    with store.session() as s:
        before = results.facets(s, store.url, screenings.get(s, team, sid))
        target = next(r for r in screenings.get(s, team, sid).items if r.decision == "exclude")
        review.act(s, team, target.id, "rita", "false_positive", "our own brand", "allow")
    with store.session() as s:
        after = results.facets(s, store.url, screenings.get(s, team, sid))
    assert after.decisions == before.decisions  # as screened: unchanged
    assert after.final["exclude"] == before.final["exclude"] - 1
    assert after.final["allow"] == before.final.get("allow", 0) + 1
    # The dashboard's totals: the kept counts moved by reviews are what counting every item says.
    sid2 = screenings.submit(store, screenings.Submission(team, "rita", None, "g.csv", inventory(9), "us-ndaa-889"))
    with store.session() as s:
        counted = dict(s.execute(select(m.ScreeningItem.final_decision, func.count())
                                 .where(m.ScreeningItem.screening_id.in_([sid, sid2]))
                                 .group_by(m.ScreeningItem.final_decision)).all())
        assert screenings.decision_totals(s, team) == counted
        assert after.final == {k: v for k, v in dict(s.execute(
            select(m.ScreeningItem.final_decision, func.count()).where(m.ScreeningItem.screening_id == sid)
            .group_by(m.ScreeningItem.final_decision)).all()).items()}
    store.close()


def joined(chunks: Any) -> bytes:
    parts = list(chunks)
    assert len(parts) >= 2  # streamed, not one body
    return b"".join(parts)


def test_exports_stream_every_item(screened: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store, team, sid = screened
    monkeypatch.setattr(results, "EXPORT_BATCH", 64)  # several batches of a small screening
    whole = every_item(store, team, sid)
    body, media, name = results.export(store, team, sid, "csv")
    rows = list(csv.DictReader(io.StringIO(joined(body).decode())))
    assert media.startswith("text/csv") and name == "fleet.csv"
    assert [(int(r["seq"]), r["ref"], r["decision"], r["site"]) for r in rows] == \
        [(r.seq, r.ref, r.decision, r.site) for r in whole]
    body, media, name = results.export(store, team, sid, "json")
    doc = json.loads(joined(body))
    assert media == "application/json" and name == "fleet.json"
    assert doc["id"] == sid and doc["summary"]["rows_out"] == ROWS
    assert [i["ref"] for i in doc["items"]] == [r.ref for r in whole]
    assert doc["items"][0] == {**whole[0].doc(), "final_decision": whole[0].final_decision,
                               "review_state": whole[0].review_state, "note": whole[0].note}


def test_parquet_export_reads_back(screened: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow (the parquet extra) is not installed")
    store, team, sid = screened
    monkeypatch.setattr(results, "EXPORT_BATCH", 100)
    body, _, name = results.export(store, team, sid, "parquet")
    table = pq.read_table(io.BytesIO(joined(body)))
    assert name == "fleet.parquet" and table.num_rows == ROWS
    assert table.column("seq").to_pylist() == list(range(1, ROWS + 1))
    whole = every_item(store, team, sid)
    assert table.column("decision").to_pylist() == [r.decision for r in whole]
    assert pq.ParquetFile(io.BytesIO(joined(results.export(store, team, sid, "parquet")[0]))).num_row_groups == 3


def test_alert_summary_counts_what_the_item_alerts_list(tmp_path: Path) -> None:
    """The events page's summary per event is the per-item alerts, counted: the same events, the
    same number of items per screening, and examples among them."""
    from supplyscreen.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with store.session() as s:
        team = users.create_user(s, "red", "rita", "correct horse battery", "reviewer").team_id
    intel.add_articles(store, team, "rita", [intel.Upload(p.name, p.read_bytes())
                                             for p in sorted((INTEL / "batch").iterdir()) if p.name != "empty.txt"])
    for name, data in (("watch.csv", (INTEL / "watch.csv").read_bytes()), ("fleet.csv", inventory(60))):
        screenings.submit(store, screenings.Submission(team, "rita", None, name, data, "us-ndaa-889"))
    with store.session() as s:
        per_item = intel.alerts(s, team)
        summary = intel.alert_summary(s, team)
    assert per_item and len(summary) == len(per_item)
    for (a, hits), sm in zip(sorted(per_item, key=lambda x: x[0].event_id), sorted(summary, key=lambda x: x.event_id),
                             strict=True):
        assert sm.event_id == a.event_id and sm.items == len(hits)
        counted = {h.screening: h.items for h in sm.screenings}
        assert counted == {sid: sum(h.screening == sid for h in hits) for sid in {h.screening for h in hits}}
        listed = {(h.screening, h.item) for h in hits}
        assert all((e.screening, e.item) in listed for h in sm.screenings for e in h.examples)
        assert all(sum(n for _, n in h.makers) <= h.items for h in sm.screenings)
        assert f"touches {sm.items:,} screened item(s)" in sm.reason
    store.close()


def test_every_json_item_is_the_stored_item_with_its_review(screened: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    store, team, sid = screened
    monkeypatch.setattr(results, "EXPORT_BATCH", 50)
    whole = every_item(store, team, sid)
    doc = json.loads(joined(results.export(store, team, sid, "json")[0]))
    assert doc["items"] == [{**r.doc(), "final_decision": r.final_decision, "review_state": r.review_state,
                             "note": r.note} for r in whole]


def test_items_stored_whole_before_evidence_had_a_table_export_the_same(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An item stored with its matches and rules in its own text (before 0004) is exported as one
    stored apart: the same CSV columns and JSON item."""
    from supplyscreen.store import open_store

    monkeypatch.setattr(results, "EXPORT_BATCH", 8)
    store = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with store.session() as s:
        team = users.create_user(s, "red", "rita", "correct horse battery", "reviewer").team_id
    sid = screenings.submit(store, screenings.Submission(team, "rita", None, "f.csv", inventory(21), "us-ndaa-889"))
    before = [joined(results.export(store, team, sid, fmt)[0]) for fmt in ("csv", "json")]
    with store.writing() as s:
        for it in s.scalars(select(m.ScreeningItem).where(m.ScreeningItem.screening_id == sid,
                                                           m.ScreeningItem.evidence_id.is_not(None))):
            it.result, it.evidence_id = json.dumps(it.doc()), None
    after = [joined(results.export(store, team, sid, fmt)[0]) for fmt in ("csv", "json")]
    assert after[0] == before[0]
    assert json.loads(after[1]) == json.loads(before[1])
    store.close()


CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    ["", "null", "NaN", "N/A", " padded ", '"quoted"', "a,b", "two\nlines", "cr\ronly", "=1+1", "1e5"])


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(1, 2**40), st.none() | st.integers(0, 2**31),
                               st.lists(CELL, min_size=11, max_size=11)), min_size=1, max_size=20))
def test_parquet_batches_hold_each_value_as_given(rows: list[tuple[int, int | None, list[str]]]) -> None:
    """Arrow's CSV reader builds the Parquet tables: every string comes back as it was (empty,
    quotes, separators, line breaks, words a reader could take for null), integers as integers."""
    pytest.importorskip("pyarrow", reason="pyarrow (the parquet extra) is not installed")
    texts = [c for c in results.CSV_COLUMNS if c not in ("seq", "line")]
    batch = [{"seq": seq, "line": line, **dict(zip(texts, cells, strict=True))} for seq, line, cells in rows]
    (table,) = list(results._arrow_batches(iter([batch])))
    assert table.column_names == list(results.CSV_COLUMNS)
    assert table.to_pylist() == batch


def test_a_page_leaves_the_uploaded_file_unread(screened: Any) -> None:
    """The file kept with a screening (a million-row upload is ~110 MB) is read only when used."""
    from sqlalchemy import inspect

    store, team, sid = screened
    with store.session() as s:
        sc, _ = results.items_page(s, store.url, team, sid, ANY)
        results.facets(s, store.url, sc)
        assert "input" in inspect(sc).unloaded
        assert sc.input == inventory()  # and there when asked for
