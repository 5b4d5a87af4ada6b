"""Transform: map curated records to RDF triples in named graphs. Depends on kg.core and kg.ingest."""
