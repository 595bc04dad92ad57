"""Finance's month (月对账): statements imported, reconciled against the ledger, locked; the
month's chart."""
