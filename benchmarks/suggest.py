#!/usr/bin/env python3
"""How well and how fast `handbook suggest` and `possible-duplicate` work, printed as Markdown.

    python3 benchmarks/suggest.py [--cases 2000 20000] [--folds 4] [--seed 1]

- **Defect type**: top-1 and top-3 accuracy on cases held out from the index, one
  project at a time (the index is built without that project, so a project's own
  near-copies cannot leak into its answers), on the repository's sample and on
  synthetic roots (make_corpus.py, seed 1); beside it the majority-class baseline
  (always the types with the most cases in the index).
- **Duplicates**: pairs made by paraphrasing a case (a sentence dropped, every
  number changed, half-width digits and letters made full-width) against pairs of
  two different cases of the same type, scored as `validate` scores them (TF-IDF
  fitted on the project's cases): precision and recall per threshold.
- **Speed** at the largest size: building the index, reading it from the cache,
  and one suggestion (median of 200).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpora import corpus  # noqa: E402

from generator.catalog import Catalog, build_catalog  # noqa: E402
from generator.model import Case  # noqa: E402
from generator.schema import Record  # noqa: E402
from generator.similarity import build_index, cached_index, suggest, text_of_case  # noqa: E402
from generator.textsim import near_pairs  # noqa: E402
from generator.validation import validate  # noqa: E402

THRESHOLDS = (0.6, 0.7, 0.8, 0.9)


def loaded(root: Path) -> tuple[list[Record], Catalog]:
    result = validate(root)
    records = result.valid_records()
    return records, build_catalog(result.taxonomy, records)


def accuracy(root: Path, folds: int) -> dict[str, float]:
    """Leave-one-project-out top-1 / top-3, and the majority baseline, over `folds` projects."""
    records, full = loaded(root)
    projects = sorted(full.projects)
    held = projects[:: max(1, len(projects) // folds)][:folds]
    hits = Counter()
    for code in held:
        rest = build_catalog(full.taxonomy, [r for r in records if not (r.kind == "case" and
                                                                          r.rel.split("/")[1] == code)])
        index = build_index(rest)
        common = [d for d, _ in Counter(c.defect for c in rest.cases.values()).most_common(3)]
        for case in full.cases_of_project(code):
            ranked = [m.id for m in suggest(index, rest, text_of_case(case), top=3).defects]
            hits["n"] += 1
            hits["top1"] += ranked[0] == case.defect
            hits["top3"] += case.defect in ranked
            hits["base1"] += common[:1] == [case.defect]
            hits["base3"] += case.defect in common
    n = hits["n"]
    return {"projects": len(held), "cases": n, **{k: hits[k] / n for k in ("top1", "top3", "base1", "base3")}}


def paraphrase(text: str, rng: random.Random) -> str:
    """The same case written again: one sentence dropped, numbers changed, some full-width."""
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s.strip()]
    if len(sentences) > 2:
        del sentences[rng.randrange(1, len(sentences))]
    text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(1, 9)), "".join(sentences))
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() and rng.random() < 0.5 else c for c in text)


def duplicates(root: Path, seed: int, per_project: int = 10) -> dict[float, tuple[float, float, int, int]]:
    """Precision and recall per threshold: paraphrase pairs against same-type pairs."""
    _, catalog = loaded(root)
    rng = random.Random(seed)
    scores: list[tuple[float, bool]] = []
    for code in sorted(catalog.projects):
        cases = list(catalog.cases_of_project(code))
        texts = [text_of_case(c) for c in cases]
        picked = rng.sample(range(len(cases)), min(per_project, len(cases)))
        texts += [paraphrase(texts[i], rng) for i in picked]
        alike = {(i, j): s for i, j, s in near_pairs(texts, 0.0)}
        for k, i in enumerate(picked):
            scores.append((alike.get((i, len(cases) + k), 0.0), True))
        scores += [(alike.get((i, j), 0.0), False) for i, j in _same_type_pairs(cases)]
    table = {}
    for threshold in THRESHOLDS:
        flagged = [dup for score, dup in scores if score >= threshold]
        true = sum(flagged)
        positives = sum(dup for _, dup in scores)
        table[threshold] = (true / len(flagged) if flagged else 1.0, true / positives, positives,
                            len(scores) - positives)
    return table


def _same_type_pairs(cases: list[Case]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(cases)) for j in range(i + 1, len(cases)) if cases[i].defect == cases[j].defect]


def speed(root: Path) -> dict[str, float]:
    _, catalog = loaded(root)
    start = time.perf_counter()
    build_index(catalog)
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        cached_index(catalog, root, Path(folder))
        start = time.perf_counter()
        index = cached_index(catalog, root, Path(folder))
        cached = time.perf_counter() - start
    cases = list(catalog.cases.values())[::max(1, len(catalog.cases) // 200)][:200]
    times = []
    for case in cases:
        start = time.perf_counter()
        suggest(index, catalog, text_of_case(case))
        times.append(time.perf_counter() - start)
    return {"cases": len(catalog.cases), "index_s": built, "cached_s": cached,
            "suggest_ms": statistics.median(times) * 1000, "suggest_max_ms": max(times) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="*", default=[2000, 20000])
    parser.add_argument("--folds", type=int, default=4, help="projects held out per synthetic root")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    roots = [("sample", HERE.parent, 99)] + [(f"synthetic {n}", corpus(n), args.folds) for n in args.cases]
    print("| corpus | projects held out | cases | top-1 | top-3 | majority top-1 | majority top-3 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, root, folds in roots:
        a = accuracy(root, folds)
        print(f"| {name} | {a['projects']} | {a['cases']} | {a['top1']:.1%} | {a['top3']:.1%} | "
              f"{a['base1']:.1%} | {a['base3']:.1%} |")
    print("\n| corpus | threshold | precision | recall | paraphrase pairs | same-type pairs |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, root, _ in roots[:2]:
        for threshold, (precision, recall, pos, neg) in duplicates(root, args.seed).items():
            print(f"| {name} | {threshold:.0%} | {precision:.1%} | {recall:.1%} | {pos} | {neg} |")
    if args.cases:
        s = speed(corpus(max(args.cases)))
        print(f"\n{s['cases']} cases: index built in {s['index_s']:.1f} s, read from the cache in "
              f"{s['cached_s']:.2f} s; one suggestion {s['suggest_ms']:.0f} ms median, "
              f"{s['suggest_max_ms']:.0f} ms at most.")


if __name__ == "__main__":
    main()
