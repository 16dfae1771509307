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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported where it is used: a run whose pairs are cached never needs it
    import numpy as np
    from scipy.sparse import csr_matrix

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w]+|_")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[a-z]{3,}")
# The measure word after a number (5栋, 12层, 3单元) belongs to the number, not to the next word.
_UNIT = re.compile(r"^(单元|[栋幢座号层楼户室期年月日天次个米元块处套间台])")


def case_text(title: str | None, description: str | None, cause: str | None = None,
              location: str | None = None) -> str:
    """The words of a case that say what went wrong (not how it was decided): the same
    text feeds the similarity index and the `possible-duplicate` rule."""
    return "\n".join(part for part in (title, location, description, cause) if part)


# Fewer word characters than this say too little to tell one event from another: "外机停机"
# is what every case of its type says, so two such cases are not flagged as duplicates.
DISTINCTIVE = 24


def distinctive(text: str) -> bool:
    """Long enough that nearly the same text means the same write-up, not the same few words."""
    return _words(fold(text)) >= DISTINCTIVE


def _words(folded: str) -> int:
    """How many word characters a folded text has (its spaces stand for punctuation)."""
    return len(folded) - folded.count(" ")


def fold(text: str) -> str:
    """Full-width to half-width, lower case, every number as 0, punctuation as a space."""
    text = _nfkc(text).casefold()
    return " ".join(_NOT_WORD.sub(" ", _DIGITS.sub("0", text)).split())


