"""Step 1, Trial: title, acronym, sponsor, people, version, registry id, phase."""

from __future__ import annotations

from ui.pages.base import Page



class TrialPage(Page):
    step_key = "trial"

    def build(self) -> None:
        self.heading("Trial")
        self.intro("Who runs the trial and what it is called. The title and acronym are also "
                   "checked for product names (\"stem cell\", \"exosome\").")
        _, form = self.section("Identification")
        self.field(form, "meta.title")
        self.field(form, "meta.acronym")
        self.field(form, "statistics.phase")
        self.field(form, "meta.registry_id")
        _, form = self.section("People and versions")
        self.field(form, "meta.sponsor")
        self.field(form, "meta.chief_investigator")
        self.field(form, "meta.protocol_version")
        self.field(form, "meta.date")
        self.field(form, "meta.notes")
