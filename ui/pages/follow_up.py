"""Step 7, Biosamples, follow-up and safety: what is sampled and when, how long patients are
followed and for what, and how infusion safety is watched."""

from __future__ import annotations

from ui.pages.base import Page


class FollowUpPage(Page):
    step_key = "follow_up"

    def build(self) -> None:
        self.heading("Biosamples, follow-up and safety")
        self.intro("Collect biological samples to study how the product acts, and follow patients "
                   "long enough to exclude concerns such as a risk of malignancy (Curley 2024, "
                   "Box 1).")

        _, form = self.section("Biological samples")
        self.field(form, "sampling.blood")
        self.field(form, "sampling.bal")
        self.field(form, "sampling.timepoints_days")

        _, form = self.section("Follow-up")
        self.field(form, "follow_up.months")
        self.field(form, "follow_up.malignancy_surveillance")
        self.field(form, "follow_up.fibrosis_assessment")
        self.field(form, "follow_up.functional_outcomes")

        follow_up_form = form
        _, form = self.section("Safety")
        self.field(form, "safety.infusion_events_prespecified")
        self.field(form, "safety.dsmb")

        from ui.pages.format3 import add_long_term_safety
        add_long_term_safety(self, follow_up_form, form)
