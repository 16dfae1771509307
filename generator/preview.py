"""Live preview: `mkdocs serve` over the assembled docs, regenerated when a record changes.

The preview watches the record folders itself: a save regenerates the docs folder
(only files whose content changed are written), and MkDocs, watching the docs
folder, rebuilds only the pages whose files changed (a dirty build). One edit is
then one regeneration and one small rebuild, instead of a full rebuild that writes
the docs and so starts a second one. This file is also the MkDocs hook
(`on_post_page`, `on_post_build`): it puts each page's HTML blocks in, as the build does after
MkDocs (render.fragments), so nothing lives in the hook alone. Imports are absolute
because MkDocs loads hooks by file path.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.build import (
    OVERRIDES,
    Layout,
    Superseded,
    assemble,
    language,
    refresh,
    site_settings,
    write_config,
)
from generator.catalog import build_catalog
from generator.render import fragments, site
from generator.validation import validate

FOLDERS = ("defects", "cases", "site")  # what a regeneration reads, with these files of the root:
FILES = ("handbook.yaml", "training.yaml")
WRITES = {"created", "modified", "deleted", "moved", "closed"}  # watchdog's event types that change a file
QUIET = 0.15  # seconds without a further change before regenerating (an editor saves in several writes)

FIRST_BUILD_WAIT = 10.0  # seconds the rest of a regeneration waits for MkDocs to rebuild the first pages

log = logging.getLogger("mkdocs.handbook")
BUILT = threading.Event()  # set by the hook when MkDocs has finished a build


def regenerate(root: Path, changed: frozenset[str] = frozenset(), parallel: bool = False,
               superseded: Callable[[], bool] = lambda: False) -> None:
    """Validate and rewrite the generated pages; on errors keep the last good pages. The pages
    of the `changed` record files (root-relative) are written first, and the rest once MkDocs
    has rebuilt those: what the person who saved is looking at shows up in a second or two.
    A save during the rest gives it up (`superseded`): the next regeneration does it all again.
    Only the first regeneration, before the server's threads start, may fork workers."""
    result = validate(root)
    if result.errors:
        for problem in result.errors[:20]:
            log.error("%s:%s:%s: %s [%s]", problem.file, problem.line, problem.column, problem.message(), problem.code)
        return
    settings = site_settings(root)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    layout, lang, today = _layout(root), language(settings), date.today()
    first = site.owned_pages(catalog, changed)
    if first:
        BUILT.clear()
        if refresh(layout, catalog, lang, today, result.config, first):
            BUILT.wait(FIRST_BUILD_WAIT)  # one Python process: do not slow that rebuild down
    try:
        assemble(layout, catalog, lang, today, result.config, parallel=parallel, superseded=superseded)
    except Superseded:
        log.info("handbook: newer changes saved, regenerating again")


def _layout(root: Path) -> Layout:
    """The preview's layout: MkDocs serves from a folder of its own, `public` is never written."""
    return Layout(root, root / "public")


def on_post_build(config: Any, **kwargs: Any) -> None:
    # MkDocs loads this file as a module of its own: tell the one the preview runs in.
    preview = sys.modules.get("generator.preview")
    if preview is not None:
        preview.BUILT.set()


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    root = config.extra.get("handbook_root")
    stored = _layout(Path(root)).fragments / fragments.stored(page.file.src_uri) if root else None
    if stored is None or not stored.is_file():
        return output
    try:
        return fragments.fill(output, fragments.load(stored))
    except (fragments.StaleFragments, ValueError):  # regenerated meanwhile: the rebuild that follows fills it
        return output


class Regenerator(FileSystemEventHandler):
    """Regenerates the docs folder once the record files have been quiet for a moment,
    one regeneration at a time, on its own thread (MkDocs' server keeps serving)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.changed = threading.Event()
        self.files: set[str] = set()  # root-relative paths saved since the last regeneration
        self.lock = threading.Lock()

    def start(self) -> None:
        threading.Thread(target=self._loop, daemon=True, name="handbook-regenerate").start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in WRITES:  # reading a file is an event too
            return
        for name in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(str(name))
            if name and path.is_relative_to(self.root) and (path.parent != self.root or path.name in FILES):
                with self.lock:
                    self.files.add(path.relative_to(self.root).as_posix())
                self.changed.set()

    def _loop(self) -> None:
        while True:
            self.changed.wait()
            self.changed.clear()
            while self.changed.wait(QUIET):  # still saving: wait for the files to settle
                self.changed.clear()
            with self.lock:
                files, self.files = frozenset(self.files), set()
            try:
                regenerate(self.root, files, superseded=self.changed.is_set)
            except Exception:  # a preview must survive a bad save; the next save tries again
                log.exception("handbook: regeneration failed")


def serve_root(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve

    logging.getLogger("mkdocs.commands.build").addFilter(_NotDirty())

    regenerate(root, parallel=True)
    settings = site_settings(root)
    extra = {**(settings.get("extra") or {}), "handbook_root": str(root)}
    config_file = write_config(_layout(root), settings, language(settings), "serve.yml",
                               hooks=[str(Path(__file__).resolve())], extra=extra, strict=False)
    observer = _watch_records(root)
    overrides = [str(root / "site" / OVERRIDES)] if (root / "site" / OVERRIDES).is_dir() else []
    try:
        serve(config_file=str(config_file), livereload=True, build_type="dirty", watch=overrides, dev_addr=dev_addr)
    finally:
        observer.stop()


class _NotDirty(logging.Filter):
    """MkDocs warns of a dirty build on every rebuild; here it is the point, not a risk
    (only changed files are rebuilt, every page is regenerated from the records)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def _watch_records(root: Path) -> Any:
    from watchdog.observers import Observer

    handler, observer = Regenerator(root), Observer()
    handler.start()
    for name in FOLDERS:
        if (root / name).is_dir():
            observer.schedule(handler, str(root / name), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # FILES
    observer.start()
    return observer
