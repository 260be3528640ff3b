"""Adopting a handbook nobody here wrote: its front matter, its repeated file names and its
shape build unchanged, and Handbook only adds what the hub has material for (issue 17)."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest
from conftest import MKDOCS_YML, search_pages

from handbook.model.validation import suggest

TABS_YML = MKDOCS_YML.replace("  features: [content.action.edit]",
                              "  features: [content.action.edit, navigation.tabs, navigation.indexes]")
THEMED_YML = TABS_YML.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")

# A theme override that prints the keys other tools wrote, as the hub's own templates would.
META_THEME = """\
{% extends "base.html" %}
{% block content %}<p id="meta">layout={{ page.meta.layout }} permalink={{ page.meta.permalink }}
date={{ page.meta.date }} date_is_text={{ page.meta.date is string }} author={{ page.meta.author }}
weight={{ page.meta.weight }} aliases={{ page.meta.aliases | join(",") }}
comments={{ page.meta.comments }} template={{ page.meta.template }}</p>{{ super() }}{% endblock %}
"""

MATERIAL_PAGE = """\
---
title: Getting started
hide: [navigation, toc]
icon: material/rocket-launch
status: new
subtitle: Read this <b>first</b>
comments: true
template: main.html
layout: post
permalink: /start/
date: 2020-01-01
author: Jo Writer
weight: 3
aliases: [/old-start/, /begin/]
---
# Getting started

## Setting up

