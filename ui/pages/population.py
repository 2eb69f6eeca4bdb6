"""Step 4, Population: the ARDS definition and entry criteria, ages, and how responsive patients
will be found. The classifier applies only to a subphenotype strategy, the HFNO flow only when
HFNO patients are eligible, the PEEP only when ventilated patients are (models/applicability.py);
hidden fields keep their values.
"""

from __future__ import annotations

from ui.pages.base import Page



class PopulationPage(Page):
    step_key = "population"

    def build(self) -> None:
        p = "population."
        self.heading("Population")
        self.intro("Who can be enrolled. Trials so far enrolled heterogeneous ARDS populations; "
                   "name the definition and state every entry criterion so that the trial can be "
                   "compared and pooled with others.")

        _, form = self.section("Definition and entry criteria")
        self.field(form, p + "setting")
        self.field(form, p + "definition")
        self.field(form, p + "respiratory_support")
        self.field(form, p + "pf_ratio_max")
        self.field(form, p + "sf_ratio_max")
        self.field(form, p + "peep_min")
        self.field(form, p + "hfno_flow_min")
        self.field(form, p + "onset_window_hours")

        _, form = self.section("Age and exclusions")
        self.field(form, p + "age_min")
        self.field(form, p + "age_max")
        self.field(form, p + "fibroproliferative")
        self.field(form, p + "exclude_recent_malignancy")

        _, form = self.section("Treatment-responsive patients")
        self.field(form, p + "subphenotype")
        self.field(form, p + "classifier")
        self.field(form, p + "prespecified_subgroups")

        from ui.pages.format3 import add_eligibility
        add_eligibility(self)

