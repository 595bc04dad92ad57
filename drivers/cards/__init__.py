"""The card station: readers by name (PC/SC, simulated, the demo slot), reader models' answers,
card sessions and events, and the card profiles found as plug-ins."""
