"""Nothing outside the repository reaches the site, and no commit can break or bloat it.

Links (of any file type, and to folders) that lead out of the repository are refused by
`check`, `build`, `mkdocs build` and `export` alike. Commit text is read by a parser no message or
author can confuse; what cannot be shown is left out with a notice; what is shown is capped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TODAY, Repo, Result

SECRET = "s3cret-token"
SECRET_ENV = {"HANDBOOK_TEST_SECRET": SECRET}
OUTSIDE_FILES = ("notes.txt", "deck.pdf", "prod.env", "logo.png")


def run_mkdocs(root: Path, *args: str) -> Result:
    """Plain `mkdocs build`, the plugin loaded from mkdocs.yml, as a hub's CI may run it."""
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY, **SECRET_ENV}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return Result(proc.returncode, proc.stdout, proc.stderr)


def outside_the_repository(tmp_path: Path) -> Path:
    """A folder beside the repository, holding what must never be published."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True, exist_ok=True)
    for name in OUTSIDE_FILES:
        (outside / name).write_text(f"{SECRET} in {name}\n")
    (outside / "folder/page.md").write_text(f"---\nowner: ae\n---\n# {SECRET}\n")
    (outside / "folder/sheet.pdf").write_text(f"{SECRET} in a folder\n")
    return outside


def files_holding(folder: Path, text: str) -> list[str]:
    """Regular files under `folder` (links not followed, .git left out) that contain `text`."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            path = Path(dirpath) / name
            if not path.is_symlink() and text.encode() in path.read_bytes():
                found.append(str(path.relative_to(folder)))
    return found


def link(root: Path, path: str, target: Path | str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).symlink_to(target)


# -- Class 5: links leading out of the repository ------------------------------------------------

@pytest.fixture
def leaky(git_repo, tmp_path) -> Repo:
    """A hub whose last good build is published, then links out of it of every kind."""
    repo = git_repo()
    repo.commit("feat: start")
    repo.hub.build()
    outside = outside_the_repository(tmp_path)
    root = repo.hub.root
    for folder in ("content", "playbooks"):
        for name in OUTSIDE_FILES:
            link(root, f"{folder}/files/{name}", outside / name)
        link(root, f"{folder}/shared", outside / "folder")
    link(root, "content/environ.txt", "/proc/self/environ")
    link(root, "playbooks/environ.pdf", "/proc/self/environ")
    link(root, "content/git-config.txt", root / ".git/config")
    return repo


LEAKS = [f"{folder}/files/{name}" for folder in ("content", "playbooks") for name in OUTSIDE_FILES] + [
    "content/environ.txt", "playbooks/environ.pdf", "content/git-config.txt"]
FOLDER_LEAKS = ["content/shared", "playbooks/shared"]


def test_check_names_every_link_out_of_the_repository(leaky):
    result = leaky.hub.run("check", env=SECRET_ENV, subprocess=True)
    assert result.code == 1 and "Traceback" not in result.err, result.err
    for path in LEAKS:
        assert (f"{path}:1: error: this file is a link to a place outside the repository, so it is "
                "not published\n"
                "    fix: replace the link with a copy of the file, or delete the link") in result.out
    for path in FOLDER_LEAKS:
        assert (f"{path}:1: error: this folder is a link to a place outside the repository, so none "
                "of its files are published") in result.out
    assert SECRET not in result.out + result.err


def test_json_check_reports_the_links_too(leaky):
    result = leaky.hub.run("check", "--format", "json", env=SECRET_ENV, subprocess=True)
    reported = {d["path"] for d in json.loads(result.out) if d["severity"] == "error"}
    assert reported == set(LEAKS + FOLDER_LEAKS)


