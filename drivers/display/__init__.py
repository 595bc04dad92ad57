"""The customer display: a serial pole display (or none)."""
