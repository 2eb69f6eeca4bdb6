"""The wizard's side of one wording and one applicability rule (models/vocabulary.py,
models/applicability.py): a choice reads on its widget as the Review step and the PDF print it,
and a row whose field does not apply is hidden, and shown again when an edit makes it apply."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox

from models.applicability import applies
from models.design_io import load_design
from models.field_help import field_help
from models.guidance import evaluate
from models.resources import resource_path
from models.vocabulary import label
from reports.content import section_rows
from test_pages import Harness, enter
from ui.pages.follow_up import FollowUpPage
from ui.pages.population import PopulationPage
from ui.pages.product import ProductPage
from ui.pages.review import review_html


def start_like():
    return load_design(resource_path("examples", "start-like.trial.json"))


def _pdf_value(design, path):
    wanted = field_help(path).label.replace("&", "")
    return {r.label: r.value for _t, _p, rows, _n in section_rows(design) for r in rows}[wanted]


def test_a_choice_reads_the_same_on_the_widget_the_review_and_the_pdf(qtbot):
    harness = Harness(qtbot, [ProductPage, PopulationPage])
    enter(qtbot, harness, "product.kind", "msc_ev")
    enter(qtbot, harness, "population.fibroproliferative", "required_on_ct")
    design = harness.session.design
    review = review_html(design, evaluate(design))
    for path, value in (("product.kind", design.product.kind),
                        ("population.fibroproliferative", design.population.fibroproliferative)):
        combo = harness.widget(path)
        assert isinstance(combo, QComboBox)
        shown = combo.currentText()
        assert shown == label(value)
        assert f"<td>{shown}</td>" in review
        assert _pdf_value(design, path) == shown


def test_check_boxes_read_as_the_review_and_the_pdf(qtbot):
    harness = Harness(qtbot, [FollowUpPage], start_like())
    boxes = harness.widget("follow_up.post_discharge_measures").findChildren(QCheckBox)
    ticked = [box.text() for box in boxes if box.isChecked()]
    design = harness.session.design
    assert ticked == [label(m) for m in design.follow_up.post_discharge_measures]
    assert "EQ-5D" in ticked
    assert _pdf_value(design, "follow_up.post_discharge_measures") == ", ".join(ticked)
    assert f"<td>{', '.join(ticked)}</td>" in review_html(design, evaluate(design))


def test_rows_that_do_not_apply_hide_and_come_back_with_the_edit_that_makes_them_apply(qtbot):
    harness = Harness(qtbot, [ProductPage], start_like())   # an MSC product
    markers = harness.widget("product.release.identity_markers")
    dose_basis = harness.widget("product.release.dose_basis")
    assert not markers.isVisible() and dose_basis.isVisible()
    enter(qtbot, harness, "product.kind", "mapc")
    assert markers.isVisible() and dose_basis.isVisible()
    enter(qtbot, harness, "product.kind", "msc_ev")
    assert not markers.isVisible() and not dose_basis.isVisible()
    assert not harness.page.cell_group.isVisible() and harness.page.ev_group.isVisible()
    # Every bound row on the page follows the one rule, whatever the kind.
    design = harness.session.design
    for path in harness.binder.paths():
        assert harness.widget(path).isVisibleTo(harness.page) is applies(design, path), path


def test_the_review_leaves_out_what_the_wizard_hides(qtbot):
    harness = Harness(qtbot, [FollowUpPage], start_like())
    charter_label = field_help("safety.dsmb_charter").label.replace("&", "")
    design = harness.session.design
    assert charter_label in review_html(design, evaluate(design))
    charter = harness.widget("safety.dsmb_charter")
    assert charter.isVisible()
    harness.session.set_value("safety.dsmb_charter", None)   # a blank charter, then no DSMB
    enter(qtbot, harness, "safety.dsmb", False)
    assert not charter.isVisible()
    assert charter_label not in review_html(design, evaluate(design))
    enter(qtbot, harness, "safety.dsmb", True)
    assert charter.isVisible()
