"""While a payment is being taken: what the payment dialog shows, and the watch the sale's
worker thread reports to (pos.services.selling.payments.PaymentWatch).

The worker thread calls :meth:`DialogWatch.waiting` (the customer is still entering the PIN on
the phone); the watch only emits a Qt signal, queued to the GUI thread (as pos.ui.common.progress
does), where :class:`WaitingPanel` shows the time left, counting down each second between the
provider's answers.  The clerk's Stop (the button, or Esc) sets a flag the worker thread reads
with :meth:`DialogWatch.stop_requested` — a ``threading.Event``, safe from any thread.  One
watch per attempt: a Stop never carries over to the next payment.
"""

from __future__ import annotations

import contextlib
import threading

from pos.domain.messages import N_
from pos.domain.sale.record import Channel
from pos.ui.common.texts import Texts
from pos.ui.qt import QLabel, QObject, QPushButton, QTimer, QVBoxLayout, QWidget, Signal


class DialogWatch(QObject):
    waited = Signal(str, int)  # channel, seconds left

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()

    def waiting(self, channel: Channel, seconds_left: int) -> None:
        """From the worker thread: emit and return (never raise into the payment, even if the
        dialog is already gone)."""
        with contextlib.suppress(RuntimeError):  # deleted: nobody is watching any more
            self.waited.emit(channel.value, seconds_left)

    def stop_requested(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()


class WaitingPanel(QWidget):
    """The payment in flight: the code taken (masked), the wait for the customer's PIN with the
    seconds left, and Stop (Esc)."""

    def __init__(self, texts: Texts, stop: QPushButton, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._t = texts
        self._seconds = 0
        layout = QVBoxLayout(self)
        self.what = QLabel()  # "WeChat Pay 1345 **** 1111: taking the payment…"
        self.what.setObjectName("pay_taking")
        self.what.setProperty("role", "value")
        self.what.setWordWrap(True)
        layout.addWidget(self.what)
        self.wait = QLabel()
        self.wait.setObjectName("pay_waiting")
        self.wait.setProperty("role", "wait")
        self.wait.setWordWrap(True)
        layout.addWidget(self.wait)
        self.stop = stop
        self.stop.setObjectName("pay_stop")
        layout.addWidget(self.stop)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)

    def taking(self, what: str) -> None:
        self.what.setText(what)
        self.wait.clear()
        self.stop.setEnabled(True)
        self._tick.stop()

    def waiting(self, seconds_left: int) -> None:
        self._seconds = max(seconds_left, 0)
        self._show_wait()
        self._tick.start()

    def stopping(self) -> None:
        self._tick.stop()
        self.stop.setEnabled(False)
        self.wait.setText(self._t(N_("Stopping: the payment is being reversed…")))

    def done(self) -> None:
        self._tick.stop()

    def _count_down(self) -> None:
        if self._seconds > 0:
            self._seconds -= 1
            self._show_wait()

    def _show_wait(self) -> None:
        self.wait.setText(self._t(N_("Ask the customer to enter the payment password on the "
                                     "phone… {seconds} s left"), seconds=self._seconds))
