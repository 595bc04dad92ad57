"""The settle wizard's count (日结点钞): the denomination grid on the left; on the right what the
drawer should hold, what was counted and the difference in large type — green when the drawer
agrees, red short (短款), amber over (长款) — and the reason a difference needs.

A blind count hides the expected cash and the difference until the cashier says the count is
done (F5 the first time); what was counted is then compared."""

from __future__ import annotations

from pos.domain.day.cash_count import CashCount
from pos.domain.messages import N_
from pos.domain.quantities import Money
from pos.ui.common.page_style import (
    button,
    difference_state,
    figure,
    heading,
    hint,
    set_state,
    signed,
    yuan,
)
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field, problem_label
from pos.ui.day.denomination_grid import DenominationGrid
from pos.ui.qt import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

WORDS = {"zero": N_("The drawer agrees"), "short": N_("Short (短款)"), "over": N_("Over (长款)")}


class CountPage(QWidget):
    def __init__(self, texts: Texts, threshold: Money) -> None:
        super().__init__()
        self._t = texts
        self.expected = Money(0)
        self.blind = False
        self.revealed = True
        outer = QVBoxLayout(self)
        self.title = heading()
        outer.addWidget(self.title)
        row = QHBoxLayout()
        outer.addLayout(row, 1)
        self.grid = DenominationGrid(texts)
        row.addWidget(self.grid, 5)
        row.addSpacing(24)
        side = QVBoxLayout()
        row.addLayout(side, 6)
        form = QFormLayout()
        self.expected_label = figure("count_expected")
        self.counted_label = figure("count_counted")
        form.addRow(texts(N_("Expected cash")), self.expected_label)
        form.addRow(texts(N_("Counted cash")), self.counted_label)
        side.addLayout(form)
        side.addWidget(hint(texts(N_("Difference (counted − expected)"))))
        self.difference = QLabel()
        self.difference.setObjectName("count_difference")
        side.addWidget(self.difference)
        self.words = QLabel()
        self.words.setObjectName("count_difference_words")
        side.addWidget(self.words)
        side.addWidget(hint(texts(N_("A difference needs its reason; more than {threshold} yuan "
                                     "either way, a supervisor's approval too."),
                                  threshold=str(threshold))))
        self.reason_label = QLabel(texts(N_("Reason for the difference")))
        side.addWidget(self.reason_label)
        self.reason = field("count_reason")
        self.reason.setMaxLength(200)
        side.addWidget(self.reason)
        self.problem = problem_label("count_problem")
        side.addWidget(self.problem)
        side.addStretch(1)
        side.addWidget(hint(texts(N_("Digits: the pieces · ↑ ↓ Enter: the rows · after the last "
                                     "row the reason · F5 settle · Esc back"))))
        buttons = QHBoxLayout()
        self.back = button(texts(N_("Back (Esc)")), "count_back")
        self.settle = button(texts(N_("Settle (F5)")), "count_settle")
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.settle)
        side.addLayout(buttons)
        self.grid.changed.connect(self.refresh)
        self.grid.finished.connect(self.reason.setFocus)

    def begin(self, *, title: str, expected: Money, blind: bool,
              count: CashCount | None = None, reason: str = "") -> None:
        """A new count (or a recount from ``count``) against ``expected``."""
        self.title.setText(title)
        self.expected, self.blind, self.revealed = expected, blind, not blind
        self.reason.setText(reason)
        self.problem.clear()
        self.grid.set_count(count)
        self.refresh()
        self.grid.start()

    def reveal(self) -> None:
        self.revealed = True
        self.refresh()

    @property
    def difference_now(self) -> Money:
        return self.grid.total - self.expected

    def refresh(self) -> None:
        t = self._t
        self.counted_label.setText(yuan(self.grid.total))
        if not self.revealed:
            hidden = t(N_("hidden (blind count)"))
            self.expected_label.setText(hidden)
            self.difference.setText("?")
            self.words.setText(t(N_("F5 when the count is done shows the difference.")))
            set_state(self.difference, "hidden")
            set_state(self.words, "hidden")
            return
        difference = self.difference_now
        state = difference_state(difference)
        self.expected_label.setText(yuan(self.expected))
        self.difference.setText(signed(difference))
        self.words.setText(t(WORDS[state]))
        set_state(self.difference, state)
        set_state(self.words, state)
        needed = t(N_("Reason for the difference (needed: the count is off)"))
        self.reason_label.setText(needed if difference.fen else t(N_("Reason for the difference")))
