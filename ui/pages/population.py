"""Step 4, Population: the ARDS definition and entry criteria, ages, and how responsive patients
will be found. The classifier applies only to a subphenotype strategy, the HFNO flow only when
HFNO patients are eligible, the PEEP only when ventilated patients are (models/applicability.py);
hidden fields keep their values.
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
        self.add_field(form, p + "setting", b.choice(p + "setting", Setting))
        self.add_field(form, p + "definition",
                       b.choice(p + "definition", Definition))
        support = prepare_check_boxes(b.choice_set(p + "respiratory_support", RespiratorySupport),
                                      columns=1)
        self.add_field(form, p + "respiratory_support", support)
        self.add_field(form, p + "pf_ratio_max",
                       b.number(p + "pf_ratio_max", "not decided, e.g. 200"))
        self.add_field(form, p + "sf_ratio_max",
                       b.number(p + "sf_ratio_max", "not decided, e.g. 315"))
        self.add_field(form, p + "peep_min",
                                       b.number(p + "peep_min", "not decided, e.g. 5"))
        self.add_field(form, p + "hfno_flow_min",
                                       b.number(p + "hfno_flow_min", "not decided, e.g. 30"))
        self.add_field(form, p + "onset_window_hours",
                       b.number(p + "onset_window_hours", "not decided, e.g. 72"))

        _, form = self.section("Age and exclusions")
        self.add_field(form, p + "age_min", b.number(p + "age_min", "not decided, e.g. 18"))
        self.add_field(form, p + "age_max", b.number(p + "age_max", "not decided, e.g. 85"))
        self.add_field(form, p + "fibroproliferative",
                       b.choice(p + "fibroproliferative", Fibroproliferative))
        self.add_field(form, p + "exclude_recent_malignancy",
                       b.flag(p + "exclude_recent_malignancy", yes="Excluded",
                              no="Not excluded"))

        _, form = self.section("Treatment-responsive patients")
        self.add_field(form, p + "subphenotype",
                       b.choice(p + "subphenotype", Subphenotype))
        self.add_field(
            form, p + "classifier",
            b.text(p + "classifier", "e.g. IL-8, bicarbonate and protein C (Sinha 2020)"))
        self.add_field(form, p + "prespecified_subgroups",
                       b.text_lines(p + "prespecified_subgroups",
                                    "age under 65 years\nhyperinflammatory subphenotype"))

        from ui.pages.format3 import add_eligibility
        add_eligibility(self)

