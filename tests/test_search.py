"""Search: Handbook's chunked index behind Material's search box, ranked as readers expect.

The index is read from the built site; the ranking is checked by typing real queries into
Material's search box in Chromium (fixtures from test_browser.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import MKDOCS_YML, search_pages, served

JUL_2026 = "1782864000"  # spring has ended, winter has started
CAMPAIGNS = {
    "content/campaigns/spring.md": "---\nowner: ae\nstarts: 2026-03-01\nends: 2026-05-31\n---\n"
                                   "# Spring tune-up\n\nBook a tune-up before the heat.\n",
    "content/campaigns/winter.md": "---\nowner: ae\nstarts: 2026-06-01\nends: 2027-02-28\n---\n"
                                   "# Winter readiness\n\nBook a check before the cold.\n",
    "content/assets/old.md": "---\nowner: ae\nurl: https://x.example/a\nstatus: retired\n---\n# Old deck\n",
    "playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n\nShow the dispatch board.\n",
}


def _searchable(site: Path) -> set[str]:
    """Pages whose HTML marks a body for search, as URLs."""
    found = set()
    for html in site.rglob("*.html"):
        if "data-search-body" in html.read_text("utf-8"):
            folder = html.parent.relative_to(site).as_posix()
            found.add("/" if folder == "." else f"/{folder}/")
    return found


def test_every_page_readers_can_find_is_indexed_and_no_other(git_repo):
    repo = git_repo({**CAMPAIGNS, "content/roles/sdr.md": "---\nowner: sdr\n---\n# SDR\n"})
    repo.commit("docs: the first pages")  # What's new, and its per-role pages, come with history
    made = repo.hub
    made.build()
    site = made.root / "site"
    entry = json.loads((site / "search/handbook/entry.json").read_text("utf-8"))
    pages = search_pages(site)
    assert entry["pages"] == len(pages) == len(_searchable(site))
    assert {"/", "/roles/ae/", "/campaigns/spring/", "/playbooks/demo/", "/assets/old/"} <= set(pages)
    # per-role What's new repeats What's new; freshness is for owners, not for a search
    excluded = {"/whats-new/ae/", "/whats-new/sdr/", "/freshness/"}
    assert all((site / url.strip("/") / "index.html").is_file() for url in excluded)
    assert not excluded & set(pages), sorted(pages)
    assert "Show the dispatch board." in pages["/playbooks/demo/"]["content"]


def test_listings_search_by_title_and_introduction_only(hub):
    made = hub(CAMPAIGNS)
    made.build()
    board = search_pages(made.root / "site")["/campaigns/"]["content"]
    assert "Book a check before the cold" not in board and "Winter readiness" not in board


def test_result_titles_carry_the_status_and_the_boost(hub):
    made = hub(CAMPAIGNS)
    made.run("build", env={"SOURCE_DATE_EPOCH": JUL_2026})
    pages = search_pages(made.root / "site")
    assert pages["/campaigns/spring/"]["meta"] == {"title": "Spring tune-up (Ended)", "boost": "0.2"}
    assert pages["/assets/old/"]["meta"] == {"title": "Old deck (Retired)", "boost": "0.2"}
    assert pages["/campaigns/winter/"]["meta"] == {"title": "Winter readiness", "boost": "2.0"}
    assert pages["/playbooks/demo/"]["meta"] == {"title": "Demo"}  # no permalink sign, no boost


def test_pages_load_materials_settings_not_its_index(hub):
    made = hub(CAMPAIGNS)
    made.build()
    material = json.loads((made.root / "site/search/search_index.json").read_text("utf-8"))
    assert material["docs"] == [] and material["config"]["separator"]
    html = made.html("playbooks/demo")
    assert '"../../assets/handbook-search.js"' in html
    assert html.index("handbook-search.js") < html.index("bundle.")  # before Material reads it


def test_a_failing_indexer_keeps_the_previous_site(hub, monkeypatch):
    from handbook.site import search

    made = hub(CAMPAIGNS)
    made.build()
    before = made.html("playbooks/demo")

    def full(self, page):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search._Writer, "add", full)
    made.write("playbooks/demo.md", "---\nowner: ae\n---\n# Demo\n\nChanged.\n")
    result = made.run("build")
    assert result.code == 1
    assert ("search: the index could not be written (No space left on device); the site was not "
            "changed") in result.err
    assert "Traceback" not in result.err
    assert made.html("playbooks/demo") == before
    assert not list(made.root.glob(".site.*"))


def test_a_page_s_searchable_part_leaves_out_what_it_excludes():
    from handbook.site.search import read_page

    page = read_page('<p title="data-search-body x">data-search-body</p><header><h1>Chrome</h1></header>'
                     '<div data-search-body data-search-boost="2.0">'
                     '<h1 id="t">Price <em>list</em><a class="headerlink" href="#t">¶</a></h1>'
                     "<p>Un<em>usual</em> terms<br>apply</p><script>var x = '</p>'</script><svg/>"
                     '<h2 id="q">Quotes</h2><div data-search-exclude=""><p>Hidden</p></div>'
                     "<ul><li>one<li>two</ul></div><footer>Footer words</footer>", "/p/")
    assert page is not None
    assert page.text == ["Price", "list", "Unusual", "terms", "apply", "Quotes", "one", "two"]
    assert (page.title, page.boost, page.titled) == ("Price list", "2.0", (0, 2))
    assert page.anchors == [{"element": "h1", "id": "t", "location": 0, "text": "Price list"},
                            {"element": "h2", "id": "q", "location": 5, "text": "Quotes"}]
    assert read_page("<div><p>No marker</p></div>", "/x/") is None
    # split at white space as the worker splits the page's text (JavaScript's \s), so each
    # word's place is the same on both sides
    spaced = read_page("<p data-search-body>a\x1cb \ufeffc\u2028d\u00a0e</p>", "/s/")
    assert spaced is not None and spaced.text == ["a\x1cb", "c", "d", "e"]
    # HTML as browsers read it: a quote in an unquoted value, what a textarea holds, a word
    # around excluded text or a <wbr>, an empty comment
    odd = read_page("<div data-search-body><p class=it's>one</p><img alt=Bob's>two<textarea>"
                    "</div></textarea>three<span data-search-exclude> x </span>four super<wbr>"
                    "cali <!-->five<!---> six<iframe></div></iframe> seven</div><footer>Footer</footer>",
                    "/o/")
    assert odd is not None and odd.text == ["one", "two", "three", "four", "supercali", "five", "six",
                                            "seven"]


def test_where_no_page_marks_its_body_material_s_article_is_searched(tmp_path):
    """A hub whose own templates replace the block Handbook marks still gets search: of each
    page's article, Material's chrome and the footer left out. One marked page, and only
    marked pages are searched."""
    from handbook.site import search

    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<nav class="md-tabs">Tabs</nav><article class="md-content__inner md-typeset">'
            f"<h1>Page {name}</h1><p>Words of {name}.</p></article><footer>Footer</footer>")
    assert search.index_site(site).pages == 2
    assert {url: page["content"] for url, page in search_pages(site).items()} == {
        "/a/": "Page a Words of a.", "/b/": "Page b Words of b."}
    (site / "b/index.html").write_text('<div data-search-body><h1>Marked</h1></div>')
    assert search.index_site(site).pages == 1 and set(search_pages(site)) == {"/b/"}


def test_the_index_finds_a_word_s_chunk_from_its_map(tmp_path):
    """Chunks hold consecutive terms in the order JavaScript compares strings; a term is in the
    last chunk whose first term is not after it; a title word outscores a body word."""
    import bisect
    import gzip

    from handbook.site import search

    site = tmp_path / "site"
    for n in range(300):
        (site / f"p{n}").mkdir(parents=True)
        body = " ".join(f"w{n * 7 + k}" for k in range(40)) + " shared"
        (site / f"p{n}/index.html").write_text(
            f'<div data-search-body><h1 id="h">Page {n}</h1><p>{body}</p></div>', "utf-8")
    (site / "p0/index.html").write_text('<div data-search-body><h1>Shared</h1><p>x</p></div>')
    (site / "p299/index.html").write_text('<div data-search-body data-search-boost="1e306">shared</div>')
    (site / "named.html").mkdir()  # a folder, whatever its name says
    indexed = search.index_site(site)
    assert indexed.pages == 300
    entry = json.loads((site / "search/handbook/entry.json").read_text("utf-8"))
    firsts = entry["chunks"]
    assert len(firsts) > 1 and firsts == sorted(firsts)
    folder = site / "search/handbook" / entry["version"]
    chunk = json.loads(gzip.decompress((folder / f"c{bisect.bisect_right(firsts, 'shared') - 1}.gz")
                                       .read_bytes()))
    postings = chunk["shared"]
    pages = [sum(postings[0:i + 1:2]) for i in range(0, len(postings), 2)]
    scores = dict(zip(pages, postings[1::2], strict=True))
    assert pages == list(range(300))
    boosted, titled, *rest = sorted(scores, key=scores.__getitem__, reverse=True)
    assert scores[boosted] >= 100 * scores[titled]  # p299's boost, as far as a score goes
    assert titled == 0 and scores[0] > max(scores[n] for n in rest)  # "Shared" is p0's title


# --- in the browser -------------------------------------------------------------------------


def titles_for(page, site_url: str, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type into Material's search box like a reader; the result titles, in order."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)
    last = query.split()[-1].lower()
    page.wait_for_function("""last => {
      const first = document.querySelector(".md-search-result__item a");
      if (!first) return false;
      const typed = new URL(first.href).searchParams.get("h");  // the query results are for
      return typed === null ? first.textContent.toLowerCase().includes(last)
                            : typed.split(" ").includes(last);
    }""", arg=last)
    return page.locator(".md-search-result__item > a h1").all_inner_texts()


def test_spring_tune_finds_the_tune_up_first(page, site_url):
    titles = titles_for(page, site_url, "spring tune")
    assert titles[0] == "Spring Tune-Up 2026 (Ended)", titles
    assert "Spring 2027 Launch (Upcoming)" not in titles[:1]


def test_a_phrase_one_playbook_has_finds_that_playbook(page, site_url):
    assert titles_for(page, site_url, "questions in disguise")[0] == "Objection Handling"


def test_an_exact_title_comes_first(page, site_url):
    titles = titles_for(page, site_url, "demo")  # also in "Demonstrate" and a dozen pages' text
    assert titles[0] == "Demo" and "Demonstrate" in titles, titles
    assert titles_for(page, site_url, "discovery call")[0] == "Discovery Call"


def test_a_current_campaign_ranks_above_an_ended_one_for_a_shared_word(page, site_url):
    titles = titles_for(page, site_url, "deadline")  # in both campaigns' offers, neither title
    assert titles.index("Winter Readiness 2026") < titles.index("Spring Tune-Up 2026 (Ended)"), titles


def _as_if_hosted(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    """Material navigates instantly only to its sitemap's URLs, which it reads without their
    port: serve the sitemap as if the test server were the hub's own host. Opens the home page
    and waits for the sitemap: a click before Material has it loads the page anew."""
    def sitemap(route):  # type: ignore[no-untyped-def]
        body = route.fetch().text().replace("https://handbook.fieldstone.example/", site_url)
        route.fulfill(body=body, content_type="application/xml")

    page.route("**/sitemap.xml", sitemap)
    with page.expect_request_finished(lambda request: request.url.endswith("/sitemap.xml")):
        page.goto(site_url)


def test_keyboard_shortcut_and_instant_navigation_then_highlight(page, site_url):
    _as_if_hosted(page, site_url)
    page.evaluate("window.__same_document = true; window.__home = document.querySelector('article')")
    page.locator(".md-tabs__link", has_text="Playbooks").first.click()
    page.wait_for_function("!document.contains(window.__home)")  # Material swapped the page in
    assert page.evaluate("window.__same_document") is True  # Material swapped the page in
    page.keyboard.press("/")  # Material's shortcut, perhaps while its navigation still settles
    page.wait_for_function("document.activeElement?.matches('[data-md-component=search-query]')")
    page.keyboard.type("questions in disguise", delay=20)
    result = page.locator(".md-search-result__item > a").first
    result.wait_for()  # shown, though Material closes search 125 ms after its navigation
    assert "Objection Handling" in result.inner_text()
    result.click()
    page.wait_for_url("**/playbooks/objection-handling/?h=*")
    assert page.evaluate("window.__same_document") is True  # still the one page load
    opened = page.locator("article", has=page.locator("h1", has_text="Objection Handling"))
    marks = opened.locator("mark[data-md-highlight]")  # not the page left, which Material marks too
    marks.first.wait_for()
    marked = " ".join(marks.all_inner_texts()).lower()
    assert "questions" in marked and "disguise" in marked, marked


_SEARCH_OPEN = "document.querySelector('[data-md-toggle=search]').checked"


def test_search_opened_while_a_navigation_settles_stays_open(page, site_url):
    """Material closes search 125 ms after each navigation: a reader quicker than that (or a
    busy phone running its timer late) keeps the search they opened."""
    page.clock.install()
    _as_if_hosted(page, site_url)
    page.clock.pause_at(page.evaluate("Date.now()") + 1_000)  # Material's timers wait for us
    page.evaluate("window.__same_document = true")
    page.locator(".md-tabs__link", has_text="Playbooks").first.click()
    page.keyboard.press("/")
    page.clock.run_for(500)  # the search opens, then Material's navigation closes it
    page.clock.resume()
    page.keyboard.type("questions in disguise", delay=20)
    page.locator(".md-search-result__item > a", has_text="Objection Handling").wait_for()
    assert page.evaluate(f"window.__same_document && {_SEARCH_OPEN}") is True


def test_after_choosing_a_result_with_enter_the_shortcut_searches_again(page, site_url):
    _as_if_hosted(page, site_url)
    page.keyboard.press("/")
    page.keyboard.type("questions in disguise", delay=20)
    page.locator(".md-search-result__item > a", has_text="Objection Handling").wait_for()
    page.keyboard.press("Enter")  # Material goes to the best result and closes the search
    page.wait_for_url("**/playbooks/objection-handling/?h=*")
    page.wait_for_function(f"!{_SEARCH_OPEN}")
    page.keyboard.press("/")
    assert page.input_value("input.md-search__input") == "questions in disguise"  # no slash typed
    page.wait_for_function(_SEARCH_OPEN)


def test_a_search_fetches_handbook_s_index_not_materials(browser, site_url):
    context = browser.new_context()
    opened = context.new_page()
    fetched: list[tuple[str, int]] = []
    opened.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    titles_for(opened, site_url, "spring tune")
    context.close()
    paths = [(re.sub(r"^http://[^/]+", "", url).split("?")[0], size) for url, size in fetched]
    assert any(re.match(r"/search/handbook/\w+/c\d+\.gz$", path) for path, _ in paths), paths
    assert not any("/workers/search." in path or "/lunr/" in path for path, _ in paths), paths
    assert all(size < 2_000 for path, size in paths if path == "/search/search_index.json"), paths


def _served_build(made) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Build the hub, then serve its site as a static host would: its URL."""
    made.build()
    with served(made.root / "site") as url:
        yield url


