"""A hub's own theme and navigation: Handbook's additions survive the hub's template overrides
(or `check` says what to include), and an explicit `nav:` keeps Handbook's sections reachable
(issue 17, item 4)."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from conftest import MKDOCS_YML, Repo

from handbook.checks.theme import MATERIAL_TEMPLATES

THEMED_YML = MKDOCS_YML.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
FOOTER_YML = MKDOCS_YML.replace("[content.action.edit]", "[content.action.edit, navigation.footer]")

# Like Material's own documentation: an announcement bar, a stylesheet and a script of the hub's.
HUB_MAIN = """\
{% extends "base.html" %}
{% block announce %}Sale ends Friday{% endblock %}
{% block extrahead %}<link rel="stylesheet" href="{{ 'hub.css' | url }}">{% endblock %}
{% block scripts %}
  {{ super() }}
  <script src="{{ 'hub.js' | url }}"></script>
{% endblock %}
"""

FILES = {
    "content/campaigns/spring.md": "---\nowner: ae\nstarts: 2026-03-01\nends: 2026-05-31\n---\n"
                                   "# Spring tune-up\n\nBook a tune-up before the heat.\n",
    "content/map.md": "---\nowner: ae\n---\n# Map\n\n```mermaid\ngraph LR\n  A --> B\n```\n",
    "content/about.md": "---\nowner: ae\n---\n# About\n\nWho we are.\n",
}


def _committed(git_repo, files: dict[str, str], **kwargs: object) -> Repo:
    repo = git_repo({**FILES, **files}, **kwargs)
    repo.commit("Add the hub")
    return repo


def _sidebar(page: str) -> list[str]:
    """The titles in a page's navigation sidebar, in order."""
    nav = page.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]
    return [html_lib.unescape(t) for t in re.findall(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', nav)]


def _next_page(page: str) -> str:
    """Where the footer's "Next" link leads."""
    return re.search(r'<a href="([^"]*)" class="md-footer__link md-footer__link--next"', page).group(1)


def test_a_hubs_main_html_keeps_its_announcement_and_handbooks_additions(git_repo):
    made = _committed(git_repo, {"overrides/main.html": HUB_MAIN}, mkdocs_yml=THEMED_YML).hub
    made.build("--strict")
    spring = made.html("campaigns/spring")
    # the hub's own blocks
    assert re.search(r'<div class="md-banner__inner md-grid md-typeset">\s*Sale ends Friday', spring)
    head, body = spring.split("</head>", 1)
    assert 'href="../../hub.css"' in head and 'src="../../hub.js"' in body
    # Handbook's additions, beside them
    assert 'class="hb-banner hb-banner--ended"' in spring
    assert 'class="hb-history"' in spring and "Last updated" in spring
    assert 'class="hb-feedback"' in spring and "Report something out of date" in spring
    assert 'href="../../assets/handbook.css"' in head
    assert spring.index("bundle.") < spring.index('src="../../assets/handbook.js"')
    # search: Handbook's index, Material's search box pointed at it before Material starts
    assert (made.root / "site/search/handbook/entry.json").is_file()
    assert spring.index('"../../assets/handbook-search.js"') < spring.index("bundle.")
    assert "Book a tune-up before the heat." in made.search_pages()["/campaigns/spring/"]["content"]
    # Mermaid from the site itself, on the page with a diagram only
    assert "mermaid-11.17.2.min.js" in made.html("map") and "mermaid-11.17.2.min.js" not in spring


def test_a_hubs_own_content_partial_keeps_handbooks_additions(git_repo):
    partial = '<div id="hub-content">{{ page.content }}</div>\n<p>Questions? Ask in #sales.</p>\n'
    made = _committed(git_repo, {"overrides/partials/content.html": partial}, mkdocs_yml=THEMED_YML).hub
    assert made.check("--strict").code == 0
    made.build("--strict")
    spring = made.html("campaigns/spring")
    assert 'id="hub-content"' in spring and "Ask in #sales." in spring
    assert spring.index("hb-banner--ended") < spring.index("hub-content") < spring.index('class="hb-history"')
    assert "Book a tune-up" in made.search_pages()["/campaigns/spring/"]["content"]


def _material_base() -> str:
    """A hub's base.html as hubs make one: a copy of Material's, changed a little."""
    return (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8").replace(
        "{% block announce %}{% endblock %}", "{% block announce %}Sale ends Friday{% endblock %}")


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def test_a_hubs_own_base_html_is_named_with_what_to_include(git_repo):
    base = _material_base()
    made = _committed(git_repo, {"overrides/base.html": base}, mkdocs_yml=THEMED_YML).hub
    content, scripts = (_line_of(base, '{% include "partials/content.html" %}'),
                        _line_of(base, "{% block scripts %}"))
    expected = (
        f"overrides/base.html:{content}: warning: this base.html takes the place of Handbook's, so "
        "pages lose their status banners, page history and feedback links, and search leaves them out\n"
        '    fix: add `{% include "partials/handbook/content.html" %}` in place of '
        '`{% include "partials/content.html" %}`, or move your changes into blocks of main.html '
        '(`{% extends "base.html" %}`) and delete this file\n'
        f"overrides/base.html:{scripts}: warning: this base.html takes the place of Handbook's, so "
        "the search box finds nothing in Handbook's index and diagrams fetch Mermaid from the internet\n"
        '    fix: add `{% include "partials/handbook/scripts.html" %}` at the start of the `scripts` '
        "block, before Material's own script, or move your changes into blocks of main.html "
        '(`{% extends "base.html" %}`) and delete this file\n'
    )
    checked = made.check()
    assert checked.code == 0 and checked.out.startswith(expected), checked.out
    assert made.check("--strict").code == 1
    built = made.build()
    assert "overrides/base.html" in built.err and built.err.count("WARNING") == 2, built.err
    assert made.run("build", "--strict").code == 1

    # Doing what the fix says: the warnings go, and the pages have everything again
    made.write("overrides/base.html", base.replace(
        '{% include "partials/content.html" %}', '{% include "partials/handbook/content.html" %}').replace(
        "{% block scripts %}", '{% block scripts %}{% include "partials/handbook/scripts.html" %}'))
    assert made.check("--strict").code == 0
    made.build("--strict")
    spring = made.html("campaigns/spring")
    assert "Sale ends Friday" in spring and "hb-banner--ended" in spring and 'class="hb-history"' in spring
    assert spring.index("handbook-search.js") < spring.index("bundle.")
    assert "Book a tune-up" in made.search_pages()["/campaigns/spring/"]["content"]


def test_an_explicit_nav_keeps_its_order_and_handbooks_sections_follow_it(git_repo):
    nav = "nav:\n  - index.md\n  - About us: about.md\n"
    made = _committed(git_repo, {}, mkdocs_yml=FOOTER_YML + nav).hub
    made.build("--strict")
    home = made.html("")
    assert _sidebar(home) == ["Home", "About us", "Campaigns", "Roles", "What's new", "Freshness"]
    assert _next_page(made.html("about")) == "../campaigns/"
    # inside a section Handbook added: its pages, as without a nav; per-role pages stay unlisted
    board = made.html("campaigns")
    assert "Spring tune-up (Ended)" in _sidebar(board) and 'href="spring/"' in board
    assert "whats-new/ae/" not in made.html("whats-new").split("md-sidebar--secondary", 1)[0]
    assert "Map" not in _sidebar(home)  # an authored page the nav leaves out stays out
    # the nav's name for a page is its title, as in MkDocs: in the page and wherever Handbook names it
    assert "<title>About us - " in made.html("about")
    assert '<a href="../about/">About us</a>' in made.html("whats-new")


@pytest.mark.parametrize("entry", ["whats-new/index.md", "whats-new/"], ids=["page", "link"])
def test_an_explicit_nav_that_places_whats_new_first_keeps_it_there(git_repo, entry):
    nav = f"nav:\n  - \"What's new\": {entry}\n  - index.md\n  - about.md\n"
    made = _committed(git_repo, {}, mkdocs_yml=MKDOCS_YML + nav).hub
    made.build("--strict")
    assert _sidebar(made.html("")) == ["What's new", "Home", "About", "Campaigns", "Roles", "Freshness"]
    assert 'href="whats-new/"' in made.html("").split("md-sidebar--secondary", 1)[0]


def test_a_nav_listing_a_campaign_but_not_the_board_still_reaches_the_board(git_repo):
    nav = "nav:\n  - index.md\n  - Spring: campaigns/spring.md\n"
    made = _committed(git_repo, {"content/campaigns/summer.md": "---\nowner: ae\nstarts: 2026-06-01\n"
                                 "ends: 2026-12-31\n---\n# Summer\n"}, mkdocs_yml=MKDOCS_YML + nav).hub
    made.build("--strict")
    titles = _sidebar(made.html("campaigns"))
    assert titles[:3] == ["Home", "Spring", "Campaigns"] and titles.count("Spring tune-up (Ended)") == 0
    assert "Summer" in titles


@pytest.mark.parametrize("theme", ["theme: mkdocs\n", ""], ids=["mkdocs", "none"])
def test_another_theme_builds_and_check_says_what_it_lacks(hub, theme):
    made = hub(FILES, mkdocs_yml=MKDOCS_YML.replace(
        "theme:\n  name: material\n  features: [content.action.edit]\n", theme))
    checked = made.check()
    assert ("mkdocs.yml:1: warning: the theme is `mkdocs`, not Material for MkDocs, so pages are "
            "built without Handbook's banners, page history, feedback links and search\n"
            "    fix: set `theme: {name: material}` in mkdocs.yml\n") in checked.out
    assert made.check("--strict").code == 1
    made.build()
    assert "About" in made.html("about") and "hb-feedback" not in made.html("about")
    search = json.loads((made.root / "site/search/search_index.json").read_text("utf-8"))
    assert search["docs"]  # the theme's own search keeps its index


@pytest.mark.parametrize(("entry", "title"), [("About us: about.md", "About us"),
                                               ("about.md", "About the company")],
                         ids=["named in the nav", "not named"])
def test_the_navs_name_for_a_page_wins_over_its_front_matter_title_as_in_mkdocs(git_repo, entry, title):
    about = {"content/about.md": "---\nowner: ae\ntitle: About the company\n---\n# About\n\nWho we are.\n"}
    made = _committed(git_repo, about, mkdocs_yml=FOOTER_YML + f"nav:\n  - index.md\n  - {entry}\n").hub
    made.build("--strict")
    assert f"<title>{title} - " in made.html("about")
    assert f'<a href="../about/">{title}</a>' in made.html("whats-new")
