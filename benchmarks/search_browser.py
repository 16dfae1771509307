#!/usr/bin/env python3
"""Time search in a real browser: from the last keystroke to the first results shown,
and the bytes fetched for them, on a built site served from this machine.

    python3 benchmarks/search_browser.py SITE_DIR [--queries 空鼓 渗漏 ...]

SITE_DIR is a `handbook build` output (benchmarks/build.py leaves one per size
in the temporary folder). Needs Debian's chromium and the playwright package.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from sitekit import CHROMIUM, CHROMIUM_ARGS, served  # noqa: E402

QUERIES = ["空鼓", "渗漏", "空调机位", "卫生间沉箱", "漏", "外窗"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print("| query | results | ms to first results | KB fetched |")
    print("| --- | ---: | ---: | ---: |")
    timings = []
    with served(args.site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for query in args.queries:
            page = browser.new_page()  # a cold cache for every query
            fetched: list[int] = []
            page.on("response",
                    lambda r, fetched=fetched: fetched.append(len(r.body())) if "/search/" in r.url else None)
            page.goto(url)
            page.click(".hb-search .md-search__input")
            page.keyboard.type(query)
            ms = page.evaluate("""() => new Promise(resolve => {
                const start = performance.now();
                const check = () => {
                    const meta = document.querySelector('.hb-search .md-search-result__meta').textContent;
                    if (document.querySelector('.hb-search .md-search-result__item') || meta.includes('没有'))
                        resolve(performance.now() - start); else requestAnimationFrame(check);
                };
                check();
            })""")
            count = page.locator(".hb-search .md-search-result__meta").inner_text()
            timings.append(ms)
            print(f"| {query} | {count} | {ms:.0f} | {sum(fetched) / 1024:.0f} |")
            page.close()
        browser.close()
    print(f"\nmedian {statistics.median(timings):.0f} ms (includes the 120 ms typing pause before a query runs)")


if __name__ == "__main__":
    main()
