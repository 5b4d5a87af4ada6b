"""Exports of the built dataset in the formats its neighbours read (Biolink KGX, ...)."""
