"""Atopic dermatitis literature knowledge graph.

The pipeline, one module per stage: :mod:`kg.load` (curated records) -> :mod:`kg.mapping`
(records to triples) -> :mod:`kg.validate` (SHACL and check queries) -> :mod:`kg.serialize`
(build/), run by :func:`kg.build.build` and the thin :mod:`kg.cli`.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
