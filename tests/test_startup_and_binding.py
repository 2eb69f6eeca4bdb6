"""The wizard binds every field of the format, and starts without the heavy libraries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings

from models.design import Design, field_specs
from models.resources import resource_path
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent


def leaf_paths(cls=Design, prefix=""):
    """Every field path of the format, with list items at index 0."""
    for name, spec in field_specs(cls).items():
        path = f"{prefix}.{name}" if prefix else name
        if spec.kind == "block":
            yield from leaf_paths(spec.item, path)
        elif spec.kind == "blocks":
            yield from leaf_paths(spec.item, f"{path}[0]")
        else:
            yield path


def test_every_field_of_the_format_has_a_widget(qtbot, tmp_path):
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window, before_close_func=lambda w: setattr(w.session, "dirty", False))
    # The example has arms and secondary endpoints, so their rows exist.
    assert window.open_path(resource_path("examples", "core-protocol.trial.json"), ask=False)
    window.build_all_pages()
    missing = [p for p in leaf_paths() if window.binder.widget_for(p) is None]
    assert missing == []
    # Every field of format version 3 (97 in version 1, 115 in version 2, 36 added in 3).
    assert len(list(leaf_paths())) == 151


def test_heavy_libraries_load_only_when_needed():
    # The wizard is shown before pandas, pyqtgraph or reportlab are imported (product.md).
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSettings\n"
        "app = QApplication([])\n"
        "from ui.main_window import MainWindow\n"
        "from models.resources import resource_path\n"
        "w = MainWindow(settings=QSettings(sys.argv[1], QSettings.Format.IniFormat))\n"
        "w.show(); app.processEvents()\n"
        "w.open_path(resource_path('examples', 'core-protocol.trial.json'), ask=False)\n"
        "app.processEvents()\n"
        "heavy = [m for m in ('pandas', 'pyqtgraph', 'reportlab') if m in sys.modules]\n"
        "w.session.dirty = False\n"
        "print(','.join(heavy) or 'none')\n"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-c", code, str(Path(folder) / "s.ini")],
                              capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"


def test_smoke_command_leaves_the_user_folders_alone():
    home = Path.home()  # conftest: a temporary folder, inherited by the subprocess
    before = sorted(p.relative_to(home) for p in home.rglob("*"))
    done = subprocess.run([sys.executable, "main.py", "--smoke"], capture_output=True, text=True,
                          cwd=ROOT, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smoke: ok:")
    # No settings, recent files, autosave or cache written to the (redirected) user folders.
    assert sorted(p.relative_to(home) for p in home.rglob("*")) == before
