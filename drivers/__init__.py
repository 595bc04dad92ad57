"""Devices behind the services' ports, by kind: cards/ (the card station, PC/SC readers, ACS
reader answers, card profiles), printer/ (ESC/POS), display/ (the customer pole display) —
and virtual/, the devices gaspos plays itself (the SLE4442 chip, the simulated reader, the
vpcd card, the meter simulator, the demo slot, the lab).  Nothing here knows a use case or the
database (docs/architecture.md)."""
