"""A small XML reader for adapters: the document as a tree of :class:`Element` with their line
numbers, read by expat with every DTD refused.

A ``<!DOCTYPE`` (and with it any ``<!ENTITY``, internal or external) is an error at its line, so
no entity is ever expanded (no "billion laughs") and nothing is ever fetched. Namespaces are kept
as ``{uri}local`` tags, like ElementTree's.

>>> root = parse_bytes(b'<a xmlns="urn:x"><b k="v">t</b>\\n<b/></a>', "x.xml")
>>> root.tag, [(c.local, c.line, c.attrs) for c in root.children]
('{urn:x}a', [('b', 1, {'k': 'v'}), ('b', 2, {})])
>>> parse_bytes(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "x.xml")
Traceback (most recent call last):
...
kg.core.errors.KgError: x.xml:1: a DOCTYPE declaration is refused (DTDs and entities are never read)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from kg.core.errors import KgError

__all__ = ["Element", "parse", "parse_bytes"]


@dataclass
class Element:
    """One XML element: its ``{namespace}local`` tag, attributes, line, children and text."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    @property
    def local(self) -> str:
        """The tag without its namespace."""
        return self.tag.rpartition("}")[2]

    @property
    def namespace(self) -> str:
        return self.tag[1:].partition("}")[0] if self.tag.startswith("{") else ""

    def find(self, local: str) -> Element | None:
        """The first child whose local name is ``local``."""
        return next(self.findall(local), None)

    def findall(self, local: str) -> Iterator[Element]:
        return (child for child in self.children if child.local == local)


class _Builder:
    def __init__(self, where: str) -> None:
        self.where = where
        self.stack: list[Element] = []
        self.root: Element | None = None
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.buffer_text = True

    def _refuse(self, what: str) -> KgError:
        return KgError(f"{self.where}:{self.parser.CurrentLineNumber}: {what} is refused "
                       "(DTDs and entities are never read)")

    def _doctype(self, *_: object) -> None:
        raise self._refuse("a DOCTYPE declaration")

    def _entity(self, *_: object) -> None:
        raise self._refuse("an ENTITY declaration")

    def _external(self, *_: object) -> int:
        raise self._refuse("an external entity")

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        tag = "{" + name if "}" in name else name
        element = Element(tag, {k.rpartition("}")[2]: v for k, v in attrs.items()}, self.parser.CurrentLineNumber)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def _end(self, _name: str) -> None:
        self.stack.pop()

    def _text(self, data: str) -> None:
        if self.stack:
            self.stack[-1].text += data

    def error(self, exc: expat.ExpatError) -> KgError:
        return KgError(f"{self.where}:{exc.lineno}: malformed XML: {expat.ErrorString(exc.code)} "
                       f"(column {exc.offset + 1})")


def parse(path: Path) -> Element:
    """The root element of the XML file ``path``; :class:`KgError` with the line on malformed XML
    or any DTD."""
    try:
        with path.open("rb") as handle:
            return _parse(handle, str(path))
    except OSError as exc:
        raise KgError(f"{path}: cannot read: {exc.strerror}") from None


def parse_bytes(data: bytes, where: str) -> Element:
    """Like :func:`parse`, for bytes in memory (``where`` names them in messages)."""
    builder = _Builder(where)
    try:
        builder.parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise builder.error(exc) from None
    return _root(builder)


def _parse(handle: BinaryIO, where: str) -> Element:
    builder = _Builder(where)
    try:
        builder.parser.ParseFile(handle)
    except expat.ExpatError as exc:
        raise builder.error(exc) from None
    return _root(builder)


def _root(builder: _Builder) -> Element:
    if builder.root is None:
        raise KgError(f"{builder.where}: no XML element found")
    return builder.root
