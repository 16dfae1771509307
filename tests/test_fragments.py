"""Generated pages split into the Markdown a site engine reads and the HTML put back after it."""

from __future__ import annotations

import pytest

from generator.render import fragments
from generator.render.fragments import CLOSE, OPEN


def page(*parts: str) -> str:
    return "---\ntitle: \"T\"\n---\n\n" + "".join(parts)


def test_a_page_splits_into_headings_and_placeholders_and_fills_back() -> None:
    text = page(f"{OPEN}# T{CLOSE}\n\n<p>one</p>\n\n{OPEN}## A {{ #a }}{CLOSE}\n\n<div>\n\n<p>two</p>\n</div>\n")
    skeleton, blocks = fragments.split(text)
    assert skeleton.startswith("---\ntitle: \"T\"\n---\n") and "## A { #a }" in skeleton
    assert blocks == ["\n\n<p>one</p>\n\n", "\n\n<div>\n\n<p>two</p>\n</div>\n"]
    assert "<p>" not in skeleton and OPEN not in skeleton
    built = skeleton.replace("# T", "<h1>T</h1>")  # what an engine might make of it: the comments pass
    assert fragments.fill(built, blocks).count("<p>") == 2


def test_a_page_without_marked_lines_is_left_whole() -> None:
    text = "# Problem codes\n\n- a list\n"
    assert fragments.split(text) == (text, [])


def test_blocks_from_another_version_of_the_page_are_refused() -> None:
    skeleton, _ = fragments.split(page(f"{OPEN}# T{CLOSE}\n<p>new</p>\n"))
    with pytest.raises(fragments.StaleFragments):
        fragments.fill(skeleton, ["<p>old</p>"])
    with pytest.raises(fragments.StaleFragments):
        fragments.fill(skeleton, [])


def test_only_heading_lines_of_a_template_are_marked() -> None:
    source = "{# a comment #}\n# {{ title }}\n<p>#not a heading</p>\n## Two { #two }\n#hashtag\n"
    marked = fragments.mark_headings(source)
    assert marked.count(OPEN) == 2 and f"{OPEN}# {{{{ title }}}}{CLOSE}" in marked and "\n#hashtag" in marked


def test_record_text_cannot_forge_a_mark() -> None:
    from generator.render.text import inline

    assert OPEN not in inline(f"a{OPEN}## b{CLOSE}") and CLOSE not in inline(CLOSE)