def _worker(page):  # type: ignore[no-untyped-def]
    """The page's search worker, once a search has started it: its functions can be called."""
    return next(w for w in page.workers if w.url.endswith("/handbook-search.js"))


@pytest.fixture
def hostile_site(hub) -> Iterator[str]:  # type: ignore[no-untyped-def]
    made = hub({"playbooks/x.md": '---\ntitle: "Deal <img src=x onerror=alert(1)> zebra"\nowner: ae\n'
                                  "---\nThe zebra &lt;b onclick=alert(2)&gt;bold&lt;/b&gt; and "
                                  "`<script>alert(3)</script>` zebra.\n"})
    yield from _served_build(made)


def test_hostile_titles_and_text_show_as_text_in_results(browser, hostile_site):
    context = browser.new_context()
    opened = context.new_page()
    alerts: list[str] = []
    opened.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.dismiss()))
    titles = titles_for(opened, hostile_site, "zebra")
    tags = opened.eval_on_selector_all(".md-search-result__list *", "els => els.map(e => e.tagName)")
    context.close()
    assert "Deal <img src=x onerror=alert(1)> zebra" in titles
    assert not {"IMG", "SCRIPT", "B"} & set(tags), set(tags)
    assert not alerts


SECTIONED = {"playbooks/pricing.md": "---\nowner: ae\n---\n# Pricing guide\n\nHow a quote is priced.\n\n"
                                     "## Discount rules\n\nNever below cost on a quokka deal, R&D "
                                     "included.\n\n## Renewals\n\nRenew a month early.\n\n"
                                     "## Quokka season\n\nEach spring the quokka orders return, "
                                     "as our policies say.\n"}


