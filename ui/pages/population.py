"""Step 4, Population: the ARDS definition and entry criteria, ages, and how responsive patients
will be found. The classifier applies only to a subphenotype strategy, the HFNO flow only when
HFNO patients are eligible, the PEEP only when ventilated patients are; hidden fields keep their
values.
"""

from __future__ import annotations

from models.design import (
    Definition,
    Fibroproliferative,
    RespiratorySupport,
    Setting,
    Subphenotype,
)
from ui.pages.base import Page
from ui.pages.base import prepare_check_boxes

SETTING_LABELS = {Setting.CLASSICAL: "Classical ARDS (not COVID-19)",
                  Setting.COVID19: "COVID-19 ARDS", Setting.MIXED: "Mixed: COVID-19 and other"}
DEFINITION_LABELS = {
    Definition.BERLIN_2012: "Berlin 2012",
    Definition.GLOBAL_2024: "Global definition 2024",
    Definition.GLOBAL_2024_RESOURCE_LIMITED: "Global definition 2024, resource-limited variant",
}
SUPPORT_LABELS = {
    RespiratorySupport.INVASIVE_VENTILATION: "Invasive ventilation",
    RespiratorySupport.NONINVASIVE_VENTILATION: "Non-invasive ventilation / CPAP",
    RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN: "High-flow nasal oxygen (HFNO)",
    RespiratorySupport.LOW_FLOW_OXYGEN: "Low-flow oxygen",
}
SUBPHENOTYPE_LABELS = {
    Subphenotype.NONE: "None",
    Subphenotype.STRATIFIED: "Stratified by subphenotype",
    Subphenotype.ENRICHED_HYPERINFLAMMATORY: "Enriched for the hyperinflammatory subphenotype",
}
FIBRO_LABELS = {Fibroproliferative.EXCLUDED: "Excluded", Fibroproliferative.ALLOWED: "Allowed",
                Fibroproliferative.NOT_ADDRESSED: "Not addressed",
                Fibroproliferative.REQUIRED_ON_CT: "Early fibroproliferation required on CT"}

POSITIVE_PRESSURE = (RespiratorySupport.INVASIVE_VENTILATION,
                     RespiratorySupport.NONINVASIVE_VENTILATION)


def shows_classifier(subphenotype: Subphenotype | None) -> bool:
    return subphenotype in (Subphenotype.STRATIFIED, Subphenotype.ENRICHED_HYPERINFLAMMATORY)


def shows_peep(support: list[RespiratorySupport] | None) -> bool:
    return any(s in POSITIVE_PRESSURE for s in support or [])


def shows_hfno_flow(support: list[RespiratorySupport] | None) -> bool:
    return RespiratorySupport.HIGH_FLOW_NASAL_OXYGEN in (support or [])


class PopulationPage(Page):
    step_key = "population"

    def build(self) -> None:
        b = self.binder
        p = "population."
        self.heading("Population")
        self.intro("Who can be enrolled. Trials so far enrolled heterogeneous ARDS populations; "
                   "name the definition and state every entry criterion so that the trial can be "
                   "compared and pooled with others.")

        _, form = self.section("Definition and entry criteria")
        self.add_field(form, p + "setting", b.choice(p + "setting", Setting, SETTING_LABELS))
        self.add_field(form, p + "definition",
                       b.choice(p + "definition", Definition, DEFINITION_LABELS))
        support = prepare_check_boxes(b.choice_set(p + "respiratory_support", RespiratorySupport,
                                                   SUPPORT_LABELS), columns=1)
        self.add_field(form, p + "respiratory_support", support)
        self.add_field(form, p + "pf_ratio_max",
                       b.number(p + "pf_ratio_max", "not decided, e.g. 200"))
        self.add_field(form, p + "sf_ratio_max",
                       b.number(p + "sf_ratio_max", "not decided, e.g. 315"))
        self.criteria_form = form
        self.peep_row = self.add_field(form, p + "peep_min",
                                       b.number(p + "peep_min", "not decided, e.g. 5"))
        self.hfno_row = self.add_field(form, p + "hfno_flow_min",
                                       b.number(p + "hfno_flow_min", "not decided, e.g. 30"))
        self.add_field(form, p + "onset_window_hours",
                       b.number(p + "onset_window_hours", "not decided, e.g. 72"))

        _, form = self.section("Age and exclusions")
        self.add_field(form, p + "age_min", b.number(p + "age_min", "not decided, e.g. 18"))
        self.add_field(form, p + "age_max", b.number(p + "age_max", "not decided, e.g. 85"))
        self.add_field(form, p + "fibroproliferative",
                       b.choice(p + "fibroproliferative", Fibroproliferative, FIBRO_LABELS))
        self.add_field(form, p + "exclude_recent_malignancy",
                       b.flag(p + "exclude_recent_malignancy", yes="Excluded",
                              no="Not excluded"))

        _, form = self.section("Treatment-responsive patients")
        self.add_field(form, p + "subphenotype",
                       b.choice(p + "subphenotype", Subphenotype, SUBPHENOTYPE_LABELS))
        self.subphenotype_form = form
        self.classifier_row = self.add_field(
            form, p + "classifier",
            b.text(p + "classifier", "e.g. IL-8, bicarbonate and protein C (Sinha 2020)"))
        self.add_field(form, p + "prespecified_subgroups",
                       b.text_lines(p + "prespecified_subgroups",
                                    "age under 65 years\nhyperinflammatory subphenotype"))

        from ui.pages.format3 import add_eligibility
        add_eligibility(self)

    def update_visibility(self) -> None:
        population = self.session.design.population
        self.criteria_form.setRowVisible(self.peep_row,
                                         shows_peep(population.respiratory_support))
        self.criteria_form.setRowVisible(self.hfno_row,
                                         shows_hfno_flow(population.respiratory_support))
        self.subphenotype_form.setRowVisible(self.classifier_row,
                                             shows_classifier(population.subphenotype))
