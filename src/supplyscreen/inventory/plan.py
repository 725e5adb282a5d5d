"""The rip-and-replace plan: which designated devices, where, by when, under which rule.

Each screened device gets its class from the one device classifier the policy packs also read
(:mod:`supplyscreen.reference.devices`; a user's file may replace it for the plan), its designated
group from the evidence, and the removal deadlines that the chosen jurisdictions set for that group
(``data/deadlines.yaml``; a shipped policy pack's ``deadline`` wins where the pack carries the same
rule). A deadline of the pack the device was screened under applies when that rule fired for the
device; another jurisdiction's applies when the device's class and categories are those its rule
names. Only exclude/review/unknown devices become work; allowed devices are counted, never held, so
a million-row inventory plans in bounded memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TextIO

import yaml

from supplyscreen.errors import InputError
from supplyscreen.model import Decision, ItemResult
from supplyscreen.reference import devices
from supplyscreen.reference.devices import Classifier, DeviceClass
from supplyscreen.registry import Registry

# A rule whose id ends so asks what a device is (the FCC pack's fcc-category-unstated): the plan
# asks it once per maker instead of opening a work order per device.
QUESTION_SUFFIX = "category-unstated"
# Work held in memory for the report's table and the work orders; beyond it only counts are kept
# (a plan with more open items than this is a programme, not a page: the CSV work orders hold all).
MAX_WORK_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class Deadline:
    """One measure's removal date for some designated groups in some network parts."""

    jurisdiction: str
    measure: str
    groups: frozenset[str]
    classes: frozenset[str]
    """Device classes the measure names; empty: any class."""
    deadline: dt.date | None
    rule: str = ""
    pack: str = ""
    source: str = ""
    note: str = ""
    categories: frozenset[str] = frozenset()
    """Device categories the pack's rule names (``5g``, ``radio-access``); empty: any."""

    def covers(self, group: str, device: DeviceClass, fired: frozenset[str] | None) -> bool:
        """Whether this deadline applies to a device of ``group``: by the rule that fired for it when
        it was screened under this deadline's pack (``fired``), else by its class and categories."""
        if group not in self.groups:
            return False
        if fired is not None and self.rule:
            return self.rule in fired
        return ((not self.classes or device.cls in self.classes)
                and (not self.categories or bool(device.categories & self.categories)))


def _data(name: str) -> str:
    return resources.files("supplyscreen.inventory").joinpath(f"data/{name}").read_text("utf-8")


def load_roles(path: Path | None = None) -> Classifier:
    """The device classifier: the shipped one, or a user's file in the same format
    (``supplyscreen report --roles FILE``), for the plan only."""
    if path is None:
        return devices.shipped()
    try:
        return devices.load(path)
    except (yaml.YAMLError, devices.ClassifierError, AttributeError, TypeError) as e:
        raise InputError(f"not a device classifier: {e}", path=str(path)) from None


def _pack_deadlines() -> dict[tuple[str, str], dt.date]:
    """(pack id, rule id) -> deadline from the shipped policy packs, when they carry one."""
    out: dict[tuple[str, str], dt.date] = {}
    try:
        folder = resources.files("supplyscreen.policy").joinpath("packs")
        files = [f for f in folder.iterdir() if f.name.endswith(".yaml") and not f.name.endswith(".tests.yaml")]
    except (FileNotFoundError, NotADirectoryError):
        return out
    for f in files:
        try:
            doc = yaml.safe_load(f.read_text("utf-8")) or {}
        except yaml.YAMLError:
            continue  # a pack being edited; our own table stands
        pack = Path(f.name).stem
        for rule in doc.get("rules") or ():
            if isinstance(rule, dict) and isinstance(rule.get("deadline"), dt.date):
                out[(pack, str(rule.get("id")))] = rule["deadline"]
    return out


