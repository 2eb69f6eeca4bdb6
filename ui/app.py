"""The desktop program's entry points: the wizard window, and the offscreen smoke test."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from models.resources import resource_path
from models.version import APP_NAME

EXAMPLE_DESIGN = "core-protocol.trial.json"
ORGANIZATION = "msc-ards-trial-designer"


def example_path() -> Path:
    return resource_path("examples", EXAMPLE_DESIGN)


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    return app


def _load_thresholds(parent):
    """The user's saved thresholds; a broken settings file is reported, and defaults used."""
    from models.user_settings import ThresholdsFileError, load_user_thresholds
    from ui import dialogs

    try:
        return load_user_thresholds()
    except ThresholdsFileError as error:
        dialogs.show_error(parent, "Settings could not be read",
                           f"{error}\nThe default thresholds are used.")
        from models.guidance.thresholds import Thresholds

        return Thresholds()


def open_window(design_path: str | None = None):
    """Build the main window, offer a crashed session's design back, open a file if asked."""
    from models.autosave import pending_recovery
    from models.design_io import load_design
    from ui import dialogs
    from ui.main_window import MainWindow

    window = MainWindow()
    window.set_thresholds(_load_thresholds(window))
    window.show()
    recovery = pending_recovery()
    if recovery is not None:
        origin = recovery.original_path or "a new, unsaved design"
        if dialogs.ask_recover(window, f"The program did not close cleanly. Unsaved changes to "
                                       f"{origin} were kept at {recovery.saved_at}. Recover them?"):
            window.session.new(recovery.design)
            window.session.path = recovery.original_path
            window.session.dirty = True
            window._design_changed(None)
            return window
        window.autosave.discard()
    if design_path:
        window.open_path(Path(design_path), ask=False)
    else:
        window.session.new(load_design(example_path()))
    return window


def run_gui(design_path: str | None = None) -> int:
    app = _application()
    window = open_window(design_path)  # noqa: F841 - kept alive for the event loop
    return app.exec()


def run_smoke() -> int:
    """Offscreen self-test: build the window, load the example, visit every step, run the
    checks and the sample size; print one line of figures. Any failure: one line, exit 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    try:
        from models.design_io import load_design
        from models.guidance import evaluate
        from models.wizard import STEPS
        from ui.main_window import MainWindow

        app = _application()
        window = MainWindow()
        window.show()
        if not window.open_path(example_path(), ask=False):
            raise RuntimeError("the bundled example design did not open")
        for index in range(len(STEPS)):
            window.go_to_step(index)
            app.processEvents()
        expected = evaluate(load_design(example_path()))
        shown = len(window.guidance.rules_shown())
        if shown != len(expected.findings):
            raise RuntimeError(f"the guidance panel shows {shown} findings, the engine gives "
                               f"{len(expected.findings)}")
        outcome = window.result.sample_size
        if outcome is None or outcome.result is None:
            raise RuntimeError("the example design has no computed sample size")
        n_total = outcome.result.n_total
        window.session.dirty = False
        window.close()
    except Exception as exc:  # the smoke test reports any failure as one line and exit 1
        print(f"smoke: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"smoke: ok: window built, {len(STEPS)} steps visited, example design checked "
          f"({len(expected.findings)} findings, computed n {n_total}); PDF export not yet "
          f"available; {elapsed:.2f} s")
    return 0
