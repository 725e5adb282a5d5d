"""Reads policy packs and waiver files from YAML, checking every field, with file:line errors.

YAML is read with the safe loader; each mapping remembers the line of each key (from the node
marks), so a mistake deep in a rule is reported where it is, e.g.
``packs/mypack.yaml:14: rule 'x': unknown condition 'purpse'``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from supplyscreen.errors import PolicyError
from supplyscreen.model import Decision
from supplyscreen.policy.conditions import CONDITIONS
from supplyscreen.policy.rules import Condition, ExceptionRule, Pack, PackSource, Rule, Waiver

COMBINATORS = ("all", "any", "not")
OUTCOMES = tuple(d.value for d in Decision)


class _Map(dict[str, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    """Safe loader whose mappings are :class:`_Map`."""


def _construct(loader: _Loader, node: yaml.MappingNode) -> _Map:
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)  # YAML merge keys (<<: *anchor): merged entries come first
    merged = len(node.value) - own
    from_merge: set[str] = set()
    for n, (key_node, value_node) in enumerate(node.value):
        key = str(loader.construct_object(key_node, deep=True))
        if key in out and key not in from_merge:
            raise PolicyError(f"{loader.name}:{key_node.start_mark.line + 1}: duplicate key {key!r}")
        if n < merged:
            from_merge.add(key)
        else:
            from_merge.discard(key)
        try:
            out[key] = loader.construct_object(value_node, deep=True)
        except ValueError as e:  # a date-looking scalar that is no date (2024-13-01)
            raise PolicyError(f"{loader.name}:{value_node.start_mark.line + 1}: {key}: {e}; not a date (YYYY-MM-DD)"
                              ) from None
        out.lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct)


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PolicyError(f"{path}: cannot read ({e.strerror or e})") from None
    loader = _Loader(text)
    loader.name = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        where = (f" ({e.context} at line {e.context_mark.line + 1})"
                 if e.context and e.context_mark is not None and e.context_mark is not mark else "")
        raise PolicyError(f"{path}{line}: invalid YAML: {e.problem or e}{where}") from None
    except yaml.YAMLError as e:
        raise PolicyError(f"{path}: invalid YAML: {e}") from None
    finally:
        loader.dispose()


class _Ctx:
    """Where we are, for messages."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, line: int, message: str) -> PolicyError:
        return PolicyError(f"{self.path}:{line}: {message}")

    def mapping(self, value: Any, line: int, what: str) -> _Map:
        if not isinstance(value, _Map):
            raise self.error(line, f"{what} must be a mapping")
        return value

    def keys(self, m: _Map, allowed: tuple[str, ...], required: tuple[str, ...], what: str) -> None:
        for k in m:
            if k not in allowed:
                raise self.error(m.lines[k], f"{what}: unknown field {k!r} (expected one of {', '.join(allowed)})")
        for k in required:
            if k not in m or m[k] in (None, ""):
                raise self.error(m.line, f"{what}: missing {k!r}")

    def text(self, m: _Map, key: str, what: str, default: str = "") -> str:
        v = m.get(key)
        if v is None:
            return default
        if isinstance(v, (dict, list)):
            raise self.error(m.lines.get(key, m.line), f"{what}: {key!r} must be text")
        return str(v).strip()

    def date(self, m: _Map, key: str, what: str) -> dt.date | None:
        v = m.get(key)
        if v in (None, ""):
            return None
        if isinstance(v, dt.datetime):
            return v.date()
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(str(v).strip())
        except ValueError:
            raise self.error(m.lines.get(key, m.line), f"{what}: {key} {v!r} is not a date (YYYY-MM-DD)") from None

    def outcome(self, m: _Map, key: str, what: str) -> Decision:
        v = str(m.get(key, "")).strip()
        if v not in OUTCOMES:
            raise self.error(m.lines.get(key, m.line), f"{what}: {key} {v!r} must be one of {', '.join(OUTCOMES)}")
        return Decision(v)

    def strings(self, m: _Map, key: str, what: str) -> tuple[str, ...]:
        v = m.get(key)
        if v is None:
            return ()
        items = v if isinstance(v, list) else [v]
        if any(isinstance(x, (dict, list)) or x is None for x in items):
            raise self.error(m.lines.get(key, m.line), f"{what}: {key!r} must be a string or a list of strings")
        return tuple(str(x).strip() for x in items)


def _conditions(ctx: _Ctx, value: Any, line: int, what: str) -> tuple[Condition, ...]:
    m = ctx.mapping(value, line, f"{what}: 'when'")
    out = []
    for key, v in m.items():
        at = m.lines[key]
        if key in ("all", "any"):
            if not isinstance(v, list) or not v:
                raise ctx.error(at, f"{what}: {key!r} takes a list of condition mappings")
            parts = tuple(_conditions(ctx, x, at, what) for x in v)
            out.append(Condition(key, parts, at))
        elif key == "not":
            out.append(Condition(key, _conditions(ctx, v, at, what), at))
        elif key in CONDITIONS:
            try:
                parsed = CONDITIONS[key].parse(v)
            except ValueError as e:
                raise ctx.error(at, f"{what}: condition {key!r}: {e}") from None
            out.append(Condition(key, parsed, at))
        else:
            raise ctx.error(at, f"{what}: unknown condition {key!r} (expected one of "
                                f"{', '.join((*CONDITIONS, *COMBINATORS))})")
    return tuple(out)


