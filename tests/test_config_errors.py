"""Bad configuration, dates out of range and hostile titles for `new`: every command answers
with one line naming the file, the setting and the fix, never a traceback."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, TODAY, Result, run_handbook

from handbook import history
from handbook.cli.scaffold import GENERATED_SECTIONS, clean_title, slug
from handbook.model.documents import interval_days, parse_day, shifted
from handbook.model.options import read_settings
from handbook.pipeline.session import Session

HEAD = "site_name: Test hub\nsite_url: https://hub.example.com/\ndocs_dir: content\n"


def _with_options(options: str) -> str:
    return HEAD + "plugins:\n  - search\n  - handbook:\n" + options


# (name, mkdocs.yml, the exact line every command prints)
BAD_CONFIGS = [
    ("unknown option", _with_options("      reviw_every: 90 days\n"),
     ("Error: mkdocs.yml: Plugin 'handbook' option 'reviw_every': no such option; "
      "did you mean `review_every`?")),
    ("wrongly typed option", _with_options("      history: [1]\n"),
     ("Error: mkdocs.yml: Plugin 'handbook' option 'history': should be true or false, not [1]; "
      "write `true` or `false`")),
    ("interval out of range", _with_options("      review_every: 99999999 years\n"),
     ("Error: mkdocs.yml: Plugin 'handbook' option 'review_every': `99999999 years` is longer "
      "than 100 years; write a shorter interval, like `1 year`")),
    ("playbooks outside the hub", _with_options("      playbooks_dir: /etc\n"),
     ("Error: mkdocs.yml: Plugin 'handbook' option 'playbooks_dir': `/etc` is outside the hub's "
      "folder (where mkdocs.yml is); use a folder beside mkdocs.yml")),
    ("options not a mapping", HEAD + "plugins:\n  - handbook: 3\n",
     ("Error: mkdocs.yml: Plugin 'handbook': its options should be `name: value` lines indented "
      "under `- handbook:`, not 3")),
    ("plugins as a mapping", HEAD + "plugins:\n  search: {}\n  handbook:\n    freshnes: notice\n",
     ("Error: mkdocs.yml: Plugin 'handbook' option 'freshnes': no such option; "
      "did you mean `freshness`?")),
    ("plugins not a list", HEAD + "plugins: handbook\n",
     ("Error: mkdocs.yml: `plugins` should be a list, like `plugins: [search, handbook]`, "
      "not 'handbook'")),
    ("config a list", "- site_name\n- docs_dir\n",
     ("Error: mkdocs.yml: should be settings written `name: value`, one per line (like "
      "`site_name: Our handbook`), not a list")),
    ("config a scalar", "just some text\n",
     ("Error: mkdocs.yml: should be settings written `name: value`, one per line (like "
      "`site_name: Our handbook`), not 'just some text'")),
    ("site_name a list", "site_name: [a, b]\ndocs_dir: content\nplugins: [handbook]\n",
     ("Error: mkdocs.yml: `site_name` should be text, not a list; write one value, like "
      "`site_name: Our handbook`")),
    ("docs_dir outside", "site_name: Hub\ndocs_dir: ../outside\nplugins: [handbook]\n",
     ("Error: mkdocs.yml: `docs_dir: ../outside` is outside the hub's folder (where mkdocs.yml "
      "is); use a folder beside mkdocs.yml")),
    ("docs_dir missing", "site_name: Hub\ndocs_dir: missing\nplugins: [handbook]\n",
     ("Error: mkdocs.yml: `docs_dir: missing` does not exist; create the folder or correct "
      "docs_dir (`content/` is here: `docs_dir: content`)")),
    ("docs_dir not written", "site_name: Hub\nplugins: [handbook]\n",
     ("Error: mkdocs.yml has no `docs_dir`, so the pages are read from `docs/`, which does not "
      "exist; add `docs_dir: content` (`content/` is here)")),
    ("custom_dir missing",
     HEAD + "theme:\n  name: material\n  custom_dir: docs/overrides\nplugins: [handbook]\n",
     ("Error: mkdocs.yml: `theme: custom_dir: docs/overrides` does not exist; correct custom_dir (moved "
      "with the pages? it names a folder beside mkdocs.yml) or create the folder")),
    ("exclude_docs not a pattern", HEAD + "exclude_docs: |\n  drafts/\n  !\nplugins: [search, handbook]\n",
     ("Error: mkdocs.yml: `exclude_docs`: Invalid git pattern: '!'; write one pattern a line, as in a "
      ".gitignore file")),
    ("invalid YAML", HEAD + "plugins:\n  - handbook:\n    history: : yes\n",
     ("Error: mkdocs.yml:6: not valid YAML: mapping values are not allowed here; check the "
      "indentation, and quote values that contain ': '")),
]

COMMANDS = {
    "check": ["check"], "build": ["build"], "serve": ["serve"], "changelog": ["changelog"],
    "promises": ["promises"], "new": ["new", "page", "Hello"], "digest": ["digest"],
    "export": ["export", "out"], "diff": ["diff", "HEAD"],
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(root: Path, *args: str, timeout: float = 120) -> Result:
    """The CLI with a time limit: `serve` that wrongly starts must fail the test, not hang it."""
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY}
    proc = subprocess.run([sys.executable, "-m", "handbook", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("name", "config", "message"), BAD_CONFIGS, ids=[c[0] for c in BAD_CONFIGS])
def test_every_command_names_the_bad_setting_in_one_line(hub, tmp_path, command, name, config,
                                                          message):
    made = hub(mkdocs_yml=config)
    (tmp_path / "outside").mkdir(exist_ok=True)
    before = sorted(p.relative_to(made.root) for p in made.root.rglob("*"))
    if command == "serve":  # in its own process, with a time limit: a wrongly started server
        result = _run(made.root, *COMMANDS[command], "-a", f"127.0.0.1:{_free_port()}", timeout=60)
    else:
        result = made.run(*COMMANDS[command])
    assert result.code in (1, 2)
    assert "Traceback" not in result.out + result.err
    assert result.err == message + "\n"  # the same line, word for word, in every command
    assert sorted(p.relative_to(made.root) for p in made.root.rglob("*")) == before


def _mkdocs_build(root: Path) -> Result:
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(("name", "config", "message"),
                         [c for c in BAD_CONFIGS if "Plugin 'handbook' option" in c[2]],
                         ids=[c[0] for c in BAD_CONFIGS if "Plugin 'handbook' option" in c[2]])
def test_mkdocs_build_words_plugin_option_errors_like_the_cli(hub, name, config, message):
    """`mkdocs build` straight away: MkDocs prints the plugin's message, the CLI's words."""
    result = _mkdocs_build(hub(mkdocs_yml=config).root)
    assert result.code == 1
    assert "Traceback" not in result.err
    assert message.removeprefix("Error: mkdocs.yml: ") in result.err


def test_mkdocs_build_refuses_docs_outside_the_hub(hub, tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "index.md").write_text("# Out\n")
    result = _mkdocs_build(hub(mkdocs_yml=MKDOCS_YML.replace("docs_dir: content",
                                                             "docs_dir: ../outside")).root)
    assert result.code == 1 and "Traceback" not in result.err
    assert "is outside the hub's folder (where mkdocs.yml is)" in result.err


def test_a_good_config_in_every_accepted_shape_still_works(hub, monkeypatch):
    """`plugins:` as a mapping, `enabled:`, `INHERIT:` and `!ENV` read as MkDocs reads them."""
    made = hub({"base.yml": HEAD + "plugins:\n  search: {}\n  handbook:\n    freshness: notice\n",
                "content/old.md": "---\nowner: ae\nreviewed: 2020-01-01\n---\n# Old\n"},
               mkdocs_yml="INHERIT: base.yml\nsite_name: !ENV [HUB_NAME, Fallback]\n")
    assert made.check().code == 0  # freshness: notice, from the inherited mapping
    settings = read_settings(made.root / "mkdocs.yml")
    assert settings.site_name == "Fallback" and settings.options.freshness == "notice"
    made.write("mkdocs.yml", MKDOCS_YML.replace("  - handbook\n",
                                                "  - handbook:\n      enabled: true\n"))
    assert made.check().code == 0
    made.build()


# Class 7: dates and intervals out of range.

def test_far_dates_are_accepted_and_never_overflow(hub):
    made = hub({
        "content/forever.md": "---\nowner: ae\nreviewed: 9999-12-31\nreview_every: 100 years\n---\n# F\n",
        "content/assets/brochure.md": "---\nowner: ae\nurl: https://example.com/b.pdf\n"
                                      "expires: 9999-12-31\n---\n# Brochure\n",
        "content/campaigns/evergreen.md": "---\nowner: ae\nstarts: 0001-01-01\nends: 9999-12-31\n"
                                          "goals:\n  - metric: MQLs\n---\n# Evergreen\n",
        "content/releases/far.md": "---\nowner: ae\ndate: 9999-12-31\npromises:\n  - id: x\n"
                                   "    claim: Later\n---\n# Far\n",
        "content/ancient.md": "---\nowner: ae\nreviewed: 0001-01-01\n---\n# Ancient\n",
    })
    result = made.check()
    assert "Traceback" not in result.err + result.out
    assert result.out.startswith("content/ancient.md:3: notice: review overdue since 0001-06-30")
    assert "forever" not in result.out and "evergreen" not in result.out
    made.build()
    assert "Evergreen" in made.html("campaigns")


@pytest.mark.parametrize("interval", ["99999999 years", "36501 days", "1" + "0" * 5000 + " days"])
def test_an_interval_out_of_range_is_a_field_error_with_file_and_line(hub, interval):
    made = hub({"content/p.md": f"---\nowner: ae\nreviewed: 2026-01-01\nreview_every: {interval}\n"
                                "---\n# P\n"})
    result = made.check()
    assert result.code == 1 and "Traceback" not in result.err
    shown = interval if len(interval) < 40 else interval[:40]
    assert result.out.startswith(f"content/p.md:4: error: `review_every`: `{shown}` is longer "
                                 "than 100 years\n    fix: write a shorter interval, like `1 year`\n")
    build = made.run("build")
    assert build.code == 1 and "Traceback" not in build.err
    assert "content/p.md:4: error: `review_every`" in build.err


def test_digest_and_changelog_take_any_period_or_date(git_repo):
    repo = git_repo()
    repo.commit("Add the hub")
    for since in ("99999999d", "999999999999w", "0001-01-01", "9999-12-31"):
        result = repo.hub.run("digest", "--since", since, "--format", "md")
        assert result.code == 0 and "Traceback" not in result.err, since
    for since in ("0000-01-01", "9999999999999d", "2026-02-30"):
        result = repo.hub.run("digest", "--since", since)
        assert result.code == 2 and "Traceback" not in result.err
        assert result.err.endswith(f"Error: Invalid value for --since: `{since}` is not a period "
                                   "like 7d or 2w, nor a date YYYY-MM-DD\n")
    changes = repo.hub.run("changelog", "--since", "0001-01-01", "--until", "9999-12-31")
    assert changes.code == 0 and "Add the hub" in changes.out
    assert repo.hub.run("promises", "--changed-since", "0001-01-01").code == 0
    bad = repo.hub.run("changelog", "--since", "0000-01-01")
    assert bad.code == 2 and "Traceback" not in bad.err and "--since" in bad.err


def test_date_arithmetic_stops_at_the_calendar_ends():
    assert shifted(dt.date(9999, 12, 1), 100) == dt.date.max
    assert shifted(dt.date(1, 1, 2), -10**15) == dt.date.min
    assert shifted(dt.date(2026, 1, 1), 31) == dt.date(2026, 2, 1)
    assert interval_days("2 weeks") == 14 and interval_days("1" + "0" * 5000 + " days") >= 10**9
    now = dt.date(2026, 11, 23)
    assert parse_day("99999999d", now) == dt.date.min
    assert parse_day("2w", now) == dt.date(2026, 11, 9)
    with pytest.raises(ValueError, match="not a period"):
        parse_day("0000-01-01", now)


# Class 10: `new` with hostile titles, and `serve` on a busy port.

LONG_TITLE = " ".join(["Quarterly"] + ["pipeline"] * 600)  # about 5,400 characters
NEW_CASES = [
    ("long title", LONG_TITLE, "quarterly" + "-pipeline" * 5),
    ("control characters", "Bell\x07 and\nnew\tline\u202e", "bell-and-new-line"),
    ("only punctuation", "!!! ???", "untitled"),
    ("long non-Latin title", "見込み客" * 1500, "見込み客" * 15),
    ("Index", "Index", None),
    ("a generated page's name", "Campaigns", None),
    ("an existing file", "AE", None),
    ("the home page's id", "Home", None),
    ("only control characters", "\x07\x1b", None),
]


@pytest.mark.parametrize("kind", ["page", "campaign", "playbook"])
@pytest.mark.parametrize(("name", "title", "stem"), NEW_CASES, ids=[c[0] for c in NEW_CASES])
def test_new_never_writes_a_file_check_rejects(hub, kind, name, title, stem):
    made = hub()
    before = {p for p in made.root.rglob("*.md")}
    result = made.run("new", kind, title, "--owner", "ae")
    assert "Traceback" not in result.err + result.out
    written = {p for p in made.root.rglob("*.md")} - before
    refused = stem is None or (kind == "page" and name == "a generated page's name")
    if name == "a generated page's name" and kind != "page":
        refused, stem = False, "campaigns"
    if refused:
        assert result.code == 1 and not written
        assert result.err.startswith("Error: ") and result.err.count("\n") == 1
        assert "choose another title" in result.err or "the title is empty" in result.err
    else:
        assert result.code == 0, result.err
        (path,) = written
        assert path.stem == stem and len(path.stem) <= 60
        text = path.read_text("utf-8")
        assert "\x07" not in text and "\u202e" not in text
    check = made.check()
    assert check.code == 0, check.out  # whatever `new` did, the hub still passes


def test_new_with_undecodable_bytes_in_the_title(hub):
    made = hub()
    env = {**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": TODAY}
    proc = subprocess.run([sys.executable, "-m", "handbook", "new", "page", b"Caf\xe9 \xff menu"],
                          cwd=made.root, env=env, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert (made.root / "content/caf-menu.md").is_file()
    assert made.check().code == 0


def test_titles_and_slugs_stay_safe():
    assert clean_title(" Spring\n\tlaunch\x00\x1b[31m ") == "Spring launch[31m"
    assert slug("a" * 100) == "a" * 60
    assert slug(("word " * 30).strip()) == "-".join(["word"] * 12)
    assert len(slug("Ünïcödé " * 100)) <= 60


def test_reserved_sections_cover_every_generated_folder(hub):
    """A page named like a generated section would share its address: the list must be whole."""
    made = hub({
        "content/campaigns/c.md": "---\nowner: ae\nstarts: 2026-01-01\nends: 2026-12-31\n---\n",
        "content/releases/r.md": "---\nowner: ae\ndate: 2026-01-01\n---\n",
        "content/glossary/t.md": "---\ndefinition: A word\n---\n",
        "content/assets/a.md": "---\nowner: ae\nurl: https://example.com/a\npersonalize: true\n---\n",
        "content/roles/ae.md": "---\nowner: ae\nonboarding: [home]\n---\n",
        "playbooks/process/s.md": "---\nowner: ae\norder: 1\n---\n",
        "playbooks/p.md": "---\nowner: ae\n---\n",
    })
    settings = read_settings(made.root / "mkdocs.yml")
    tree = Session(settings, history=history.unavailable("none")).site
    generated = {uri.split("/")[0] for uri, page in tree.pages.items()
                 if page.document is None and "/" in uri}
    assert generated and generated <= GENERATED_SECTIONS


def test_serve_on_a_busy_port_says_so_and_suggests_another(hub):
    made = hub()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _run(made.root, "serve", "-a", f"127.0.0.1:{port}", timeout=120)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.endswith(f"Error: 127.0.0.1:{port} is already in use; pass another address "
                               f"with -a 127.0.0.1:{port + 1}\n")


def test_missing_config_still_names_the_path(tmp_path):
    result = run_handbook(tmp_path, "check", "-f", "hub/mkdocs.yml")
    assert result.code == 1
    assert result.err == ("Error: hub/mkdocs.yml: not found; run handbook in the hub's folder or "
                          "pass --config-file\n")
