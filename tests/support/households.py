"""A previous system's household export, generated: Chinese headers (read through a saved
column mapping), one row per household, every tenth household without a card yet."""

from __future__ import annotations

import csv
import io
import json

HEADERS = {
    "户号": "account_no", "户名": "name", "联系电话": "phone", "身份证号": "id_number",
    "地址": "address", "用气类别": "category", "人口数": "household_size", "状态": "status",
    "表号": "meter_no", "表厂家": "meter_vendor", "表型号": "meter_model",
    "密钥版本": "meter_key_version", "安装日期": "meter_installed", "表底数": "meter_reading",
    "卡号": "card_no", "卡绑定表号": "card_meter_no", "购气次数": "card_seq",
    "累计购气量": "card_cumulative", "卡状态": "card_state",
    "本年已购气量": "opening_cycle_volume", "预存余额": "opening_balance",
}
MAPPING = json.dumps({"columns": HEADERS, "date_format": "%Y/%m/%d"},
                     ensure_ascii=False).encode()


def account_no(i: int) -> str:
    return f"5104{i:08d}"


def meter_no(i: int) -> str:
    return f"LM{i:08d}"


def card_no(i: int) -> str:
    return f"K{i:09d}"


def household(i: int) -> dict[str, str]:
    """Household ``i`` (from 1) as the previous system exports it."""
    seq = i % 40 + 1
    has_card = i % 10 != 0
    balance = f"{i % 300}.50" if i % 7 == 0 else (f"-{i % 90}.20" if i % 11 == 0 else "0")
    return {
        "account_no": account_no(i), "name": f"用户{i}", "phone": f"138{i:08d}",
        "id_number": f"370402{i:012d}", "address": f"枣庄市市中区光明路{i}号",
        "category": "居民" if i % 50 else "商业", "household_size": str(i % 6 + 1),
        "status": "正常", "meter_no": meter_no(i), "meter_vendor": "金卡",
        "meter_model": "IC-G4", "meter_key_version": "1",
        "meter_installed": f"20{10 + i % 15}/0{i % 9 + 1}/1{i % 9}",
        "meter_reading": f"{seq * 20 - 5}.{i % 100:02d}",
        "card_no": card_no(i) if has_card else "",
        "card_meter_no": meter_no(i) if has_card else "",
        "card_seq": str(seq), "card_cumulative": f"{seq * 20}.00",
        "card_state": "正常" if has_card else "",
        "opening_cycle_volume": f"{i * 37 % 500}.00", "opening_balance": balance,
    }


def export(count: int, *, start: int = 1, change: dict[int, dict[str, str]] | None = None,
           extra: list[list[str]] | None = None) -> bytes:
    """``count`` households from ``start`` as UTF-8 CSV (with a BOM, as spreadsheets save it);
    ``change`` overrides fields of some households, ``extra`` appends raw rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    for i in range(start, start + count):
        row = household(i) | (change or {}).get(i, {})
        writer.writerow([row[field] for field in HEADERS.values()])
    for raw in extra or []:
        writer.writerow(raw)
    return ("\ufeff" + out.getvalue()).encode()