def per_link(conds: tuple[Condition, ...]) -> bool:
    """Whether any condition (nested included) looks at a designated link."""
    for c in conds:
        if c.kind in ("all", "any"):
            if any(per_link(p) for p in c.value):
                return True
        elif c.kind == "not":
            if per_link(c.value):
                return True
        elif CONDITIONS[c.kind].per_link:
            return True
    return False


def leaves(conds: tuple[Condition, ...]) -> Iterator[Condition]:
    """Every condition of a ``when`` block that is not ``all``/``any``/``not``, nested included."""
    for c in conds:
        if c.kind in ("all", "any"):
            for part in c.value:
                yield from leaves(part)
        elif c.kind == "not":
            yield from leaves(c.value)
        else:
            yield c


def raw_fields(conds: tuple[Condition, ...]) -> frozenset[str]:
    """The item fields that ``fields`` conditions (nested included) read as raw text."""
    return frozenset(name for c in leaves(conds) if c.kind == "fields" for name, _ in c.value)


def rule_lists(conds: tuple[Condition, ...]) -> tuple[str, ...]:
    """The top-level ``lists`` patterns of a rule (what ``scope_matches`` reads)."""
    return tuple(p for c in conds if c.kind == "lists" for p in c.value)


RULE_KEYS = ("id", "outcome", "citation", "rationale", "when", "effective", "until", "deadline",
             "before_deadline", "if_unknown", "sources", "note")
EXCEPTION_KEYS = ("id", "suppresses", "citation", "rationale", "when", "outcome", "effective", "until", "note")
PACK_KEYS = ("pack", "sources", "rules", "exceptions", "allow_rationale")
INFO_KEYS = ("id", "name", "jurisdiction", "binds", "summary", "effective", "note")
SOURCE_KEYS = ("id", "title", "url", "date", "note")


def _rule(ctx: _Ctx, m: _Map, source_ids: set[str]) -> Rule:
    ctx.keys(m, RULE_KEYS, ("id", "outcome", "citation", "rationale"), "rule")
    rid = ctx.text(m, "id", "rule")
    what = f"rule {rid!r}"
    when = _conditions(ctx, m["when"], m.lines["when"], what) if m.get("when") is not None else ()
    sources = ctx.strings(m, "sources", what)
    for s in sources:
        if s not in source_ids:
            raise ctx.error(m.lines["sources"], f"{what}: source {s!r} is not among the pack's sources")
    rule = Rule(
        id=rid,
        outcome=ctx.outcome(m, "outcome", what),
        citation=ctx.text(m, "citation", what),
        rationale=ctx.text(m, "rationale", what),
        when=when,
        effective=ctx.date(m, "effective", what),
        until=ctx.date(m, "until", what),
        deadline=ctx.date(m, "deadline", what),
        before_deadline=ctx.outcome(m, "before_deadline", what) if "before_deadline" in m else Decision.REVIEW,
        if_unknown=ctx.outcome(m, "if_unknown", what) if m.get("if_unknown") is not None else None,
        sources=sources,
        line=m.line,
        per_link=per_link(when),
    )
    if rule.effective and rule.until and rule.until <= rule.effective:
        raise ctx.error(m.lines["until"], f"{what}: until {rule.until} is not after effective {rule.effective}")
    _check_template(ctx, rule.rationale, m.lines["rationale"], what)
    return rule


def _check_template(ctx: _Ctx, text: str, line: int, what: str) -> None:
    from supplyscreen.policy.evaluator import PLACEHOLDERS

    try:
        text.format_map(dict.fromkeys(PLACEHOLDERS, ""))
    except KeyError as e:
        raise ctx.error(line, f"{what}: unknown placeholder {{{e.args[0]}}} in rationale "
                              f"(expected {', '.join(PLACEHOLDERS)})") from None
    except (ValueError, IndexError) as e:
        raise ctx.error(line, f"{what}: rationale is not a valid template ({e}); write {{{{ for a brace") from None


def _exception(ctx: _Ctx, m: _Map, rule_ids: set[str]) -> ExceptionRule:
    import fnmatch

    ctx.keys(m, EXCEPTION_KEYS, ("id", "suppresses", "citation", "rationale"), "exception")
    eid = ctx.text(m, "id", "exception")
    what = f"exception {eid!r}"
    suppresses = ctx.strings(m, "suppresses", what)
    for p in suppresses:
        if not any(fnmatch.fnmatchcase(r, p) for r in rule_ids):
            raise ctx.error(m.lines["suppresses"], f"{what}: {p!r} names no rule of this pack")
    exc = ExceptionRule(
        id=eid,
        suppresses=suppresses,
        citation=ctx.text(m, "citation", what),
        rationale=ctx.text(m, "rationale", what),
        when=_conditions(ctx, m["when"], m.lines["when"], what) if m.get("when") is not None else (),
        outcome=ctx.outcome(m, "outcome", what) if "outcome" in m else Decision.ALLOW,
        effective=ctx.date(m, "effective", what),
        until=ctx.date(m, "until", what),
        line=m.line,
    )
    _check_template(ctx, exc.rationale, m.lines["rationale"], what)
    return exc


