"""``supplyscreen case``: a procurement case from request to decision, on the service's store.

    supplyscreen case questions                     # the classification questionnaire's ids and answers
    supplyscreen case new --agency A --title T --answer buyer=central-government ...
    supplyscreen case add-bid CASE --bidder B --items offer.csv --bom router.cdx.json --rep 52.204-24.provide=will-not
    supplyscreen case compare CASE [--format json] [--lang ja]
    supplyscreen case ask CASE --unknown            # the questions the comparison suggests
    supplyscreen case answer QUESTION --text "..."
    supplyscreen case update-bid BID --bom v2.cdx.json --reason "..."   # re-screen; shows what changed
    supplyscreen case package CASE -o out/ [--lang ja]                  # HTML + JSON (+ PDF with Chromium)
    supplyscreen case consult CASE --outcome no-concern --reply "..."
    supplyscreen case decide CASE --outcome award --bid 2 --reason "..."
    supplyscreen case verify CASE                   # the case's rows against its audit records

The store is the one ``serve`` and ``audit`` use (``--db`` or SUPPLYSCREEN_DATABASE_URL, else a
local SQLite file); every action is in the same audit log. SQLAlchemy loads inside the commands.
Exit codes: 0 clean (every bid allowed with no risk factor), 1 findings, 2 an error.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from supplyscreen.commands.common import EXIT_CLEAN, EXIT_FINDINGS, DbUrl
from supplyscreen.commands.common import date as _date
from supplyscreen.commands.common import error as _error
from supplyscreen.commands.common import fail as _fail

if TYPE_CHECKING:
    from supplyscreen.case.model import BidView, Comparison
    from supplyscreen.service.cases import Actor
    from supplyscreen.store.db import Store

case_app = typer.Typer(help="Procurement cases (Japan's 2018 process): classify, compare bids, consult, decide.",
                       no_args_is_help=True)

Team = Annotated[str | None, typer.Option("--team", help="The team the case belongs to (default: the acting user's team).")]
ActorName = Annotated[str | None, typer.Option("--actor", help="Who acts: a user of the store (default: your login name); the action needs that user's role.")]
Lang = Annotated[str, typer.Option("--lang", help="en or ja.")]


def register(app: typer.Typer) -> None:
    app.add_typer(case_app, name="case")


@contextmanager
def _errors() -> Iterator[None]:
    """Errors a user can act on become exit code 2 with one line; anything else is a bug and raises."""
    from supplyscreen.case.classify import ClassificationError
    from supplyscreen.case.representations import RepresentationError
    from supplyscreen.errors import SupplyscreenError
    from supplyscreen.service.cases import CaseError
    from supplyscreen.service.screenings import NotFound

    try:
        yield
    except NotFound as e:
        raise _fail(f"{e.args[0] if e.args else e} not found in this team") from None
    except (CaseError, ClassificationError, RepresentationError, SupplyscreenError, ValueError) as e:
        raise _error(e) from None
    except OSError as e:
        raise _fail(f"{e.filename or ''}: {e.strerror or e}") from None


def _open(db: str | None, team: str | None, actor: str | None, role: str = "viewer") -> tuple[Store, Actor]:
    """The store and the acting user: a user of the store (``--actor``, else the login name), active,
    of ``team`` when one is named, with at least ``role`` (viewer reads; officer opens cases, adds
    bids, asks, answers and packages; reviewer records replies and decisions), as the web pages ask."""
    from supplyscreen.service import users
    from supplyscreen.service.cases import Actor, CaseError, store_user
    from supplyscreen.store import models as m
    from supplyscreen.store import open_store

    st = open_store(db)
    name = (actor or getpass.getuser() or "").strip()
    with st.session() as s:
        u = store_user(s, name)
        if u is None or not u.active:
            raise CaseError(f"no user {name!r} in this store (or it is deactivated): act as a user of the store "
                            "with --actor NAME; an administrator adds users in the web pages or the API")
        if team is not None and u.team.name != team:
            raise CaseError(f"user {name!r} belongs to team {u.team.name!r}, not {team!r}")
        if not users.role_at_least(u.role, role):
            raise CaseError(f"this needs the {role} role; {name} is {u.role} "
                            f"(roles: {' < '.join(m.ROLES)})")
        return st, Actor(u.team_id, u.username, u.id)


def _read(path: Path | None, role: str) -> Any:
    from supplyscreen.service.cases import BidFile

    if path is None:
        return None
    return BidFile(role, path.name, path.read_bytes())


# -- new ----------------------------------------------------------------------------------------


def _ask_missing(answers: dict[str, str], lang: str) -> None:
    """Prompt for each unanswered question (on a terminal only)."""
    from supplyscreen.case import classify

    for q in classify.missing(answers):
        typer.echo(q.text.get(lang))
        if q.kind == "choice":
            for n, c in enumerate(q.choices, 1):
                typer.echo(f"  {n}. {c.id}: {c.label.get(lang)}")
            while True:
                v = typer.prompt("  choice").strip()
                if v.isdigit() and 1 <= int(v) <= len(q.choices):
                    v = q.choices[int(v) - 1].id
                if v in q.allowed():
                    answers[q.id] = v
                    break
                typer.echo(f"  one of {', '.join(q.allowed())}")
        elif q.kind == "scope":
            while True:
                v = typer.prompt("  yes / no / unsure").strip()
                try:
                    answers[q.id] = classify.normalise_answer(q, v)
                    break
                except classify.ClassificationError:
                    typer.echo("  one of yes, no, unsure")
        else:
            answers[q.id] = "yes" if typer.confirm("  ", default=False) else "no"


@case_app.command("new")
def new(
    agency: Annotated[str, typer.Option("--agency", help="The buying agency.")],
    title: Annotated[str, typer.Option("--title", help="What is procured.")],
    description: Annotated[str, typer.Option("--description", help="The system, in a sentence or two.")] = "",
    budget: Annotated[int | None, typer.Option("--budget", help="Budget in whole currency units.")] = None,
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code.")] = "JPY",
    deadline: Annotated[str | None, typer.Option("--deadline", help="YYYY-MM-DD.")] = None,
    answer: Annotated[list[str] | None, typer.Option("--answer", "-a", help="QUESTION=ANSWER from the classification questionnaire; repeatable (asked on a terminal when missing).")] = None,
    policy: Annotated[list[str] | None, typer.Option("--policy", "-p", help="A policy pack to screen with beyond those the classification brings; repeatable.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    lang: Lang = "en",
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Open a case and classify it with the agreement's categories (the answers are kept)."""
    from supplyscreen.case import classify

    answers: dict[str, str] = {}
    for p in answer or []:
        k, sep, v = p.partition("=")
        if not sep:
            raise _fail(f"--answer {p!r}: write QUESTION=ANSWER, e.g. --answer buyer=central-government")
        answers[k.strip()] = v.strip()
    if classify.missing(answers) and sys.stdin.isatty():
        _ask_missing(answers, lang)
    due = _date(deadline, "--deadline")
    with _errors():
        from supplyscreen.service import cases

        classify.classify(answers, dt.date.today())  # wrong answers are refused before anything is stored
        st, who = _open(db, team, actor, "officer")
        cid = cases.open_case(st, who, cases.CaseDraft(agency, title, answers, description, budget, currency, due,
                                                       tuple(policy or ())))
        info = cases.load(st, who.team_id, cid).info
    c = info.classification
    if fmt == "json":
        doc = {"case": cid, **classify.to_doc(c)}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    from supplyscreen.case.labels import Labels

    L = Labels(lang)
    cats = classify.categories()
    typer.echo(f"case {cid} opened: {info.title} ({info.agency})")
    typer.echo(L("review_required") if c.review_required else L("review_not_required"))
    typer.echo(f"{L('categories')}: " + (", ".join(cats[x].get(lang) for x in c.categories) or L("no_category")))
    typer.echo(f"{L('packs')}: " + (", ".join(c.packs) or L("no_packs")))
    for n, r in enumerate(c.reasons, 1):
        typer.echo(f"  {n}. {r.text.get(lang)}" + (f" [{', '.join(r.sources)}]" if r.sources else ""))


