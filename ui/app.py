"""The desktop program's entry points: the window, and the offscreen smoke test.

Until the full wizard lands (issue 5) the window is a design reviewer: it opens a design file (or
the bundled example), and lists every finding of the guidance engine with its evidence, the
core-protocol checklist and the computed sample size, exactly as ``main.py check`` does.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from models.resources import resource_path

EXAMPLE_DESIGN = "core-protocol.trial.json"


def _example_path() -> Path:
    return resource_path("examples", EXAMPLE_DESIGN)


def run_gui(design_path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from ui.review_window import ReviewWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("MSC-ARDS Trial Designer")
    app.setOrganizationName("msc-ards-trial-designer")
    window = ReviewWindow()
    window.show()
    window.open_design(Path(design_path) if design_path else _example_path())
    return app.exec()


def run_smoke() -> int:
    """Offscreen self-test: build the window, load the example, check it, print one line."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    try:
        from PySide6.QtWidgets import QApplication

        from models.design_io import load_design
        from models.guidance import evaluate
        from ui.review_window import ReviewWindow

        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = ReviewWindow()
        window.show()
        if not window.open_design(_example_path()):
            raise RuntimeError("the bundled example design did not open")
        app.processEvents()
        result = evaluate(load_design(_example_path()))
        shown = window.finding_count()
        if shown != len(result.findings):
            raise RuntimeError(f"window shows {shown} findings, engine gives "
                               f"{len(result.findings)}")
        outcome = result.sample_size
        n_total = outcome.result.n_total if outcome and outcome.result else None
        window.close()
    except Exception as exc:  # the smoke test reports any failure as one line and exit 1
        print(f"smoke: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"smoke: ok: window built, example design checked ({len(result.findings)} findings, "
          f"computed n {n_total}), {elapsed:.2f} s")
    return 0
