"""The safe boundary of the RDF adapter: XML declarations refused before parsing, and parse errors
reported with the file's line.

Oxigraph's RDF/XML parser expands the internal entities an XML document declares, so a
"billion laughs" file would run for minutes before failing. No RDF/XML document needs a DOCTYPE
(RDF/XML has no DTD), so :func:`refuse_xml_declarations` refuses any ``<!DOCTYPE`` or
``<!ENTITY`` before the parser sees the file, naming the line:

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     bomb = Path(folder) / "bomb.rdf"
...     _ = bomb.write_bytes(b'<?xml version="1.0"?>\\n<!DOCTYPE r [<!ENTITY a "x">]>\\n<r/>\\n')
...     try:
...         refuse_xml_declarations(bomb)
...     except KgError as error:
...         print(str(error).replace(folder, "TMP"))
TMP/bomb.rdf:2: the XML document declares a DOCTYPE; DTDs and entities are refused (nothing is expanded or fetched)

:class:`LineReader` hands the parser one line per read, so that when the parser fails, the line it
was reading is known even where the parser's own error does not say (RDF/XML errors have no
position):

>>> reader = LineReader(io.BytesIO(b"a\\nb\\nc\\n"))
>>> reader.read(100), reader.line
(b'a\\n', 1)
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from kg.core.errors import KgError

__all__ = ["refuse_xml_declarations", "refuse_deep_xml", "MAX_XML_DEPTH", "LineReader", "syntax_error"]

_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 1 << 20
#: A byte-order mark or NUL bytes of UTF-16/32: the declaration scan reads bytes, so only UTF-8 passes.
_WIDE = re.compile(rb"\xff\xfe|\xfe\xff|\x00|.\x00", re.DOTALL)


def refuse_xml_declarations(path: Path) -> None:
    """Raise :class:`KgError` ``FILE:LINE`` if the file declares a DOCTYPE or an ENTITY anywhere
    (read in chunks, so a large file costs one pass and little memory)."""
    line = 1
    tail = b""
    with path.open("rb") as handle:
        if _WIDE.match(handle.read(4)):
            raise KgError(f"{path}:1: the XML document is not in UTF-8 (UTF-16 or UTF-32); "
                          "convert it to UTF-8 to import it")
        handle.seek(0)
        while chunk := handle.read(_CHUNK):
            window = tail + chunk
            found = _DECLARATION.search(window)
            if found is not None:
                line += window.count(b"\n", 0, found.start())
                kind = found.group(1).decode("ascii").upper()
                raise KgError(f"{path}:{line}: the XML document declares a{'n' if kind == 'ENTITY' else ''} {kind}; "
                              "DTDs and entities are refused (nothing is expanded or fetched)")
            keep = 16  # a declaration split across two chunks is found in the next window
            line += window.count(b"\n", 0, len(window) - keep)
            tail = window[-keep:]


#: How deep XML elements may nest in an RDF/XML file. Oxigraph's RDF/XML parser takes time that grows
#: with the square of the depth (8,000 levels: 0.9 s; 100,000 levels, a 2 MB file: over two minutes);
#: RDF/XML as published nests a few levels.
MAX_XML_DEPTH = 256


class _TooDeep(Exception):
    pass


def refuse_deep_xml(path: Path, title: str, limit: int = MAX_XML_DEPTH) -> None:
    """Raise :class:`KgError` ``FILE:LINE`` if the XML file's elements nest deeper than ``limit``, or
    if it is not well-formed XML (one pass of expat, which sees no DTD: :func:`refuse_xml_declarations`
    runs first).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     deep = Path(folder) / "deep.rdf"
    ...     _ = deep.write_bytes(b"<r>\\n" + b"<a>" * 3 + b"</a>" * 3 + b"</r>")
    ...     try:
    ...         refuse_deep_xml(deep, "RDF/XML", limit=3)
    ...     except KgError as error:
    ...         print(str(error).replace(folder, "TMP"))
    TMP/deep.rdf:2: cannot parse as RDF/XML: XML elements nested deeper than 3 levels are refused
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.ordered_attributes = True  # no dict per element: this pass costs about as much as parsing
    depth = 0

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > limit:
            raise _TooDeep(parser.CurrentLineNumber)

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_: object) -> None:
        raise expat.ExpatError("a DOCTYPE is refused")

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.StartDoctypeDeclHandler = doctype
    try:
        with path.open("rb") as handle:
            parser.ParseFile(handle)
    except _TooDeep as deep:
        raise KgError(f"{path}:{deep.args[0]}: cannot parse as {title}: XML elements nested deeper than "
                      f"{limit} levels are refused") from None
    except expat.ExpatError as error:
        line = getattr(error, "lineno", parser.CurrentLineNumber)
        column = getattr(error, "offset", parser.CurrentColumnNumber) + 1
        reason = expat.ErrorString(error.code) if hasattr(error, "code") else str(error)
        raise KgError(f"{path}:{line}: cannot parse as {title} (column {column}): malformed XML: {reason}") from None


class LineReader(io.RawIOBase):
    """A binary reader that returns at most one line per read and counts the lines it returned."""

    def __init__(self, handle: BinaryIO) -> None:
        super().__init__()
        self._handle = handle
        self._pending = b""
        self._ended = True  # the last piece handed out ended its line
        self.line = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._pending:
            self._pending = self._handle.readline(_CHUNK)
            if not self._pending:
                return 0
            self.line += self._ended
            self._ended = self._pending.endswith(b"\n")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


_POSITION = re.compile(r"^Parser error (?:at line \d+ between columns (\d+) and \d+|between line \d+ column (\d+) "
                       r"and line \d+ column \d+|at line \d+ column (\d+)): ")


def syntax_error(path: Path, title: str, error: SyntaxError, line: int) -> KgError:
    """A :class:`KgError` ``FILE:LINE: cannot parse as TITLE: ...`` from a parser's SyntaxError; the
    parser's own line where it gives one, else ``line`` (the line being read when it failed)."""
    message = " ".join(str(error.msg if error.msg else error).split())
    column = None
    found = _POSITION.match(message)
    if found is not None:
        column = next(group for group in found.groups() if group)
        message = message[found.end():]
    where = f"{path}:{error.lineno or line or 1}"
    at = f" (column {column})" if column else ""
    return KgError(f"{where}: cannot parse as {title}{at}: {message[:300]}")