def load_deadlines(path: Path | None = None) -> tuple[Deadline, ...]:
    text, shown = (Path(path).read_text("utf-8"), str(path)) if path else (_data("deadlines.yaml"), "deadlines.yaml")
    packs = _pack_deadlines()
    out = []
    for n, e in enumerate((yaml.safe_load(text) or {}).get("deadlines") or (), 1):
        try:
            day = e.get("deadline")
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            note = ""
            from_pack = packs.get((str(e.get("pack", "")), str(e.get("rule", ""))))
            if from_pack is not None and from_pack != day:
                note = f"policy pack {e['pack']} rule {e['rule']} says {from_pack}; the pack's date is used"
                day = from_pack
            out.append(Deadline(
                jurisdiction=str(e["jurisdiction"]).upper(), measure=str(e["measure"]),
                groups=frozenset(map(str, e.get("groups") or ())), classes=frozenset(map(str, e.get("classes") or ())),
                deadline=day, rule=str(e.get("rule", "")), pack=str(e.get("pack", "")),
                source=str(e.get("source", "")), note=note,
                categories=frozenset(map(str, e.get("categories") or ())),
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"deadline entry {n} is not usable: {exc}", path=shown) from None
    return tuple(out)


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One device to remove, replace, review or identify."""

    ref: str
    site: str
    hostname: str
    role: str
    cls: str
    group: str
    maker: str
    decision: Decision
    action: str
    deadline: dt.date | None
    rules: tuple[Deadline, ...]
    reason: str
    evidence: str


@dataclass
class Plan:
    """The plan and the counts the report draws."""

    as_of: dt.date
    jurisdictions: tuple[str, ...]
    work: list[WorkItem] = field(default_factory=list)
    devices: int = 0
    decisions: Counter[str] = field(default_factory=Counter)
    by_maker: Counter[str] = field(default_factory=Counter)
    by_site: Counter[str] = field(default_factory=Counter)
    by_deadline: Counter[str] = field(default_factory=Counter)
    truncated: int = 0
    questions: Counter[str] = field(default_factory=Counter)
    """Makers whose devices say nothing of what they are, where the only finding is that question
    (a category entry cannot be applied): asked once per maker, with the number of devices, not
    made into one work order per device."""

    @property
    def overdue(self) -> int:
        return sum(1 for w in self.work if w.deadline is not None and w.deadline < self.as_of)


def _maker(r: ItemResult, registry: Registry) -> tuple[str, str]:
    """(group, maker name) from the first designated evidence; ("", "") when none."""
    for fm in r.matches:
        for link in fm.match.designated:
            e = registry.entities.get(link.entity.id)
            if e is not None and e.group:
                return e.group, e.name
        if fm.match.designated:
            return "", fm.match.designated[0].entity.name
    return "", ""


def _action(decision: Decision, rules: tuple[Deadline, ...]) -> str:
    if decision is Decision.EXCLUDE:
        return "remove and replace" if rules else "remove and replace (no network-removal date applies; policy excludes it)"
    if decision is Decision.REVIEW:
        return "confirm maker and use, then remove if confirmed"
    return "identify the device (no usable maker evidence)"


def build_plan(results: Iterable[ItemResult], registry: Registry, roles: Classifier,
               deadlines: tuple[Deadline, ...], jurisdictions: tuple[str, ...] = (),
               as_of: dt.date | None = None, policy: str = "") -> Plan:
    """Group findings into work, with the earliest deadline of the chosen jurisdictions. ``policy``
    is the pack the results were screened under: its own deadlines follow the rules that fired."""
    day = as_of or dt.date.today()
    wanted = tuple(j.upper() for j in jurisdictions)
    chosen = tuple(d for d in deadlines if not wanted or d.jurisdiction in wanted)
    plan = Plan(day, wanted)
    for r in results:
        plan.devices += 1
        plan.decisions[r.decision.value] += 1
        if r.decision is Decision.ALLOW:
            continue
        f = r.item.fields
        if r.decision is Decision.REVIEW and r.rules and all(h.id.endswith(QUESTION_SUFFIX) for h in r.rules):
            stated = next((f.get(k, "").strip() for k in ("manufacturer", "vendor", "brand") if f.get(k, "").strip()), "")
            plan.questions[stated or "(no maker named)"] += 1
            continue
        group, maker = _maker(r, registry)
        device = roles.classify(f)
        cls = device.cls
        fired = frozenset(h.id for h in r.rules)
        rules = tuple(sorted((d for d in chosen if d.covers(group, device, fired if d.pack == policy else None)),
                             key=lambda d: (d.deadline is None, d.deadline or dt.date.max)))
        deadline = next((d.deadline for d in rules if d.deadline is not None), None)
        site = f.get("site", "") or "(no site)"
        plan.by_site[site] += 1
        plan.by_maker[maker or ("(unidentified)" if r.decision is Decision.UNKNOWN else "(review lead)")] += 1
        plan.by_deadline[deadline.isoformat() if deadline else "no fixed date"] += 1
        if len(plan.work) >= MAX_WORK_ROWS:
            plan.truncated += 1
            continue
        top = next((fm for fm in r.matches if fm.match.designated), r.matches[0] if r.matches else None)
        evidence = f"{top.field} '{top.value}': {top.match.explanation}" if top else ""
        plan.work.append(WorkItem(r.item.ref, site, f.get("hostname", ""), f.get("role", ""), cls, group, maker,
                                  r.decision, _action(r.decision, rules), deadline, rules, r.reason, evidence))
    plan.work.sort(key=lambda w: (w.deadline is None, w.deadline or dt.date.max, -w.decision.severity, w.site, w.ref))
    return plan


# --- Work orders --------------------------------------------------------------------------------

WORK_ORDER_HEADER = ("work_order", "site", "asset", "hostname", "role", "class", "maker", "decision", "action",
                     "deadline", "status", "rule", "measure", "source", "reason", "evidence")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: object) -> str:
    """A CSV cell a spreadsheet will not run: text starting with = + - @ or a control character is
    prefixed with a quote (OWASP CSV injection guidance), after removing leading spaces' disguise."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip(" ")[:1] in _FORMULA_START and text else text


def _status(w: WorkItem, day: dt.date) -> str:
    if w.deadline is None:
        return "no fixed date"
    return "overdue" if w.deadline < day else f"due in {(w.deadline - day).days} days"


def work_order_rows(plan: Plan, site: str) -> Iterator[list[str]]:
    for n, w in enumerate((w for w in plan.work if w.site == site), 1):
        first = w.rules[0] if w.rules else None
        yield [cell(x) for x in (
            f"{_slug(site)}-{n:04d}", w.site, w.ref, w.hostname, w.role, w.cls, w.maker, w.decision.value, w.action,
            w.deadline.isoformat() if w.deadline else "", _status(w, plan.as_of),
            first.rule if first else "", first.measure if first else "", first.source if first else "",
            w.reason, w.evidence,
        )]


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60]
    return slug or "site"


