"""Classify a procurement with the agreement's categories: a questionnaire kept as data.

``data/classification.yaml`` holds the questions, their choices, which category or policy pack
each answer brings, and the sources. ``classify`` turns the answers into a
:class:`~supplyscreen.case.model.Classification` with the reasons in both languages; the answers
themselves are kept with the case, so the decision can be re-read later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from supplyscreen.case.labels import data, text
from supplyscreen.case.model import Classification, Reason, Text

YES, NO, UNSURE = "yes", "no", "unsure"
_YES_WORDS = {"yes", "y", "true", "1", "はい"}
_NO_WORDS = {"no", "n", "false", "0", "いいえ"}
_UNSURE_WORDS = {"unsure", "not sure", "unknown", "?", "わからない", "分からない", "不明", "不確か"}


class ClassificationError(ValueError):
    """Answers that are missing or not among a question's choices; the message says what to give."""


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text
    bound_from: dt.date | None
    why: Text
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """One question of the questionnaire."""

    id: str
    kind: str
    """``choice``, ``yesno`` or ``scope`` (a category of the agreement: yes, no or unsure)."""
    text: Text
    choices: tuple[Choice, ...] = ()
    category: str = ""
    """A yes puts the system in this category of the agreement."""
    packs: tuple[str, ...] = ()
    """A yes adds these policy packs."""
    it: bool = False
    """The question asks whether the procurement is IT at all."""
    representations: bool = False
    """A yes means bidders owe FAR 52.204-24/-26 representations."""
    why: Text = field(default_factory=lambda: Text(""))
    sources: tuple[str, ...] = ()

    def allowed(self) -> tuple[str, ...]:
        if self.kind == "choice":
            return tuple(c.id for c in self.choices)
        return (YES, NO, UNSURE) if self.kind == "scope" else (YES, NO)


def _choice(node: dict[str, Any]) -> Choice:
    return Choice(str(node["id"]), text(node["label"]), node.get("bound_from"), text(node.get("why", "")),
                  tuple(node.get("sources", ())))


def questions() -> tuple[QuestionSpec, ...]:
    """The questionnaire, in the order it is asked."""
    out = []
    for q in data("classification.yaml")["questions"]:
        out.append(QuestionSpec(
            id=str(q["id"]), kind=str(q["kind"]), text=text(q["text"]),
            choices=tuple(_choice(c) for c in q.get("choices", ())), category=str(q.get("category", "")),
            packs=tuple(q.get("packs", ())), it=bool(q.get("it", False)),
            representations=bool(q.get("representations", False)), why=text(q.get("why", "")),
            sources=tuple(q.get("sources", ())),
        ))
    return tuple(out)


def categories() -> dict[str, Text]:
    """Category id → label."""
    return {str(c["id"]): text(c["label"]) for c in data("classification.yaml")["categories"]}


def sources() -> dict[str, dict[str, str]]:
    """Source id → {title, url} of the questionnaire's facts."""
    return {str(s["id"]): {"title": str(s["title"]), "url": str(s.get("url", ""))}
            for s in data("classification.yaml")["sources"]}


def consultation_body(on: dt.date) -> Text:
    """Whom the buyer consults on ``on``: NISC, or from 2025-07-01 the National Cybersecurity Office."""
    for b in data("classification.yaml")["consultation_bodies"]:
        start, until = b.get("from"), b.get("until")
        if (start is None or on >= start) and (until is None or on < until):
            return text(b["name"])
    raise AssertionError("consultation_bodies in classification.yaml leave a gap")  # pragma: no cover


def normalise_answer(q: QuestionSpec, value: str) -> str:
    """The canonical answer (a choice id, ``yes`` or ``no``) or ClassificationError."""
    v = str(value).strip()
    if q.kind in ("yesno", "scope"):
        low = v.casefold()
        if low in _YES_WORDS:
            return YES
        if low in _NO_WORDS:
            return NO
        if q.kind == "scope" and low in _UNSURE_WORDS:
            return UNSURE
    elif v in q.allowed():
        return v
    raise ClassificationError(f"answer {q.id}={value!r}: give one of {', '.join(q.allowed())}")


def missing(answers: Mapping[str, str]) -> list[QuestionSpec]:
    """Questions not answered yet, in order."""
    return [q for q in questions() if q.id not in answers]


