"""The services' spreadsheet port: an XLSX statement's first sheet as rows of text."""

from __future__ import annotations

from drivers.spreadsheets import xlsx_rows


class XlsxReader:
    def rows(self, data: bytes) -> list[list[str]]:
        return xlsx_rows(data)
