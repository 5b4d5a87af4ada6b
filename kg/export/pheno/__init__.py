"""GA4GH Phenopackets v2 from the graph: one phenopacket per patient (``kg export phenopackets DIR``).

:mod:`.read` asks the store by SPARQL, :mod:`.terms` chooses the ontology terms (the project's
mappings, and the few terms the graph does not carry), :mod:`.build` assembles the messages with
the ``phenopackets`` package and :mod:`.writer` writes them as JSON.
"""

__all__: list[str] = []
