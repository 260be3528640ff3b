"""The package's layers, as docs/architecture.md draws them: a module imports only its own
layer and the layers below it, so each layer can be read, and replaced, without the ones above."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "generator" / "handbook"
# Lowest first. `mkdocs` and `cli` are both front ends; the command line may drive MkDocs.
LAYERS = ("model", "history", "checks", "site", "pipeline", "mkdocs", "cli")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "handbook" and parts[1] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every `handbook...` module a file imports, with its line (`from handbook.x import y`
    counts as importing `handbook.x.y` when y is a module, `handbook.x` otherwise)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return [(line, name) for line, name in found if name.startswith("handbook.")]


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_module_imports_no_higher_layer(path: Path) -> None:
    own = LAYERS.index(path.relative_to(PACKAGE).parts[0])
    higher = [f"{path.relative_to(PACKAGE)}:{line}: {name}" for line, name in _imports(path)
              if (layer := _layer(name)) is not None and LAYERS.index(layer) > own]
    assert not higher, "imports from a higher layer:\n" + "\n".join(higher)


def test_every_module_is_in_a_layer() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in ("__init__.py", "__main__.py")]
    assert not loose, f"modules outside the layers: {loose}"
    assert {p.relative_to(PACKAGE).parts[0] for p in MODULES} == set(LAYERS)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_import_cycles() -> None:
    """Within a layer too: a cycle is two modules that can only be understood together."""
    names = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {n if n in names else n.rpartition(".")[0] for _, n in _imports(path)} - {name}
             for name, path in names.items()}
    done: set[str] = set()

    def cycle_from(name: str, trail: list[str]) -> list[str]:
        if name in trail:
            return [*trail[trail.index(name):], name]
        if name in done or name not in graph:
            return []
        for imported in sorted(graph[name]):
            if found := cycle_from(imported, [*trail, name]):
                return found
        done.add(name)
        return []

    cycles = [found for name in sorted(graph) if (found := cycle_from(name, []))]
    assert not cycles, "import cycle: " + " -> ".join(cycles[0])
