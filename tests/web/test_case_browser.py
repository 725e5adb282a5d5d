"""A procurement case end to end in a real headless Chromium (Debian's chromium driven by
Playwright; never `playwright install`): an officer logs in, opens a case answering the guided
questionnaire, uploads three bids (clean; a domestic router whose BOM has a HiSilicon SoC three
levels deep; a gateway whose LTE module's maker is unknown), sees them side by side, asks and
answers the suggested question, and downloads the consultation package. Then, in Japanese, a
reviewer records the National Cybersecurity Office's reply "use another source" about the clean bid,
the award guard blocks its award, the reviewer requests an override with a written justification,
a second reviewer confirms it, and the package shows the override in red; the case's audit trail
verifies. Screenshots of each step are left in the test's temporary folder."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from service_fixtures import CHROMIUM_ARGS, chromium_or_skip, live_app

pytest.importorskip("fastapi", reason="the service extra is not installed")
pytest.importorskip("uvicorn", reason="the service extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = chromium_or_skip()

ASSETS = Path(__file__).parent.parent / "assets" / "case"
ARGS = CHROMIUM_ARGS
PW = "correct horse battery"
ANSWERS = {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
           "confidential-information": "no", "personal-data": "no", "core-infrastructure": "yes", "very-costly": "no",
           "other-judged": "no", "us-federal": "no"}


@pytest.fixture
def server(sqlite_store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app on a free port, with an officer and a reviewer of an agency whose administrators put
    Huawei on the team's own list (the agency's list under the 2018 agreement, which names no one)."""
    from supplyscreen.service import users
    from supplyscreen.store import audit
    from supplyscreen.store import models as m

    with sqlite_store.session() as s:
        olga = users.create_user(s, "digital-agency", "olga", PW, "officer")
        users.create_user(s, "digital-agency", "rita", PW, "reviewer")
        users.create_user(s, "digital-agency", "ren", PW, "reviewer")
        payload = {"id": "huawei", "name": "Huawei Technologies Co., Ltd."}
        s.add(m.RegistryEdit(team_id=olga.team_id, actor="admin", action="designate", entity_id="huawei",
                             entity_name=payload["name"], payload=audit.canonical(payload), reason="agency list"))
    with live_app(sqlite_store) as url:
        yield url


def _log_in(page, server: str, who: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/login")
    page.fill("input[name=username]", who)
    page.fill("input[name=password]", PW)
    page.click("button[type=submit]")
    page.wait_for_selector("header nav")


def _add_bid(page, bidder: str, items: str | None = None, bom: str | None = None) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("#add-bid form")
    form.locator("input[name=bidder]").fill(bidder)
    if items:
        form.locator("input[name=items]").set_input_files(str(ASSETS / items))
    if bom:
        form.locator("input[name=bom]").set_input_files(str(ASSETS / bom))
    form.locator("select[name=far_24_provide]").select_option("will-not")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f"table.side th:has-text('{bidder}')")


