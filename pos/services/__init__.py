"""Use cases: one function per thing a person does, talking to the world only through the
ports in :mod:`pos.services.ports`, wired by :mod:`pos.bootstrap`."""
