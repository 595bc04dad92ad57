"""Cards outside a sale: issuing and replacing, what the ledger knows of a card, restoring one,
the utility's card keys, inspecting and wiping."""
