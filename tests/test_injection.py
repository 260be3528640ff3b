"""Injection: no front-matter text, file or folder name, commit author or message can open
Markdown syntax that reaches HTML (attribute lists, emphasis, block starters), a script URL, or
an unescaped navigation label; and readers still see every character as it was written.

The site is checked the way a browser would run it: every built page parsed as HTML, compared
with a clean hub's build so only the theme's own scripts and URLs are allowed."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import MKDOCS_YML, Hub, Repo, init_repo, run_handbook, search_pages
from hypothesis import given, settings
from hypothesis import strategies as st

# Attribute lists in every form Python-Markdown's attr_list reads, each one ending a value
# (where attr_list looks), some after an inline element it would attach to.
ATTR_LISTS = [
    "{onclick=alert(1)}",
    "{: onmouseover=alert(2) }",
    "{ #x .c key=v onfocus=alert(3) autofocus }",
    "*em*{onclick=alert(4)}",
    "_em_{: onpointerover=alert(5) }",
    "**b**{ onclick=alert(6) }",
    "==m=={onclick=alert(7)}",
    "[x](javascript:alert(8)){onclick=alert(9)}",
]
# What could start a block when a value begins a line: heading, list, quote, definition,
# admonition, details, indented code, a snippet include, abbreviation and footnote definitions.
BLOCK_STARTS = ["", "# ", "- ", "1. ", "+ ", ": ", "!!! danger ", "??? x ", "    ", "--8<-- \"mkdocs.yml\" ",
                "*[MQL]: ", "[^1]: ", "> ", "<div markdown onclick=alert(10)>", "=== ", "~~~ "]
# Inline constructs of Python-Markdown and the pymdownx extensions a hub may turn on.
INLINE = ("Tune-Up *2026* __u__ ==mark== ^^ins^^ ~~del~~ ~s~ ^p^ ++ctrl+x++ {++add++} {++\"alert(17)\"++} "
          ":smile: \\* & C# 5 < 6")
SCHEMES = ("javascript:", "data:", "vbscript:")
# File and folder names: every character that means something to Markdown, HTML or a URL.
NAMES = [
    "q onclick=alert(11) x",
    "p} {onclick=alert(12)",
    "<img src=x onerror=alert(13)>",
    "\"'><svg onload=alert(14)> #h",
    "{: onmouseover=alert(15) } *e*",
    "javascript:alert(16)",
    "data:text,alert(18)",
]
BIG = 42  # more pages than plugin.SECTION_LIMIT: the section is split into guide-word groups
YML = MKDOCS_YML.replace("  - handbook\n", "  - tags\n  - handbook:\n      show_emails: true\n").replace(
    "features: [content.action.edit]",
    "features: [content.action.edit, content.tooltips, search.highlight, search.share, navigation.path]",
) + """\
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.betterem
  - pymdownx.caret
  - pymdownx.critic
  - pymdownx.details
  - pymdownx.emoji
  - pymdownx.keys
  - pymdownx.magiclink
  - pymdownx.mark
  - pymdownx.smartsymbols
  - pymdownx.snippets
  - pymdownx.tasklist
  - pymdownx.tilde
  - pymdownx.superfences
