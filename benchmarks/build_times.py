"""Build time, memory, page weight and search index size: Handbook against plain Material
(and Material with the usual git plugins) on synthetic hubs, all in the same run.

    python benchmarks/build_times.py [--sizes 300,1000,3000] [--runs 3] [--quick]

Prints a Markdown table (paste it into benchmarks/README.md). Each build runs in its own
process; wall time is the median of the runs, memory the largest peak RSS.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth

PYTHON = sys.executable


@dataclass
class Result:
    seconds: float
    peak_mb: float  # the largest process of the build: MkDocs, or a tool it runs (git)
    python_peak_mb: float  # MkDocs' own process
    tree_peak_mb: float  # the build's processes at once (MkDocs and the git it runs)
    site_mb: float
    html_kb_per_page: float
    index_kb: float


# `mkdocs build`, saying at exit how much memory its own process peaked at (wait4 reports the
# largest of the process and the children it waited for, git included).
MKDOCS = ("import atexit, resource, sys; atexit.register(lambda: sys.stderr.write("
          "f'\\nself-peak-kb {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n')); "
          "from mkdocs.__main__ import cli; cli(prog_name='mkdocs')")


class TreePeak(threading.Thread):
    """The largest sum of RSS over a process and its descendants, sampled every 20 ms from
    /proc (Linux; a fraction of a millisecond each): what the build needs at once, where each
    process's own peak misses that MkDocs holds its memory while its children run. 0 where /proc
    is missing."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.02):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _tree(self.pid)))

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak_kb / 1024


