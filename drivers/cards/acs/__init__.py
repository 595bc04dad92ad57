"""ACS readers' pseudo-APDUs (class FF) for memory cards: the reader models' answers as data,
the card side (a chip behind the pseudo-APDU front) and the host side (memory-card access)."""