@pytest.mark.parametrize("command", ["handbook build", "mkdocs build", "handbook export"])
def test_no_front_end_publishes_what_a_link_out_of_the_repository_holds(leaky, command):
    root = leaky.hub.root
    before = (root / "site/index.html").read_bytes()
    if command == "mkdocs build":
        result = run_mkdocs(root, "build")
    elif command == "handbook build":
        result = leaky.hub.run("build", env=SECRET_ENV, subprocess=True)
    else:
        result = leaky.hub.run("export", "exported", env=SECRET_ENV, subprocess=True)
    assert result.code == 1 and "Traceback" not in result.err, result.err
    assert "content/environ.txt:1: error: this file is a link to a place outside the repository" in result.err
    assert not (root / "exported").exists()
    assert (root / "site/index.html").read_bytes() == before  # the good site stays
    assert files_holding(root, SECRET) == []
    assert SECRET not in result.out + result.err


def test_hidden_links_are_never_published(git_repo, tmp_path):
    repo = git_repo()
    outside = outside_the_repository(tmp_path)
    link(repo.hub.root, "content/.env", outside / "prod.env")
    link(repo.hub.root, "playbooks/.env", "/proc/self/environ")
    link(repo.hub.root, "content/.secrets", outside / "folder")
    repo.commit("feat: start")
    assert repo.hub.run("check", env=SECRET_ENV, subprocess=True).code == 0
    assert repo.hub.run("build", env=SECRET_ENV, subprocess=True).code == 0
    assert run_mkdocs(repo.hub.root, "build").code == 0
    assert repo.hub.run("export", "exported", env=SECRET_ENV, subprocess=True).code == 0
    assert files_holding(repo.hub.root, SECRET) == []


def test_links_inside_the_repository_are_published(hub, tmp_path):
    """The repository is the boundary, not the hub: a hub in `docs/hub` may link to `docs/`."""
    made = hub()
    subprocess.run(["git", "init", "-q", "-b", "main", str(tmp_path)], check=True)
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand/logo.png").write_bytes(b"\x89PNG logo")
    link(made.root, "content/logo.png", tmp_path / "brand/logo.png")
    link(made.root, "playbooks/logo.png", tmp_path / "brand/logo.png")
    assert made.check().code == 0
    made.build()
    assert (made.root / "site/logo.png").read_bytes() == b"\x89PNG logo"
    assert (made.root / "site/playbooks/logo.png").read_bytes() == b"\x89PNG logo"


def test_a_linked_folder_inside_the_repository_is_published_not_dropped(git_repo):
    repo = git_repo({
        "shared/pricing.md": "---\nowner: ae\n---\n# Shared pricing\n\nThe price list.\n",
        "shared/price-list.pdf": "%PDF prices",
        "team/calls.md": "---\nowner: ae\n---\n# Call scripts\n\nHello.\n",
        "team/script.pdf": "%PDF script",
    })
    link(repo.hub.root, "content/shared", "../shared")
    link(repo.hub.root, "playbooks/team", "../team")
    repo.commit("feat: shared folders")
    result = repo.hub.check()
    assert result.code == 0 and "no problems" in result.out, result.out
    repo.hub.build()
    assert "Shared pricing" in repo.hub.html("shared/pricing")
    assert "Call scripts" in repo.hub.html("playbooks/team/calls")
    assert (repo.hub.root / "site/shared/price-list.pdf").read_text() == "%PDF prices"
    assert (repo.hub.root / "site/playbooks/team/script.pdf").read_text() == "%PDF script"
    titles = {page["meta"]["title"] for page in repo.hub.search_pages().values()}
    assert {"Shared pricing", "Call scripts"} <= titles
    assert repo.hub.run("export", "exported").code == 0
    exported = repo.hub.root / "exported/docs"
    assert (exported / "shared/pricing.md").is_file() and (exported / "shared/price-list.pdf").is_file()
    assert (exported / "playbooks/team/calls.md").is_file()
    assert (exported / "playbooks/team/script.pdf").is_file()


