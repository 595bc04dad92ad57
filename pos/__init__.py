"""gaspos — the prepaid gas-card counter.

Rooms (see docs/architecture.md): ``pos.domain`` (pure rules), ``pos.services`` (use cases
behind ports), ``pos.cli`` and ``pos.ui`` (front ends), ``pos.bootstrap`` (the one place that
wires everything), and the top-level ``db``, ``drivers`` and ``receipts`` packages.
"""

__version__ = "0.1.0"
