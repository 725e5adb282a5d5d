"""A 200,000-row screening and the phone layout in a real headless Chromium (Debian's chromium
driven by Playwright): the screening's page is paged and filtered on the server, its counts and
bars on top; at 390 px every navigation link is on screen and no page is wider than the screen
(tables scroll inside their box). Screenshots are left in the test's temporary folder.

The screening is a real 120-row inventory screened through the service, whose stored items are
then copied in the database (new sequence numbers and refs) up to 200,000: screening that many
rows would take minutes, and what is under test is what the pages do with what is stored."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service_fixtures import CHROMIUM_ARGS, chromium_or_skip, live_app

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("uvicorn", reason="the service extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = chromium_or_skip()

INTEL = Path(__file__).parent.parent / "assets" / "intel"
ARGS = CHROMIUM_ARGS
PW = "correct horse battery"
ROWS = 200_000
SITES = ("Depot North", "Depot South", "Head Office", "Clinic 12")
VENDORS = ("Huawei", "Hikvision", "Cisco Systems", "Dell", "ZTE", "", "Juniper Networks", "Lenovo", "HP", "Axis")
PHONE = {"width": 390, "height": 844}


def inventory(n: int) -> bytes:
    lines = ["asset_id,hostname,site,vendor,model"]
    lines += [f"A{i:05d},host-{i},{SITES[i % len(SITES)]},{VENDORS[i % len(VENDORS)]},M{i % 13}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def grow(store: Any, sid: int, rows: int) -> None:
    """Copy screening ``sid``'s stored items until it holds ``rows`` (SQLite, one statement)."""
    from supplyscreen.service import results

    with store.writing() as s:
        conn = s.connection()
        cols = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(items)")]
        n = conn.exec_driver_sql(f"SELECT count(*) FROM items WHERE screening_id = {sid}").scalar()
        copied = [c for c in cols if c not in ("id", "screening_id", "seq", "ref")]
        conn.exec_driver_sql(
            "WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < ?) "
            f"INSERT INTO items (screening_id, seq, ref, {', '.join(copied)}) "
            f"SELECT i.screening_id, i.seq + k.x * {n}, i.ref || '-' || k.x, {', '.join('i.' + c for c in copied)} "
            f"FROM items i, k WHERE i.screening_id = {sid} AND i.seq + k.x * {n} <= {rows}", (-(-rows // n),))
        counts = dict(conn.exec_driver_sql(
            f"SELECT decision, count(*) FROM items WHERE screening_id = {sid} GROUP BY decision").all())
        conn.exec_driver_sql("UPDATE screenings SET counts = ?, rows_in = ?, rows_out = ? WHERE id = ?",
                             (json.dumps(counts, sort_keys=True), rows, rows, sid))
    results.keep_facets(store, sid)  # the counts kept with its items, made again for the copies


@pytest.fixture
def server(sqlite_store) -> Iterator[tuple[str, int]]:  # type: ignore[no-untyped-def]
    from supplyscreen.service import intel, screenings, users

    with sqlite_store.session() as s:
        team = users.create_user(s, "procurement", "rita", PW, "reviewer").team_id
    sid = screenings.submit(sqlite_store, screenings.Submission(team, "rita", None, "fleet.csv", inventory(120),
                                                                "us-ndaa-889", None, "inventory"))
    grow(sqlite_store, sid, ROWS)
    intel.add_articles(sqlite_store, team, "rita", [intel.Upload(p.name, p.read_bytes())
                                                     for p in sorted((INTEL / "batch").iterdir())
                                                     if p.name.startswith(("alpha", "beta"))])
    with live_app(sqlite_store) as url:
        yield url, sid


def log_in(page: Any, server: str) -> None:
    page.goto(server + "/login")
    page.fill("input[name=username]", "rita")
    page.fill("input[name=password]", PW)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Screen a file")


def fits(page: Any) -> None:
    """Every navigation link and the log-out button shown inside the screen's width, and nothing
    wider than the screen (a wide table scrolls in its own box)."""
    width = page.viewport_size["width"]
    for el in [*page.locator("header nav a").all(), page.locator("header button").first]:
        assert el.is_visible(), el.inner_text()
        box = el.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (el.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_a_200000_row_screening_paged_and_filtered(server: tuple[str, int], tmp_path: Path) -> None:
    url, sid = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.set_default_timeout(120_000)  # a busy machine: the pages' speed is the benchmark's business
            log_in(page, url)
            t0 = time.perf_counter()
            page.goto(f"{url}/screenings/{sid}")
            first_load = time.perf_counter() - t0
            assert page.locator("table.items tbody tr").count() == 100
            assert "200,000 items · page 1 of 2,000" in page.locator("nav.pager").first.inner_text()
            page.screenshot(path=tmp_path / "1-screening.png")
            # Counts on top: the decision bars add up to every row.
            bars = page.locator(".charts .bars").first.locator("a.bar .n").all_inner_texts()
            assert sum(int(n.replace(",", "")) for n in bars) == ROWS
            page.click("nav.pager >> text=last")
            page.wait_for_load_state()
            assert page.locator("table.items tbody tr td:first-child").last.inner_text() == str(ROWS)
            # A decision from its bar, then a site from the filter form on top of it.
            page.goto(f"{url}/screenings/{sid}")
            excluded = page.locator(".charts .bars").first.locator("a.bar", has_text="exclude")
            n_excluded = int(excluded.locator(".n").inner_text().replace(",", ""))
            excluded.click()
            page.wait_for_load_state()
            assert f"{n_excluded:,} items matching" in page.locator("nav.pager").first.inner_text()
            assert page.locator("table.items tbody tr.exclude").count() == 100
            page.fill("form.filters input[name=site]", "Head Office")
            page.click("form.filters button[type=submit]")
            page.wait_for_load_state()
            pager = page.locator("nav.pager").first.inner_text()
            assert "decision=exclude" in page.url and "site=Head+Office" in page.url
            n_both = int(pager.split(" item")[0].replace(",", ""))
            assert 0 < n_both < n_excluded
            assert set(page.locator("table.items tbody td:nth-child(3) small").all_inner_texts()) == {"Head Office"}
            page.screenshot(path=tmp_path / "2-filtered.png")
            # A rule from the list of rules.
            page.goto(f"{url}/screenings/{sid}")
            page.select_option("form.filters select[name=rule]", index=1)
            page.click("form.filters button[type=submit]")
            page.wait_for_load_state()
            assert "rule=" in page.url and page.locator("table.items tbody tr").count() > 0

            # The events page counts the alerts' items instead of linking each.
            page.goto(url + "/events")
            alert = page.locator(".alert").first
            assert alert.is_visible() and "screened item(s)" in alert.inner_text()
            assert page.locator(".alert a[href^='/items/']").count() <= 3 * page.locator(".hits li").count()
            page.screenshot(path=tmp_path / "3-events.png")

            # The same on a phone.
            phone = browser.new_page(viewport=PHONE)
            phone.set_default_timeout(120_000)
            log_in(phone, url)
            for path in ("/", f"/screenings/{sid}", f"/screenings/{sid}?decision=exclude", "/events", "/queue",
                         "/waivers", "/cases", "/entities?q=huawei", "/audit"):
                phone.goto(url + path)
                fits(phone)
            phone.goto(f"{url}/screenings/{sid}?decision=exclude")
            phone.screenshot(path=tmp_path / "4-phone-screening.png")
            # The items table is wider than a phone: it scrolls inside its box, which fits the screen.
            table = phone.locator("table.items")
            assert table.evaluate("t => [t, t.closest('.scroll')].some(e => e.scrollWidth > e.clientWidth)")
            assert table.evaluate("t => t.closest('.scroll').getBoundingClientRect().right") <= PHONE["width"]
            table.evaluate("t => { t.scrollLeft = 200; t.closest('.scroll').scrollLeft = 200; }")
            table.screenshot(path=tmp_path / "4b-phone-table-scrolled.png")
            phone.goto(url + "/")
            phone.screenshot(path=tmp_path / "5-phone-dashboard.png", full_page=True)
            phone.goto(url + "/events")
            phone.screenshot(path=tmp_path / "6-phone-events.png", full_page=True)
        finally:
            browser.close()
    # A generous bound, not a benchmark (benchmarks/large_screening.py is): the page read every
    # item before it was paged (minutes at this size).
    assert first_load < 15, first_load
