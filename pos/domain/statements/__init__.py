"""Bank and payment-provider statements as the month's reconciliation reads them: the lines
(pure data), the parsers of each institution's format, and the rules that check a file
against its own footer.  Standard library only (XLSX files arrive here as rows of text).

``detect`` holds the entry points (``parse_statement`` for text files, ``parse_rows`` for a
spreadsheet's rows); ``model`` the lines; ``mapping`` the saved column mapping; ``wechat``,
``alipay``, ``bank`` (with ``bank_totals`` and ``labels``) and ``mapped`` one format each;
``text`` (encodings, CSV rows), ``values`` (amounts, dates), ``table`` (header lookup) and
``checks`` (totals, duplicates, balances) what they share."""
