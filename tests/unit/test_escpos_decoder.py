"""The test suite's ESC/POS decoder: bytes from python-escpos and hand-written sequences come
back as the text, styles, images, codes, cuts and drawer pulses that were sent."""

from __future__ import annotations

import pytest
from escpos.printer import Dummy
from PIL import Image, ImageChops, ImageDraw

from tests.support.escpos_decoder import (
    Barcode,
    Cut,
    DrawerPulse,
    Line,
    Picture,
    QRCode,
    StatusRequest,
    StoredGraphic,
    TruncatedCommand,
    UndecodableText,
    UnknownCommand,
    decode,
)

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
SEAL = "GP1|01|42|20261127093000|1288.00|7K3Q-M9TD-2XWB"
PROFILES = ["TM-T88V", "POS-5890"]


def printer(profile: str = "TM-T88V") -> Dummy:
    return Dummy(profile=profile)


def drawing(width: int = 100, height: int = 50) -> Image.Image:
    """A white image with a black square and a diagonal: any bit-order mistake shows."""
    image = Image.new("1", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 30, 30), fill=0)
    draw.line((0, height - 1, width - 1, 0), fill=0)
    return image


def same_pixels(got: Image.Image, expected: Image.Image) -> bool:
    return ImageChops.difference(got.convert("L"), expected.convert("L")).getbbox() is None


def non_empty(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.text]


# --------------------------------------------------------------------------- text and style


def test_plain_text_lines_in_order() -> None:
    p = printer()
    p.text("Gas counter 7\nReceipt 42\n")
    printout = decode(p.output)
    assert printout.text == "Gas counter 7\nReceipt 42"
    assert printout.items == [Line("Gas counter 7"), Line("Receipt 42")]


def test_alignment_bold_and_double_sizes_from_python_escpos() -> None:
    p = printer()
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.text("燃气公司\n")
    p.set(align="right", bold=False, normal_textsize=True)
    p.text("No. 42\n")
    p.set(align="left", double_height=True)
    p.text("tall\n")
    p.set(normal_textsize=True, double_width=True)
    p.text("wide\n")
    assert decode(p.output, chinese=True).lines == [
        Line("燃气公司", "center", bold=True, width_mult=2, height_mult=2),
        Line("No. 42", "right"),
        Line("tall", "left", height_mult=2),
        Line("wide", "left", width_mult=2),
    ]


def test_custom_size_is_read_from_gs_exclamation_nibbles() -> None:
    p = printer()
    p.set(custom_size=True, width=3, height=5)
    p.text("big\n")
    p.set(normal_textsize=True)
    p.text("small\n")
    lines = decode(p.output).lines
    assert (lines[0].width_mult, lines[0].height_mult) == (3, 5)
    assert (lines[1].width_mult, lines[1].height_mult) == (1, 1)


def test_hand_written_print_modes() -> None:
    data = (
        ESC + b"!\x08" + b"emphasised" + LF  # ESC ! bit 3
        + ESC + b"!\x30" + b"quad" + LF  # bits 4 and 5
        + ESC + b"!\x00" + ESC + b"G\x01" + b"double strike" + LF
        + ESC + b"G\x00" + GS + b"!\x12" + b"w2h3" + LF
        + ESC + b"a1" + b"ascii-digit centre" + LF
        + ESC + b"a\x02" + b"right" + LF
    )
    lines = decode(data).lines
    assert [(x.text, x.align, x.bold, x.width_mult, x.height_mult) for x in lines] == [
        ("emphasised", "left", True, 1, 1),
        ("quad", "left", False, 2, 2),
        ("double strike", "left", True, 1, 1),
        ("w2h3", "left", False, 2, 3),
        ("ascii-digit centre", "center", False, 2, 3),
        ("right", "right", False, 2, 3),
    ]


def test_line_style_is_taken_at_its_first_character_and_runs_keep_the_rest() -> None:
    data = ESC + b"a\x01" + b"Total " + ESC + b"E\x01" + ESC + b"a\x02" + b"12.00" + LF
    (line,) = decode(data).lines
    assert (line.text, line.align, line.bold) == ("Total 12.00", "center", False)
    assert [(run.text, run.bold) for run in line.runs] == [("Total ", False), ("12.00", True)]


def test_init_resets_style_and_discards_the_line_buffer() -> None:
    data = (
        ESC + b"a\x01" + ESC + b"E\x01" + GS + b"!\x11" + FS + b"&" + b"lost"
        + ESC + b"@" + b"fresh" + b"\x82" + LF
    )
    # Chinese mode is off again, so 0x82 is CP437 é
    assert decode(data).items == [Line("fresh\u00e9")]


