"""Adopting a real handbook: `handbook check`, build time, peak memory and site size against
Material built from the same `mkdocs.yml` minus Handbook (and with the usual git plugins).

    python benchmarks/real_handbooks.py REPO [--docs content] [--move-from DIR] [--runs 1]
                                        [--history-only] [--against REV]

REPO is a Git repository of Markdown pages that no one here wrote (a public company handbook
mirrored on this machine). It is cloned into a temporary folder and adopted the way a team does it:
`--move-from DIR` moves the Markdown of DIR (`.` for the top: its `*.md`; `*`: those and every
top-level folder holding Markdown; a folder: all it holds) into `content/` in one commit; then only
an `mkdocs.yml` is added and `playbooks/` created. Nothing of it is kept or committed. Prints
Markdown tables (paste them into benchmarks/README.md): the history read, against a raw `git log
--name-status` over `content/` and over `content/` and every place its pages lived before (Handbook
follows pages across those moves), wall / CPU, and with `--against REV` the read of this
repository's generator at REV in the same runs; then the builds.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build_times import PYTHON, Result, machine, measure_build

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
        origin = dest / ("." if move_from == "*" else move_from)
        pages = sorted(origin.glob("*.md") if move_from in (".", "*") else origin.iterdir())
        if move_from == "*":  # a folder per subject too (Artsy's, Mattermost's handbooks)
            pages += sorted(folder for folder in origin.iterdir() if folder.is_dir() and folder.name[0] != "."
                            and folder.name != docs and any(folder.rglob("*.md")))
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
# top-level files) they came from, as Handbook reads them. Times are wall and CPU seconds (the
# process's and its git children's user + system time: steadier on a busy machine).
READ = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import git  # imported by a build long before history is read
from handbook import history
from handbook.history.git import _folders, _mostly_hub, _walk
def cpu():
    usages = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in usages)
def timed(read):
    wall, used = time.perf_counter(), cpu()
    found = read()
    return found, (time.perf_counter() - wall, cpu() - used)
found, ours = timed(lambda: history.read(Path("."), ["content", "playbooks"]))
_, whole = timed(lambda: _walk(found.top, ["content", "playbooks"], True))
_, limited = timed(lambda: _walk(found.top, ["content", "playbooks"], False))
hub = ("content/", "playbooks/")
olds = {p: {n for _, n in found.names_of(p) if n and not n.startswith(hub)} for p, _ in found.files()}
print(json.dumps({"ours": ours, "whole": whole, "limited": limited,
                  "whole_chosen": _mostly_hub(found.top, ["content", "playbooks"]),
                  "pages": len(olds), "before": sum(1 for names in olds.values() if names),
                  "sources": _folders(n for names in olds.values() for n in names)}))
"""
RAW = ["git", "log", "--name-status", "-M", "-z", "--format=%H%x1f%an%x1f%at%x1f%B", "HEAD", "--"]
Seconds = tuple[float, float]  # wall, CPU


@dataclass
class MovedHistory:
    raw: Seconds  # a raw `git log --name-status` over the hub's paths
    raw_all: Seconds  # the same over the hub's paths and every place its pages came from
    ours: Seconds  # Handbook's read
    earlier: Seconds | None  # Handbook's read at `--against REV`, timed in the same runs
    whole: Seconds  # its one pass over the whole repository
    limited: Seconds  # its passes path by path
    whole_chosen: bool
    ratios: list[float]  # each run's wall time of Handbook's read over the raw log's, same history
    pages: int
    before: int  # pages whose history reaches back before a move
    sources: list[str]


