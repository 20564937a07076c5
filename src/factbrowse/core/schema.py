"""The JSON Schema of a fact file, generated from the entry model.

Editors with taplo (Even Better TOML) validate and complete fact files against it; the fact
folder's ``.taplo.toml`` points them to ``factbrowse.schema.json`` beside it.
"""

from __future__ import annotations

import json
from typing import Any

from factbrowse.core.model import entry_adapter
from factbrowse.core.vocab import ID_PATTERN

SCHEMA_FILE = "factbrowse.schema.json"


def _tomlify(node: Any) -> Any:
    """TOML has no null: optional keys are simply left out, so drop the null branches."""
    if isinstance(node, list):
        return [_tomlify(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _tomlify(v) for k, v in node.items()}
    if "anyOf" in out:
        branches = [b for b in out["anyOf"] if b != {"type": "null"}]
        if len(branches) == 1:
            del out["anyOf"]
            out.update(branches[0])
        else:
            out["anyOf"] = branches
    if out.get("default", ...) is None:
        del out["default"]
    if out.get("items") in ({"$ref": "#/$defs/Citation"}, {"$ref": "#/$defs/Participant"}):
        # a citation may be written as the bare source id, a participant as the bare id
        out["items"] = {"anyOf": [{"type": "string", "pattern": ID_PATTERN}, out["items"]]}
    return out


def schema() -> dict[str, Any]:
    data = _tomlify(entry_adapter().json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://factbrowse.invalid/schema/entry.json",
        "title": "factbrowse entry",
        "description": "One entry of a factbrowse fact base; the file name is its id.",
        **{k: v for k, v in data.items() if k not in ("title", "description")},
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
