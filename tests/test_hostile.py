"""Hostile input: nothing from Git or front matter reaches a reader unescaped, and no input,
however broken, gives a traceback instead of a diagnostic with file and line."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import MKDOCS_YML, git_repo_in, search_pages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)> [x](javascript:alert(3)) | `'
# breaks out of a single-quoted attribute, where the one above breaks out of a double-quoted one
ATTR = "x' onmouseover='alert(5)' y='"
# a file name is untrusted too: Markdown links and Material's edit link are built from it
EVIL_NAME = '"><svg onload=alert(8)>'
DANGEROUS = ("<script>alert", "<img src=x", 'href="javascript:', "<svg onload", "<b onclick")
HOSTILE_YML = MKDOCS_YML.replace(
    "  - handbook\n", "  - tags\n  - handbook:\n      show_emails: true\n").replace(
    "features: [content.action.edit]", "features: [content.action.edit, content.tooltips, search.highlight]",
) + "markdown_extensions:\n  - toc:\n      permalink: true\n"


class _Executable(HTMLParser):
    """Finds what a browser would run: event handlers, javascript: links, injected scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"script: {data[:60]!r}")


def executable(html: str) -> list[str]:
    parser = _Executable()
    parser.feed(html)
    return parser.found


def front(fields: dict, body: str = "Body.\n") -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n" + body


