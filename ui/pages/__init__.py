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
    assert [(c.__module__, c.__name__) for c in classes] == list(_PAGE_CLASSES)
    return tuple(classes)


# Module and class of each step's page, in the order of STEPS: a page's module is imported when
# the page is first shown, so the first frame imports only the first page's.
_PAGE_CLASSES = (("ui.pages.trial", "TrialPage"), ("ui.pages.product", "ProductPage"),
                 ("ui.pages.dosing", "DosingPage"), ("ui.pages.population", "PopulationPage"),
                 ("ui.pages.control", "ControlPage"), ("ui.pages.endpoints", "EndpointsPage"),
                 ("ui.pages.follow_up", "FollowUpPage"), ("ui.pages.review", "ReviewPage"))
PAGE_MODULES = tuple(module for module, _name in _PAGE_CLASSES)   # build.spec bundles them


def page_class(index: int):
    """The page class of step ``index``, importing only its module."""
    import importlib

    module, name = _PAGE_CLASSES[index]
    return getattr(importlib.import_module(module), name)


def build_pages(binder, session):
    return [cls(binder, session) for cls in page_classes()]
