"""The similarity index over the catalogue: which defect type a draft belongs to,
which existing cases it repeats, and which cases look misfiled.

A type is scored on two kinds of evidence: its own text (title, description,
impact, causes, locations, tags) and the cases filed under it. The type's own
text finds a type that has few or no cases yet; its cases find the words staff
actually use. The score is the better of the two cosines (see `_type_scores`),
so every figure shown is a plain cosine a reader can reproduce.

A pure function of the catalogue, never reading YAML; built once and cached in
the user's cache folder keyed on the catalogue's text, like the parse cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import textsim
from .cache import FileCache, digest
from .catalog import Catalog
from .model import Case, DefectType

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

# A case's recorded type is "far from the best match" when its score is below this
# share of the best type's score (and the best type is another one).
MISFILED_RATIO = 0.8
# Two characters that this many records write side by side are taken for one word, so a
# shared phrase is not cut between them (外墙渗|水).
WORD_TEXTS = 2


def defect_text(defect: DefectType) -> str:
    return "\n".join([defect.title, defect.description, defect.impact or "", *defect.causes, *defect.locations,
                      *defect.tags])


def text_of_case(case: Case) -> str:
    return textsim.case_text(case.title, case.description, case.cause, case.location)


@dataclass
class Index:
    """TF-IDF vectors of every defect type and every case, fitted on both."""

    vocabulary: textsim.Vocabulary
    defect_ids: list[str]
    case_ids: list[str]
    case_defect: np.ndarray  # position in defect_ids of each case's type
    defects: csr_matrix
    cases: csr_matrix


def build_index(catalog: Catalog) -> Index:
    defect_ids = list(catalog.defects)
    case_ids = list(catalog.cases)
    texts = [defect_text(d) for d in catalog.defects.values()] + [text_of_case(c) for c in catalog.cases.values()]
    vocabulary, matrix = textsim.fit(texts)
    position = {d: i for i, d in enumerate(defect_ids)}
    case_defect = np.array([position[catalog.cases[c].defect] for c in case_ids], dtype=np.int64)
    return Index(vocabulary, defect_ids, case_ids, case_defect, matrix[:len(defect_ids)], matrix[len(defect_ids):])


def catalog_key(catalog: Catalog) -> str:
    parts = [f"{d.id}\0{defect_text(d)}" for d in catalog.defects.values()]
    parts += [f"{c.id}\0{c.defect}\0{text_of_case(c)}" for c in catalog.cases.values()]
    return digest("\0\0".join(parts).encode())


def cached_index(catalog: Catalog, root: Path, folder: Path | None = None) -> Index:
    """The index of this catalogue, from the cache when its text is unchanged (the cache's
    namespace holds the package version and code digest, as the parse cache's does)."""
    cache = FileCache(root, "similarity", folder, name=".similarity")
    key = catalog_key(catalog)
    index = cache.get(key)
    if not isinstance(index, Index):
        index = build_index(catalog)
        cache.put(key, index)
    cache.save()
    return index


# -- asking the index ----------------------------------------------------------------

@dataclass(frozen=True)
class Match:
    id: str
    title: str
    score: float
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    defects: tuple[Match, ...]
    duplicates: tuple[Match, ...]  # cases at or above the duplicate threshold, most alike first
    closest: Match | None  # the most alike case, duplicate or not

    def as_json(self) -> dict[str, list[dict[str, object]]]:
        return {"defects": [{"id": m.id, "title": m.title, "score": m.score, "terms": list(m.terms)}
                            for m in self.defects],
                "duplicates": [{"id": m.id, "title": m.title, "score": m.score} for m in self.duplicates]}


def _scores(index: Index, text: str, exclude: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cosines of `text` with every type and every case; `exclude` (a case id) scores 0."""
    query = index.vocabulary.transform([text]).toarray().ravel()  # dense: a matrix-vector product is O(nnz)
    by_case = index.cases @ query
    if exclude is not None and exclude in index.case_ids:
        by_case[index.case_ids.index(exclude)] = 0.0
    return index.defects @ query, by_case


def _type_scores(index: Index, own: np.ndarray, by_case: np.ndarray) -> np.ndarray:
    """A type scores its best evidence: its own text, or its most alike case."""
    best_case = np.zeros(len(index.defect_ids), dtype=np.float64)
    np.maximum.at(best_case, index.case_defect, by_case)
    return np.maximum(own, best_case)


def _order(scores: np.ndarray, top: int) -> list[int]:
    """Best first; ties by position, which is id order (the catalogue sorts by id), so the
    same records always give the same answer."""
    rounded = np.round(scores, 6)
    return [int(i) for i in np.lexsort((np.arange(len(scores)), -rounded))[:top]]


def suggest(index: Index, catalog: Catalog, text: str, top: int = 3, threshold: float = 0.85,
            exclude: str | None = None) -> Suggestion:
    own, by_case = _scores(index, text, exclude)
    scores = _type_scores(index, own, by_case)
    defects = tuple(_defect_match(index, catalog, text, i, float(scores[i]), by_case, exclude)
                    for i in _order(scores, top))
    alike = [_case_match(catalog, index.case_ids[i], float(by_case[i])) for i in _order(by_case, top)]
    duplicates = tuple(m for m in alike if m.score >= threshold and textsim.distinctive(text)
                       and textsim.distinctive(text_of_case(catalog.cases[m.id])))
    return Suggestion(defects, duplicates, alike[0] if alike and alike[0].score > 0 else None)


def _defect_match(index: Index, catalog: Catalog, text: str, position: int, score: float, by_case: np.ndarray,
                  exclude: str | None) -> Match:
    defect = catalog.defects[index.defect_ids[position]]
    mine = np.flatnonzero(index.case_defect == position)
    nearest = mine[np.argsort(-by_case[mine], kind="stable")[:2]]
    evidence = [defect_text(defect)] + [text_of_case(catalog.cases[index.case_ids[i]]) for i in nearest
                                        if index.case_ids[i] != exclude]
    return Match(defect.id, defect.title, round(score, 3), tuple(_terms(index, defect, text, evidence)))


def _terms(index: Index, defect: DefectType, text: str, evidence: Iterable[str]) -> list[str]:
    """Tags and locations of the type that the text names, then the longest shared phrases."""
    folded = textsim.fold(text)
    named = [w for w in (*defect.tags, *defect.locations) if textsim.fold(w) and textsim.fold(w) in folded]
    phrases = textsim.shared_words(text, evidence,
                                   joined=lambda pair: index.vocabulary.documents(pair) >= WORD_TEXTS)
    return list(dict.fromkeys(named + [p for p in phrases if not any(p in textsim.fold(n) for n in named)]))[:8]


def _case_match(catalog: Catalog, case_id: str, score: float) -> Match:
    return Match(case_id, catalog.cases[case_id].title, round(score, 3))


@dataclass(frozen=True)
class Misfiled:
    case: Case
    recorded: float
    best: Match


def audit(index: Index, catalog: Catalog) -> list[Misfiled]:
    """Cases whose recorded type scores well below the best type, each scored without
    itself in the index: for a person to review, worst first."""
    found = []
    for case in catalog.cases.values():
        own, by_case = _scores(index, text_of_case(case), exclude=case.id)
        scores = _type_scores(index, own, by_case)
        best = _order(scores, 1)[0]
        recorded = float(scores[index.defect_ids.index(case.defect)])
        if index.defect_ids[best] != case.defect and recorded < MISFILED_RATIO * float(scores[best]):
            defect = catalog.defects[index.defect_ids[best]]
            found.append(Misfiled(case, round(recorded, 3), Match(defect.id, defect.title, round(float(scores[best]),
                                                                                                   3))))
    return sorted(found, key=lambda m: (m.recorded - m.best.score, m.case.id))
