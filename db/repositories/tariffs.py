"""Tariff versions and their tiers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from db.models import TariffTierRow, TariffVersionRow
from pos.domain.categories import Category
from pos.domain.quantities import UnitPrice, Volume
from pos.domain.tariff import HouseholdAllowance, TariffVersion, Tier

# built once, parameters bound at each call (docs/performance.md, "Many counters")
_VERSIONS = (select(TariffVersionRow).where(TariffVersionRow.category == bindparam("category"))
             .order_by(TariffVersionRow.effective_from))


class SqlTariffRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def versions(self, category: Category) -> Sequence[TariffVersion]:
        rows = self._session.scalars(_VERSIONS, {"category": category.value})
        return [_version(row) for row in rows]

    def add(self, version: TariffVersion, *, created_by: str | None, at: datetime) -> None:
        allowance = None
        if version.allowance is not None:
            allowance = json.dumps({
                "base_size": version.allowance.base_size,
                "per_person_m3x100": [v.hundredths for v in version.allowance.per_person],
            })
        self._session.add(TariffVersionRow(
            category=version.category.value, effective_from=version.effective_from,
            cycle_start_month=version.cycle_start_month, household_allowance=allowance,
            created_at=at, created_by=created_by,
            tiers=[
                TariffTierRow(position=k + 1, start_m3x100=tier.start.hundredths,
                              unit_price_x10000=tier.unit_price.ten_thousandths)
                for k, tier in enumerate(version.tiers)
            ],
        ))
        self._session.flush()

    def remove(self, category: Category, effective_from: date) -> None:
        row = self._session.scalars(select(TariffVersionRow).where(
            TariffVersionRow.category == category.value,
            TariffVersionRow.effective_from == effective_from)).one()
        self._session.delete(row)
        self._session.flush()


def _version(row: TariffVersionRow) -> TariffVersion:
    allowance = None
    if row.household_allowance:
        data = json.loads(row.household_allowance)
        allowance = HouseholdAllowance(
            int(data["base_size"]), tuple(Volume(int(v)) for v in data["per_person_m3x100"]))
    return TariffVersion(
        category=Category(row.category), effective_from=row.effective_from,
        tiers=tuple(Tier(Volume(t.start_m3x100), UnitPrice(t.unit_price_x10000))
                    for t in row.tiers),
        cycle_start_month=row.cycle_start_month, allowance=allowance,
    )