def hostile_hub(git_repo):
    """Every untrusted field and every piece of Git text carries the same attack."""
    repo = git_repo({
        "content/roles/ae.md": front({"title": f"AE {XSS}", "owner": "ae", "team": XSS,
                                       "responsibilities": [XSS], "onboarding": ["demo", "mql"],
                                       "expectations": [{"what": XSS, "within": XSS, "for": "ae"}]}),
        "playbooks/demo.md": front({"title": f"Demo {XSS}", "owner": "ae", "description": XSS,
                                    "tags": [XSS], "audience": ["ae"]}, "# Demo\n\nCall the MQL.\n"),
        "playbooks/process/prospect.md": front({"title": f"Prospect {XSS}", "owner": "ae", "order": 1,
                                               "buyer": XSS, "entry": [XSS], "exit": [XSS]}),
        "content/campaigns/spring.md": front({"title": f"Spring {XSS}", "owner": "ae", "starts": "2026-01-01",
                                              "ends": "2026-02-01", "messages": [XSS], "channels": [XSS],
                                              "offer": XSS, "leads": {"expected": XSS},
                                              "goals": [{"metric": XSS, "target": XSS}]}),
        "content/campaigns/winter.md": front({"title": f"Winter {XSS}", "owner": "ae", "starts": "2026-11-01",
                                              "ends": "2027-02-01", "messages": [XSS], "audience": ["ae"]}),
        "content/releases/fall.md": front({"title": f"Fall {XSS}", "owner": "ae", "date": "2026-12-01",
                                           "promises": [{"id": "p1", "claim": XSS, "status": "planned",
                                                         "note": XSS}]}),
        "content/glossary/mql.md": front({"title": f"Lead {XSS}", "abbr": "MQL", "definition": XSS,
                                          "aliases": [XSS]}),
        "content/assets/sheet.md": front({"title": f"Sheet {XSS}", "owner": "ae", "personalize": True,
                                          "url": 'https://example.com/s.pdf"onmouseover="alert(6)',
                                          "description": XSS}),
        "content/glossary/evil.md": front({"title": f"Evil {ATTR}", "abbr": "<b onclick=alert(5)>",
                                           "definition": ATTR, "aliases": [ATTR]}),
        f"playbooks/{EVIL_NAME}.md": front({"owner": "ae", "tags": [ATTR]},
                                           f"# Named {ATTR}\n\nCall the MQL.\n"),
    }, mkdocs_yml=HOSTILE_YML)
    repo.commit(f"feat: {XSS}\n\nChangelog: {XSS}", author=f"Mallory {XSS}", email=f"m{XSS}@x",
                date="2026-11-20T09:00:00+00:00")
    repo.hub.write("content/releases/fall.md", repo.hub.root.joinpath("content/releases/fall.md")
                   .read_text().replace("status: planned", "status: cut"))
    repo.commit(f"fix: {XSS} (#7)", author=XSS, date="2026-11-21T09:00:00+00:00")
    # a commit message that is not UTF-8 (Git stores bytes as they come)
    repo.hub.write(f"playbooks/{EVIL_NAME}.md", repo.hub.root.joinpath(f"playbooks/{EVIL_NAME}.md")
                   .read_text() + "More.\n")
    repo.hub.write_bytes("message.txt", b"fix: caf\xe9 \xff <b onclick=alert(9)>bold</b>\n")
    repo.git("add", f"playbooks/{EVIL_NAME}.md")
    repo.git("commit", "-q", "-F", "message.txt",
             env={"GIT_AUTHOR_DATE": "2026-11-22T09:00:00+00:00",
                  "GIT_COMMITTER_DATE": "2026-11-22T09:00:00+00:00"})
    (repo.hub.root / "message.txt").unlink()
    return repo


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Built once: the tests that use it only read the site and run read-only commands."""
    repo = hostile_hub(git_repo_in(tmp_path_factory.mktemp("hostile")))
    repo.hub.build()
    return repo


def test_nothing_untrusted_reaches_a_page_unescaped(hostile):
    site = hostile.hub.root / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for bad in DANGEROUS:
            assert bad not in html, f"{bad!r} in {page.relative_to(site)}"
        assert not executable(html), page.relative_to(site)
    # Git itself drops < and > from author names; the quote that is left comes out escaped.
    demo = (site / "playbooks/demo/index.html").read_text()
    assert "by Mallory scriptalert(1)/script&#34;img src=x" in demo
    named = (site / f"playbooks/{EVIL_NAME}/index.html").read_text()
    assert ('href="https://github.com/acme/hub/edit/main/playbooks/'
            '%22%3E%3Csvg%20onload%3Dalert%288%29%3E.md"') in named
    assert '<a href="../../playbooks/%22%3E%3Csvg%20onload%3Dalert%288%29%3E/">Named' in (
        site / "roles/ae/index.html").read_text()
    assert "<abbr title=\"A lead" not in named  # the hostile abbreviation is not a tooltip
    # the message that is not UTF-8: Git or our decoder replace the bytes; the text stays text
    # (`=` as a character reference: pymdownx.mark would read `==`)
    assert re.search(r"Caf\S* \S* &lt;b onclick&#61;alert\(9\)&gt;bold&lt;/b&gt;",
                     (site / "whats-new/index.html").read_text())


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_search_index_and_feed_hold_only_escaped_text(hostile):
    site = hostile.hub.root / "site"
    # Search holds each page's words as plain text (the attack is there, as text); the results
    # escape it before Material inserts them as HTML (test_search.py shows it in the browser).
    pages = search_pages(site)
    assert any("<script>alert(1)</script>" in value for value in _strings(list(pages.values())))
    assert json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"] == []
    feed_text = (site / "whats-new/feed.xml").read_text(encoding="utf-8")
    feed = ET.fromstring(feed_text)  # well-formed despite the attack
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert any(XSS in (t or "") for t in titles)  # readers see the text, escaped as XML
    assert "<script>" not in feed_text and "<img" not in feed_text
    # content type="html" is HTML once a feed reader unescapes it: that HTML must be harmless
    for content in feed.iter("{http://www.w3.org/2005/Atom}content"):
        assert content.get("type") == "html"
        assert not executable(content.text or "")
        assert not any(bad in (content.text or "") for bad in DANGEROUS)
    for schema in (site / "schema").glob("*.json"):
        json.loads(schema.read_text())


@pytest.mark.parametrize("command", [
    ("changelog", "--format", "md"), ("promises",), ("digest", "--format", "md"),
    ("digest", "--format", "html"),
])
def test_command_line_output_is_escaped(hostile, command):
    result = hostile.hub.run(*command)
    assert result.code == 0, result.err
    for bad in DANGEROUS:
        assert bad not in result.out


def test_json_output_keeps_the_raw_text_for_scripts(hostile):
    result = hostile.hub.run("changelog", "--format", "json")
    entries = json.loads(result.out)
    assert entries[1]["summary"] == XSS  # JSON is data: scripts escape for their own medium
    assert entries[0]["summary"].endswith(" <b onclick=alert(9)>bold</b>")  # not UTF-8 in Git


# Broken input: each gives a clear diagnostic with file and line, or builds; never a traceback.
BROKEN = [
    pytest.param(b"---\ntitle: a\n\towner: ae\n---\n", "playbooks/x.md:3: error:", id="tab-in-yaml"),
    pytest.param(b"---\n- a\n- b\n---\n", "playbooks/x.md:2: error:", id="yaml-list"),
    pytest.param(b"---\njust text\n---\n", "playbooks/x.md:2: error:", id="yaml-scalar"),
    pytest.param(os.urandom(4096).replace(b"\n", b"").replace(b"-", b"") + b"\xff",
                 "playbooks/x.md:1: error:", id="binary-garbage"),
    pytest.param(b"---\nowner: ae\ntitle: " + b"[" * 5000 + b"\n---\n", "playbooks/x.md:", id="deep-nesting"),
    pytest.param(b"---\nowner: ae\n", "playbooks/x.md:1: error: the front matter starts with ---",
                 id="unclosed-front-matter"),
    pytest.param(b"", "playbooks/x.md:1: warning:", id="empty-file"),
    pytest.param(b"---\nowner: ae\ntitle: \x1f\n---\n",
                 "playbooks/x.md:3: error: the front matter contains a "
                 "character YAML does not allow (#x001f)", id="control-character"),
    # libyaml recurses on the C stack: this deep, it used to kill the process (SIGSEGV)
    pytest.param(b"---\nowner: ae\ntitle: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n",
                 "playbooks/x.md:2: error: the front matter is nested too deeply", id="deep-flow-nesting"),
    pytest.param(b"---\nowner: ae\ntags:\n  " + b"- " * 50_000 + b"x\n---\n",
                 "playbooks/x.md:2: error: the front matter is nested too deeply", id="deep-block-nesting"),
    pytest.param(b"---\nowner: ae\ntitle: \xc3\x28\n---\n",
                 "playbooks/x.md:3: error: the file is not UTF-8 text "
                 "(byte 0xc3 on line 3)", id="non-utf8-in-front-matter"),
    pytest.param(b"---\nowner: ae\n---\n\x00\x01\x02 body with NUL bytes\n", None, id="nul-bytes-in-body"),
    pytest.param(b"---\n---\n", "playbooks/x.md:1: error: a playbook needs an `owner`",
                 id="empty-front-matter"),
    pytest.param(b"---\nowner: ae\n...\n# Dots\n", None, id="yaml-document-end-marker"),
]


# Nesting recurses on the C stack or up to the recursion limit: these run in a process of their
# own, where a crash shows as a negative exit code and the limit is a fresh interpreter's.
ON_THE_STACK = {"deep-nesting", "deep-flow-nesting", "deep-block-nesting"}


@pytest.mark.parametrize(("data", "expected"), BROKEN)
def test_broken_input_gives_a_diagnostic_never_a_traceback(hub, data, expected, request):
    made = hub()
    made.write_bytes("playbooks/x.md", data)
    own_process = request.node.callspec.id in ON_THE_STACK
    result = made.run("check", subprocess=own_process)
    assert "Traceback" not in result.out + result.err
    assert result.code in (0, 1), result.err  # a negative code is a crash (-11: SIGSEGV)
    if expected is None:
        assert result.code == 0, result.out
        made.build()
        assert "playbooks/x" in made.html("playbooks/x")
    else:
        assert expected in result.out, result.out
        build = made.run("build", subprocess=own_process)
        assert "Traceback" not in build.err and build.code == 1
        assert expected in build.err


def test_bom_and_crlf_build_like_any_page(hub):
    made = hub()
    made.write_bytes("playbooks/x.md", b"\xef\xbb\xbf---\r\nowner: ae\r\ntitle: Bom\r\n---\r\n# Bom\r\n\r\n"
                                       b"Text.\r\n")
    made.build()
    assert "<h1 id=\"bom\">Bom</h1>" in made.html("playbooks/x")
    assert "<p>Text.</p>" in made.html("playbooks/x")


def test_deeply_nested_markdown_names_the_page(hub):
    """Python-Markdown recurses once per nested list: the build names the page, no traceback."""
    made = hub()
    made.build()
    nested = "".join("    " * level + "- step\n" for level in range(250))
    made.write("playbooks/deep.md", "---\nowner: ae\n---\n" + nested)
    result = made.run("build", subprocess=True)  # the recursion limit of a fresh interpreter
    assert result.code == 1 and "Traceback" not in result.err
    assert "playbooks/deep.md:4: error: the page is nested too deeply for Markdown to convert" in result.err
    assert "the site was not changed" in result.err
    assert not (made.root / "site/playbooks/deep").exists()


def test_dangling_symlink_is_a_diagnostic(hub):
    made = hub()
    (made.root / "playbooks").mkdir()
    (made.root / "playbooks/gone.md").symlink_to(made.root / "playbooks/nowhere.md")
    result = made.check()
    assert result.code == 1 and "Traceback" not in result.err, result.err
    assert "playbooks/gone.md:1: error: the file cannot be read: No such file or directory" in result.out


def test_a_ten_megabyte_page_builds(hub):
    made = hub()
    paragraph = "Discovery questions that uncover the cost of missed calls. " * 20 + "\n\n"
    made.write("playbooks/huge.md",
               "---\nowner: ae\n---\n# Huge\n\n" + paragraph * (10_000_000 // len(paragraph) + 1))
    assert (made.root / "playbooks/huge.md").stat().st_size > 10_000_000
    result = made.run("build")
    assert result.code == 0 and "Traceback" not in result.err
    assert (made.root / "site/playbooks/huge/index.html").stat().st_size > 10_000_000


def test_asset_paths_leading_out_of_the_repo_are_refused(hub, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    made = hub({
        "content/assets/up.md": "---\nowner: ae\nfile: ../../../secret.pdf\n---\n# Up\n",
        "content/assets/link.md": "---\nowner: ae\nfile: files/link.pdf\n---\n# Link\n",
    })
    (made.root / "content/assets/files").mkdir(parents=True)
    (made.root / "content/assets/files/link.pdf").symlink_to(secret)
    result = made.check()
    assert result.code == 1
    assert ("content/assets/up.md:3: error: `file: ../../../secret.pdf` points outside "
            "the hub's repository") in result.out
    assert ("content/assets/link.md:3: error: `file: files/link.pdf` points outside "
            "the hub's repository") in result.out
    assert made.run("build").code == 1


# Random front matter: the loader returns documents or diagnostics, and never raises.
yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(max_size=30), st.dates().map(str))
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=12), children, max_size=4)),
    max_leaves=12,
)
FIELDS = ["title", "owner", "audience", "tags", "reviewed", "starts", "ends", "goals", "messages",
          "promises", "order", "abbr", "definition", "file", "url", "expectations", "onboarding", "kind"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), yaml_values, max_size=8).map(
        lambda d: "---\n" + yaml.safe_dump(d, allow_unicode=True) + "---\nBody\n"),
    st.text(max_size=200).map(lambda t: "---\n" + t + "\n---\nBody\n"),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
), folder=st.sampled_from(["playbooks", "playbooks/process", "content/campaigns", "content/releases",
                           "content/roles", "content/glossary", "content/assets", "content"]))
def test_random_front_matter_never_raises(tmp_path_factory, data, folder):
    from handbook.model.diagnostics import Diagnostic
    from handbook.model.options import Options, Settings
    from handbook.pipeline.session import Session

    root = tmp_path_factory.mktemp("fuzz")
    (root / "content").mkdir()
    target = root / folder / "doc.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data, encoding="utf-8", errors="surrogateescape")
    session = Session(Settings(root=root, content_dir=root / "content", options=Options()))
    hub, diagnostics = session.hub, session.diagnostics()
    assert all(isinstance(d, Diagnostic) and d.path and d.line >= 1 for d in diagnostics)
    assert hub.get("doc") is not None or diagnostics


YAML_TOKENS = ["a", "b", ":", ": ", " ", "  ", "\n", "\n  ", "- ", "[", "]", "{", "}", ",", "? ", "&x ", "*x",
               "!!str ", "!!python/object ", "'", '"', "\t", "|", ">", "#", "1", "2026-13-45", "~", "\\",
               "\x00", "\x85", "\ufeff", "---", "...", "%YAML 1.1\n", "<<: *x"]


@settings(max_examples=150, deadline=None)
@given(source=st.one_of(st.text(max_size=300),
                        st.lists(st.sampled_from(YAML_TOKENS), max_size=60).map("".join)))
def test_front_matter_parser_returns_fields_or_a_front_matter_error(source):
    from handbook.model.frontmatter import FrontMatterError, parse

    try:
        parsed = parse("---\n" + source + "\n---\nBody\n")
    except FrontMatterError as exc:
        assert exc.line >= 1 and exc.message
    else:
        assert isinstance(parsed.data, dict)
        assert all(line >= 1 for line in parsed.lines.values())


def test_symlinked_playbook_outside_the_repo_is_refused(hub, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("---\nowner: ae\n---\n# Outside\n")
    made = hub()
    (made.root / "playbooks").mkdir(exist_ok=True)
    (made.root / "playbooks/evil.md").symlink_to(outside)
    result = made.check()
    assert result.code == 1 and "playbooks/evil.md:1: error:" in result.out
    assert Path(made.root / "playbooks/evil.md").is_symlink()
