"""A strict YAML reader for the curated files: plain data only, every node's line kept.

Curated YAML is read as JSON-like data (mappings with text keys, lists, text, numbers, booleans,
null). Anything else is refused with the file and line, before a value is constructed:

* anchors (``&name``) and aliases (``*name``): a "billion laughs" file fails at its first anchor;
* a key given twice in one mapping (both lines are named) and keys that are not text;
* merge keys (``<<``) and tags beyond YAML's core ones (``!!python/...``, ``!!binary``, ...);
* a byte-order mark and bytes that are not UTF-8 (named by byte offset, line and column).

Mappings become :class:`Record` objects that remember their :class:`~kg.core.errors.Origin`
(file and line); :class:`Document` also keeps the line of every node by its path, so a problem
found later (by the JSON Schema) can be pointed at the line it is on.

>>> doc = parse_document(b"title: A\\nauthors:\\n  - {given: B}\\n  - {given: C}\\n", "x.yaml")
>>> doc.data["authors"][1]["given"], doc.line_of(["authors", 1, "given"]), doc.data.origin.line
('C', 4, 1)
>>> parse_document(b"year: 2023\\nyear: 2024\\n", "x.yaml")
Traceback (most recent call last):
kg.core.errors.CurationError: x.yaml:2: duplicate key 'year' (first given on line 1)
>>> parse_document(b"a: &x [1]\\nb: *x\\n", "x.yaml")
Traceback (most recent call last):
kg.core.errors.CurationError: x.yaml:1: YAML anchors (&x) are not allowed in curated files; write the value out
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import CurationError, Origin

__all__ = ["Document", "Record", "parse_document", "read_document", "read_yaml"]

_BOMS = ((codecs.BOM_UTF8, "UTF-8"), (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_CORE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map"))
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"

NodePath = tuple[str | int, ...]


class Record(dict):
    """A YAML mapping that remembers where it came from (``origin``) and the line of each key."""

    origin: Origin
    lines: dict[str, int]

    def origin_of(self, key: str) -> Origin:
        """The record's origin, at the line of ``key`` where the file gives it."""
        line = getattr(self, "lines", {}).get(key, self.origin.line)
        return Origin(self.origin.file, self.origin.record, line)

    def require(self, key: str, kind: type | tuple[type, ...] = str) -> Any:
        if key not in self or self[key] is None or self[key] == "":
            raise CurationError.at(self.origin, "required field is missing", key)
        return self.check(key, kind)

    def check(self, key: str, kind: type | tuple[type, ...]) -> Any:
        """The value of ``key`` if absent or of type ``kind`` (a YAML true is not an integer)."""
        value = self.get(key)
        wrong_bool = isinstance(value, bool) and bool not in _as_tuple(kind)
        if value is not None and (wrong_bool or not isinstance(value, kind)):
            raise CurationError.at(self.origin, f"expected {_kind_name(kind)}, got {value!r}", key)
        return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "an integer", list: "a list", dict: "a mapping", bool: "true/false",
             float: "a number"}
    return " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the line of each node, by path (keys and list indices)."""

    file: str
    data: Any
    lines: dict[NodePath, int] = field(default_factory=dict, repr=False)

    def line_of(self, path: Iterable[str | int]) -> int | None:
        """The line of the node at ``path``, or of its nearest ancestor that has one."""
        steps = tuple(path)
        for end in range(len(steps), -1, -1):
            if steps[:end] in self.lines:
                return self.lines[steps[:end]]
        return None


def _line(node_or_event: Any) -> int:
    return int(node_or_event.start_mark.line) + 1


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and unusual tags while composing, and builds
    :class:`Record` mappings without duplicate or non-text keys."""

    def __init__(self, text: str, display: str) -> None:
        super().__init__(text)
        self.display = display

    def refuse(self, message: str, line: int) -> CurationError:
        return CurationError(self.display, message, line=line)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise self.refuse(f"YAML aliases (*{event.anchor}) are not allowed in curated files; "
                              "write the value out", _line(event))
        if event.anchor is not None:
            raise self.refuse(f"YAML anchors (&{event.anchor}) are not allowed in curated files; "
                              "write the value out", _line(event))
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _CORE_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self.refuse(f"YAML tag {shown} is not allowed in curated files (plain values only)",
                              _line(event))
        return super().compose_node(parent, index)


def _construct_record(loader: _StrictLoader, node: yaml.MappingNode) -> Record:
    record = Record()
    record.origin = Origin(loader.display, None, _line(node))
    first_lines: dict[str, int] = {}
    record.lines = first_lines
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            raise loader.refuse("YAML merge keys (<<) are not allowed in curated files", _line(key_node))
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise loader.refuse(f"mapping keys must be text, got {key!r} (quote it)", _line(key_node))
        if key in first_lines:
            raise loader.refuse(f"duplicate key '{key}' (first given on line {first_lines[key]})",
                                _line(key_node))
        first_lines[key] = _line(key_node)
        record[key] = loader.construct_object(value_node, deep=True)
    return record


def _construct_list(loader: _StrictLoader, node: yaml.SequenceNode) -> list:
    return [loader.construct_object(child, deep=True) for child in node.value]


_StrictLoader.add_constructor(_MAP_TAG, _construct_record)
_StrictLoader.add_constructor(_SEQ_TAG, _construct_list)


def _index_lines(root: yaml.Node) -> dict[NodePath, int]:
    """The line of every node under ``root`` by path; a mapping entry's line is its key's."""
    lines: dict[NodePath, int] = {(): _line(root)}
    stack: list[tuple[NodePath, yaml.Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*path, str(key_node.value))
                lines.setdefault(child, _line(key_node))
                stack.append((child, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = _line(item)
                stack.append(((*path, index), item))
    return lines


def _decode(raw: bytes, display: str) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            raise CurationError(display, f"the file starts with a {encoding} byte-order mark (BOM); save it as "
                                "UTF-8 without a BOM", line=1)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CurationError(display, f"not UTF-8: byte 0x{raw[exc.start]:02X} at byte offset {exc.start} "
                            f"(line {line}, column {column}) cannot be decoded; save the file as UTF-8",
                            line=line) from None


def parse_document(raw: bytes, display: str) -> Document:
    """Parse the bytes of a curated YAML file named ``display``; see the module's rules."""
    text = _decode(raw, display)
    if "\ufeff" in text:
        line = text.count("\n", 0, text.index("\ufeff")) + 1
        raise CurationError(display, "a byte-order mark (U+FEFF) inside the file; remove it", line=line)
    loader = _StrictLoader(text, display)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(display, None, {})
        lines = _index_lines(node)
        return Document(display, loader.construct_document(node), lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        column = f", column {mark.column + 1}" if mark else ""
        raise CurationError(display, f"YAML syntax error{column}: {exc.problem or exc}",
                            line=mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise CurationError(display, f"YAML error: {exc}") from None
    except RecursionError:
        raise CurationError(display, "YAML nesting is too deep") from None
    finally:
        loader.dispose()


def read_document(path: Path, display: str) -> Document:
    """Read and parse a curated YAML file; ``display`` is the name its errors give."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CurationError(display, f"cannot read file: {exc.strerror}") from None
    return parse_document(raw, display)


def read_yaml(path: Path, display: str) -> Any:
    """The data of a curated YAML file (:func:`read_document` without the line index)."""
    return read_document(path, display).data
