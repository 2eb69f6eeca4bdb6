"""Widgets bound to design fields by JSON path, one consistent way for every field.

Edits flow one way at a time: a widget edit writes to the session (which validates it exactly as
the file reader would); a session change refreshes the widgets under QSignalBlocker, so a refresh
never echoes back as an edit. Every bound widget is findable by its path, so a finding can focus
the field it is about.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from models.number_text import (  # noqa: F401 - parse_number(_list) re-exported
    NumberTextError,
    parse_number,
    parse_number_list,
)
from models.design import Choice
from models.session import DesignSession, EditRejected
from models.vocabulary import labels_for

NOT_DECIDED = "— not decided —"


def _plain_number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


# The widget a binding registers, returned as its own type.
W = TypeVar("W", bound=QWidget)

class _Binding:
    def __init__(self, path: str, widget: QWidget, refresh: Callable[[object], None]):
        self.path = path
        self.widget = widget
        self.refresh = refresh


class Binder(QObject):
    """Keeps every bound widget and its field in step with the session."""

    rejected = Signal(str, str)   # path, message: an edit the format does not allow
    accepted = Signal(str)        # path

    def __init__(self, session: DesignSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self._bindings: dict[str, _Binding] = {}

    # --- general -----------------------------------------------------------------------------

    def widget_for(self, path: str) -> QWidget | None:
        binding = self._bindings.get(path)
        return binding.widget if binding else None

    def paths(self) -> list[str]:
        return list(self._bindings)

    def unbind_prefix(self, prefix: str) -> None:
        """Forget the widgets of a part of the form that is being rebuilt (e.g. the arms)."""
        for path in [p for p in self._bindings if p.startswith(prefix)]:
            del self._bindings[path]

    def refresh_all(self) -> None:
        for binding in list(self._bindings.values()):
            self._refresh(binding)

    def refresh(self, path: str) -> None:
        """Show the design's value again in one widget (after an edit changed it as a side
        effect, e.g. adding an arm extends the allocation ratio)."""
        binding = self._bindings.get(path)
        if binding is not None:
            self._refresh(binding)

    def register_widget(self, path: str, widget: W, refresh=None) -> W:
        """Bind a page's own widget to a path (so a finding can focus it); ``refresh(value)``
        shows the field's value, or is omitted for a widget that only stands for the field."""
        return self._register(path, widget, refresh or (lambda _value: None))

    def _refresh(self, binding: _Binding) -> None:
        blocker = QSignalBlocker(binding.widget)
        try:
            binding.refresh(self.session.get(binding.path))
        finally:
            blocker.unblock()
        self._mark(binding.widget, None)

    def _register(self, path: str, widget: W, refresh) -> W:
        widget.setObjectName(path)
        binding = _Binding(path, widget, refresh)
        self._bindings[path] = binding
        self._refresh(binding)
        return widget

    def write(self, path: str, value) -> bool:
        """Send a widget's value to the session; show the reason when it is refused."""
        widget = self.widget_for(path)
        try:
            self.session.set_value(path, value)
        except EditRejected as error:
            self._mark(widget, str(error))
            self.rejected.emit(path, str(error))
            return False
        self._mark(widget, None)
        self.accepted.emit(path)
        return True

    @staticmethod
    def _mark(widget: QWidget | None, problem: str | None) -> None:
        if widget is None:
            return
        # Icon-free, colour-free cue that survives greyscale: a tooltip and the accessible text.
        widget.setProperty("invalid", problem is not None)
        widget.setToolTip(problem or widget.property("helpText") or "")
        widget.setAccessibleDescription(problem or widget.property("helpText") or "")
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # --- widget kinds ------------------------------------------------------------------------

    def text(self, path: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(lambda text: self.write(path, text if text.strip() else None))
        return self._register(path, edit, lambda v: edit.setText(v or ""))

    def long_text(self, path: str, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(80)

        def edited():
            text = edit.toPlainText()
            self.write(path, text if text.strip() else None)

        edit.textChanged.connect(edited)

        def refresh(value):
            if edit.toPlainText() != (value or ""):
                edit.setPlainText(value or "")

        return self._register(path, edit, refresh)

    def number(self, path: str, placeholder: str = "") -> QLineEdit:
        """A number field that can also be empty (not decided): a line edit, because a spin box
        cannot say 'not decided'. Accepts 5e6 and 5000000 alike."""
        return self._parsed_line(path, placeholder or "not decided", parse_number,
                                 _plain_number, "is not a number")

    def number_list(self, path: str, placeholder: str = "") -> QLineEdit:
        return self._parsed_line(path, placeholder, parse_number_list,
                                 lambda v: ", ".join(_plain_number(x) for x in v or []),
                                 "is not a list of numbers separated by commas")

    def _parsed_line(self, path, placeholder, parse, show, complaint) -> QLineEdit:
        """A line edit whose text is parsed before it reaches the session; text that cannot be
        parsed marks the widget and leaves the design as it was."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        # The value the field held when this entry began: every keystroke is written, so typing
        # '1,000' writes 1 on the way; text that ends up unreadable puts this value back. An
        # entry begins when the text is replaced rather than extended or shortened (typing over
        # a selection, pasting).
        before: list = []
        shown = [""]

        def edited(text: str):
            previous, shown[0] = shown[0], text
            if not before or not (text.startswith(previous) or previous.startswith(text)):
                before[:] = [self.session.get(path)]
            try:
                value = parse(text)
            except ValueError as error:
                words = str(error) if isinstance(error, NumberTextError) else \
                    f"'{text}' {complaint}"
                message = f"{path}: {words}"
                self._restore(path, before[0])
                self._mark(edit, message)
                self.rejected.emit(path, message)
                return
            self.write(path, value)

        def finished():
            before.clear()
            self._refresh_if_valid(path)
            shown[0] = edit.text()

        def refresh(value):
            edit.setText(show(value))
            shown[0] = edit.text()

        edit.textEdited.connect(edited)
        edit.editingFinished.connect(finished)
        return self._register(path, edit, refresh)

    def _restore(self, path: str, value) -> None:
        """Put back the value a field had before an edit whose text became unreadable (the
        widget keeps the text, marked, for the user to correct)."""
        if self.session.get(path) != value:
            try:
                self.session.set_value(path, value)
            except EditRejected:
                pass

    def _refresh_if_valid(self, path: str) -> None:
        # On leaving a field, show the value the design holds (e.g. '5e6' becomes '5000000').
        binding = self._bindings.get(path)
        if binding is not None and not binding.widget.property("invalid"):
            self._refresh(binding)

    def choice(self, path: str, choices: type[Choice], labels: dict | None = None) -> QComboBox:
        """A closed set, with 'not decided' first so a decision can be taken back. The words are
        models/vocabulary.py's; ``labels`` is only for its shortened tables (a narrow grid)."""
        combo = QComboBox()
        combo.addItem(NOT_DECIDED, None)
        for member, text in (labels or labels_for(choices)).items():
            combo.addItem(text, member.value)
        combo.activated.connect(lambda index: self.write(path, combo.itemData(index)))

        def refresh(value):
            combo.setCurrentIndex(max(0, combo.findData(value.value if value else None)))

        return self._register(path, combo, refresh)

    def flag(self, path: str, yes: str = "Yes", no: str = "No") -> QComboBox:
        """A yes/no decision that can also be 'not decided' (false is a decision, not a gap)."""
        combo = QComboBox()
        for label, data in ((NOT_DECIDED, None), (yes, True), (no, False)):
            combo.addItem(label, data)
        combo.activated.connect(lambda index: self.write(path, combo.itemData(index)))
        return self._register(path, combo,
                              lambda v: combo.setCurrentIndex({None: 0, True: 1, False: 2}[v]))

    def choice_set(self, path: str, choices: type[Choice], labels: dict | None = None) -> QWidget:
        """Several of a closed set, as check boxes (in models/vocabulary.py's words); none ticked
        means not decided."""
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        checks: list[tuple[QCheckBox, str]] = []
        for member, text in (labels or labels_for(choices)).items():
            check = QCheckBox(text)
            check.setAccessibleName(f"{path}: {member.value}")
            layout.addWidget(check)
            checks.append((check, member.value))

        def toggled(_checked):
            chosen = [value for check, value in checks if check.isChecked()]
            self.write(path, chosen or None)

        for check, _ in checks:
            check.toggled.connect(toggled)
        layout.addStretch(1)

        def refresh(values):
            chosen = {v.value for v in values or []}
            for check, value in checks:
                blocker = QSignalBlocker(check)
                check.setChecked(value in chosen)
                blocker.unblock()

        return self._register(path, box, refresh)

    def text_lines(self, path: str, placeholder: str = "") -> QPlainTextEdit:
        """A list of short texts, one per line."""
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setMaximumHeight(70)

        def edited():
            lines = [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]
            self.write(path, lines or None)

        edit.textChanged.connect(edited)

        def refresh(values):
            current = [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]
            if current != list(values or []):
                edit.setPlainText("\n".join(values or []))

        return self._register(path, edit, refresh)
