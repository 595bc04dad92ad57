"""Going live: a previous system's export of N households (200,000 by default;
``GASPOS_BENCH_HOUSEHOLDS``) with meters, cards and opening positions, imported through the
services (docs/going-live.md) on a fresh SQLite file — the dry run, the import, and the same
file again (a no-op) — each against the floor: ``csv.reader`` over the same file.

The export is generated here (UTF-8 CSV with the previous system's Chinese headers, read
through a saved column mapping; every tenth household without a card).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pos.domain.org import Company, Counter, Hall
from pos.domain.staff import Operator, Role, Staff
from pos.services.core.context import Services
from pos.services.records.household_import import import_households, save_mapping
from tests.support.services import make_services

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)
HEADERS = {
    "户号": "account_no", "户名": "name", "联系电话": "phone", "身份证号": "id_number",
    "地址": "address", "用气类别": "category", "人口数": "household_size", "状态": "status",
    "表号": "meter_no", "表厂家": "meter_vendor", "表型号": "meter_model",
    "密钥版本": "meter_key_version", "安装日期": "meter_installed", "表底数": "meter_reading",
    "卡号": "card_no", "购气次数": "card_seq", "累计购气量": "card_cumulative",
    "卡状态": "card_state", "本年已购气量": "opening_cycle_volume", "预存余额": "opening_balance",
}


class _Clock:
    def now(self) -> datetime:
        return NOW


def export(count: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    for i in range(1, count + 1):
        seq = i % 40 + 1
        card = i % 10 != 0
        writer.writerow([
            f"5104{i:08d}", f"用户{i}", f"138{i:08d}", f"370402{i:012d}",
            f"枣庄市市中区光明路{i}号", "居民" if i % 50 else "商业", i % 6 + 1, "正常",
            f"LM{i:08d}", "金卡", "IC-G4", 1, f"20{10 + i % 15}/0{i % 9 + 1}/1{i % 9}",
            f"{seq * 20 - 5}.{i % 100:02d}", f"K{i:09d}" if card else "", seq,
            f"{seq * 20}.00", "正常" if card else "", f"{i * 37 % 500}.00",
            f"{i % 300}.50" if i % 7 == 0 else "0"])
    return ("\ufeff" + out.getvalue()).encode()


def _services(home: Path) -> tuple[Services, Operator]:
    """The services on a fresh SQLite file in ``home``, composed as the tests compose them."""
    svc = make_services(f"sqlite:///{home / 'bench.sqlite'}", _Clock(), home=home)
    admin = Operator("9001", "管理员", Role.ADMIN)
    with svc.uow(write=True) as uow:
        uow.org.add_company(Company("BENCH", "枣庄燃气"))
        uow.org.add_hall(Hall("H1", "城东营业厅"))
        uow.org.add_counter(Counter("01", "1号窗口", "H1"))
        uow.staff.add(Staff(admin.staff_no, admin.name, admin.role,
                            svc.passwords.hash("correct horse")), at=NOW)
        uow.commit()
    save_mapping(svc, admin, "旧系统", json.dumps(
        {"columns": HEADERS, "date_format": "%Y/%m/%d"}, ensure_ascii=False).encode())
    return svc, admin


def _floor(data: bytes) -> float:
    start = time.perf_counter()
    rows = sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    elapsed = time.perf_counter() - start
    assert rows > 1
    return elapsed


def run() -> list[dict[str, object]]:
    count = int(os.environ.get("GASPOS_BENCH_HOUSEHOLDS", "200000"))
    data = export(count)
    floor = min(_floor(data) for _ in range(3))
    svc, admin = _services(Path(tempfile.mkdtemp(prefix="gaspos-bench-households-")))
    rows = []
    for what, dry_run, new in (("dry run", True, count), ("import", False, count),
                               ("the same file again (no-op)", False, 0)):
        start = time.perf_counter()
        done = import_households(svc, admin, data, "export.csv", mapping="旧系统",
                                 dry_run=dry_run)
        elapsed = time.perf_counter() - start
        assert done.new == new, (what, done)
        rows.append({"what": f"{what}, {count:,} households", "value": elapsed, "unit": "s",
                     "floor": floor, "floor_what": "csv.reader over the file"})
    return rows
