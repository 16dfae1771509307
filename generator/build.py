"""The handbook site: assemble its docs folder, then let MkDocs build it.

The docs folder (`<root>/.handbook/docs`, not committed) is laid in three
layers: the package's default assets, the generated pages, the root's own
hand-written `site/` pages on top. MkDocs only turns that Markdown into HTML;
everything the site says is decided before it runs, so the same pages would
build under any Markdown site engine.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import yaml

from . import __version__, made_by, photos
from .cache import digest
from .catalog import Catalog
from .config import Config
from .i18n import w
from .problems import Lang
from .render import fragments, search, site
from .render.renderer import page_url

DEFAULTS = Path(__file__).parent / "defaults"
WORK = ".handbook"
OVERRIDES = "overrides"  # theme overrides inside a root's site/ folder
HANDBOOKS = "handbooks"  # handbook and checklist files made by `handbook project/company/review`
PAGES_PER_JOB = 4  # pages a forked worker renders at a time


@dataclass(frozen=True)
class Layout:
    """Where a root's site is assembled and built."""

    root: Path
    out: Path

    @property
    def docs(self) -> Path:
        return self.root / WORK / "docs"

    @property
    def own_pages(self) -> Path:
        return self.root / "site"

    @property
    def fragments(self) -> Path:
        return self.docs.parent / fragments.STORE


def site_settings(root: Path) -> dict[str, Any]:
    """The default configuration with the root's own mkdocs.yml laid over it (theme option by option)."""
    settings = yaml.safe_load((DEFAULTS / "mkdocs.yml").read_text(encoding="utf-8"))
    own_file = root / "mkdocs.yml"
    if own_file.is_file():
        from mkdocs.utils.yaml import yaml_load  # the root's config is code the user trusts, read as MkDocs reads it

        with own_file.open(encoding="utf-8") as handle:
            own = yaml_load(handle) or {}
        theme = {**settings["theme"], **(own.get("theme") or {})}
        settings = {**settings, **own, "theme": theme}
    return settings


def language(settings: dict[str, Any]) -> Lang:
    return "zh" if str(settings["theme"].get("language", "zh")).startswith("zh") else "en"


def default_nav(lang: Lang) -> list[Any]:
    return [
        {w("home", lang): "index.md"},
        {w("catalogue", lang): ["defects/index.md", {w("table", lang): "defects/table.md"}]},
        {w("projects", lang): "projects/index.md"},
        {w("stats", lang): "stats.md"},
        {w("tracking", lang): "tracking.md"},
        {w("reviews", lang): "reviews/index.md"},
        {w("format", lang): ["format.md", {w("problems", lang): "problems.md"},
                             {w("case_lookup", lang): "cases.md"}]},
    ]


Job = Callable[[], list[tuple[str, str]]]  # makes some files of the docs folder


def generated_files(catalog: Catalog, lang: Lang, today: date, config: Config,
                    files: tuple[str, ...] = (), parallel: bool = True) -> Iterator[tuple[str, str]]:
    """Every generated file of the docs folder as (path, text): the pages, the data files,
    the search index. Where the platform can fork and `parallel` allows (not in a live
    preview, whose server runs threads), they are made on every core."""
    named = list(site.pages(catalog, lang, today, config, files))
    jobs: list[Job] = [partial(_render, named[first:first + PAGES_PER_JOB])
                       for first in range(0, len(named), PAGES_PER_JOB)]
    jobs.append(lambda: list(site.data_files(catalog, lang)))
    jobs.append(lambda: list(search.index_files(search.entries(catalog, lang))))
    yield from _made(jobs) if parallel else (made for job in jobs for made in job())


def _render(pages: list[tuple[str, Callable[[], str]]]) -> list[tuple[str, str]]:
    return [(path, render()) for path, render in pages]


_FORKED_JOBS: list[Job] = []  # read by the forked workers, so no job is ever pickled


def _run_forked(number: int) -> list[tuple[str, str]]:
    return _FORKED_JOBS[number]()


def _made(jobs: list[Job]) -> Iterator[tuple[str, str]]:
    """Each job's files, in the jobs' order. One forked worker per other core takes jobs from
    the back (the search index first: the longest) while this process takes them from the
    front, until they meet (a 20,000-case group's site is about 27 s of work on one core).
    Each process copies the memory it touches, so there is no worker for this process's
    core, and objects are frozen out of the cycle collector's reach before the fork (its
    scans would touch, and so copy, every page of the catalogue)."""
    global _FORKED_JOBS
    workers = (os.cpu_count() or 1) - 1
    if workers < 1 or len(jobs) < 4 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (made for job in jobs for made in job())
        return
    _FORKED_JOBS = jobs
    gc.freeze()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {number: pool.submit(_run_forked, number) for number in reversed(range(len(jobs)))}
            for number, job in enumerate(jobs):
                yield from job() if futures[number].cancel() else futures[number].result()
    finally:
        _FORKED_JOBS = []
        gc.unfreeze()


