"""Where the receipt printer is: the connection text of the settings and of ``--printer``.

    tcp:HOST[:PORT]        a network printer (raw TCP, port 9100)
    serial:DEVICE[:BAUD]   a serial printer (9600 baud unless given)
    usb:VID:PID            a USB printer by vendor and product id (hex), through pyusb
    file:PATH              bytes appended to a file or device (/dev/usb/lp0); never answers
    preview:DIR            each document saved as a PNG (and its bytes) in DIR — the demo's
    none                   no printer: documents stay in the queue
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos.domain.errors import BadInput
from pos.domain.messages import N_


@dataclass(frozen=True)
class Connection:
    kind: str
    target: str = ""  # host, device, path, directory or "VID:PID"
    port: int = 9100  # TCP port, or serial baud rate

    def __str__(self) -> str:
        if self.kind == "tcp":
            return f"tcp:{self.target}:{self.port}"
        if self.kind == "serial":
            return f"serial:{self.target}:{self.port}"
        return f"{self.kind}:{self.target}" if self.target else self.kind


def parse_connection(spec: str) -> Connection:
    """``tcp:10.0.0.7:9100`` → Connection; anything else is refused with the forms it takes."""
    kind, _, rest = spec.strip().partition(":")
    try:
        if kind == "none" and not rest:
            return Connection("none")
        if kind in ("file", "preview") and rest:
            return Connection(kind, rest)
        found = re.fullmatch(r"([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(?::([0-9]{1,5}))?", rest)
        if kind == "tcp" and found and 0 < int(found[2] or 9100) < 65536:
            return Connection("tcp", found[1].strip("[]"), int(found[2] or 9100))
        if kind == "serial" and rest:
            numbered = re.search(r":[0-9]+$", rest)
            device, _, baud = rest.rpartition(":") if numbered else (rest, "", "")
            return Connection("serial", device, int(baud or 9600))
        if kind == "usb" and re.fullmatch(r"[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}", rest):
            return Connection("usb", rest.lower())
    except ValueError:
        pass
    raise BadInput("printer.connection",
                   N_("“{spec}” is not a printer connection: use tcp:HOST[:PORT], "
                      "serial:DEVICE[:BAUD], usb:VID:PID, file:PATH, preview:DIR or none."),
                   spec=spec)
