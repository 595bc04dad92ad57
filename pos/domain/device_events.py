"""Plain events from the counter's devices, handed from a device thread to whoever listens.

The GUI bridges them to Qt signals; nothing that receives one runs on the device's thread
for longer than it takes to queue it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CardInserted:
    reader: str


@dataclass(frozen=True)
class CardRemoved:
    reader: str


@dataclass(frozen=True)
class ReaderConnected:
    reader: str


@dataclass(frozen=True)
class ReaderDisconnected:
    reader: str


DeviceEvent = CardInserted | CardRemoved | ReaderConnected | ReaderDisconnected