def _tree(root: int) -> list[int]:
    """The process and its descendants, from each of its threads' `children` in /proc."""
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        try:
            for thread in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{thread}/children") as listed:
                    todo += [int(child) for child in listed.read().split()]
        except OSError:
            continue  # gone meanwhile
    return found


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None,
        tree: list[float] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of one child process and the children it waited for, and
    what it printed on stderr (into a file: a full pipe would stop the child). With `tree`,
    appends the peak of the whole process tree at once (see TreePeak)."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                                stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreePeak(proc.pid)
        if tree is not None:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        if tree is not None:
            tree.append(sampler.stop())
        elapsed = time.perf_counter() - started
        err.seek(0)
        said = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{said[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, said


def measure_build(hub: Path, config: str, runs: int) -> Result:
    site = hub / f"site-{Path(config).stem}"
    times, peaks, own, trees = [], [], [], []
    for _ in range(runs):
        seconds, peak, said = run([PYTHON, "-c", MKDOCS, "build", "-q", "-f", config, "-d", str(site)], hub,
                                  {"SOURCE_DATE_EPOCH": "1795392000", "NO_MKDOCS_2_WARNING": "1"}, trees)
        times.append(seconds)
        peaks.append(peak)
        own.append(int(said.rsplit("self-peak-kb ", 1)[1].split()[0]) / 1024)
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    # Material's index, or Handbook's: its map, chunks and fragments
    index = [site / "search/search_index.json", *(site / "search/handbook").rglob("*")]
    return Result(statistics.median(times), max(peaks), max(own), max(trees), total / 1e6,
                  sum(p.stat().st_size for p in pages) / len(pages) / 1024,
                  sum(f.stat().st_size for f in index if f.is_file()) / 1024)


def measure_history(hub: Path, runs: int) -> tuple[float, float]:
    """One raw `git log --name-status` pass vs Handbook's history read, each timed from start
    to finish of the read itself (a build has already started Python and imported Handbook)."""
    raw = [run(["git", "log", "--name-status", "-M", "-z", "--format=%H%x1f%an%x1f%at%x1f%B",
                "HEAD", "--", "content"], hub)[0] for _ in range(runs)]
    code = ("import sys, time; sys.path.insert(0, %r); from pathlib import Path; import git; "
            "from handbook import history; started = time.perf_counter(); "
            "h = history.read(Path('.'), ['content']); assert h.available and h.commits; "
            "print(time.perf_counter() - started)")
    ours = [float(subprocess.run([PYTHON, "-c", code % str(Path(__file__).parent.parent / "generator")],
                                 cwd=hub, capture_output=True, text=True, check=True).stdout)
            for _ in range(runs)]
    return statistics.median(raw), statistics.median(ours)


SERVE = """
import sys, time, statistics
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
page = Path(sys.argv[2])
def once():
    config = load_config(sys.argv[1], site_dir="site-serve")  # serve reloads the config each time
    config.plugins.on_startup(command="serve", dirty=False)
    started = time.perf_counter()
    build(config, serve_url="http://127.0.0.1:8000/")
    return time.perf_counter() - started
once()  # the first build when serve starts
times = []
for n in range(3):
    page.write_text(page.read_text() + f"\\nEdited {n}.\\n")  # one-page edit, then the rebuild
    times.append(once())
print(statistics.median(times))
"""


def measure_serve(hub: Path, config: str) -> float:
    """Rebuild time after a one-page edit, as `mkdocs serve` does it: same process, config
    reloaded, full rebuild (MkDocs' default, not --dirty)."""
    page = next((hub / "content/playbooks").glob("playbook-*.md"))
    original = page.read_text()
    try:
        out = subprocess.run([PYTHON, "-c", SERVE, config, str(page)], cwd=hub, capture_output=True,
                             text=True, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    finally:
        page.write_text(original)
    return float(out.stdout.strip().splitlines()[-1])


def configs(hub: Path, defaults: bool = False, git_plugins: bool = True) -> dict[str, str]:
    """mkdocs.yml variants in the hub: plain Material (the same theme features as Handbook's
    config), Material + git plugins, Handbook; with `defaults`, also Material with no features
    (every page carries the whole navigation: the issue's 51-second baseline)."""
    found = {"plain": "plain.yml", "handbook": "mkdocs.yml"}
    (hub / "plain.yml").write_text(synth.CONFIG.format(plugins=""))
    if defaults:
        start = synth.CONFIG.index("  features:")
        end = synth.CONFIG.index("plugins:")
        (hub / "defaults.yml").write_text(synth.CONFIG[:start] + synth.CONFIG[end:].format(plugins=""))
        found["Material defaults"] = "defaults.yml"
    if (git_plugins and find_spec("mkdocs_git_revision_date_localized_plugin")
            and find_spec("mkdocs_git_authors_plugin")):
        (hub / "gitplugins.yml").write_text(synth.CONFIG.format(plugins=synth.GIT_PLUGINS))
        found["git plugins"] = "gitplugins.yml"
    return found


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    import material
    import mkdocs
    return (f"{os.cpu_count()} cores, {cpu}, {memory / 1024:.1f} GB RAM; Python {platform.python_version()}, "
            f"MkDocs {mkdocs.__version__}, Material {material.__version__}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commits-per-page", type=int, default=10)
    parser.add_argument("--quick", action="store_true", help="300 pages, one run: a smoke test")
    parser.add_argument("--no-serve", action="store_true", help="skip the live-preview rebuild timing")
    parser.add_argument("--defaults-up-to", type=int, default=3000, metavar="PAGES",
                        help="build Material's defaults up to this size (their site grows with "
                             "the square of the hub: 2.7 GB at 3,000 pages)")
    parser.add_argument("--git-plugins-up-to", type=int, default=1000, metavar="PAGES",
                        help="time the git plugins up to this size (they run git per page: over "
                             "30 minutes at 3,000 pages)")
    args = parser.parse_args()
    sizes = [300] if args.quick else [int(s) for s in args.sizes.split(",")]
    runs = 1 if args.quick else args.runs
    print(f"Machine: {machine()}\n")
    rows = []
    with tempfile.TemporaryDirectory(prefix="handbook-bench-") as tmp:
        for size in sizes:
            hub = synth.generate(Path(tmp) / f"hub-{size}", size, args.commits_per_page)
            commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=hub, capture_output=True,
                                     text=True, check=True).stdout.strip()
            # Material's defaults grow quadratically (gigabytes of HTML at 3,000 pages): one run
            results = {name: measure_build(hub, config, 1 if size >= 3000 or name == "Material defaults"
                                           else runs)
                       for name, config in configs(hub, defaults=size <= args.defaults_up_to,
                                                   git_plugins=size <= args.git_plugins_up_to).items()}
            raw, ours = measure_history(hub, runs)
            serve = {} if args.no_serve else {n: measure_serve(hub, c) for n, c in configs(hub).items()
                                              if n in ("plain", "handbook")}
            rows.append((size, commits, results, raw, ours, serve))
            print(f"... {size} pages done", file=sys.stderr)
    print("| pages | commits | build | wall s | × plain | × Material defaults | peak MB | "
          "MkDocs process MB | all at once MB | site MB | HTML KB/page | search index KB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, commits, results, _, _, _ in rows:
        plain = results["plain"].seconds
        defaults = results.get("Material defaults")
        for name, r in results.items():
            versus = f"{r.seconds / defaults.seconds:.2f}" if defaults else "n/a"
            print(f"| {size} | {commits} | {name} | {r.seconds:.1f} | {r.seconds / plain:.2f} | {versus} | "
                  f"{r.peak_mb:.0f} | {r.python_peak_mb:.0f} | {r.tree_peak_mb:.0f} | {r.site_mb:.0f} | "
                  f"{r.html_kb_per_page:.1f} | {r.index_kb:.0f} |")
    print("\n| pages | raw git log s | Handbook history s | × raw | serve rebuild plain s | "
          "serve rebuild Handbook s | × plain |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, _, _, raw, ours, serve in rows:
        plain_serve, ours_serve = serve.get("plain"), serve.get("handbook")
        ratio = f"{ours_serve / plain_serve:.2f}" if plain_serve and ours_serve else "n/a"
        print(f"| {size} | {raw:.2f} | {ours:.2f} | {ours / raw:.2f} | "
              f"{plain_serve or float('nan'):.1f} | {ours_serve or float('nan'):.1f} | {ratio} |")


if __name__ == "__main__":
    main()
