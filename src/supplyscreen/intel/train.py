"""Build the detection and measure model (``detect_model.json.gz``) from the project's own corpus.

    python -m supplyscreen.intel.train [--news benchmarks/data/news-extra] [--out PATH]

Needs scikit-learn (the ``intel`` extra); the package that scores with the model does not. Sources,
all written for this project (no outlet's text):

1. ``corpus/templates.tsv`` with ``corpus/fillers.yaml``: restriction sentences of every measure and
   hard negatives (launches, earnings, court cases, opinion, bans named in passing, vulnerability
   warnings, carriers' vendor choices) in ten languages, each template expanded with a few
   (actor, target) pairs drawn with a fixed seed;
2. the labelled articles of ``benchmarks/data/news-extra``: every sentence of a negative article is a
   negative; the headline and first sentence of a positive article are positives with the measure of
   its event (the lead states the news; later sentences are left out, they may be background).

Deterministic: fixed seed, sorted inputs, a solver without randomness, weights rounded; the same
inputs give the same file byte for byte (the build date is the newest input's commit date or, outside
git, ``--date``), so the shipped file can be checked by rebuilding it.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from supplyscreen.intel import detect
from supplyscreen.intel.text import sentences

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
SEED = 17
# (actor, target) pairs per template: enough that no single name becomes a cue, few enough that the
# templates, not the names, carry the weight.
PAIRS_PER_TEMPLATE = 6
# Inverse regularisation strength of both models: small corpora want strong smoothing; 4 kept the
# news-extra lead sentences at 1.0 recall in a 5-fold check without flagging its negatives.
C = 4.0
# The measure model is fitted on restriction sentences only (fewer, each with its instrument): less
# smoothing makes its distributions sharp enough to name a measure from one sentence.
MEASURE_C = 16.0
# Weights smaller than this change no decision (|sum| over a sentence moves < 0.01) and are dropped.
PRUNE = 1e-3
MEASURE_PRUNE = 5e-3
DIGITS = 5
# The shortest lead sentence worth learning from (shorter ones are datelines and labels).
MIN_LEAD_CHARS = 25


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    restriction: bool
    measure: str
    source: str


def template_examples(corpus: Path = CORPUS) -> list[Example]:
    fillers = yaml.safe_load((corpus / "fillers.yaml").read_text(encoding="utf-8"))
    out: list[Example] = []
    rows = [ln.split("\t") for ln in (corpus / "templates.tsv").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    for k, row in enumerate(rows):
        if len(row) != 4:
            raise ValueError(f"templates.tsv: line {k + 1} of data has {len(row)} columns, not 4: {row!r}")
        label, measure, lang, tpl = row
        if label not in ("r", "n") or lang not in fillers:
            raise ValueError(f"templates.tsv: bad label {label!r} or language {lang!r} in {tpl!r}")
        rng = random.Random(f"{SEED}:{k}")
        pairs = sorted({(rng.choice(fillers[lang]["A"]), rng.choice(fillers[lang]["T"]))
                        for _ in range(PAIRS_PER_TEMPLATE)})
        for a, t in pairs:
            out.append(Example(tpl.replace("{A}", a).replace("{T}", t), label == "r", measure or "", "templates"))
    return out


def news_examples(root: Path) -> list[Example]:
    events = json.loads((root / "events.json").read_text(encoding="utf-8"))
    out: list[Example] = []
    with (root / "articles.csv").open(encoding="utf-8", newline="") as fh:
        for row in sorted(csv.DictReader(fh), key=lambda r: r["file"]):
            text = (root / "articles" / row["file"]).read_text(encoding="utf-8")
            sents = [s for s in sentences(text) if len(s) >= MIN_LEAD_CHARS]
            cluster = row["cluster"].strip()
            if not cluster:
                out += [Example(s, False, "", row["file"]) for s in sents]
            else:
                out += [Example(s, True, events[cluster]["measure"], row["file"]) for s in sents[:2]]
    return out


def fit(examples: list[Example]) -> dict[str, object]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([detect.features(e.text) for e in examples])
    y = [int(e.restriction) for e in examples]
    det = LogisticRegression(C=C, class_weight="balanced", solver="lbfgs", max_iter=2000, random_state=SEED)
    det.fit(x, y)
    names = vec.get_feature_names_out()
    dw = {str(n): round(float(w), DIGITS) for n, w in zip(names, det.coef_[0], strict=True) if abs(w) >= PRUNE}

    pos = [i for i, e in enumerate(examples) if e.restriction and e.measure]
    mm = LogisticRegression(C=MEASURE_C, solver="lbfgs", max_iter=2000, random_state=SEED)
    mm.fit(x[pos], [examples[i].measure for i in pos])
    mw = {}
    for j, n in enumerate(names):
        col = mm.coef_[:, j]
        if max(abs(col)) >= MEASURE_PRUNE:
            mw[str(n)] = [round(float(v), DIGITS) for v in col]
    return {
        "detect": {"bias": round(float(det.intercept_[0]), DIGITS), "weights": dw},
        "measure": {"classes": [str(c) for c in mm.classes_], "bias": [round(float(b), DIGITS) for b in mm.intercept_],
                    "weights": mw},
    }


def build(news: Iterable[Path], date: str) -> dict[str, object]:
    examples = template_examples()
    sources = ["supplyscreen/intel/corpus/templates.tsv + fillers.yaml"]
    for root in news:
        examples += news_examples(root)
        sources.append(_relative(root))
    model = fit(examples)
    model["meta"] = {
        "built": date, "seed": SEED, "C": C, "measure_C": MEASURE_C, "ngrams": list(detect.NGRAMS),
        "examples": len(examples), "restrictions": sum(e.restriction for e in examples),
        "sources": sources, "builder": "python -m supplyscreen.intel.train",
    }
    return model


def _relative(p: Path) -> str:
    """A path as recorded in the model: relative to the repository, so the file is the same anywhere."""
    try:
        return p.resolve().relative_to(HERE.parents[2].resolve()).as_posix()
    except ValueError:
        return p.name


def write(model: dict[str, object], out: Path) -> None:
    raw = json.dumps(model, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    out.write_bytes(gzip.compress(raw, mtime=0))  # mtime 0: the same model gives the same bytes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    root = HERE.parents[2]
    p.add_argument("--news", type=Path, action="append",
                   help="a labelled news set (articles/, articles.csv, events.json); repeatable "
                        "(default: benchmarks/data/news-extra)")
    p.add_argument("--out", type=Path, default=HERE / detect.MODEL_FILE)
    p.add_argument("--date", default="", help="build date to record (default: today, UTC)")
    a = p.parse_args(argv)
    news = a.news if a.news is not None else [root / "benchmarks" / "data" / "news-extra"]
    for n in news:
        if not (n / "articles.csv").is_file():
            print(f"train: {n}: no articles.csv (a labelled set has articles/, articles.csv, events.json)",
                  file=sys.stderr)
            return 2
    date = a.date or dt.datetime.now(dt.UTC).date().isoformat()
    model = build(news, date)
    write(model, a.out)
    meta = model["meta"]
    print(f"train: {meta['examples']} examples ({meta['restrictions']} restrictions) -> {a.out}",  # type: ignore[index]
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
