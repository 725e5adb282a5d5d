"""A screened item's reason, evidence and rule citations in English and Japanese, rendered from
the item's stored values with the templates of ``data/reasons.yaml`` (never a translation of the
English reason after the fact). The package, the case pages and the CLI show these."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from supplyscreen.case.labels import data, text
from supplyscreen.case.model import Text

# A reason names at most this many designated parties reached from one match (the evidence lists
# them all): three covers a maker, its parent and the parent's group, which is what a person reads.
MAX_LINKS = 3


def _tmpl(key: str) -> Text:
    return text(data("reasons.yaml")["templates"][key])


def _word(group: str, key: str, lang: str) -> str:
    node = data("reasons.yaml")[group].get(key)
    return text(node).get(lang) if node else key


def decision_word(decision: str, lang: str) -> str:
    from supplyscreen.case.labels import Labels

    return Labels(lang).decision(decision)


def citation(rule: Mapping[str, Any]) -> Text:
    """A rule's citation in both languages (the pack's own words when the rule has no template)."""
    node = data("reasons.yaml")["rules"].get(str(rule.get("id", "")))
    if node:
        return text(node)
    own = str(rule.get("citation", "") or rule.get("id", ""))
    return Text(own, own)


def relation_path(path: Sequence[str], lang: str) -> str:
    """The relation sentences of an evidence chain, their verb phrases in ``lang``."""
    if lang != "ja":
        return " ".join(path)
    out = []
    for step in path:
        # registry.sentence ends with a period, after the source when it names one.
        s = step.split(" (source:")[0] if " (source:" in step else step.removesuffix(".")
        for phrase, node in sorted(data("reasons.yaml")["relations"].items(), key=lambda kv: -len(kv[0])):
            if f" {phrase} " in s:
                subj, obj = s.split(f" {phrase} ", 1)
                rest = ""
                for marker, ja in ((" from ", "（"), (" since ", "（"), (" until ", "（〜")):
                    if marker in obj:
                        obj, when = obj.split(marker, 1)
                        rest = f"{ja}{when.replace(' to ', '〜')}{'から' if marker == ' since ' else ''}）"
                        break
                s = f"{subj}は{obj}{text(node).ja}{rest}"
                break
        out.append(s)
    return "、".join(out)


def _lists(designated: Mapping[str, Any], lang: str) -> str:
    parts = []
    for x in designated.get("lists", ()):
        name = str(x.get("name") or x.get("id"))
        parts.append(_tmpl("since").get(lang).format(list=name, date=x["added"]) if x.get("added") else name)
    return ("、" if lang == "ja" else ", ").join(parts) or "—"


def reason(doc: Mapping[str, Any], decision: str, name: str = "") -> Text:
    """Why the item was decided as it was, in both languages, from its stored evidence."""
    name = name or (doc.get("path") or [doc.get("ref", "")])[-1]
    matches = list(doc.get("matches", ()))
    out: dict[str, str] = {}
    for lang in ("en", "ja"):
        out[lang] = _one(matches, list(doc.get("rules", ())), decision, str(name), lang)
    return Text(out["en"], out["ja"])


def _one(matches: list[Mapping[str, Any]], rules: list[Mapping[str, Any]], decision: str, name: str, lang: str) -> str:
    designated = [(fm, d) for fm in matches for d in fm.get("designated", ())]
    own = [(fm, d) for fm, d in designated if not str(fm.get("field", "")).startswith("part:")]
    carried = [(fm, d) for fm, d in designated if str(fm.get("field", "")).startswith("part:")]
    if own:
        fm = own[0][0]
        s = _tmpl("own").get(lang).format(
            name=name, field=_word("fields", str(fm["field"]), lang), value=fm["value"], entity=fm["entity"]["name"],
            band=_word("bands", str(fm.get("band", "")), lang))
        sep = "" if lang == "ja" else " "
        for _, d in [x for x in own if x[0] is fm][:MAX_LINKS]:
            if d["entity"]["id"] == fm["entity"]["id"]:
                s += sep + _tmpl("designated_self").get(lang).format(lists=_lists(d, lang))
                continue
            s += sep + _tmpl("designated_other").get(lang).format(designated=d["entity"]["name"], lists=_lists(d, lang))
            if d.get("path"):
                s += sep + _tmpl("path").get(lang).format(path=relation_path(d["path"], lang))
        return s
    if carried:
        fm, d = carried[0]
        field = str(fm["field"]).split(":", 1)[1]
        return _tmpl("part").get(lang).format(name=name, field=_word("fields", field, lang), value=fm["value"],
                                              designated=d["entity"]["name"], lists=_lists(d, lang))
    if decision == "allow":
        return _tmpl("allow").get(lang).format(name=name)
    if decision == "unknown":
        return _tmpl("unknown").get(lang).format(name=name)
    if matches:
        fm = matches[0]
        return _tmpl("match").get(lang).format(name=name, field=_word("fields", str(fm["field"]), lang),
                                               value=fm["value"], entity=fm["entity"]["name"],
                                               band=_word("bands", str(fm.get("band", "")), lang))
    rule = citation(rules[0]).get(lang) if rules else "—"
    return _tmpl("no_match").get(lang).format(name=name, decision=decision_word(decision, lang), rule=rule)


def evidence(fm: Mapping[str, Any], lang: str) -> list[str]:
    """One match as sentences: the match, then each designated party with its lists and path."""
    head = (f"{_word('fields', str(fm['field']).removeprefix('part:'), lang)}「{fm['value']}」→ {fm['entity']['name']}"
            f"（{_word('bands', str(fm.get('band', '')), lang)}）" if lang == "ja" else
            f"{fm['field']} '{fm['value']}' → {fm['entity']['name']} ({fm.get('band', '')}): {fm.get('explanation', '')}")
    out = [head]
    for d in fm.get("designated", ()):
        line = (f"指定：{d['entity']['name']} — {_lists(d, 'ja')}" if lang == "ja"
                else f"designated: {d['entity']['name']} — {_lists(d, 'en')}")
        if d.get("path"):
            line += (" " + _tmpl("path").get(lang).format(path=relation_path(d["path"], lang)))
        out.append(line)
    return out
