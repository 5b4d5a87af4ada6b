"""Core: errors, prefixes, identifiers (the pinned prefix map), IRIs and minting rules, term
conversion, file-system steps. Depends on nothing else in kg."""
