"""The rooms of docs/architecture.md and who may enter which, checked so the rule cannot rot."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent /
                                                       "lint-imports")
    done = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_domain_uses_the_standard_library_only() -> None:
    allowed = set(sys.stdlib_module_names) | {"pos", "__future__"}
    for path in sorted((ROOT / "pos" / "domain").rglob("*.py")):
        foreign = imported_modules(path) - allowed
        assert not foreign, f"{path.relative_to(ROOT)} imports {sorted(foreign)}"


def test_only_the_ui_imports_qt() -> None:
    for package in ("pos/domain", "pos/services", "pos/cli", "db", "drivers", "receipts"):
        for path in sorted((ROOT / package).rglob("*.py")):
            assert not {"PySide6", "shiboken6"} & imported_modules(path), path


def test_the_ui_reaches_qt_through_one_door() -> None:
    door = ROOT / "pos" / "ui" / "qt.py"
    for path in sorted((ROOT / "pos").rglob("*.py")):
        if path != door:
            assert not {"PySide6", "shiboken6"} & imported_modules(path), (
                f"{path.relative_to(ROOT)}: import Qt names from pos.ui.qt")


def test_modules_stay_small() -> None:
    too_long = []
    for package in ("pos", "db", "drivers", "receipts"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > 400:
                too_long.append((str(path.relative_to(ROOT)), lines))
    assert too_long == [], "split these (docs/design.md: past ~400 lines a module has two jobs)"
