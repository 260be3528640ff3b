"""The sidebar and tabs: Handbook's sections in the order readers need them, long sections in
guide-word groups, unlisted pages left out. The plugin hands MkDocs' navigation here."""

from __future__ import annotations

import html
import posixpath
from collections.abc import Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from handbook.model.markdown import html_text
from handbook.site.page import Page as SitePage
from handbook.site.tree import Site

# Top-level sections in reading order: the home page, then what sales reaches for most often.
SECTION_ORDER = ("index.md", "campaigns", "process", "playbooks", "assets", "roles", "onboarding",
                 "releases", "glossary", "whats-new", "freshness")
SECTION_LIMIT = 40  # pages per navigation group, so each page's sidebar stays small
SECTION_TITLES = {"process": "Selling process", "assets": "Collateral", "roles": "Roles",
                  "releases": "Release notes", "whats-new": "What's new"}
# Material's tabs do not wrap: what is wider than its tab bar scrolls out of sight. Measured in
# Chromium at 1280 px (in rem, the same at every width that shows tabs): the bar is 1216 px, a
# tab 24 px plus its title, about 7 px a letter in Arial; 8 leaves room for wider system fonts.
TAB_BAR, TAB_PADDING, TAB_LETTER = 1216, 24, 8
MORE = "More"


def arrange(nav: Navigation, site: Site, config: MkDocsConfig, files: Files) -> Navigation:
    """Handbook's sections after the home page, in the order readers need them, the hub's
    own in the order MkDocs gives them; per-role and print pages stay unlisted. A `nav:`
    in mkdocs.yml is the hub's choice and stays as written; Handbook's sections it does
    not mention follow it, so none becomes unreachable."""
    nav.items = _pruned(nav.items, site.pages)
    if config.nav is None:
        tabs = "navigation.tabs" in (config.theme.get("features") or [])
        nav.items = _arranged(nav.items, site, tabs)
    else:
        nav.items += _arranged(_left_out(nav.items, site, files), site, tabs=False)
    _link(nav)
    return nav


def _arranged(items: list[Any], site: Site, tabs: bool) -> list[Any]:
    _escape_folder_titles(items)
    _by_status(items, site.pages)
    ours = _handbooks(site)
    items.sort(key=lambda item: _rank(_folder_of(item), ours))
    if tabs:
        items = _home_tab(items)
    for item in items:
        folder = _folder_of(item)
        if folder in SECTION_TITLES and folder in site.sections:
            item.title = SECTION_TITLES[folder]
    if tabs:
        items = _within_tab_bar(items, lambda item: _title_of(item, site), ours)
    _split_large_sections(items, lambda item: _title_of(item, site))
    return items


def _left_out(items: list[Any], site: Site, files: Files) -> list[Any]:
    """Handbook's sections whose index page a hand-written nav does not list, each with
    those pages of its folder the nav does not list either."""
    listed = {item.file.src_uri for item in _walk(items) if getattr(item, "file", None)}
    pages = sorted(files.documentation_pages(inclusion=InclusionLevel.is_in_nav), key=file_sort_key)
    missing: list[Any] = []
    for folder in sorted(site.sections, key=lambda name: (_rank(name, site.sections), name)):
        if f"{folder}/index.md" in listed:
            continue
        uris = [f.src_uri for f in pages if f.src_uri.startswith(f"{folder}/")
                and f.src_uri not in listed and _listed(f.src_uri, site.pages)]
        missing += _items_of(nest_paths(uris), files)  # type: ignore[no-untyped-call]
    return missing


def _listed(uri: str, pages: dict[str, SitePage]) -> bool:
    return uri not in pages or pages[uri].listed


def _title_of(item: Any, site: Site) -> str:
    """A page's title as plain text (generated pages' titles are escaped HTML)."""
    file = getattr(item, "file", None)
    page = site.pages.get(file.src_uri) if file else None
    doc = page.document if page else None
    return doc.title if doc else html.unescape(item.title or (file.name if file else ""))


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
        groups = guide_groups(rest, title_of, limit)
        for group in groups:
            group.parent = holder
        if holder is item:
            item.children = index + sections + groups
        else:
            holder.children, holder.parent = groups, item
            item.children = index + sections + [holder]


def guide_groups(pages: list[Any], title_of: Any, limit: int) -> list[Section]:
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
    if uri == "README.md":  # MkDocs' home page, where there is no index.md
        return "index.md"
    return uri.split("/", 1)[0] if "/" in uri else uri


