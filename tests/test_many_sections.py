"""A handbook with many top-level folders, as real ones have (issue 17): Material's tabs do not
wrap, so the sections that would run past a laptop's tab bar are gathered under a last "More"
tab, whose sidebar lists them; a hub with few folders keeps one tab each.

The browser test reuses test_browser.py's Chromium fixtures; without a browser it skips (on CI,
where `CI=true`, that is a failure).
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from html.parser import HTMLParser

import pytest
from conftest import MKDOCS_YML, hub_in, served

TABS = "  features: [content.action.edit, navigation.tabs, navigation.indexes]"
TABS_YML = MKDOCS_YML.replace("  features: [content.action.edit]", TABS)
SECTIONS_YML = MKDOCS_YML.replace("  features: [content.action.edit]",
                                  TABS.replace("]", ", navigation.sections]"))

# The top level of a GitLab-style company handbook, in MkDocs' order; three have the most pages.
FOLDERS = ("board-meetings", "business-technology", "ceo", "communication", "company",
           "customer-success", "engineering", "finance", "hiring", "leadership",
           "legal-and-compliance", "marketing", "people-group", "product", "sales", "security",
           "support", "tools-and-tips", "total-rewards", "values")
LARGEST = ("people-group", "sales", "values")


def _many(size: int) -> dict[str, str]:
    files = {"content/index.md": "# Acme handbook\n", "content/about.md": "# About us\n"}
    for folder in FOLDERS[:size]:
        files[f"content/{folder}/index.md"] = f"# {folder}\n\nAll about {folder}.\n"
        for page in range(4 if folder in LARGEST else 1):
            files[f"content/{folder}/page-{page}.md"] = f"# {folder} page {page}\n"
    return files


def _tabs(page: str) -> list[tuple[str, str]]:
    """The tab bar's links: (title, address relative to the page)."""
    bar = page.split('class="md-tabs__list"', 1)[1].split("</ul>", 1)[0]
    found = re.findall(r'<a href="([^"]*)" class="md-tabs__link">\s*([^<]+?)\s*</a>', bar)
    return [(html_lib.unescape(title), href) for href, title in found]


class _ActiveTab(HTMLParser):
    """The links the sidebar shows under the open tab: its top-level item marked active."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.inside, self.links = 0, False, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "li":
            self.depth += 1
            self.inside |= self.depth == 1 and "md-nav__item--active" in (found.get("class") or "")
        elif tag == "a" and self.inside and found.get("href"):
            self.links.append(found["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self.inside &= self.depth != 1
            self.depth -= 1


def _sidebar_links(page: str) -> list[str]:
    parser = _ActiveTab()
    parser.feed(page.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0])
    return parser.links


def _folder(href: str, base: str = "") -> str:
    """The top folder an address relative to the page at `base` leads to."""
    return posixpath.normpath(posixpath.join(base, href)).split("/")[0]


@pytest.fixture(scope="module", params=[TABS_YML, SECTIONS_YML], ids=["tabs", "sections"])
def many(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A hub of twenty top-level folders, built once with each tab configuration."""
    made = hub_in(tmp_path_factory.mktemp("many"))(_many(20), base=False, mkdocs_yml=request.param)
    made.build("--strict")
    return made


def test_every_section_is_reachable_from_the_tab_bar(many):
    home = many.html("")
    tabs = _tabs(home)
    assert tabs[0][0] == "Home" and tabs[-1][0] == "More"
    reachable = {_folder(href) for _, href in tabs[:-1]} & set(FOLDERS)
    more = tabs[-1][1]
    gathered = {_folder(href, more) for href in _sidebar_links(many.html(more))} & set(FOLDERS)
    assert reachable | gathered == set(FOLDERS)
    assert reachable and gathered and not reachable & gathered, "a section both a tab and under More"


def test_the_largest_sections_keep_their_tabs_in_the_hubs_order(many):
    titles = [title for title, _ in _tabs(many.html(""))]
    assert titles[0] == "Home" and titles[-1] == "More"
    kept = [title.lower().replace(" ", "-") for title in titles[1:-1]]
    assert set(LARGEST) <= set(kept) and "leadership" not in kept
    assert kept == [folder for folder in FOLDERS if folder in kept], "in MkDocs' order, not by size"


def test_the_more_tab_lists_the_gathered_sections_in_order(many):
    tabs = _tabs(many.html(""))
    (title, more), kept = tabs[-1], {_folder(href) for _, href in tabs[:-1]}
    order = [f for f in dict.fromkeys(_folder(h, more) for h in _sidebar_links(many.html(more)))
             if f in FOLDERS]
    assert title == "More" and order == [folder for folder in FOLDERS if folder not in kept]
    assert _folder(more) == order[0]  # the tab opens the first of them


def test_handbooks_own_sections_keep_their_tabs_before_the_hubs(hub):
    campaign = "---\nowner: ae\nstarts: 2026-11-01\nends: 2026-12-31\n---\n# Now\n"
    term = "---\ndefinition: A lead marketing qualified.\n---\n# MQL\n"
    made = hub({**_many(20), "content/campaigns/now.md": campaign, "content/glossary/mql.md": term},
               mkdocs_yml=TABS_YML)
    made.build("--strict")
    titles = [title for title, _ in _tabs(made.html(""))]
    assert titles[:4] == ["Home", "Campaigns", "Roles", "Glossary"] and titles[-1] == "More"


def test_a_hub_with_five_folders_keeps_a_tab_each(hub):
    made = hub(_many(5), base=False, mkdocs_yml=TABS_YML)
    made.build("--strict")
    assert [title for title, _ in _tabs(made.html(""))] == [
        "Home", "Board meetings", "Business technology", "Ceo", "Communication", "Company"]


def test_an_explicit_nav_keeps_every_tab_it_names(hub):
    """The hub's `nav:` is its choice, however many tabs it makes."""
    nav = "".join(f"  - {folder}/index.md\n" for folder in FOLDERS)
    made = hub(_many(20), base=False, mkdocs_yml=TABS_YML + "nav:\n" + nav)
    made.build()
    assert len(_tabs(made.html(""))) == 20
    assert "More" not in [title for title, _ in _tabs(made.html(""))]


def test_the_tab_bar_fits_a_1280_pixel_laptop(browser, many):
    """Measured by Chromium: every tab link lies within the window and the tab bar."""
    with served(many.root / "site") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(url)
        bar, links = page.evaluate("""() => {
            const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; };
            return [box(document.querySelector('.md-tabs__list')),
                    [...document.querySelectorAll('.md-tabs__link')].map(box)]; }""")
        context.close()
    assert len(links) == len(_tabs(many.html("")))
    for left, right in links:
        assert 0 <= bar[0] <= left < right <= bar[1] <= 1280
