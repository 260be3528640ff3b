"""Search on a phone: index bytes and the time from typing to the first results, for plain
Material and Handbook on the same synthetic hub, in Chromium throttled like a mid-range phone.

    python benchmarks/search_latency.py [--sizes 1000] [--runs 5] [--throttle 4]

A reader opens a page and starts typing at once, so the time includes fetching the index and
building it in Material's search worker: what decides whether the first search freezes a phone.
Needs Chromium (`apt-get install chromium`, or HANDBOOK_CHROMIUM) and Playwright (the `test`
extra). Prints a Markdown table; results go in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from build_times import configs, machine, measure_build

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERY = "dispatcher warranty"  # two words every synthetic page draws from


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, as a static host serves it."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def first_results_ms(browser: object, url: str, throttle: float) -> float:
    """Open a page like a phone, tap search, type at once, wait for the first result."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,  # type: ignore[attr-defined]
                                  has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    page.goto(url, wait_until="domcontentloaded")
    page.locator("label.md-header__button[for=__search]").first.click()  # the phone's search icon
    box = page.locator("input.md-search__input")
    started = time.perf_counter()
    box.press_sequentially(QUERY, delay=30)
    page.wait_for_selector(".md-search-result__item a", timeout=120_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--throttle", type=float, default=4.0,
                        help="CPU slowdown, 4 is Lighthouse's mid-range phone")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Search latency skipped: no browser at {CHROMIUM} (apt-get install chromium, "
              "or set HANDBOOK_CHROMIUM)")
        return
    from playwright.sync_api import sync_playwright

    print(f"Machine: {machine()}; Chromium CPU throttled {args.throttle:g}x, 390 px viewport\n")
    print("| pages | build | search index KB | entries | first results ms (median) | × plain |")
    print("|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in (int(s) for s in args.sizes.split(",")):
            hub = synth.generate(Path(tmp) / f"hub-{size}", size, 2)
            plain_ms = None
            for name, config in configs(hub).items():
                if name not in ("plain", "handbook"):
                    continue
                result = measure_build(hub, config, 1)
                site = hub / f"site-{Path(config).stem}"
                entries = len(json.loads((site / "search/search_index.json").read_text())["docs"])
                # a reader arrives on a page (the synthetic hub has no home page)
                start = min((site / "playbooks").glob("*/index.html")).parent.relative_to(site)
                with served(site) as root:
                    url = f"{root}{start.as_posix()}/"
                    first_results_ms(browser, url, args.throttle)  # warm the disk cache
                    ms = statistics.median(first_results_ms(browser, url, args.throttle)
                                           for _ in range(args.runs))
                plain_ms = plain_ms or ms
                print(f"| {size} | {name} | {result.index_kb:.0f} | {entries} | {ms:.0f} | "
                      f"{ms / plain_ms:.2f} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
