"""The schema of a patient table: data/tables/NAME.yaml, read into a :class:`TableSchema`.

A schema lists the columns of a patients.csv (name, type, required, unit), what each maps to in
the graph (a patient property, an observation of an instrument at a time point, or a property of
a treatment course), how each is printed in the transcribed table, and how the table's printed
columns group them. Nothing about any one table's columns is written in Python: the loader, the
mapper, the transcription check, ``kg synth`` and the data guide all read it from here.

This module checks the file's structure (every key known, every value of the right type, every
column printed once); whether its ontology terms are declared is checked when an article is
mapped. The same bytes are parsed once however many articles name the schema.

>>> schema = parse_schema('''
... name: tiny
... columns:
...   - {name: patient, key: true, type: integer, maps_to: {patient: adkg:patientNumber}, printed: "{n}"}
...   - {name: iga, type: integer, instrument: adkg:IGA, time_point: adkg:Baseline,
...      maps_to: observation, printed: "{n}"}
... instruments:
...   adkg:IGA: {observation: adkg:IGAObservation, short: IGA}
... printed:
...   key_header: Pt
...   columns: [{header: IGA, fields: [iga]}]
... ''', "tiny.yaml")
>>> [c.name for c in schema.columns], schema.key.name, schema.column("iga").time_point
(['patient', 'iga'], 'patient', 'adkg:Baseline')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import CurationError, Origin
from kg.core.prefixes import PREFIX_IRIS

__all__ = ["Column", "Instrument", "MapsTo", "PrintedColumn", "TableSchema", "TYPES", "VALUE_FORMS",
           "load_schema", "parse_schema"]

#: The types a column's values may have.
TYPES = ("integer", "decimal", "text", "choice", "key", "keys")

#: The printed forms of one value (the ``{...}`` in a column's ``printed``) and the types they fit.
VALUE_FORMS = {
    "n": ("integer", "decimal"),
    "text": ("text",),
    "label": ("choice", "key"),
    "months": ("integer", "decimal"),
    "abbreviations": ("keys",),
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CURIE = re.compile(r"^([a-z][a-z0-9]*):[A-Za-z_][A-Za-z0-9_.-]*$")
_FORM = re.compile(r"\{([a-z]+)\}")
_COLUMN_KEYS = {"name", "key", "type", "required", "kind", "values", "terms", "unit", "instrument", "time_point",
                "maps_to", "when_empty", "printed", "printed_when_empty", "synthetic", "description"}
#: How ``kg synth`` may draw a column's values: ``between: [LOW, HIGH]`` (integers), ``one_of: [...]``
#: (or ``one_of: {VALUE: [...]}`` with ``given: COLUMN``), ``some_of: [...]`` with ``how_many: [counts]``
#: (a list of keys); ``claim: true`` states a summary claim about the column.
_SYNTHETIC_KEYS = {"between", "one_of", "given", "some_of", "how_many", "claim"}


@dataclass(frozen=True)
class MapsTo:
    """Where a column's value goes: ``patient`` (``property``), ``observation``, or ``course``
    (``course``, ``property`` and, for a value with a unit, the ``unit_property`` stating it)."""

    target: str
    property: str | None = None
    course: str | None = None
    unit_property: str | None = None


@dataclass(frozen=True)
class Column:
    """One column of patients.csv."""

    name: str
    type: str
    origin: Origin
    maps_to: MapsTo
    printed: str
    required: bool = True
    key: bool = False
    kind: str | None = None                   # vocabulary kind of a key(s) column
    values: tuple[tuple[str, str], ...] = ()  # choice -> its printed label
    terms: str | None = None                  # ontology class whose individuals' notations are the choices
    unit: str | None = None
    instrument: str | None = None
    time_point: str | None = None
    when_empty: tuple[str, str] | None = None  # an empty list is an explicit absence: (finding, period)
    printed_when_empty: str | None = None
    synthetic: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self.values)

    @property
    def form(self) -> str:
        """The printed form of the value: ``n``, ``text``, ``label``, ``months`` or ``abbreviations``."""
        return _FORM.search(self.printed).group(1)  # type: ignore[union-attr]  # checked on parsing

    def label(self, value: str) -> str:
        """The printed label of a choice."""
        return dict(self.values)[value]


@dataclass(frozen=True)
class Instrument:
    observation: str   # the observation class (CURIE)
    short: str         # the instrument's name in observation labels


@dataclass(frozen=True)
class PrintedColumn:
    header: str
    fields: tuple[str, ...]
    join: str = ""


@dataclass(frozen=True)
class TableSchema:
    name: str
    file: str
    columns: tuple[Column, ...]
    units: dict[str, str]
    courses: dict[str, str | None]
    instruments: dict[str, Instrument]
    key_header: str
    printed: tuple[PrintedColumn, ...]
    notes_in: str | None = None
    title: str = ""

    @property
    def key(self) -> Column:
        return next(c for c in self.columns if c.key)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.columns)


class _Mapping(dict):
    line: int


class _Loader(yaml.SafeLoader):
    """Safe YAML whose mappings remember their line."""


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    result = _Mapping(loader.construct_mapping(node, deep=True))
    result.line = node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


class _Entry:
    """A mapping of the schema file being read, with typed access that names the file and line."""

    def __init__(self, data: object, file: str, record: str | None, line: int | None = None) -> None:
        self.origin = Origin(file, record, getattr(data, "line", line))
        if not isinstance(data, dict):
            raise CurationError.at(self.origin, "expected a mapping")
        self.data = data

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None) -> Any:
        value = self.data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
            raise CurationError.at(self.origin, f"expected {_describe(kind)}, got {value!r}", key)
        if not isinstance(value, kind):
            raise CurationError.at(self.origin, f"expected {_describe(kind)}, got {value!r}", key)
        return value

    def require(self, key: str, kind: type | tuple[type, ...] = str) -> Any:
        value = self.get(key, kind)
        if value is None or value == "":
            raise CurationError.at(self.origin, "required field is missing", key)
        return value

    def curie(self, key: str, *, required: bool = False) -> str | None:
        value = self.require(key) if required else self.get(key, str)
        if value is not None:
            match = _CURIE.match(value)
            if not match or match.group(1) not in PREFIX_IRIS:
                raise CurationError.at(self.origin, f"'{value}' is not a CURIE with a known prefix", key)
        return value

    def only(self, allowed: set[str]) -> None:
        unknown = sorted(str(k) for k in self.data if k not in allowed)
        if unknown:
            raise CurationError.at(self.origin, f"unknown key(s) {', '.join(unknown)}; expected "
                                   f"{', '.join(sorted(allowed))}", unknown[0])


def _describe(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "an integer", list: "a list", dict: "a mapping", bool: "true/false"}
    return " or ".join(names.get(k, k.__name__) for k in (kind if isinstance(kind, tuple) else (kind,)))


def _maps_to(entry: _Entry) -> MapsTo:
    raw = entry.data.get("maps_to")
    if raw == "observation":
        entry.curie("instrument", required=True)
        entry.curie("time_point", required=True)
        return MapsTo("observation")
    if isinstance(raw, dict):
        target = _Entry(raw, entry.origin.file, entry.origin.record, entry.origin.line)
        if "patient" in raw:
            target.only({"patient"})
            return MapsTo("patient", target.curie("patient", required=True))
        if "course" in raw:
            target.only({"course", "property", "unit_property"})
            return MapsTo("course", target.curie("property", required=True), target.require("course"),
                          target.curie("unit_property"))
    raise CurationError.at(entry.origin, "expected `observation`, {patient: PROPERTY} or "
                           "{course: NAME, property: PROPERTY}", "maps_to")


def _column(raw: object, file: str, index: int) -> Column:
    entry = _Entry(raw, file, f"column {index}")
    name = entry.require("name")
    entry = _Entry(raw, file, f"column '{name}'")
    entry.only(_COLUMN_KEYS)
    if not _NAME.match(name):
        raise CurationError.at(entry.origin, "a column name is lower case letters, digits and _", "name")
    kind = entry.require("type")
    if kind not in TYPES:
        raise CurationError.at(entry.origin, f"unknown type '{kind}'; expected {', '.join(TYPES)}", "type")
    values = entry.get("values", (dict, list), {})
    if (kind == "choice") != bool(values):
        raise CurationError.at(entry.origin, "a choice column, and only one, lists its `values`", "values")
    pairs = tuple((str(v), str(values[v] if isinstance(values, dict) else v)) for v in values)
    if kind in ("key", "keys") and not entry.get("kind", str):
        raise CurationError.at(entry.origin, "a key column names the vocabulary `kind` of its keys", "kind")
    empty = entry.get("when_empty", dict)
    when_empty = None
    if empty is not None:
        finding = _Entry(empty, file, entry.origin.record, entry.origin.line)
        when_empty = (finding.curie("absent", required=True) or "", finding.require("period"))
    column = Column(name, kind, entry.origin, _maps_to(entry), entry.require("printed"),
                    required=entry.get("required", bool, True), key=entry.get("key", bool, False),
                    kind=entry.get("kind", str), values=pairs, terms=entry.curie("terms"),
                    unit=entry.get("unit", str), instrument=entry.curie("instrument"),
                    time_point=entry.curie("time_point"), when_empty=when_empty,
                    printed_when_empty=entry.get("printed_when_empty", str),
                    synthetic=dict(entry.get("synthetic", dict, {})))
    _check_printed(column)
    return column


def _check_synthetic(column: Column, earlier: list[str]) -> None:
    hint = _Entry(column.synthetic, column.origin.file, column.origin.record, column.origin.line)
    hint.only(_SYNTHETIC_KEYS)
    given = hint.get("given", str)
    if given is not None and given not in earlier:
        raise CurationError.at(column.origin, f"synthetic: given '{given}' is not an earlier column", "synthetic")
    if "between" in hint.data and not (isinstance(hint.data["between"], list) and len(hint.data["between"]) == 2):
        raise CurationError.at(column.origin, "synthetic: between is [LOW, HIGH]", "synthetic")
    if "some_of" in hint.data and "how_many" not in hint.data:
        raise CurationError.at(column.origin, "synthetic: some_of needs how_many", "synthetic")


def _check_printed(column: Column) -> None:
    forms = _FORM.findall(column.printed)
    if len(forms) != 1 or forms[0] not in VALUE_FORMS:
        raise CurationError.at(column.origin, "`printed` holds exactly one of "
                               f"{', '.join('{' + f + '}' for f in VALUE_FORMS)}", "printed")
    if column.type not in VALUE_FORMS[forms[0]]:
        raise CurationError.at(column.origin, f"{{{forms[0]}}} does not fit the type {column.type}", "printed")
    if forms[0] == "abbreviations" and column.printed != "{abbreviations}":
        raise CurationError.at(column.origin, "{abbreviations} stands alone in `printed`", "printed")


def _printed(raw: object, file: str, names: list[str]) -> tuple[str, tuple[PrintedColumn, ...], str | None]:
    entry = _Entry(raw, file, "printed")
    entry.only({"key_header", "notes_in", "columns"})
    columns = []
    seen: list[str] = []
    for index, item in enumerate(entry.require("columns", list), 1):
        col = _Entry(item, file, f"printed column {index}", entry.origin.line)
        col.only({"header", "fields", "join"})
        fields = tuple(str(f) for f in col.require("fields", list))
        unknown = [f for f in fields if f not in names]
        if unknown:
            raise CurationError.at(col.origin, f"no column named {', '.join(unknown)}", "fields")
        if len(fields) > 1 and not col.get("join", str):
            raise CurationError.at(col.origin, "a printed column of several values says the text "
                                   "between them (`join`)", "join")
        seen += fields
        columns.append(PrintedColumn(col.require("header"), fields, col.get("join", str, "")))
    twice = sorted({f for f in seen if seen.count(f) > 1})
    missing = [n for n in names[1:] if n not in seen]
    if twice or missing:
        problem = f"printed twice: {', '.join(twice)}" if twice else f"never printed: {', '.join(missing)}"
        raise CurationError.at(entry.origin, f"every column but the key is printed once; {problem}", "columns")
    notes_in = entry.get("notes_in", str)
    if notes_in is not None and notes_in not in names:
        raise CurationError.at(entry.origin, f"no column named '{notes_in}'", "notes_in")
    return entry.require("key_header"), tuple(columns), notes_in


def _instruments(entry: _Entry) -> dict[str, Instrument]:
    found = {}
    for curie, raw in entry.get("instruments", dict, {}).items():
        item = _Entry(raw, entry.origin.file, f"instrument '{curie}'", entry.origin.line)
        item.only({"observation", "short"})
        found[str(curie)] = Instrument(item.curie("observation", required=True) or "", item.require("short"))
    return found


def _check_columns(columns: list[Column], schema: _Entry, instruments: dict, courses: dict, units: dict) -> None:
    names = [c.name for c in columns]
    if len(set(names)) != len(names):
        raise CurationError.at(schema.origin, "duplicate column name", "columns")
    if [c.name for c in columns if c.key] != names[:1]:
        raise CurationError.at(schema.origin, "the first column, and only it, is the `key`", "columns")
    for c in columns:
        if c.instrument and c.instrument not in instruments:
            raise CurationError.at(c.origin, f"'{c.instrument}' is not listed under `instruments`", "instrument")
        if c.maps_to.course is not None and c.maps_to.course not in courses:
            raise CurationError.at(c.origin, f"course '{c.maps_to.course}' is not listed under `courses`",
                                   "maps_to")
        if c.unit is not None and c.unit not in units:
            raise CurationError.at(c.origin, f"unit '{c.unit}' is not listed under `units`", "unit")
        if c.type == "choice" and not c.terms and c.maps_to.target != "observation":
            raise CurationError.at(c.origin, "a choice column names the ontology class of its values "
                                   "(`terms`)", "terms")


def parse_schema(text: str, file: str) -> TableSchema:
    """Read a schema from its YAML text; ``file`` is the name errors give."""
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise CurationError(file, f"YAML syntax error: {exc.problem or exc}",
                            line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise CurationError(file, f"YAML error: {exc}") from None
    schema = _Entry(raw, file, None, 1)
    schema.only({"name", "title", "units", "courses", "instruments", "columns", "printed"})
    units = {str(k): v for k, v in schema.get("units", dict, {}).items()}
    for unit in units:
        _Entry({unit: units[unit]}, file, "units", schema.origin.line).curie(unit, required=True)
    courses = {}
    for course, raw_course in schema.get("courses", dict, {}).items():
        item = _Entry(raw_course or {}, file, f"course '{course}'", schema.origin.line)
        item.only({"drug_class"})
        courses[str(course)] = item.curie("drug_class")
    instruments = _instruments(schema)
    columns = [_column(raw, file, i) for i, raw in enumerate(schema.require("columns", list), 1)]
    for index, column in enumerate(columns):
        _check_synthetic(column, [c.name for c in columns[:index]])
    _check_columns(columns, schema, instruments, courses, units)
    key_header, printed, notes_in = _printed(schema.require("printed", dict), file, [c.name for c in columns])
    return TableSchema(schema.require("name"), file, tuple(columns), units, courses, instruments,
                       key_header, printed, notes_in, schema.get("title", str, ""))


_CACHE: dict[tuple[str, str], TableSchema] = {}


def load_schema(path: Path, display: str) -> TableSchema:
    """Read data/tables/NAME.yaml; its ``name`` must be NAME. Parsed once per content."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    key = (display, hashlib.sha256(data).hexdigest())
    if key not in _CACHE:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise CurationError(display, f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                                line=data[:exc.start].count(b"\n") + 1) from None
        schema = parse_schema(text, display)
        if schema.name != path.stem:
            raise CurationError(display, f"name '{schema.name}' differs from the file name '{path.stem}'",
                                field="name")
        _CACHE[key] = schema
    return _CACHE[key]
