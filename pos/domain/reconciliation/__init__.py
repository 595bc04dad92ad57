"""The month's reconciliation (月对账): the ledger's side, the matching, the items it finds.

``reconcile(month, lines, rules)`` in :mod:`.matching`; the items in :mod:`.items`; the
settlement rules (data, with defaults) in :mod:`.rules`; the ledger's side in
:mod:`.ledger_side`.
"""
