"""The data guide's field tables (data/README.md), generated from the JSON Schemas in data/schema/.

Each table sits between two markers in the guide::

    <!-- schema-table: article.schema.json -->
    ... generated ...
    <!-- end schema-table -->

:func:`render_guide` returns the guide with every table regenerated (a test checks that the
committed guide equals it); ``python -m kg.ingest.schema_docs [data/README.md]`` writes it.
``<!-- schema-table: journals.schema.json minus vocabulary.schema.json -->`` lists only the
fields the first schema adds to the second; ``<!-- schema-forms: article.schema.json -->`` lists
a schema's named value forms (its ``$defs``).

>>> schema = {"type": "object", "required": ["id"], "properties": {
...     "id": {"type": "string", "description": "the folder name"},
...     "tags": {"type": "array", "items": {"type": "string"}, "description": "keywords"}}}
>>> print(render_table(schema))
| field | type | required | meaning |
| --- | --- | --- | --- |
| `id` | text | yes | the folder name |
| `tags` | list of text |  | keywords |
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

__all__ = ["render_forms", "render_guide", "render_table", "write_guide"]

_TABLE = re.compile(r"(<!-- schema-(table|forms): ([a-z.-]+)(?: minus ([a-z.-]+))? -->\n)(.*?)(<!-- end schema-\2 -->)",
                    re.DOTALL)
_TYPES = {"string": "text", "integer": "integer", "number": "number", "boolean": "true/false", "null": "nothing",
          "array": "list", "object": "mapping"}


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if not ref:
        return schema
    target = root["$defs"][ref.rsplit("/", 1)[1]]
    return {**target, **{k: v for k, v in schema.items() if k != "$ref"}}


def _summary(schema: dict, root: dict) -> str:
    """A short name for what a schema accepts: ``list of sentence id``, ``one of `base`, `rescue```."""
    if "$ref" in schema:
        target = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        if target.get("title"):
            return str(target["title"])
        return _summary(target, root)
    if "enum" in schema:
        return "one of " + ", ".join(f"`{v}`" for v in schema["enum"])
    if "anyOf" in schema and "type" not in schema:
        return " or ".join(_summary(branch, root) for branch in schema["anyOf"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        names = [_TYPES[k] for k in kind]
        return ", ".join(names[:-1]) + " or " + names[-1]
    if kind == "array":
        return "list of " + _summary(schema.get("items", {}), root)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        keys = _summary(schema.get("propertyNames", {"type": "string"}), root)
        return f"mapping of {keys} to {_summary(schema['additionalProperties'], root)}"
    return _TYPES.get(kind, kind)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(schema: dict, root: dict, prefix: str, skip: frozenset[str]) -> list[str]:
    schema = _resolve(schema, root)
    if schema.get("type") == "array" and "items" in schema:
        return _rows(schema["items"], root, prefix + "[]", skip)
    required = set(schema.get("required", []))
    depends = {needed: trigger for trigger, needs in schema.get("dependentRequired", {}).items() for needed in needs}
    rows = []
    for name, sub in schema.get("properties", {}).items():
        if not prefix and name in skip:
            continue
        path = f"{prefix}.{name}" if prefix else name
        need = "yes" if name in required else (f"with `{depends[name]}`" if name in depends else "")
        rows.append(f"| `{path}` | {_cell(_summary(sub, root))} | {need} | {_cell(sub.get('description', ''))} |")
        rows += _rows(sub, root, path, skip)
    return rows


def render_table(schema: dict, *, skip: frozenset[str] = frozenset()) -> str:
    """A Markdown table of every field in ``schema`` (nested fields as ``a[].b``), except top-level ``skip``."""
    head = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    top = schema["items"] if schema.get("type") == "array" else schema  # a file that is a list of records
    return "\n".join(head + _rows(top, schema, "", skip))


def render_forms(schema: dict) -> str:
    """A Markdown table of the named forms (``$defs``) that have a title."""
    rows = ["| form | meaning |", "| --- | --- |"]
    for definition in schema.get("$defs", {}).values():
        if definition.get("title"):
            rows.append(f"| {_cell(definition['title'])} | {_cell(definition.get('description', ''))} |")
    return "\n".join(rows)


def render_guide(text: str, schema_dir: Path) -> str:
    """``text`` (the guide) with every marked table regenerated from the schemas in ``schema_dir``."""
    def load(name: str) -> Any:
        return json.loads((schema_dir / name).read_text(encoding="utf-8"))

    def table(match: re.Match) -> str:
        begin, kind, name, minus, _, end = match.groups()
        schema = load(name)
        if kind == "forms":
            body = render_forms(schema)
        else:
            skip = frozenset(_resolve(load(minus)["items"], {}).get("properties", {})) if minus else frozenset()
            body = render_table(schema, skip=skip)
        return f"{begin}{body}\n{end}"

    return _TABLE.sub(table, text)


def write_guide(guide: Path, schema_dir: Path) -> bool:
    """Regenerate the tables of ``guide`` in place; True if it changed."""
    text = guide.read_text(encoding="utf-8")
    new = render_guide(text, schema_dir)
    if new != text:
        guide.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover - `python -m kg.ingest.schema_docs [data/README.md]`
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "data/README.md")
    write_guide(target, target.parent / "schema")
