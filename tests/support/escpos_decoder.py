"""An ESC/POS decoder for the test suite: turns the bytes sent to a receipt printer back into
lines of text, images, QR codes, barcodes, cuts and drawer pulses, so tests can assert on what
the paper would show instead of on opaque byte strings.

``decode(data)`` walks the bytes once.  Printable bytes are text; every control byte starts a
command that is looked up in a dispatch table (longest prefix first) and either changes the
print state, emits an item, or is skipped by its documented length.  Anything else raises
:class:`UnknownCommand`, so a test notices a new command instead of reading garbage.

Modelled after the Epson ESC/POS reference, simplified where tests do not care:

* a :class:`Line` takes its alignment, bold and size from the state in force when its first
  character arrived (the printer applies ``ESC a`` only at the start of a line); ``runs`` keeps
  the per-character styles when they change within the line;
* text is GB18030 in Chinese mode (``FS &``; ``decode(chinese=True)`` for printers that power
  on in it) and single bytes in the code page chosen by ``ESC t`` otherwise — numbered as in
  python-escpos's capability ``profile`` when given, Epson's numbering when not, CP437 for
  pages it cannot map;
* images (``GS v 0``, ``GS ( L``/``GS 8 L`` graphics, ``ESC *`` bit images) become 1-bit
  :class:`PIL.Image.Image` objects in data dots (black = printed), not scaled by their density
  modes; consecutive ``ESC *`` stripes of the same width are stacked into one image;
* text still waiting in the line buffer is printed as a line before an image, barcode, QR code
  or cut, and at the end of the data; ``ESC @`` discards it, as the printer does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Literal, TypeVar

import zxingcpp
from escpos.capabilities import CAPABILITIES, get_profile
from PIL import Image

Align = Literal["left", "center", "right"]

ESC, GS, FS, DLE = 0x1B, 0x1D, 0x1C, 0x10
_CONTEXT = 8  # bytes shown in an error message


# --------------------------------------------------------------------------- errors


class EscposDecodeError(Exception):
    """The data cannot be decoded; ``offset`` is where the trouble starts."""

    def __init__(self, message: str, offset: int, data: bytes) -> None:
        super().__init__(f"{message} at offset {offset}: {data.hex(' ')}")
        self.offset = offset
        self.data = data


class UnknownCommand(EscposDecodeError):
    """A control byte starts a command (or a command variant) this decoder does not know."""


class TruncatedCommand(EscposDecodeError):
    """The data ends in the middle of a command."""


class UndecodableText(EscposDecodeError):
    """Text bytes are not valid in the current encoding (e.g. broken GB18030)."""


# --------------------------------------------------------------------------- items


@dataclass(frozen=True)
class Run:
    """A stretch of a line printed in one style."""

    text: str
    bold: bool = False
    width_mult: int = 1
    height_mult: int = 1
    underline: int = 0
    invert: bool = False


@dataclass(frozen=True)
class Line:
    """One printed line; its style is the style in force at its first character.

    ``runs`` (not compared) splits the line where the style changes within it."""

    text: str
    align: Align = "left"
    bold: bool = False
    width_mult: int = 1
    height_mult: int = 1
    runs: tuple[Run, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Picture:
    """A printed image: ``image`` is mode "1", black = printed dot, in data dots."""

    image: Image.Image
    command: str  # "GS v 0", "GS ( L", "ESC *"
    mode: int = 0  # the command's density/scale byte, as sent


@dataclass(frozen=True)
class QRCode:
    """A QR code printed natively (``GS ( k``) with the data stored before the print."""

    data: str
    size: int = 3
    error_level: str = "L"
    model: int = 2


@dataclass(frozen=True)
class Barcode:
    """A barcode printed natively (``GS k``); ``kind`` is the ``m`` byte as sent."""

    kind: int
    data: str


@dataclass(frozen=True)
class Cut:
    partial: bool = False
    feed: int = 0  # the feed byte of GS V 65/66 (…), in motion units


@dataclass(frozen=True)
class DrawerPulse:
    """A cash-drawer kick: ``pin`` 0 is connector pin 2, 1 is connector pin 5."""

    pin: int
    on_ms: int
    off_ms: int

    @property
    def connector_pin(self) -> int:
        return 2 if self.pin == 0 else 5


@dataclass(frozen=True)
class StatusRequest:
    """A request for the printer to answer (``DLE EOT n``, ``GS r n``, ``GS I n``) or to set
    up automatic status back (``GS a n``)."""

    n: int
    command: str = "DLE EOT"


@dataclass(frozen=True)
class StoredGraphic:
    """A print of a logo kept in the printer (``FS p``, ``GS ( L`` fn 69/85): no pixels here."""

    key: str


_T = TypeVar("_T")

Item = Line | Picture | QRCode | Barcode | Cut | DrawerPulse | StatusRequest | StoredGraphic


# --------------------------------------------------------------------------- the printout


@dataclass
class Printout:
    """What the printer would do with the data, in order."""

    items: list[Item] = field(default_factory=list)

    def _of(self, kind: type[_T]) -> list[_T]:
        return [item for item in self.items if isinstance(item, kind)]

    @property
    def lines(self) -> list[Line]:
        return self._of(Line)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def pictures(self) -> list[Picture]:
        return self._of(Picture)

    @property
    def images(self) -> list[Image.Image]:
        return [picture.image for picture in self.pictures]

    @property
    def qr_codes(self) -> list[str]:
        """The data of natively printed QR codes (``GS ( k``)."""
        return [code.data for code in self._of(QRCode)]

    @property
    def barcodes(self) -> list[Barcode]:
        return self._of(Barcode)

    @property
    def cuts(self) -> list[Cut]:
        return self._of(Cut)

    @property
    def drawer_pulses(self) -> list[DrawerPulse]:
        return self._of(DrawerPulse)

    @property
    def status_requests(self) -> list[StatusRequest]:
        return self._of(StatusRequest)

    def decoded_qr(self) -> list[str]:
        """QR data as a scanner would read it: from every image, and native codes, in order."""
        found: list[str] = []
        for item in self.items:
            if isinstance(item, Picture):
                found.extend(scan_qr(item.image))
            elif isinstance(item, QRCode):
                found.append(item.data)
        return found


_QR_FORMATS = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


def scan_qr(image: Image.Image, quiet_zone: int = 16) -> list[str]:
    """Read the QR codes in a printed image with zxing-cpp, upscaling if 1:1 fails."""
    grey = image.convert("L")
    framed = Image.new("L", (grey.width + 2 * quiet_zone, grey.height + 2 * quiet_zone), 255)
    framed.paste(grey, (quiet_zone, quiet_zone))
    for scale in (1, 2, 3, 4):
        scaled = framed.resize((framed.width * scale, framed.height * scale),
                               Image.Resampling.NEAREST)
        found = zxingcpp.read_barcodes(scaled, formats=_QR_FORMATS)
        if found:
            return [code.text for code in found]
    return []


# --------------------------------------------------------------------------- code pages


@cache
def _code_page_chars(name: str) -> str | None:
    """Characters 0x80-0xFF of a code page named as in python-escpos's capabilities."""
    page = CAPABILITIES["encodings"].get(name, {})
    if "data" in page:
        return "".join(page["data"])
    codec = page.get("python_encode")
    if codec is None:
        return None
    return "".join(bytes([b]).decode(codec, errors="replace") for b in range(0x80, 0x100))


@cache
def _code_page_numbers(profile: str | None) -> dict[int, str]:
    """``ESC t n`` numbers of a python-escpos profile (Epson's when ``profile`` is None)."""
    pages: dict[str, str] = get_profile(profile).get_code_pages()
    return {int(number): name for name, number in pages.items()}


_CP437 = bytes(range(0x80, 0x100)).decode("cp437")


# --------------------------------------------------------------------------- decoder state


@dataclass(frozen=True)
class _Style:
    align: Align = "left"
    emphasized: bool = False
    double_strike: bool = False
    underline: int = 0
    font: int = 0
    invert: bool = False
    width_mult: int = 1
    height_mult: int = 1

    @property
    def bold(self) -> bool:
        return self.emphasized or self.double_strike

    def run(self, text: str) -> Run:
        return Run(text, self.bold, self.width_mult, self.height_mult, self.underline,
                   self.invert)


@dataclass
class _QRStore:
    model: int = 2
    size: int = 3
    error_level: str = "L"
    data: str | None = None


_ALIGNMENTS: dict[int, Align] = {0: "left", 1: "center", 2: "right",
                                 48: "left", 49: "center", 50: "right"}
_ERROR_LEVELS = {48: "L", 49: "M", 50: "Q", 51: "H"}
_FULL_CUTS = {0: False, 48: False, 65: True, 97: True, 103: True}  # m -> has a feed byte
_PARTIAL_CUTS = {1: False, 49: False, 66: True, 98: True, 104: True}

_Handler = Callable[["_Decoder"], None]


class _Decoder:
    def __init__(self, data: bytes, profile: str | None, chinese: bool) -> None:
        self.data = data
        self.pos = 0
        self.start = 0  # offset of the command being decoded
        self.items: list[Item] = []
        self.code_pages = _code_page_numbers(profile)
        self.chinese_at_power_on = chinese
        self.runs: list[Run] = []
        self.line_style: _Style | None = None
        self.stripes: list[Picture] = []  # ESC * images waiting in the line buffer
        self.graphics: Picture | None = None  # GS ( L graphics waiting for fn 50
        self.reset()

    def reset(self) -> None:
        """ESC @: back to the power-on state; the line buffer is discarded."""
        self.style = _Style()
        self.chinese = self.chinese_at_power_on
        self.code_page = _CP437
        self.qr = _QRStore()
        self.runs.clear()
        self.stripes.clear()
        self.line_style = None
        self.graphics = None

    # ---- reading

    def decode(self) -> Printout:
        while self.pos < len(self.data):
            self.start = self.pos
            if self.data[self.pos] >= 0x20:
                self._text()
            else:
                handler, length = self._lookup()
                self.pos += length
                handler(self)
        self.flush()
        return Printout(self.items)

    def _lookup(self) -> tuple[_Handler, int]:
        for length in (3, 2, 1):
            handler = COMMANDS.get(self.data[self.pos:self.pos + length])
            if handler is not None and self.pos + length <= len(self.data):
                return handler, length
        context = self.data[self.pos:self.pos + _CONTEXT]
        rest = self.data[self.pos:]
        if len(rest) < 3 and any(key.startswith(rest) for key in COMMANDS):
            raise TruncatedCommand("data ends inside a command", self.pos, context)
        raise UnknownCommand("unknown ESC/POS command", self.pos, context)

    def take(self, count: int) -> bytes:
        chunk = self.data[self.pos:self.pos + count]
        if len(chunk) < count:
            raise TruncatedCommand("data ends inside a command", self.start,
                                   self.data[self.start:])
        self.pos += count
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def word(self) -> int:
        low, high = self.take(2)
        return low + 256 * high

    def unknown_variant(self) -> UnknownCommand:
        return UnknownCommand("unknown ESC/POS command variant", self.start,
                              self.data[self.start:self.pos])

    # ---- text and lines

    def _text(self) -> None:
        end = self.pos
        while end < len(self.data) and self.data[end] >= 0x20:
            end += 1
        raw = self.data[self.pos:end]
        self.add_text(self._decode_text(raw))
        self.pos = end

    def _decode_text(self, raw: bytes) -> str:
        if self.chinese:
            try:
                return raw.decode("gb18030")
            except UnicodeDecodeError as error:
                raise UndecodableText("not GB18030", self.pos + error.start,
                                      raw[error.start:error.start + _CONTEXT]) from None
        return "".join(chr(b) if b < 0x80 else self.code_page[b - 0x80] for b in raw)

    def add_text(self, text: str) -> None:
        if self.line_style is None:
            self.line_style = self.style
        run = self.style.run(text)
        last = self.runs[-1] if self.runs else None
        if last is not None and replace(last, text="") == replace(run, text=""):
            self.runs[-1] = replace(last, text=last.text + text)
        else:
            self.runs.append(run)

    def end_line(self) -> None:
        """Print the line buffer (LF): a line, even an empty one, unless it held only images."""
        only_images = bool(self.stripes) and not self.runs
        self._emit_stripes()
        if not only_images:
            style = self.line_style or self.style
            text = "".join(run.text for run in self.runs)
            self.items.append(Line(text, style.align, style.bold, style.width_mult,
                                   style.height_mult, tuple(self.runs)))
        self.runs.clear()
        self.line_style = None

    def flush(self) -> None:
        """Print whatever waits in the line buffer, if anything."""
        if self.runs or self.stripes:
            self.end_line()

    def emit(self, item: Item) -> None:
        self.flush()
        self.items.append(item)

    def _emit_stripes(self) -> None:
        for stripe in self.stripes:
            last = self.items[-1] if self.items else None
            if (isinstance(last, Picture) and last.command == stripe.command
                    and last.mode == stripe.mode and last.image.width == stripe.image.width):
                self.items[-1] = replace(last, image=_stack(last.image, stripe.image))
            else:
                self.items.append(stripe)
        self.stripes.clear()


def _stack(top: Image.Image, bottom: Image.Image) -> Image.Image:
    stacked = Image.new("1", (top.width, top.height + bottom.height), 255)
    stacked.paste(top, (0, 0))
    stacked.paste(bottom, (0, top.height))
    return stacked


def _raster(data: bytes, width_bytes: int, height: int) -> Image.Image:
    """Row-major 1-bit data, bit set = printed dot, to a mode "1" image (black = printed)."""
    return Image.frombytes("1", (width_bytes * 8, height), data, "raw", "1;I")


def _columns(data: bytes, width: int, bytes_per_column: int) -> Image.Image:
    """ESC * column data (each column top to bottom, MSB first) to a mode "1" image."""
    transposed = _raster(data, bytes_per_column, width)
    return transposed.transpose(Image.Transpose.TRANSPOSE)


# --------------------------------------------------------------------------- handlers


def _skip(count: int) -> _Handler:
    def handler(decoder: _Decoder) -> None:
        decoder.take(count)

    return handler


def _ignore(decoder: _Decoder) -> None:
    del decoder


def _skip_function(decoder: _Decoder) -> None:
    """GS ( x pL pH ...: skip the parameters by their length field."""
    decoder.take(decoder.word())


def _line_feed(decoder: _Decoder) -> None:
    decoder.end_line()


def _form_feed(decoder: _Decoder) -> None:
    decoder.flush()


def _tab(decoder: _Decoder) -> None:
    decoder.add_text("\t")


def _initialise(decoder: _Decoder) -> None:
    decoder.reset()


def _restyle(decoder: _Decoder, **changes: Any) -> None:
    decoder.style = replace(decoder.style, **changes)


def _align(decoder: _Decoder) -> None:
    n = decoder.byte()
    if n not in _ALIGNMENTS:
        raise decoder.unknown_variant()
    _restyle(decoder, align=_ALIGNMENTS[n])


def _emphasized(decoder: _Decoder) -> None:
    _restyle(decoder, emphasized=bool(decoder.byte() & 1))


def _double_strike(decoder: _Decoder) -> None:
    _restyle(decoder, double_strike=bool(decoder.byte() & 1))


def _underline(decoder: _Decoder) -> None:
    _restyle(decoder, underline=decoder.byte() % 48)


def _font(decoder: _Decoder) -> None:
    _restyle(decoder, font=decoder.byte() % 48)


def _invert(decoder: _Decoder) -> None:
    _restyle(decoder, invert=bool(decoder.byte() & 1))


def _print_mode(decoder: _Decoder) -> None:
    n = decoder.byte()
    _restyle(decoder, font=n & 1, emphasized=bool(n & 0x08),
             height_mult=2 if n & 0x10 else 1, width_mult=2 if n & 0x20 else 1,
             underline=1 if n & 0x80 else 0)


def _character_size(decoder: _Decoder) -> None:
    n = decoder.byte()
    _restyle(decoder, width_mult=(n >> 4) + 1, height_mult=(n & 0x0F) + 1)


def _code_page(decoder: _Decoder) -> None:
    name = decoder.code_pages.get(decoder.byte())
    chars = _code_page_chars(name) if name else None
    decoder.code_page = chars or _CP437


def _chinese_on(decoder: _Decoder) -> None:
    decoder.chinese = True


def _chinese_off(decoder: _Decoder) -> None:
    decoder.chinese = False


def _print_and_feed_lines(decoder: _Decoder) -> None:
    n = decoder.byte()
    decoder.end_line()
    for _ in range(n - 1):
        decoder.end_line()


def _print_and_feed_dots(decoder: _Decoder) -> None:
    decoder.byte()
    decoder.flush()


def _tab_positions(decoder: _Decoder) -> None:
    for _ in range(33):
        if decoder.byte() == 0:
            return
    raise decoder.unknown_variant()


# ---- images


def _raster_image(decoder: _Decoder) -> None:
    mode = decoder.byte()
    if mode not in (0, 1, 2, 3, 48, 49, 50, 51):
        raise decoder.unknown_variant()
    width_bytes, height = decoder.word(), decoder.word()
    image = _raster(decoder.take(width_bytes * height), width_bytes, height)
    decoder.emit(Picture(image, "GS v 0", mode))


def _bit_image(decoder: _Decoder) -> None:
    mode = decoder.byte()
    depth = {0: 1, 1: 1, 32: 3, 33: 3}.get(mode)
    if depth is None:
        raise decoder.unknown_variant()
    width = decoder.word()
    image = _columns(decoder.take(width * depth), width, depth)
    if decoder.line_style is None:
        decoder.line_style = decoder.style
    decoder.stripes.append(Picture(image, "ESC *", mode))


def _graphics(decoder: _Decoder) -> None:
    _graphics_function(decoder, decoder.take(decoder.word()))


def _graphics_long(decoder: _Decoder) -> None:
    low, high = decoder.word(), decoder.word()
    _graphics_function(decoder, decoder.take(low + (high << 16)))


def _graphics_function(decoder: _Decoder, payload: bytes) -> None:
    """GS ( L / GS 8 L: ``payload`` is m fn [parameters]."""
    if len(payload) < 2:
        raise decoder.unknown_variant()
    fn, rest = payload[1], payload[2:]
    if fn == 112:  # store raster graphics in the print buffer
        decoder.graphics = _stored_graphics(rest)
    elif fn == 50 and decoder.graphics is not None:  # print the buffered graphics
        decoder.emit(decoder.graphics)
        decoder.graphics = None
    elif fn in (69, 85) and len(rest) >= 2:  # print NV / download graphics by key
        decoder.emit(StoredGraphic(rest[:2].decode("latin-1")))


def _stored_graphics(rest: bytes) -> Picture | None:
    """fn 112 parameters: a bx by c xL xH yL yH data; only monochrome (a = 48) is decoded."""
    if len(rest) < 8 or rest[0] != 48:
        return None
    width = rest[4] + 256 * rest[5]
    height = rest[6] + 256 * rest[7]
    width_bytes = (width + 7) // 8
    data = rest[8:8 + width_bytes * height]
    if len(data) < width_bytes * height:
        return None
    image = _raster(data, width_bytes, height).crop((0, 0, width, height))
    return Picture(image, "GS ( L", rest[1] * 16 + rest[2])


def _nv_bit_image(decoder: _Decoder) -> None:
    n, mode = decoder.take(2)
    decoder.emit(StoredGraphic(f"FS p {n} {mode}"))


# ---- codes


def _two_d_code(decoder: _Decoder) -> None:
    payload = decoder.take(decoder.word())
    if len(payload) < 2:
        raise decoder.unknown_variant()
    if payload[0] == 49:
        _qr_function(decoder, payload[1], payload[2:])


def _qr_function(decoder: _Decoder, fn: int, rest: bytes) -> None:
    qr = decoder.qr
    if fn == 65 and rest:
        qr.model = rest[0] - 48
    elif fn == 67 and rest:
        qr.size = rest[0]
    elif fn == 69 and rest:
        qr.error_level = _ERROR_LEVELS.get(rest[0], "?")
    elif fn == 80:
        qr.data = _qr_text(rest[1:])
    elif fn == 81 and qr.data is not None:
        decoder.emit(QRCode(qr.data, qr.size, qr.error_level, qr.model))


def _qr_text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _barcode(decoder: _Decoder) -> None:
    kind = decoder.byte()
    if kind <= 6:
        end = decoder.data.find(b"\x00", decoder.pos)
        if end < 0:
            raise TruncatedCommand("barcode without its NUL", decoder.start,
                                   decoder.data[decoder.start:decoder.start + _CONTEXT])
        data = decoder.take(end - decoder.pos)
        decoder.take(1)
    elif 65 <= kind <= 79:
        data = decoder.take(decoder.byte())
    else:
        raise decoder.unknown_variant()
    decoder.emit(Barcode(kind, data.decode("latin-1")))


# ---- paper, drawer, status


def _cut(decoder: _Decoder) -> None:
    m = decoder.byte()
    table = _PARTIAL_CUTS if m in _PARTIAL_CUTS else _FULL_CUTS
    if m not in table:
        raise decoder.unknown_variant()
    feed = decoder.byte() if table[m] else 0
    decoder.emit(Cut(partial=table is _PARTIAL_CUTS, feed=feed))


def _partial_cut(decoder: _Decoder) -> None:
    decoder.emit(Cut(partial=True))


def _drawer_pulse(decoder: _Decoder) -> None:
    m, t1, t2 = decoder.take(3)
    if m not in (0, 1, 48, 49):
        raise decoder.unknown_variant()
    decoder.items.append(DrawerPulse(m % 48, t1 * 2, t2 * 2))


def _real_time_request(decoder: _Decoder) -> None:
    fn = decoder.byte()
    if fn == 1:  # DLE DC4 1 m t: real-time drawer pulse, t x 100 ms
        m, t = decoder.take(2)
        decoder.items.append(DrawerPulse(m % 48, t * 100, t * 100))
    elif fn == 2:  # DLE DC4 2 1 8: power off
        decoder.take(2)
    else:
        raise decoder.unknown_variant()


def _transmit_status(decoder: _Decoder) -> None:
    n = decoder.byte()
    if n in (7, 8):
        decoder.byte()
    decoder.items.append(StatusRequest(n, "DLE EOT"))


def _status(command: str) -> _Handler:
    def handler(decoder: _Decoder) -> None:
        decoder.items.append(StatusRequest(decoder.byte(), command))

    return handler


# --------------------------------------------------------------------------- dispatch table


def _cmd(*parts: int | str) -> bytes:
    return b"".join(bytes([p]) if isinstance(p, int) else p.encode("latin-1") for p in parts)


COMMANDS: dict[bytes, _Handler] = {
    # control bytes
    b"\n": _line_feed,
    b"\r": _ignore,
    b"\t": _tab,
    b"\x0b": _line_feed,  # VT: feed to the next vertical tab; no tabs set, so a line
    b"\x0c": _form_feed,
    b"\x07": _ignore,  # BEL: buzzer on some models
    b"\x18": _ignore,  # CAN: cancel page-mode data
    # ESC: print state
    _cmd(ESC, "@"): _initialise,
    _cmd(ESC, "a"): _align,
    _cmd(ESC, "E"): _emphasized,
    _cmd(ESC, "G"): _double_strike,
    _cmd(ESC, "!"): _print_mode,
    _cmd(ESC, "-"): _underline,
    _cmd(ESC, "M"): _font,
    _cmd(ESC, "t"): _code_page,
    _cmd(ESC, "R"): _skip(1),  # international character set
    _cmd(ESC, "{"): _skip(1),  # upside down
    _cmd(ESC, "V"): _skip(1),  # 90° rotation
    _cmd(ESC, "r"): _skip(1),  # colour
    _cmd(ESC, " "): _skip(1),  # right-side character spacing
    _cmd(ESC, "%"): _skip(1),  # user-defined characters on/off
    _cmd(ESC, "?"): _skip(1),  # cancel a user-defined character
    _cmd(ESC, "U"): _skip(1),  # unidirectional printing
    _cmd(ESC, "="): _skip(1),  # select peripheral device
    _cmd(ESC, "2"): _ignore,  # default line spacing
    _cmd(ESC, "3"): _skip(1),  # line spacing n/180"
    _cmd(ESC, "A"): _skip(1),  # line spacing n/60" (python-escpos)
    _cmd(ESC, "+"): _skip(1),  # line spacing n/360" (python-escpos)
    _cmd(ESC, "$"): _skip(2),  # absolute print position
    _cmd(ESC, "\\"): _skip(2),  # relative print position
    _cmd(ESC, "D"): _tab_positions,
    _cmd(ESC, "B"): _skip(2),  # buzzer (python-escpos)
    _cmd(ESC, "c", "0"): _skip(1),  # paper type (roll / slip)
    _cmd(ESC, "c", "1"): _skip(1),
    _cmd(ESC, "c", "3"): _skip(1),  # paper sensors for paper-end signals
    _cmd(ESC, "c", "4"): _skip(1),  # paper sensors to stop printing
    _cmd(ESC, "c", "5"): _skip(1),  # panel buttons
    _cmd(ESC, "L"): _ignore,  # page mode
    _cmd(ESC, "S"): _ignore,  # standard mode
    # ESC: printing and paper
    _cmd(ESC, "d"): _print_and_feed_lines,
    _cmd(ESC, "J"): _print_and_feed_dots,
    _cmd(ESC, "*"): _bit_image,
    _cmd(ESC, "i"): _partial_cut,  # Epson: partial cut, one point left
    _cmd(ESC, "m"): _partial_cut,  # Epson: partial cut, three points left
    _cmd(ESC, "p"): _drawer_pulse,
    # GS
    _cmd(GS, "!"): _character_size,
    _cmd(GS, "B"): _invert,
    _cmd(GS, "b"): _skip(1),  # smoothing
    _cmd(GS, "|"): _skip(1),  # print density (python-escpos)
    _cmd(GS, "L"): _skip(2),  # left margin
    _cmd(GS, "W"): _skip(2),  # print area width
    _cmd(GS, "P"): _skip(2),  # motion units
    _cmd(GS, "H"): _skip(1),  # barcode HRI position
    _cmd(GS, "h"): _skip(1),  # barcode height
    _cmd(GS, "w"): _skip(1),  # barcode module width
    _cmd(GS, "f"): _skip(1),  # barcode HRI font
    _cmd(GS, "k"): _barcode,
    _cmd(GS, "v", "0"): _raster_image,
    _cmd(GS, "(", "L"): _graphics,
    _cmd(GS, "8", "L"): _graphics_long,
    _cmd(GS, "(", "k"): _two_d_code,
    _cmd(GS, "V"): _cut,
    _cmd(GS, "a"): _status("GS a"),
    _cmd(GS, "r"): _status("GS r"),
    _cmd(GS, "I"): _status("GS I"),
    # FS: Chinese (kanji) mode and stored logos
    _cmd(FS, "&"): _chinese_on,
    _cmd(FS, "."): _chinese_off,
    _cmd(FS, "!"): _skip(1),  # kanji print mode
    _cmd(FS, "-"): _skip(1),  # kanji underline
    _cmd(FS, "W"): _skip(1),  # kanji quadruple size
    _cmd(FS, "S"): _skip(2),  # kanji spacing
    _cmd(FS, "C"): _skip(1),  # kanji code system
    _cmd(FS, "p"): _nv_bit_image,
    # DLE: real-time commands
    _cmd(DLE, 0x04): _transmit_status,
    _cmd(DLE, 0x05): _skip(1),  # real-time request (recover, clear buffer)
    _cmd(DLE, 0x14): _real_time_request,
}

# GS ( x functions with a length field that tests need not look into
COMMANDS.update({_cmd(GS, "(", function): _skip_function for function in "ACDEHKMNQ"})


# --------------------------------------------------------------------------- entry point


def decode(data: bytes, *, profile: str | None = None, chinese: bool = False) -> Printout:
    """Decode ESC/POS ``data`` into a :class:`Printout`.

    ``profile`` names the python-escpos capability profile whose ``ESC t`` numbering to use
    (e.g. "POS-5890"); ``chinese`` is the printer's power-on Chinese mode, restored by ``ESC @``.
    """
    return _Decoder(bytes(data), profile, chinese).decode()