"""
EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in yaml.safe_load(YML)["markdown_extensions"]]


class Payloads:
    """A different attack for every value: each block start, inline construct and attribute
    list in turn, so every field meets every class over the hub."""

    def __init__(self) -> None:
        self.starts = itertools.cycle(BLOCK_STARTS)
        self.ends = itertools.cycle(ATTR_LISTS)

    def __call__(self, label: str = "") -> str:
        return f"{next(self.starts)}{label}{INLINE} {next(self.ends)}"

    def many(self, count: int = 4) -> list[str]:
        return [self() for _ in range(count)]


def front(fields: dict, body: str = "Body.\n") -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body


def injected_hub(git_repo, hostile: bool = True, big: int = BIG):
    """A hub whose every text field, file and folder name, commit author and message carries
    the payloads; with `hostile=False`, the same shape with plain text (the baseline of what
    the theme itself writes)."""
    p = Payloads() if hostile else (lambda label="": f"{label}plain text")
    many = p.many if hostile else (lambda count=4: [f"plain {i}" for i in range(count)])
    names = NAMES if hostile else [f"name{i}" for i in range(len(NAMES))]
    stage_a, stage_b = names[0], names[1]
    files = {
        "content/index.md": front({"owner": "ae", "description": p()}, "# Home\n\nWelcome.\n"),
        "content/roles/ae.md": front({
            "title": p("AE "), "owner": "ae", "team": p(), "responsibilities": many(),
            "description": p(), "tags": many(2), "audience": ["ae"],
            "onboarding": ["demo", "mql", names[2]],
            "expectations": [{"what": p(), "within": p(), "for": "sdr"}]}),
        "content/roles/sdr.md": front({
            "title": p("SDR "), "owner": "ae", "team": p(),
            "expectations": [{"what": p(), "within": p(), "for": "ae"}]}),
        "playbooks/demo.md": front({"title": p("Demo "), "owner": "ae", "description": p(),
                                    "tags": many(2), "audience": ["ae"], "stages": [stage_a, stage_b],
                                    "assets": ["sheet", "brochure"]}, "Call the MQL.\n"),
        f"playbooks/process/{stage_a}.md": front({
            "title": p("Prospect "), "owner": "ae", "order": 1, "buyer": p(), "entry": many(),
            "exit": many(), "activities": many(), "assets": ["sheet"]}),
        f"playbooks/process/{stage_b}.md": front({"owner": "ae", "order": 2, "buyer": p()}),
        "content/campaigns/spring.md": front({
            "title": p("Spring "), "owner": "ae", "starts": "2026-01-01", "ends": "2026-02-01",
            "messages": many(), "channels": many(2), "offer": p(), "audience": ["ae"],
            "leads": {"expected": p(), "handoff": p(), "follow_up": p()},
            "goals": [{"metric": p(), "target": p()}, {"metric": p(), "target": 5, "actual": p()}]}),
        "content/campaigns/now.md": front({
            "title": p("Now "), "owner": "ae", "starts": "2026-11-01", "ends": "2026-11-30",
            "messages": many(), "channels": many(2), "offer": p(), "audience": ["ae"],
            "leads": {"follow_up": p()}, "goals": [{"metric": p(), "target": p(), "actual": p()}]}),
        "content/campaigns/later.md": front({
            "title": p("Later "), "owner": "ae", "starts": "2026-11-30", "ends": "2027-02-01",
            "messages": many()}),
        "content/releases/fall.md": front({
            "title": p("Fall "), "owner": "ae", "date": "2026-12-01", "version": p(),
            "promises": [{"id": "p1", "claim": p(), "status": "planned", "note": p()},
                         {"id": "p2", "claim": p(), "status": "shipped", "delivered": p()}]}),
        "content/glossary/mql.md": front({"title": p("Lead "), "abbr": "MQL", "definition": p(),
                                          "aliases": many(2)}),
        f"content/glossary/{names[3]}.md": front({"abbr": "SQL", "definition": p()}),
        "content/assets/sheet.md": front({"title": p("Sheet "), "owner": "ae", "personalize": True,
                                          "url": "https://example.com/s.pdf", "description": p(),
                                          "expires": "2026-01-01"}),
        "content/assets/brochure.md": front({"title": p("Brochure "), "owner": "ae",
                                             "file": f"./{names[5]}.pdf", "status": "retired"}),
        f"content/assets/{names[5]}.pdf": "%PDF-1.4\n",
        "content/assets/leaflet.md": front({"owner": "ae", "file": f"./{names[6]}.pdf"}),
        f"content/assets/{names[6]}.pdf": "%PDF-1.4\n",
        f"content/{names[2]}.md": "No front matter: the title is the file name.\n",
        f"content/{names[4]}.md": front({"owner": "ae"}, "Links to [the demo](../playbooks/demo.md).\n"),
        f"content/{names[5]}/inside.md": front({"title": p(), "owner": "ae"}),
        f"playbooks/{names[3]}/{names[4]} 2.md": front({"owner": "ae", "tags": many(1)}),
    }
    for i in range(big):  # a large section in a hostile folder: guide-word groups from hostile titles
        title = f"<svg onload=alert({i})> {p()}" if hostile else f"Play {i:03}"
        files[f"content/{names[2]}/play-{i:03}.md"] = front({"title": title, "owner": "ae"})
    repo = git_repo(files, mkdocs_yml=YML)
    author = p("Mallory ") if hostile else "Dana Lee"
    repo.commit(f"feat: {p()}\n\nChangelog: {p()}", author=author, date="2026-11-20T09:00:00+00:00")
    fall = repo.hub.root / "content/releases/fall.md"
    renamed = "id: 'p1 {onclick=alert(19)} _x_ #y'\n  was: [p1]\n" if hostile else "id: p1b\n  was: [p1]\n"
    repo.hub.write("content/releases/fall.md", fall.read_text().replace("status: planned", "status: cut")
                   .replace("id: p1\n", renamed))
    repo.commit(f"fix: {p()} (#7)", author=p("Eve ") if hostile else "Dana Lee",
                date="2026-11-21T09:00:00+00:00")
    repo.commit(f"docs: {p()}", {f"content/{names[4]}.md": front({"owner": "ae"}, "Changed.\n")},
                author=p(), date="2026-11-22T09:00:00+00:00")  # a feed entry that links a hostile name
    return repo


# What a browser runs or follows: checked over every page, search result and feed entry.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "srcdoc", "cite", "ping", "manifest"}
ACTIVE_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_SITE_RELATIVE = re.compile(r"(?:\.\./|\./)+|(?<=\")(?:\.\.|\.|/)(?=\")|(?<=\")/(?=\w)|^/")


def _scheme(value: str) -> str | None:
    """The script-capable scheme a browser would see: it drops controls and whitespace first."""
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return next((s for s in SCHEMES if squeezed.startswith(s)), None)


class Executable(HTMLParser):
    """Everything in a page a browser would run or follow: event handlers, script URLs,
    scripts, active elements, and tags with an attribute broken open (a raw `<` inside).
    What the theme writes is the same in a clean hub's build, wherever the page sits."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (
                    (name in URL_ATTRIBUTES or name.startswith("data-")) and _scheme(value or "")):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif tag == "meta" and name == "content" and "url=" in (value or "").lower():
                self.found.append(f"<meta content={value!r}>")
        if "<" in (self.get_starttag_text() or "<")[1:]:
            self.found.append(f"broken open: {self.get_starttag_text()!r}")
        if tag in ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        if tag == "script":
            src = dict(attrs).get("src")
            if src:
                self.found.append(f"<script src={_SITE_RELATIVE.sub('', src)!r}>")
            else:
                self._script = ""

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.found.append(f"<script>{_SITE_RELATIVE.sub('', self._script.strip())}")
            self._script = None


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    parser.close()
    return parser.found


