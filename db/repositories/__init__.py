"""Repositories: the unit of work's way to load and store domain objects."""
