"""The command layer: ``kg`` parses arguments, decides whether build/ must be rebuilt, calls one
library function per command and prints its result. Only this layer prints or exits."""

from kg.cli.main import main

__all__ = ["main"]
