"""The counter's keys, as F1 lists them (the counter window binds them)."""

from __future__ import annotations

from pos.domain.messages import N_

KEYS = (
    ("F1", N_("this help")), ("F2", N_("enter the volume")),
    ("F6", N_("or the amount to spend")),
    ("F3", N_("household lookup")), ("F4", N_("card issue, replacement, meter change")),
    ("F5", N_("take the payment")), ("F7", N_("demo: a new blank card")),
    ("F10", N_("devices and their tests")), ("F11", N_("settings: language and devices")),
    ("Enter", N_("confirm")), ("Esc", N_("clear the entry / cancel")),
    ("F8", N_("demo: take the card out")), ("F9", N_("demo: put the card into the meter")),
    ("Ctrl+D", N_("settle and close the day (cashier)")), ("Ctrl+R", N_("the daily report")),
    ("Ctrl+M", N_("the month's reconciliation (finance)")),
    ("Ctrl+Shift+R", N_("hall and company reports (supervisor, finance)")),
    ("Ctrl+U", N_("staff: disable, unlock, reset a password, change a role (administrator)")),
    ("Ctrl+I", N_("households from the previous system (administrator)")),
    ("Ctrl+L", N_("the audit log (supervisor, administrator)")),
)
