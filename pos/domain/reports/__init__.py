"""Reports above one counter: a hall's and the company's days and months, built from closed
days' stored totals and the journal (docs/reports.md)."""
