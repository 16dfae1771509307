"""How alike two pieces of record text are: character n-grams, TF-IDF and cosine.

Chinese has no spaces, and a word segmenter would need a dictionary and would
split trade words (空调机位, 开孔率) its own way; character pairs and triples
need neither, survive typos and a changed word order, and stay explainable.
Text is folded first so that what a paraphrase changes without changing the
meaning does not count: full-width forms (ＡＢ１２), case, and numbers
(52℃ and 53℃ are the same observation written twice).

Both the `possible-duplicate` rule (over records) and the similarity index
(over the catalogue) use this module, so they agree on what "alike" means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w]+|_")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z]{3,}")


def case_text(title: str | None, description: str | None, cause: str | None = None,
              location: str | None = None) -> str:
    """The words of a case that say what went wrong (not how it was decided): the same
    text feeds the similarity index and the `possible-duplicate` rule."""
    return "\n".join(part for part in (title, location, description, cause) if part)


def fold(text: str) -> str:
    """Full-width to half-width, lower case, every number as 0, punctuation as a space."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NOT_WORD.sub(" ", _DIGITS.sub("0", text)).split())


def grams(text: str) -> list[str]:
    """The character pairs and triples of each run of word characters of the folded text."""
    out: list[str] = []
    for run in fold(text).split(" "):
        for size in (2, 3):
            out.extend(run[i:i + size] for i in range(len(run) - size + 1))
    return out


def vectorizer() -> TfidfVectorizer:
    """TF-IDF over `grams`; sublinear tf, so a word repeated in one long text does not dominate."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=grams, sublinear_tf=True, dtype=_float32())


def _float32() -> type:
    import numpy as np

    return np.float32


def near_pairs(texts: Sequence[str], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with i < j whose TF-IDF cosine is at least `threshold`."""
    if sum(1 for text in texts if grams(text)) < 2:
        return []  # nothing to compare (and TF-IDF refuses an empty vocabulary)
    matrix: csr_matrix = vectorizer().fit_transform(texts)
    products = (matrix @ matrix.T).tocoo()
    pairs = [(int(i), int(j), float(v)) for i, j, v in zip(products.row, products.col, products.data)
             if i < j and v >= threshold - 1e-6]
    return sorted(pairs)


def shared_words(query: str, others: Iterable[str], limit: int = 6) -> list[str]:
    """The longest stretches of `query` that also occur in one of `others`: whole words
    and phrases (at least two Chinese characters, or a Latin word), not n-gram fragments."""
    folded = [fold(o) for o in others]
    found: list[str] = []
    for run in fold(query).split(" "):
        start = 0
        while start < len(run):
            end = start
            while end < len(run) and any(run[start:end + 1] in o for o in folded):
                end += 1
            piece = run[start:end].strip("0")
            if _worded(piece):
                found.append(piece)
                start = end
            else:
                start += 1
    return _longest_first(found, limit)


def _worded(piece: str) -> bool:
    return len(_CJK.findall(piece)) >= 2 or bool(_LATIN_WORD.search(piece))


def _longest_first(pieces: list[str], limit: int) -> list[str]:
    unique = list(dict.fromkeys(pieces))
    kept = [p for p in unique if not any(p != q and p in q for q in unique)]
    return sorted(kept, key=lambda p: (-len(p), unique.index(p)))[:limit]
