"""The receipt roll: the printouts of the last sale drawn as the paper shows them (the same
renderer as the demo's PNG previews), so the clerk sees what the customer takes home."""

from __future__ import annotations

from pos.ui.qt import QImage, QLabel, QPixmap, QScrollArea, Qt, QVBoxLayout, QWidget
from receipts.document import Document
from receipts.preview import as_image
from receipts.profiles import profile

WIDTH = 320  # pixels on screen for the paper's width


class ReceiptRoll(QScrollArea):
    def __init__(self, paper: str = "58mm", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._paper = profile(paper)
        self.setObjectName("receipt_roll")
        self.setWidgetResizable(True)
        self.setMinimumWidth(WIDTH + 40)
        self._inner = QWidget()
        self._column = QVBoxLayout(self._inner)
        self._column.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(self._inner)
        self.shown: list[Document] = []

    def draw(self, documents: list[Document]) -> list[tuple[Document, QImage]]:
        """The pictures of ``documents`` — slow (Pillow), so on a worker thread: a QImage may
        be made there, only the QPixmap must be made on the GUI thread."""
        rendered = []
        for document in documents:
            picture = as_image(document, self._paper).convert("RGB")
            image = QImage(picture.tobytes(), picture.width, picture.height, 3 * picture.width,
                           QImage.Format.Format_RGB888).copy()  # owns its pixels
            rendered.append((document, image))
        return rendered

    def show_documents(self, rendered: list[tuple[Document, QImage]]) -> None:
        self.clear()
        for _, image in rendered:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                WIDTH, Qt.TransformationMode.SmoothTransformation))
            label.setFrameShape(QLabel.Shape.Box)
            self._column.addWidget(label)
        self.shown = [document for document, _ in rendered]

    def clear(self) -> None:
        while (item := self._column.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.shown = []
