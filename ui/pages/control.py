"""Step 5, Control and care: the control arm, blinding, the allocation ratio (one number per
active arm, then the control arm), and the best current care both arms receive."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QLabel

from models.design import Design
from ui.pages.base import Page


def allocation_order(design: Design) -> str:
    """The order of the allocation ratio's numbers, in the arms' own names."""
    names = [design.arm_name(i) for i in range(len(design.arms))]
    if not names:
        return "Order: control only so far; add the active arms in the Dose and regimen step."
    return "Order: " + ", ".join(names + ["control"])


class ControlPage(Page):
    step_key = "control"

    def build(self) -> None:
        self.heading("Control and care")
        self.intro("Use a placebo that looks identical to the product and blind where possible. "
                   "Both arms receive best current care, with concomitant therapies standardised "
                   "(Curley 2024, Box 1).")

        _, form = self.section("Control arm")
        self.field(form, "control.type")
        self.field(form, "control.placebo")
        self.field(form, "control.blinding")
        ratio_row = self.field(form, "control.allocation_ratio")
        ratio_form = form
        self.order_label = QLabel()
        self.order_label.setTextFormat(Qt.TextFormat.PlainText)
        self.order_label.setWordWrap(True)
        self.order_label.setAccessibleName("Allocation ratio order")
        ratio_layout = ratio_row.layout()
        assert isinstance(ratio_layout, QBoxLayout), "the ratio row is a box of widgets"
        ratio_layout.insertWidget(1, self.order_label)

        _, form = self.section("Best current care")
        self.field(form, "care.protocolised")
        self.field(form, "care.elements")
        self.field(form, "care.immunomodulators")
        from ui.pages.format3 import add_concomitant_care, add_stratification
        add_concomitant_care(self, form)
        add_stratification(self, ratio_form)
        self.session.subscribe(self._design_changed)

    def _design_changed(self, path: str | None) -> None:
        # Adding or removing an arm also changes the allocation ratio: show its new value.
        if path == "dosing.arms":
            self.binder.refresh("control.allocation_ratio")

    def update_visibility(self) -> None:
        super().update_visibility()
        self.order_label.setText(allocation_order(self.session.design))
