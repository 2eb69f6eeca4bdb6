"""Step 1, Trial: title, acronym, sponsor, people, version, registry id, phase."""

from __future__ import annotations

from models.design import Phase
from ui.pages.base import Page



class TrialPage(Page):
    step_key = "trial"

    def build(self) -> None:
        self.heading("Trial")
        self.intro("Who runs the trial and what it is called. The title and acronym are also "
                   "checked for product names (\"stem cell\", \"exosome\").")
        _, form = self.section("Identification")
        b = self.binder
        self.add_field(form, "meta.title", b.long_text("meta.title"))
        self.add_field(form, "meta.acronym", b.text("meta.acronym"))
        self.add_field(form, "statistics.phase", b.choice("statistics.phase", Phase))
        self.add_field(form, "meta.registry_id", b.text("meta.registry_id", "e.g. NCT01234567"))
        _, form = self.section("People and versions")
        self.add_field(form, "meta.sponsor", b.text("meta.sponsor"))
        self.add_field(form, "meta.chief_investigator", b.text("meta.chief_investigator"))
        self.add_field(form, "meta.protocol_version", b.text("meta.protocol_version",
                                                             "e.g. 0.3 draft"))
        self.add_field(form, "meta.date", b.text("meta.date", "YYYY-MM-DD"))
        self.add_field(form, "meta.notes", b.long_text("meta.notes"))
