"""Record text as it reaches a page: Markdown fields become cleaned HTML in one block,
short text is escaped for both HTML and Markdown. Checked on the HTML itself, fast,
so that mutation testing can run it against every change to render/text.py."""

from __future__ import annotations

import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from payloads import PAYLOADS, unsafe

from generator.render.text import _BRACES, _MARKDOWN_SYNTAX, TAGS, inline, to_html


@pytest.mark.parametrize("field", sorted(PAYLOADS))
def test_no_payload_survives_cleaning(field: str) -> None:
    found = unsafe(str(to_html(PAYLOADS[field])))
    assert found.scripts == [] and found.frames == [] and found.handlers == [] and found.js_urls == []


def test_cleaning_keeps_the_words_and_safe_markup() -> None:
    html = str(to_html(PAYLOADS["description"]))
    assert "正文" in html and "点击" in html and "链接" in html
    html = str(to_html("**重要** [规范](https://example.com/a) 和 `code`\n\n- 一\n- 二"))
    assert "<strong>重要</strong>" in html and "<code>code</code>" in html and "<li>一</li>" in html
    assert 'href="https://example.com/a"' in html and 'rel="noopener noreferrer"' in html


def test_tables_lists_and_headings_are_kept_but_not_page_headings() -> None:
    html = str(to_html("| a | b |\n| --- | ---: |\n| 1 | 2 |\n\n# 大标题\n\n### 小标题"))
    assert "<table>" in html and "<td>2</td>" in html
    assert "<h3>小标题</h3>" in html and "<h1>" not in html and "大标题" in html


def test_plain_prose_is_escaped_into_paragraphs_with_line_breaks() -> None:
    assert str(to_html("第一行 a & b\n第二行\n\n \n第二段")) == "<p>第一行 a &amp; b<br>第二行</p>\n<p>第二段</p>"
    assert str(to_html("甲 < 乙\n丙")) == "<p>甲 &lt; 乙<br>\n丙</p>"  # the Markdown path says the same


def test_the_html_is_one_block_with_no_blank_line() -> None:
    """A blank line would end the raw HTML block and let Markdown reparse the rest."""
    assert str(to_html("段落\n\n    a = 1\n\n\n    b = 2\n")) == "<p>段落</p>\n<pre><code>a = 1\nb = 2\n</code></pre>"
    for text in ("一\n\n\n二", "- a\n\n- b\n\n\n```\ncode\n\n\nmore\n```", PAYLOADS["description"]):
        html = str(to_html(text))
        assert "\n\n" not in html and html == html.strip()


@pytest.mark.parametrize("text", [None, ""])
def test_nothing_is_nothing(text: str | None) -> None:
    assert str(to_html(text)) == ""


def test_mailto_links_are_kept_and_other_schemes_dropped() -> None:
    assert 'href="mailto:kf@example.com"' in str(to_html("[客服](mailto:kf@example.com)"))
    for url in ("javascript:alert(1)", "data:text/html,x", "vbscript:x", "file:///etc/passwd"):
        assert url.split(":")[0] not in str(to_html(f"[x]({url})"))


def test_inline_escapes_html_and_markdown_and_folds_lines() -> None:
    """Short text reaches the reader as written: through Markdown (as MkDocs renders a page)
    and then HTML, no markup, link or emphasis is made of it; lines are folded into one."""
    import html
    import re

    import markdown

    for text in ("<b>空调</b> & *百叶*", "[点我](javascript:x)", "# 1. a_b `c` {d} +e -f !g |h \\i", "&lt;b&gt;"):
        written = str(inline(text))
        assert "<" not in written and "[" not in written and "*" not in written, written
        rendered = markdown.markdown(written)
        assert re.fullmatch(r"<p>[^<>]*</p>", rendered), rendered  # one paragraph, no element inside
        assert html.unescape(rendered[3:-4]) == text
    assert str(inline("第一行\n  第二行\t末尾 ")).rstrip() == "第一行 第二行 末尾"
    assert str(inline(12)) == "12"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), whitelist_characters="\n\t"),
               max_size=80))
def test_plain_prose_is_what_the_sanitizer_would_make_of_it(text: str) -> None:
    """Prose without Markdown syntax skips the sanitizer (it was a tenth of a large build):
    what it gets must be exactly what the sanitizer would have left of it. (Control and
    line-separator characters never get here: loading rejects them, control-character.)"""
    html = str(to_html(text))
    if _MARKDOWN_SYNTAX.search(text) or not html:
        return
    assert html == nh3.clean(html, tags=TAGS).strip().translate(_BRACES)
