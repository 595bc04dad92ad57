"""Integrated bank-card terminals: plug-ins found by entry point, and the simulated one."""