Steps.
"""

CURRENT = "---\nowner: ae\nstarts: 2026-11-01\nends: 2026-12-31\n{extra}---\n# {title}\n"


def _sidebar(html: str) -> str:
    return html.split("md-sidebar--primary", 1)[1].split("md-sidebar--secondary", 1)[0]


def _sidebar_hidden(html: str, kind: str) -> bool:
    tag = re.search(rf'<div class="md-sidebar md-sidebar--\w+" data-md-component="sidebar" '
                    rf'data-md-type="{kind}"[^>]*>', html)
    assert tag, f"no {kind} sidebar"
    return " hidden" in tag.group(0)


def test_material_front_matter_on_a_page_is_honoured_and_other_keys_pass_through(hub):
    made = hub({"content/start.md": MATERIAL_PAGE, "content/other.md": "# Other\n\n## Part\n",
                "theme/main.html": META_THEME}, mkdocs_yml=THEMED_YML)
    assert made.check().code == 0
    made.build("--strict")
    start = made.html("start")
    assert _sidebar_hidden(start, "navigation") and _sidebar_hidden(start, "toc")
    other = made.html("other")
    assert not _sidebar_hidden(other, "navigation") and not _sidebar_hidden(other, "toc")
    meta = re.search(r'<p id="meta">(.*?)</p>', start, re.DOTALL).group(1).split()
    assert meta == ["layout=post", "permalink=/start/", "date=2020-01-01", "date_is_text=False",
                    "author=Jo", "Writer", "weight=3", "aliases=/old-start/,/begin/",
                    "comments=True", "template=main.html"]
    # Material draws the status, icon and subtitle in the navigation; the subtitle as text
    entry = _sidebar(other).split('href="../start/"', 1)[1].split("</a>", 1)[0]
    assert 'class="md-status md-status--new"' in entry and "<svg" in entry
    assert "Read this &lt;b&gt;first&lt;/b&gt;" in entry and "<b>first" not in entry


def test_a_character_reference_in_front_matter_shows_as_its_character(hub):
    """Jekyll and Material print front matter as HTML, so `&amp;` reads as "&": so here, the
    title, subtitle and description still escaped, so `&lt;b&gt;` stays text."""
    made = hub({"content/login.md": "---\ntitle: Logging in &amp; Networks\nsubtitle: R&amp;D\n"
                                    "description: Q&amp;A\nowner: ae\n---\nHow to log in.\n",
                "content/tags.md": "---\ntitle: The &lt;b&gt; tag\n---\nText.\n",
                "content/heading.md": "# Terms &amp; conditions\n\nText.\n",
                "content/roles/ae.md": "---\ntitle: Account Executive\nowner: ae\nteam: sales\n"
                                       "onboarding: [login]\n---\nSells.\n"})
    made.build("--strict")
    login = made.html("login")
    assert "<h1" in login and re.search(r"<h1[^>]*>Logging in &amp; Networks</h1>", login), login
    assert "<title>Logging in &amp; Networks - " in login and "&amp;amp;" not in login
    assert '<meta name="description" content="Q&amp;A">' in login
    assert re.search(r'md-nav__link--active">\s*<span class="md-ellipsis">\s*Logging in &amp; Networks\s*'
                     r'<br>\s*<small>R&amp;D</small>', login)  # the navigation, with the subtitle
    tags = made.html("tags")
    assert re.search(r"<h1[^>]*>The &lt;b&gt; tag</h1>", tags) and "<b> tag" not in tags
    assert "Terms &amp; conditions" in made.html("heading") and "&amp;amp;" not in made.html("heading")
    onboarding = made.html("onboarding/ae")  # the description again, in a role's reading path
    assert "Q&amp;A" in onboarding and "&amp;amp;" not in onboarding, onboarding
    titles = {page["meta"]["title"] for page in search_pages(made.root / "site").values()}
    assert {"Logging in & Networks", "The <b> tag", "Terms & conditions"} <= titles, titles


def test_material_keys_on_playbooks_and_typed_kinds_with_search_boosts_combined(hub):
    made = hub({
        "content/campaigns/now.md": CURRENT.format(
            extra="search:\n  boost: 3\nicon: material/bullhorn\nstatus: new\n", title="Now"),
        "content/campaigns/plain.md": CURRENT.format(extra="", title="Plain"),
        "content/assets/old.md": "---\nowner: ae\nurl: https://x.example/a\nstatus: retired\n"
                                 "search:\n  boost: 3\nhide: [toc]\n---\n# Old deck\n",
        "content/roles/sdr.md": "---\nowner: ae\nhide: [navigation]\nsubtitle: Books meetings\n---\n# SDR\n",
        "playbooks/calls.md": "---\nowner: ae\nhide: [toc]\nlayout: playbook\nsearch:\n  exclude: true\n"
                              "---\n# Calls\n\n## Openers\n\nsticky-phrase\n",
        "content/faq.md": "---\nsearch:\n  boost: 0.5\n---\n# FAQ\n",
    })
    assert made.check().code == 0
    made.build("--strict")
    pages = made.search_pages()
    assert float(pages["/campaigns/now/"]["meta"]["boost"]) == 6.0  # the author's 3 x a current campaign's 2
    assert float(pages["/campaigns/plain/"]["meta"]["boost"]) == 2.0
    assert float(pages["/assets/old/"]["meta"]["boost"]) == pytest.approx(0.6)  # retired still sinks: 3 x 0.2
    assert float(pages["/faq/"]["meta"]["boost"]) == 0.5
    assert not any(url.startswith("/playbooks/calls/") for url in pages)
    assert not any("sticky-phrase" in page["content"] for page in pages.values())
    assert _sidebar_hidden(made.html("playbooks/calls"), "toc")
    assert _sidebar_hidden(made.html("roles/sdr"), "navigation")
    assert "Retired" in made.html("assets/old")  # an asset's `status` is still its own


@pytest.mark.parametrize(("files", "expected"), [
    pytest.param({"content/guide.md": "---\nownr: ae\nlayout: post\n---\n# Guide\n"},
                 "content/guide.md:2: error: unknown field `ownr` for a page\n"
                 "    fix: did you mean `owner`?", id="page-typo"),
    pytest.param({"playbooks/demo.md": "---\nowner: ae\nreveiwed: 2026-01-05\n---\n# Demo\n"},
                 "playbooks/demo.md:3: error: unknown field `reveiwed` for a playbook\n"
                 "    fix: did you mean `reviewed`?", id="playbook-swapped-letters"),
    pytest.param({"content/campaigns/spring.md": CURRENT.format(extra="layout: post\n", title="S")},
                 "content/campaigns/spring.md:5: error: unknown field `layout` for a campaign\n"
                 "    fix: remove it; a campaign can have: ", id="typed-kind-stays-strict"),
    pytest.param({"content/guide.md": "---\nhide: [navigaton]\n---\n# Guide\n"},
                 "content/guide.md:2: error: `hide[1]` is 'navigaton', which is not allowed\n"
                 "    fix: did you mean `navigation`?", id="material-value-typo"),
    pytest.param({"content/guide.md": "---\nowner: ae\nicon: material/no-such-icon\n---\n# Guide\n"},
                 "content/guide.md:3: error: `icon: material/no-such-icon` is not an icon of the theme\n"
                 "    fix: pick one at https://squidfunk.github.io/mkdocs-material/reference/icons-emojis/, "
                 "like `material/rocket-launch`", id="unknown-icon"),
    pytest.param({"content/guide.md": "---\nowner: ae\ntemplate: redirect.html\n"
                                      "location: javascript:alert(1)\n"
                                      "---\n# Guide\n"},
                 "content/guide.md:4: error: `location: javascript:alert(1)` is not an address a redirect "
                 "may send readers to\n"
                 "    fix: write a page of this site, like `../new-page/`, or an https:// address",
                 id="redirect-to-a-script"),
    pytest.param({"content/guide.md": "---\nowner: ae\ntemplate: redirect.html\n---\n# Guide\n"},
                 "content/guide.md:3: error: `template: redirect.html` needs `location:`, the address to "
                 "send readers to\n", id="redirect-to-nowhere"),
    pytest.param({"content/guide.md": "---\nowner: ae\ntemplate: home.html\n---\n# Guide\n"},
                 "content/guide.md:3: error: `template: home.html` is not in the hub's theme folder\n"
                 "    fix: add it to the folder `custom_dir` names in mkdocs.yml, or remove the line",
                 id="template-outside-the-theme"),
    pytest.param({"content/guide.md": "---\nowner: ae\ntemplate: blog-post.html\n---\n# Guide\n"},
                 "content/guide.md:3: error: `template: blog-post.html` is a template Material keeps for "
                 "pages its own plugins make, such as the blog's\n", id="materials-plugin-template"),
])
def test_typos_of_handbooks_own_fields_are_still_caught(hub, files, expected):
    result = hub(files).check()
    assert result.code == 1
    assert expected in result.out, result.out


def test_keys_of_other_tools_are_not_taken_for_typos(hub):
    """`status` is Material's (never "did you mean `tags`"); `owners` beside `owner` is
    another tool's list, not a typo; `date`, `weight`, `order` mean nothing to a page."""
    made = hub({"content/guide.md": "---\nstatus: deprecated\nowner: ae\nowners: [ae, sdr]\n"
                                    "date: 2020-01-01\nweight: 3\norder: 2\nid: guide\ntype: doc\n"
                                    "draft: false\nslug: guide\ncategories: [a]\n---\n# Guide\n"})
    result = made.check()
    assert result.out.splitlines()[0] == "handbook check: no problems"


