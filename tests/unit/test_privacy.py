"""Personal data is masked on screens and receipts (个人信息脱敏)."""

from __future__ import annotations

from pos.domain.privacy import mask_address, mask_id_number, mask_name, mask_phone


def test_names_keep_only_their_first_and_last_characters() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("张三丰") == "张*丰"
    assert mask_name("欧阳明华") == "欧**华"
    assert mask_name("李") == "李"


def test_phones_show_the_first_three_and_last_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0632-7791579") == "063****1579"
    assert mask_phone("7791579") == "*****79"


def test_id_numbers_show_the_region_and_the_last_four() -> None:
    assert mask_id_number("370402199001011234") == "3704**********1234"
    assert mask_id_number("1234") == "****"


def test_addresses_hide_the_door() -> None:
    address = "枣庄市市中区光明路幸福小区12号楼2单元502室"
    masked = mask_address(address)
    assert masked.startswith("枣庄市市中区光明路")
    assert masked.endswith("****")
    assert "502" not in masked
    assert mask_address("") == ""
