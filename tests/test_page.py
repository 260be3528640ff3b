"""A page is one object: what it says and what readers see around it, built once by the
renderer and published as is by the plugin and `export`."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from handbook.history import git as history
from handbook.history.page_history import PageHistory
from handbook.model.options import read_settings
from handbook.pipeline.session import Session
from handbook.site.banners import Banner
from handbook.site.page import Page

# Long enough that YAML folds it across two lines of front matter.
LONG_ROLE = "Regional Partner Success Manager for Enterprise & Public Sector Accounts"


def test_a_page_is_its_front_matter_then_its_body():
    page = Page("campaigns/spring.md", "Spring", {"title": "Spring", "search": {"exclude": True}},
                "# Spring\n")
    assert page.markdown == "---\nsearch:\n  exclude: true\ntitle: Spring\n---\n\n# Spring\n"
    assert page.url == "campaigns/spring/"
    assert Page("index.md", "Home", {}, "Hi\n").markdown == "Hi\n"


def test_a_page_hands_the_theme_only_the_extras_it_has():
    bare = Page("x.md", "X", {"title": "X"}, "")
    assert bare.extras() == {}
    banner = Banner("ended", "This campaign has ended.")
    full = Page("x.md", "X", {"title": "X"}, "", history=PageHistory("unavailable", "no Git"),
                banners=[banner], feedback={}, mermaid=True)
    assert full.extras() == {"history": PageHistory("unavailable", "no Git").as_meta(),
                             "mermaid": True, "banners": [banner.as_meta()], "feedback": {}}


def _site(hub):
    made = hub({
        "content/roles/rpsm.md": f"---\ntitle: {LONG_ROLE}\nowner: ae\nonboarding: [home]\n---\n",
        "content/assets/deck.md": "---\nowner: ae\nurl: https://example.com/d\npersonalize: true\n---\n",
        "content/campaigns/spring.md": "---\nowner: ae\nstarts: 2026-11-01\nends: 2026-12-01\n---\n",
    })
    session = Session(read_settings(made.root / "mkdocs.yml"), day=dt.date(2026, 11, 23),
                      history=history.unavailable("not needed"))
    return made, session.site


def test_generated_pages_keep_the_plain_title_they_were_given(hub):
    _, site = _site(hub)
    path = site.pages["onboarding/rpsm.md"]
    assert path.document is None and path.listed
    assert path.title == f"Onboarding: {LONG_ROLE}"
    assert path.meta["title"] == f"Onboarding: {LONG_ROLE.replace('&', '&amp;')}"
    report = parse_qs(urlsplit(path.feedback["report"]).query)["title"]
    assert report == [f"Out of date: Onboarding: {LONG_ROLE}"]  # the whole title, unescaped


def test_authored_pages_carry_their_document_and_their_place(hub):
    _, site = _site(hub)
    spring = site.pages["campaigns/spring.md"]
    assert spring.document is not None and spring.document.path == "content/campaigns/spring.md"
    assert spring.title == spring.document.title and spring.order == 0
    assert spring.history is not None and spring.feedback
    assert site.pages["assets/deck/print.md"].listed is False  # reached from the asset only
    assert site.pages["index.md"].order is None
    assert {"onboarding", "assets", "campaigns", "roles"} <= site.sections


def test_the_built_page_links_feedback_with_its_whole_title(hub):
    made, _ = _site(hub)
    made.build()
    html = made.html("onboarding/rpsm")
    assert "Out+of+date%3A+Onboarding%3A+Regional+Partner+Success+Manager+for+Enterprise+%26+" \
           "Public+Sector+Accounts" in html
