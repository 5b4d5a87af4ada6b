"""A safe YAML reader for the YAML source formats (DrugMechDB, dismech), keeping every value's line.

The file is composed with PyYAML's safe loader (the C one where PyYAML was built with libyaml), so no
tag can construct an object, and turned into plain data by hand:

* mappings become :class:`YMap` (a ``dict`` that knows its line and each key's line), sequences
  :class:`YList` (a ``list`` with its line), scalars their text **exactly as written** (an identifier
  such as ``GO:0042092`` or ``0007259`` keeps its spelling; ``null``/``~``/empty become ``None``);
* an alias (``*name``) is refused at its line, so a "billion laughs" file fails at once instead of
  expanding; so are tags beyond YAML's core ones, duplicate keys and non-UTF-8 bytes.

Errors are :class:`~kg.core.errors.KgError` with ``FILE:LINE: ...``.

>>> doc = parse(b"a: 1\\nb:\\n- {id: GO:0042092}\\n", "x.yaml")
>>> doc["b"][0]["id"], doc["b"][0].line, doc.key_lines["b"]
('GO:0042092', 3, 2)
>>> parse(b"a: &x [1]\\nb: *x\\n", "x.yaml")
Traceback (most recent call last):
kg.core.errors.KgError: x.yaml:2: YAML aliases (*x) are not read; write the value out
>>> parse(b"a: [1\\n", "x.yaml")
Traceback (most recent call last):
kg.core.errors.KgError: x.yaml:2: YAML syntax error, column 1: ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.core.errors import KgError

__all__ = ["YMap", "YList", "parse", "load", "line_of"]

_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = frozenset(f"tag:yaml.org,2002:{name}" for name in
                  ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_NULL = "tag:yaml.org,2002:null"


class YMap(dict):
    """A YAML mapping with its line (``line``) and the line of each key (``key_lines``)."""

    line: int
    key_lines: dict[str, int]


class YList(list):
    """A YAML sequence with its line."""

    line: int


def line_of(value: Any, default: int) -> int:
    """The line of a :class:`YMap`/:class:`YList`, else ``default``."""
    return int(getattr(value, "line", default))


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Builder:
    """Turns a composed node graph into YMap/YList/str, refusing aliases (a node seen twice)."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.seen: set[int] = set()

    def fail(self, line: int, message: str) -> KgError:
        return KgError(f"{self.display}:{line}: {message}")

    def build(self, root: yaml.Node) -> Any:
        out = self._shell(root)
        stack: list[tuple[yaml.Node, Any]] = [(root, out)]
        while stack:
            node, target = stack.pop()
            if isinstance(node, yaml.MappingNode):
                self._fill_map(node, target, stack)
            elif isinstance(node, yaml.SequenceNode):
                for child in node.value:
                    shell = self._shell(child)
                    target.append(shell)
                    if isinstance(shell, YMap | YList):
                        stack.append((child, shell))
        return out

    def _fill_map(self, node: yaml.MappingNode, target: YMap, stack: list[tuple[yaml.Node, Any]]) -> None:
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(_line(key_node), "mapping keys must be plain text")
            key = str(key_node.value)
            if key in target.key_lines:
                raise self.fail(_line(key_node), f"duplicate key '{key}' (first given on line "
                                f"{target.key_lines[key]})")
            target.key_lines[key] = _line(key_node)
            shell = self._shell(value_node)
            target[key] = shell
            if isinstance(shell, YMap | YList):
                stack.append((value_node, shell))

    def _shell(self, node: yaml.Node) -> Any:
        if id(node) in self.seen:
            raise self.fail(_line(node), "YAML aliases are not read; write the value out")
        self.seen.add(id(node))
        if node.tag not in _CORE:
            raise self.fail(_line(node), f"YAML tag {node.tag} is not read (plain values only)")
        if isinstance(node, yaml.ScalarNode):
            return None if node.tag == _NULL else str(node.value)
        shell: YMap | YList = YMap() if isinstance(node, yaml.MappingNode) else YList()
        shell.line = _line(node)
        if isinstance(shell, YMap):
            shell.key_lines = {}
        return shell


def _alias_check(text: str, display: str) -> None:
    """Refuse aliases before composing: the composer would resolve them to shared nodes."""
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = int(event.start_mark.line) + 1 if event.start_mark else 0
            raise KgError(f"{display}:{line}: YAML aliases (*{event.anchor}) are not read; write the value out")


def parse(raw: bytes, display: str) -> Any:
    """The data of YAML bytes (``display`` names the file in errors); see the module's rules."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise KgError(f"{display}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start})") from None
    try:
        _alias_check(text, display)
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f":{mark.line + 1}" if mark else ""
        column = f", column {mark.column + 1}" if mark else ""
        raise KgError(f"{display}{where}: YAML syntax error{column}: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise KgError(f"{display}: YAML error: {exc}") from None
    if root is None:
        return None
    return _Builder(display).build(root)


def load(path: Path) -> Any:
    """:func:`parse` the file at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None
    return parse(raw, str(path))
