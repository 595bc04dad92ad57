"""The demo hall and the lab: demo data, demo cards, a card put into its simulated meter.  No
other capability imports this one."""
