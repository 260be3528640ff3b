"""JSON Schema for each kind's front matter, from the same models the checks use.

Editors (VS Code's YAML extension) use it for completion and errors as authors type.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handbook.model.documents import KINDS, MODELS, OWNERLESS, Kind

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: Kind) -> dict[str, Any]:
    """The model's schema, plus what `handbook check` asks beyond the model: an owner."""
    schema = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    if kind not in OWNERLESS:
        schema["required"] = ["owner", *schema.get("required", [])]
    return {**schema, "$schema": SCHEMA_URL, "title": f"Handbook {kind} front matter"}


def as_text(kind: Kind) -> str:
    return _dumped(schema_for(kind))


def all_as_text() -> str:
    """Every kind's schema in one object, keyed by kind."""
    return _dumped({kind: schema_for(kind) for kind in KINDS})


def _dumped(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(out: Path, kinds: list[Kind]) -> list[Path]:
    """`<kind>.json` files in `out`, for `yaml.schemas` and other editor settings."""
    out.mkdir(parents=True, exist_ok=True)
    for kind in kinds:
        (out / f"{kind}.json").write_text(as_text(kind), encoding="utf-8")
    return [out / f"{kind}.json" for kind in kinds]


def files() -> dict[str, str]:
    """Site path -> schema text, published with the site as `schema/<kind>.json`."""
    return {f"schema/{kind}.json": as_text(kind) for kind in KINDS}
