"""Search on a phone: what a reader's first search costs on Handbook (its chunked index behind
Material's search box) and on plain Material (its own search), built from the same pages in the same run.

    python benchmarks/search_latency.py [--sizes 1000,5000] [--runs 3] [--throttle 4]
                                        [--real DIR --real-query "two words"] [--repeat-names]
                                        [--input tap] [--input click]

Two queries on a synthetic hub: two words every page holds (the most work for search) and
another page's title (what readers mostly type). For each build: the search index on disk; then,
in Chromium at a 390-pixel phone viewport with the CPU throttled 4x (Lighthouse's mid-range
phone), a reader opens a page, taps search and the query arrives at once (as from the keyboard's
suggestion bar; `--input click`: as stop 21 and before measured it, with a mouse). Measured
from opening the page to the first results of that query: every byte the static server sent
(the page itself included; no compression, as `python -m http.server` serves), the part that
is search's own files, and the milliseconds from the query to its results on screen.

`--real DIR` adds a real handbook: a folder of Markdown (its `docs_dir`), built with plain
Material and with Handbook; if Handbook refuses it (until file names may repeat across
folders), Handbook's index is written over Material's own build instead, behind the same search
box, and the row says so. Needs Chromium (`apt-get install chromium`, or HANDBOOK_CHROMIUM) and
Playwright (the `test` extra). Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "generator"))
import synth
from build_times import PYTHON, machine

from handbook.site import search

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
QUERY = "dispatcher warranty"  # two words every synthetic page draws from: the most results
THEME = Path(search.__file__).parent / "theme"
# what search alone makes the browser fetch, for each engine
SEARCH_FILES = re.compile(r"^/(search/|assets/handbook-search\.js|assets/javascripts/"
                          r"(workers|lunr)/)")


@dataclass
class Served:
    """Bytes the server sent since the last reset, all and search's own."""

    total: int = 0
    search: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.total += size
            if SEARCH_FILES.match(path):
                self.search += size


class _Counting(http.server.SimpleHTTPRequestHandler):
    served: Served

    def log_message(self, *args: object) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
        data = source.read()
        outputfile.write(data)
        self.served.add(self.path.split("?")[0], len(data))


@contextmanager
def served(site: Path) -> Iterator[tuple[str, Served]]:
    """The built site on 127.0.0.1, as a static host serves it, counting what it sends."""
    counter = Served()
    handler = type("Handler", (_Counting,), {"served": counter})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()


@dataclass
class Search:
    ms: float
    total: int
    search: int


WAIT = """last => {
  const first = document.querySelector(".md-search-result__item a");
  return first && (new URL(first.href).searchParams.get("h") || "").split(" ").includes(last);
}"""


def first_search(browser: object, url: str, query: str, throttle: float, counter: Served,
                 tap: bool = True) -> Search:
    """Open a page like a phone, tap search, the query arrives at once: its first results.

    `tap=False` is the input of stop 21 and before: a mouse click on the search icon, which
    leaves the pointer over where the results appear (Material then handles its hover), and the
    key pressed through a locator Playwright looks up in the throttled page first. Both add
    Playwright's and Material's work that a finger on a phone does not cause."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,  # type: ignore[attr-defined]
                                  has_touch=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    with counter.lock:
        counter.total = counter.search = 0
    page.goto(url, wait_until="domcontentloaded")
    icon = page.locator("label.md-header__button[for=__search]").first  # the phone's search icon
    if not tap:
        icon.click()
    else:
        icon.tap()  # a finger: no mouse left over the results, whose hover Material would handle
        page.wait_for_function("() => true", polling=10)  # Playwright's own set-up, done before
    box = page.locator("input.md-search__input")
    started = time.perf_counter()
    page.keyboard.insert_text(query)
    if not tap:
        box.press("End")  # Material reads the box on key up
    else:
        page.keyboard.press("End")  # to the focused box, without Playwright looking it up first
    page.wait_for_function(WAIT, arg=query.split()[-1].lower(), timeout=120_000, polling=10)
    elapsed = time.perf_counter() - started
    with counter.lock:
        found = Search(elapsed * 1000, counter.total, counter.search)
    context.close()
    return found


def build(hub: Path, config: str, site: Path) -> bool:
    done = subprocess.run([PYTHON, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(site)],
                          cwd=hub, capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1795392000",
                               "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        print(f"... {hub.name}/{config}: build failed: {done.stderr.strip().splitlines()[-1:]}",
              file=sys.stderr)
    return done.returncode == 0


def index_over(material: Path, dest: Path) -> None:
    """Material's own build with Handbook's search: each page's article marked as what search
    reads, the index, the worker, and the theme's snippet that hands it to Material."""
    from jinja2 import Environment, FileSystemLoader, pass_context

    shutil.copytree(material, dest)
    for page in dest.rglob("*.html"):
        html = page.read_text("utf-8")
        page.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                     f'<article class="md-content__inner md-typeset" {search.BODY}>', 1),
                        "utf-8")
    search.index_site(dest)
    shutil.copy(THEME / "assets/handbook-search.js", dest / "assets/handbook-search.js")
    env = Environment(loader=FileSystemLoader(THEME))
    # MkDocs' `url` filter: relative to the page, so read at render time, as MkDocs' is
    env.filters["url"] = pass_context(lambda context, path: posixpath.relpath(path, context["folder"]))
    snippet = env.get_template("partials/handbook/search-engine.html")
    for page in dest.rglob("*.html"):
        folder = page.parent.relative_to(dest).as_posix()
        hook = snippet.render(handbook_search=True, folder=folder)
        html = page.read_text("utf-8")
        bundle = re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js', html)
        if bundle:
            page.write_text(html[:bundle.start()] + hook + html[bundle.start():], "utf-8")


