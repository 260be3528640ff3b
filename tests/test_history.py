"""Git history on every page, What's new, the feed and `handbook changelog`."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import BASE_FILES, MKDOCS_YML, git_repo_in, search_pages

from handbook.model import links

ATOM = "{http://www.w3.org/2005/Atom}"
SPRING = "---\ntitle: Spring tune-up\nowner: ae\naudience: [ae]\nstarts: 2026-03-01\nends: 2026-05-31\n---\n"


def story(git_repo):
    """A hub with a rename, a PR merge, a squash merge, a skip trailer and a code-only commit."""
    repo = git_repo()
    repo.commit("feat(content): add the hub", date="2026-03-02T09:00:00+00:00")
    repo.commit("feat(campaigns): spring tune-up campaign", {"content/campaigns/spring.md": SPRING},
                date="2026-03-03T09:00:00+00:00", author="Priya Shah")
    repo.git("mv", "content/campaigns/spring.md", "content/campaigns/spring-tune-up.md")
    repo.commit("refactor: rename the spring campaign (#12)", date="2026-03-10T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("fix: correct the offer", {"content/campaigns/spring-tune-up.md": SPRING + "20% off\n"},
                date="2026-03-11T09:00:00+00:00", author="Sam Ortiz")
    repo.git("checkout", "-q", "main")
    env = {"GIT_AUTHOR_DATE": "2026-03-12T09:00:00+00:00", "GIT_COMMITTER_DATE": "2026-03-12T09:00:00+00:00"}
    repo.git("merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #42 from acme/feature", env=env)
    repo.commit("docs: typo in the home page\n\nChangelog: skip",
                {"content/index.md": "# Home\n\nWelcome!\n"}, date="2026-03-13T09:00:00+00:00")
    repo.commit("chore: tooling", {"tools/build.sh": "echo\n"}, date="2026-03-14T09:00:00+00:00")
    repo.commit("Update the demo playbook\n\nChangelog: The demo now opens with the dispatch board",
                {"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"},
                date="2026-03-16T09:00:00+00:00", author="Priya Shah")
    return repo


@pytest.fixture(scope="module")
def told(tmp_path_factory):
    """The story, committed and built once, for the tests that only read its site or history."""
    repo = story(git_repo_in(tmp_path_factory.mktemp("story")))
    repo.hub.build()
    return repo


def test_page_history_follows_renames_and_links_prs(told):
    repo = told
    page = repo.hub.html("campaigns/spring-tune-up")
    assert 'Last updated <time datetime="2026-03-11">11 Mar 2026</time> by Sam Ortiz' in page
    # Dana Lee only renamed it: listed in its history, but no contributor (as Git's blame says)
    assert "Contributors: Sam Ortiz, Priya Shah" in page
    assert "History of this page (3 changes)" in page
    assert "Correct the offer" in page and "Rename the spring campaign" in page
    assert "Spring tune-up campaign" in page
    assert 'href="https://github.com/acme/hub/pull/42">#42</a>' in page
    assert 'href="https://github.com/acme/hub/pull/12">#12</a>' in page
    sha = repo.git("log", "-1", "--format=%H", "feature")
    assert f'href="https://github.com/acme/hub/commit/{sha}"><code>{sha[:7]}</code>' in page


def test_whats_new_lists_hub_changes_by_week(told):
    repo = told
    page = repo.hub.html("whats-new")
    assert '<h2 data-search-exclude id="week-of-16-mar-2026">Week of 16 Mar 2026</h2>' in page
    assert '<h2 data-search-exclude id="week-of-09-mar-2026">Week of 09 Mar 2026</h2>' in page
    assert "<strong>The demo now opens with the dispatch board</strong>" in page
    assert "Typo in the home page" not in page  # Changelog: skip
    assert "Tooling" not in page  # touches no hub page
    assert ('<span class="hb-label hb-label--correction">Correction</span> '
            '<strong>Correct the offer</strong>') in page
    assert '<a href="../campaigns/spring-tune-up/">Spring tune-up</a> <small>campaign</small>' in page
    assert page.index("dispatch board") < page.index("Correct the offer")  # newest first


def test_whats_new_per_role(git_repo):
    repo = story(git_repo)
    repo.write = None
    repo.hub.write("content/roles/sdr.md", "---\nowner: ae\n---\n# SDR\n")
    repo.commit("feat: add the SDR role", date="2026-03-17T09:00:00+00:00")
    repo.hub.build()
    sdr = repo.hub.html("whats-new/sdr")
    assert "What&#39;s new for SDR" in sdr
    assert "Correct the offer" not in sdr  # the campaign is written for AEs only
    assert "Add the SDR role" in sdr  # no audience: for everyone
    assert "Correct the offer" in repo.hub.html("whats-new/ae")


def test_whats_new_says_how_many_older_changes_it_leaves_out(git_repo):
    limited = MKDOCS_YML.replace("  - handbook\n", "  - handbook:\n      changelog_limit: 2\n")
    repo = git_repo(mkdocs_yml=limited)
    for n in range(4):
        repo.commit(f"docs: change {n}", {"content/index.md": f"---\nowner: ae\n---\n# Home\n\n{n}\n"},
                    date=f"2026-03-1{n}T09:00:00+00:00")
    repo.hub.build()
    page = repo.hub.html("whats-new")
    assert "Change 3" in page and "Change 2" in page and "Change 1" not in page
    assert "These are the 2 newest changes; 2 older ones are in the repository's history." in page


def test_feed_is_valid_atom_with_absolute_links(told):
    repo = told
    feed = ET.parse(repo.hub.root / "site/whats-new/feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2026-03-16T09:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles[0] == "New: The demo now opens with the dispatch board"
    assert "Correction: Correct the offer" in titles
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[0] == "https://hub.example.com/playbooks/demo/"
    assert all(link.startswith("https://hub.example.com/") for link in links)
    assert "dana@example.com" not in (repo.hub.root / "site/whats-new/feed.xml").read_text()


def test_untrusted_commit_text_is_escaped_everywhere(git_repo):
    repo = git_repo()
    repo.commit("feat: <script>alert('msg')</script> & <img src=x onerror=alert(1)>",
                {"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"},
                author="<b onmouseover=alert(2)>Eve</b>", email="eve@example.com")
    repo.hub.build()
    for page in ("playbooks/demo", "whats-new"):
        html = repo.hub.html(page)
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
        assert "&lt;script&gt;" in html
    feed_text = (repo.hub.root / "site/whats-new/feed.xml").read_text()
    feed = ET.fromstring(feed_text)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == ("New: <script>alert('msg')</script> & <img src=x "
                                               "onerror=alert(1)>")
    assert "<script>" not in entry.find(f"{ATOM}content").text  # escaped HTML inside the feed
    # commit text is not searchable: What's new lists it, page histories sit outside the body
    searchable = json.dumps(search_pages(repo.hub.root / "site"))
    assert "/whats-new/" in searchable and "alert('msg')" not in searchable


def test_uncommitted_page_says_so(git_repo):
    repo = git_repo()
    repo.commit("feat: start")
    repo.hub.write("playbooks/new.md", "---\nowner: ae\n---\n# New\n")
    repo.hub.build()
    assert "Not yet committed" in repo.hub.html("playbooks/new")


def test_no_repository_builds_without_history(hub):
    made = hub()
    result = made.build()
    assert "Git history unavailable: the hub is not in a Git repository" in result.err
    assert "Page history unavailable: the hub is not in a Git repository." in made.html("")
    # without history there is nothing new to show: no What's new page, no feed
    assert not (made.root / "site/whats-new").exists()


def test_shallow_clone_warns_how_to_fetch_history(told, tmp_path):
    repo = told
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.hub.root}", str(clone)],
                   check=True)
    from conftest import run_handbook

    result = run_handbook(clone, "build")
    assert result.code == 0, result.err
    assert "shallow clone" in result.err and "fetch-depth: 0" in result.err
    assert run_handbook(clone, "build", "--strict").code == 1


def test_changelog_command_markdown(told):
    repo = told
    result = repo.hub.run("changelog", "--since", "2026-03-10", "--until", "2026-03-12")
    assert result.code == 0, result.err
    assert result.out == (
        "# Test hub: changes\n\n"
        "## Week of 09 Mar 2026\n\n"
        "- **Correction: Correct the offer** (Sam Ortiz, 12 Mar 2026, #42)\n"  # merged the 12th
        "  - [Spring tune-up](https://hub.example.com/campaigns/spring-tune-up/) (campaign)\n"
        "- **Reorganised: Rename the spring campaign** (Dana Lee, 10 Mar 2026, #12)\n"
        "  - [Spring tune-up](https://hub.example.com/campaigns/spring-tune-up/) (campaign)\n"
    )


def test_changelog_command_json(told):
    repo = told
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-16")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    sha = repo.git("rev-parse", "HEAD")
    assert data == [{
        "date": "2026-03-16T09:00:00+00:00", "landed": "2026-03-16T09:00:00+00:00", "label": "New",
        "summary": "The demo now opens with the dispatch board", "type": None,
        "author": "Priya Shah", "commit": sha,
        "commit_url": f"https://github.com/acme/hub/commit/{sha}", "pr": None, "pr_url": None,
        "pages": [{"title": "Demo", "kind": "playbook", "path": "playbooks/demo.md",
                   "url": "https://hub.example.com/playbooks/demo/"}],
    }]


def with_options(git_repo, options: str):
    """`story` in a hub whose mkdocs.yml sets these plugin options (YAML lines)."""
    yml = ("site_name: Test hub\nsite_url: https://hub.example.com/\n"
           "repo_url: https://github.com/acme/hub\ndocs_dir: content\n"
           "theme: {name: material}\nplugins:\n  - search\n  - handbook:\n"
           + "".join(f"      {line}\n" for line in options.splitlines()))
    return story(lambda files=None: git_repo(files, mkdocs_yml=yml))


def test_history_options(git_repo):
    repo = with_options(git_repo, "history_length: 1\nshow_authors: false\nchangelog_group: day\n"
                                  "date_format: '%Y-%m-%d'")
    repo.hub.build()
    page = repo.hub.html("campaigns/spring-tune-up")
    assert "History of this page (3 changes)" in page
    assert page.count("<li>\n<time") == 1
    # renamed since: the host's list of its path would start at the rename, so no link
    assert "2 earlier changes, in the repository's history" in page
    role = BASE_FILES["content/roles/ae.md"] + "Also.\n"
    repo.commit("docs: what an AE does", {"content/roles/ae.md": role}, date="2026-03-17T09:00:00+00:00")
    repo.hub.build()
    head = repo.git("rev-parse", "HEAD")  # never moved: the rest of its history, on its host
    assert (f'<a href="https://github.com/acme/hub/commits/{head}/content/roles/ae.md">1 earlier change</a>'
            in repo.hub.html("roles/ae"))
    assert "Sam Ortiz" not in page and "Contributors" not in page
    assert '<h2 data-search-exclude id="2026-03-16">2026-03-16</h2>' in repo.hub.html("whats-new")


def test_skip_changelog_in_the_subject_hides_the_commit(git_repo):
    repo = story(git_repo)
    repo.commit("docs: reword the welcome [skip changelog]",
                {"content/index.md": "# Home\n\nHello!\n"}, date="2026-03-17T09:00:00+00:00")
    repo.hub.build()
    assert "Reword the welcome" not in repo.hub.html("whats-new")
    assert "The demo now opens with the dispatch board" in repo.hub.html("whats-new")
    feed = ET.parse(repo.hub.root / "site/whats-new/feed.xml").getroot()
    assert feed.find(f"{ATOM}updated").text == "2026-03-16T09:00:00+00:00"
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "New: The demo now opens with the dispatch board"
    assert not any("Reword the welcome" in title for title in titles)
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-16")
    assert result.code == 0, result.err
    summaries = [e["summary"] for e in json.loads(result.out)]
    assert summaries == ["The demo now opens with the dispatch board"]


def test_show_emails_publishes_author_emails_in_the_feed_and_json(git_repo):
    repo = with_options(git_repo, "show_emails: true")
    repo.hub.build()
    feed = ET.parse(repo.hub.root / "site/whats-new/feed.xml").getroot()
    author = feed.find(f"{ATOM}entry").find(f"{ATOM}author")
    assert author.find(f"{ATOM}name").text == "Priya Shah"
    assert author.find(f"{ATOM}email").text == "dana@example.com"  # the story's commits all use it
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-16")
    assert result.code == 0, result.err
    entry = json.loads(result.out)[0]
    assert (entry["author"], entry["email"]) == ("Priya Shah", "dana@example.com")


def test_emails_are_published_nowhere_by_default(git_repo):
    repo = story(git_repo)
    repo.commit("feat: add the pricing playbook",
                {"playbooks/pricing.md": "---\nowner: ae\n---\n# Pricing\n"},
                date="2026-03-17T09:00:00+00:00", author="Eve Stone", email="eve.stone@example.org")
    repo.hub.build()
    assert "Eve Stone" in repo.hub.html("playbooks/pricing")  # the author is named...
    site = repo.hub.root / "site"
    emails = (b"eve.stone@example.org", b"dana@example.com")
    leaks = [str(p.relative_to(site)) for p in site.rglob("*")
             if p.is_file() and any(e in p.read_bytes() for e in emails)]
    assert leaks == []  # ...but not their address, in any page, index or feed
    feed = ET.parse(site / "whats-new/feed.xml").getroot()
    assert feed.find(f"{ATOM}entry").find(f"{ATOM}author").find(f"{ATOM}email") is None
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-17")
    assert result.code == 0, result.err
    entry = json.loads(result.out)[0]
    assert entry["author"] == "Eve Stone" and "email" not in entry


def test_history_paths_limits_what_counts_as_a_hub_change(git_repo):
    repo = with_options(git_repo, "history_paths: [content]")
    repo.hub.build()
    page = repo.hub.html("whats-new")
    assert "Correct the offer" in page  # content/ counts
    assert "dispatch board" not in page  # playbooks/ is outside history_paths
    assert ("Page history unavailable: the page is outside the paths history is read for "
            "(history_paths in mkdocs.yml)") in repo.hub.html("playbooks/demo")
    result = repo.hub.run("changelog", "--format", "json", "--since", "2026-03-11")
    assert result.code == 0, result.err
    assert [e["summary"] for e in json.loads(result.out)] == ["Correct the offer"]


def test_read_cached_reuses_the_history_until_head_moves(git_repo):
    from handbook import history

    repo = git_repo()
    repo.commit("feat: start", date="2026-03-02T09:00:00+00:00")
    first = history.read_cached(repo.hub.root)
    assert [c.subject for c in first.commits] == ["feat: start"]
    assert history.read_cached(repo.hub.root) is first  # HEAD stayed: no second walk
    repo.hub.write("playbooks/demo.md", "---\nowner: ae\n---\n# Demo\n")
    assert history.read_cached(repo.hub.root) is first  # uncommitted edits do not move HEAD
    sha = repo.commit("feat: add the demo playbook", date="2026-03-03T09:00:00+00:00")
    second = history.read_cached(repo.hub.root)
    assert second is not first
    assert second.head == sha
    assert [c.subject for c in second.commits] == ["feat: add the demo playbook", "feat: start"]
    assert [c.sha for c in second.of("playbooks/demo.md")] == [sha]
    assert history.read_cached(repo.hub.root) is second


def test_a_hub_without_site_url_is_told_its_feed_needs_one(hub):
    made = hub(mkdocs_yml=MKDOCS_YML.replace("site_url: https://hub.example.com/\n", ""))
    result = made.check()
    assert ("mkdocs.yml:1: notice: `site_url` is not set, so the What's new feed links to pages by "
            "relative paths, which feed readers cannot follow\n"
            "    fix: add `site_url:` with the address the site is published at") in result.out
    assert made.run("build", "--strict").code == 0  # a notice, in check and builds alike


def test_a_page_whose_history_is_all_shown_links_no_more_and_without_repo_url_says_how_many(git_repo,
                                                                                         tmp_path):
    repo = story(git_repo)  # no repo_url; history_length 10 shows all 3 changes
    repo.hub.build()
    assert "earlier change" not in repo.hub.html("campaigns/spring-tune-up")
    (tmp_path / "short").mkdir()
    short = with_options(git_repo_in(tmp_path / "short"), "history_length: 2")
    (short.hub.root / "mkdocs.yml").write_text((short.hub.root / "mkdocs.yml").read_text().replace(
        "repo_url: https://github.com/acme/hub\n", ""))
    short.hub.build()
    assert "1 earlier change, in the repository's history" in short.hub.html("campaigns/spring-tune-up")


def test_file_history_url_is_the_hosts_list_of_a_files_commits():
    assert links.file_history_url("https://github.com/acme/hub/", "abc123", "content/a b#c.md") == (
        "https://github.com/acme/hub/commits/abc123/content/a%20b%23c.md")
    assert links.file_history_url("https://gitlab.com/acme/hub", "abc123", "content/x.md") == (
        "https://gitlab.com/acme/hub/-/commits/abc123/content/x.md")
    assert links.file_history_url(None, "abc123", "content/x.md") is None
    assert links.file_history_url("https://github.com/acme/hub", None, "content/x.md") is None


def test_the_digest_counts_a_merged_change_in_the_period_it_reached_main(told):
    """The offer was corrected on a branch on the 11th and merged on the 12th: a digest since the
    12th tells it, one since the 13th does not (the changelog counts the same way)."""
    since_merge = told.hub.run("digest", "--since", "2026-03-12", "--format", "md")
    assert since_merge.code == 0, since_merge.err
    assert "Correction: Correct the offer" in since_merge.out.split("## What changed in the handbook")[1]
    after = told.hub.run("digest", "--since", "2026-03-13", "--format", "md")
    assert "Correct the offer" not in after.out
    changelog = told.hub.run("changelog", "--since", "2026-03-12", "--format", "json")
    assert "Correct the offer" in [entry["summary"] for entry in json.loads(changelog.out)]
