"""The `handbook` MkDocs plugin: a thin front end that hands the core's pages to MkDocs."""

from __future__ import annotations

import logging
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
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.checks.theme import MATERIAL_TEMPLATES
from handbook.history import History
from handbook.mkdocs import files as files_of
from handbook.mkdocs import navigation, preview, publish, relink, setup
from handbook.model.diagnostics import Diagnostic, summary, told
from handbook.model.options import ConfigFileError, Options, option_problems, settings_for
from handbook.pipeline.session import Session
from handbook.site import search
from handbook.site.minify import compact_html
from handbook.site.render import RENDERED_KEYS
from handbook.site.tree import Site

log = get_plugin_logger(__name__)



class HandbookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Loads and checks the hub, then serves every document and generated page to MkDocs."""

    def __init__(self) -> None:
        self.options = Options()
        self.command = "build"
        self.site = Site()
        self.staged: publish.Staged | None = None
        self.strict_warnings = _Counter()
        self.rendering: tuple[str, int] | None = None  # the page Markdown is converting
        self.failure: Markup | None = None  # the preview's diagnostics, when the hub has errors
        self.root = Path.cwd()
        self.searched = False  # Handbook's index answers the search box
        self.served: set[str] = set()  # pages MkDocs read through on_page_read_source
        self.moved: dict[str, str] = {}  # pages another plugin moved: old URL -> new
        self.moved_from: dict[str, str] = {}  # and new -> old

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
        setup.prepare(config, web_fonts=self.options.web_fonts)
        config_file = Path(config.config_file_path or "mkdocs.yml")
        try:
            settings = settings_for(config_file.resolve().parent, config.docs_dir,
                                    self.options.model_dump(), dict(config), config_file.name)
        except ConfigFileError as exc:
            raise PluginError(str(exc)) from None
        self.root = settings.root
        session = Session(settings, preview=self.command == "serve")
        self._tell(session.history)
        # the same findings, at the same severities, as `handbook check`; links MkDocs checks itself
        diagnostics = session.diagnostics(links=False)
        self.failure = None
        if self._report(diagnostics) and self.command == "serve":
            self.failure = preview.failure(diagnostics)  # every page shows it, until the next save
            self.site = Site(pages={"index.md": preview.failure_page(diagnostics)})
            return config
        self.site = session.site
        if config.nav is not None:
            config.nav = navigation.named_sections(config.nav, self.site.sections)
        self.searched = setup.handbook_search(config)
        if staged:
            self.staged = publish.stage(Path(config.site_dir), waiting=lambda pid: log.info(
                f"another build of this site is running (pid {pid}); waiting for it to finish"))
            config.site_dir = str(self.staged.staging)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The core's pages in place of MkDocs' own (see `files`)."""
        refused = files_of.arrange(files, self.site, config, self.root,
                                   preview=self.command == "serve")
        self._report(refused)  # `check` has named these already; the build stops before copying
        self.served = set()
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """An authored page as the core rendered it, not as its file reads."""
        published = self.site.pages.get(page.file.src_uri)
        if published is None:
            return None
        self.served.add(page.file.src_uri)
        return published.markdown

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        published = self.site.pages.get(page.file.src_uri)
        doc = published.document if published else None
        page.meta["handbook"] = published.extras() if published else {}
        if published is not None and page.file.src_uri not in self.served:
            # a plugin read the file itself (the blog its posts): the core's rendering, and
            # the front matter Material prints as the core escaped it
            page.meta.update({key: published.meta[key] for key in RENDERED_KEYS & published.meta.keys()})
            markdown = published.body
        self.rendering = (doc.path, doc.body_line) if doc else (page.file.src_uri, 1)
        if doc is not None and config.repo_url:
            edit = f"edit/{self.options.edit_branch}/{quote(doc.path)}"  # Material does not escape it
            page.edit_url = config.repo_url.rstrip("/") + "/" + edit
        elif doc is None:
            page.edit_url = None
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Handbook's sections in the order readers need them (see `navigation`); the feed's
        links to pages other plugins have moved by now (the blog its posts) lead to them."""
        self.moved = relink.moved(files, self.site)
        self.moved_from = {new: old for old, new in self.moved.items()}
        for uri in self.site.files if self.moved else ():
            feed = files.get_file_from_path(uri)
            if feed is not None:
                feed.content_string = relink.relinked(feed.content_string, uri, self.moved,
                                                      config.site_url)
        return navigation.arrange(nav, self.site, config, files)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The links Handbook wrote as HTML lead to the pages other plugins moved, and from
        them (see `relink`)."""
        if not self.moved or page.file.src_uri not in self.site.pages:
            return html
        if (was := self.moved_from.get(page.url)) is not None:
            return relink.rebased(html, was, page.url, self.moved, config.site_url)
        return relink.relinked(html, page.url, self.moved, config.site_url)

    @event_priority(-110)  # after the blog (-100) has rendered a view's excerpts
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """The blog's own pages list its posts' excerpts, rendered from each post's Markdown
        with Handbook's facts in it: they stay on the post (see `relink.without_facts`)."""
        posts: Any = dict(context).get("posts")  # the blog's, on its views only
        for excerpt in posts or ():
            if isinstance(getattr(excerpt, "content", None), str):
                excerpt.content = relink.without_facts(excerpt.content)
        return context

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        playbooks = Path(config.config_file_path or ".").resolve().parent / self.options.playbooks_dir
        if playbooks.is_dir():
            server.watch(str(playbooks))
        server.builder = preview.recovering(server.builder, config)  # a failed rebuild hangs it
        return server

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.globals["handbook_search"] = self.searched
        # Handbook's base.html extends Material's under this name: a hub's main.html extends
        # "base.html", which is then Handbook's, and Handbook's additions come with it.
        material = PrefixLoader({"material": FileSystemLoader(MATERIAL_TEMPLATES)})
        env.loader = ChoiceLoader([env.loader, material] if env.loader else [material])
        if self.searched:
            setup.settings_only_index(config)
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
        preview.mark(Path(config.site_dir), self.failure)
        if self.searched and not self.strict_warnings.count and not self.failure:
            try:
                search.index_site(Path(config.site_dir))
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
        # a shallow clone is one of the check's warnings, a history Git failed to read its notice
        if not found.available and not found.failed:
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



class _Counter(logging.Handler):
    """Counts warnings during a strict build, which MkDocs only fails after post_build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
