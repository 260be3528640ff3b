"""JSON Schema for each kind's front matter, from the same models the checks use.

Editors (VS Code's YAML extension) use it for completion and errors as authors type.
"""

from __future__ import annotations

import json
from typing import Any

from handbook.documents import KINDS, MODELS, Kind

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: Kind) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema(by_alias=True, mode="validation")
    return {**schema, "$schema": SCHEMA_URL, "title": f"Handbook {kind} front matter"}


def as_text(kind: Kind) -> str:
    return json.dumps(schema_for(kind), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def files() -> dict[str, str]:
    """Site path -> schema text, published with the site as `schema/<kind>.json`."""
    return {f"schema/{kind}.json": as_text(kind) for kind in KINDS}
