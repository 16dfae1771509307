"""Live preview: `mkdocs serve` over the assembled docs, regenerated before each rebuild.

This file is also the MkDocs hook (`on_pre_build`, `on_post_page`). It only adapts:
it calls the same generation `handbook build` uses and puts each page's HTML blocks
in as the build does after MkDocs (render.fragments), so nothing lives in the hook
alone. Imports are absolute because MkDocs loads hooks by file path.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from generator.build import WORK, Layout, assemble, language, site_settings, write_config
from generator.catalog import build_catalog
from generator.render import fragments
from generator.validation import validate

log = logging.getLogger("mkdocs.handbook")


def regenerate(root: Path) -> None:
    """Validate and rewrite the generated pages; on errors keep the last good pages."""
    result = validate(root)
    if result.errors:
        for problem in result.errors[:20]:
            log.error("%s:%s:%s: %s [%s]", problem.file, problem.line, problem.column, problem.message(), problem.code)
        return
    settings = site_settings(root)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    assemble(Layout(root, root / "public"), catalog, language(settings), date.today(), result.config)


def on_pre_build(config: Any, **kwargs: Any) -> None:
    root = config.extra.get("handbook_root")
    if root:
        regenerate(Path(root))


def on_post_page(output: str, page: Any, config: Any, **kwargs: Any) -> str:
    root = config.extra.get("handbook_root")
    stored = fragments.store_path(Path(root) / WORK / "docs", page.file.src_uri) if root else None
    if stored is None or not stored.is_file():
        return output
    return fragments.fill(output, fragments.load(stored))


def serve_root(root: Path, dev_addr: str) -> None:
    from mkdocs.commands.serve import serve

    regenerate(root)
    settings = site_settings(root)
    extra = {**(settings.get("extra") or {}), "handbook_root": str(root)}
    config_file = write_config(Layout(root, root / "public"), settings, language(settings), "serve.yml",
                               hooks=[str(Path(__file__).resolve())], extra=extra, strict=False)
    watch = [str(root / name) for name in ("defects", "cases", "site") if (root / name).is_dir()]
    serve(config_file=str(config_file), livereload=True, watch=watch, dev_addr=dev_addr)
