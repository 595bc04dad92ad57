"""The counter's own devices beyond the card: the cash drawer and customer display, and the health
of every device and the database."""
