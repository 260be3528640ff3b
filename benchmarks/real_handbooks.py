"""Adopting a real handbook: `handbook check`, build time, peak memory and site size against
Material built from the same `mkdocs.yml` minus Handbook (and with the usual git plugins).

    python benchmarks/real_handbooks.py REPO [--docs content] [--move-from DIR] [--runs 1]

REPO is a Git repository of Markdown pages that no one here wrote (a public company handbook
mirrored on this machine). It is cloned into a temporary folder and adopted the way a team does
it: `--move-from DIR` moves the Markdown of DIR (`.` for the top: its `*.md`; a folder: all it
holds) into `content/` in one commit; then only an `mkdocs.yml` is added and `playbooks/` created.
Nothing of it is kept or committed. Prints a Markdown table (paste it into benchmarks/README.md)
and the history line: a raw `git log --name-status` over `content/`, the same over `content/` and
every place its pages lived before, and Handbook's read, which follows pages across those moves.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_times import PYTHON, Result, machine, measure_build, run

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
        pages = sorted(origin.glob("*.md") if move_from == "." else origin.iterdir())
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


# Handbook's history read, timed inside the process (a build has already started Python), then
# each of its two ways forced (one pass over the whole repository, or path by path with moves
# looked up), and the pages whose history reaches back before a move, with the folders (or
# top-level files) they came from, as Handbook reads them.
READ = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import git  # imported by a build long before history is read
from handbook import history
started = time.perf_counter()
found = history.read(Path("."), ["content", "playbooks"])
seconds = time.perf_counter() - started
ways = {}
for whole in (True, False):
    started = time.perf_counter()
    history._walk(found.top, ["content", "playbooks"], whole)
    ways[whole] = time.perf_counter() - started
hub = ("content/", "playbooks/")
olds = {p: {n for _, n in found.names_of(p) if n and not n.startswith(hub)} for p in found.by_path if "@" not in p}
before = [p for p, names in olds.items() if names]
print(json.dumps({"seconds": seconds, "whole": ways[True], "limited": ways[False],
                  "whole_chosen": history._mostly_hub(found.top, ["content", "playbooks"]),
                  "pages": len(olds), "before": len(before),
                  "sources": history._folders(n for names in olds.values() for n in names)}))
"""
RAW = ["git", "log", "--name-status", "-M", "-z", "--format=%H%x1f%an%x1f%at%x1f%B", "HEAD", "--"]


@dataclass
class MovedHistory:
    raw: float  # seconds of a raw `git log --name-status` over the hub's paths
    raw_all: float  # the same over the hub's paths and every place its pages came from
    ours: float  # Handbook's read
    whole: float  # its one pass over the whole repository
    limited: float  # its passes path by path
    whole_chosen: bool
    pages: int
    before: int  # pages whose history reaches back before a move
    sources: list[str]


def measure_moved_history(hub: Path, runs: int) -> MovedHistory:
    """Raw `git log --name-status` over the hub's paths, and over them plus the places their
    pages came from (the same history, as raw Git gives it), against Handbook's read."""
    generator = str(Path(__file__).parent.parent / "generator")
    reads = [json.loads(subprocess.run([PYTHON, "-c", READ, generator], cwd=hub, capture_output=True, text=True,
                                       check=True).stdout) for _ in range(runs)]
    sources = reads[0]["sources"]
    return MovedHistory(
        raw=statistics.median(run([*RAW, "content", "playbooks"], hub)[0] for _ in range(runs)),
        raw_all=statistics.median(run([*RAW, "content", "playbooks", *sources], hub)[0] for _ in range(runs)),
        ours=statistics.median(r["seconds"] for r in reads), whole=statistics.median(r["whole"] for r in reads),
        limited=statistics.median(r["limited"] for r in reads), whole_chosen=reads[0]["whole_chosen"],
        pages=reads[0]["pages"],
        before=reads[0]["before"], sources=sources)


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
    parser.add_argument("--history-only", action="store_true", help="time the history read, no builds")
    args = parser.parse_args()
    folder = args.repo.resolve()
    name = (folder.parent.name if folder.name == "repo" else folder.name).replace("+", "/")
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="handbook-real-") as tmp:
        hub = adopt(args.repo, Path(tmp) / "hub", args.docs, args.move_from)
        pages = sum(1 for _ in (hub / args.docs).rglob("*.md"))
        commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=hub, capture_output=True,
                                 text=True, check=True).stdout.strip()
        print(f"{name}: {pages} pages, {commits} commits.")
        moved = measure_moved_history(hub, args.runs)
        results = {} if args.history_only else builds(hub, name, args)
    print_history(moved)
    if not results:
        return
    plain = results["Material"]
    print("\n| handbook | pages | commits | build | wall s | × Material | peak MB | × Material | "
          "site MB | HTML KB/page |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        print(f"| {name} | {pages} | {commits} | {label} | {r.seconds:.1f} | {r.seconds / plain.seconds:.2f} | "
              f"{r.peak_mb:.0f} | {r.peak_mb / plain.peak_mb:.2f} | {r.site_mb:.0f} | "
              f"{r.html_kb_per_page:.1f} |")


def builds(hub: Path, name: str, args: argparse.Namespace) -> dict[str, Result]:
    """`handbook check`, then each build of the same pages."""
    found = configs(hub, name, args.docs)
    code, lines, seconds, last = check_summary(hub)
    print(f"`handbook check`: exit {code}, {lines} lines, {seconds:.1f} s; last line: {last}\n")
    if args.no_git_plugins:
        found.pop("Material + git plugins", None)
    return {label: measure_build(hub, config, args.runs) for label, config in found.items()}


def print_history(moved: MovedHistory) -> None:
    shown = ", ".join(f"`{s}`" for s in moved.sources[:4])
    more = f" and {len(moved.sources) - 4} more" if len(moved.sources) > 4 else ""
    print(f"History: raw `git log --name-status` over content/ {moved.raw:.3f} s, over content/ and where "
          f"its pages came from ({shown or 'nowhere'}{more}) {moved.raw_all:.3f} s; Handbook's read "
          f"{moved.ours:.3f} s ({moved.ours / moved.raw:.2f}x, {moved.ours / moved.raw_all:.2f}x); "
          f"{moved.before} of {moved.pages} files have history from before a move. Read in one pass over the "
          f"whole repository {moved.whole:.3f} s, path by path {moved.limited:.3f} s; chosen: "
          f"{'whole' if moved.whole_chosen else 'path by path'}")


if __name__ == "__main__":
    main()