def test_suggestions_are_typos_not_lookalikes():
    page_fields = ["title", "kind", "owner", "audience", "tags", "reviewed", "review_every",
                   "description", "template", "icon", "subtitle", "hide", "search", "comments"]
    assert suggest("ownr", page_fields) == "owner"
    assert suggest("Owner", page_fields) == "owner"
    assert suggest("review-every", page_fields) == "review_every"
    assert suggest("audiance", page_fields) == "audience"
    for foreign in ("status", "date", "layout", "weight", "author", "aliases", "permalink", "order"):
        assert suggest(foreign, page_fields) is None, foreign
    assert suggest("campain", ["page", "playbook", "campaign"]) == "campaign"
    assert suggest("a", ["ae", "sdr"]) == "ae"


TEAMS = ("marketing", "sales", "support")


def _teams(onboarding: str) -> dict[str, str]:
    files = {"content/roles/ae.md": f"---\ntitle: Account Executive\nowner: ae\nonboarding: {onboarding}\n"
                                    "---\n# AE\n",
             "content/pricing.md": "# Pricing\n"}
    for team in TEAMS:
        files[f"content/{team}/index.md"] = f"# {team.title()}\n"
        files[f"content/{team}/faq.md"] = f"# {team.title()} FAQ\n"
        files[f"content/{team}/onboarding.md"] = f"# {team.title()} onboarding\n"
    return files


def test_file_names_repeat_across_folders(hub):
    made = hub(_teams("[sales/faq, pricing, support, marketing/onboarding]"))
    checked = made.check()
    assert checked.code == 0 and "error" not in checked.out  # unused repeated names are fine
    made.build()
    for team in TEAMS:  # the addresses MkDocs gives them
        assert f"{team.title()} FAQ" in made.html(f"{team}/faq")
        assert f"{team.title()} onboarding" in made.html(f"{team}/onboarding")
    path = made.html("onboarding/ae")
    links = re.findall(r'<li><input[^>]*> <a href="([^"]+)">([^<]+)</a>', path)
    assert links == [("../../sales/faq/", "Sales FAQ"), ("../../pricing/", "Pricing"),
                     ("../../support/", "Support"), ("../../marketing/onboarding/", "Marketing onboarding")]


def test_a_repeated_name_is_an_error_where_it_is_used(hub):
    made = hub(_teams("\n  - pricing\n  - faq\n"))
    result = made.check("--format", "json")
    errors = [d for d in json.loads(result.out) if d["severity"] == "error"]
    assert errors == [{
        "path": "content/roles/ae.md", "line": 6, "severity": "error",
        "message": "`faq` matches several documents: marketing/faq, sales/faq, support/faq",
        "fix": "write the path of the one you mean, like `marketing/faq`",
    }]


