"""Running an evaluation: load the gold files, predict each document, score, gather."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from esgcli.evaluate.counting import FileScore, labels_indicators, score_doc
from esgcli.evaluate.gold import GoldDoc, GoldFormatError, load_gold
from esgcli.evaluate.matching import lexicon_parents
from esgcli.evaluate.report import EvalResult
from esgcli.model import Metric

Predict = Callable[[str], list[Metric]]


def score_docs(
    docs: Iterable[GoldDoc],
    predict: Predict,
    *,
    strict: bool = True,
    parents: Mapping[str, str] | None = None,
) -> EvalResult:
    """Run `predict` on every document's text and score it against the gold.

    `parents` maps an indicator id to its parent id (a finer id agrees with its parent's gold);
    None takes the relation of the built-in lexicon. KPIs are scored in each file whose gold
    labels indicators.
    """
    docs = list(docs)
    labelled = {path for path, group in _by_path(docs).items() if labels_indicators(group)}
    if parents is None:
        parents = lexicon_parents() if labelled else {}
    result = EvalResult(strict=strict)
    for doc in docs:
        t0 = time.perf_counter()
        preds = list(predict(doc.text))
        t1 = time.perf_counter()
        _add_doc(result, doc, preds, parents, doc.path in labelled)
        result.seconds_predict += t1 - t0
        result.seconds_score += time.perf_counter() - t1
    return result


def _by_path(docs: Sequence[GoldDoc]) -> dict[str, list[GoldDoc]]:
    groups: dict[str, list[GoldDoc]] = {}
    for doc in docs:
        groups.setdefault(doc.path, []).append(doc)
    return groups


def _add_doc(
    result: EvalResult,
    doc: GoldDoc,
    preds: list[Metric],
    parents: Mapping[str, str],
    kpis: bool,
) -> None:
    score, missed, spurious, label_errors = score_doc(doc, preds, result.strict, parents, kpis)
    result.per_file.setdefault(doc.path, FileScore()).merge(score)
    result.total.merge(score)
    result.missed += missed
    result.spurious += spurious
    result.label_errors += label_errors


def wants_bare(docs: Iterable[GoldDoc]) -> bool:
    """Bare-number suites (gold kind ``number``) need the extractor's bare mode."""
    return any(m.kind == "number" for d in docs for m in d.metrics)


def run_eval(
    gold_paths: Sequence[Path],
    *,
    bare: bool | None = None,
    strict: bool = True,
    max_errors: int = 20,
    predict: Predict | None = None,
    parents: Mapping[str, str] | None = None,
) -> EvalResult:
    """Load every gold file, then score them together (per-file figures are kept too).

    `bare` None decides per file (`wants_bare`). A given `predict` is used as is for every
    file, so `bare` does not reach it. All files are validated before anything is predicted,
    and ids must be unique across them. `parents` as for `score_docs`.
    """
    loaded = [load_gold(Path(p)) for p in gold_paths]
    _check_unique_ids(loaded)
    result = EvalResult(strict=strict, max_errors=max_errors)
    for docs in loaded:
        file_bare = wants_bare(docs) if bare is None else bare
        part = score_docs(docs, predict or _extractor(file_bare), strict=strict, parents=parents)
        for file_score in part.per_file.values():
            file_score.bare = None if predict else file_bare
        _absorb(result, part)
    return result


def _absorb(result: EvalResult, part: EvalResult) -> None:
    for path, file_score in part.per_file.items():
        result.per_file.setdefault(path, FileScore(bare=file_score.bare)).merge(file_score)
        result.total.merge(file_score)
    result.missed += part.missed
    result.spurious += part.spurious
    result.label_errors += part.label_errors
    result.seconds_predict += part.seconds_predict
    result.seconds_score += part.seconds_score


def _check_unique_ids(loaded: Sequence[list[GoldDoc]]) -> None:
    seen: dict[str, GoldDoc] = {}
    for docs in loaded:
        for doc in docs:
            first = seen.setdefault(doc.id, doc)
            if first is not doc:
                where = f"{first.path}:{first.line}"
                raise GoldFormatError(doc.path, doc.line, f"duplicate id {doc.id!r} (also {where})")


def _extractor(bare: bool) -> Predict:
    # late: scoring with an injected predictor must work even while the extractor cannot import
    from esgcli.extract import extract

    def predict(text: str) -> list[Metric]:
        return extract(text, bare=bare)

    return predict
