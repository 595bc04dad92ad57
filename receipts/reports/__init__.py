"""The daily report (收费日报) and the day-close slip (日结单), rendered three ways: for the
receipt printer (a :class:`~receipts.document.Document`), as an XLSX workbook for finance and as
an A4 PDF.  Pure: facts from :mod:`pos.domain.day.report` in, a document or bytes out."""
