"""The export formats ``kg export`` knows: one table, :data:`FORMATS`, name -> :class:`ExportFormat`.

A format is a writer function named by its module path, imported only when that format is asked
for (so ``kg --help`` does not load every format's libraries). The contract of a writer::

    def write(store: kg.dataset.store.Store, folder: pathlib.Path) -> list[pathlib.Path]

It writes its files into ``folder``, a new empty folder (a temporary one beside the target:
:func:`kg.export.folder.export` renames it into place once the writer has returned), returns the
paths it wrote, and raises :class:`kg.core.errors.KgError` on bad data. It never prints, and its
output depends only on the store (no clock, no random names): the same build gives the same bytes.

To add a format, add one entry below.

>>> sorted(FORMATS)
['kgx', 'phenopackets']
>>> get("phenopackets").summary
'GA4GH Phenopackets v2: one JSON file per patient'
>>> get("nonsense")
Traceback (most recent call last):
    ...
kg.core.errors.KgError: unknown export format 'nonsense'; the formats are: kgx, phenopackets
"""

from __future__ import annotations

import importlib

from kg.core.errors import KgError
from kg.core.frozen import Frozen

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing on every start
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from kg.dataset.store import Store

    Writer = Callable[[Store, Path], list[Path]]

__all__ = ["ExportFormat", "FORMATS", "get"]


class ExportFormat(Frozen):
    """One format: its name on the command line, a one-line summary, and its writer
    (``"package.module:function"``). Light on purpose: the command line lists the formats."""

    __slots__ = ("name", "summary", "writer_path")
    name: str
    summary: str
    writer_path: str

    def __init__(self, name: str, summary: str, writer_path: str) -> None:
        self._set(name=name, summary=summary, writer_path=writer_path)

    def writer(self) -> Writer:
        """The writer function, imported now."""
        module, _, function = self.writer_path.partition(":")
        writer: Writer = getattr(importlib.import_module(module), function)
        return writer


#: Every export format, by the name ``kg export`` takes.
FORMATS: dict[str, ExportFormat] = {
    "phenopackets": ExportFormat("phenopackets", "GA4GH Phenopackets v2: one JSON file per patient",
                                 "kg.export.pheno.writer:write"),
    "kgx": ExportFormat("kgx", "Biolink KGX: nodes and edges as TSV and JSON Lines", "kg.export.kgx:write"),
}


def get(name: str) -> ExportFormat:
    """The format called ``name``; a :class:`KgError` listing the formats if there is none."""
    try:
        return FORMATS[name]
    except KeyError:
        raise KgError(f"unknown export format {name!r}; the formats are: {', '.join(sorted(FORMATS))}") from None
