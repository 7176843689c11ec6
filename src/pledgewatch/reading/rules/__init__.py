"""The rule reader: LEDGER.md read as grammar (status from the parse, actors, amounts, packages)."""
