"""Adapters that are neither devices nor storage: the clock, password hashing, the key vault,
payment providers, spreadsheets and export files.  Only the composition
root (pos.bootstrap) and the entry point choose and build them (docs/architecture.md)."""