@pytest.fixture
def sectioned_site(hub) -> Iterator[str]:  # type: ignore[no-untyped-def]
    yield from _served_build(hub(SECTIONED))


@pytest.fixture
def quokka_worker(browser, sectioned_site):  # type: ignore[no-untyped-def]
    """The worker of a page that has searched the sectioned hub for "quokka"."""
    context = browser.new_context()
    opened = context.new_page()
    titles_for(opened, sectioned_site, "quokka")
    yield _worker(opened)
    context.close()


def test_a_result_lists_the_headings_that_hold_the_word_marked(browser, sectioned_site):
    context = browser.new_context()
    opened = context.new_page()
    titles_for(opened, sectioned_site, "quokka")
    shown = opened.eval_on_selector_all(
        ".md-search-result__item a", """links => links.map(a => ({
            at: new URL(a.href).pathname + new URL(a.href).hash,
            title: a.querySelector("h1, h2")?.textContent.trim(),
            marked: [...a.querySelectorAll("mark")].map(m => m.textContent.toLowerCase()),
            text: a.textContent}))""")
    context.close()
    sections = {s["title"]: s for s in shown if "#" in s["at"]}
    assert set(sections) == {"Discount rules", "Quokka season"}, shown  # not Renewals: no quokka there
    assert sections["Discount rules"]["at"] == "/playbooks/pricing/#discount-rules"
    assert "quokka" in sections["Discount rules"]["marked"]
    assert "R&D" in sections["Discount rules"]["text"]  # an ampersand shows as itself


