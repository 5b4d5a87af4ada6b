"""Synth: a seeded synthetic corpus in the curated data format, for benchmarks. Depends on kg.core and kg.ingest."""
