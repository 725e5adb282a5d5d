"""End to end in a real headless Chromium (Debian's chromium driven by Playwright; never
`playwright install`): log in, upload a small item list, see decisions, review one, see the audit
trail. Screenshots of each step are left in the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service_fixtures import CHROMIUM_ARGS, chromium_or_skip, live_app

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("uvicorn", reason="the service extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = chromium_or_skip()

MIXED = Path(__file__).parent.parent / "assets" / "check" / "mixed.csv"
INTEL = Path(__file__).parent.parent / "assets" / "intel"
ARGS = CHROMIUM_ARGS
PW = "correct horse battery"


@pytest.fixture
def server(sqlite_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from supplyscreen.service import users

    with sqlite_store.session() as s:
        users.create_user(s, "procurement", "rita", PW, "reviewer")
    with live_app(sqlite_store) as url:
        yield url


def test_log_in_upload_review_and_see_the_audit_trail(server: str, tmp_path: Path) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            # A loaded 2-core host can take more than the default 30 s to screen and navigate.
            page.set_default_timeout(120_000)
            page.goto(server + "/")
            assert page.url.endswith("/login")
            page.fill("input[name=username]", "rita")
            page.fill("input[name=password]", PW)
            page.screenshot(path=tmp_path / "1-login.png")
            page.click("button[type=submit]")
            page.wait_for_selector("text=Screen a file")
            page.set_input_files("input[type=file]", str(MIXED))
            page.click("form[action='/screenings'] button[type=submit]")
            page.wait_for_selector("h1:has-text('Screening #')")
            assert page.locator("table.items tbody tr").count() == 7
            assert page.locator("text=Huawei Technologies Co., Ltd.").count() >= 1
            page.screenshot(path=tmp_path / "2-decisions.png", full_page=True)

            page.click("text=Review queue")
            card = page.locator("section.card").first
            ref = card.locator("h3 a").first.inner_text()
            # The waiver fields show only for a waiver (the page's small script).
            assert not card.locator(".waiver-fields").is_visible()
            card.locator("select.action").select_option("waive")
            assert card.locator(".waiver-fields").is_visible()
            card.locator("select.action").select_option("false_positive")
            card.locator("input[name=reason]").fill("Our own camera brand, not the designated maker")
            page.screenshot(path=tmp_path / "3-queue.png", full_page=True)
            card.locator("button[type=submit]").click()
            page.wait_for_load_state()
            assert ref not in [a.inner_text() for a in page.locator("section.card h3 a").all()][:1]

            page.click("text=Audit trail")
            page.wait_for_selector("text=The hash chain verifies")
            assert page.locator("td:has-text('review.false_positive')").count() == 1
            assert page.locator("text=Our own camera brand").count() == 1
            page.screenshot(path=tmp_path / "4-audit.png", full_page=True)

            page.goto(server + "/entities/huawei")
            assert page.locator("h2:has-text('Designations')").count() == 1
            page.screenshot(path=tmp_path / "5-entity.png")
            page.goto(server + "/")
            page.screenshot(path=tmp_path / "6-dashboard.png", full_page=True)

            page.click("text=Events")
            page.wait_for_selector("h1:has-text('Restriction events')")
            page.set_input_files("input[name=files]", [str(p) for p in sorted((INTEL / "batch").iterdir())
                                                       if p.name.startswith(("alpha", "beta", "delta", "mixed"))]
                                 + [str(INTEL / "feed.xml")])
            page.click("form[action='/events/articles'] button[type=submit]")
            page.wait_for_selector(".chart svg circle")
            assert page.locator("table.events tbody tr").count() >= 3
            page.screenshot(path=tmp_path / "7-events.png", full_page=True)
        finally:
            browser.close()
