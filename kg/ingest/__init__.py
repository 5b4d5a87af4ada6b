"""Ingest: read the curated files under data/ into plain records, each with its origin (file, record, line).
Depends on kg.core."""