class Superseded(Exception):
    """A regeneration given up before writing anything, because newer records are waiting."""


def assemble(layout: Layout, catalog: Catalog, lang: Lang, today: date, config: Config,
             step: Callable[[str], None] = lambda _: None, parallel: bool = True,
             superseded: Callable[[], bool] = lambda: False) -> int:
    """Write the docs folder, touching only files whose content changed (so a live
    preview does not rebuild itself in a loop), and delete what is no longer generated.
    A preview passes `superseded`: once it is true, nothing is written (Superseded)."""
    wanted: dict[str, bytes | Path] = {}
    wanted.update(_tree(DEFAULTS / "docs"))
    published = _published(layout)
    wanted.update(published)
    kept: dict[str, bytes | Path] = {}  # each generated page's HTML blocks, by fragments.stored(page)
    for path, text in generated_files(catalog, lang, today, config, tuple(sorted(published)), parallel):
        if superseded():
            raise Superseded
        wanted[path], blocks = _split(path, text)
        if blocks is not None:
            kept[fragments.stored(path)] = blocks
    step("pages")
    wanted.update(_photos(layout, catalog))
    own = _tree(layout.own_pages, skip=OVERRIDES)
    for path in own:  # a hand-written page in site/ replaces the generated one, blocks and all
        kept.pop(fragments.stored(path), None)
    wanted.update(own)
    _sync(layout.fragments, kept)  # first: a live preview rebuilds a page as soon as its skeleton changes
    _sync(layout.docs, wanted)
    return sum(1 for path in wanted if path.endswith(".md"))


def refresh(layout: Layout, catalog: Catalog, lang: Lang, today: date, config: Config, only: set[str]) -> int:
    """Rewrite just the generated pages named in `only` (what a live preview shows first after
    a save, before `assemble` brings the rest up to date); returns how many changed."""
    own = set(_tree(layout.own_pages, skip=OVERRIDES))
    changed = 0
    for path, render in site.pages(catalog, lang, today, config, tuple(sorted(_published(layout)))):
        if path in only and path not in own:
            skeleton, blocks = _split(path, render())
            if blocks is not None:
                _write(layout.fragments / fragments.stored(path), blocks)
            changed += _write(layout.docs / path, skeleton)
            only = only - {path}
            if not only:
                break
    return changed


def _split(path: str, text: str) -> tuple[bytes, bytes | None]:
    """A generated file as MkDocs gets it, and a page's HTML blocks as they are kept (render.fragments)."""
    if not path.endswith(".md"):
        return text.encode("utf-8"), None
    skeleton, blocks = fragments.split(text)
    return skeleton.encode("utf-8"), fragments.dump(blocks) if blocks else None


def _published(layout: Layout) -> dict[str, Path]:
    """The handbook files beside the site; Markdown checklists are for wikis, the site has its own pages."""
    return {f"{HANDBOOKS}/{rel}": path for rel, path in _tree(layout.root / HANDBOOKS).items()
            if not rel.endswith(".md")}


def _photos(layout: Layout, catalog: Catalog) -> dict[str, Path]:
    """Each case photo as the site publishes it: decoded and re-encoded (never the original
    bytes, which could be anything), kept in .handbook/photos so a rebuild does not redo it."""
    folder = layout.root / WORK / "photos"
    planned: dict[str, tuple[Path, Path, str]] = {}  # docs path -> (source, converted copy, format)
    for case in catalog.cases.values():
        for photo in case.photos:
            target = site.photo_target(case, photo)
            job = _job(folder, layout.root / "cases" / case.project / photo, target)
            if job is not None:
                planned[target] = job
    missing = [job for job in planned.values() if not job[1].is_file()]
    if missing:
        folder.mkdir(parents=True, exist_ok=True)
        _convert_all(missing)
    # A photo that does not convert after all is left out, never published raw.
    published = {target: job[1] for target, job in planned.items() if job[1].is_file()}
    for stale in set(folder.glob("*")) - set(published.values()):
        stale.unlink()
    return published


def _job(folder: Path, source: Path, target: str) -> tuple[Path, Path, str] | None:
    fmt = "PNG" if target.lower().endswith(".png") else "JPEG"
    try:
        stat = source.stat()
    except OSError:
        return None
    parts = (source.resolve(), stat.st_size, stat.st_mtime_ns, photos.SIDE, photos.JPEG_QUALITY, fmt, __version__)
    return source, folder / f"{digest(chr(0).join(map(str, parts)).encode())}.{fmt.lower()}", fmt


