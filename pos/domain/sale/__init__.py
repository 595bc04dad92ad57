"""A sale: its record and states, the purchase on the card, payments, and what the ledger holds
of each sale."""
