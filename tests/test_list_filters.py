"""One FilterSet per list, in its app's filters module, shared by the list page and the API."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.views import FilterView

from clusters.api.programmes import FunderViewSet, ProgrammeViewSet
from clusters.api.views import ClusterViewSet
from clusters.views.clusters import ClusterListView
from clusters.views.programmes import FunderListView, ProgrammeListView
from internationalization.api.activities import WorkshopViewSet
from internationalization.api.timbank import TimbankRequestViewSet
from internationalization.api.trips import TripViewSet
from internationalization.views.timbank import TimbankQueueView
from internationalization.views.trips import TripListView
from internationalization.views.workshops import WorkshopListView
from members.api.alliances import AllianceViewSet
from members.api.governance import BodyViewSet
from members.api.people import PersonViewSet
from members.views.alliances import AllianceListView
from members.views.governance import BodyListView
from members.views.people import PersonListView
from projects.api.views import EnrolmentViewSet, ProjectViewSet
from projects.views.intake import EnrolmentListView
from projects.views.projects import ProjectListView


def view_classes(resolver: URLResolver | None = None) -> set[type]:
    classes = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            classes |= view_classes(entry)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None) or getattr(
                entry.callback, "cls", None
            )
            if view is not None:
                classes.add(view)
    return classes


def app_of(cls: type) -> str:
    return cls.__module__.split(".")[0]


def test_every_filtered_list_takes_its_filterset_from_its_apps_filters_module():
    views = view_classes()
    filtered = [view for view in views if getattr(view, "filterset_class", None)]
    assert filtered
    for view in filtered:
        assert view.filterset_class.__module__ == f"{app_of(view)}.filters", view
    # An API list with filterset_fields would build a FilterSet of its own, outside filters.py.
    api_views = [view for view in views if not issubclass(view, FilterView)]
    assert not [view for view in api_views if getattr(view, "filterset_fields", None)]


def test_list_pages_are_filter_views():
    pages = [view for view in view_classes() if issubclass(view, FilterView)]
    assert {TripListView, TimbankQueueView, ClusterListView, ProjectListView} <= set(pages)


@pytest.mark.parametrize(
    ("page", "api"),
    [
        (ClusterListView, ClusterViewSet),
        (ProgrammeListView, ProgrammeViewSet),
        (FunderListView, FunderViewSet),
        (PersonListView, PersonViewSet),
        (AllianceListView, AllianceViewSet),
        (BodyListView, BodyViewSet),
        (ProjectListView, ProjectViewSet),
        (EnrolmentListView, EnrolmentViewSet),
        (TripListView, TripViewSet),
        (TimbankQueueView, TimbankRequestViewSet),
        (WorkshopListView, WorkshopViewSet),
    ],
    ids=lambda cls: cls.__name__,
)
def test_the_page_and_the_api_of_a_list_share_one_filterset(page, api):
    assert page.filterset_class is api.filterset_class
