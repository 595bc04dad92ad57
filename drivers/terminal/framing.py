"""The simulated terminal's line protocol: small frames over a serial port, as acquirers'
terminal protocols are (docs/payments.md "At the counter").

A frame is ``STX payload ETX LRC``: the payload is ASCII fields joined by ``|``, the LRC the
XOR of every byte of the payload and the ETX.  The receiver answers a good frame with ``ACK``
and a damaged one with ``NAK`` (the sender sends it again, at most three times).

    counter → terminal   C|order_no|fen                  charge
                         R|order_no|fen|reference        refund
    terminal → counter   A|00|reference|terminal|voucher approved
                         A|code|||text                   declined (e.g. 51 insufficient funds)
"""

from __future__ import annotations

from typing import Any

STX, ETX, ACK, NAK = 0x02, 0x03, 0x06, 0x15
APPROVED = "00"


class FrameError(Exception):
    """The line said something that is not a frame, or said nothing in time."""


def frame(*fields: str) -> bytes:
    payload = "|".join(fields).encode("ascii") + bytes([ETX])
    return bytes([STX]) + payload + bytes([lrc(payload)])


def lrc(data: bytes) -> int:
    value = 0
    for byte in data:
        value ^= byte
    return value


def read_frame(port: Any) -> list[str] | None:
    """The fields of the next frame on ``port`` (None if its LRC is wrong); FrameError if
    nothing comes within the port's timeout.  Bytes before an STX are skipped."""
    while True:
        byte = port.read(1)
        if not byte:
            raise FrameError("no frame")
        if byte[0] == STX:
            break
    payload = bytearray()
    while True:
        byte = port.read(1)
        if not byte:
            raise FrameError("frame cut short")
        payload += byte
        if byte[0] == ETX:
            break
    check = port.read(1)
    if not check:
        raise FrameError("frame without its LRC")
    if check[0] != lrc(bytes(payload)):
        return None
    return payload[:-1].decode("ascii", errors="replace").split("|")


def read_ack(port: Any) -> bool:
    """True on ACK, False on NAK; FrameError on silence."""
    while True:
        byte = port.read(1)
        if not byte:
            raise FrameError("no acknowledgement")
        if byte[0] in (ACK, NAK):
            return bool(byte[0] == ACK)
