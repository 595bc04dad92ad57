"""The counter's payment devices, chosen from the settings: the serial payment-code scanner
([scanner]) and the integrated bank-card terminal ([terminal]); wiring.build hands them to the
services (docs/payments.md "At the counter")."""

from __future__ import annotations

from drivers.scanner.serial_scanner import SerialScanner
from drivers.terminal.registry import card_terminal
from pos.bootstrap import config
from pos.domain.sale.card_terminal import CardTerminal


def payment_scanner(settings: config.Settings) -> SerialScanner | None:
    scanner = settings.scanner
    return SerialScanner(scanner.port, scanner.baudrate) if scanner.port else None


def bank_terminal(settings: config.Settings, *, demo: bool) -> CardTerminal | None:
    """None: the clerk types the terminal's slip.  The demo always has the simulated one."""
    terminal = settings.terminal
    kind = "simulated" if demo and terminal.kind == "none" else terminal.kind
    if kind == "none":
        return None
    return card_terminal(kind, port=terminal.port if kind == terminal.kind else "",
                         baudrate=terminal.baudrate)