# Full-width forms (ＡＢ１２，；) and the ideographic space: NFKC makes each the one ASCII
# character it stands for, whatever is around it.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")
_HALF = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def _nfkc(text: str) -> str:
    """unicodedata.normalize("NFKC", text), several times quicker on record text, whose
    full-width commas alone send every text through the slow path: those are replaced first
    (str.replace per distinct one), and replacing a character by its compatibility
    decomposition beforehand cannot change what NFKC gives."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for char in set(_FULL_WIDTH.findall(text)):
        text = text.replace(char, _HALF[char])
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def gram_ids(text: str) -> np.ndarray:
    """The character pairs and triples of each run of word characters of the folded text,
    as integers computed with numpy rather than one Python step per gram: a pair is its two
    code points (21 bits each) side by side, a triple its three, so the two kinds never
    collide (a triple's first code point is never 0)."""
    return _grams(fold(text))


def _grams(folded: str) -> np.ndarray:
    import numpy as np
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    space = codes == 32
    pairs = (codes[:-1] << np.uint64(21)) | codes[1:]
    triples = (codes[:-2] << np.uint64(42)) | (codes[1:-1] << np.uint64(21)) | codes[2:]
    return np.concatenate([pairs[~(space[:-1] | space[1:])], triples[~(space[:-2] | space[1:-1] | space[2:])]])


@dataclass
class Vocabulary:
    """The grams seen when fitting and their inverse document frequency."""

    grams: np.ndarray  # sorted gram ids
    idf: np.ndarray
    df: np.ndarray  # how many fitted texts hold each gram

    def documents(self, text: str) -> int:
        """How many fitted texts hold the (folded) gram `text`, a pair or a triple."""
        import numpy as np
        ids = gram_ids(text)
        if len(ids) != 1 or not len(self.grams):
            return 0
        column = int(np.searchsorted(self.grams, ids[0]).clip(0, len(self.grams) - 1))
        return int(self.df[column]) if self.grams[column] == ids[0] else 0

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """L2-normalised TF-IDF rows; grams never seen when fitting are left out."""
        import numpy as np
        docs, ids, counts = _counted([fold(text) for text in texts])
        columns = np.searchsorted(self.grams, ids).clip(0, max(len(self.grams) - 1, 0))
        known = self.grams[columns] == ids if len(self.grams) else np.zeros(len(ids), dtype=bool)
        return _weighted(docs[known], columns[known], counts[known], self.idf, len(texts))


def fit(texts: Sequence[str]) -> tuple[Vocabulary, csr_matrix]:
    """TF-IDF as scikit-learn's TfidfVectorizer computes it with sublinear_tf and smooth_idf:
    tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, rows scaled to length 1."""
    return _fit([fold(text) for text in texts])


def _fit(folded: Sequence[str]) -> tuple[Vocabulary, csr_matrix]:
    import numpy as np
    docs, ids, counts = _counted(folded)
    grams, columns = np.unique(ids, return_inverse=True)
    df = np.bincount(columns, minlength=len(grams))
    idf = np.log((1 + len(folded)) / (1 + df)) + 1
    return Vocabulary(grams, idf, df), _weighted(docs, columns, counts, idf, len(folded))


def _counted(folded: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(document, gram, count) of every distinct gram of every folded text, by document and
    then gram: two sorts of all the texts' grams rather than one small sort per text."""
    import numpy as np
    per_text = [_grams(text) for text in folded]
    docs = np.repeat(np.arange(len(folded), dtype=np.int64), [len(g) for g in per_text])
    if not len(docs):
        return docs, np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    grams, columns = np.unique(np.concatenate(per_text), return_inverse=True)
    cells, counts = np.unique(docs * len(grams) + columns, return_counts=True)
    return cells // len(grams), grams[cells % len(grams)], counts


def _weighted(docs: np.ndarray, columns: np.ndarray, counts: np.ndarray, idf: np.ndarray,
              rows: int) -> csr_matrix:
    import numpy as np
    from scipy.sparse import csr_matrix

    weights = (1 + np.log(counts)) * idf[columns]
    norms = np.sqrt(np.bincount(docs, weights * weights, minlength=rows))
    weights = weights / norms[docs]
    return csr_matrix((weights.astype(np.float32), (docs, columns)), shape=(rows, len(idf)))


def near_pairs(texts: Sequence[str], threshold: float, shortest: int = 0) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with i < j whose TF-IDF cosine is at least `threshold`; a text of
    fewer than `shortest` word characters is neither paired nor fitted. Each text is folded
    once, and numpy picks the pairs out of all products: a project of 100 cases has 10,000
    products and two or three pairs."""
    import numpy as np
    folded = [fold(text) for text in texts]
    kept = np.array([i for i, text in enumerate(folded) if _words(text) >= shortest], dtype=np.int64)
    if len(kept) < 2:
        return []
    _, matrix = _fit([folded[i] for i in kept])
    products = (matrix @ matrix.T).tocoo()
    near = (products.row < products.col) & (products.data >= threshold - 1e-6)
    first, second, scores = kept[products.row[near]], kept[products.col[near]], products.data[near]
    return sorted((int(i), int(j), float(v)) for i, j, v in zip(first, second, scores))


def shared_words(query: str, others: Iterable[str], limit: int = 6,
                 joined: Callable[[str], bool] = lambda pair: False) -> list[str]:
    """The longest stretches of `query` that also occur in one of `others`: whole words
    and phrases (at least two Chinese characters, or a Latin word), not n-gram fragments.

    A shared stretch often ends inside a word (外墙渗 of 外墙渗水 and 外墙渗漏): `joined`
    says whether two characters usually make one word (a pair many records use), and a
    stretch whose edge character is joined to the query's next character loses that edge."""
    folded = [fold(o) for o in others]
    found: list[str] = []
    for run in fold(query).split(" "):
        start = 0
        while start < len(run):
            end = start
            while end < len(run) and any(run[start:end + 1] in o for o in folded):
                end += 1
            cut_start, cut_end = _word_edges(run, start, end, joined)
            # a 0 stands for a number the two texts may write differently: never shown
            first, *rest = run[cut_start:cut_end].split("0")
            pieces = [p for p in [first, *(_UNIT.sub("", r) for r in rest)] if _worded(p)]
            if pieces:
                found.extend(pieces)
                start = end
            else:
                start += 1
    return _longest_first(found, limit)


def _word_edges(run: str, start: int, end: int, joined: Callable[[str], bool]) -> tuple[int, int]:
    if end - start >= 3 and end < len(run) and joined(run[end - 1:end + 1]):
        end -= 1
    if end - start >= 3 and start > 0 and joined(run[start - 1:start + 1]):
        start += 1
    return start, end


def _worded(piece: str) -> bool:
    return len(_CJK.findall(piece)) >= 2 or bool(_LATIN_WORD.search(piece))


def _longest_first(pieces: list[str], limit: int) -> list[str]:
    unique = list(dict.fromkeys(pieces))
    kept = [p for p in unique if not any(p != q and p in q for q in unique)]
    return sorted(kept, key=lambda p: (-len(p), unique.index(p)))[:limit]
