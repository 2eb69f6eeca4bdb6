"""The desktop program's entry points: the wizard window, and the offscreen smoke test."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from models.resources import example_path, resource_path  # noqa: F401  (example_path: re-exported)
from models.version import APP_NAME

ORGANIZATION = "msc-ards-trial-designer"


# What the first frame needs of the data model (the design and its reader, the session, the
# autosave check, the step list, the thresholds, the field help), imported before PySide6: once
# PySide6 is imported, its import hook (shibokensupport.feature) reads the source of each module
# an import statement returns, once, looking for "PySide6" (~0.2 ms a module, more as
# sys.modules grows). What these modules import themselves (the standard library, the rest of
# the model) is then never read; the ones named here still are, once, when ui/ imports them
# (87 -> 37 modules read before the first frame). Qt-free, so this costs nothing it would not
# cost later; ui.pages is only the list of page modules.
FIRST_FRAME_MODELS = (
    "models.design", "models.design_io", "models.session", "models.autosave", "models.wizard",
    "models.guidance.base", "models.guidance.thresholds", "models.user_settings",
    "models.field_help", "models.number_text", "platformdirs", "tomllib", "hashlib", "html",
    "ui.pages",
)


def import_models_first() -> None:
    """Import FIRST_FRAME_MODELS (before the first PySide6 import of the process)."""
    import importlib

    for name in FIRST_FRAME_MODELS:
        importlib.import_module(name)


def _application():
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    # Wayland shows the icon of the desktop entry with this name (it has no window icons).
    app.setDesktopFileName(ORGANIZATION)
    app.setWindowIcon(application_icon())
    return app


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def application_icon():
    """The window icon, from the PNGs rendered by tools/make_icons.py (no SVG support needed)."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", "hicolor", f"{size}x{size}", "apps",
                                       f"{ORGANIZATION}.png")))
    return icon


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
    from models.autosave import UnreadableAutosave, pending_recovery
    from models.design_io import load_design
    from ui import dialogs
    from ui.main_window import MainWindow

    # The first guidance evaluation waits for the first frame (ui/main_window.py, start-up).
    window = MainWindow(defer_guidance=True)
    window.set_thresholds(_load_thresholds(window))
    window.show()
    recovery = pending_recovery()
    if isinstance(recovery, UnreadableAutosave):
        dialogs.show_info(window, "Unsaved changes could not be recovered",
                          f"The program did not close cleanly, but its autosave could not be "
                          f"read ({recovery.reason}). It was kept at {recovery.kept_at}; open it "
                          "with a newer version of the program, or send it for inspection.")
        recovery = None
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
    import_models_first()
    app = _application()
    window = open_window(design_path)  # noqa: F841 - kept alive for the event loop
    return app.exec()


def run_smoke() -> int:
    """Offscreen self-test: build the window, load the example, visit every step, run the
    checks and the sample size; print one line of figures. Any failure: one line, exit 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    # The self-test must not touch the user's settings, recent files or autosave (closing the
    # window would otherwise save its offscreen geometry and discard a pending autosave).
    import tempfile

    scratch = tempfile.TemporaryDirectory(prefix="msc-ards-smoke-home-")
    for variable, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"),
                          ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"),
                          ("XDG_STATE_HOME", ".local/state"), ("APPDATA", "AppData/Roaming"),
                          ("LOCALAPPDATA", "AppData/Local")):
        os.environ[variable] = os.path.join(scratch.name, sub)
    try:
        import_models_first()
        from PySide6.QtCore import QSettings

        from models.design_io import load_design
        from models.guidance import evaluate
        from models.wizard import STEPS
        from ui.main_window import MainWindow

        app = _application()
        window = MainWindow(settings=QSettings(os.path.join(scratch.name, "settings.ini"),
                                               QSettings.Format.IniFormat), defer_guidance=True)
        window.show()
        if not window.open_path(example_path(), ask=False):
            raise RuntimeError("the bundled example design did not open")
        first_window = _wait_for_first_frame(app, window)
        first_window_cpu = window.first_frame_cpu
        for index in range(len(STEPS)):
            window.go_to_step(index)
            app.processEvents()
        expected = evaluate(load_design(example_path()))
        shown = len(window.guidance.rules_shown())
        if shown != len(expected.findings):
            raise RuntimeError(f"the guidance panel shows {shown} findings, the engine gives "
                               f"{len(expected.findings)}")
        result = window.result
        outcome = result.sample_size if result is not None else None
        if outcome is None or outcome.result is None:
            raise RuntimeError("the example design has no computed sample size")
        n_total = outcome.n_total
        pdf_pages, pdf_kb = _smoke_export(window)
        window.session.dirty = False
        window.close()
    except Exception as exc:  # the smoke test reports any failure as one line and exit 1
        print(f"smoke: FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    finally:
        scratch.cleanup()
    elapsed = time.perf_counter() - started
    print(f"smoke: ok: window built, {len(STEPS)} steps visited, example design checked "
          f"({len(expected.findings)} findings, computed n {n_total}); PDF of the example "
          f"exported ({pdf_pages} pages, {pdf_kb:.0f} kB); {elapsed:.2f} s; "
          f"first window {first_window:.3f} s after start ({first_window_cpu:.3f} s CPU); "
          f"peak memory {_peak_memory_mb():.0f} MB")
    return 0


def _wait_for_first_frame(app, window) -> float:
    """Run the event loop until the window's first frame and its deferred start-up are done;
    the seconds from process start to that first frame (bench/bench_bundle.py reads it)."""
    deadline = time.perf_counter() + 30
    while window.first_frame_at is None:
        if time.perf_counter() > deadline:
            raise RuntimeError("the window was not painted within 30 s")
        app.processEvents()
        time.sleep(0.001)
    return _seconds_since_process_start() - (time.perf_counter() - window.first_frame_at)


def _smoke_export(window) -> tuple[int, float]:
    """Export the open design as the wizard would (its thresholds, its copy of the design) to a
    temporary folder, check the file is a PDF with every part, and return (pages, kB)."""
    import copy
    import tempfile

    from reports.pdf import export_pdf

    with tempfile.TemporaryDirectory(prefix="msc-ards-smoke-") as folder:
        path = Path(folder) / "example-summary.pdf"
        result = export_pdf(copy.deepcopy(window.session.design), path,
                            thresholds=window.thresholds, design_path=str(example_path()))
        if not path.read_bytes().startswith(b"%PDF-") or result.pages < 8:
            raise RuntimeError(f"the exported PDF is not a complete summary ({result.pages} "
                               "pages)")
        return result.pages, result.size_bytes / 1024


_IMPORTED = time.perf_counter()


def _seconds_since_process_start() -> float:
    """From the process's start (Linux: /proc, 10 ms ticks; elsewhere: this module's import) to
    now; bench/bench_bundle.py reads it to time the frozen start to the first window."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stream:
            fields = stream.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _IMPORTED


def _peak_memory_mb() -> float:
    """The process's peak resident memory so far, in MB; 0 where unknown (Windows). Linux:
    VmHWM, since getrusage's ru_maxrss carries over the parent's peak through fork and exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as stream:
            for line in stream:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 2**10
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10
