"""Writing a report to a file from a report page: the file dialog (unless a path is given), then
the writing on the pool thread, the page told how it went — the daily report's and the hall
reports' export keys (F6–F8) alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pos.domain.messages import N_
from pos.services.day.daily_reports import ReportFormat
from pos.ui.common.page_style import run_for
from pos.ui.common.tasks import Tasks
from pos.ui.common.texts import Texts
from pos.ui.qt import QFileDialog, QWidget

FILTERS = {ReportFormat.XLSX: "Excel (*.xlsx)", ReportFormat.PDF: "PDF (*.pdf)",
           ReportFormat.TXT: "Text (*.txt)"}


def export_report(page: QWidget, tasks: Tasks, t: Texts, *, form: ReportFormat,
                  path: Path | None, suggested: Path, title: str,
                  write: Callable[[Path], Path], say: Callable[..., None]) -> None:
    """``write`` the report to ``path``, or to where the person chooses (``suggested`` first);
    ``say(text, ok=...)`` tells the page."""
    if path is None:
        chosen, _ = QFileDialog.getSaveFileName(page, title, str(suggested), FILTERS[form])
        if not chosen:
            return
        path = Path(chosen)
    wanted = path
    say(t(N_("Working…")), ok=True)
    run_for(page, tasks, lambda: write(wanted),
            lambda written: say(t(N_("Written to {path}."), path=str(written)), ok=True),
            lambda error: say(t.error(error), ok=False))
