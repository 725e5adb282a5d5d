"""End to end through `supplyscreen case`: three bids (clean; a domestic router whose CycloneDX BOM
has a HiSilicon SoC three levels deep; a gateway whose LTE module's maker is unknown), the
comparison, questions, the consultation package (HTML, JSON and, with Chromium, PDF), the reply,
the decision, and an audit trail that verifies. Then a re-screen, bad input, and exit codes."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("sqlalchemy", reason="the service extra is not installed")
pytest.importorskip("jinja2", reason="the service extra is not installed")

from typer.testing import CliRunner, Result

from supplyscreen.case import package as pkg
from supplyscreen.cli import app

ASSETS = Path(__file__).parent.parent / "assets" / "case"
ANSWERS = ["--answer", "buyer=central-government", "--answer", "it-procurement=yes",
           "--answer", "national-security=no", "--answer", "confidential-information=no",
           "--answer", "personal-data=no", "--answer", "core-infrastructure=yes",
           "--answer", "very-costly=no", "--answer", "other-judged=no", "--answer", "us-federal=no"]
runner = CliRunner()


class Cli:
    def __init__(self, db: str, team: str = "agency", actor: str = "olga", role: str = "reviewer") -> None:
        """The CLI acting as ``actor``, a user of the store (made here) with ``role``."""
        from supplyscreen.service import users
        from supplyscreen.service.cases import store_user
        from supplyscreen.store import open_store

        self.db, self.team, self.actor = db, team, actor
        st = open_store(db)
        with st.session() as s:
            if store_user(s, actor) is None:
                users.create_user(s, team, actor, "correct horse battery", role)
        st.close()

    def __call__(self, *args: str | Path, code: int | None = 0) -> Result:
        res = runner.invoke(app, ["case", *map(str, args), "--db", self.db, "--team", self.team,
                                  "--actor", self.actor])
        if res.exception is not None and not isinstance(res.exception, SystemExit):
            raise res.exception
        if code is not None:
            assert res.exit_code == code, res.output
        return res

    def json(self, *args: str | Path, code: int | None = None) -> Any:
        return json.loads(self(*args, "--format", "json", code=code).stdout)


def _new(cli: Cli, title: str = "Office LAN renewal") -> int:
    res = cli("new", "--agency", "デジタル庁", "--title", title, "--description", "Routers and servers for the LAN",
              "--budget", "120000000", "--deadline", "2026-12-01", *ANSWERS)
    found = re.search(r"case (\d+) opened", res.stdout)
    assert found, res.stdout
    return int(found.group(1))


def test_three_bids_from_request_to_decision(tmp_path: Path, agency_designations: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'store.db'}")
    case = _new(cli)
    opened = cli("list").stdout
    assert f"{case}\topen\tデジタル庁\tOffice LAN renewal\treview required\tjp-gov-it-procurement-2018" in opened

    assert "bid 1 added" in cli("add-bid", case, "--bidder", "Sakura Systems",
                                "--items", ASSETS / "clean-items.csv").stdout
    res = cli("add-bid", case, "--bidder", "Yamato Networks", "--items", ASSETS / "router-items.csv",
              "--bom", ASSETS / "router-hisilicon.cdx.json", code=1)
    assert "Hi5651 network SoC" in res.stdout
    cli("add-bid", case, "--bidder", "Hokuto Denki", "--bom", ASSETS / "gateway-unknown-module.hbom.csv", code=1)
    # Another case of the same team, and a case of another team: neither may leak into the package.
    other = _new(cli, "Unrelated CCTV upgrade")
    cli("add-bid", other, "--bidder", "Unrelated Bidder KK", "--items", ASSETS / "clean-items.csv")
    stranger = Cli(cli.db, team="another-ministry", actor="ivan")
    cli_case_b = _new(stranger, "Foreign team procurement")
    stranger("add-bid", cli_case_b, "--bidder", "Stranger Bidder GK", "--items", ASSETS / "clean-items.csv")
    stranger("compare", case, code=2)  # another team's case does not exist for it

    # The comparison: one clean bid, one to review for a part deep inside, one to ask about.
    doc = cli.json("compare", case, code=1)
    assert doc["clean"] is False and doc["case"]["review_required"]
    clean, router, gateway = doc["bids"]
    assert (clean["bidder"], clean["decision"], clean["risk"], clean["factors"]) == ("Sakura Systems", "allow",
                                                                                     "none", [])
    assert (router["decision"], router["risk"]) == ("review", "high")
    (soc,) = router["findings"]
    assert soc["path"] == ["YR-500 router", "Mainboard", "NP-2 network processor module", "Hi5651 network SoC"]
    assert soc["depth"] == 3 and soc["file"] == "router-hisilicon.cdx.json"
    (ev,) = soc["matches"]
    assert ev["value"] == "HiSilicon Technologies Co., Ltd."
    huawei = next(d for d in ev["designated"] if d["entity"]["id"] == "huawei")
    assert "jp-test-agency-it-procurement" in [x["id"] for x in huawei["lists"]]  # the agency's own list
    assert "subsidiary of Huawei Technologies" in huawei["path"][0]
    assert [r["id"] for r in soc["rules"]] == ["jp-designated-part"]
    assert [f["id"] for f in router["factors"]] == ["designated-parts"]
    assert (gateway["decision"], gateway["risk"]) == ("unknown", "medium")
    (lte,) = gateway["unknown_makers"]
    assert lte["path"][-1] == "LTE module" and lte["asked"] is None
    assert "Please name the manufacturer" in lte["question"]["en"] and lte["question"]["ja"]
    ja = cli("compare", case, "--lang", "ja", code=1).stdout
    assert "要審査" in ja and "指定された製造者の部品" in ja

    # Questions to the bidder are part of the case.
    assert "question 1 recorded" in cli("ask", case, "--unknown").stdout
    assert "no question to ask" in cli("ask", case, "--unknown").stdout
    cli("answer", "1", "--text", "LTE module: Quectel EG25-G", "--by", "Hokuto Denki sales")
    assert cli.json("compare", case)["bids"][2]["unknown_makers"][0]["answered"] is True

    # The consultation package, in Japanese for the agency, before the reply.
    out = tmp_path / "package"
    cli("decide", case, "--outcome", "award", "--bid", "1", "--reason", "too early", code=2)  # not consulted yet
    res = cli("package", case, "-o", out, "--lang", "ja", "--pdf" if pkg.chromium() else "--no-pdf")
    html = (out / f"case-{case}-package.html").read_text(encoding="utf-8")
    raw = (out / f"case-{case}-package.json").read_bytes()
    bundle = json.loads(raw)
    sha = hashlib.sha256(raw).hexdigest()
    assert sha in res.stdout and sha in html
    assert bundle["format"] == "supplyscreen-case-package" and bundle["lang"] == "ja"
    assert bundle["addressed_to"]["ja"].startswith("国家サイバー統括室")
    assert [b["bidder"] for b in bundle["bids"]] == ["Sakura Systems", "Yamato Networks", "Hokuto Denki"]
    assert [a["id"] for a in bundle["classification"]["answers"]][:2] == ["buyer", "it-procurement"]
    assert bundle["questions"][0]["answer"] == "LTE module: Quectel EG25-G"
    assert {r["subject"] for r in bundle["audit_trail"]} >= {f"case:{case}"}
    for text in (html, raw.decode("utf-8")):
        for foreign in ("Unrelated Bidder KK", "Unrelated CCTV upgrade", "Stranger Bidder GK", "Foreign team"):
            assert foreign not in text
    assert "サプライチェーン・リスクに関する相談資料" in html and "Hi5651 network SoC" in html
    assert "Huawei Technologies Co., Ltd.の子会社" in html  # the evidence chain, in Japanese
    assert "<script" not in html and not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "Content-Security-Policy" in html
    if pkg.chromium():
        pdf = out / f"case-{case}-package.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
            assert "Yamato Networks" in text and "Hi5651" in text
    en = cli("package", case, "-o", tmp_path / "en", "--no-pdf")
    assert "consultation 2 recorded" in en.stdout
    en_html = (tmp_path / "en" / f"case-{case}-package.html").read_text()
    assert "Supply-chain risk consultation package" in en_html
    assert "is a subsidiary of Huawei Technologies" in en_html  # the evidence chain, in full

    # The body's reply, then the decision with who, when and why.
    cli("consult", case, "--outcome", "no-concern", "--reply", "No concern about bid 1.", "--bid", "1")
    cli("decide", case, "--outcome", "award", "--bid", "1", "--reason", "Best comprehensive evaluation")
    cli("add-bid", case, "--bidder", "Late KK", "--items", ASSETS / "clean-items.csv", code=2)  # decided
    res = runner.invoke(app, ["audit", "verify", "--db", cli.db])
    assert res.exit_code == 0 and "audit log verifies" in res.output
    assert "agrees with its audit records" in cli("verify", case).stdout
    export = tmp_path / "audit.jsonl"
    assert runner.invoke(app, ["audit", "export", "-o", str(export), "--db", cli.db]).exit_code == 0
    records = [json.loads(x) for x in export.read_text().splitlines()]
    decided = next(r for r in records if r["action"] == "case.decided")
    assert (decided["actor"], decided["payload"]["reason"], decided["payload"]["bidder"]) == (
        "olga", "Best comprehensive evaluation", "Sakura Systems")
    reply = next(r for r in records if r["action"] == "case.reply")
    assert reply["payload"]["package_json_sha256"] == hashlib.sha256(
        (tmp_path / "en" / f"case-{case}-package.json").read_bytes()).hexdigest()


def test_a_new_bom_is_screened_again_and_the_change_shown(tmp_path: Path, agency_designations: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'store.db'}")
    case = _new(cli)
    cli("add-bid", case, "--bidder", "Yamato Networks", "--bom", ASSETS / "router-hisilicon.cdx.json", code=1)
    res = cli("update-bid", "1", "--bom", ASSETS / "router-v2.cdx.json", "--reason", "SoC replaced", code=0)
    assert "yr500-soc: review -> absent" in res.stdout and "yr500-soc2: absent -> allow" in res.stdout
    assert "yr500: review -> allow" in res.stdout
    (bid,) = cli.json("compare", case, code=0)["bids"]
    (bom,) = bid["files"]
    assert (bom["version"], bom["previous_file"], bom["note"]) == (2, "router-hisilicon.cdx.json", "SoC replaced")
    cli("update-bid", "1", "--bom", ASSETS / "router-v2.cdx.json", code=2)  # --reason is required


def test_a_bid_file_that_fails_to_parse_is_reported_on_that_bid(tmp_path: Path, agency_designations: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'store.db'}")
    case = _new(cli)
    res = cli("add-bid", case, "--bidder", "Broken Co", "--bom", ASSETS / "broken.cdx.json", code=1)
    assert "could not be read: broken.cdx.json" in res.stdout and "not valid JSON" in res.stdout
    cli("add-bid", case, "--bidder", "Sakura Systems", "--items", ASSETS / "clean-items.csv")
    broken, clean = cli.json("compare", case, code=1)["bids"]
    assert broken["risk"] == "blocking" and broken["files"][0]["status"] == "failed"
    assert "not valid JSON" in broken["errors"][0] and clean["decision"] == "allow"
    res = cli("package", case, "-o", tmp_path / "p", "--no-pdf")
    assert "not valid JSON" in (tmp_path / "p" / f"case-{case}-package.html").read_text()
    assert res.exit_code == 0
    res = runner.invoke(app, ["audit", "verify", "--db", cli.db])
    assert res.exit_code == 0, res.output


def test_usage_errors_exit_2_with_a_sentence(tmp_path: Path) -> None:
    cli = Cli(f"sqlite:///{tmp_path / 'store.db'}")
    res = cli("new", "--agency", "A", "--title", "T", "--answer", "buyer=central-government", code=2)
    assert "not answered: it-procurement (yes|no)" in res.output
    assert "no user 'nobody'" in Cli.__new__(Cli).__class__.__call__(  # the actor is a user of the store
        type("C", (), {"db": cli.db, "team": "agency", "actor": "nobody"})(), "list", code=2).output
    case = _new(cli)
    assert "not found" in cli("compare", "99", code=2).output
    assert "No such file" in cli("add-bid", case, "--bidder", "X", "--items", tmp_path / "nope.csv", code=2).output
    res = cli("add-bid", case, "--bidder", "X", "--items", ASSETS / "clean-items.csv", "--rep",
              "52.204-24.provide=perhaps", code=2)
    assert "will, will-not" in res.output
    assert "no consultation package" in cli("consult", case, "--outcome", "no-concern", "--reply", "ok",
                                            code=2).output
    assert "en, ja" in cli("compare", case, "--lang", "fr", code=2).output


def test_case_help_lists_the_commands() -> None:
    res = runner.invoke(app, ["case", "--help"])
    assert res.exit_code == 0
    for cmd in ("new", "questions", "verify", "add-bid", "update-bid", "compare", "ask", "answer", "package", "consult", "decide", "list"):
        assert cmd in res.output
    res = runner.invoke(app, ["case", "questions", "--lang", "ja"])
    assert res.exit_code == 0 and "buyer: 調達を行う機関はどれですか。" in res.output and "central-government" in res.output


def test_without_chromium_the_pdf_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pkg, "chromium", lambda: None)
    with pytest.raises(pkg.PackageError, match="apt-get install chromium"):
        pkg.write_pdf(tmp_path / "x.html", tmp_path / "x.pdf")
    cli = Cli(f"sqlite:///{tmp_path / 'store.db'}")
    case = _new(cli)
    assert "--no-pdf writes the HTML" in cli("package", case, "-o", tmp_path / "p", "--pdf", code=2).output
    res = cli("package", case, "-o", tmp_path / "p")  # by default: HTML and JSON, and a note
    assert "no PDF" in res.output and (tmp_path / "p" / f"case-{case}-package.html").exists()


def test_the_questionnaire_asks_what_was_not_answered() -> None:
    import typer

    from supplyscreen.commands import case as case_cli

    got: dict[str, str] = {}
    probe = typer.Typer()

    @probe.command()
    def ask(lang: str = "en") -> None:
        case_cli._ask_missing(got, lang)

    res = runner.invoke(probe, ["--lang", "ja"], input="ministry\n1\ny\nno\nmaybe\nunsure\nno\nyes\nno\nno\nn\n")
    assert res.exit_code == 0, res.output
    assert "調達を行う機関はどれですか。" in res.output and "one of central-government" in res.output
    assert got == {"buyer": "central-government", "it-procurement": "yes", "national-security": "no",
                   "confidential-information": "unsure", "personal-data": "no", "core-infrastructure": "yes",
                   "very-costly": "no", "other-judged": "no", "us-federal": "no"}
