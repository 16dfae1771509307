"""The site's search index: character n-grams in hashed shards.

Chinese has no spaces, and staff search for parts of terms (机位 in 空调机位,
漏 in 渗漏), so word segmentation loses exactly the hits they want. Every run
of Chinese characters is indexed by its single characters and character
pairs; a query matches a record when every pair of the query (or its single
character) occurs in it, which finds any substring of two or more characters.
Latin words and numbers are indexed with their prefixes.

The postings are split into shards by a hash of the term, so a browser
downloads a manifest, the one shard per query term and the few record
summaries it shows: tens of kilobytes whatever the size of the handbook.
The tokenizer and the hash are mirrored exactly in `assets/search.js`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..catalog import Catalog
from ..i18n import w
from ..model import DefectType
from ..problems import Lang

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{CJK}]+|[a-z0-9]+")
MAX_PREFIX = 12
CHUNK = 16  # record summaries per file
TITLE = "^"  # prefix of a term's postings restricted to titles, kept in the term's own shard
TARGET_SHARD_POSTINGS = 6000


@dataclass(frozen=True)
class Entry:
    """One searchable thing: a defect type, a project or a case."""

    url: str  # from the site root, with a trailing slash or an anchor
    title: str
    kind: str
    summary: str
    text: str


def terms(text: str) -> set[str]:
    """Index terms: CJK characters and pairs, Latin words and their prefixes."""
    found: set[str] = set()
    for run in _RUNS.findall(unicodedata.normalize("NFKC", text).lower()):
        if run[0].isascii():
            found.update(run[:n] for n in range(2, min(len(run), MAX_PREFIX) + 1))
            if len(run) == 1:
                found.add(run)
        else:
            found.update(run)
            found.update(run[i:i + 2] for i in range(len(run) - 1))
    return found


def query_terms(text: str) -> list[str]:
    """The terms a query looks up, exactly as `assets/search.js` splits it: pairs of a
    Chinese run (or its one character), Latin words cut to MAX_PREFIX, lone letters only
    when nothing else is left."""
    found: list[str] = []
    short: list[str] = []
    for run in _RUNS.findall(unicodedata.normalize("NFKC", text).lower()):
        if run[0].isascii():
            (found if len(run) > 1 else short).append(run[:MAX_PREFIX])
        elif len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i:i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(found)) or short


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over UTF-8: a hash that JavaScript reproduces exactly."""
    value = 0x811C9DC5
    for byte in term.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def entries(catalog: Catalog, lang: Lang) -> list[Entry]:
    """Everything searchable, in the order results are shown: defect types by
    recurrence, then projects, then cases newest first."""
    result = [_defect_entry(row.defect, lang) for row in catalog.ranking()]
    result += [Entry(f"projects/{p.code}/", f"{p.code} {p.name}", w("project", lang),
                     " · ".join(filter(None, [p.city, p.company, "、".join(p.product_types)])),
                     " ".join(filter(None, [p.code, p.name, p.city, p.company, *p.product_types])))
               for p in catalog.projects.values()]
    cases = sorted(catalog.cases.values(), key=lambda c: (c.found, c.id), reverse=True)
    for case in cases:
        project, defect = catalog.projects[case.project], catalog.defects[case.defect]
        body = [case.id, case.title, case.location, case.description, case.cause, case.decision,
                case.rectification, case.lessons, defect.id, defect.title, project.name]
        result.append(Entry(f"projects/{case.project}/phase-{case.phase}/#{case.id}", f"{case.id} {case.title}",
                            f"{w('case', lang)} · {project.name}", _summary(case.description),
                            " ".join(filter(None, body))))
    return result


def _defect_entry(defect: DefectType, lang: Lang) -> Entry:
    measures = [m for _, items in defect.prevention for m in items]
    body = [defect.id, defect.title, defect.description, defect.impact, *defect.causes, *measures,
            *defect.tags, *defect.locations, *defect.references]
    return Entry(f"defects/{defect.id}/", f"{defect.id} {defect.title}", w("defect_type", lang),
                 _summary(defect.description), " ".join(filter(None, body)))


def _summary(text: str | None, width: int = 90) -> str:
    flat = " ".join((text or "").split())
    return flat if len(flat) <= width else flat[:width] + "…"


def index_files(items: list[Entry]) -> Iterator[tuple[str, str]]:
    """The index as (path under the site root, JSON text)."""
    postings: dict[str, list[int]] = defaultdict(list)
    for number, entry in enumerate(items):
        for term in terms(f"{entry.title} {entry.text}"):
            postings[term].append(number)
        for term in terms(entry.title):  # lets the client rank title matches first without fetching titles
            postings[TITLE + term].append(number)
    total = sum(len(ids) for ids in postings.values())
    shards = _shard_count(total)
    buckets: dict[int, dict[str, list[int]]] = defaultdict(dict)
    for term, ids in postings.items():
        buckets[fnv1a(term.removeprefix(TITLE)) % shards][term] = _deltas(ids)
    yield "search/manifest.json", _json({"version": 1, "shards": shards, "chunk": CHUNK, "count": len(items)})
    for shard in range(shards):
        yield f"search/t/{shard}.json", _json(buckets.get(shard, {}))
    for start in range(0, len(items), CHUNK):
        chunk = [[e.url, e.title, e.kind, e.summary] for e in items[start:start + CHUNK]]
        yield f"search/d/{start // CHUNK}.json", _json(chunk)


def _shard_count(postings: int) -> int:
    shards = 16
    while shards < 4096 and postings / shards > TARGET_SHARD_POSTINGS:
        shards *= 2
    return shards


def _deltas(ids: Iterable[int]) -> list[int]:
    """Ascending ids as gaps: small numbers, short JSON."""
    previous, gaps = 0, []
    for value in ids:
        gaps.append(value - previous)
        previous = value
    return gaps


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
