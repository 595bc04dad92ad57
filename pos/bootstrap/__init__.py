"""The composition root: the one place that builds everything (:mod:`pos.bootstrap.wiring`).

Kept light on purpose: ``gaspos --help`` must not pay for importing the database layer.
"""
