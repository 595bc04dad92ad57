"""The audit log's page (supervisors and administrators)."""
