"""Card readers: the simulated reader (``sim:PATH``) and PC/SC readers (``pcsc[:PATTERN]``)."""