def _home_tab(items: list[Any]) -> list[Any]:
    """The home page and the hub's loose top-level pages share one "Home" tab: with a tab
    each, a few long page titles push the tabs past a laptop's width."""
    home = next((i for i in items if _folder_of(i) == "index.md"), None)
    loose = [i for i in items if i is not home and getattr(i, "file", None) is not None
             and getattr(i, "children", None) is None]
    if home is None or not loose:
        return items
    tab = Section("Home", [home, *loose])
    for page in tab.children:
        page.parent = tab
    return [tab if item is home else item for item in items if item not in loose]


def _within_tab_bar(items: list[Any], title_of: Any, ours: set[str]) -> list[Any]:
    """Tabs that would run past a laptop's tab bar are gathered under a last "More" tab, whose
    sidebar lists them: every section stays a click away. The home tab and Handbook's sections
    keep their tabs first, then the hub's sections with the most pages."""
    widths = {id(item): _tab_width(title_of(item)) for item in items}
    if sum(widths.values()) <= TAB_BAR:
        return items
    room, kept = TAB_BAR - _tab_width(MORE), set()
    for item in sorted(items, key=lambda item: _importance(item, ours)):
        if widths[id(item)] <= room:
            room -= widths[id(item)]
            kept.add(id(item))
    more = Section(MORE, [item for item in items if id(item) not in kept])
    for item in more.children:
        item.parent = more
    return [item for item in items if id(item) in kept] + [more]


def _tab_width(title: str) -> int:
    return TAB_PADDING + TAB_LETTER * len(title)


def _importance(item: Any, ours: set[str]) -> tuple[int, int]:
    """The home page and Handbook's sections in their order (a stable sort keeps it), then
    the hub's, those with more pages first."""
    if _rank(_folder_of(item), ours) < len(SECTION_ORDER):
        return (0, 0)
    return (1, -sum(isinstance(each, Page) for each in _walk([item])))


def _by_status(items: list[Any], pages: dict[str, SitePage]) -> None:
    """Campaigns and collateral in the sidebar as on their boards (current before upcoming
    before ended, approved before retired), not by file name; the index page first."""
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        _by_status(children, pages)

        def order_of(child: Any) -> int | None:
            page = pages.get(getattr(getattr(child, "file", None), "src_uri", None) or "")
            return page.order if page else None

        def position(child: Any) -> tuple[int, int]:
            file = getattr(child, "file", None)
            if file is not None and file.name == "index":
                return (0, 0)
            ranked = order_of(child)
            return (1, ranked) if ranked is not None else (2, 0)

        if any(order_of(c) is not None for c in children):
            children.sort(key=position)


def _escape_folder_titles(items: list[Any]) -> None:
    """MkDocs names sections after folders, and Material prints section titles as HTML:
    a folder may be called `<img src=x onerror=...>`."""
    for item in items:
        if getattr(item, "children", None) is not None:
            item.title = str(html_text(item.title or ""))
            _escape_folder_titles(item.children)


def _rank(folder: str, ours: set[str]) -> int:
    """Where a top folder's section goes among Handbook's (`ours`: see `_handbooks`); the hub's
    own come after them, whatever they are called (a handbook's own `onboarding/` folder)."""
    if folder == "index.md" or folder in ours and folder in SECTION_ORDER:
        return SECTION_ORDER.index(folder)
    return len(SECTION_ORDER)


def _handbooks(site: Site) -> set[str]:
    """The top folders that hold Handbook's sections: those it generated a page in, or whose
    documents are of its kinds (campaigns, playbooks, roles...), not only plain pages."""
    return {uri.split("/", 1)[0] for uri, page in site.pages.items()
            if "/" in uri and (page.document is None or page.document.kind != "page")}


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _walk(getattr(item, "children", None) or [])


def named_sections(entry: Any, sections: set[str]) -> Any:
    """A hand-written nav may name Handbook's sections by their address (`whats-new/`), as
    they have no file to name: each such entry becomes the section's index page."""
    if isinstance(entry, list):
        return [named_sections(item, sections) for item in entry]
    if isinstance(entry, dict):
        return {title: named_sections(item, sections) for title, item in entry.items()}
    if not isinstance(entry, str):
        return entry
    folder = posixpath.normpath(entry.lstrip("/")).removesuffix("/index.html")
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
    # `[None, *pages]` is one longer than `pages`: zip drops its last item, which no page follows
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None], strict=False):
        page.previous_page, page.next_page = before, after
    nav.pages = pages


def _pruned(items: list[Any], pages: dict[str, SitePage]) -> list[Any]:
    kept = []
    for item in items:
        if getattr(item, "children", None) is not None:
            item.children = _pruned(item.children, pages)
            if not item.children:
                continue
        elif not _listed(getattr(getattr(item, "file", None), "src_uri", None) or "", pages):
            continue
        kept.append(item)
    return kept
