"""The `handbook` MkDocs plugin: a thin front end that hands the core's pages to MkDocs."""

from __future__ import annotations

import html
import logging
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from markupsafe import Markup
from mkdocs.config.base import ValidationError as ConfigValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from handbook.checks.theme import MATERIAL_TEMPLATES
from handbook.history.git import History
from handbook.mkdocs import preview, publish
from handbook.model.diagnostics import Diagnostic, summary, told
from handbook.model.loader import refusal, repository_of
from handbook.model.markdown import html_text
from handbook.model.options import ConfigFileError, Options, option_problems, settings_for
from handbook.pipeline.session import Session
from handbook.site import search
from handbook.site.minify import compact_html
from handbook.site.tree import Tree

log = get_plugin_logger(__name__)

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET, SCRIPT = "assets/handbook.css", "assets/handbook.js"  # in THEME_DIR
# Top-level sections in reading order: the home page, then what sales reaches for most often.
SECTION_ORDER = ("index.md", "campaigns", "process", "playbooks", "assets", "roles", "onboarding",
                 "releases", "glossary", "whats-new", "freshness")
SECTION_LIMIT = 40  # pages per navigation group, so each page's sidebar stays small
SECTION_TITLES = {"process": "Selling process", "assets": "Collateral", "roles": "Roles",
                  "releases": "Release notes", "whats-new": "What's new"}
# Markdown extensions the generated pages rely on; added when a hub's mkdocs.yml lacks them.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "abbr", "admonition")


class HandbookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Loads and checks the hub, then serves every document and generated page to MkDocs."""

    def __init__(self) -> None:
        self.options = Options()
        self.command = "build"
        self.tree = Tree()
        self.staged: publish.Staged | None = None
        self.strict_warnings = _Counter()
        self.rendering: tuple[str, int] | None = None  # the page Markdown is converting
        self.failure: Markup | None = None  # the preview's diagnostics, when the hub has errors
        self.root = Path.cwd()
        self.pagefind: str | None = None  # the binary that indexes the site, when search is on

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Options are validated by the same model the CLI uses."""
        self.config_file_path = config_file_path
        problems = option_problems(options)
        if problems:
            return [(option, ConfigValidationError(problem)) for option, problem in problems], []
        self.options = Options.model_validate(options)
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        staged = self.command in ("build", "gh-deploy")
        if staged and config.strict:  # from the start: the check's own warnings count too
            self.strict_warnings = _Counter()
            logging.getLogger("mkdocs").addHandler(self.strict_warnings)
        self._add_theme(config)
        _prune_navigation(config)
        if not self.options.web_fonts:
            config.theme["font"] = False  # system fonts: reading the site needs no network
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        _enable_mermaid(config)
        config_file = Path(config.config_file_path or "mkdocs.yml")
        try:
            settings = settings_for(config_file.resolve().parent, config.docs_dir,
                                    self.options.model_dump(), dict(config), config_file.name)
        except ConfigFileError as exc:
            raise PluginError(str(exc)) from None
        self.root = settings.root
        session = Session(settings)
        self._tell(session.history)
        # the same findings, at the same severities, as `handbook check`; links MkDocs checks itself
        diagnostics = session.diagnostics(links=False)
        self.failure = None
        if self._report(diagnostics) and self.command == "serve":
            self.failure = preview.failure(diagnostics)  # every page shows it, until the next save
            self.tree = Tree(pages={"index.md": preview.failure_page(diagnostics)})
            return config
        self.tree = session.site
        if config.nav is not None:
            config.nav = _named_sections(config.nav, self.tree.sections)
        self.pagefind = _search_engine(config)
        if staged:
            self.staged = publish.stage(Path(config.site_dir), waiting=lambda pid: log.info(
                f"another build of this site is running (pid {pid}); waiting for it to finish"))
            config.site_dir = str(self.staged.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The core's pages replace MkDocs' own; of the other files MkDocs found in docs_dir,
        none that is a link leading outside the repository (or to nothing) is copied."""
        repository = repository_of(self.root)
        refused: list[Diagnostic] = []
        for file in list(files):
            if file.is_documentation_page():
                files.remove(file)
            elif file.abs_src_path and file.src_dir == config.docs_dir:
                problem = refusal(os.path.relpath(file.abs_src_path, self.root).replace(os.sep, "/"),
                                  Path(file.abs_src_path), repository)
                if problem:
                    files.remove(file)
                    if file.inclusion is not InclusionLevel.EXCLUDED:
                        refused.append(problem)
        self._report(refused)  # `check` has named these already; the build stops before copying
        for uri, markdown in self.tree.pages.items():
            files.append(File.generated(config, uri, content=markdown))
        for uri, content in self.tree.files.items():
            files.append(File.generated(config, uri, content=content))
        for uri, source in self.tree.static.items():
            files.append(File.generated(config, uri, abs_src_path=source))
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        doc = self.tree.documents.get(page.file.src_uri)
        page.meta["handbook"] = self.tree.extras(page.file.src_uri)
        self.rendering = (doc.path, doc.body_line) if doc else (page.file.src_uri, 1)
        if doc is not None and config.repo_url:
            edit = f"edit/{self.options.edit_branch}/{quote(doc.path)}"  # Material does not escape it
            page.edit_url = config.repo_url.rstrip("/") + "/" + edit
        elif doc is None:
            page.edit_url = None
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Handbook's sections after the home page, in the order readers need them, the hub's
        own in the order MkDocs gives them; per-role and print pages stay unlisted. A `nav:`
        in mkdocs.yml is the hub's choice and stays as written; Handbook's sections it does
        not mention follow it, so none becomes unreachable."""
        nav.items = _pruned(nav.items, self.tree.hidden)
        if config.nav is None:
            tabs = "navigation.tabs" in (config.theme.get("features") or [])
            nav.items = self._arranged(nav.items, tabs)
        else:
            nav.items += self._arranged(self._left_out(nav.items, files), tabs=False)
        _link(nav)
        return nav

    def _arranged(self, items: list[Any], tabs: bool) -> list[Any]:
        _escape_folder_titles(items)
        _by_status(items, self.tree.order)
        items.sort(key=lambda item: _rank(_folder_of(item)))
        if tabs:
            items = _home_tab(items)
        for item in items:
            folder = _folder_of(item)
            if folder in SECTION_TITLES and folder in self.tree.sections:
                item.title = SECTION_TITLES[folder]
        _split_large_sections(items, self._title_of)
        return items

    def _left_out(self, items: list[Any], files: Files) -> list[Any]:
        """Handbook's sections whose index page a hand-written nav does not list, each with
        those pages of its folder the nav does not list either."""
        listed = {item.file.src_uri for item in _walk(items) if getattr(item, "file", None)}
        pages = sorted(files.documentation_pages(inclusion=InclusionLevel.is_in_nav), key=file_sort_key)
        missing: list[Any] = []
        for folder in sorted(self.tree.sections, key=lambda name: (_rank(name), name)):
            if f"{folder}/index.md" in listed:
                continue
            uris = [f.src_uri for f in pages if f.src_uri.startswith(f"{folder}/")
                    and f.src_uri not in listed and f.src_uri not in self.tree.hidden]
            missing += _items_of(nest_paths(uris), files)  # type: ignore[no-untyped-call]
        return missing

    def _title_of(self, item: Any) -> str:
        """A page's title as plain text (generated pages' titles are escaped HTML)."""
        file = getattr(item, "file", None)
        doc = self.tree.documents.get(file.src_uri) if file else None
        return doc.title if doc else html.unescape(item.title or (file.name if file else ""))

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        playbooks = Path(config.config_file_path or ".").resolve().parent / self.options.playbooks_dir
        if playbooks.is_dir():
            server.watch(str(playbooks))
        return server

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["handbook_search"] = "pagefind" if self.pagefind else "material"
        # Handbook's base.html extends Material's under this name: a hub's main.html extends
        # "base.html", which is then Handbook's, and Handbook's additions come with it.
        material = PrefixLoader({"material": FileSystemLoader(MATERIAL_TEMPLATES)})
        env.loader = ChoiceLoader([env.loader, material] if env.loader else [material])
        if self.pagefind:
            _settings_only_index(config)
        return env

    @event_priority(-100)  # the page as other plugins leave it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Pages without their templates' indentation (most of a page in a long section)."""
        return compact_html(output)

    @event_priority(-100)  # after every other plugin has written its files, Material's index too
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the site for search, then swap it in, unless --strict is about to fail the
        build on warnings."""
        logging.getLogger("mkdocs").removeHandler(self.strict_warnings)
        marker = Path(config.site_dir) / preview.MARKER  # the preview does not clean its site
        if self.failure:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text("the hub has errors\n", encoding="utf-8")
        else:
            marker.unlink(missing_ok=True)
        if self.pagefind and not self.strict_warnings.count and not self.failure:
            try:
                search.index_site(Path(config.site_dir), self.pagefind)
            except search.SearchError as error:
                raise PluginError(f"search: {error}; the site was not changed") from error
        if self.staged:
            if self.strict_warnings.count:
                self._discard()
                return
            publish.swap(self.staged)
            config.site_dir = str(self.staged.site_dir)
            self.staged = None

    def on_build_error(self, *, error: Exception) -> None:
        logging.getLogger("mkdocs").removeHandler(self.strict_warnings)
        self._discard()
        if isinstance(error, RecursionError) and self.rendering:
            # Python-Markdown recurses once per level of nested lists, quotes or emphasis
            log.error(Diagnostic(
                *self.rendering, "error", "the page is nested too deeply for Markdown to convert",
                "flatten the deepest nested lists, quotes or emphasis").text())

    def on_shutdown(self) -> None:
        self._discard()  # a build stopped before on_build_error still lets go of the site

    def _discard(self) -> None:
        if self.staged:
            publish.discard(self.staged)
            self.staged = None

    def _tell(self, found: History) -> None:
        """What the build does without history, or without some of it, at info level."""
        if not self.options.history:
            return
        if not found.available:  # a shallow clone is one of the check's warnings
            log.info(f"Git history unavailable: {found.reason}; pages are built without it")
        if found.available and found.reason:
            log.info(f"Git history: {found.reason}; pages show as not yet committed")
        if found.submodules:
            log.info("Git history: pages inside the submodules " + ", ".join(found.submodules)
                     + " have no page history (it is in the submodules' own repositories)")

    def _report(self, diagnostics: list[Diagnostic]) -> bool:
        """Log every diagnostic; errors stop a build, and tell the live preview to show them."""
        for diagnostic in told(diagnostics):  # repeated findings counted, as `check` counts them
            {"error": log.error, "warning": log.warning}.get(diagnostic.severity, log.info)(
                diagnostic.text())
        if not any(d.severity == "error" for d in diagnostics):
            return False
        if self.command == "serve":
            log.error(f"handbook check: {summary(diagnostics)}; the preview shows them until you "
                      "fix them and save")
            return True
        raise PluginError(f"handbook check: {summary(diagnostics)}; the site was not changed")

    def _add_theme(self, config: MkDocsConfig) -> None:
        """Ship our templates with the package, so any hub gets them without custom_dir; a
        hub's own overrides come first. Styles and script go in the lists every page loads,
        which no template override drops."""
        if config.theme.name != "material":
            return  # `check` says what the hub misses
        dirs = config.theme.dirs
        known = {os.path.realpath(d) for d in dirs}
        if os.path.realpath(THEME_DIR) not in known:
            custom = config.theme.custom_dir
            dirs.insert(1 if custom else 0, str(THEME_DIR))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in (str(s) for s in config.extra_javascript):
            config.extra_javascript.append(SCRIPT)


def _search_engine(config: MkDocsConfig) -> str | None:
    """Pagefind's binary when the site has Material's search box, so each search fetches only
    what it needs; without the binary, Material's own search, which every page loads whole."""
    if config.theme.name != "material" or ("material/search" not in config.plugins
                                           and "search" not in config.plugins):
        return None
    binary = search.pagefind_binary()
    if binary is None:
        log.warning("search: Pagefind is not installed, so every page downloads the whole search "
                    "index; install it with `pip install 'pagefind[bin]'`")
    return binary


def _settings_only_index(config: MkDocsConfig) -> None:
    """Pagefind answers the searches, so Material's search plugin need not index each page
    (parse its HTML once more and hold its text to the end of the build): it still writes
    `search/search_index.json`, with the settings Material's scripts read and no documents."""
    for name in ("material/search", "search"):
        index = getattr(config.plugins.get(name), "search_index", None)
        if index is not None:
            index.add_entry_from_context = lambda page: None


def _prune_navigation(config: MkDocsConfig) -> None:
    """Each page carries only the navigation a reader can see from it, so pages do not grow
    with the hub (with Material's defaults, every page holds the whole tree)."""
    features = config.theme.get("features") or []
    if config.theme.name == "material" and isinstance(features, list) and "navigation.prune" not in features:
        config.theme["features"] = [*features, "navigation.prune"]


def _enable_mermaid(config: MkDocsConfig) -> None:
    """The process map is a Mermaid diagram: make sure ```mermaid fences reach Material."""
    from pymdownx.superfences import fence_code_format  # type: ignore[import-untyped]

    if "pymdownx.superfences" not in config.markdown_extensions:
        config.markdown_extensions.append("pymdownx.superfences")
    fences = config.mdx_configs.setdefault("pymdownx.superfences", {}).setdefault("custom_fences", [])
    if not any(f.get("name") == "mermaid" for f in fences):
        fences.append({"name": "mermaid", "class": "mermaid", "format": fence_code_format})


def _split_large_sections(items: list[Any], title_of: Any, limit: int = SECTION_LIMIT) -> None:
    """Long sections become groups of at most `limit` pages, named like a dictionary's guide
    words ("Demo – Pricing"). With `navigation.prune`, a page then carries only its own
    group's links, so pages do not grow with the hub."""
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        _split_large_sections(children, title_of, limit)
        pages = [c for c in children if not getattr(c, "children", None)]
        if len(pages) <= limit:
            continue
        index = [c for c in pages if getattr(getattr(c, "file", None), "name", "") == "index"]
        sections = [c for c in children if getattr(c, "children", None)]
        rest = [c for c in pages if c not in index]
        # Material always expands a tab's own sections; one level deeper they collapse
        holder = item if item.parent is not None else Section(f"All {item.title}".strip(), [])
        groups = _guide_groups(rest, title_of, limit)
        for group in groups:
            group.parent = holder
        if holder is item:
            item.children = index + sections + groups
        else:
            holder.children, holder.parent = groups, item
            item.children = index + sections + [holder]


def _guide_groups(pages: list[Any], title_of: Any, limit: int) -> list[Section]:
    """Pages in groups of at most `limit`, then groups in groups while there are more than
    `limit` of them: no level of the sidebar lists more than `limit` entries, so a page of a
    5,000-page section carries about as many links as one of a 200-page section."""
    level = [(page, title_of(page), title_of(page)) for page in pages]  # entry, first, last title
    while True:
        grouped = []
        for start in range(0, len(level), limit):
            chunk = level[start:start + limit]
            first, last = chunk[0][1], chunk[-1][2]
            label = html_text(f"{first[:24]} – {last[:24]}")  # Material prints titles as HTML
            group = Section(str(label), [entry for entry, _, _ in chunk])
            for entry, _, _ in chunk:
                entry.parent = group
            grouped.append((group, first, last))
        level = grouped
        if len(level) <= limit:
            return [group for group, _, _ in level]


def _folder_of(item: Any) -> str:
    """The top folder a navigation item stands for (`index.md` for the home page)."""
    uri = getattr(getattr(item, "file", None), "src_uri", None)
    if uri is None and getattr(item, "children", None):
        first = next((c for c in item.children if getattr(c, "file", None)), None)
        uri = first.file.src_uri if first else ""
    uri = str(uri or "")
    return uri.split("/", 1)[0] if "/" in uri else uri


def _home_tab(items: list[Any]) -> list[Any]:
    """The home page and the hub's loose top-level pages share one "Home" tab: with a tab
    each, a few long page titles push the tabs past a laptop's width."""
    home = next((i for i in items if getattr(getattr(i, "file", None), "src_uri", None) == "index.md"), None)
    loose = [i for i in items if i is not home and getattr(i, "file", None) is not None
             and getattr(i, "children", None) is None]
    if home is None or not loose:
        return items
    tab = Section("Home", [home, *loose])
    for page in tab.children:
        page.parent = tab
    return [tab if item is home else item for item in items if item not in loose]


def _by_status(items: list[Any], order: dict[str, int]) -> None:
    """Campaigns and collateral in the sidebar as on their boards (current before upcoming
    before ended, approved before retired), not by file name; the index page first."""
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        _by_status(children, order)

        def position(child: Any) -> tuple[int, int]:
            file = getattr(child, "file", None)
            if file is not None and file.name == "index":
                return (0, 0)
            ranked = order.get(file.src_uri) if file is not None else None
            return (1, ranked) if ranked is not None else (2, 0)

        if any(getattr(getattr(c, "file", None), "src_uri", None) in order for c in children):
            children.sort(key=position)


def _escape_folder_titles(items: list[Any]) -> None:
    """MkDocs names sections after folders, and Material prints section titles as HTML:
    a folder may be called `<img src=x onerror=...>`."""
    for item in items:
        if getattr(item, "children", None) is not None:
            item.title = str(html_text(item.title or ""))
            _escape_folder_titles(item.children)


def _rank(folder: str) -> int:
    """Where a top folder's section goes among Handbook's; the hub's own come after them."""
    return SECTION_ORDER.index(folder) if folder in SECTION_ORDER else len(SECTION_ORDER)


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def _named_sections(entry: Any, sections: set[str]) -> Any:
    """A hand-written nav may name Handbook's sections by their address (`whats-new/`), as
    they have no file to name: each such entry becomes the section's index page."""
    if isinstance(entry, list):
        return [_named_sections(item, sections) for item in entry]
    if isinstance(entry, dict):
        return {title: _named_sections(item, sections) for title, item in entry.items()}
    folder = posixpath.normpath(entry.lstrip("/")).removesuffix("/index.html") if isinstance(entry, str) else None
    return f"{folder}/index.md" if folder in sections else entry


def _items_of(nested: list[Any], files: Files) -> list[Any]:
    """Paths nested by MkDocs' `nest_paths` as navigation items, with the pages MkDocs made."""
    items: list[Any] = []
    for entry in nested:
        if isinstance(entry, dict):
            [(title, children)] = entry.items()
            section = Section(title, _items_of(children, files))
            for child in section.children:
                child.parent = section
            items.append(section)
        else:
            items.append(files.get_file_from_path(entry).page)  # type: ignore[union-attr]
    return items


def _link(nav: Navigation) -> None:
    """Parents, and each page's previous and next (the footer's links), as the navigation now
    reads; a page it no longer lists has neither."""
    for page in nav.pages:
        page.previous_page = page.next_page = None
    pages: list[Page] = []

    def adopt(items: list[Any], parent: Section | None) -> None:
        for item in items:
            item.parent = parent
            if isinstance(item, Section):
                adopt(item.children, item)
            elif isinstance(item, Page):
                pages.append(item)

    adopt(nav.items, None)
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    nav.pages = pages


def _pruned(items: list[Any], hidden: set[str]) -> list[Any]:
    kept = []
    for item in items:
        if getattr(item, "children", None) is not None:
            item.children = _pruned(item.children, hidden)
            if not item.children:
                continue
        elif getattr(getattr(item, "file", None), "src_uri", None) in hidden:
            continue
        kept.append(item)
    return kept


class _Counter(logging.Handler):
    """Counts warnings during a strict build, which MkDocs only fails after post_build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