def test_a_role_keeps_its_name_beside_a_page_of_the_same_name(hub):
    """`owner: ae` needs a role, so a page `ae.md` does not make it ambiguous."""
    made = hub({"content/ae.md": "---\nowner: ae\n---\n# Life as an AE\n",
                "playbooks/demo.md": "---\nowner: ae\naudience: [roles/ae]\n---\n# Demo\n"})
    assert made.check().out.splitlines()[0] == "handbook check: no problems"
    made.build()
    assert 'href="../../roles/ae/"' in made.html("playbooks/demo")


GENERATED = ("Campaigns", "Selling process", "Collateral", "Roles", "Onboarding", "Release notes",
             "Glossary", "What's new", "Freshness")


def _tabs(html: str) -> list[str]:
    nav = html.split('class="md-tabs__list"', 1)[1].split("</ul>", 1)[0]
    return [html_lib.unescape(t) for t in re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', nav)]


def test_a_hub_of_pages_shows_only_its_pages(hub):
    made = hub({"content/index.md": "# Acme handbook\n", "content/about.md": "# About\n",
                "content/engineering/index.md": "# Engineering\n",
                "content/engineering/faq.md": "# Engineering FAQ\n",
                "content/people/onboarding.md": "# Onboarding at Acme\n"},
               base=False, mkdocs_yml=TABS_YML)
    made.build("--strict")
    home = made.html("")
    assert _tabs(home) == ["Home", "Engineering", "People"]
    sidebar = _sidebar(home)
    for title in GENERATED:
        assert title not in html_lib.unescape(sidebar), title
    for section in ("campaigns", "process", "assets", "roles", "onboarding", "releases", "glossary",
                    "whats-new", "freshness"):
        assert not (made.root / "site" / section / "index.html").exists(), section


def test_a_hubs_own_folders_named_like_handbooks_sections_keep_their_place_after_a_readme_home(hub):
    """Artsy's handbook: a README.md home, and folders of its own pages called onboarding/ and
    playbooks/. The home tab comes first, and those folders are the hub's sections, in MkDocs'
    order, not pulled ahead as if they were Handbook's."""
    made = hub({"content/README.md": "# Artsy Engineering [![CI](https://ci.example/badge.svg)](https://ci)\n",
                "content/about.md": "# About\n",
                **{f"content/{folder}/{name}.md": f"# {name.title()}\n"
                   for folder in ("culture", "onboarding", "playbooks") for name in ("README", "guide")}},
               base=False, mkdocs_yml=TABS_YML)
    made.build("--strict")
    home = made.html("")
    assert _tabs(home) == ["Home", "Culture", "Onboarding", "Playbooks"]
    assert "<title>Artsy Engineering CI - " in home  # the heading as readers see it, as in MkDocs
    assert _tabs(made.html("onboarding")) == _tabs(home)


def test_the_sample_hub_still_shows_its_sections(sample_site):
    tabs = _tabs((sample_site / "index.html").read_text("utf-8"))
    assert tabs == ["Home", "Campaigns", "Selling process", "Playbooks", "Collateral", "Roles",
                    "Onboarding", "Release notes", "Glossary", "What's new", "Freshness"]


def test_campaigns_and_collateral_are_listed_by_status_not_file_name(hub):
    made = hub({
        "content/campaigns/a-ended.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-02-01\n---\n"
                                        "# Ended one\n",
        "content/campaigns/b-upcoming.md": "---\nowner: ae\nstarts: 2027-01-01\nends: 2027-02-01\n---\n"
                                           "# Upcoming one\n",
        "content/campaigns/c-current.md": CURRENT.format(extra="", title="Current one"),
        "content/assets/a-retired.md": "---\nowner: ae\nurl: https://x.example/a\nstatus: retired\n---\n"
                                       "# A deck\n",
        "content/assets/b-approved.md": "---\nowner: ae\nurl: https://x.example/b\n---\n# B deck\n",
    }, mkdocs_yml=TABS_YML)
    made.build()
    campaigns = _sidebar(made.html("campaigns"))
    order = [campaigns.index(t) for t in ("Current one", "Upcoming one", "Ended one (Ended)")]
    assert order == sorted(order)
    assets = _sidebar(made.html("assets"))
    assert assets.index("B deck") < assets.index("A deck (Retired)")


def test_an_explicit_nav_is_kept_as_written(hub):
    """Handbook's sections the nav leaves out follow it (tests/test_hub_theme.py has more)."""
    made = hub({"content/about.md": "# About\n", "content/zebra.md": "# Zebra\n",
                "content/campaigns/now.md": CURRENT.format(extra="", title="Now")},
               mkdocs_yml=TABS_YML + "nav:\n  - zebra.md\n  - index.md\n  - Stuff:\n    - about.md\n")
    made.build()
    assert _tabs(made.html(""))[:3] == ["Zebra", "Home", "Stuff"]



def test_the_sample_hubs_tabs_fit_a_1280_pixel_screen(page, site_url):
    """Measured by Chromium: no tab is scrolled out of sight on a laptop."""
    page.goto(site_url)
    scrolled, shown = page.evaluate(
        "() => { const l = document.querySelector('.md-tabs__list'); return [l.scrollWidth, l.clientWidth] }")
    assert scrolled <= shown


def test_materials_redirect_page_sends_readers_to_the_location_it_names(hub):
    """Material's own docs move pages with `template: redirect.html` and `location:`; the page
    is built as Material builds it, the address in its script and its refresh."""
    made = hub({"content/old-guide.md": "---\ntemplate: redirect.html\nlocation: ../guide/\n---\n",
                "content/guide.md": "---\ntitle: Guide\n---\n# Guide\n"})
    assert made.check().code == 0
    assert made.build().code == 0
    page = made.html("old-guide")
    assert 'window.location.replace(["../guide/"' in page
    assert 'content="0;url=../guide/"' in page


def test_a_playbooks_folder_of_the_teams_own_pages_is_one_error_that_says_to_move_it(hub):
    """Artsy's handbook has a `playbooks/` folder of plain pages: one error for the folder, with
    the move that makes them pages, not one error a file asking for an owner."""
    pages = {f"playbooks/{name}.md": f"# {name.title()}\n\nHow we do it.\n"
             for name in ("rfcs", "oncall", "deploys")}
    result = hub(pages).check("--format", "json")
    errors = [d for d in json.loads(result.out) if d["severity"] == "error"]
    assert errors == [{
        "path": "playbooks", "line": 1, "severity": "error",
        "message": "`playbooks/` is where Handbook reads playbooks, each kept by a role (its `owner`), "
                   "and none of its 3 files has an owner: they look like pages of your own",
        "fix": "to publish them as pages, move the folder in with the rest: `git mv playbooks content/`; "
               "or set `playbooks_dir:` under the handbook plugin to another folder; or add `owner:` to each",
    }]
    owned = hub({**pages, "playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"}).check("--format", "json")
    missing = [d["path"] for d in json.loads(owned.out) if d["severity"] == "error"]
    assert missing == ["playbooks/deploys.md", "playbooks/oncall.md", "playbooks/rfcs.md"]  # one each


@pytest.mark.parametrize(("heading", "title"), [
    ("Artsy Engineering [![CircleCI](https://circleci.com/b.svg)](https://circleci.com)",
     "Artsy Engineering CircleCI"),
    ("**Sales** &amp; _marketing_", "Sales & marketing"),
    ("Use `git mv` <b>first</b>", "Use git mv first"),
    ("snake_case_name and 5 < 6", "snake_case_name and 5 < 6"),
])
def test_a_title_is_its_heading_as_readers_see_it(hub, heading, title):
    made = hub({"content/guide.md": f"# {heading}\n\nText.\n"})
    made.build()
    assert f"<title>{html_lib.escape(title, quote=False)} - Test hub</title>" in made.html("guide")


def test_a_folders_readme_without_a_heading_is_named_after_the_folder(hub):
    made = hub({"content/culture/README.md": "Who we are.\n", "content/api-Guide.md": "Text.\n"})
    made.build()
    assert "<title>Culture - Test hub</title>" in made.html("culture")
    assert "<title>api Guide - Test hub</title>" in made.html("api-Guide")  # as MkDocs: mixed case kept


def test_gitbooks_shapes_build_on_day_one_with_warnings_that_say_what_to_fix(hub):
    """Mattermost's GitBook handbook: `Description:` written with a capital, and a page beside a
    folder of the same name with its README.md. Neither stops the build, as neither stops MkDocs;
    both are named, and `--strict` fails on them."""
    made = hub({"content/people/README.md": "---\nDescription: Welcome to the People team.\n---\n# People\n",
                "content/finance/spending.md": "# Spending\n\nDraft.\n",
                "content/finance/spending/README.md": "# Spending company money\n"})
    checked = made.check()
    assert checked.code == 0, checked.out
    assert ("content/people/README.md:2: warning: `Description` is not `description`: names are read "
            "as written, so this one does nothing\n    fix: write it `description`") in checked.out
    assert ("content/finance/spending/README.md:1: warning: this page and content/finance/spending.md are "
            "both published at finance/spending/") in checked.out
    made.build()
    assert made.run("build", "--strict").code == 1