def index_kb(site: Path) -> float:
    files = [site / search.MATERIAL_INDEX, *(site / search.BUNDLE).rglob("*")]
    return sum(f.stat().st_size for f in files if f.is_file()) / 1024


def measure(browser: object, site: Path, start: str, query: str, args: argparse.Namespace,
            tap: bool) -> Search:
    with served(site) as (root, counter):
        first_search(browser, root + start, query, args.throttle, counter, tap)  # warm the disk cache
        runs = [first_search(browser, root + start, query, args.throttle, counter, tap)
                for _ in range(args.runs)]
    middle = sorted(runs, key=lambda r: r.ms)[len(runs) // 2]
    return Search(statistics.median(r.ms for r in runs), middle.total, middle.search)


def title_of(site: Path, page: str) -> str:
    """A page's title as a reader would type it, to look that page up."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", (site / page / "index.html").read_text("utf-8"), re.DOTALL)
    return " ".join(re.sub(r"<[^>]+>|&[a-z]+;|¶", " ", heading.group(1) if heading else "").split()).lower()


def rows_for(browser: object, label: str, hub: Path, queries: list[str],
             args: argparse.Namespace) -> None:
    """Build the hub both ways, then print one row per engine."""
    (hub / "plain.yml").write_text(synth.CONFIG.format(plugins=""))
    sites = {"Material": hub / "site-material"}
    if not build(hub, "plain.yml", sites["Material"]):
        return
    if build(hub, "mkdocs.yml", hub / "site-handbook"):
        sites["Handbook"] = hub / "site-handbook"
    else:
        sites["Handbook (its index over Material's build)"] = hub / "site-indexed"
        index_over(sites["Material"], hub / "site-indexed")
    # a reader arrives on a page deep in the hub (a synthetic hub has no home page)
    pages = sorted(p.parent.relative_to(sites["Material"]).as_posix()
                   for p in sites["Material"].rglob("index.html") if "search" not in p.parts)
    start = pages[len(pages) // 2] + "/"
    queries = queries or [QUERY, title_of(sites["Material"], pages[len(pages) // 3])]
    for query in queries:
        for way in args.input:
            material = None
            for engine, site in sites.items():
                found = measure(browser, site, start, query, args, tap=way == "tap")
                material = material or found
                shown = engine if args.input == ["tap"] else f"{engine}, {way}"
                print(f"| {label} | {shown} | {query} | {index_kb(site):,.0f} | {found.total / 1024:,.0f} "
                      f"| {found.search / 1024:,.0f} | {found.ms:,.0f} | {found.ms / material.ms:.2f} |",
                      flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--throttle", type=float, default=4.0,
                        help="CPU slowdown, 4 is Lighthouse's mid-range phone")
    parser.add_argument("--repeat-names", action="store_true",
                        help="synthetic hubs with the same file names in every folder")
    parser.add_argument("--real", type=Path, help="a real handbook's Markdown folder")
    parser.add_argument("--real-query", action="append", default=[],
                        help="a query for the real handbook (repeat for more)")
    parser.add_argument("--input", action="append", choices=["tap", "click"],
                        help="how the reader opens search and types: tap (a finger, the default), "
                             "click (stop 21's harness: see first_search); repeat for both")
    args = parser.parse_args()
    args.input = args.input or ["tap"]
    if not Path(CHROMIUM).exists():
        print(f"Search latency skipped: no browser at {CHROMIUM} (apt-get install chromium, "
              "or set HANDBOOK_CHROMIUM)")
        return
    from playwright.sync_api import sync_playwright

    print(f"Machine: {machine()}; Chromium CPU throttled {args.throttle:g}x, 390 px viewport\n")
    print("| pages | engine | query | search index KB | fetched until first results KB | of which "
          "search KB | first results ms (median) | × Material |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="handbook-search-") as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for size in (int(s) for s in args.sizes.split(",") if s):
            hub = synth.generate(Path(tmp) / f"hub-{size}", size, 2, repeat_names=args.repeat_names)
            rows_for(browser, f"{size:,}", hub, [], args)
        if args.real:
            hub = Path(tmp) / "real"
            shutil.copytree(args.real, hub / "content")
            (hub / "mkdocs.yml").write_text(synth.CONFIG.format(plugins="  - handbook\n"))
            count = sum(1 for _ in (hub / "content").rglob("*.md"))
            rows_for(browser, f"{count:,} (real: {args.real.name})", hub, args.real_query, args)
        browser.close()


if __name__ == "__main__":
    main()
