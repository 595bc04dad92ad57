"""One reconciliation item in full, beside the table: its evidence in the screen's language, the
statement rows and ledger entries it compares, its cause (a knock-on effect: the link goes to
the cause) or its knock-on effects, and how it was resolved — and below it, the note and the
keys that resolve it (F6 explain, F7 carry over, F8 link to a correcting journal entry)."""

from __future__ import annotations

from datetime import tzinfo
from html import escape

from pos.domain.errors import BadInput
from pos.domain.messages import N_
from pos.domain.reconciliation.labels import source_label
from pos.domain.reconciliation.month import Action
from pos.domain.statements.model import Source
from pos.services.month.reconciliation import ItemView
from pos.ui.common.page_style import button, heading, hint, set_state
from pos.ui.common.texts import Texts
from pos.ui.common.widgets import field
from pos.ui.month.items import channel_name, level_label, resolution_text, status_label
from pos.ui.qt import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)

ACTION_KEYS = {Action.EXPLAIN: "F6", Action.CARRY: "F7", Action.LINK: "F8"}
ACTION_WORDS = {Action.EXPLAIN: N_("Explain"), Action.CARRY: N_("Carry over"),
                Action.LINK: N_("Link")}


def evidence_language(language: str) -> str:
    return "en" if language.lower().startswith("en") else "zh_CN"


def _section(title: str, name: str) -> tuple[QLabel, QLabel]:
    head = QLabel(title)
    head.setProperty("role", "section")
    body = QLabel()
    body.setObjectName(name)
    body.setWordWrap(True)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return head, body


class ItemDetail(QScrollArea):
    """``go_to(key)``: the link to an item's cause (or to one of its knock-on effects)."""

    go_to = Signal(str)

    def __init__(self, texts: Texts, tz: tzinfo) -> None:
        super().__init__()
        self._t, self._tz = texts, tz
        self.setObjectName("month_detail")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        inside = QWidget()
        layout = QVBoxLayout(inside)
        layout.setContentsMargins(4, 0, 4, 0)
        self.title = heading()
        self.title.setObjectName("month_detail_title")
        self.key = hint("")
        self.key.setObjectName("month_detail_key")
        layout.addWidget(self.title)
        layout.addWidget(self.key)
        self.cause = QLabel()
        self.cause.setObjectName("month_cause")
        self.cause.setWordWrap(True)
        self.cause.setTextFormat(Qt.TextFormat.RichText)
        self.cause.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.cause.linkActivated.connect(self.go_to)
        layout.addWidget(self.cause)
        self.resolution = QLabel()
        self.resolution.setObjectName("month_resolution")
        self.resolution.setProperty("role", "figure")
        self.resolution.setWordWrap(True)
        layout.addWidget(self.resolution)
        self.sections: dict[str, tuple[QLabel, QLabel]] = {}
        for name, msgid in (("evidence", N_("Evidence")), ("statement", N_("Statement rows")),
                            ("ledger", N_("Ledger entries"))):
            self.sections[name] = _section(texts(msgid), f"month_{name}")
            layout.addWidget(self.sections[name][0])
            layout.addWidget(self.sections[name][1])
        layout.addStretch(1)
        self.setWidget(inside)
        self.item: ItemView | None = None
        self.show_item(None, ())

    @property
    def evidence(self) -> QLabel:
        return self.sections["evidence"][1]

    def show_item(self, item: ItemView | None, effects: tuple[str, ...]) -> None:
        """``effects``: the keys of the items that are knock-on effects of this one."""
        t = self._t
        self.item = item
        for head, body in self.sections.values():
            head.setVisible(item is not None)
            body.clear()
        self.cause.clear()
        self.resolution.clear()
        if item is None:
            self.title.setText(t(N_("No item selected")))
            self.key.setText(t(N_("Choose an item in the table (↑/↓); Enter goes to the note.")))
            return
        stored, language = item.stored, evidence_language(t.language)
        self.title.setText(" · ".join(part for part in (
            status_label(stored.status, t), level_label(stored.level, t),
            channel_name(stored.channel, t),
            stored.on_date.isoformat() if stored.on_date else "") if part))
        score = "" if item.score is None else " · " + t(N_("score {score}/100"),
                                                         score=item.score)
        self.key.setText(t(N_("Item {key}"), key=item.key) + score)
        self.evidence.setText("\n".join(
            "• " + (e.get(language) or e.get("zh_CN") or e.get("en") or "")
            for e in item.evidence) or "—")
        self.sections["statement"][1].setText("\n".join(
            self._statement_row(row) for row in item.statement) or "—")
        self.sections["ledger"][1].setText("\n".join(
            t(N_("journal entry {ref}"), ref=ref) if ref.startswith("#")
            else t(N_("deposit slip {ref}"), ref=ref) for ref in item.ledger) or "—")
        if stored.caused_by:
            self.cause.setText(escape(t(N_("A knock-on effect of {key}: it resolves with its "
                                           "cause (F4 or click goes there)."), key="\0"))
                               .replace("\0", _link(stored.caused_by)))
        elif effects:
            self.cause.setText(escape(t(N_("Its knock-on effects: {keys}."), keys="\0"))
                               .replace("\0", ", ".join(_link(k) for k in effects)))
        if item.resolution is not None:
            at = item.resolution.at.astimezone(self._tz).strftime("%Y-%m-%d %H:%M")
            self.resolution.setText(t(N_("Resolved by {by} on {at}: {text}"),
                                      by=item.resolution.by, at=at,
                                      text=resolution_text(item.resolution, item, t)))
        elif item.open:
            self.resolution.setText(t(N_("Open: write the note below, then F6, F7 or F8.")))
        set_state(self.resolution, "open" if item.open else "")

    def _statement_row(self, row: str) -> str:
        source, _, identity = row.partition(":")
        try:
            return self._t(N_("{source}: {row}"), source=source_label(Source(source)),
                           row=identity)
        except ValueError:
            return row


