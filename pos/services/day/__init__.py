"""The cashier's day (日结、日清): closing, deposits, money-only entries (refunds and adjustments),
the daily report and its documents."""
