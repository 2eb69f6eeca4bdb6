"""The main window: the step list, the pages, the guidance panel, and the file commands.

The truth is the DesignSession (models/); pages render from it and write to it through the Binder;
the guidance is recomputed on every change (about 0.3 ms) and the panel and step badges follow.

Start-up (``defer_guidance=True``, as the program starts): the first frame needs only the window,
the step list and the first page, so the first guidance evaluation (the rule data, and numpy for
a group-sequential plan: ~0.2 s for the core-protocol example) waits until the window has been
painted once; until then the panel says it is checking, never showing findings it has not
computed for this design (docs/benchmarks.md, "Start-up").
"""

from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models.design_io import DesignFileError
from models.guidance.thresholds import Thresholds
from models.session import DesignSession
from models.version import APP_NAME
from models.wizard import STEPS, findings_by_step, step_badge, step_for_path
from ui import dialogs
from ui.autosave import Autosave
from ui.binder import Binder
from ui.first_frame import CHECKING
from ui.pages import page_class

if TYPE_CHECKING:
    from models.guidance import GuidanceResult
    from ui.guidance_panel import GuidancePanel

MAX_RECENT = 8


def evaluate(design, thresholds):
    """models.guidance.evaluate, imported on first use: the engine and its rules load after the
    first frame."""
    from models.guidance import evaluate as evaluate_design

    return evaluate_design(design, thresholds)