def test_print_and_feed_ends_the_line_and_adds_empty_lines_cr_is_ignored() -> None:
    data = b"one\r\n" + b"two" + ESC + b"d\x03" + b"three" + ESC + b"d\x00" + b"four" + LF
    assert decode(data).text == "one\ntwo\n\n\nthree\nfour"


def test_python_escpos_ln_and_control_lf() -> None:
    p = printer()
    p.text("a")
    p.ln(2)
    p.text("b")
    p.control("LF")
    p.control("CR")
    assert decode(p.output).text == "a\n\nb"


def test_unterminated_text_is_flushed_at_the_end() -> None:
    assert decode(b"abc\ndef").text == "abc\ndef"


def test_argument_bytes_of_skipped_commands_are_never_text() -> None:
    data = (
        ESC + b"3A" + ESC + b"JB" + ESC + b"-1" + ESC + b"MC" + GS + b"B1" + ESC + b"2"
        + ESC + b"tD" + ESC + b"RE" + GS + b"bF" + GS + b"|G" + GS + b"HH" + GS + b"hI"
        + GS + b"wJ" + GS + b"fK" + ESC + b"{L" + ESC + b" M" + ESC + b"$NO" + GS + b"LPQ"
        + ESC + b"D" + b"\x08\x10\x00" + FS + b"!R" + FS + b"SST" + ESC + b"c5U"
        + b"ok" + LF
    )
    assert decode(data).text == "ok"


def test_underline_and_invert_are_tracked_in_runs() -> None:
    data = ESC + b"-\x02" + GS + b"B\x01" + b"x" + ESC + b"-0" + GS + b"B0" + b"y" + LF
    (line,) = decode(data).lines
    assert [(run.text, run.underline, run.invert) for run in line.runs] == [
        ("x", 2, True), ("y", 0, False)]


# --------------------------------------------------------------------------- encodings


def test_chinese_mode_decodes_gb18030_and_single_bytes_outside_it() -> None:
    data = (
        FS + b"&" + "燃气 ￥1288.00".encode("gb18030") + LF
        + FS + b"." + b"caf\x82 \x9c" + LF  # cp437: é £
    )
    assert decode(data).text == "燃气 ￥1288.00\ncafé £"


def test_chinese_text_from_python_escpos_needs_chinese_mode() -> None:
    p = printer("POS-5890")
    p.text("用户 张三 购气 20.00m³\n")
    assert decode(p.output, profile="POS-5890", chinese=True).text == "用户 张三 购气 20.00m³"
    assert decode(p.output, profile="POS-5890").text != "用户 张三 购气 20.00m³"


EUROPEAN = "Café 5 € Łódź Ωμέγα Привет"  # needs ESC t switches between several code pages


@pytest.mark.parametrize("profile", PROFILES)
def test_code_pages_selected_by_python_escpos_are_mapped(profile: str) -> None:
    p = printer(profile)
    p.text(EUROPEAN + "\n")
    assert decode(p.output, profile=profile).text == EUROPEAN


def test_code_page_numbers_follow_the_profile() -> None:
    p = printer("POS-5890")  # numbers its code pages unlike Epson
    p.text(EUROPEAN + "\n")
    assert decode(p.output).text != EUROPEAN
    epson = printer("TM-T88V")
    epson.text(EUROPEAN + "\n")
    assert decode(epson.output).text == EUROPEAN  # Epson's numbering is the default


def test_broken_gb18030_is_reported() -> None:
    with pytest.raises(UndecodableText) as caught:
        decode(FS + b"&" + b"ok\x81" + LF)
    assert caught.value.offset == 4


# --------------------------------------------------------------------------- images


@pytest.mark.parametrize(("impl", "command", "size"), [
    ("bitImageRaster", "GS v 0", (104, 50)),  # whole bytes: 100 dots -> 13 bytes
    ("graphics", "GS ( L", (100, 50)),
    ("bitImageColumn", "ESC *", (100, 72)),  # three 24-dot stripes
])
def test_images_come_back_dot_for_dot(impl: str, command: str, size: tuple[int, int]) -> None:
    p = printer()
    p.text("before\n")
    p.image(drawing(), impl=impl)
    p.text("after\n")
    printout = decode(p.output)
    (picture,) = printout.pictures
    assert (picture.command, picture.image.size) == (command, size)
    assert same_pixels(picture.image.crop((0, 0, 100, 50)), drawing())
    assert printout.text == "before\nafter"
    assert [type(item) for item in printout.items] == [Line, Picture, Line]


def test_centered_image_is_as_wide_as_the_paper() -> None:
    p = printer("POS-5890")
    p.image(drawing(96, 40), center=True)
    (image,) = decode(p.output).images
    assert image.size == (384, 40)
    assert same_pixels(image.crop((144, 0, 240, 40)), drawing(96, 40))


