"""One module per wizard step; ``build_pages`` returns them in the order of models.wizard.STEPS."""

from __future__ import annotations

from functools import lru_cache

from models.wizard import STEP_KEYS


@lru_cache(maxsize=1)
def page_classes():
    from ui.pages.control import ControlPage
    from ui.pages.dosing import DosingPage
    from ui.pages.endpoints import EndpointsPage
    from ui.pages.follow_up import FollowUpPage
    from ui.pages.population import PopulationPage
    from ui.pages.product import ProductPage
    from ui.pages.review import ReviewPage
    from ui.pages.trial import TrialPage

    classes = [TrialPage, ProductPage, DosingPage, PopulationPage, ControlPage, EndpointsPage,
               FollowUpPage, ReviewPage]
    assert tuple(c.step_key for c in classes) == STEP_KEYS
    return tuple(classes)


def build_pages(binder, session):
    return [cls(binder, session) for cls in page_classes()]
