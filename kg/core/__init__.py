"""Core: errors, prefixes, IRIs and minting rules, term conversion, file-system steps. Depends on nothing else in kg."""
