"""Administration end to end in a real headless Chromium (Debian's chromium driven by Playwright):
an administrator invites a user, changes their role, creates and revokes an API token, creates a
team, deactivates the user; the invited user changes their password; a non-administrator gets no
Admin link and a 403. Screenshots of each step are left in the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from service_fixtures import CHROMIUM_ARGS, chromium_or_skip, live_app

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("uvicorn", reason="the service extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = chromium_or_skip()

ARGS = CHROMIUM_ARGS
PW = "correct horse battery"


@pytest.fixture
def server(sqlite_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from supplyscreen.service import users

    with sqlite_store.session() as s:
        users.create_user(s, "procurement", "ada", PW, "admin")
        users.create_user(s, "procurement", "olga", PW, "officer")
    with live_app(sqlite_store) as url:
        yield url


def _log_in(page, server: str, who: str, password: str = PW) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/login")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Dashboard')")


def test_an_administrator_runs_the_team_in_the_browser(server: str, tmp_path: Path) -> None:
    errors: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.set_default_timeout(120_000)  # a loaded 2-core host can exceed Playwright's 30 s
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _log_in(page, server, "ada")
            page.click("nav >> text=Admin")
            page.wait_for_selector("h1:has-text('Administration')")
            page.screenshot(path=tmp_path / "1-admin.png", full_page=True)

            page.fill("#users input[name=username]", "nina")
            page.select_option("#users form[action='/admin/users'] select[name=role]", "viewer")
            page.click("#users form[action='/admin/users'] button[type=submit]")
            page.wait_for_selector("text=User invited.")
            temporary = page.inner_text("#secret")
            assert len(temporary) >= 16
            page.screenshot(path=tmp_path / "2-invited.png", full_page=True)

            row = page.locator("#users tbody tr", has_text="nina")
            row.locator("select[name=role]").select_option("reviewer")
            row.locator("button:has-text('Change')").click()
            page.wait_for_selector("text=Role changed.")
            assert page.locator("#users tbody tr", has_text="nina").locator("select[name=role]").input_value() == "reviewer"

            page.fill("#tokens input[name=name]", "nightly ci")
            page.fill("#tokens input[name=days]", "30")
            page.click("#tokens form[action='/admin/tokens'] button[type=submit]")
            page.wait_for_selector("text=Token created.")
            assert page.inner_text("#secret").startswith("sst_")
            token_row = page.locator("#tokens tbody tr", has_text="nightly ci")
            assert "live" in token_row.inner_text()
            token_row.locator("button:has-text('Revoke')").click()
            page.wait_for_selector("text=Token revoked.")
            assert "revoked" in page.locator("#tokens tbody tr", has_text="nightly ci").inner_text()

            page.fill("#teams input[name=name]", "facilities")
            page.fill("#teams input[name=admin_username]", "fred")
            page.click("#teams form[action='/admin/teams'] button[type=submit]")
            page.wait_for_selector("text=Team created.")
            assert page.locator("#teams tbody tr", has_text="facilities").count() == 1
            page.screenshot(path=tmp_path / "3-token-and-team.png", full_page=True)

            # The invited user signs in with the temporary password and changes it.
            other = browser.new_page(viewport={"width": 1366, "height": 900})
            other.set_default_timeout(120_000)
            _log_in(other, server, "nina", temporary)
            assert other.locator("nav >> text=Admin").count() == 0  # not an administrator
            assert other.goto(server + "/admin").status == 403  # type: ignore[union-attr]
            other.goto(server + "/account")
            other.fill("input[name=current]", temporary)
            other.fill("input[name=new]", "nina's own password")
            other.fill("input[name=again]", "nina's own password")
            other.click("form[action='/account/password'] button[type=submit]")
            other.wait_for_selector("text=Password changed")
            other.screenshot(path=tmp_path / "4-password-changed.png", full_page=True)
            other.goto(server + "/")  # her own session goes on
            assert other.locator("h1:has-text('Dashboard')").count() == 1

            page.goto(server + "/admin")
            page.locator("#users tbody tr", has_text="nina").locator("button:has-text('Deactivate')").click()
            page.wait_for_selector("text=User deactivated.")
            assert "deactivated" in page.locator("#users tbody tr", has_text="nina").inner_text()
            page.screenshot(path=tmp_path / "5-deactivated.png", full_page=True)
            other.goto(server + "/")
            assert other.url.endswith("/login")  # her session ended with the deactivation

            page.goto(server + "/audit")
            trail = page.inner_text("table.audit")
            for action in ("user.created", "user.role_changed", "token.issued", "token.revoked", "team.created",
                           "password.changed", "user.deactivated"):
                assert action in trail, action
            page.screenshot(path=tmp_path / "6-audit.png", full_page=True)
        finally:
            browser.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