def test_tall_images_are_sent_in_fragments() -> None:
    p = printer()
    p.image(drawing(64, 30), fragment_height=16)
    assert [image.size for image in decode(p.output).images] == [(64, 16), (64, 14)]


def test_raster_data_bytes_are_never_text() -> None:
    # the data holds LF, ESC, 'A' and GS: none of them may be read as text or a command
    data = GS + b"v0\x00\x02\x00\x02\x00" + b"\x0a\x1b\x41\x1d" + b"tail" + LF
    printout = decode(data)
    assert [type(item) for item in printout.items] == [Picture, Line]
    assert printout.text == "tail"
    image = printout.images[0]
    assert image.size == (16, 2)
    assert image.tobytes() == bytes(0xFF - b for b in b"\x0a\x1b\x41\x1d")  # 1 = white in PIL


def test_pending_text_is_printed_before_an_image() -> None:
    printout = decode(b"head" + GS + b"v0\x00\x01\x00\x01\x00\xff" + b"foot" + LF)
    assert [type(item) for item in printout.items] == [Line, Picture, Line]
    assert printout.text == "head\nfoot"


def test_hand_written_column_bit_image() -> None:
    data = ESC + b"*\x00\x03\x00" + b"\x80\x01\xff" + LF + b"x" + LF
    printout = decode(data)
    assert [type(item) for item in printout.items] == [Picture, Line]
    assert printout.images[0].size == (3, 8)
    column = [[printout.images[0].getpixel((x, y)) for y in range(8)] for x in range(3)]
    assert column[0] == [0] + [255] * 7
    assert column[1] == [255] * 7 + [0]
    assert column[2] == [0] * 8


def test_graphics_functions_without_pixels_are_skipped_or_recorded() -> None:
    data = (
        GS + b"(L\x02\x000" + b"1"  # fn 49, no parameters used
        + GS + b"(L\x06\x000E" + b"AB\x01\x01"  # fn 69 (E): print NV graphics "AB"
        + FS + b"p\x01\x00"
        + GS + b"8L\x02\x00\x00\x000" + b"2"  # print with nothing buffered
        + b"x" + LF
    )
    printout = decode(data)
    assert printout.items[:2] == [StoredGraphic("AB"), StoredGraphic("FS p 1 0")]
    assert printout.text == "x"


# --------------------------------------------------------------------------- QR codes


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("center", [False, True])
def test_qr_printed_as_an_image_scans_back(profile: str, center: bool) -> None:
    p = printer(profile)
    p.text("扫码验真\n")
    p.qr(SEAL, native=False, size=5, center=center)
    printout = decode(p.output, profile=profile, chinese=True)
    assert printout.decoded_qr() == [SEAL]
    assert printout.qr_codes == []  # not native
    assert len(printout.images) == 1


def test_small_qr_modules_need_upscaling_and_still_scan() -> None:
    p = printer()
    p.qr(SEAL, native=False, size=1)
    assert decode(p.output).decoded_qr() == [SEAL]


def test_native_qr_is_decoded_from_its_function_sequence() -> None:
    p = printer()
    p.qr(SEAL, native=True, size=6, ec=2)
    printout = decode(p.output)
    assert printout.items == [QRCode(SEAL, size=6, error_level="Q", model=2)]
    assert printout.qr_codes == [SEAL]
    assert printout.decoded_qr() == [SEAL]


def test_decoded_qr_follows_the_order_on_paper() -> None:
    p = printer()
    p.qr("native first", native=True)
    p.qr("image second", native=False)
    assert decode(p.output).decoded_qr() == ["native first", "image second"]


def test_an_image_without_a_qr_code_scans_to_nothing() -> None:
    p = printer()
    p.image(drawing())
    assert decode(p.output).decoded_qr() == []


def test_other_two_dimensional_symbols_are_skipped() -> None:
    pdf417 = GS + b"(k\x05\x000P0" + b"AB"  # cn 48 store: not a QR code
    assert decode(pdf417 + b"x" + LF).items == [Line("x")]


# --------------------------------------------------------------------------- barcodes


def test_barcodes_from_python_escpos_both_function_types() -> None:
    p = printer()
    p.barcode("4006381333931", "EAN13")
    p.barcode("{B12AB-34", "CODE128", function_type="B")
    assert decode(p.output).barcodes == [Barcode(2, "4006381333931"), Barcode(73, "{B12AB-34")]


