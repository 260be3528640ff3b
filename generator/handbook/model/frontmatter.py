"""Split a Markdown file into YAML front matter and body, remembering each value's line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

Loc = tuple[str | int, ...]

# Front matter with more nodes than this (after expanding aliases) is refused: a "billion
# laughs" alias bomb would otherwise hang validation.
MAX_NODES = 50_000


class FrontMatterError(Exception):
    """Front matter that cannot be read; carries the 1-based line in the file."""

    def __init__(self, line: int, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.fix = fix


@dataclass
class Parsed:
    """A Markdown file taken apart: front matter values, their lines, and the body."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[Loc, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


def line_of(lines: dict[Loc, int], loc: Loc) -> int:
    """Line of a field path, falling back to its nearest parent, then to line 1."""
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return 1


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps dates as text, so an impossible date becomes a clear field error.

    libyaml's loader when PyYAML has it: parsing front matter is most of a check's time."""


class _PureLoader(yaml.SafeLoader):
    """The same in Python, for text that could nest deeply: libyaml's composer recurses on the
    C stack and kills the process (no exception) some 20,000 levels down; Python's raises
    RecursionError, which becomes a diagnostic."""


class Timestamp(str):
    """A date as written (`2020-01-01`): text for validation, and written back unquoted, so a
    key Handbook passes through reaches MkDocs as the date its author wrote."""


def _date_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return Timestamp(loader.construct_scalar(node))


for _loader_class in (_Loader, _PureLoader):
    _loader_class.add_constructor("tag:yaml.org,2002:timestamp", _date_as_text)

# Every level of YAML nesting takes a new line or an indicator ([ { - ? :), so their count
# bounds the depth; front matter above it is read by _PureLoader.
_C_LOADER_MAX_DEPTH = 2_000


def _loader_for(source: str) -> type[yaml.SafeLoader]:
    bound = source.count("\n") + sum(source.count(indicator) for indicator in "[{-?:")
    return _Loader if bound < _C_LOADER_MAX_DEPTH else _PureLoader


def parse(text: str) -> Parsed:
    """Parse a whole Markdown file; raises FrontMatterError with the file's line number."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return Parsed(body=text, body_line=1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError(
            1,
            "the front matter starts with --- on line 1 but is never closed",
            "add a line with just --- after the last field",
        )
    source = "\n".join(lines[1:index])
    data, locations = _load_yaml(source, first_line=2)
    return Parsed(data, locations, "\n".join(lines[index + 1 :]), index + 2)


def load_yaml(text: str) -> tuple[dict[str, Any], dict[Loc, int]]:
    """A YAML file of its own (a data file, not front matter): its values and their lines."""
    return _load_yaml(text.removeprefix("\ufeff"), first_line=1)


def _load_yaml(source: str, first_line: int) -> tuple[dict[str, Any], dict[Loc, int]]:
    loader: yaml.SafeLoader | None = None
    try:
        loader = _loader_for(source)(source)
        return _read(loader, first_line)
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        position = min(exc.position, len(source))
        raise FrontMatterError(
            first_line + source.count("\n", 0, position),
            f"the front matter contains a character YAML does not allow (#x{exc.character:04x})",
            "delete the invisible character, or retype the line",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


def _read(loader: yaml.SafeLoader, first_line: int) -> tuple[dict[str, Any], dict[Loc, int]]:
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(
                first_line + node.start_mark.line,
                "the front matter is not a list of fields",
                "write one `field: value` per line between the --- lines",
            )
        _check_size(node, first_line)
        locations: dict[Loc, int] = {}
        _record_lines(node, (), first_line, locations)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(
            line,
            f"the front matter is not valid YAML: {problem}",
            "check indentation and quote values that contain ':' or start with a symbol",
        ) from None
    except yaml.reader.ReaderError:
        raise
    except yaml.YAMLError as exc:
        raise FrontMatterError(first_line, f"the front matter is not valid YAML: {exc}") from None
    except RecursionError:
        raise FrontMatterError(
            first_line, "the front matter is nested too deeply", "flatten the nested lists"
        ) from None
    return data, locations


def _check_size(root: yaml.Node, first_line: int) -> None:
    """Refuse front matter whose aliases expand to more than MAX_NODES values."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if depth > 100:
            raise RecursionError
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        sizes[id(node)] = min(total, MAX_NODES + 1)
        return sizes[id(node)]

    if size(root, 0) > MAX_NODES:
        raise FrontMatterError(
            first_line + root.start_mark.line,
            f"the front matter expands to more than {MAX_NODES:,} values (YAML aliases)",
            "write the values out instead of repeating them with &anchors and *aliases",
        )


def _record_lines(node: yaml.Node, loc: Loc, first_line: int, out: dict[Loc, int]) -> None:
    """Map every field path, like ('goals', 1, 'target'), to its 1-based line in the file."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            path = (*loc, key)
            line = first_line + key_node.start_mark.line
            if not loc and path in out:
                raise FrontMatterError(
                    line,
                    f"the field `{key}` appears twice (lines {out[path]} and {line})",
                    "keep one of them",
                )
            out.setdefault(path, line)
            _record_lines(value_node, path, first_line, out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[(*loc, index)] = first_line + item.start_mark.line
            _record_lines(item, (*loc, index), first_line, out)
