"""Settings: the default thresholds of the guidance catalogue (section 1.6), saved per user."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
)

from models.guidance.thresholds import FRACTION_THRESHOLDS, THRESHOLD_WORDING, Thresholds
from models.user_settings import THRESHOLD_RANGES

# Fractions are edited as percentages: people think of 18% mortality, not 0.18.
PERCENT = FRACTION_THRESHOLDS


class SettingsDialog(QDialog):
    def __init__(self, thresholds: Thresholds, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Settings — guidance thresholds")
        layout = QVBoxLayout(self)
        note = QLabel("These numbers are not fixed by Curley 2024 or by a definition; they are "
                      "defaults that you may change. Every finding that uses one says the value "
                      "used, and the PDF lists the ones changed from their defaults.")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        layout.addLayout(form)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for field in dataclasses.fields(Thresholds):
            words, unit = THRESHOLD_WORDING[field.name]
            low, high = THRESHOLD_RANGES[field.name]
            spin = QDoubleSpinBox()
            scale = 100.0 if field.name in PERCENT else 1.0
            spin.setRange(low * scale, high * scale)
            spin.setDecimals(1)
            spin.setSuffix(" %" if field.name in PERCENT else f" {unit}" if unit else "")
            spin.setValue(getattr(thresholds, field.name) * scale)
            spin.setAccessibleName(words)
            label = QLabel(words[:1].upper() + words[1:])
            label.setBuddy(spin)
            form.addRow(label, spin)
            self.spins[field.name] = spin
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.set_values(Thresholds()))
        layout.addWidget(buttons)

    def set_values(self, thresholds: Thresholds) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(thresholds, name) * (100.0 if name in PERCENT else 1.0))

    def thresholds(self) -> Thresholds:
        return Thresholds(**{name: spin.value() / (100.0 if name in PERCENT else 1.0)
                             for name, spin in self.spins.items()})
