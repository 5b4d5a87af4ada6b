"""Check curated YAML against the JSON Schemas (draft 2020-12) in data/schema/.

The schemas say which keys each curated file may have (``additionalProperties: false``
throughout, so a misspelt key is an error, not a silent omission), which are required and of
what type. :meth:`Schemas.problems` turns every schema violation into a
:class:`~kg.core.errors.CurationError` naming the file, its line, the record and the field path:

>>> from kg.ingest.yamlio import parse_document
>>> schemas = Schemas.load(PROJECT_SCHEMA_DIR)
>>> doc = parse_document(b"- key: dupilumab\\n  lable: dupilumab\\n", "drugs.yaml")
>>> for problem in schemas.problems("vocabulary", doc, item_namer(doc, "drug")):
...     print(problem)
drugs.yaml:1: drug 'dupilumab', field 'label': required field is missing
drugs.yaml:2: drug 'dupilumab', field 'lable': unknown field (did you mean 'label'?)
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import extend

from kg.core.errors import CurationError, KgError
from kg.ingest.yamlio import Document

__all__ = ["SCHEMA_FILES", "Schemas", "default_schema_dir", "field_path", "item_namer"]

#: Schema name -> its file in the schema folder.
SCHEMA_FILES = {"article": "article.schema.json", "references": "references.schema.json",
                "vocabulary": "vocabulary.schema.json", "journals": "journals.schema.json"}

#: The project's own schemas (data/schema beside the kg package), for a data folder without any.
PROJECT_SCHEMA_DIR = Path(__file__).resolve().parents[2] / "data" / "schema"

JsonPath = tuple[str | int, ...]
#: Names the record a JSON path falls in: path -> (record name or None, path inside that record).
Namer = Callable[[JsonPath], tuple[str | None, JsonPath]]

_TYPE_NAMES = {"string": "text", "integer": "an integer", "number": "a number", "boolean": "true/false",
               "array": "a list", "object": "a mapping", "null": "nothing"}


def _strict_integer(_checker: Any, instance: Any) -> bool:
    """An integer is an int (not a bool, not 2023.0)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


_Validator = extend(Draft202012Validator,
                    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _strict_integer))


def default_schema_dir(data_dir: Path) -> Path:
    """``data_dir/schema`` if the data folder has one, else the project's data/schema."""
    own = data_dir / "schema"
    return own if own.is_dir() else PROJECT_SCHEMA_DIR


def field_path(path: JsonPath) -> str | None:
    """``("body", 3, "sentences", 1)`` -> ``"body[3].sentences[1]"``; the empty path -> None.

    >>> field_path(("body", 3, "sentences", 1, "cites", 0, "intent"))
    'body[3].sentences[1].cites[0].intent'
    """
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


def item_namer(document: Document, kind: str, *, number_key: str = "key") -> Namer:
    """Name a path in a file that is a list of records: ``drug 'dupilumab'``, ``reference 4``."""
    items = document.data if isinstance(document.data, list) else []

    def name(path: JsonPath) -> tuple[str | None, JsonPath]:
        if not path or not isinstance(path[0], int) or path[0] >= len(items):
            return None, path
        item = items[path[0]]
        value = item.get(number_key) if isinstance(item, dict) else None
        if number_key == "key" and isinstance(value, str):
            return f"{kind} '{value}'", path[1:]
        if number_key != "key" and isinstance(value, int) and not isinstance(value, bool):
            return f"{kind} {value}", path[1:]
        return f"{kind} (entry {path[0] + 1})", path[1:]

    return name


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_names(expected: str | list[str]) -> str:
    names = [_TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


def _what(schema: dict) -> str:
    """A schema's own words for what it expects: its title and description."""
    title, description = schema.get("title"), schema.get("description")
    return f"{title} ({description})" if title and description else str(title or description or "")


@dataclass(frozen=True)
class Schemas:
    """The loaded schemas, one validator each."""

    validators: dict[str, Any]
    folder: Path

    @classmethod
    def load(cls, folder: Path) -> Schemas:
        validators = {}
        for name, file in SCHEMA_FILES.items():
            path = folder / file
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
                _Validator.check_schema(schema)
            except (OSError, ValueError) as exc:
                raise KgError(f"{path}: cannot read the schema: {exc}") from None
            except Exception as exc:  # noqa: BLE001 - jsonschema's SchemaError: the schema itself is wrong
                raise KgError(f"{path}: not a valid JSON Schema: {getattr(exc, 'message', exc)}") from None
            validators[name] = _Validator(schema)
        return cls(validators, folder)

    def schema(self, name: str) -> dict:
        return self.validators[name].schema

    def problems(self, name: str, document: Document, namer: Namer) -> list[CurationError]:
        """Every way ``document`` breaks schema ``name``, in line order."""
        found: dict[tuple, CurationError] = {}
        for error in self.validators[name].iter_errors(document.data):
            for path, line_path, message in _explain(error):
                record, inner = namer(path)
                problem = CurationError(document.file, message, record=record, line=document.line_of(line_path),
                                        field=field_path(inner))
                found.setdefault((path, message), problem)
        return sorted(found.values(), key=lambda p: (p.origin.line or 0, str(p)))


def _explain(error: ValidationError) -> Iterator[tuple[JsonPath, JsonPath, str]]:
    """(path of the field, path whose line to show, message) for each problem in ``error``."""
    path: JsonPath = tuple(error.absolute_path)
    instance: Any = error.instance
    schema: Any = error.schema
    value: Any = error.validator_value
    kind = error.validator
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        for key in instance:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (expected one of: {', '.join(known)})"
                yield (*path, key), (*path, key), "unknown field" + hint
    elif kind == "required" and isinstance(instance, dict):
        for key in value:
            if key not in instance:
                yield (*path, key), path, "required field is missing"
    elif kind == "dependentRequired" and isinstance(instance, dict):
        for trigger, needed in value.items():
            for key in needed:
                if trigger in instance and key not in instance:
                    yield (*path, key), path, f"required field is missing (needed with '{trigger}')"
    elif kind in ("anyOf", "oneOf"):
        yield from _explain_alternatives(error, path)
    else:
        yield path, path, _message(error)


def _explain_alternatives(error: ValidationError, path: JsonPath) -> Iterator[tuple[JsonPath, JsonPath, str]]:
    branches: Any = error.validator_value
    if all(set(b) == {"required"} for b in branches):
        options = " or ".join(f"'{k}'" for b in branches for k in b["required"])
        yield path, path, f"needs {options}"
        return
    best = best_match([error])
    expected = _what(error.schema) if isinstance(error.schema, dict) else ""
    expected = expected or "one of several forms"
    if best is None or best is error:
        yield path, path, f"expected {expected}, got {_short(error.instance)}"
        return
    for inner_path, line_path, message in _explain(best):
        yield inner_path, line_path, f"{message}; expected {expected}"


def _message(error: ValidationError) -> str:
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "type":
        return f"expected {_type_names(value)}, got {_short(instance)}"
    if kind == "enum":
        return f"{_short(instance)} is not one of {', '.join(map(str, value))}"
    if kind == "pattern":
        return f"{_short(instance)} is not of the expected form: {_what(schema) or value}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "minItems":
        return "must not be an empty list" if value == 1 else f"needs at least {value} items"
    if kind == "maxItems":
        return f"at most {value} item{'s' * (value != 1)} allowed, got {len(instance)}"
    if kind == "minimum":
        return f"{_short(instance)} is below the minimum {value}"
    return error.message if len(error.message) <= 200 else error.message[:197] + "..."
