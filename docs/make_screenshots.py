"""Regenerate the README's screenshots: every wizard step at 1280x800, offscreen.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from models.resources import resource_path
    from models.wizard import STEPS
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        window = MainWindow(settings=QSettings(str(Path(folder) / "s.ini"),
                                               QSettings.Format.IniFormat))
        window.resize(1280, 800)
        window.show()
        window.open_path(resource_path("examples", "stroma-cov-2-like.trial.json"), ask=False)
        for index, step in enumerate(STEPS):
            window.go_to_step(index)
            if step.key == "dosing":
                # Show a finding's evidence beside the page it is about.
                item = window.guidance.finding_items()[0]
                window.guidance.tree.setCurrentItem(item)
            app.processEvents()
            window.grab().save(str(out / f"step-{index + 1}-{step.key}.png"))
        window.session.dirty = False
        window.close()
    print(f"wrote {len(STEPS)} screenshots to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