def test_linked_folders_that_loop_or_repeat_are_reported(hub):
    made = hub({"content/shared/notes.md": "---\nowner: ae\n---\n# Notes\n"})
    link(made.root, "content/loop", "..")
    link(made.root, "content/shared/up", "..")
    link(made.root, "playbooks/roles", "../content/roles")
    result = made.check()
    assert result.code == 1 and "Traceback" not in result.err
    for path in ("content/loop", "content/shared/up"):
        assert (f"{path}:1: error: this folder is a link to a folder that holds it, which MkDocs would "
                "walk without end\n    fix: delete the link") in result.out
    assert ("playbooks/roles:1: warning: this folder is a link to a folder whose pages the hub "
            "publishes already, so they are not published twice") in result.out
    build = made.run("build")
    assert build.code == 1 and "Traceback" not in build.err and "content/loop:1: error" in build.err
    assert run_mkdocs(made.root, "build").code == 1


def test_dangling_links_of_any_type_are_diagnostics(hub):
    made = hub()
    for path in ("content/gone.png", "playbooks/gone.pdf", "content/gone-folder"):
        link(made.root, path, made.root / "nowhere")
    result = made.check()
    assert result.code == 1
    for path in ("content/gone.png", "playbooks/gone.pdf", "content/gone-folder"):
        assert f"{path}:1: error: the file cannot be read: No such file or directory" in result.out
    for build in (made.run("build"), run_mkdocs(made.root, "build")):
        assert build.code == 1 and "Traceback" not in build.err, build.err
        assert "content/gone.png:1: error: the file cannot be read" in build.err


def test_docs_dir_leading_out_of_the_repository_is_refused(hub, tmp_path):
    outside = outside_the_repository(tmp_path)
    made = hub(base=False)
    link(made.root, "content", outside / "folder")
    result = made.check()
    assert result.code == 1
    # the config reader refuses it first, as it refuses any docs_dir outside the hub
    assert ("Error: mkdocs.yml: `docs_dir: content` is outside the hub's folder (where mkdocs.yml "
            "is); use a folder beside mkdocs.yml") in result.err
    assert made.run("build").code == 1
    assert files_holding(made.root, SECRET) == []


