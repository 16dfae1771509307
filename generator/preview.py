"""Live preview: `mkdocs serve` over the assembled docs, regenerated when a record changes.

The preview watches the record folders itself: a save regenerates the docs folder
(only files whose content changed are written), and MkDocs, watching the docs
folder, rebuilds only the pages whose files changed (a dirty build). One edit is
then one regeneration and one small rebuild, instead of a full rebuild that writes
the docs and so starts a second one. This file is also the MkDocs hook
(`on_post_page`): it puts each page's HTML blocks in, as the build does after
MkDocs (render.fragments), so nothing lives in the hook alone. Imports are absolute
because MkDocs loads hooks by file path.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from generator.build import OVERRIDES, WORK, Layout, assemble, language, site_settings, write_config
from generator.catalog import build_catalog
from generator.render import fragments
from generator.validation import validate

FOLDERS = ("defects", "cases", "site")  # what a regeneration reads, with these files of the root:
FILES = ("handbook.yaml", "training.yaml")
QUIET = 0.15  # seconds without a further change before regenerating (an editor saves in several writes)

log = logging.getLogger("mkdocs.handbook")


def regenerate(root: Path, parallel: bool = False) -> None:
    """Validate and rewrite the generated pages; on errors keep the last good pages. Only the
    first regeneration, before the server's threads start, may fork workers."""
    result = validate(root)
    if result.errors:
        for problem in result.errors[:20]:
            log.error("%s:%s:%s: %s [%s]", problem.file, problem.line, problem.column, problem.message(), problem.code)
        return
    settings = site_settings(root)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    assemble(Layout(root, root / "public"), catalog, language(settings), date.today(), result.config,
             parallel=parallel)


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    root = config.extra.get("handbook_root")
    stored = fragments.store_path(Path(root) / WORK / "docs", page.file.src_uri) if root else None
    if stored is None or not stored.is_file():
        return output
    try:
        return fragments.fill(output, fragments.load(stored))
    except (fragments.StaleFragments, ValueError):  # regenerated meanwhile: the rebuild that follows fills it
        return output


class _Regenerator(FileSystemEventHandler):
    """Regenerates the docs folder once the record files have been quiet for a moment,
    one regeneration at a time, on its own thread (MkDocs' server keeps serving)."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.changed = threading.Event()
        threading.Thread(target=self._loop, daemon=True, name="handbook-regenerate").start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = Path(str(event.src_path))
        if not event.is_directory and (path.parent != self.root or path.name in FILES):
            self.changed.set()

    def _loop(self) -> None:
        while True:
            self.changed.wait()
            self.changed.clear()
            while self.changed.wait(QUIET):  # still saving: wait for the files to settle
                self.changed.clear()
            try:
                regenerate(self.root)
            except Exception:  # a preview must survive a bad save; the next save tries again
                log.exception("handbook: regeneration failed")


def serve_root(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve

    regenerate(root, parallel=True)
    settings = site_settings(root)
    extra = {**(settings.get("extra") or {}), "handbook_root": str(root)}
    config_file = write_config(Layout(root, root / "public"), settings, language(settings), "serve.yml",
                               hooks=[str(Path(__file__).resolve())], extra=extra, strict=False)
    observer = _watch_records(root)
    overrides = [str(root / "site" / OVERRIDES)] if (root / "site" / OVERRIDES).is_dir() else []
    try:
        serve(config_file=str(config_file), livereload=True, build_type="dirty", watch=overrides, dev_addr=dev_addr)
    finally:
        observer.stop()


def _watch_records(root: Path) -> Any:
    from watchdog.observers import Observer

    handler, observer = _Regenerator(root), Observer()
    for name in FOLDERS:
        if (root / name).is_dir():
            observer.schedule(handler, str(root / name), recursive=True)
    observer.schedule(handler, str(root), recursive=False)  # FILES
    observer.start()
    return observer
