"""The benchmark's synthetic hub stays valid, so `make bench` cannot rot unnoticed."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, run_handbook


def test_synthetic_hub_checks_and_builds(tmp_path):
    hub = tmp_path / "hub"
    subprocess.run([sys.executable, str(REPO / "benchmarks/synth.py"), str(hub), "--pages", "40",
                    "--commits-per-page", "3"], check=True, capture_output=True)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=hub, capture_output=True,
                             text=True, check=True).stdout
    assert int(commits) == 120
    renames = subprocess.run(["git", "log", "--oneline", "--diff-filter=R", "-M"], cwd=hub,
                             capture_output=True, text=True, check=True).stdout
    assert renames.strip()
    check = run_handbook(hub, "check")
    assert check.code == 0 and "error" not in check.out, check.out
    build = run_handbook(hub, "build", "--strict")
    assert build.code == 0, build.err
    assert (hub / "site/whats-new/feed.xml").is_file()