def _site_findings(site: Path) -> dict[str, set[str]]:
    return {page.relative_to(site).as_posix(): set(executable(page.read_text(encoding="utf-8")))
            for page in sorted(site.rglob("*.html"))}


def _git_repo_at(root: Path):
    """The `git_repo` fixture's factory, for a module-scoped hub: one build serves many tests."""

    def make(files: dict[str, str], mkdocs_yml: str = MKDOCS_YML) -> Repo:
        made = Hub(root / "hub")
        made.write("mkdocs.yml", mkdocs_yml)
        for path, text in files.items():
            made.write(path, text)
        return init_repo(made)

    return make


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> set[str]:
    """Every script, handler and URL the theme and Handbook write for a hub with no attack."""
    repo = injected_hub(_git_repo_at(tmp_path_factory.mktemp("clean")), hostile=False, big=3)
    result = run_handbook(repo.hub.root, "build")
    assert result.code == 0, result.err
    return {f for found in _site_findings(repo.hub.root / "site").values() for f in found}


@pytest.fixture(scope="module")
def injected(tmp_path_factory):
    repo = injected_hub(_git_repo_at(tmp_path_factory.mktemp("injected")))
    result = run_handbook(repo.hub.root, "build")
    assert result.code == 0, result.err + result.out
    return repo


def test_clean_baseline_holds_only_what_the_theme_writes(clean_site):
    assert not [f for f in clean_site if not f.startswith("<script")] or \
        [f for f in clean_site if not f.startswith("<script")] == [
            "<a href='javascript:void(0)'>"]  # search share
    assert "<script src='assets/javascripts/bundle.a5f9d56c.min.js'>" in clean_site or any(
        f.startswith("<script src='assets/javascripts/bundle.") for f in clean_site)
    assert not any("alert(" in f for f in clean_site)


def test_no_page_runs_anything_the_theme_did_not_write(injected, clean_site):
    site = injected.hub.root / "site"
    found = _site_findings(site)
    assert len(found) > BIG + 20
    foreign = {page: sorted(f - clean_site) for page, f in found.items() if f - clean_site}
    assert not foreign, json.dumps(foreign, indent=1)[:4000]
    # the attacks are on the pages, as text: nothing was dropped to get here
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for marker in ("alert(1)", "alert(3)", "alert(8)", "alert(11)", "alert(13)", "alert(16)", "alert(17)",
                   "alert(18)", "alert(19)"):
        assert marker in everything, marker
    assert "site_name: Test hub" not in everything  # no snippet pulled in the hub's own files