def test_a_case_with_three_bids_through_the_browser(server: str, tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            ctx = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
            ctx.set_default_timeout(120_000)  # a loaded 2-core host can exceed the default 30 s
            page = ctx.new_page()
            _log_in(page, server, "olga")

            # A new case, classified with the guided questionnaire: first checked, then opened.
            page.click("header nav >> text=Cases")
            page.click("text=New case")
            page.fill("input[name=agency]", "デジタル庁")
            page.fill("input[name=title]", "Office LAN renewal")
            page.fill("textarea[name=description]", "Routers and servers for the ministry LAN")
            page.fill("input[name=budget]", "120,000,000")
            page.fill("input[name=deadline]", "2026-12-01")
            for q, a in ANSWERS.items():
                page.check(f"input[name='answer.{q}'][value='{a}']")
            page.click("button[value=preview]")
            page.wait_for_selector("#preview")
            assert "Supply-chain review required" in page.locator("#preview").inner_text()
            assert "jp-gov-it-procurement-2018" in page.locator("#preview").inner_text()
            page.screenshot(path=shots / "1-new-case.png", full_page=True)
            page.click("button[value=open]")
            page.wait_for_selector("h1:has-text('Office LAN renewal')")
            case_url = page.url
            assert "Supply-chain review required" in page.locator("#classification").inner_text()

            page.locator("#add-bid").screenshot(path=shots / "1a-add-bid-form.png")
            # Three bids, one of them uploaded with two files.
            _add_bid(page, "Sakura Systems", items="clean-items.csv")
            _add_bid(page, "Yamato Networks", items="router-items.csv", bom="router-hisilicon.cdx.json")
            _add_bid(page, "Hokuto Denki", bom="gateway-unknown-module.hbom.csv")
            side = page.locator("table.side")
            decisions = [x.inner_text().strip() for x in side.locator("tr.row-decision td").all()]
            risks = [x.inner_text().strip() for x in side.locator("tr.row-risk td").all()]
            assert decisions == ["ALLOW", "REVIEW", "UNKNOWN"]  # badges are upper-cased by the style
            assert risks == ["NONE", "HIGH", "MEDIUM"]
            router = page.locator("section.bid", has_text="Yamato Networks")
            finding = router.locator(".finding")
            assert finding.count() == 1
            crumb = finding.locator(".crumb").inner_text()
            assert crumb.replace("\n", "") == "YR-500 router›Mainboard›NP-2 network processor module›Hi5651 network SoC"
            assert "3 levels deep" in finding.inner_text()
            assert "HiSilicon Technologies Co., Ltd." in finding.inner_text()
            assert "subsidiary of Huawei Technologies" in finding.inner_text()  # the evidence chain
            assert "Parts made by designated makers" in router.inner_text()
            assert "needs inquiry" in router.inner_text()  # its 52.204-24 answer against the SoC
            page.screenshot(path=shots / "2-bids-side-by-side.png", full_page=True)
            side.screenshot(path=shots / "2a-side-table.png")
            router.screenshot(path=shots / "2b-router-bid.png")

            # The gateway's unknown LTE module maker: ask the suggested question, record the answer.
            gateway = page.locator("section.bid", has_text="Hokuto Denki")
            assert "LTE module" in gateway.locator(".unknown-maker").inner_text()
            gateway.locator(".unknown-maker button:has-text('Ask the bidder')").click()
            page.wait_for_selector("#questions tr#question-1")
            assert "Please name the manufacturer" in page.locator("#question-1").inner_text()
            page.fill("#question-1 textarea[name=text]", "LTE module: Quectel EG25-G")
            page.fill("#question-1 input[name=by]", "Hokuto Denki sales")
            page.click("#question-1 button:has-text('Record the answer')")
            page.wait_for_selector("#question-1:has-text('Quectel EG25-G')")
            assert "answered" in page.locator("section.bid", has_text="Hokuto Denki").locator(".unknown-maker").inner_text()
            # An officer neither records the reply nor decides.
            assert page.locator("form[action$='/reply']").count() == 0
            assert page.locator("form[action$='/decision']").count() == 0

            # The same page in Japanese, and the consultation package in Japanese.
            page.goto(case_url + "?lang=ja")
            assert page.locator("table.side tr.row-decision td").first.inner_text().strip() == "可"
            assert "指定された製造者の部品" in page.locator("section.bid", has_text="Yamato Networks").inner_text()
            assert "入札の比較" in page.inner_text("main")
            page.screenshot(path=shots / "3-case-ja.png", full_page=True)
            page.locator("table.side").screenshot(path=shots / "3a-side-table-ja.png")
            page.locator("section.bid", has_text="Hokuto Denki").screenshot(path=shots / "3b-gateway-bid-ja.png")
            page.locator("#questions").screenshot(path=shots / "3c-questions-ja.png")
            with page.expect_download() as dl:
                page.click("form.package button[type=submit]")
            bundle_zip = tmp_path / "package.zip"
            dl.value.save_as(bundle_zip)
            with zipfile.ZipFile(bundle_zip) as z:
                names = set(z.namelist())
                z.extractall(tmp_path / "package")
            assert {"case-1-package.html", "case-1-package.json", "case-1-package.pdf", "SHA256SUMS"} <= names
            raw = (tmp_path / "package" / "case-1-package.json").read_bytes()
            bundle = json.loads(raw)
            assert bundle["lang"] == "ja" and [b["bidder"] for b in bundle["bids"]] == [
                "Sakura Systems", "Yamato Networks", "Hokuto Denki"]
            html = (tmp_path / "package" / "case-1-package.html").read_text(encoding="utf-8")
            assert hashlib.sha256(raw).hexdigest() in html
            assert (tmp_path / "package" / "case-1-package.pdf").read_bytes()[:5] == b"%PDF-"
            pkg_page = ctx.new_page()
            pkg_page.goto((tmp_path / "package" / "case-1-package.html").as_uri())
            assert "サプライチェーン・リスクに関する相談資料" in pkg_page.inner_text("h1")
            pkg_page.screenshot(path=shots / "4-package-ja.png", full_page=True)
            pkg_page.close()
            page.goto(case_url + "?lang=en")
            assert page.locator("#consultation").inner_text().count("awaiting the reply") == 1
            page.click("header form.who button")  # log out

            # In Japanese, the reviewer records the reply about bid 1: use another source.
            _log_in(page, server, "rita")
            page.goto(case_url + "?lang=ja")
            reply = page.locator("form.reply")
            reply.locator("select[name=bid]").select_option("1")
            reply.locator("select[name=outcome]").select_option("another-source")
            reply.locator("textarea[name=reply]").fill("サクラシステムズの提案は他の調達先を検討されたい。")
            reply.locator("button[type=submit]").click()
            page.wait_for_selector("#consultation:has-text('他の調達先を検討されたい')")
            assert "入札 1 (版 1): 他の調達先を検討" in page.inner_text("#consultation")
            assert "JST" in page.inner_text("#consultation")
            # The award guard blocks the award of that bid.
            form = page.locator("form.decide")
            form.locator("select[name=outcome]").select_option("award")
            form.locator("select[name=bid]").select_option("1")
            form.locator("textarea[name=reason]").fill("総合評価で最良の提案")
            form.locator("button[type=submit]").click()
            page.wait_for_selector("p.error")
            assert "use another source" in page.inner_text("p.error")
            assert page.locator("#decision .decided").count() == 0
            page.screenshot(path=shots / "5-award-blocked-ja.png", full_page=True)
            # An override with a written justification, which the same person cannot confirm.
            form = page.locator("form.decide")
            form.locator("select[name=outcome]").select_option("award")
            form.locator("select[name=bid]").select_option("1")
            form.locator("textarea[name=reason]").fill("総合評価で最良の提案")
            form.locator("textarea[name=override]").fill("2026年11月に製造元を実地監査し、懸念が払拭されたため。")
            form.locator("button[type=submit]").click()
            page.wait_for_selector(".pending-override")
            assert page.locator(".pending-override form.confirm-override").count() == 0
            page.click("header form.who button")  # log out

            # A second reviewer confirms it: the award is recorded, the override shown in red.
            _log_in(page, server, "ren")
            page.goto(case_url)
            page.click(".pending-override form.confirm-override button")
            page.wait_for_selector("#decision .decided")
            decided = page.inner_text("#decision")
            assert "落札決定 — 入札 1 (Sakura Systems): 総合評価で最良の提案" in decided
            override = page.locator("#decision .override")
            assert "実地監査" in override.inner_text() and "ren" in override.inner_text()
            assert override.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"
            assert page.locator("#add-bid").count() == 0  # decided: no more bids
            page.screenshot(path=shots / "6-override-ja.png", full_page=True)
            # The package (a copy for the file now) shows the override in red.
            page.locator("form.package select[name=format]").select_option("html")
            with page.expect_download() as dl:
                page.click("form.package button[type=submit]")
            pkg_html = tmp_path / "decided.html"
            dl.value.save_as(pkg_html)
            text = pkg_html.read_text(encoding="utf-8")
            assert 'class="override"' in text and "実地監査" in text and "取扱注意" in text
            pkg_page = ctx.new_page()
            pkg_page.goto(pkg_html.as_uri())
            red = pkg_page.locator("div.override")
            assert red.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"
            pkg_page.screenshot(path=shots / "7-package-override-ja.png", full_page=True)
            pkg_page.close()
            page.goto(case_url + "?lang=en")

            page.click("text=Audit trail of this case")
            page.wait_for_selector("p.verified")
            assert "The audit chain verifies" in page.inner_text("p.verified")
            actions = page.locator("table.audit td:nth-child(4)").all_inner_texts()
            for action in ("case.opened", "case.bid_added", "case.question_asked", "case.question_answered",
                           "case.package", "case.reply", "case.decided", "screening.completed"):
                assert action in actions
            page.screenshot(path=shots / "6-audit.png", full_page=True)
            for action in ("case.override_requested", "case.override_confirmed", "case.reply"):
                assert action in actions
            page.goto(page.url + "?lang=ja")
            assert "監査ログのハッシュチェーンは正しく" in page.inner_text("p.verified")
            page.screenshot(path=shots / "8-audit-ja.png", full_page=True)
            page.goto(server + "/cases/new")  # the questionnaire in Japanese (the choice is kept)
            assert "調達を行う機関はどれですか。" in page.inner_text("main")
            page.screenshot(path=shots / "8-new-case-ja.png", full_page=True)
        finally:
            browser.close()
