"""The business day: its states, the cash count, the day's totals and the daily report."""