@pytest.fixture
def highlighting_site(hub) -> Iterator[str]:  # type: ignore[no-untyped-def]
    highlighting = MKDOCS_YML.replace("features: [", "features: [search.highlight, ")
    yield from _served_build(hub({"playbooks/renewals.md": "---\nowner: ae\n---\n# Renewals\n\n"
                                  "Renew a month early: don't wait for the last date.\n"},
                                 mkdocs_yml=highlighting))


def test_a_word_with_an_apostrophe_marks_that_word_on_the_page_it_opens(browser, highlighting_site):
    """Split at its apostrophe, "don't" had Material mark every "t" of the page opened."""
    context = browser.new_context()
    opened = context.new_page()
    opened.goto(highlighting_site)
    box = opened.locator("input.md-search__input")
    box.click()
    box.press_sequentially("don't", delay=20)
    link = opened.locator(".md-search-result__item a", has_text="Renewals").first
    link.wait_for()
    highlight = parse_qs(urlparse(link.get_attribute("href") or "").query)["h"]
    assert highlight == ["don\u2019t don"], highlight  # curly as most pages write it, then its stem
    link.click()
    marks = opened.locator("article mark[data-md-highlight]")
    marks.first.wait_for()
    marked = marks.all_inner_texts()
    context.close()
    assert marked == ["don"], marked  # of "don't"; no "t" of "Renewals", "wait", "last" or "date"


