"""Two builds of one commit with the same SOURCE_DATE_EPOCH are byte-identical."""

from __future__ import annotations

import filecmp
import gzip
import shutil
from pathlib import Path

from conftest import REPO, run_handbook


def _sample(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    root.mkdir()
    for item in (".git", "content", "playbooks", "theme", "mkdocs.yml"):
        source = REPO / item
        if source.is_dir():
            shutil.copytree(source, root / item, symlinks=True)
        else:
            shutil.copy(source, root / item)
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
    for name in ("first", "second"):
        root = _sample(tmp_path, name)
        result = run_handbook(root, "build", "--strict", env={"SOURCE_DATE_EPOCH": "1795392000"})
        assert result.code == 0, result.err
        sites.append(root / "site")
    assert not _differences(*sites), _differences(*sites)[:20]
    for name in ("sitemap.xml", "search/search_index.json", "whats-new/feed.xml"):
        assert (sites[0] / name).is_file()
    with gzip.open(sites[0] / "sitemap.xml.gz") as sitemap:
        assert b"<urlset" in sitemap.read()