def classify(answers: Mapping[str, str], on: dt.date) -> Classification:
    """Decide from the answers whether the agreement's supply-chain review applies and which policy
    packs screen the bids. Every question must be answered; unknown question ids are refused."""
    qs = {q.id: q for q in questions()}
    unknown = sorted(set(answers) - set(qs))
    if unknown:
        raise ClassificationError(f"unknown question(s) {', '.join(unknown)}; the questions are {', '.join(qs)}")
    absent = missing(answers)
    if absent:
        raise ClassificationError("not answered: " + "; ".join(f"{q.id} ({'|'.join(q.allowed())})" for q in absent))
    given = {k: normalise_answer(qs[k], v) for k, v in answers.items()}
    cats = categories()
    reasons: list[Reason] = []
    bound, is_it, reps = False, False, False
    found: list[str] = []
    unsure: list[str] = []
    packs: list[str] = []
    for q in qs.values():
        a = given[q.id]
        if q.kind == "choice":
            c = next(c for c in q.choices if c.id == a)
            if c.bound_from is not None and on >= c.bound_from:
                bound = True
            elif c.bound_from is not None:
                reasons.append(Reason(Text(
                    f"{c.label.en}: bound only from {c.bound_from.isoformat()}, after this case's date.",
                    f"{c.label.ja}：{c.bound_from.isoformat()}以降のみ対象で、本案件の日付より後です。"), c.sources))
                continue
            reasons.append(Reason(c.why, c.sources))
            continue
        if a == UNSURE and q.category:
            unsure.append(q.category)
            found.append(q.category)
            continue
        if a != YES:
            continue
        if q.it:
            is_it = True
            reasons.append(Reason(q.why, q.sources))
        if q.category:
            found.append(q.category)
        if q.packs:
            packs.extend(q.packs)
            reasons.append(Reason(q.why, q.sources))
        reps = reps or q.representations
    review = bound and is_it and bool(found)
    if found:
        sure = [c for c in found if c not in unsure]
        if sure:
            names_en = "; ".join(cats[c].en for c in sure)
            names_ja = "、".join(cats[c].get("ja") for c in sure)
            reasons.append(Reason(Text(
                f"The system falls in the agreement's categories: {names_en}. The agreement gives its categories as "
                "examples (「…などの観点で」), so any one of them brings the review.",
                f"システムは申合せの区分に該当します：{names_ja}。申合せの区分は例示（「…などの観点で」）であり、いずれか一つに該当すれば審査の対象です。"),
                ("dokuhou-2020", "jt-2018")))
        if unsure:
            names_en = "; ".join(cats[c].en for c in unsure)
            names_ja = "、".join(cats[c].get("ja") for c in unsure)
            reasons.append(Reason(Text(
                f"The agency is unsure whether the system falls in: {names_en}. Unsure leads to the review, not to "
                "no screening: the review settles it.",
                f"次の区分への該当が不確かです：{names_ja}。不確かな場合は審査を行います（審査を省略しません）。"),
                ("dokuhou-2020",)))
    else:
        reasons.append(Reason(Text("The system falls in none of the agreement's categories of systems needing protection.",
                                   "システムは申合せの保護すべきシステムの区分に該当しません。"), ("dokuhou-2020",)))
    if review:
        reasons.append(Reason(Text(
            "The supply-chain review applies: bids are weighed in a comprehensive evaluation, not on lowest price, "
            "and the National Cybersecurity Office (NISC before 2025-07-01) is consulted before an award.",
            "サプライチェーン・リスクの審査が必要です：最低価格ではなく総合評価で入札を比較し、落札前に国家サイバー統括室に相談します。"),
            ("usej-2018", "usej-2020")))
        packs = [*data("classification.yaml")["packs_if_review"], *packs]
    else:
        reasons.append(Reason(Text("The agreement's supply-chain review does not apply to this procurement.",
                                   "本調達には申合せのサプライチェーン・リスク審査は適用されません。")))
    return Classification(
        answers=dict(given), bound=bound, categories=tuple(found), review_required=review,
        packs=tuple(dict.fromkeys(packs)), representations=reps, reasons=tuple(reasons), on=on,
    )


def to_doc(c: Classification) -> dict[str, Any]:
    """The stored (and packaged) form of a classification."""
    return {
        "answers": dict(c.answers), "bound": c.bound, "categories": list(c.categories),
        "review_required": c.review_required, "packs": list(c.packs), "representations": c.representations,
        "reasons": [{"text": r.text.as_dict(), "sources": list(r.sources)} for r in c.reasons],
        "on": c.on.isoformat(),
    }


def from_doc(doc: Mapping[str, Any]) -> Classification:
    return Classification(
        answers=dict(doc["answers"]), bound=bool(doc["bound"]), categories=tuple(doc["categories"]),
        review_required=bool(doc["review_required"]), packs=tuple(doc["packs"]),
        representations=bool(doc["representations"]),
        reasons=tuple(Reason(text(r["text"]), tuple(r["sources"])) for r in doc["reasons"]),
        on=dt.date.fromisoformat(doc["on"]),
    )
