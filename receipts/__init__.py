"""Printable documents from domain facts: the document model, layouts, the seal
(verification code) and its check, and renderers (ESC/POS bytes, PNG preview).  It produces
bytes and images; ``drivers`` sends them (docs/architecture.md)."""
