"""The trials table of the evidence view: a Qt table model over the evidence DataFrame, and the
proxy that sorts it and filters it by setting, product kind and tissue source.

Cell texts, provenance marks, sort keys and filters come from models.evidence.table (so the PDF and
the tests see the same), and are worked out once per loaded evidence, not on every paint.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from models.evidence import table as cd

# Custom roles: what a cell is (for the detail pane, the proxy and the tests).
PROVENANCE_ROLE = Qt.ItemDataRole.UserRole + 1     # "disputed", "uncertain" or ""
TRIAL_ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMN_ROLE = Qt.ItemDataRole.UserRole + 3         # the DataFrame column name

# Tints beside the marks (never instead of them: a mark reads in grey and to a screen reader).
_TINTS = {cd.DISPUTED: QColor("#FBE3C8"), cd.UNCERTAIN: QColor("#FFF6C2")}
_USER_TINT = QColor("#E3F0FA")


class TrialsTableModel(QAbstractTableModel):
    """One row per trial record of the evidence; columns are the evidence table's columns, the
    trial's name first. Read-only."""

    def __init__(self, evidence=None, parent=None):
        super().__init__(parent)
        self.evidence = None
        self.columns: tuple[str, ...] = cd.TABLE_COLUMNS
        self._trials = ()
        self._texts: list[list[str]] = []
        self._marks: list[list[str]] = []
        self._row_names: list[str] = []
        if evidence is not None:
            self.set_evidence(evidence)

    def set_evidence(self, evidence) -> None:
        self.beginResetModel()
        self.evidence = evidence
        self._trials = tuple(evidence.trials)
        self._texts = [[cd.table_cell_text(t, c) for c in self.columns] for t in self._trials]
        # A mark belongs to a value: an empty cell (not available) carries none.
        self._marks = [[cd.cell_provenance(t, c).mark if text else ""
                        for c, text in zip(self.columns, texts)]
                       for t, texts in zip(self._trials, self._texts)]
        self._row_names = [cd.trial_row_name(t) for t in self._trials]
        self.endResetModel()

    # --- what the view and the detail pane ask ------------------------------------------------

    def trial(self, row: int):
        return self._trials[row]

    def column_name(self, column: int) -> str:
        return self.columns[column]

    def column_index(self, name: str) -> int:
        return self.columns.index(name)

    # --- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._trials)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._trials)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        row, column = index.row(), index.column()
        trial, name = self._trials[row], self.columns[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(trial, name)
        if role == Qt.ItemDataRole.BackgroundRole:
            tint = _TINTS.get(self._marks[row][column])
            if tint is None and trial.user_supplied and name == "short_name":
                tint = _USER_TINT
            return QBrush(tint) if tint is not None else None
        if role == Qt.ItemDataRole.FontRole and trial.user_supplied and name == "short_name":
            font = QFont()
            font.setItalic(True)
            return font
        if role == PROVENANCE_ROLE:
            return self._marks[row][column]
        if role == TRIAL_ID_ROLE:
            return trial.id
        if role == COLUMN_ROLE:
            return name
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return cd.column_title(self.columns[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Column '{self.columns[section]}' of the evidence table"
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._trials):
            # The trial names the row, so it stays in sight when the table scrolls sideways.
            trial = self._trials[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self._row_names[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(trial, "short_name")
            if role == Qt.ItemDataRole.FontRole and trial.user_supplied:
                font = QFont()
                font.setItalic(True)
                return font
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def _tooltip(trial, column: str) -> str:
        lines = [f"{trial.label}: {cd.column_title(column)}"]
        if trial.user_supplied:
            lines.append("User-supplied trial (imported from your CSV; kept in your data "
                         "folder).")
        lines += cd.cell_provenance(trial, column).lines()
        return "\n".join(lines)


class TrialsFilterModel(QSortFilterProxyModel):
    """Sorts numbers as numbers (unknown values last) and filters by setting, product kind and
    tissue source (None = any)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.filters: dict[str, str | None] = {column: None for column in cd.FILTER_COLUMNS}

    def set_filter(self, column: str, value: str | None) -> None:
        if column not in self.filters:
            raise KeyError(column)
        if self.filters[column] == value:
            return
        self.filters[column] = value
        # Qt 6.9+: announce the change before it, so views keep their selection right.
        self.beginFilterChange()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _trials(self) -> TrialsTableModel | None:
        """The source model: always a TrialsTableModel (the evidence view sets it)."""
        model = self.sourceModel()
        return model if isinstance(model, TrialsTableModel) else None

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        model = self._trials()
        if model is None or source_parent.isValid():
            return False
        return cd.trial_matches(model.trial(source_row), self.filters)

    def lessThan(self, left, right) -> bool:  # noqa: N802 - Qt's name
        # From the records, not a display role: '12' < '9' as text, and unknown sorts last.
        model = self._trials()
        if model is None:
            return super().lessThan(left, right)
        column = model.column_name(left.column())
        return cd.sort_key(model.trial(left.row()), column) < \
            cd.sort_key(model.trial(right.row()), column)


__all__ = ["COLUMN_ROLE", "PROVENANCE_ROLE", "TRIAL_ID_ROLE", "TrialsFilterModel",
           "TrialsTableModel"]
