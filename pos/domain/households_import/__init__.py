"""Households from a previous system (docs/going-live.md): the column mapping that reads its
export, the rows as typed households (a bad value names its line and column), and how each row
stands against what the ledger stores (new, the same, or a contradiction).  Standard library
only: XLSX files arrive here as rows of text."""
