"""Adopting a real handbook: `handbook check`, build time, peak memory and site size against
Material built from the same `mkdocs.yml` minus Handbook (and with the usual git plugins).

    python benchmarks/real_handbooks.py REPO [--docs content] [--move-from DIR] [--runs 1]

REPO is a Git repository of Markdown pages that no one here wrote (a public company handbook
mirrored on this machine). It is cloned into a temporary folder and adopted the way a team does
it: `--move-from DIR` moves the Markdown of DIR (`.` for the top) into `content/` in one commit;
then only an `mkdocs.yml` is added and `playbooks/` created. Nothing of it is kept or committed.
Prints a Markdown table (paste it into benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_times import PYTHON, machine, measure_build, measure_history

CONFIG = """\
site_name: {name}
site_url: https://handbook.example.com/
docs_dir: {docs}
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.sections, navigation.indexes, navigation.path,
             navigation.footer, search.suggest, search.highlight, content.tooltips]
plugins:
  - search
{plugins}"""
GIT_PLUGINS = "  - git-revision-date-localized\n  - git-authors\n"


def adopt(source: Path, dest: Path, docs: str, move_from: str | None) -> Path:
    """A clone of `source` as a team adopting Handbook leaves it: pages in `docs`, one commit."""
    subprocess.run(["git", "clone", "-q", str(source), str(dest)], check=True)
    git = ["git", "-C", str(dest), "-c", "user.name=Adopter", "-c", "user.email=adopter@example.com"]
    if move_from is not None:
        origin = dest / move_from
        pages = [p for p in origin.glob("*.md")] if move_from == "." else [origin]
        (dest / docs).mkdir(exist_ok=True)
        for page in pages:
            subprocess.run([*git, "mv", str(page.relative_to(dest)), f"{docs}/"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", f"chore: move the handbook into {docs}/"], check=True)
    (dest / "playbooks").mkdir(exist_ok=True)
    readme = dest / docs / "README.md"
    if readme.exists() and not (dest / docs / "index.md").exists():
        shutil.copy(readme, dest / docs / "index.md")  # what MkDocs would do, for both builds
        readme.unlink()
    return dest


def configs(hub: Path, name: str, docs: str) -> dict[str, str]:
    """The same mkdocs.yml with Handbook, without it, and with the git plugins instead."""
    found = {"Material": "plain.yml", "Handbook": "mkdocs.yml"}
    (hub / "plain.yml").write_text(CONFIG.format(name=name, docs=docs, plugins=""))
    (hub / "mkdocs.yml").write_text(CONFIG.format(name=name, docs=docs, plugins="  - handbook\n"))
    if find_spec("mkdocs_git_revision_date_localized_plugin") and find_spec("mkdocs_git_authors_plugin"):
        (hub / "gitplugins.yml").write_text(CONFIG.format(name=name, docs=docs, plugins=GIT_PLUGINS))
        found["Material + git plugins"] = "gitplugins.yml"
    return found


def check_summary(hub: Path) -> tuple[int, int, float, str]:
    """`handbook check`: exit code, lines printed, seconds and its last line (the summary)."""
    started = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "handbook", "check"], cwd=hub, capture_output=True, text=True,
                          check=False)
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    return proc.returncode, len(lines), time.perf_counter() - started, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--docs", default="content", help="where the pages live after adopting")
    parser.add_argument("--move-from", default=None, metavar="DIR",
                        help="move DIR's Markdown into --docs in one commit first (`.`: the top)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-git-plugins", action="store_true")
    args = parser.parse_args()
    folder = args.repo.resolve()
    name = (folder.parent.name if folder.name == "repo" else folder.name).replace("+", "/")
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="handbook-real-") as tmp:
        hub = adopt(args.repo, Path(tmp) / "hub", args.docs, args.move_from)
        pages = sum(1 for _ in (hub / args.docs).rglob("*.md"))
        commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=hub, capture_output=True,
                                 text=True, check=True).stdout.strip()
        builds = configs(hub, name, args.docs)
        code, lines, seconds, last = check_summary(hub)
        print(f"{name}: {pages} pages, {commits} commits. `handbook check`: exit {code}, "
              f"{lines} lines, {seconds:.1f} s; last line: {last}\n")
        if args.no_git_plugins:
            builds.pop("Material + git plugins", None)
        results = {label: measure_build(hub, config, args.runs) for label, config in builds.items()}
        raw, ours = measure_history(hub, args.runs)
    plain = results["Material"]
    print("| handbook | pages | commits | build | wall s | × Material | peak MB | × Material | "
          "MkDocs process MB | × Material | site MB | HTML KB/page |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        print(f"| {name} | {pages} | {commits} | {label} | {r.seconds:.1f} | {r.seconds / plain.seconds:.2f} | "
              f"{r.peak_mb:.0f} | {r.peak_mb / plain.peak_mb:.2f} | {r.python_peak_mb:.0f} | "
              f"{r.python_peak_mb / plain.python_peak_mb:.2f} | {r.site_mb:.0f} | {r.html_kb_per_page:.1f} |")
    print("\nMaterial's builds include its search plugin writing its whole index; Handbook's include "
          "Pagefind indexing the site (peak MB: the largest process, MkDocs or Pagefind).")
    print(f"\nHistory: raw `git log --name-status` {raw:.2f} s, Handbook's read {ours:.2f} s "
          f"({ours / raw:.2f}x)")


if __name__ == "__main__":
    main()