def test_hand_written_barcodes() -> None:
    data = (GS + b"H\x02" + GS + b"h\x50" + GS + b"w\x02" + GS + b"f\x00"
            + GS + b"k\x04" + b"GAS-42\x00" + GS + b"kE\x03" + b"A1\n")
    printout = decode(data)
    assert printout.items == [Barcode(4, "GAS-42"), Barcode(69, "A1\n")]
    assert printout.lines == []


# --------------------------------------------------------------------------- cuts, drawer


def test_cut_from_python_escpos_feeds_then_cuts() -> None:
    p = printer()
    p.text("last line\n")
    p.cut()
    p.cut(mode="PART")
    printout = decode(p.output)
    assert printout.cuts == [Cut(partial=False), Cut(partial=True)]
    assert printout.text.split("\n")[0] == "last line"
    assert isinstance(printout.items[-1], Cut)


@pytest.mark.parametrize(("command", "cut"), [
    (GS + b"V\x00", Cut(partial=False)),
    (GS + b"V1", Cut(partial=True)),
    (GS + b"VA\x05", Cut(partial=False, feed=5)),
    (GS + b"VB\x00", Cut(partial=True)),
    (ESC + b"i", Cut(partial=True)),
    (ESC + b"m", Cut(partial=True)),
])
def test_cut_commands(command: bytes, cut: Cut) -> None:
    assert decode(b"text" + command).items[1:] == [cut]


@pytest.mark.parametrize(("pin", "expected"), [
    (2, DrawerPulse(0, 100, 100)),
    (5, DrawerPulse(1, 100, 100)),
    ([27, 112, 48, 25, 255], DrawerPulse(0, 50, 510)),
])
def test_drawer_pulses(pin: int | list[int], expected: DrawerPulse) -> None:
    p = printer()
    p.cashdraw(pin)
    assert decode(p.output).drawer_pulses == [expected]
    assert expected.connector_pin == (5 if expected.pin else 2)


def test_real_time_drawer_pulse() -> None:
    assert decode(b"\x10\x14\x01\x01\x03").drawer_pulses == [DrawerPulse(1, 300, 300)]


def test_status_requests() -> None:
    data = b"\x10\x04\x01" + b"\x10\x04\x07\x01" + GS + b"a\x0f" + GS + b"r1"
    assert decode(data).status_requests == [
        StatusRequest(1), StatusRequest(7), StatusRequest(15, "GS a"), StatusRequest(49, "GS r")]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(("data", "offset"), [
    (b"abc\x1bZ1", 3),  # ESC Z is not a command here
    (b"\x1f", 0),
    (b"x\n\x00", 2),
    (GS + b"V\x07", 0),  # unknown cut variant
    (ESC + b"a\x05", 0),  # unknown alignment
    (GS + b"k\x20ABC", 0),  # unknown barcode system
])
def test_unknown_commands_raise_with_offset_and_bytes(data: bytes, offset: int) -> None:
    with pytest.raises(UnknownCommand) as caught:
        decode(data)
    assert caught.value.offset == offset
    assert caught.value.data == data[offset:offset + 8][:len(caught.value.data)]
    assert caught.value.data


@pytest.mark.parametrize("data", [
    ESC, GS + b"(", ESC + b"d", GS + b"v0\x00\x02\x00\x02\x00\xff", GS + b"k\x04ABC"])
def test_truncated_commands_raise(data: bytes) -> None:
    with pytest.raises(TruncatedCommand):
        decode(b"ok\n" + data)


# --------------------------------------------------------------------------- a whole receipt


def test_a_whole_receipt() -> None:
    p = printer("POS-5890")
    p.hw("INIT")
    p._raw(FS + b"&")
    p.set(align="center", bold=True, double_height=True, double_width=True)
    p.text("城东燃气\n")
    p.set(align="left", bold=False, normal_textsize=True)
    p.text("户号 01-0042\n")
    p.text("金额        ￥1288.00\n")
    p.qr(SEAL, native=False, size=5, center=True)
    p.cut()  # the POS-5890 profile has no cutter: python-escpos only feeds
    p.cashdraw(2)
    printout = decode(p.output, profile="POS-5890")
    assert [x.text for x in non_empty(printout.lines)] == [
        "城东燃气", "户号 01-0042", "金额        ￥1288.00"]
    title = printout.lines[0]
    assert (title.align, title.bold, title.width_mult, title.height_mult) == ("center", True, 2, 2)
    assert printout.decoded_qr() == [SEAL]
    assert printout.drawer_pulses == [DrawerPulse(0, 100, 100)]
    assert isinstance(printout.items[-1], DrawerPulse)
    assert [type(item) for item in printout.items].count(Picture) == 1
    assert all(isinstance(item, (Line, Picture, DrawerPulse)) for item in printout.items)