def _list_of_maps(ctx: _Ctx, doc: _Map, key: str) -> list[_Map]:
    v = doc.get(key) or []
    if not isinstance(v, list):
        raise ctx.error(doc.lines.get(key, doc.line), f"{key!r} must be a list")
    return [ctx.mapping(x, doc.lines.get(key, doc.line), f"each entry of {key!r}") for x in v]


def load_pack(path: Path) -> Pack:
    """Read and validate one pack file; raises PolicyError naming file and line."""
    ctx = _Ctx(path)
    doc = _read(path)
    doc = ctx.mapping(doc, 1, "a policy pack")
    ctx.keys(doc, PACK_KEYS, ("pack", "sources", "rules"), "pack file")
    info = ctx.mapping(doc["pack"], doc.lines["pack"], "'pack'")
    ctx.keys(info, INFO_KEYS, ("id", "name", "jurisdiction"), "'pack'")
    sources = []
    for s in _list_of_maps(ctx, doc, "sources"):
        ctx.keys(s, SOURCE_KEYS, ("id", "title"), "source")
        sources.append(PackSource(ctx.text(s, "id", "source"), ctx.text(s, "title", "source"),
                                  ctx.text(s, "url", "source"), ctx.text(s, "date", "source"),
                                  ctx.text(s, "note", "source")))
    if not sources:
        raise ctx.error(doc.lines["sources"], "a pack needs at least one source")
    source_ids = {s.id for s in sources}
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    for m in _list_of_maps(ctx, doc, "rules"):
        r = _rule(ctx, m, source_ids)
        if r.id in seen:
            raise ctx.error(m.line, f"rule id {r.id!r} already used at line {seen[r.id]}")
        seen[r.id] = m.line
        rules.append(r)
    if not rules:
        raise ctx.error(doc.lines["rules"], "a pack needs at least one rule")
    exceptions = tuple(_exception(ctx, m, set(seen)) for m in _list_of_maps(ctx, doc, "exceptions"))
    allow = ctx.text(doc, "allow_rationale", "pack file")
    if allow:
        _check_template(ctx, allow, doc.lines["allow_rationale"], "allow_rationale")
    return Pack(
        id=ctx.text(info, "id", "'pack'"),
        name=ctx.text(info, "name", "'pack'"),
        jurisdiction=ctx.text(info, "jurisdiction", "'pack'"),
        binds=ctx.text(info, "binds", "'pack'"),
        summary=ctx.text(info, "summary", "'pack'"),
        effective=ctx.date(info, "effective", "'pack'"),
        sources=tuple(sources),
        rules=tuple(rules),
        exceptions=exceptions,
        allow_rationale=allow,
        path=str(path),
    )


WAIVER_KEYS = ("id", "approver", "justification", "expires", "granted", "scope", "citation", "note")
SCOPE_KEYS = ("rules", "policies", "items", "makers")


def load_waivers(path: Path) -> tuple[Waiver, ...]:
    """Read a waiver file (``waivers:`` list); each needs id, approver, justification, expires."""
    ctx = _Ctx(path)
    doc = ctx.mapping(_read(path), 1, "a waiver file")
    ctx.keys(doc, ("waivers",), ("waivers",), "waiver file")
    out = []
    for m in _list_of_maps(ctx, doc, "waivers"):
        ctx.keys(m, WAIVER_KEYS, ("id", "approver", "justification", "expires"), "waiver")
        wid = ctx.text(m, "id", "waiver")
        what = f"waiver {wid!r}"
        scope = ctx.mapping(m.get("scope") or _empty(m.line), m.lines.get("scope", m.line), f"{what}: 'scope'")
        ctx.keys(scope, SCOPE_KEYS, (), f"{what}: scope")
        expires = ctx.date(m, "expires", what)
        assert expires is not None  # required above
        granted = ctx.date(m, "granted", what)
        if granted and expires <= granted:
            raise ctx.error(m.lines["expires"], f"{what}: expires {expires} is not after granted {granted}")
        out.append(Waiver(
            id=wid, approver=ctx.text(m, "approver", what), justification=ctx.text(m, "justification", what),
            expires=expires, granted=granted, rules=ctx.strings(scope, "rules", what) or ("*",),
            policies=ctx.strings(scope, "policies", what) or ("*",), items=ctx.strings(scope, "items", what),
            makers=ctx.strings(scope, "makers", what), citation=ctx.text(m, "citation", what),
            line=m.line, path=str(path),
        ))
    return tuple(out)


def _empty(line: int) -> _Map:
    m = _Map()
    m.line, m.lines = line, {}
    return m