WORDS = ("한국어 문서 Campaigns policies status analysis class boxes Café naïve ﬁnal Straße tune-up R&D "
         "don't 2027 x² 東京都 日本語テキスト ÉCOLE İstanbul señor über Ωmega a_b Acme™ ｶﾀｶﾅ "
         "العَرَبِيَّة हिन्दी ภาษาไทย ΣΟΦΟΣ ２０２７ №5 ℃")


def test_a_tiny_boost_still_sinks_the_page():
    """An author's 0.002 on an ended campaign (0.2) rounds to 0 at three places; written as no
    boost at all, the page would rank as if it had none."""
    from handbook.model.documents import Search
    from handbook.site.render import search_meta

    assert search_meta(Search(boost=0.002), 0.2) == {"boost": 0.001}
    assert search_meta(Search(boost=3), 0.2) == {"boost": 0.6}


def test_words_are_found_in_any_script_however_they_are_written():
    """What the worker's words are checked against: a symbol ends a word, marks fold away,
    and scripts written without spaces are one character a word, whatever else the text holds."""
    from handbook.site.search_words import stem, words

    assert words("Acme™ widgets") == ["acme", "widgets"]
    assert words("ｶﾀｶﾅ") == words("カタカナ 日本")[:4] == ["カ", "タ", "カ", "ナ"]
    assert words("العَرَبِيَّة") == words("العربية") == ["العربية"]
    assert words("ภาษาไทย") == ["ภ", "า", "ษ", "า", "ไ", "ท", "ย"]
    assert words("한국어") == ["한", "국", "어"]
    assert words("Café ﬁnal ＡＢＣ") == ["cafe", "final", "abc"]
    assert [stem(w) for w in words("Campaigns policies status")] == ["campaign", "policy", "status"]