def _convert(job: tuple[Path, Path, str]) -> None:
    source, path, fmt = job
    try:
        picture: photos.Normalised | None = photos.normalise(source, fmt=fmt)
    except photos.PhotoError:
        picture = None
    if picture is not None:
        partial = path.with_suffix(".partial")
        partial.write_bytes(picture.data)
        partial.replace(path)


def _convert_all(jobs: list[tuple[Path, Path, str]]) -> None:
    """On every core: a phone photo takes about 0.1 s to convert, the slow part of a
    first build with photos."""
    if len(jobs) < 8 or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            _convert(job)
        return
    with ProcessPoolExecutor(os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork")) as pool:
        list(pool.map(_convert, jobs, chunksize=4))


def _tree(top: Path, skip: str | None = None) -> dict[str, Path]:
    if not top.is_dir():
        return {}
    return {p.relative_to(top).as_posix(): p for p in sorted(top.rglob("*"))
            if p.is_file() and not (skip and p.relative_to(top).parts[0] == skip)}


def _sync(folder: Path, wanted: dict[str, bytes | Path]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for path, source in wanted.items():
        _write(folder / path, source if isinstance(source, bytes) else source.read_bytes())
    for existing in sorted(folder.rglob("*"), reverse=True):
        rel = existing.relative_to(folder).as_posix()
        if existing.is_file() and rel not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()


def _write(target: Path, data: bytes) -> bool:
    """Write a file only if its content changes (a live preview rebuilds what was written)."""
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def write_config(layout: Layout, settings: dict[str, Any], lang: Lang, name: str = "mkdocs.yml",
                 **more: Any) -> Path:
    """The MkDocs configuration the site is built with, as a file beside the docs
    (`mkdocs build -f .handbook/mkdocs.yml` builds the same site by hand)."""
    path = layout.root / WORK / name
    path.parent.mkdir(parents=True, exist_ok=True)
    options = {**mkdocs_options(layout, settings, lang), **more}
    path.write_text("# Written by handbook build from the package defaults and the root's mkdocs.yml.\n"
                    + yaml.dump(options, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def mkdocs_options(layout: Layout, settings: dict[str, Any], lang: Lang) -> dict[str, Any]:
    """The settings MkDocs gets, with the paths and wiring the handbook needs forced."""
    options = dict(settings)
    theme = dict(options["theme"])
    overrides = layout.own_pages / OVERRIDES
    if overrides.is_dir():
        theme["custom_dir"] = str(overrides)
    elif theme.get("custom_dir"):
        theme["custom_dir"] = str((layout.root / theme["custom_dir"]).resolve())
    # The generated pages link page to page by directory URL (render.renderer.href), and their
    # HTML is filled into <page>/index.html: the URL scheme is the generator's, not a setting.
    options.update(theme=theme, docs_dir=str(layout.docs), site_dir=str(layout.out), strict=True,
                   use_directory_urls=True)
    # The footer names the tool version that made the site (in place of mkdocs-material's own line),
    # after the root's copyright if it has one, so a published handbook can be traced to its rules.
    options["extra"] = {**(options.get("extra") or {}), "generator": False}
    own = options.get("copyright")
    options["copyright"] = f"{own} · {made_by(lang)}" if own else made_by(lang)
    options.setdefault("nav", default_nav(lang))
    return options


def build_site(layout: Layout, config_file: Path) -> list[str]:
    """MkDocs builds the skeletons, then the HTML blocks go in; returns MkDocs' warnings
    (any fails the build, and the pages are then left as they are)."""
    warnings = run_mkdocs(config_file)
    if not warnings:
        fill_pages(layout)
    return warnings


def run_mkdocs(config_file: Path) -> list[str]:
    """Build with MkDocs; returns its warnings (the build is strict: any warning fails it)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    warnings: list[str] = []
    handler = _Collect(warnings)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(load_config(config_file=str(config_file)))
    except (Abort, ConfigurationError) as error:
        warnings.append(str(error))
    finally:
        logger.removeHandler(handler)
    return warnings


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record.getMessage())


def fill_pages(layout: Layout) -> None:
    """Put each generated page's HTML blocks into the page MkDocs built from its skeleton
    (render.fragments)."""
    for stored in sorted(layout.fragments.rglob("*.md.json")):
        page = fragments.page_of(stored.relative_to(layout.fragments).as_posix())
        built = layout.out / page_url(page) / "index.html"
        built.write_text(fragments.fill(built.read_text(encoding="utf-8"), fragments.load(stored)), encoding="utf-8")


MARKER = ".handbook-site"


def claim_output(out: Path) -> bool:
    """MkDocs empties its output folder first: only ever let it empty one that a
    build made (it keeps a marker file), so no folder of the user's is wiped."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        return False
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by handbook build; its contents are replaced on every build\n", encoding="utf-8")
    return True