def test_the_plugin_drops_files_mkdocs_found_outside_the_repository(hub, tmp_path):
    """Whatever the loader might miss, the plugin never hands MkDocs a file from outside."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File, Files, InclusionLevel

    from handbook.mkdocs.plugin import HandbookPlugin

    outside = outside_the_repository(tmp_path)
    made = hub()
    link(made.root, "content/leak.txt", outside / "notes.txt")
    (made.root / "content/ok.txt").write_text("fine")
    config = load_config(str(made.root / "mkdocs.yml"))
    plugin = HandbookPlugin()
    plugin.root = made.root
    files = Files([File(name, config.docs_dir, config.site_dir, True) for name in ("leak.txt", "ok.txt")])
    for file in files:
        file.inclusion = InclusionLevel.INCLUDED
    with pytest.raises(PluginError, match="1 error"):
        plugin.on_files(files, config=config)
    assert [f.src_uri for f in files] == ["ok.txt"]


# -- Class 6: commit text that a parser must survive --------------------------------------------

SEPARATORS = ["\x1c", "\x1d", "\x1e", "\x1f", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"]


def raw_commit(repo: Repo, author: str, message: str, files: dict[str, str]) -> str:
    """A commit written byte by byte, as `git commit` would refuse to: HEAD moves to it."""
    for path, text in files.items():
        repo.hub.write(path, text)
    repo.git("add", "-A")
    tree, parent = repo.git("write-tree"), repo.git("rev-parse", "HEAD")
    body = (f"tree {tree}\nparent {parent}\nauthor {author}\n"
            f"committer Robot <robot@example.com> 1772445600 +0000\n\n{message}\n")
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
                         cwd=repo.hub.root, input=body.encode(), capture_output=True, check=True)
    commit = sha.stdout.decode().strip()
    repo.git("update-ref", "refs/heads/main", commit)
    return commit


@pytest.fixture
def hostile(git_repo) -> tuple[Repo, dict[str, str]]:
    """A hub whose history holds every separator character git allows, then a far future."""
    repo = git_repo({"content/faq.md": "---\nowner: ae\n---\n# FAQ\n"})
    repo.commit("feat: start")
    for i, char in enumerate(SEPARATORS):
        repo.commit(f"fix: price{char}list {i}{char}\n\nbody{char}\n\nChangelog{char}: x",
                    {"content/faq.md": f"---\nowner: ae\n---\n# FAQ\n\n{i}\n"},
                    author=f"Eve{char}Mallory {i}", email=f"eve{i}@example.com")
    far = {
        "@253402300800 +0000": repo.commit("docs: beyond 9999",
                                           {"content/faq.md": "---\nowner: ae\n---\n# FAQ\n\nfar\n"},
                                           date="@253402300800 +0000"),
        "99999999999999": raw_commit(repo, "Raw\x1e\x1fAuthor <raw@example.com> 99999999999999 +0000",
                                     "docs: raw\x1d object",
                                     {"content/faq.md": "---\nowner: ae\n---\n# FAQ\n\nraw\n"}),
        "unreadable": raw_commit(repo, "No Date <nodate@example.com>", "docs: no date at all",
                                 {"content/faq.md": "---\nowner: ae\n---\n# FAQ\n\nnodate\n"}),
    }
    repo.commit("docs: the last word", {"content/faq.md": "---\nowner: ae\n---\n# FAQ\n\nlast\n"},
                date="2026-03-09T10:00:00+00:00")
    return repo, far


def left_out_notice(sha: str) -> str:
    return f"mkdocs.yml:1: notice: commit {sha} is left out of page histories and What's new: its date"


def test_check_build_and_changelog_survive_any_commit_text(hostile):
    repo, far = hostile
    check = repo.hub.check("--strict")
    assert check.code == 0 and "Traceback" not in check.err, check.err + check.out
    build = repo.hub.build()
    changelog = repo.hub.run("changelog", "--format", "json")
    assert changelog.code == 0 and "Traceback" not in changelog.err, changelog.err
    for sha in (far["@253402300800 +0000"], far["99999999999999"]):
        for output in (check.out, build.err, changelog.err):
            assert left_out_notice(sha) in output
    assert "its date (99999999999999 seconds after 1970) is past the year 9999" in check.out
    assert left_out_notice(far["unreadable"]) + " cannot be read" in check.out

    entries = json.loads(changelog.out)
    summaries = [e["summary"] for e in entries]
    assert summaries[0] == "The last word"  # commits after the hostile ones are all still read
    for i in range(len(SEPARATORS)):
        assert f"Price\ufffdlist {i}\ufffd" in summaries
        assert f"Eve\ufffdMallory {i}" in {e["author"] for e in entries}
    assert not any(far_sha in {e["commit"] for e in entries} for far_sha in far.values())
    text = json.dumps(entries, ensure_ascii=False)
    assert not any(char in text for char in SEPARATORS)

    page = repo.hub.html("faq")
    assert "Eve\ufffdMallory 3" in page and "The last word" in page
    assert not any(char in page for char in SEPARATORS)
    feed = (repo.hub.root / "site/whats-new/feed.xml").read_text(encoding="utf-8")
    assert "Price\ufffdlist 0" in feed


def test_the_markdown_changelog_and_digest_survive_too(hostile):
    repo, far = hostile
    markdown = repo.hub.run("changelog")
    assert markdown.code == 0 and "The last word" in markdown.out
    assert not any(char in markdown.out for char in SEPARATORS)
    digest = repo.hub.run("digest", "--since", "2026-01-01", "--format", "md")
    assert digest.code == 0 and "Traceback" not in digest.err, digest.err
    assert left_out_notice(far["99999999999999"]) in digest.err


def test_diff_and_promises_read_a_history_with_hostile_commits(hostile):
    repo, _ = hostile
    diff = repo.hub.run("diff", "HEAD~3", "HEAD")
    assert diff.code == 0 and "Traceback" not in diff.err, diff.err
    promises = repo.hub.run("promises", "--format", "json")
    assert promises.code == 0 and "Traceback" not in promises.err, promises.err


def test_the_last_representable_day_builds(git_repo):
    repo = git_repo()
    repo.commit("feat: start")
    repo.commit("docs: the last second of 9999",
                {"content/index.md": "---\nowner: ae\n---\n# Home\n\nEnd.\n"}, date="@253402300799 +0000")
    result = repo.hub.check()
    assert result.code == 0 and "notice" not in result.out
    repo.hub.build()
    assert "31 Dec 9999" in repo.hub.html("whats-new")


# Direct tests of the log parser on crafted bytes.

BOUNDARY = b"\0" + b"f" * 32 + b"\0"
SHA = "a" * 40


def record(*fields: bytes, files: bytes = b"\0\nM\0content/a.md\0") -> bytes:
    return b"".join(BOUNDARY + f for f in fields) + BOUNDARY + files


def parse(data: bytes, chunk: int | None = None) -> list:
    from handbook.history import parse_log

    size = chunk or max(len(data), 1)
    return list(parse_log((data[i:i + size] for i in range(0, len(data), size)), BOUNDARY))


def good(sha: str = SHA, author: bytes = b"Dana", message: bytes = b"feat: a",
         when: bytes = b"1772445600") -> bytes:
    return record(sha.encode(), b"", author, b"dana@example.com", when, message)


def test_parser_reads_any_text_in_any_field():
    from handbook.history import Commit

    hostile = "\x1c\x1d\x1e\x1f\0" + "\x1e%H\x1f" * 3
    data = (good(author=hostile.encode(), message=f"fix: {hostile}\n\nbody {hostile}".encode())
            + good("b" * 40, message=b"docs: next"))
    for chunk in (None, 1, 7, len(BOUNDARY) - 1, len(BOUNDARY) + 1):  # cuts anywhere, even in a boundary
        commits = parse(data, chunk)
        assert [c.sha for c in commits] == [SHA, "b" * 40]
        assert all(isinstance(c, Commit) for c in commits)
        assert commits[0].changes[0].path == "content/a.md" and commits[1].subject == "docs: next"
        assert "\x1e" not in commits[0].author and "\ufffd" in commits[0].author


def test_parser_is_not_fooled_by_a_boundary_of_another_run():
    other = b"\0" + b"e" * 32 + b"\0"
    commits = parse(good(message=b"feat: a" + other + b"b" * 40 + other))
    assert len(commits) == 1 and commits[0].sha == SHA


def test_parser_leaves_out_what_it_cannot_represent():
    from handbook.history import LeftOut

    commits = parse(good(when=b"99999999999999") + good("b" * 40, when=b"") + good("c" * 40, when=b"9" * 5000)
                    + good("d" * 40))
    assert [type(c).__name__ for c in commits] == ["LeftOut", "LeftOut", "LeftOut", "Commit"]
    assert commits[0] == LeftOut(SHA, "its date (99999999999999 seconds after 1970) is past the year 9999")
    assert commits[1] == LeftOut("b" * 40, "its date cannot be read")
    assert commits[2].sha == "c" * 40
    assert len(commits[2].why) < 120


def test_parser_reads_renames_and_an_empty_log():
    commits = parse(record(SHA.encode(), b"p1 p2", b"Dana", b"d@e", b"1772445600", b"Move\n",
                           files=b"\0\nR100\0old.md\0new.md\0A\0x.md\0"))
    assert [(c.status, c.path, c.old_path) for c in commits[0].changes] == [
        ("R", "new.md", "old.md"), ("A", "x.md", None)]
    assert commits[0].parents == ("p1", "p2")
    assert parse(b"") == []


def test_parser_survives_truncated_output():
    data = good() + good("b" * 40)
    assert [c.sha for c in parse(data[: len(data) - 30])] == [SHA]


# -- Class 13: one commit's text is capped wherever it lands ------------------------------------

def test_shorten_and_printable():
    from handbook.history import printable, shorten

    assert shorten("short", 10) == "short"
    assert shorten("x" * 10, 10) == "x" * 10
    assert shorten("word " * 50, 20) == "word word word word\u2026"
    assert len(shorten("y" * 1_000_000, 200)) == 200
    assert printable("a\x1fb\r\nc\td\x1b[31m\x85") == "a\ufffdb\nc\td\ufffd[31m\ufffd"


def test_summary_of_a_megabyte_subject_is_capped_and_pr_numbers_stay_numbers():
    import datetime as dt

    from handbook.history.commits import SUMMARY_LIMIT, Commit, _pr_number

    def commit(message: str) -> Commit:
        return Commit("a" * 40, (), "Dana", "d@e", dt.datetime(2026, 3, 2, tzinfo=dt.UTC), message)

    huge = commit("feat: " + "Discovery calls " * 70_000 + "(#12)")
    assert len(huge.summary) == SUMMARY_LIMIT and huge.summary.endswith("\u2026")
    assert huge.summary.startswith("Discovery calls")
    assert len(commit("x\n\nChangelog: " + "z" * 500_000).summary) == SUMMARY_LIMIT
    assert commit("a" + " " * 200_000 + "b (#7)").summary.endswith("\u2026")
    assert _pr_number("fix: it (#" + "9" * 5000 + ")") is None  # not a number int() accepts
    assert _pr_number("Merge branch " + " into " * 100_000 + "x") is None  # linear, not quadratic
    assert _pr_number("Merge branch 'a' into main (!42)") == 42
    assert _pr_number("fix: it (#12)") == 12


def test_a_megabyte_commit_subject_adds_little_to_any_page_or_feed(git_repo):
    pages = {f"content/page-{i}.md": f"---\nowner: ae\n---\n# Page {i}\n\nText.\n" for i in range(20)}
    repo = git_repo(pages)
    repo.commit("feat: start")
    repo.hub.build()
    site = repo.hub.root / "site"
    before = {p.relative_to(site): p.stat().st_size for p in site.rglob("*") if p.is_file()}

    subject = "feat: " + "Discovery questions for every call " * 30_000  # about a megabyte
    assert len(subject) > 1_000_000
    for path, text in pages.items():
        repo.hub.write(path, text + "More.\n")
    message = repo.hub.write("message.txt", subject + "\n\n" + "body " * 100_000)
    repo.git("add", "content")
    repo.git("commit", "-q", "-F", str(message), env={
        "GIT_AUTHOR_NAME": "Dana " + "Lee" * 30_000, "GIT_AUTHOR_DATE": "2026-03-03T10:00:00+00:00"})
    repo.hub.build()
    after = {p.relative_to(site): p.stat().st_size for p in site.rglob("*") if p.is_file()}

    grown = {str(path): size - before.get(path, 0) for path, size in after.items()
             if size - before.get(path, 0) > 4_000}
    assert grown == {}, grown
    assert sum(after.values()) - sum(before.values()) < 150_000
    page = repo.hub.html("page-3")
    assert "Discovery questions for every call Discovery" in page and "\u2026" in page
    feed = (site / "whats-new/feed.xml").read_text(encoding="utf-8")
    assert "\u2026" in feed and len(feed) < 20_000
    entries = json.loads(repo.hub.run("changelog", "--format", "json").out)
    assert max(len(e["summary"]) for e in entries) <= 200
    assert max(len(e["author"]) for e in entries) <= 100
