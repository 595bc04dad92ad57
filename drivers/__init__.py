"""Hardware behind the services' ports: card chips and card profiles, PC/SC and simulated
readers, the virtual card for vpcd, receipt printers, the customer display, the meter
simulator.  Nothing here knows a use case or the database (docs/architecture.md)."""
