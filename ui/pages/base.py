"""What every wizard page shares: a scrollable form of labelled, bound fields with their help."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from models.applicability import applies
from models.field_help import field_help
from models.session import DesignSession
from ui.binder import Binder


class Page(QScrollArea):
    """A wizard step. Subclasses set ``step_key`` and build their form in ``build()``;
    ``update_visibility()`` shows the rows whose field applies to the design as it stands and
    hides the others (models/applicability.py, the rule the review and the PDF follow too), and
    hides a group whose every row is hidden. Hidden fields keep their values."""

    step_key = ""
    fills_page = False   # a page whose one view should take all the height (the review)

    def __init__(self, binder: Binder, session: DesignSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.binder = binder
        self.session = session
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        # (form, row, path) of every field row, and the groups holding them, for the visibility.
        self._field_rows: list[tuple[QFormLayout, QWidget, str]] = []
        self._groups: dict[int, QGroupBox] = {}
        self._body = QWidget()
        self.layout_ = QVBoxLayout(self._body)
        self.layout_.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._body)
        self.build()
        if not self.fills_page:
            self.layout_.addStretch(1)
        self.update_visibility()

    def build(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError

    def update_visibility(self) -> None:
        """Called after every change of the design; pages with other conditional parts extend
        it (calling this first)."""
        design = self.session.design
        shown: dict[int, bool] = {}
        for form, row, path in self._field_rows:
            visible = applies(design, path)
            form.setRowVisible(row, visible)
            shown[id(form)] = shown.get(id(form), False) or visible
        for key, visible in shown.items():
            if key in self._groups:
                self._groups[key].setVisible(visible)

    # --- building blocks ---------------------------------------------------------------------

    def heading(self, text: str) -> QLabel:
        label = QLabel(f"<h2>{text}</h2>")
        self.layout_.addWidget(label)
        return label

    def intro(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        self.layout_.addWidget(label)
        return label

    def section(self, title: str, parent_layout=None) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        (parent_layout or self.layout_).addWidget(box)
        self._groups[id(form)] = box
        return box, form

    def field(self, form: QFormLayout, path: str) -> QWidget:
        """Bind the field at ``path`` with the widget its kind calls for (the schema in
        models/design.py: a choice, a yes/no flag, a number, text, or a list of those) and add
        its row. The words around it (label, help, unit, placeholder, yes/no) come from
        resources/help/fields.toml, so the path is written once."""
        from models.json_path import spec_for_path

        spec, info, b = spec_for_path(path), field_help(path), self.binder
        if spec.kind == "choice":
            widget: QWidget = b.choice(path, spec.item)
        elif spec.kind == "bool":
            widget = b.flag(path, yes=info.yes, no=info.no)
        elif spec.kind == "number":
            widget = b.number(path, info.placeholder)
        elif spec.kind == "text":
            widget = (b.long_text(path, info.placeholder) if info.multiline
                      else b.text(path, info.placeholder))
        elif spec.kind == "list" and spec.item_kind == "choice":
            widget = prepare_check_boxes(b.choice_set(path, spec.item), columns=info.columns)
        elif spec.kind == "list" and spec.item_kind == "number":
            widget = b.number_list(path, info.placeholder)
        elif spec.kind == "list" and spec.item_kind == "text":
            widget = b.text_lines(path, info.placeholder)
        else:
            raise ValueError(f"{path}: a {spec.kind} field has no widget of its own")
        return self.add_field(form, path, widget)

    def add_field(self, form: QFormLayout, path: str, widget: QWidget) -> QWidget:
        """A row: label (with mnemonic), the widget, its unit, and its help beneath."""
        info = field_help(path)
        label = QLabel(info.label)
        label.setBuddy(widget)
        label.setToolTip(info.help)
        widget.setAccessibleName(info.label.replace("&", ""))
        widget.setProperty("helpText", info.help)
        widget.setToolTip(info.help)
        widget.setAccessibleDescription(info.help)
        field = QWidget()
        row = QVBoxLayout(field)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(1)
        line = QHBoxLayout()
        line.addWidget(widget, 1)
        if info.unit:
            line.addWidget(QLabel(info.unit))
        row.addLayout(line)
        if info.help:
            note = QLabel(info.help)
            note.setWordWrap(True)
            note.setProperty("role", "help")
            _soften(note)
            row.addWidget(note)
        form.addRow(label, field)
        self._field_rows.append((form, field, path))
        return field


def fresh_grid(old: QWidget, stretch_column: int, name: str = "") -> tuple[QWidget, QGridLayout]:
    """A new empty host with a grid in ``old``'s place, for a list editor rebuilding its rows
    (a QGridLayout keeps its old rows' sizes otherwise)."""
    host = QWidget()
    if name:
        host.setAccessibleName(name)
    parent = old.parentWidget()
    layout = parent.layout() if parent is not None else None
    assert layout is not None, "a list editor's host sits in a layout"
    layout.replaceWidget(old, host)
    old.hide()
    old.deleteLater()
    grid = QGridLayout(host)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setColumnStretch(stretch_column, 1)
    return host, grid


def _soften(label: QLabel) -> None:
    """Help text a little lighter than the labels but still readable (about 4.5:1 on the
    default palettes, light or dark): the text colour mixed one third toward the background."""
    palette = label.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    background = palette.color(QPalette.ColorRole.Window)
    mixed = QColor(round(text.red() * 0.66 + background.red() * 0.34),
                   round(text.green() * 0.66 + background.green() * 0.34),
                   round(text.blue() * 0.66 + background.blue() * 0.34))
    palette.setColor(QPalette.ColorRole.WindowText, mixed)
    label.setPalette(palette)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)


def prepare_check_boxes(container: QWidget, columns: int = 2) -> QWidget:
    """A bound group of check boxes, laid out in rows of ``columns`` so that the page fits beside
    the guidance panel; the label's mnemonic and a finding's focus go to the first box, and each
    box is announced by its own text."""
    boxes = container.findChildren(QCheckBox)
    row = container.layout()
    assert isinstance(row, QBoxLayout), "a choice set lays its boxes out in a row"
    grid = QGridLayout()
    for index, box in enumerate(boxes):
        box.setAccessibleName(box.text())
        row.removeWidget(box)
        grid.addWidget(box, index // columns, index % columns)
    row.insertLayout(0, grid)
    if boxes:
        container.setFocusProxy(boxes[0])
    return container