def test_the_worker_cuts_words_as_the_index_does(quokka_worker):
    """A word typed must become the term its page was indexed under: the worker's `words` and
    `stem` agree with search_words on every kind of word."""
    from handbook.site.search_words import stem, words

    theirs = quokka_worker.evaluate("text => words(text).map(w => [w, stem(w)])", WORDS)
    assert [tuple(pair) for pair in theirs] == [(w, stem(w)) for w in words(WORDS)]


def test_a_half_typed_plural_finds_its_page(quokka_worker):
    """"policies" is indexed as "policy": typed on the way there, "polici" still finds it."""
    for typed in ("polici", "policie", "policies", "policy"):
        found = quokka_worker.evaluate("async typed => (await find(words(typed))).results.length", typed)
        assert found == 1, typed


def test_a_one_letter_last_word_begins_words_only_when_typed_on_its_own(quokka_worker):
    """"quokka s" finds the page while the reader is still typing "season"; the "t" of
    "don't" is a word, not the start of every word in t."""
    found = quokka_worker.evaluate("async () => (await find(words('quokka s'), 'quokka s')).results")
    assert len(found) == 1
    assert quokka_worker.evaluate("() => wanted(words(\"don't\"), false)[1].prefixes") == []


def test_the_opened_page_marks_its_own_spelling_and_no_single_letters(quokka_worker):
    terms = quokka_worker.evaluate("() => highlighted('solorzano a gs', ['Solórzano,', 'Policies'])")
    assert terms == {"solorzano": True, "solórzano": True, "policies": True}


def test_the_worker_reads_a_result_s_page_from_its_fragment(quokka_worker):
    """The page, its headings holding the word with their links, and the match marked."""
    found = quokka_worker.evaluate("""async () => {
        const found = await find(["quokka"]);
        return pageOf(found.results[0], found.wants);
    }""")
    assert found["meta"]["title"] == "Pricing guide" and found["url"].endswith("/playbooks/pricing/")
    headings = [(s["title"], s["url"].split("/")[-1]) for s in found["sub_results"]]
    assert headings == [("Discount rules", "#discount-rules"), ("Quokka season", "#quokka-season")]
    assert "<mark>quokka</mark>" in found["excerpt"].lower()


def test_queries_typed_while_a_search_runs_search_only_the_newest(page, site_url):
    """Material asks once a key: queries that arrive together are one search, of the last."""
    titles_for(page, site_url, "demo")  # the worker has opened the index
    worker = _worker(page)
    before = worker.evaluate("searches")
    worker.evaluate("""() => {
        for (const typed of ["q", "qu", "questions", "questions in", "questions in disguise"]) {
            self.dispatchEvent(new MessageEvent("message", {data: {type: QUERY, data: typed}}));
        }
    }""")
    page.locator(".md-search-result__item > a", has_text="Objection Handling").first.wait_for()
    assert worker.evaluate("searches") - before == 1


def test_a_fragment_url_like_an_address_stays_a_path_of_the_site(quokka_worker, sectioned_site):
    """Folder names are untrusted: one named like another address still links into the site."""
    urls = quokka_worker.evaluate("""() => ["/javascript:alert(1)/", "//elsewhere.example/x/", "/a/#b"].map(
        url => excerpts({url: url, content: "word", anchors: [], meta: {title: "t"}}, [0]).url)""")
    assert urls == [f"{sectioned_site}javascript:alert(1)/", f"{sectioned_site}elsewhere.example/x/",
                    f"{sectioned_site}a/#b"], urls


def test_an_excerpt_shows_every_match_of_its_densest_run(quokka_worker):
    """A few words lead in before the first match, never so many that the last one is cut off."""
    excerpt = quokka_worker.evaluate("""() => excerpts({url: "/a/", meta: {title: "t"}, anchors: [],
        content: Array.from({length: 80}, (_, n) => "w" + n).join(" ")}, [30, 40, 52]).excerpt""")
    assert excerpt.count("<mark>") == 3, excerpt
    assert excerpt.startswith("\u2026 w") and excerpt.endswith(" \u2026"), excerpt  # cut at both ends
    whole = quokka_worker.evaluate("""() => excerpts({url: "/a/", meta: {title: "t"}, anchors: [],
        content: "a b c"}, [1]).excerpt""")
    assert whole == "a <mark>b</mark> c"
