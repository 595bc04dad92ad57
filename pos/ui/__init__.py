"""The counter app (PySide6 only here): windows, dialogs, the bridge from device events to Qt
signals, and background work off the GUI thread (docs/architecture.md)."""