class MainWindow(QMainWindow):
    guidance_updated = Signal(object)   # GuidanceResult, after every recomputation
    startup_finished = Signal()         # the deferred start-up work is done (or was not deferred)

    def __init__(self, settings: QSettings | None = None, thresholds: Thresholds | None = None,
                 defer_guidance: bool = False):
        super().__init__()
        # Until the first frame: changes are not evaluated, the panel says "checking".
        self._guidance_deferred = defer_guidance
        self.first_frame_at: float | None = None   # time.perf_counter() after the first paint
        self.first_frame_cpu: float | None = None  # time.process_time() then
        self.settings = settings or QSettings()
        self.thresholds = thresholds or Thresholds()
        self.session = DesignSession()
        self.binder = Binder(self.session, self)
        self.result: GuidanceResult | None = None
        self.setMinimumSize(900, 600)

        self.step_list = QListWidget()
        self.step_list.setAccessibleName("Wizard steps")
        self.step_list.setMinimumWidth(210)
        self.step_list.setMaximumWidth(260)
        # Pages are built when first shown: the window appears at once, and a page nobody
        # visits costs nothing. Until then each step holds an empty placeholder.
        self.pages = QStackedWidget()
        self._built: dict[int, QWidget] = {}
        for _step in STEPS:
            self.pages.addWidget(QWidget())
        for index, step in enumerate(STEPS):
            # Numbered as the guidance will label it, so the first frame does not change later.
            self.step_list.addItem(QListWidgetItem(f"{index + 1}. {step.title}"))
        self.step_list.currentRowChanged.connect(self.go_to_step)

        self.back_button = QPushButton("< &Back")
        self.next_button = QPushButton("&Next >")
        self.back_button.clicked.connect(lambda: self.go_to_step(self.current_step() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_step(self.current_step() + 1))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.addWidget(self.pages, 1)
        centre_layout.addLayout(buttons)
        body = QWidget()
        body_layout = QHBoxLayout(body)
        body_layout.addWidget(self.step_list)
        body_layout.addWidget(centre, 1)
        self.setCentralWidget(body)

        # The panel (a tree, a text browser, their Qt types) is built after the first frame;
        # until then the dock holds one line saying the design is being checked.
        self._guidance_panel: GuidancePanel | None = None
        dock = QDockWidget("&Guidance", self)
        dock.setObjectName("guidance-dock")
        checking = QLabel(CHECKING)
        checking.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        checking.setMargin(4)
        dock.setWidget(checking)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        # Finding titles are long: give the panel room (the user can still drag the edge).
        self.resizeDocks([dock], [430], Qt.Orientation.Horizontal)
        self.guidance_dock = dock

        self.status_message = QLabel()
        self.statusBar().addPermanentWidget(self.status_message)
        self.binder.rejected.connect(lambda _path, message: self.statusBar().showMessage(
            message, 8000))
        self._build_menus()
        self.session.subscribe(self._design_changed)
        self.autosave = Autosave(self.session, self)
        self._design_changed(None)
        self.go_to_step(0)
        self._restore_geometry()
        if defer_guidance:
            from ui.first_frame import after_first_frame

            after_first_frame(self, self._finish_startup)
        else:
            self._fill_menus()
            self.guidance  # noqa: B018 - builds the panel now

    def _finish_startup(self) -> None:
        """After the first frame: the menus' actions, the guidance panel, and the first guidance
        evaluation of the design as it stands."""
        import time

        self.first_frame_at = time.perf_counter()
        # CPU seconds of the process by then: what bench/ compares besides the wall clock, as
        # it barely moves when other processes share the cores.
        self.first_frame_cpu = time.process_time()
        self._fill_menus()
        self.guidance  # noqa: B018 - builds the panel (still "checking" until evaluated)
        self._guidance_deferred = False
        self._recompute()
        self.startup_finished.emit()

    @property
    def guidance(self) -> GuidancePanel:
        """The guidance panel, built on first use: after the first frame as the program starts,
        at once for a window made without the deferral (or when something asks for it)."""
        if self._guidance_panel is None:
            from ui.guidance_panel import GuidancePanel

            panel = GuidancePanel()
            panel.go_to_field.connect(self.focus_field)
            placeholder = self.guidance_dock.widget()
            self.guidance_dock.setWidget(panel)
            if placeholder is not None:
                placeholder.deleteLater()
            self._guidance_panel = panel
            if self.result is not None:
                panel.show_result(self.result)
        return self._guidance_panel

    # --- menus -------------------------------------------------------------------------------

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        """The menu bar's four menus, for the first frame; their actions come with
        ``_fill_menus`` (after the first frame as the program starts: nobody can open a menu
        before it is painted, and export, compare and the evidence view import their modules)."""
        self.file_menu = self.menuBar().addMenu("&File")
        self.view_menu = self.menuBar().addMenu("&View")
        self.settings_menu = self.menuBar().addMenu("&Settings")
        self.help_menu = self.menuBar().addMenu("&Help")
        self._menus_filled = False

    def _fill_menus(self) -> None:
        if self._menus_filled:
            return
        self._menus_filled = True
        file_menu = self.file_menu
        self._action(file_menu, "&New", self.new_design, QKeySequence.StandardKey.New)
        self._action(file_menu, "Open &Example", self.open_example)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._action(file_menu, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(file_menu, "Save &As…", self.save_as, QKeySequence.StandardKey.SaveAs)
        from ui.export import install_export_action  # Export PDF… (Ctrl+E), off the GUI thread

        install_export_action(self, file_menu)
        from ui.compare_dialog import install_compare_action  # File > Compare with…

        install_compare_action(self, file_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view_menu = self.view_menu
        view_menu.addAction(self.guidance_dock.toggleViewAction())
        from ui.evidence_view import install_evidence_view  # the dock itself is made on first use

        self.evidence_action = install_evidence_view(self, view_menu)
        view_menu.addSeparator()
        self._action(view_menu, "Go to &next step", lambda: self.go_to_step(
            self.current_step() + 1), QKeySequence("Ctrl+PgDown"))
        self._action(view_menu, "Go to &previous step", lambda: self.go_to_step(
            self.current_step() - 1), QKeySequence("Ctrl+PgUp"))
        # Every part of the window reachable from the keyboard, not only by tabbing.
        self._action(view_menu, "Go to the &step list", self.step_list.setFocus,
                     QKeySequence("Ctrl+1"))
        self._action(view_menu, "Go to the &page", self._focus_page, QKeySequence("Ctrl+2"))
        self._action(view_menu, "Go to the &guidance panel", self._focus_guidance,
                     QKeySequence("Ctrl+3"))
        self._action(view_menu, "Go to the next &open finding", self.next_finding,
                     QKeySequence("F8"))
        self._action(self.settings_menu, "Guidance &thresholds…", self.edit_thresholds)
        self._action(self.help_menu, "&How the guidance works", self.show_guidance_help,
                     QKeySequence.StandardKey.HelpContents)
        self._action(self.help_menu, "&About", self.show_about)
        self._refresh_recent_menu()

    def _focus_page(self) -> None:
        page = self.pages.currentWidget()
        if page is not None:
            page.setFocus()
            page.focusNextChild()

    def _focus_guidance(self) -> None:
        self.guidance_dock.show()
        self.guidance.tree.setFocus()

    def next_finding(self) -> None:
        """Go to the field of the next finding in the panel's order (wrapping round)."""
        items = self.guidance.finding_items()
        if not items:
            self.statusBar().showMessage("No open findings.", 4000)
            return
        current = self.guidance.tree.currentItem()
        index = items.index(current) + 1 if current in items else 0
        item = items[index % len(items)]
        self.guidance.tree.setCurrentItem(item)
        self.guidance._activated(item)

    def edit_thresholds(self) -> None:
        from models.user_settings import save_user_thresholds
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.thresholds, self)
        if dialog.exec() != SettingsDialog.DialogCode.Accepted:
            return
        thresholds = dialog.thresholds()
        try:
            save_user_thresholds(thresholds)
        except OSError as error:
            dialogs.show_error(self, "Settings could not be saved", str(error))
        self.set_thresholds(thresholds)

    def show_guidance_help(self) -> None:
        from ui.help_texts import HOW_GUIDANCE_WORKS

        dialogs.show_info(self, "How the guidance works", HOW_GUIDANCE_WORKS)

    def show_about(self) -> None:
        from ui.help_texts import about_html

        dialogs.show_info(self, "About", about_html())

    # --- steps -------------------------------------------------------------------------------

    def current_step(self) -> int:
        return self.pages.currentIndex()

    def page(self, index: int):
        """The page of a step, built on first use (it renders from the session as it stands)."""
        page = self._built.get(index)
        if page is None:
            page = page_class(index)(self.binder, self.session)
            placeholder = self.pages.widget(index)
            self.pages.insertWidget(index, page)
            if placeholder is not None:      # every step has a placeholder until it is built
                self.pages.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[index] = page
            if self.result is not None and hasattr(page, "show_result"):
                page.show_result(self.result)
        return page

    def built_pages(self):
        return [self._built[i] for i in sorted(self._built)]

    def build_all_pages(self) -> None:
        for index in range(len(STEPS)):
            self.page(index)

    def go_to_step(self, index: int) -> None:
        if not 0 <= index < len(STEPS):
            return
        self.page(index)
        self.pages.setCurrentIndex(index)
        if self.step_list.currentRow() != index:
            self.step_list.setCurrentRow(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < len(STEPS) - 1)

    def focus_field(self, path: str) -> bool:
        """Go to the step that holds the field and give its widget the keyboard focus."""
        step = step_for_path(path)
        self.go_to_step(STEPS.index(step))
        widget = self.binder.widget_for(path)
        if widget is None:
            # A field inside a list that does not exist yet (an arm to add): the list itself.
            parent = path.split("[")[0]
            widget = self.binder.widget_for(parent)
        if widget is None:
            return False
        page = self.pages.currentWidget()
        if isinstance(page, QScrollArea):
            page.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # --- reacting to changes -----------------------------------------------------------------

    def set_thresholds(self, thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        self._recompute()

    def _design_changed(self, path: str | None) -> None:
        if path is None:
            self.binder.refresh_all()
        for page in self.built_pages():
            page.update_visibility()
        self._update_title()
        self._recompute()

    def _recompute(self) -> None:
        """Evaluate the design and refresh every view of the result. A failure here must never
        lose the edit or take the window down: it is reported in the status bar."""
        if self._guidance_deferred:
            self.result = None
            if self._guidance_panel is not None:
                self._guidance_panel.show_checking()
            return
        try:
            self._show_guidance(evaluate(self.session.design, self.thresholds))
        except Exception as error:  # noqa: BLE001 - keep editing possible, say what failed
            self.statusBar().showMessage(
                f"The guidance could not be computed ({type(error).__name__}: {error}); "
                "your edit is kept. Please report this design.", 15000)

    def _show_guidance(self, result: GuidanceResult) -> None:
        self.result = result
        self.guidance.show_result(result)
        counts = findings_by_step(result)
        for index, step in enumerate(STEPS):
            badge = step_badge(counts[step.key])
            text = f"{index + 1}. {step.title}" + (f"\n    {badge}" if badge else "")
            item = self.step_list.item(index)
            item.setText(text)
            item.setToolTip(badge or "No open findings")
        for page in self.built_pages():
            if hasattr(page, "show_result"):
                page.show_result(result)
        self.guidance_updated.emit(result)

    def _update_title(self) -> None:
        # Qt shows '*' in place of '[*]' while the window is modified (platform convention).
        self.setWindowTitle(f"{self.session.display_name}[*] — {APP_NAME}")
        self.setWindowModified(self.session.dirty)

    # --- files -------------------------------------------------------------------------------

    def maybe_save(self) -> bool:
        """Before the design is replaced or the window closes: True if it is safe to go on."""
        if not self.session.dirty:
            return True
        answer = dialogs.ask_save_changes(self, self.session.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_design(self) -> None:
        if self.maybe_save():
            self.session.new()
            self.autosave.discard()
            self.go_to_step(0)

    def open_example(self) -> None:
        from models.design_io import load_design
        from models.resources import example_path

        if self.maybe_save():
            self.session.new(load_design(example_path()))
            self.autosave.discard()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        folder = str(self.session.path.parent) if self.session.path else ""
        path = dialogs.ask_open_path(self, folder)
        if path:
            self.open_path(Path(path), ask=False)

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a design file; a bad file shows the loader's message and changes nothing."""
        if ask and not self.maybe_save():
            return False
        try:
            self.session.open(path)
        except DesignFileError as error:
            dialogs.show_error(self, "The design could not be opened", str(error))
            return False
        except Exception as error:  # noqa: BLE001 - a bad file must never take the window down
            dialogs.show_error(self, "The design could not be opened",
                               f"{path}: {type(error).__name__}: {error}. The design shown is "
                               "unchanged; please report this file.")
            return False
        self.autosave.discard()
        self._add_recent(path)
        return True

    def save(self) -> bool:
        if self.session.path is None:
            return self.save_as()
        return self._save_to(self.session.path)

    def save_as(self) -> bool:
        suggested = str(self.session.path) if self.session.path else "design.trial.json"
        path = dialogs.ask_save_path(self, suggested)
        return self._save_to(Path(path)) if path else False

    def _save_to(self, path: Path) -> bool:
        try:
            self.session.save(path)
        except OSError as error:
            dialogs.show_error(self, "The design could not be saved",
                               f"{path}: {error.strerror or error}. The design is unchanged in "
                               "the window and the file on disk is as it was.")
            return False
        self.autosave.discard()
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [], type=list)
        return [str(v) for v in value] if isinstance(value, list) else []

    def _add_recent(self, path: Path) -> None:
        files = [str(Path(path).resolve())] + [f for f in self._recent_files()
                                               if f != str(Path(path).resolve())]
        self.settings.setValue("recent_files", files[:MAX_RECENT])
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        if not self._menus_filled:
            return   # filled with the menus, after the first frame
        self.recent_menu.clear()
        files = self._recent_files()
        for index, name in enumerate(files):
            action = self.recent_menu.addAction(f"&{index + 1} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _checked=False, n=name: self.open_path(Path(n)))
        self.recent_menu.setEnabled(bool(files))

    # --- window state ------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.maybe_save():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.autosave.discard()
        event.accept()
