"""Everything printed: the documents (receipts, guidance, slips), the print queue that sends
them, and the check of a receipt's seal."""
