"""Validate: SHACL shapes and the *-violation.rq checks over the mapped graphs. Depends on kg.core and kg.transform."""