class _Text(HTMLParser):
    """The text a reader sees in one element (by id), without the permalink's pilcrow."""

    def __init__(self, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.element_id, self.depth, self.skipping, self.text = element_id, 0, 0, ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
            if self.skipping or dict(attrs).get("class") == "headerlink":
                self.skipping += 1
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            self.skipping = max(0, self.skipping - 1)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.text += data


def seen(html: str, element_id: str | None = None) -> str:
    """What a reader sees: of one element, or of a whole fragment."""
    if element_id is None:
        html, element_id = f'<div id="_">{html}</div>', "_"
    parser = _Text(element_id)
    parser.feed(html)
    return " ".join(parser.text.split())


def _field(repo, path: str, name: str) -> str:
    return yaml.safe_load((repo.hub.root / path).read_text().split("---\n")[1])[name]


def test_readers_see_the_hostile_text_as_written(injected):
    site = injected.hub.root / "site"
    title = " ".join(_field(injected, "playbooks/demo.md", "title").split())
    demo = (site / "playbooks/demo/index.html").read_text(encoding="utf-8")
    heading = re.search(r'<h1 id="([^"]+)"', demo).group(1)
    assert seen(demo, heading) == title
    assert "*2026*" in title and "{onclick=alert(1)}" in title
    assert seen(re.search(r"<title>(.*?)</title>", demo).group(1)) == f"{title} - Test hub"
    for construct in ("<em>", "<strong>2026", "<mark>", "<ins", "<del>", "<sup>", "<sub>", "<kbd"):
        assert construct not in demo
    assert "&amp;#" not in demo  # no reference shown as a reference
    assert " ".join(search_pages(site)["/playbooks/demo/"]["meta"]["title"].split()) == title


def test_large_section_groups_and_folder_names_are_text_in_the_navigation(injected, clean_site):
    site = injected.hub.root / "site"
    page = (site / f"{NAMES[2]}/play-000/index.html").read_text(encoding="utf-8")
    assert " – " in page  # the guide words of a group
    assert re.search(r"&lt;svg onload=alert\(\d+\)&gt; \S* – &lt;svg onload=alert\(\d+\)&gt;", page)
    assert "All &lt;img src=x onerror=alert(13)&gt;" in page  # the folder's name, as text
    assert set(executable(page)) <= clean_site


def test_no_href_has_a_script_scheme_even_for_a_file_named_like_one(injected):
    site = injected.hub.root / "site"
    brochure = (site / "assets/brochure/index.html").read_text(encoding="utf-8")
    assert 'href="../javascript%3Aalert%2816%29.pdf"' in brochure, re.findall(r'href="[^"]*"', brochure)
    assert (site / "assets/javascript:alert(16).pdf").read_text() == "%PDF-1.4\n"
    # a folder named like a scheme, linked from the top
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "javascript%3Aalert%2816%29/inside/" in home


def test_search_index_and_feed_are_inert(injected):
    site = injected.hub.root / "site"
    # Handbook's index holds plain text, which the search worker escapes when it shows results
    # (tests/test_search.py types hostile text in Chromium); Material's index, which Material
    # inserted as HTML, holds no pages any more
    assert json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"] == []
    pages = search_pages(site)
    assert len(pages) > BIG
    for url, page in pages.items():
        assert not _scheme(url) and not _scheme(page["url"]), url
    feed_text = (site / "whats-new/feed.xml").read_text(encoding="utf-8")
    assert "alert(" in feed_text
    feed = ET.fromstring(feed_text)
    atom = "{http://www.w3.org/2005/Atom}"
    for link in feed.iter(f"{atom}link"):
        assert link.get("href", "").startswith("https://hub.example.com/"), link.get("href")
        assert not re.search(r"[\s<>\"{}]", link.get("href", "")), link.get("href")  # a URL, quoted
    contents = list(feed.iter(f"{atom}content"))
    assert contents
    for content in contents:  # HTML once a feed reader unescapes it
        assert not executable(content.text or ""), content.text


def _rendered(markdown_text: str) -> str:
    return markdown.markdown(markdown_text, extensions=EXTENSIONS)


@pytest.mark.parametrize("command", [
    ("changelog", "--format", "md"), ("promises",), ("digest", "--format", "md", "--since", "30d"),
])
def test_command_line_markdown_renders_inert(injected, command):
    result = injected.hub.run(*command)
    assert result.code == 0, result.err
    assert "alert(" in result.out
    assert not executable(_rendered(result.out)), executable(_rendered(result.out))


def test_digest_html_is_inert(injected):
    result = injected.hub.run("digest", "--format", "html", "--since", "30d")
    assert result.code == 0, result.err
    assert "alert(" in result.out
    assert not executable(result.out), executable(result.out)


def test_diff_summary_renders_inert(injected):
    root = injected.hub.root
    first = injected.git("rev-list", "--max-parents=0", "HEAD")
    now = root / "content/campaigns/now.md"
    now.write_text(now.read_text().replace("messages:\n", "messages:\n- '{onclick=alert(21)} *new*'\n", 1))
    fall = root / "content/releases/fall.md"
    fall.write_text(fall.read_text().replace("status: cut", "status: delayed"))
    injected.hub.write(f"playbooks/{NAMES[4]} new.md", front({"title": "{: onclick=alert(22) }"}))
    try:
        result = injected.hub.run("diff", first)
    finally:
        injected.git("checkout", "--", ".")
        injected.git("clean", "-fdq", "--", "content", "playbooks")
    assert result.code == 0, result.err
    for marker in ("alert(21)", "alert(22)", "Promises changed", "New problems found"):
        assert marker in result.out, result.out
    assert not executable(_rendered(result.out)), executable(_rendered(result.out))


# Asset files: a URL scheme is refused with a diagnostic that says what to do instead.
@pytest.mark.parametrize("value", ["javascript:alert(1)", "JavaScript:alert(1).pdf", " data:text/html,x",
                                   "vbscript:msgbox(1)", "javascript:alert(16).pdf", "java\tscript:x"])
def test_asset_file_with_a_url_scheme_is_refused(hub, value):
    made = hub({"content/assets/x.md": front({"owner": "ae", "file": value})})
    made.write("content/assets/javascript:alert(16).pdf", "%PDF\n")
    result = made.check()
    assert result.code == 1, result.out
    assert (f"content/assets/x.md:2: error: `file: {value.strip()}` is a web address, not a file "
            "next to this page") in result.out, result.out
    assert ("use `url:` for a web page (https://...), "
            "or write `./` before a file name that has a `:`") in result.out
    assert made.run("build").code == 1


def test_asset_file_named_like_a_scheme_links_as_a_relative_file(hub):
    made = hub({"content/assets/x.md": front({"owner": "ae", "file": "./javascript:alert(16).pdf"})})
    made.write("content/assets/javascript:alert(16).pdf", "%PDF\n")
    made.build()
    page = made.html("assets/x")
    assert 'href="../javascript%3Aalert%2816%29.pdf"' in page, re.findall(r'href="[^"]*"', page)
    assert (made.root / "site/assets/javascript:alert(16).pdf").is_file()


# `text()` itself, rendered by Python-Markdown with the hub's extensions, in every place the
# templates put a value: it comes out as the same text, in the same elements as plain text does.
CONTEXTS = ["{}", "- {}", "1. {}", "# {}", "## {} {{ #anchor }}", "| a |\n|---|\n| {} |", "**Label:** {}",
            "<div markdown>\n{}\n</div>", "- a\n- {}", "Term\n: {}", "!!! note\n    {}", "<p>{}</p>"]
VALUES = [*ATTR_LISTS, *(start + INLINE for start in BLOCK_STARTS), *NAMES, "Tune-Up *2026*", "a\\",
          "x \\| y", "1) first", "C#", "-- 8<--", "[ ] todo", "A & B &amp; C &#123;", "  two\n  lines  ",
          "x  \ny", "1/2 off"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def elements(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def in_context(context: str, value: str) -> tuple[str, str]:
    """The HTML of `value` written by `text` into `context`, and the text a reader should see."""
    from handbook.model.markdown import text

    html = _rendered(context.format(text(value)))
    plain = seen(_rendered(context.format("XYZZY"))).replace("XYZZY", " ".join(value.split()))
    return html, " ".join(plain.split())


@pytest.mark.parametrize("context", CONTEXTS)
@pytest.mark.parametrize("value", VALUES)
def test_text_is_literal_in_every_markdown_context(context, value):
    html, expected = in_context(context, value)
    assert not executable(html), html
    assert seen(html) == expected, html
    assert elements(html) == elements(_rendered(context.format("XYZZY"))), html


@settings(max_examples=300, deadline=None)
@given(value=st.text(alphabet=st.sampled_from(list("\\`*_{}[]()#+-.!?|~^=:<>&\"';/%@$ \tab12\n")),
                     min_size=1, max_size=40).filter(str.strip),
       context=st.sampled_from(CONTEXTS))
def test_any_punctuation_stays_literal_text(value, context):
    html, expected = in_context(context, value)
    assert not executable(html), html
    assert seen(html) == expected, html
    assert elements(html) == elements(_rendered(context.format("XYZZY"))), html


def test_html_text_escapes_html_only():
    from handbook.model.markdown import html_text

    assert html_text("Tune-Up *2026* {x} <b> & \"q\" 'y'\nz") == \
        "Tune-Up *2026* {x} &lt;b&gt; &amp; &#34;q&#34; &#39;y&#39; z"


def test_abbreviation_titles_take_no_raw_html_from_extensions():
    from handbook.model.markdown import attribute_text

    html = _rendered("Call the MQL.\n\n*[MQL]: "
                     + attribute_text('Lead: {++" onmouseover="alert(1)++} <b> &'))
    assert not executable(html), html
    assert 'title="Lead: &#123;++&quot; onmouseover=&quot;alert(1)++&#125; &lt;b&gt; &amp;"' in html


def test_html_id_keeps_a_file_name_inside_the_attribute_list():
    from handbook.model.markdown import html_id

    for name in NAMES:
        html = _rendered(f"## Stage {{ #{html_id(name)} data-x }}")
        assert not executable(html), html
        assert re.fullmatch(r'<h2 data-x id="[\w-]+">Stage</h2>', html), html
    assert html_id("qualify") == "qualify" and html_id("first-call_2") == "first-call_2"


def test_readable_markdown_keeps_the_text_and_stays_inert():
    from handbook.model.markdown import readable, text

    value = "Tune-Up *2026* <b onclick=alert(2)> & C# ==m== _u_ {onclick=alert(1)}"
    for context in ("- {}", "{}", "1. {}"):
        for start in ("", "- ", "# ", "1. ", "!!! ", ": "):
            line = readable(context.format(text(start + value)))
            assert "&#" not in line, line  # people read this in a terminal or a CI log
            assert "<b" not in line
            html = _rendered(line)
            assert not executable(html), html
            # `==` means nothing on GitHub, where this is read; pymdownx.mark marks it, harmlessly
            plain = elements(_rendered(context.format("XYZZY")))
            assert [t for t in elements(html) if t != "mark"] == plain, html
    assert readable(text("Note: the offer (#7) = 5 ^ 2 + 1")) == "Note: the offer (#7) = 5 ^ 2 + 1"


def test_url_writes_only_relative_http_or_mailto():
    from handbook.model.markdown import url

    for value in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                  "vbscript:x", "javascript:alert(16).pdf", "\x01javascript:alert(1)", "file:///etc/passwd"):
        written = str(url(value))
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", written, re.IGNORECASE), written
        assert not _scheme(written), written
    assert str(url("https://example.com/a?b=c#d")) == "https://example.com/a?b=c#d"
    assert str(url("mailto:sales@example.com")) == "mailto:sales@example.com"
    assert str(url("files/price list.pdf")) == "files/price%20list.pdf"
    assert str(url("./javascript:alert(16).pdf")) == "./javascript:alert%2816%29.pdf"


def test_export_refuses_a_folder_name_plain_mkdocs_would_print_as_html(hub, tmp_path):
    """Without the plugin, MkDocs names navigation sections after folders and Material prints
    them as HTML: the export says so instead of writing a tree that runs the name."""
    made = hub({"content/<img src=x onerror=alert(1)>/page.md": "---\nowner: ae\n---\n# Page\n"})
    assert made.build().code == 0  # the plugin's own build escapes the name
    out = tmp_path / "exported"
    result = made.run("export", str(out))
    assert result.code == 1
    assert ("Error: the folder `<img src=x onerror=alert(1)>` has `<`, `>`, `&` or a quote in its "
            "name, which MkDocs would show as HTML in the exported navigation; rename it "
            "(`handbook build` escapes it)") in result.err
    assert not out.exists()
    assert made.run("export", str(tmp_path / "plain")).code == 1
    (made.root / "content/<img src=x onerror=alert(1)>/page.md").unlink()
    (made.root / "content/<img src=x onerror=alert(1)>").rmdir()
    assert made.run("export", str(tmp_path / "renamed")).code == 0  # once the folder is gone
