"""Check a whole handbook root and report every problem at once.

Files are read and checked one by one (each against its schema and the
rules of one record; many at once on idle cores), then the rules across records run on everything that
could be read. Nothing here raises on bad input: every failure is a Problem.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import abc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .cache import FileCache, digest, no_gc
from .config import CONFIG_FILE, TRAINING_FILE, Config
from .contract import SCHEMAS, TAXONOMY, label_of
from .loading import Mapping, load
from .problems import Outcome, Problem, Text, field_args
from .rules import CORPUS_RULES, RECORD_RULES, Corpus
from .schema import Context, Record
from .sources import UNREAD, Kind, Source, discover, leaves_root, project_folders
from .taxonomy import AXES, DEFAULT_SUBCATEGORIES, DEFAULT_TERMS, Taxonomy, Term, default_taxonomy, extend

Checked = tuple[Record | None, list[Problem]]


@dataclass
class Validation(Outcome):
    """The outcome of checking a root: the records read and every problem found."""

    root: Path
    taxonomy: Taxonomy
    records: list[Record]
    problems: list[Problem]
    counts: dict[str, int] = field(default_factory=dict)
    config: Config = field(default_factory=Config)

    def valid_records(self) -> list[Record]:
        """Records whose file has no error: the only ones the model is built from."""
        broken = {p.file for p in self.errors}
        return [r for r in self.records if r.rel not in broken]


def validate(root: Path, today: date | None = None, config: Config | None = None,
             use_cache: bool = True) -> Validation:
    with no_gc():
        return _validate(root, today or date.today(), config, use_cache)


def _validate(root: Path, today: date, config: Config | None, use_cache: bool) -> Validation:
    sources = discover(root)
    taxonomy, problems, namespace = root_taxonomy(root, [s for s in sources if s.kind == "taxonomy"])
    if config is None:
        config, config_problems = root_config(root, taxonomy)
        problems += config_problems
    log, log_problems = _root_file(root, TRAINING_FILE, "training", taxonomy)
    problems += log_problems
    cache = FileCache(root, namespace) if use_cache else None
    records: list[Record] = []
    for record, found in check_sources([s for s in sources if s.kind != "taxonomy"], taxonomy, cache):
        problems += found
        if record is not None:
            records.append(record)
    if cache is not None:
        cache.save()
    records += [log] if log is not None else []
    memo = FileCache(root, namespace, name=".corpus") if use_cache else None
    corpus = Corpus(root, records, project_folders(root), today, config, use_cache, taxonomy, memo)
    for rule in CORPUS_RULES:
        problems += rule(corpus)
    if memo is not None:
        memo.save()
    counts = {kind: sum(1 for s in sources if s.kind == kind) for kind in ("defect", "project", "case")}
    return Validation(root, taxonomy, records, sorted(set(problems), key=Problem.sort_key), counts, config)


class _Unchecked(NamedTuple):
    """A file's bytes that the cache has no result for, and the key to remember it by."""

    key: str
    data: bytes


def check_sources(sources: list[Source], taxonomy: Taxonomy, cache: FileCache | None) -> list[Checked]:
    """Each source's record and problems, in order: from the cache when its bytes were
    checked before, else checked now, all together so that many can go to every core."""
    looked = [_lookup(source, cache) for source in sources]
    todo = [(source, found.data) for source, found in zip(sources, looked) if isinstance(found, _Unchecked)]
    fresh = iter(check_files(todo, taxonomy))
    checked: list[Checked] = []
    for found in looked:
        if isinstance(found, _Unchecked):
            key, found = found.key, next(fresh)
            if cache is not None:
                cache.put(key, found)
        checked.append(found)
    return checked


def _lookup(source: Source, cache: FileCache | None) -> Checked | _Unchecked:
    """What is known of a file without checking it: why it is not read, or its cached result."""
    if source.kind in UNREAD:
        return None, [_unread(source)]
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return None, [Problem("unreadable-file", source.rel, args={"reason": error.strerror or str(error)})]
    if cache is None:
        return _Unchecked("", data)
    key = f"{source.rel}\0{digest(data)}"
    return cache.get(key) or _Unchecked(key, data)


PARALLEL_FROM = 1000  # files to check before more processes pay for their start (about 0.4 ms a file)
_FORKED_TAXONOMY: Taxonomy | None = None  # read by the forked checkers, so it is never pickled


