"""Does a static sentence embedding beside the detector's n-grams generalise better? (issue 17 item 1)

    PYTHONPATH=src python benchmarks/intel_embed_check.py [ALPHA ...]     # default: 0.25 0.5 1

Needs scikit-learn and wordllama (not project dependencies: the embedding was measured and not
shipped; see benchmarks/README, intel-embed10). wordllama is loaded from its wheel's own files with
downloads disabled. For the shipped features and for each scale ALPHA of the unit-normalised
embedding appended to them:

(a) the detector fitted as ``train.fit`` fits it, in a 3-fold split by template (the expansions of
    one template, or one news-extra article, never on both sides): precision, recall, F1, and F1 per
    script (Latin, Han, kana, Hangul);
(b) the detector fitted on the whole corpus, scored per article on every readable news set it never
    saw (``benchmarks/news-unseen-*`` with an articles.csv, and news-dev under /work/shared when
    present): a positive is found when its headline or first sentence scores >= 0.5, a negative
    flagged when any sentence does (the detector alone, without the pipeline's later filters);
(c) the measure model over predicate clauses, in the same split: accuracy.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from supplyscreen.intel import detect, train
from supplyscreen.intel.text import sentences

ROOT = Path(__file__).resolve().parents[1]
NEWS_DEV = Path("/work/shared/benchmarks/news-dev")
FOLDS = 3
_cache: dict[str, Any] = {}


def _model() -> Any:
    """wordllama's shipped 256-dimension vectors, from the package folder (its ``load`` looks for
    the tokenizer under ``tokenizer/`` while the wheel ships ``tokenizers/``: given the package folder
    as ``cache_dir`` it finds both), never downloading."""
    if "wl" not in _cache:
        import wordllama
        from wordllama import WordLlama

        _cache["wl"] = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    return _cache["wl"]


def embed(texts: list[str]) -> Any:
    """Mean-pooled token vectors of each text, scaled to unit length (as the n-gram vector is)."""
    todo = [t for t in dict.fromkeys(texts) if t not in _cache]
    if todo:
        _cache.update(zip(todo, _model().embed(todo), strict=True))
    e = np.array([_cache[t] for t in texts], dtype=np.float64)
    return e / np.maximum(np.linalg.norm(e, axis=1, keepdims=True), 1e-9)


def _matrix(vec: Any, texts: list[str], alpha: float, fit: bool = False) -> Any:
    import scipy.sparse as sp

    feats = [detect.features(t) for t in texts]
    x = vec.fit_transform(feats) if fit else vec.transform(feats)
    return sp.hstack([x, sp.csr_matrix(alpha * embed(texts))]).tocsr() if alpha else x


def _fit(texts: list[str], y: Any, alpha: float, c: float = train.C, balanced: bool = True) -> Callable[[list[str]], Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    m = LogisticRegression(C=c, class_weight="balanced" if balanced else None, solver="lbfgs", max_iter=2000,
                           random_state=train.SEED)
    m.fit(_matrix(vec, texts, alpha, fit=True), y)
    if balanced:
        return lambda ts: m.predict_proba(_matrix(vec, ts, alpha))[:, 1]
    return lambda ts: m.predict(_matrix(vec, ts, alpha))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def script(text: str) -> str:
    if re.search(r"[\uac00-\ud7a3]", text):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    return "zh" if re.search(r"[\u4e00-\u9fff]", text) else "latin"


def articles(root: Path) -> list[tuple[bool, list[str]]]:
    with (root / "articles.csv").open(encoding="utf-8") as fh:
        return [(bool(r["cluster"].strip()), sentences((root / "articles" / r["file"]).read_text(encoding="utf-8")))
                for r in csv.DictReader(fh)]


def main(argv: list[str]) -> int:
    alphas = [0.0, *map(float, argv or ["0.25", "0.5", "1"])]
    extra = ROOT / "benchmarks" / "data" / "news-extra"
    exs = [*train.template_examples(), *train.status_examples(), *train.measure_frame_examples(),
           *train.news_examples(extra)]
    texts = [e.text for e in exs]
    y = np.array([int(e.restriction) for e in exs])
    sources = sorted({e.source for e in exs})
    fold_of = {g: k % FOLDS for k, g in enumerate(sources)}
    fold = np.array([fold_of[e.source] for e in exs])
    scr = np.array([script(t) for t in texts])
    sets = sorted(p for p in (ROOT / "benchmarks").glob("news-unseen-*") if (p / "articles.csv").is_file())
    sets += [NEWS_DEV] if (NEWS_DEV / "articles.csv").is_file() else []
    news = [a for root in sets for a in articles(root)]
    pos = [k for k, e in enumerate(exs) if e.restriction and e.measure]
    clauses = [detect.predicate(texts[k]) for k in pos]
    labels = np.array([exs[k].measure for k in pos])
    print(f"corpus {len(exs)} sentences ({int(y.sum())} restrictions, {len(sources)} sources); "
          f"{len(sets)} unseen sets, {len(news)} articles")
    for alpha in alphas:
        scores = np.zeros(len(exs))
        right = 0
        for f in range(FOLDS):
            tr, te = np.where(fold != f)[0], np.where(fold == f)[0]
            scores[te] = _fit([texts[i] for i in tr], y[tr], alpha)([texts[i] for i in te])
            mtr = [i for i, k in enumerate(pos) if fold[k] != f]
            mte = [i for i, k in enumerate(pos) if fold[k] == f]
            guess = _fit([clauses[i] for i in mtr], labels[mtr], alpha, train.MEASURE_C, balanced=False)
            right += int((guess([clauses[i] for i in mte]) == labels[mte]).sum())
        hit = scores >= 0.5

        def counts(k: Any, hit: Any = hit) -> tuple[int, int, int]:
            return int((hit & (y == 1) & k).sum()), int((hit & (y == 0) & k).sum()), int((~hit & (y == 1) & k).sum())

        by_script = " ".join(f"{s} {prf(*counts(scr == s))[2]:.3f}" for s in ("latin", "zh", "ja", "ko"))
        score = _fit(texts, y, alpha)
        tp = fp = fn = 0
        for positive, ss in news:
            if positive:
                found = bool(ss) and float(max(score(ss[:2]))) >= 0.5
                tp, fn = tp + found, fn + (not found)
            else:
                fp += bool(ss) and float(max(score(ss))) >= 0.5
        print(f"alpha {alpha}: (a) P/R/F1 {'/'.join(f'{v:.3f}' for v in prf(*counts(np.ones(len(y), bool))))} "
              f"[{by_script}]; (b) unseen P/R/F1 {'/'.join(f'{v:.3f}' for v in prf(tp, fp, fn))} "
              f"(tp {tp} fp {fp} fn {fn}); (c) measure {right / len(pos):.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
