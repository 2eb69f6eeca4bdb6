"""Step 7, Biosamples, follow-up and safety: what is sampled and when, how long patients are
followed and for what, and how infusion safety is watched."""

from __future__ import annotations

from ui.pages.base import Page


class FollowUpPage(Page):
    step_key = "follow_up"

    def build(self) -> None:
        b = self.binder
        self.heading("Biosamples, follow-up and safety")
        self.intro("Collect biological samples to study how the product acts, and follow patients "
                   "long enough to exclude concerns such as a risk of malignancy (Curley 2024, "
                   "Box 1).")

        _, form = self.section("Biological samples")
        self.add_field(form, "sampling.blood",
                       b.flag("sampling.blood", yes="Blood sampled", no="No blood sampling"))
        self.add_field(form, "sampling.bal",
                       b.flag("sampling.bal", yes="BAL sampled", no="No BAL sampling"))
        self.add_field(form, "sampling.timepoints_days",
                       b.number_list("sampling.timepoints_days", "not decided, e.g. 0, 2, 7"))

        _, form = self.section("Follow-up")
        self.add_field(form, "follow_up.months",
                       b.number("follow_up.months", "not decided, e.g. 24"))
        self.add_field(form, "follow_up.malignancy_surveillance",
                       b.flag("follow_up.malignancy_surveillance", yes="Planned",
                              no="Not planned"))
        self.add_field(form, "follow_up.fibrosis_assessment",
                       b.flag("follow_up.fibrosis_assessment", yes="Planned", no="Not planned"))
        self.add_field(form, "follow_up.functional_outcomes",
                       b.flag("follow_up.functional_outcomes", yes="Assessed",
                              no="Not assessed"))

        follow_up_form = form
        _, form = self.section("Safety")
        self.add_field(form, "safety.infusion_events_prespecified",
                       b.flag("safety.infusion_events_prespecified", yes="Prespecified",
                              no="Not prespecified"))
        self.add_field(form, "safety.dsmb", b.flag("safety.dsmb", yes="Yes", no="No"))

        from ui.pages.format3 import add_long_term_safety
        add_long_term_safety(self, follow_up_form, form)
