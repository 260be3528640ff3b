"""Read it on a phone between meetings: the promise ledger in sentences, no request beyond the
site, no table wider than the phone, and a live preview that shows what broke.

The browser tests reuse test_browser.py's Chromium fixtures; without a browser they skip (on CI,
where `CI=true`, that is a failure).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import MKDOCS_YML, previewing, served

from handbook.history.promises import in_words

RELEASE = """\
---
title: Fall launch
owner: ae
date: 2026-09-01
promises:
{promises}
---
# Fall launch
"""
PATH = "content/releases/fall.md"
TV = "  - id: tv\n    claim: National TV spot on major networks\n    status: planned\n"
TV_CABLE = ("  - id: tv\n    claim: Late-night cable TV spots in selected markets\n    status: partial\n"
            "    delivered: Spots in six markets\n")
TV_NOTE = TV_CABLE + "    note: The network slots sold out <b>early</b>\n"


def _release(*promises: str) -> str:
    return RELEASE.format(promises="".join(promises))


def _story(git_repo):  # type: ignore[no-untyped-def]
    """Announced by Priya; Sam shrank the TV spot with a note; Dana changed it again with a
    `Changelog:` trailer and no note."""
    repo = git_repo()
    repo.commit("feat(releases): announce fall", {PATH: _release(TV)},
                date="2026-03-03T09:00:00+00:00", author="Priya Shah")
    noted = repo.commit("fix(releases): cable, not network", {PATH: _release(TV_NOTE)},
                        date="2026-11-14T09:00:00+00:00", author="Sam Ortiz")
    trailer = repo.commit(
        "fix(releases): five markets\n\nThe sixth station went bankrupt; see the thread.\n\n"
        "Changelog: one station closed",
        {PATH: _release(TV_NOTE.replace("six", "five"))}, date="2026-11-20T09:00:00+00:00")
    return repo, noted, trailer


NOTED = ("14 Nov 2026 by Sam Ortiz: the claim went from “National TV spot on major networks” to "
         "“Late-night cable TV spots in selected markets”; status planned → partial; what shipped is "
         "now “Spots in six markets”; why: The network slots sold out {b}early{end_b}")
TRAILER = ("20 Nov 2026 by Dana Lee: what shipped went from “Spots in six markets” to “Spots in five "
           "markets”; why: one station closed")


def test_a_change_reads_as_one_sentence_on_the_release_page_and_the_board(git_repo):
    repo, noted, trailer = _story(git_repo)
    repo.hub.build()
    commit = "https://github.com/acme/hub/commit/"
    sentence = NOTED.format(b="&lt;b&gt;", end_b="&lt;/b&gt;")  # a note is untrusted: escaped
    link = f'<small class="hb-commit"><a href="{commit}{noted}">{noted[:7]}</a></small>'
    page = repo.hub.html("releases/fall")
    assert f"<li><strong>Changed</strong> {sentence} {link}</li>" in page
    assert (f"<li><strong>Changed</strong> {TRAILER} <small class=\"hb-commit\">"
            f'<a href="{commit}{trailer}">{trailer[:7]}</a></small></li>') in page
    assert "sixth station" not in page  # the commit body is for developers
    board = repo.hub.html("releases")
    assert (f'<li><a href="fall/">Fall launch</a>, <strong>Late-night cable TV spots in selected '
            f"markets</strong>: <strong>Changed</strong> {sentence} {link}</li>") in board


def test_the_promises_command_and_the_digest_say_the_same_sentence(git_repo):
    repo, noted, trailer = _story(git_repo)
    commit = "https://github.com/acme/hub/commit/"
    plain = NOTED.format(b="&lt;b>", end_b="&lt;/b>")  # readable Markdown: `<` stays escaped
    ledger = repo.hub.run("promises", "--changed-since", "2026-11-01")
    assert ledger.code == 0, ledger.err
    assert ledger.out.endswith(
        f"- **Changed** {plain} ([{noted[:7]}]({commit}{noted}))\n"
        f"- **Changed** {TRAILER} ([{trailer[:7]}]({commit}{trailer}))\n")
    digest = repo.hub.run("digest", "--since", "2026-11-10", "--format", "md")
    assert (f"- Fall launch: **Late-night cable TV spots in selected markets**. **Changed** {plain} "
            f"([{noted[:7]}]({commit}{noted}))\n") in digest.out
    html = repo.hub.run("digest", "--since", "2026-11-10").out
    assert (f"<strong>Changed</strong> {NOTED.format(b='&lt;b&gt;', end_b='&lt;/b&gt;')} <small>"
            f'<a href="{commit}{noted}" style="color:#666666;">{noted[:7]}</a></small></li>') in html


def test_the_digest_lays_out_at_the_phone_s_width(git_repo):
    repo, _, _ = _story(git_repo)
    html = repo.hub.run("digest", "--since", "7d").out
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html


def test_each_kind_of_field_change_in_words():
    assert in_words([("claim", "A", "B"), ("status", "planned", "cut"), ("delivered", None, "C")]) == (
        "the claim went from “A” to “B”; status planned → cut; what shipped is now “C”")
    assert in_words([("delivered", "C", None), ("note", "old reason", None)]) == (
        "what shipped was cleared (it was “C”); the note was cleared (it was “old reason”)")
    assert in_words([("note", None, "slots sold out"), ("status", "planned", "delayed")],
                    why="from the commit") == "status planned → delayed; why: slots sold out"
    assert in_words([("status", "planned", "delayed")], why="from the commit") == (
        "status planned → delayed; why: from the commit")
    assert in_words([("claim", None, "New"), ("status", None, "planned")]) == (
        "the claim is now “New”; status planned")


# Every kind of generated page, and each generated table: the release board, a release's
# promises, the expectations matrix and roles, a role's own tables, collateral, campaign goals.
PHONE_PAGES = {
    "releases/": 1, "releases/2026-spring-launch/": 1, "roles/": 2, "roles/ae/": 2, "assets/": 1,
    "campaigns/winter-readiness/": 1, "freshness/": 0, "campaigns/": 0, "process/": 0,
    "glossary/": 0, "whats-new/": 0, "onboarding/ae/": 0, "": 0, "playbooks/demo/": 0,
}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "device_scale_factor": 2}

# For each table: is it wider than its own box or the screen, and does every filled cell show its
# column's name?
MEASURE_TABLES = """() => [...document.querySelectorAll("article table")].map(table => {
  const box = table;
  const headers = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
  const unlabelled = [];
  for (const row of table.querySelectorAll("tbody tr")) {
    [...row.children].forEach((cell, i) => {
      if (!cell.textContent.trim()) return;
      const label = getComputedStyle(cell, "::before").content;
      const seen = cell.getBoundingClientRect();
      if (label !== JSON.stringify(headers[i]) || seen.width === 0 || seen.right > innerWidth)
        unlabelled.push(`${headers[i]}: ${label}`);
    });
  }
  return {generated: table.classList.contains("hb-table"), scroll: box.scrollWidth,
          client: box.clientWidth, tableWidth: table.getBoundingClientRect().right, unlabelled};
})"""


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(**PHONE)
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_no_generated_table_hides_a_column_on_a_phone(phone, site_url):
    problems = {}
    for path, expected in PHONE_PAGES.items():
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
        tables = [t for t in phone.evaluate(MEASURE_TABLES) if t["generated"]]
        if len(tables) != expected:
            problems[path] = f"{len(tables)} generated tables, expected {expected}"
        for table in tables:
            if table["scroll"] > table["client"] or table["tableWidth"] > 390 or table["unlabelled"]:
                problems[path] = table
    assert not problems, problems


def test_generated_tables_stay_tables_on_a_desktop(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "releases/")
    display = page.evaluate("""() => { const t = document.querySelector("table.hb-table");
        return [getComputedStyle(t).display, getComputedStyle(t.querySelector("thead")).position,
                getComputedStyle(t.querySelector("td"), "::before").content]; }""")
    context.close()
    assert display == ["table", "static", "none"]


def test_phone_screenshots_of_the_release_page_board_and_expectations(phone, site_url, artifacts):
    for name, path, whole in (("phone-release", "releases/2026-spring-launch/", True),
                              ("phone-release-board", "releases/", True),
                              ("phone-expectations", "roles/#expectations", False)):
        phone.goto(site_url + path)
        phone.wait_for_load_state("networkidle")
        target = artifacts / f"{name}.png"
        phone.screenshot(path=str(target), full_page=whole)  # the matrix: what the phone shows
        assert target.stat().st_size > 10_000


def _requests_beyond(page, base: str, paths: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Open each page like a reader and return every request for anything outside `base`'s
    origin; those are answered with an error here, so the test never reaches the network."""
    origin = urlsplit(base).netloc
    outside: list[str] = []

    def route(request_route):  # type: ignore[no-untyped-def]
        url = request_route.request.url
        if urlsplit(url).netloc == origin or url.startswith(("data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    page.locator('.md-header label[for="__search"]').first.click()  # the phone's search button
    page.locator("input.md-search__input").press_sequentially("demo", delay=20)
    page.wait_for_selector(".md-search-result__item a", timeout=20_000)
    return outside


READER_PATHS = ["", "releases/", "releases/2026-spring-launch/", "roles/", "process/", "assets/"]


def test_reading_the_sample_hub_requests_nothing_beyond_the_site(phone, site_url):
    assert _requests_beyond(phone, site_url, READER_PATHS) == []


# Material's defaults: a repo_url on GitHub and no `font:` setting.
DEFAULT_THEME = MKDOCS_YML.replace("  features: [content.action.edit]\n", "").replace(
    "  - handbook\n", "  - handbook{options}\n")


def test_a_hub_with_material_s_defaults_requests_nothing_until_it_opts_in(phone, hub):
    """A repo_url on GitHub and no `font:` setting: Material would ask the code host for stars
    and Google for fonts. Handbook turns both off unless the hub asks for them."""
    made = hub({"content/demo.md": "---\nowner: ae\n---\n# Demo\n\nA demo page.\n"},
               mkdocs_yml=DEFAULT_THEME.format(options=""))
    made.build()
    with served(made.root / "site") as base:
        assert _requests_beyond(phone, base, ["", "demo/", "roles/"]) == []
    made.write("mkdocs.yml", DEFAULT_THEME.format(
        options=":\n      repository_facts: true\n      web_fonts: true"))
    made.build()
    with served(made.root / "site") as base:
        hosts = {urlsplit(u).netloc for u in _requests_beyond(phone, base, ["", "demo/"])}
    assert {"api.github.com", "fonts.googleapis.com"} <= hosts, hosts


def test_one_date_format_on_every_generated_part_of_a_page(hub):
    """Facts rows and tables use the hub's `date_format`, never ISO dates beside formatted ones."""
    made = hub({
        "content/campaigns/winter.md": "---\nowner: ae\nreviewed: 2026-10-01\nstarts: 2026-10-15\n"
                                       "ends: 2027-01-31\n---\n# Winter readiness\n",
        "content/releases/fall.md": _release(TV),
        "content/assets/sheet.md": "---\nowner: ae\nurl: https://x.example/s.pdf\nexpires: 2027-02-28\n"
                                   "reviewed: 2026-11-02\n---\n# Sell sheet\n",
    })
    made.build()
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    for page, dates in (("campaigns/winter", ["15 Oct 2026 to 31 Jan 2027", "01 Oct 2026"]),
                        ("releases/fall", ["01 Sep 2026"]), ("assets", ["28 Feb 2027"]),
                        ("assets/sheet", ["02 Nov 2026"])):
        html = made.html(page)
        article = html[html.index("<article"):html.index("</article>")]
        generated = re.findall(r'<div class="hb-facts".*?</div>|<table class="hb-table".*?</table>',
                               article, re.DOTALL)
        assert generated, page
        assert not iso.findall(" ".join(generated)), (page, iso.findall(" ".join(generated)))
        for date in dates:
            assert date in " ".join(generated), (page, date)


def test_the_live_preview_shows_what_broke_and_recovers_on_the_next_save(hub):
    import urllib.error
    import urllib.request

    from test_build import _fetch_until

    good = "---\nowner: ae\n---\n# Demo\n\nFirst words.\n"
    made = hub({"playbooks/demo.md": good})
    diagnostic = ("<code>playbooks/demo.md:2</code> error: `&lt;b&gt;boss&lt;/b&gt;` is not the id of "
                  "any role<br>fix: ")
    with previewing(made) as (base, _):
        _fetch_until(base + "playbooks/demo/", "First words.")
        made.write("playbooks/demo.md", good.replace("owner: ae", "owner: <b>boss</b>"))
        page = _fetch_until(base + "playbooks/demo/", "The preview stopped: 1 error")  # not a hang
        assert diagnostic in page and "<b>boss" not in page  # escaped
        assert "handbook.js" in page  # which reloads the page once the marker below is gone
        assert diagnostic in _fetch_until(base + "no/such/page/", "The preview stopped")
        assert diagnostic in _fetch_until(base, "The preview stopped")
        assert urllib.request.urlopen(base + "assets/handbook-failure.txt", timeout=5).status == 200
        made.write("playbooks/demo.md", good.replace("First", "Fixed"))
        page = _fetch_until(base + "playbooks/demo/", "Fixed words.")
        assert "The preview stopped" not in page
        with pytest.raises(urllib.error.HTTPError) as gone:  # the open error pages reload
            urllib.request.urlopen(base + "assets/handbook-failure.txt", timeout=5)
        assert gone.value.code == 404
        assert "Home" in _fetch_until(base, "Welcome to the hub.")


def test_a_build_still_fails_on_the_same_error(hub):
    made = hub({"playbooks/demo.md": "---\nowner: <b>boss</b>\n---\n# Demo\n"})
    result = made.run("build")
    assert result.code == 1
    assert "the site was not changed" in result.err
    assert not (made.root / "site").exists()