def check_files(files: list[tuple[Source, bytes]], taxonomy: Taxonomy) -> list[Checked]:
    """`check_file` of each, in order; with many files, in forked processes on the idle
    cores (where the platform can fork): a cold 20,000-case root spends most of its time here."""
    workers = idle_cores()
    # A fork copies only this thread: with others running (a live preview's server and watcher)
    # one of them may hold a lock the forked checker then waits on for ever.
    if len(files) < PARALLEL_FROM or workers < 2 or threading.active_count() > 1 \
            or "fork" not in multiprocessing.get_all_start_methods():
        return [check_file(source, data, taxonomy) for source, data in files]
    global _FORKED_TAXONOMY
    _FORKED_TAXONOMY = taxonomy
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            # chunks of a few hundred files: results come back while the rest is checked,
            # and each chunk pickles the paths its records share only once
            return list(pool.map(_check_forked, files, chunksize=max(1, len(files) // (8 * workers))))
    finally:
        _FORKED_TAXONOMY = None


def idle_cores() -> int:
    """Cores that were not busy over the last minute (`make -l` asks the same). The results
    travel back pickled, which costs a sixth of the checking: on cores other jobs hold, a pool
    only adds that (on this shared 2-core machine, 2 processes took as long as 1)."""
    cores = os.cpu_count() or 1
    try:
        return cores - int(os.getloadavg()[0])
    except OSError:  # no load average on this platform
        return cores


def _check_forked(file: tuple[Source, bytes]) -> Checked:
    assert _FORKED_TAXONOMY is not None
    return check_file(*file, _FORKED_TAXONOMY)


def check_file(source: Source, data: bytes, taxonomy: Taxonomy) -> Checked:
    """One file against its schema and the rules of one record."""
    if source.kind in UNREAD:
        return None, [_unread(source)]
    document = load(data, source.rel)
    _label_keys(document.problems, source.kind)
    if not isinstance(document.root, Mapping):
        return None, document.problems
    ctx = Context(source.rel, taxonomy, list(document.problems))
    values = SCHEMAS[source.kind].check(document.root, ctx)
    record = Record(source.kind, source.rel, values, ctx.marks, frozenset(p.path for p in ctx.problems))
    for rule in RECORD_RULES:
        ctx.problems += rule(record, taxonomy)
    return record, ctx.problems


def _unread(source: Source) -> Problem:
    """What the layout says about a path that is not read as a record."""
    if source.kind == "misplaced":
        where = Text("cases/<项目代码>/ 文件夹", "a project folder cases/<CODE>/")
        return Problem("misplaced-file", source.rel, args={"expected": where})
    if source.kind == "unreadable":
        reason = Text("文件夹无法打开", "the folder cannot be opened")
        return Problem("unreadable-file", source.rel, args={"reason": reason})
    return Problem("link-outside-root" if source.kind == "outside" else "folder-named-like-record", source.rel)


def _label_keys(problems: list[Problem], kind: str) -> None:
    """The loader knows keys, not fields: a repeated top-level key is named by its label too."""
    for p in problems:
        if p.code == "duplicate-key" and p.column == 1 and kind in SCHEMAS:
            p.args.update(field_args(str(p.args["key"]), label_of(kind, str(p.args["key"]))))


def root_config(root: Path, taxonomy: Taxonomy) -> tuple[Config, list[Problem]]:
    """The root's handbook.yaml, checked like a record; defaults where it is silent or wrong."""
    record, problems = _root_file(root, CONFIG_FILE, "config", taxonomy)
    if record is None:
        return Config(), problems
    return Config(**{k: v for k, v in record.values.items() if v is not None}), problems


def _root_file(root: Path, name: str, kind: Kind, taxonomy: Taxonomy) -> Checked:
    """A file at the root's top (handbook.yaml, training.yaml), checked like a record."""
    path = root / name
    if path.is_symlink() and leaves_root(str(path), os.path.realpath(root)):
        return None, [_unread(Source(path, name, "outside"))]
    if not path.is_file():
        return None, []
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem("unreadable-file", name, args={"reason": error.strerror or str(error)})]
    return check_file(Source(path, name, kind), data, taxonomy)


def root_taxonomy(root: Path, sources: list[Source]) -> tuple[Taxonomy, list[Problem], str]:
    """The default taxonomy extended by the root's taxonomy file, if any."""
    base = default_taxonomy()
    if not sources:
        return base, [], "default"
    source = sources[0]
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return base, [Problem("unreadable-file", source.rel, args={"reason": error.strerror or str(error)})], "default"
    document = load(data, source.rel)
    if not isinstance(document.root, Mapping):
        return base, document.problems, "default"
    # Two passes: subcategories may belong to a category the same file adds.
    first_ctx = Context(source.rel, base)
    first = TAXONOMY.check(document.root, first_ctx)
    with_categories = _extended(base, {"category": first.get("category") or {}}, first_ctx)
    ctx = Context(source.rel, with_categories)
    values = TAXONOMY.check(document.root, ctx)
    taxonomy = _extended(base, values, ctx)
    return taxonomy, ctx.problems, digest(data)


def _extended(base: Taxonomy, values: dict, ctx: Context) -> Taxonomy:
    """`base` plus the file's new keys; a redefined key or label is a problem and skipped."""
    added: dict[str, dict[str, Term]] = {}
    for axis in ("category", "stage", "source", "department"):
        added[axis] = _new_terms(axis, base.axis_terms(axis), values.get(axis) or {}, f"$.{axis}", ctx)
    subs: dict[str, dict[str, Term]] = {}
    for category, terms in (values.get("subcategory") or {}).items():
        subs[category] = _new_terms("subcategory", base.axis_terms("subcategory"), terms,
                                    f"$.subcategory.{category}", ctx)
    return extend(DEFAULT_TERMS, DEFAULT_SUBCATEGORIES, added, subs)


def _new_terms(axis: str, existing: abc.Mapping[str, Term], new: dict[str, str], path: str,
               ctx: Context) -> dict[str, Term]:
    labels = {term.zh: term for term in existing.values()}
    terms: dict[str, Term] = {}
    for key, label in new.items():
        clash = existing.get(key) or labels.get(label)
        if clash is not None and (clash.key, clash.zh) != (key, label):
            line, column = ctx.marks.get(f"{path}.{key}") or ctx.marks["$"]
            ctx.problems.append(Problem("taxonomy-conflict", ctx.rel, line, column,
                                        {"key": key, "label": label, "existing": f"{clash.key} {clash.zh}",
                                         "axis": AXES[axis]}, f"{path}.{key}"))
        elif clash is None:
            terms[key] = Term(key, label, key)
    return terms