def write_work_orders(plan: Plan, folder: Path) -> list[Path]:
    """One CSV per site (UTF-8 with BOM so spreadsheets read non-ASCII site names)."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    used: set[str] = set()
    for site in sorted({w.site for w in plan.work}):
        name = _slug(site)
        while name in used:
            name += "_"
        used.add(name)
        path = folder / f"work-orders-{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            _write_csv(fh, [list(WORK_ORDER_HEADER), *work_order_rows(plan, site)])
        written.append(path)
    return written


def _write_csv(fh: TextIO, rows: Iterable[list[str]]) -> None:
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerows(rows)


def burn_down(plan: Plan) -> list[tuple[dt.date, int]]:
    """Devices still to remove after each deadline date, if each deadline were met exactly."""
    dated = Counter(w.deadline for w in plan.work if w.deadline is not None)
    remaining = len(plan.work) + plan.truncated
    points = [(min([plan.as_of, *dated]), remaining)]
    for day in sorted(dated):
        remaining -= dated[day]
        points.append((day, remaining))
    return points


def summary_counts(counter: Mapping[str, int], limit: int = 15) -> list[tuple[str, int]]:
    """The largest entries, the rest folded into 'other'."""
    top = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(top) <= limit:
        return top
    rest = sum(v for _, v in top[limit - 1:])
    return [*top[: limit - 1], (f"other ({len(top) - limit + 1})", rest)]