def _link(key: str) -> str:
    return f'<a href="{escape(key)}">{escape(key)}</a>'


class ResolveBox(QGroupBox):
    """The note (required) and, for a link, the correcting journal entry's number."""

    def __init__(self, texts: Texts) -> None:
        super().__init__(texts(N_("Resolve the selected item")))
        self._t = texts
        layout = QVBoxLayout(self)
        fields = QHBoxLayout()
        self.note: QLineEdit = field("month_note")
        self.note.setPlaceholderText(texts(N_("Why (required)")))
        self.entry: QLineEdit = field("month_entry")
        self.entry.setPlaceholderText(texts(N_("for F8 only")))
        self.entry.setFixedWidth(120)
        for label, edit in ((N_("Note"), self.note), (N_("Entry no."), self.entry)):
            fields.addWidget(QLabel(texts(label)))
            fields.addWidget(edit, int(edit is self.note))
        layout.addLayout(fields)
        row = QHBoxLayout()
        self.buttons = {action: button(f"{texts(words)} ({ACTION_KEYS[action]})",
                                       f"month_{action.value}")
                        for action, words in ACTION_WORDS.items()}
        for pushed in self.buttons.values():
            pushed.setMinimumWidth(80)  # the splitter may narrow the pane
            row.addWidget(pushed)
        layout.addLayout(row)

    def entry_seq(self, action: Action) -> int | None:
        """The entry's number for a link (the services say when one is missing)."""
        text = self.entry.text().strip().lstrip("#")
        if action is not Action.LINK or not text:
            return None
        if not (text.isascii() and text.isdigit()):
            raise BadInput("resolve.entry_number", N_(
                "The entry number is the journal entry's number, digits only (e.g. 132)."))
        return int(text)

    def allow(self, item: ItemView | None, *, locked: bool) -> None:
        may = item is not None and item.needs_resolution and not locked
        for pushed in self.buttons.values():
            pushed.setEnabled(may)

    def clear(self) -> None:
        self.note.clear()
        self.entry.clear()
