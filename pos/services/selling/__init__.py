"""The counter sale (docs/selling.md): the card read and settled, priced, paid, written and
completed — and its recovery, payments, payment references and meter changes."""