@case_app.command("questions")
def questions(lang: Lang = "en") -> None:
    """The classification questionnaire: each question's id and its answers, for case new --answer."""
    from supplyscreen.case import classify

    with _errors():
        from supplyscreen.case.labels import check_lang

        check_lang(lang)
    for q in classify.questions():
        typer.echo(f"{q.id}: {q.text.get(lang)}")
        if q.kind == "choice":
            for c in q.choices:
                typer.echo(f"    {c.id}: {c.label.get(lang)}")
        else:
            typer.echo("    yes | no | unsure" if q.kind == "scope" else "    yes | no")


@case_app.command("list")
def list_(db: DbUrl = None, team: Team = None, actor: ActorName = None) -> None:
    """The team's cases, newest first."""
    with _errors():
        from supplyscreen.service import cases

        st, who = _open(db, team, actor)
        rows = cases.list_cases(st, who.team_id)
    for c in rows:
        review = "review required" if c.classification.review_required else "no review"
        typer.echo(f"{c.id}\t{c.status}\t{c.agency}\t{c.title}\t{review}\t{', '.join(c.classification.packs)}")


# -- bids ---------------------------------------------------------------------------------------


@case_app.command("add-bid")
def add_bid(
    case: Annotated[int, typer.Argument(help="Case id.")],
    bidder: Annotated[str, typer.Option("--bidder", help="The bidder's name.")],
    items: Annotated[Path | None, typer.Option("--items", help="The offer as an item list (CSV/XLSX/JSON).")] = None,
    bom: Annotated[Path | None, typer.Option("--bom", help="The offer's bill of materials (CycloneDX, SPDX, HBOM).")] = None,
    representations: Annotated[Path | None, typer.Option("--representations", help="YAML/JSON: {52.204-24: {provide: will-not, use: does-not, disclosure: ''}, 52.204-26: {...}}")] = None,
    rep: Annotated[list[str] | None, typer.Option("--rep", help="CLAUSE.FIELD=VALUE, e.g. 52.204-24.provide=will-not; repeatable.")] = None,
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Attach a bid and screen its files; a file that cannot be read is reported on the bid."""
    import yaml

    from supplyscreen.case import representations as reps

    with _errors():
        from supplyscreen.service import cases

        doc = yaml.safe_load(representations.read_text(encoding="utf-8")) if representations else None
        r = reps.parse(doc, rep or ())
        files = _bid_files(items, bom)
        st, who = _open(db, team, actor, "officer")
        bid_id = cases.add_bid(st, who, case, cases.BidDraft(bidder, files, r))
        view = _view(cases.comparison(st, who.team_id, case), bid_id)
    typer.echo(f"bid {bid_id} added to case {case}: {view.bid.bidder}")
    _end_with_bid(view)


def _view(cmp: Comparison, bid_id: int) -> BidView:
    return next(v for v in cmp.bids if v.bid.id == bid_id)


def _bid_files(items: Path | None, bom: Path | None) -> tuple[Any, ...]:
    """The bid's files as given: an item list, a BOM, or both (either may be absent)."""
    return tuple(f for f in (_read(items, "items"), _read(bom, "bom")) if f is not None)


def _end_with_bid(view: BidView) -> NoReturn:
    """Print the bid as screened and exit as a CI pipeline expects: 0 clean, 1 findings."""
    _print_bid(view, "en")
    raise typer.Exit(EXIT_CLEAN if view.decision == "allow" and view.risk == "none" else EXIT_FINDINGS)


@case_app.command("update-bid")
def update_bid(
    bid: Annotated[int, typer.Argument(help="Bid id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why a new version (recorded in the audit log).")],
    items: Annotated[Path | None, typer.Option("--items", help="The new item list.")] = None,
    bom: Annotated[Path | None, typer.Option("--bom", help="The new bill of materials.")] = None,
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Screen a new version of a bid's files and show what changed since the last one."""
    with _errors():
        from supplyscreen.service import cases

        files = _bid_files(items, bom)
        st, who = _open(db, team, actor, "officer")
        updates = cases.update_bid(st, who, bid, files, reason)
        case_id = cases.case_of_bid(st, who.team_id, bid)
        view = _view(cases.comparison(st, who.team_id, case_id), bid)
    for u in updates:
        typer.echo(f"{u.role} version {u.version} under {u.policy}: {len(u.changes)} item(s) changed")
        for c in u.changes:
            typer.echo(f"  {c.ref}: {c.before or 'absent'} -> {c.after or 'absent'}")
    _end_with_bid(view)


# -- questions ----------------------------------------------------------------------------------


@case_app.command("ask")
def ask(
    case: Annotated[int, typer.Argument(help="Case id.")],
    bid: Annotated[int | None, typer.Option("--bid", help="The bid asked (default: every bidder).")] = None,
    item: Annotated[str, typer.Option("--item", help="The item ref the question is about.")] = "",
    text: Annotated[str, typer.Option("--text", help="The question (default for --item: the suggested one).")] = "",
    unknown: Annotated[bool, typer.Option("--unknown", help="Ask every suggested question (unknown makers) not asked yet.")] = False,
    lang: Lang = "en",
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Record a question to a bidder; --unknown asks about every maker the comparison cannot establish."""
    with _errors():
        from supplyscreen.case.questions import OTHER
        from supplyscreen.service import cases

        st, who = _open(db, team, actor, "officer")
        if unknown:
            ids = cases.ask_unknown(st, who, case, bid, lang)
        else:
            kind = OTHER
            if item and not text:
                if bid is None:
                    raise _fail("--item without --text needs --bid, to find the suggested question")
                sugg = next((u for u in _view(cases.comparison(st, who.team_id, case), bid).unknown_makers
                             if u.ref == item), None)
                if sugg is None:
                    raise _fail(f"no suggested question for item {item!r} of bid {bid}; give --text")
                text, kind = sugg.question.get(lang), sugg.kind
            ids = [cases.ask(st, who, case, text, bid, item, kind)]
    for i in ids:
        typer.echo(f"question {i} recorded")
    if not ids:
        typer.echo("no question to ask: every maker is established or already asked about")


@case_app.command("answer")
def answer(
    question: Annotated[int, typer.Argument(help="Question id.")],
    text: Annotated[str, typer.Option("--text", help="The bidder's answer.")],
    by: Annotated[str, typer.Option("--by", help="Who answered for the bidder.")] = "",
    maker: Annotated[str, typer.Option("--maker", help="The maker the answer names for the --item refs.")] = "",
    model: Annotated[str, typer.Option("--model", help="The model the answer names for the --item refs.")] = "",
    item: Annotated[list[str] | None, typer.Option("--item", help="An item ref of the bid the answer's --maker/--model is about; repeatable. Those items are screened again with it.")] = None,
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Record a bidder's answer to a question; --maker/--model with --item screen the named items again."""
    with _errors():
        from supplyscreen.service import cases

        if (maker or model) and not item:
            raise _fail("--maker/--model need the --item refs they are about")
        st, who = _open(db, team, actor, "officer")
        facts = [cases.Fact(ref, maker, model) for ref in item or ()]
        cases.answer(st, who, question, text, by, facts)
    typer.echo(f"answer to question {question} recorded")


# -- compare ------------------------------------------------------------------------------------


def _print_bid(v: BidView, lang: str) -> None:
    from supplyscreen.case.labels import Labels

    L = Labels(lang)
    typer.echo(f"  {L('decision')}: {L.decision(v.decision)} · {L('risk')}: {L.level(v.risk)}"
               + "".join(f" · {p} {L.decision(d)}" for p, d in sorted(v.by_policy.items())))
    for e in v.errors:
        typer.echo(f"  ! {L('file_failed')}: {e}")
    for f in v.factors:
        typer.echo(f"  [{L.level(f.level)}] {f.title.get(lang)}: {f.explanation.get(lang)}")
    for r in v.representations:
        typer.echo(f"  FAR {r.clause} ({L.of('rep', r.status)}): {r.text.get(lang)}")
    for x in v.findings:
        where = " › ".join(x.path) or f"{x.file_name} row {x.ref}"
        typer.echo(f"  - {L.decision(x.final)}: {where} [{x.ref}] — {x.reason}")
        for fm in x.doc.get("matches", ()):
            if str(fm.get("field", "")).startswith("part:"):
                continue
            typer.echo(f"      {fm['field']} '{fm['value']}' → {fm['entity']['name']} ({fm['band']})")
            for d in fm.get("designated", ()):
                lists = ", ".join(x["id"] for x in d["lists"])
                typer.echo(f"        {L('designated')}: {d['entity']['name']} — {lists}")
                for step in d["path"]:
                    typer.echo(f"          {step}")
    for u in v.unknown_makers:
        state = L("answered") if u.answered else f"{L('asked')} #{u.asked}" if u.asked else L("not_asked")
        typer.echo(f"  ? ({state}) {u.question.get(lang)}")


@case_app.command("compare")
def compare(
    case: Annotated[int, typer.Argument(help="Case id.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    lang: Lang = "en",
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """The bids side by side: decision, offending items with evidence, makers to ask about, risk factors."""
    if fmt not in ("text", "json"):
        raise _fail(f"--format {fmt!r}: text or json")
    with _errors():
        from supplyscreen.case.labels import Labels
        from supplyscreen.service import cases

        L = Labels(lang)
        st, who = _open(db, team, actor)
        cmp = cases.comparison(st, who.team_id, case)
    if fmt == "json":
        from supplyscreen.case.package import _bid

        info = cmp.case
        doc = {"case": {"id": info.id, "agency": info.agency, "title": info.title, "status": info.status,
                        "review_required": info.classification.review_required,
                        "packs": list(info.classification.packs)},
               "clean": cmp.clean, "bids": [_bid(v) for v in cmp.bids]}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n")
    else:
        info = cmp.case
        typer.echo(f"{L('case')} {info.id}: {info.title} ({info.agency}) · {L.of('status', info.status)}")
        typer.echo(f"{L('packs')}: {', '.join(info.classification.packs) or L('no_packs')}")
        width = max((len(v.bid.bidder) for v in cmp.bids), default=6)
        for v in cmp.bids:
            typer.echo(f"{L('bid')} {v.bid.id:<3} {v.bid.bidder:<{width}}  {L.decision(v.decision):<8} "
                       f"{L('risk')} {L.level(v.risk):<8} "
                       f"x{v.counts['exclude']} r{v.counts['review']} u{v.counts['unknown']} / {v.counts['items']}")
        for v in cmp.bids:
            typer.echo("")
            typer.echo(f"{L('bid')} {v.bid.id}: {v.bid.bidder}")
            _print_bid(v, lang)
    raise typer.Exit(EXIT_CLEAN if cmp.clean else EXIT_FINDINGS)


# -- package, reply, decision --------------------------------------------------------------------


@case_app.command("package")
def package(
    case: Annotated[int, typer.Argument(help="Case id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write case-N-package.{html,json,pdf} in.")] = Path("."),
    lang: Lang = "en",
    pdf: Annotated[bool | None, typer.Option("--pdf/--no-pdf", help="Print a PDF with headless Chromium (default: when Chromium is installed).")] = None,
    marking: Annotated[str, typer.Option("--marking", help="The handling marking on every page (default 取扱注意).")] = "",
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Generate the consultation package for the central body: HTML, JSON bundle and PDF."""
    from supplyscreen.case import package as pkg

    with _errors():
        from supplyscreen.case.labels import check_lang
        from supplyscreen.service import cases

        check_lang(lang)
        if pdf and pkg.chromium() is None:
            raise pkg.PackageError("--pdf needs headless Chromium, which is not installed (Debian: apt-get install "
                                   "chromium); --no-pdf writes the HTML and JSON only")
        output.mkdir(parents=True, exist_ok=True)
        st, who = _open(db, team, actor, "officer")
        p = cases.package(st, who, case, lang, marking)
        base = output / f"case-{case}-package"
        html_path, json_path = base.with_suffix(".html"), base.with_suffix(".json")
        json_path.write_bytes(p.json_bytes)
        html_path.write_text(p.html, encoding="utf-8")
        typer.echo(f"wrote {html_path}")
        typer.echo(f"wrote {json_path} (sha256 {p.json_sha256})")
        if pdf or (pdf is None and pkg.chromium() is not None):
            pdf_path = base.with_suffix(".pdf")
            pkg.write_pdf(html_path, pdf_path)
            typer.echo(f"wrote {pdf_path}")
        elif pdf is None:
            typer.echo("no PDF: headless Chromium is not installed (the HTML prints from any browser)", err=True)
    typer.echo(f"consultation {p.consultation_id} recorded; record the reply with: supplyscreen case consult {case}")


@case_app.command("consult")
def consult(
    case: Annotated[int, typer.Argument(help="Case id.")],
    outcome: Annotated[str, typer.Option("--outcome", help="no-concern, concern or another-source.")],
    reply: Annotated[str, typer.Option("--reply", help="The central body's reply, in its words.")],
    on: Annotated[str | None, typer.Option("--on", help="Date of the reply (YYYY-MM-DD; default today).")] = None,
    consultation: Annotated[int | None, typer.Option("--consultation", help="The package replied to (default: the newest).")] = None,
    bid: Annotated[int | None, typer.Option("--bid", help="The bid the reply is about (default: every bid of the package not replied about yet).")] = None,
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Record the National Cybersecurity Office's reply about the bids of a consultation package."""
    day = _date(on, "--on")
    with _errors():
        from supplyscreen.service import cases

        st, who = _open(db, team, actor, "reviewer")
        cid = cases.record_reply(st, who, case, outcome, reply, day, consultation, bid)
    typer.echo(f"reply to consultation {cid} recorded" + (f" about bid {bid}" if bid else ""))


@case_app.command("decide")
def decide(
    case: Annotated[int, typer.Argument(help="Case id.")],
    outcome: Annotated[str, typer.Option("--outcome", help="award, cancel or retender.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (recorded in the audit log).")],
    bid: Annotated[int | None, typer.Option("--bid", help="The bid awarded.")] = None,
    override: Annotated[str, typer.Option("--override", help="A written justification to award a bid the consultation guard blocks; a second person confirms it (case confirm-override).")] = "",
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Record the final decision with who, when and why. An award needs the National Cybersecurity
    Office's no-objection to that version of the bid, else --override and a second person."""
    with _errors():
        from supplyscreen.service import cases

        st, who = _open(db, team, actor, "reviewer")
        if override:
            if outcome != "award" or bid is None:
                raise _fail("--override is for an award of a named --bid")
            oid = cases.request_override(st, who, case, bid, reason, override)
            typer.echo(f"override {oid} requested for bid {bid}: a second person confirms it with "
                       f"supplyscreen case confirm-override {oid}")
            return
        did = cases.decide(st, who, case, outcome, reason, bid)
    typer.echo(f"decision {did} recorded: case {case} {outcome}" + (f" bid {bid}" if bid else ""))


@case_app.command("confirm-override")
def confirm_override(
    override: Annotated[int, typer.Argument(help="Override id (from case decide --override).")],
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Confirm another person's override: the award is recorded, naming it (shown in red in the package)."""
    with _errors():
        from supplyscreen.service import cases

        st, who = _open(db, team, actor, "reviewer")
        did = cases.confirm_override(st, who, override)
    typer.echo(f"override {override} confirmed by {who.name}: decision {did} recorded")


@case_app.command("repin")
def repin(
    case: Annotated[int, typer.Argument(help="Case id.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the case adopts today's designation lists (audited).")],
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Pin today's designation lists to the case and screen its bids again with them."""
    with _errors():
        from supplyscreen.service import cases

        st, who = _open(db, team, actor, "reviewer")
        sha = cases.repin_designations(st, who, case, reason)
    typer.echo(f"case {case} pinned to the designation lists {sha}; its bids were screened again")


@case_app.command("verify")
def verify(
    case: Annotated[int, typer.Argument(help="Case id.")],
    db: DbUrl = None,
    team: Team = None,
    actor: ActorName = None,
) -> None:
    """Check the case's stored rows against its audit records; exit 1 naming what was edited."""
    from supplyscreen.service.verify import verify_case

    with _errors():
        st, who = _open(db, team, actor)
        problems = verify_case(st, who.team_id, case)
    if not problems:
        typer.echo(f"case {case} agrees with its audit records (run supplyscreen audit verify for the chain itself)")
        return
    for p in problems:
        typer.echo(f"case {case}: {p}", err=True)
    raise typer.Exit(EXIT_FINDINGS)
