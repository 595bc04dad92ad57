"""What every capability stands on: the services' context, sign-in and permissions, the audit
trail, business days, journal postings, sale states, card access and the ledger's verification."""
