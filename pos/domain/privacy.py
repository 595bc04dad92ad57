"""Masking of personal data on screens, receipts and exports (个人信息脱敏).

Unmasked data is shown only to roles allowed to see it, and every reveal is audited
(:mod:`pos.services.records.accounts`).
"""

from __future__ import annotations


def mask_name(name: str) -> str:
    """张三 → 张*, 张三丰 → 张*丰, 欧阳明华 → 欧**华; Latin names keep their first letter."""
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; short numbers keep only their last two digits."""
    digits = phone.replace(" ", "").replace("-", "")
    if len(digits) >= 11:
        return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
    if len(digits) > 2:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits


def mask_id_number(id_number: str) -> str:
    """370402199001011234 → 3704**********1234."""
    if len(id_number) <= 8:
        return "*" * len(id_number)
    return id_number[:4] + "*" * (len(id_number) - 8) + id_number[-4:]


def mask_address(address: str) -> str:
    """Keep the street, hide the door: the last third (at least 4 characters) becomes ****."""
    if not address:
        return address
    hidden = max(4, len(address) // 3)
    if len(address) <= hidden:
        return "****"
    return address[: len(address) - hidden] + "****"
