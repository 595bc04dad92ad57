"""The receipt printer: ESC/POS over TCP, USB, serial or a file, and its connection."""
