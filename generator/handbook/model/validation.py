"""Turn schema violations into messages a marketer can act on."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from handbook.model.frontmatter import Loc

Problem = tuple[Loc, str, str]  # field path, message, fix


def field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice `word` is a typo of, if any: one edit away for short names, two for longer
    ones, three past ten letters, ignoring case and `-` for `_`. Closer than difflib's ratio,
    which pairs `status` with `tags` and `date` with `kind`; the nearest wins."""
    typed = _normalized(word)
    best: tuple[int, str] | None = None
    for choice in choices:
        distance = _edits(typed, _normalized(choice))
        allowed = 1 if len(choice) <= 5 else 2 if len(choice) <= 10 else 3
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, choice)
    return best[1] if best else None


def _normalized(word: str) -> str:
    return word.casefold().replace("-", "_").replace(" ", "_")


def _edits(a: str, b: str) -> int:
    """Edits from `a` to `b`: insert, delete, replace, or swap two neighbours (`reveiwed`)."""
    if abs(len(a) - len(b)) > 3:
        return 4  # more than any typo allows: skip the table
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def explain(error: ValidationError, model: type[BaseModel], kind: str) -> Iterator[Problem]:
    """One friendly (location, message, fix) per pydantic error."""
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if not isinstance(part, str) or part)
        yield loc, *_describe(item, loc, model, kind)


def _where(loc: Loc) -> str:
    path = ""
    for part in loc:
        path += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return f"`{path}`"


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


# Pydantic error types that mean a value of the wrong type: (message, fix); the message
# names the field and shows the value.
_WRONG_TYPE = {
    "list_type": ("{field} should be a list", "write one item per line, each starting with `- `"),
    **dict.fromkeys(("model_type", "model_attributes_type", "dict_type"), (
        "{field} should be a group of `name: value` fields", "indent its fields under it")),
    **dict.fromkeys(("int_parsing", "int_type", "int_from_float"), (
        "{field} should be a whole number, not {value}", "write a number like `3`")),
    **dict.fromkeys(("bool_parsing", "bool_type"), (
        "{field} should be true or false, not {value}", "write `true` or `false`")),
}


def _describe(item: Any, loc: Loc, model: type[BaseModel], kind: str) -> tuple[str, str]:
    """(message, fix) for one pydantic error, worded by the error's type."""
    error_type = item["type"]
    value = item.get("input")
    field = _where(loc)
    if error_type == "extra_forbidden":
        return _unknown_field(loc, model, kind)
    if error_type == "missing":
        return f"{field} is required for a {kind}", f"add a line `{loc[-1]}: ...`"
    if error_type == "literal_error":
        return _not_allowed(field, value, item.get("ctx", {}).get("expected", ""))
    if error_type in ("string_type", "string_sub_type"):
        fix = "put the value in quotes" if isinstance(value, bool) or value is None else "write it as text"
        return f"{field} should be text, not {_show(value)}", fix
    if error_type in _WRONG_TYPE:
        message, fix = _WRONG_TYPE[error_type]
        return message.format(field=field, value=_show(value)), fix
    return _rejected_value(item, loc, field)


def _unknown_field(loc: Loc, model: type[BaseModel], kind: str) -> tuple[str, str]:
    """A field the kind does not have: the name it is a typo of, else the names it may have."""
    name = str(loc[-1])
    choices = _choices_at(model, loc[:-1])
    close = suggest(name, choices)
    hint = f"did you mean `{close}`?" if close else f"remove it; a {kind} can have: " + ", ".join(choices)
    where = f" in {_where(loc[:-1])}" if len(loc) > 1 else ""
    return f"unknown field `{name}`{where} for a {kind}", hint


def _not_allowed(field: str, value: Any, allowed: str) -> tuple[str, str]:
    """A value outside a fixed list (`allowed`, as pydantic words it: `'a', 'b' or 'c'`)."""
    close = suggest(str(value), [a.strip(" '") for a in allowed.replace(" or ", ", ").split(",")])
    fix = f"did you mean `{close}`?" if close else f"use one of {allowed}"
    return f"{field} is {_show(value)}, which is not allowed", fix


def _rejected_value(item: Any, loc: Loc, field: str) -> tuple[str, str]:
    """A value of the right type that its field's own rule rejects: an interval, a web address,
    a date; pydantic's message for any other error."""
    error_type, last = item["type"], loc[-1] if loc else None
    value, reason = item.get("input"), str(item["msg"]).removeprefix("Value error, ")
    if error_type == "string_pattern_mismatch" and last == "review_every":
        return f"{field} is {_show(value)}, not an interval", "write a number and a unit, like `90 days`"
    if error_type == "string_pattern_mismatch" and last == "url":
        return f"{field} is {_show(value)}, not a web address", "start it with https://"
    if error_type == "value_error" and last == "review_every":
        return f"{field}: {reason}", "write a shorter interval, like `1 year`"
    if error_type == "value_error" and "date" in item["msg"]:
        return f"{field}: {reason}", "write dates as YYYY-MM-DD, like 2026-03-01"
    return f"{field}: {item['msg']}", ""


def _choices_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names allowed at a nested location, like ('goals', 0)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            break
        current = _inner_model(info.annotation)
    return field_names(current) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
