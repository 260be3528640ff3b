"""Search that stays light on a phone at any size: Pagefind's chunked index over the built HTML.

Material's own search makes every page download the whole index (5.8 MB on a 900-page hub) and
build it in the browser before the first result. Pagefind splits the index into chunks, so a
search fetches only the chunks for the words typed and the fragments of the results shown.
Material's search box, shortcut and result list stay: the theme hands Material a worker
(`assets/handbook-search.js`) that answers Material's queries from Pagefind.

Works on any folder of built HTML, so it serves the plugin and sites built from an export alike.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"  # the folder Pagefind writes into the site, which the worker loads from
MATERIAL_INDEX = "search/search_index.json"
# Pagefind's Linux binary allocates with jemalloc, which keeps freed memory for reuse: returned
# at once instead, the indexer's peak is a tenth lower on a real 900-page handbook (228 to 204
# MB) and a fifth at 5,000 pages (483 to 392 MB), for a few per cent more time. A setting of the
# builder's own is kept; other builds of Pagefind ignore it.
ALLOCATOR = "_RJEM_MALLOC_CONF"
RETURN_FREED_MEMORY = "dirty_decay_ms:0,muzzy_decay_ms:0"
# Not searchable: what a listing repeats from the documents it gathers (`data-search-exclude`;
# Pagefind leaves out the marked element only, where Material also leaves out the section a
# marked heading opens, so the templates mark the section's content too), Material's chrome
# when a page marks no body, permalinks.
EXCLUDE = ("[data-search-exclude]", ".headerlink", ".md-header", ".md-tabs", ".md-sidebar",
           ".md-footer", ".md-source-file", ".md-content__button", ".md-feedback")


class SearchError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages a reader can find
    bytes: int  # everything under site/pagefind/, the library included


def pagefind_binary() -> str | None:
    """The Pagefind executable: the one `pagefind[bin]` bundles, else one on PATH."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped,import-not-found,unused-ignore]

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        return shutil.which("pagefind")


def index_site(site: Path, binary: str) -> Indexed:
    """Index the built `site` with Pagefind, then shrink Material's index to its settings.

    Material still fetches `search/search_index.json` on every page, for the settings its
    highlighter uses on the page a result opens; the documents in it are what made phones slow.
    """
    bundle = site / BUNDLE
    shutil.rmtree(bundle, ignore_errors=True)
    command = [binary, "--site", str(site), "--output-subdir", BUNDLE, "--silent",
               "--exclude-selectors", ",".join(EXCLUDE)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=1800,
                              env={ALLOCATOR: RETURN_FREED_MEMORY, **os.environ})
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchError(f"Pagefind did not run ({error})") from error
    entry = bundle / "pagefind-entry.json"
    if done.returncode != 0 or not entry.is_file():
        said = (done.stderr or done.stdout).strip().splitlines()
        raise SearchError(f"Pagefind failed: {said[-1] if said else f'exit {done.returncode}'}")
    _drop_unused(bundle)
    _settings_only(site / MATERIAL_INDEX)
    languages = json.loads(entry.read_text("utf-8"))["languages"].values()
    return Indexed(sum(lang["page_count"] for lang in languages),
                   sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file()))


def _drop_unused(bundle: Path) -> None:
    """Pagefind's own result widgets (400 KB): Material draws the results."""
    for name in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                 "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css"):
        (bundle / name).unlink(missing_ok=True)


def _settings_only(index: Path) -> None:
    if not index.is_file():
        return
    settings = json.loads(index.read_text("utf-8")).get("config", {})
    index.write_text(json.dumps({"config": settings, "docs": []}, separators=(",", ":")), "utf-8")
