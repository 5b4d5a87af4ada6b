"""Exports: the built dataset written in the formats its neighbours read (``kg export FORMAT DIR``):
GA4GH Phenopackets, Biolink KGX.

The formats are listed in one table, :data:`kg.export.formats.FORMATS`; :mod:`kg.export.folder`
writes any of them into a new folder atomically. Each format reads the built store by SPARQL
(:mod:`kg.dataset.query`), as the other readers of build/ do.
"""

__all__: list[str] = []
