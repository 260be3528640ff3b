"""What Handbook sets in MkDocs' configuration before a build: its theme folder, styles and
script, the Markdown extensions its pages need, pruned navigation, system fonts, Mermaid
fences, and which search engine answers the search box."""

from __future__ import annotations

import os

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from handbook.mkdocs.preview import SCRIPT, THEME_DIR

log = get_plugin_logger(__name__)

STYLESHEET = "assets/handbook.css"  # in THEME_DIR, beside SCRIPT (the preview's error page loads it too)
# Markdown extensions the generated pages rely on; added when a hub's mkdocs.yml lacks them.
# The last one makes the tables authors write read as cards on a phone, as the generated ones do.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "tables", "abbr", "admonition",
                       "handbook.site.body_tables")


def prepare(config: MkDocsConfig, web_fonts: bool) -> None:
    """Everything the core's pages need from MkDocs and Material, added where the hub's
    mkdocs.yml lacks it; what the hub set stays."""
    _add_theme(config)
    _prune_navigation(config)
    if not web_fonts:
        config.theme["font"] = False  # system fonts: reading the site needs no network
    for name in REQUIRED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    _enable_mermaid(config)


def _add_theme(config: MkDocsConfig) -> None:
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


def handbook_search(config: MkDocsConfig) -> bool:
    """Whether Handbook's chunked index answers the search box: when the site has Material's,
    so each search fetches only what it needs rather than the index every page loads whole."""
    return config.theme.name == "material" and ("material/search" in config.plugins
                                                or "search" in config.plugins)


def settings_only_index(config: MkDocsConfig) -> None:
    """Handbook's index answers the searches, so Material's search plugin need not index each page
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
