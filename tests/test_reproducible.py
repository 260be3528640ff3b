"""Two builds of one commit with the same SOURCE_DATE_EPOCH are byte-identical, and a build
that fails leaves the previous site exactly as it was (killed builds: see test_build.py)."""

from __future__ import annotations

import filecmp
import gzip
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY, Result, run_handbook


def _clone(tmp_path: Path, name: str) -> Path:
    """The sample hub at HEAD, as CI checks it out: a fresh clone, its own paths and mtimes."""
    root = tmp_path / name
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO), str(root)], check=True)
    return root


def _differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"{prefix}{n} (only on one side)" for n in cmp.left_only + cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return found


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    sites = []
    # different clones, time zones, locales and hash seeds: none of them may show in the site
    for name, env in (("first", {"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"}),
                      ("second", {"TZ": "Pacific/Auckland", "LC_ALL": "C", "PYTHONHASHSEED": "2"})):
        root = _clone(tmp_path, name)
        result = run_handbook(root, "build", "--strict", env={"SOURCE_DATE_EPOCH": TODAY, **env},
                              subprocess=True)
        assert result.code == 0, result.err
        sites.append(root / "site")
    assert not _differences(*sites), _differences(*sites)[:20]
    for name in ("sitemap.xml", "search/search_index.json", "whats-new/feed.xml"):
        assert (sites[0] / name).is_file()
    # gzip stores an mtime in its header: MkDocs writes SOURCE_DATE_EPOCH there, not the clock
    data = (sites[0] / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", data[4:8])[0] == int(TODAY)
    assert b"<urlset" in gzip.decompress(data)


def _snapshot(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "before"
    shutil.copytree(site, copy)
    return copy


BROKEN_SOURCES = {
    "bad-front-matter": ("playbooks/bad.md", "---\nowner: ae\ntitle: a: b\n---\n# Bad\n",
                         "playbooks/bad.md:3: error: the front matter is not valid YAML"),
    "crash-while-rendering": ("playbooks/deep.md",
                              "---\nowner: ae\n---\n" + "".join("    " * i + "- step\n" for i in range(250)),
                              "playbooks/deep.md:4: error: the page is nested too deeply"),
}


@pytest.mark.parametrize("front_end", ["handbook", "mkdocs"])
@pytest.mark.parametrize("broken", list(BROKEN_SOURCES))
def test_failed_build_leaves_the_previous_site_exactly_as_it_was(hub, tmp_path, front_end, broken):
    made = hub({"playbooks/demo.md": "---\nowner: ae\n---\n# Demo\n"})
    made.build()
    before = _snapshot(made.root / "site", tmp_path)
    path, text, expected = BROKEN_SOURCES[broken]
    made.write(path, text)
    if front_end == "handbook":  # a crash at the recursion limit: a fresh interpreter's
        result = made.run("build", subprocess=broken == "crash-while-rendering")
        assert "Traceback" not in result.err
    else:
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=made.root, check=False,
                              capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": TODAY})
        result = Result(proc.returncode, proc.stdout, proc.stderr)
    assert result.code == 1, result.err
    assert expected in result.err
    assert not _differences(before, made.root / "site")
    assert not [p.name for p in made.root.iterdir() if p.name.startswith(".site.")]