def raw_log(hub: Path, paths: list[str]) -> Seconds:
    started = time.perf_counter()
    proc = subprocess.Popen([*RAW, *paths], cwd=hub, stdout=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def median(found: list[Seconds]) -> Seconds:
    return statistics.median(f[0] for f in found), statistics.median(f[1] for f in found)


def measure_moved_history(hub: Path, runs: int, against: Path | None = None) -> MovedHistory:
    """Raw `git log --name-status` over the hub's paths, and over them plus the places their
    pages came from (the same history, as raw Git gives it), against Handbook's read (and the
    read of another revision's `generator/`, `against`); the runs interleaved, so a busy moment
    weighs on each the same."""
    generators = {"ours": str(Path(__file__).parent.parent / "generator")}
    if against is not None:
        generators["earlier"] = str(against)
    reads: dict[str, list[dict]] = {key: [] for key in generators}
    raw, raw_all = [], []
    for _ in range(runs):
        for key, generator in generators.items():
            reads[key].append(json.loads(subprocess.run([PYTHON, "-c", READ, generator], cwd=hub,
                                                        capture_output=True, text=True, check=True).stdout))
        raw.append(raw_log(hub, ["content", "playbooks"]))
        raw_all.append(raw_log(hub, ["content", "playbooks", *reads["ours"][0]["sources"]]))
    first, ours = reads["ours"][0], reads["ours"]
    earlier = median([r["ours"] for r in reads["earlier"]]) if against is not None else None
    ratios = [r["ours"][0] / raw[0] for r, raw in zip(ours, raw_all, strict=True)]
    return MovedHistory(median(raw), median(raw_all), median([r["ours"] for r in ours]), earlier,
                        median([r["whole"] for r in ours]), median([r["limited"] for r in ours]),
                        first["whole_chosen"], ratios, first["pages"], first["before"], first["sources"])


def generator_at(revision: str, dest: Path) -> Path:
    """This repository's `generator/` as of `revision`, written under `dest` (`--against`)."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "generator"],
                             cwd=Path(__file__).parent.parent, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "generator"


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
                        help="move DIR's Markdown into --docs in one commit first (`.`: the top's files; "
                        "`*`: those and the top's folders of Markdown)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-git-plugins", action="store_true")
    parser.add_argument("--history-only", action="store_true", help="time the history read, no builds")
    parser.add_argument("--against", metavar="REV", help="also time the history read of this repository's "
                        "generator/ at REV, interleaved with the current one")
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
        against = generator_at(args.against, Path(tmp) / "against") if args.against else None
        moved = measure_moved_history(hub, args.runs, against)
        results = {} if args.history_only else builds(hub, name, args)
    print_history(name, moved, args.against)
    if not results:
        return
    plain = results["Material"]
    print("| handbook | pages | commits | build | wall s | × Material | peak MB | × Material | "
          "MkDocs process MB | × Material | all at once MB | × Material | site MB | HTML KB/page |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in results.items():
        print(f"| {name} | {pages} | {commits} | {label} | {r.seconds:.1f} | "
              f"{r.seconds / plain.seconds:.2f} | "
              f"{r.peak_mb:.0f} | {r.peak_mb / plain.peak_mb:.2f} | {r.python_peak_mb:.0f} | "
              f"{r.python_peak_mb / plain.python_peak_mb:.2f} | {r.tree_peak_mb:.0f} | "
              f"{r.tree_peak_mb / plain.tree_peak_mb:.2f} | {r.site_mb:.0f} | {r.html_kb_per_page:.1f} |")
    print("\nMaterial's builds include its search plugin writing its whole index; Handbook's include "
          "writing its own (peak MB: the largest process, MkDocs or a git it runs; all at "
          "once: every process of the build together, sampled every 20 ms).")


def builds(hub: Path, name: str, args: argparse.Namespace) -> dict[str, Result]:
    """`handbook check`, then each build of the same pages."""
    found = configs(hub, name, args.docs)
    code, lines, seconds, last = check_summary(hub)
    print(f"`handbook check`: exit {code}, {lines} lines, {seconds:.1f} s; last line: {last}\n")
    if args.no_git_plugins:
        found.pop("Material + git plugins", None)
    return {label: measure_build(hub, config, args.runs) for label, config in found.items()}


def print_history(name: str, moved: MovedHistory, against: str | None = None) -> None:
    """One row: wall / CPU seconds of each read, and Handbook's against the raw logs (wall and
    CPU: the CPU steadier on a busy machine)."""
    def both(t: Seconds) -> str:
        return f"{t[0]:.3f} / {t[1]:.3f}"

    def ratio(t: Seconds, raw: Seconds) -> str:
        return f"{t[0] / raw[0]:.2f} / {t[1] / raw[1]:.2f}"

    shown = ", ".join(f"`{s}`" for s in moved.sources[:3]) + (" …" if len(moved.sources) > 3 else "")
    earlier = ([f"read at {against}", f"× raw, same history, at {against}"]
               if moved.earlier is not None else [])
    print("| handbook | pages with history from before a move | came from | raw `git log`, content/ | "
          "raw, content/ and where its pages came from | Handbook's read | × raw | × raw, same history | "
          + "".join(f"{column} | " for column in earlier)
          + "one pass over the whole repository | path by path | chosen | × raw, same history, "
          "run by run: median (least–most) |")
    print("|---|---:|---|---:|---:|---:|---:|---:|" + "---:|" * len(earlier) + "---:|---:|---|---:|")
    print(f"| {name} | {moved.before} of {moved.pages} | {shown or 'nowhere'} | {both(moved.raw)} | "
          f"{both(moved.raw_all)} | {both(moved.ours)} | {ratio(moved.ours, moved.raw)} | "
          f"{ratio(moved.ours, moved.raw_all)} | "
          + (f"{both(moved.earlier)} | {ratio(moved.earlier, moved.raw_all)} | " if moved.earlier else "")
          + f"{both(moved.whole)} | {both(moved.limited)} | "
          f"{'whole' if moved.whole_chosen else 'path by path'} | {statistics.median(moved.ratios):.2f} "
          f"({min(moved.ratios):.2f}–{max(moved.ratios):.2f}) |")


if __name__ == "__main__":
    main()
