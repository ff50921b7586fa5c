"""Records that feed reports cannot be hard-deleted over the API: every detail route of every
viewset, asked to DELETE one of the world's objects by the cluster's manager (who may change
them all), refuses and deletes nothing, and every report as of an earlier day keeps its
checksum."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.audit.checksums import report_checksums

pytestmark = pytest.mark.django_db

AS_OF = date(2027, 12, 31)


def _api_detail_routes(patterns=None, prefix=""):
    """(route name, viewset class) of every API detail route, walked from the URL resolver."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _api_detail_routes(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and prefix.startswith("api:"):
            viewset = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None) or {}
            if viewset is not None and actions.get("get") == "retrieve":
                yield f"{prefix}{pattern.name}", viewset, pattern.pattern.regex.groupindex


def test_delete_over_the_api_removes_nothing_and_reports_keep_their_checksums(world):
    manager = world["manager_a"]
    client = APIClient()
    client.force_authenticate(manager)
    before = report_checksums(world["cluster_a"].slug, AS_OF)
    tried = []
    for name, viewset, groups in _api_detail_routes():
        if viewset.queryset is None:  # built per request (notifications): nothing reports count
            continue
        model = viewset.queryset.model
        obj = model.objects.visible_to(manager).order_by("pk").first()
        if obj is None:
            continue
        lookup = getattr(viewset, "lookup_field", "pk")
        key = next(iter(groups))
        response = client.delete(reverse(name, kwargs={key: getattr(obj, lookup)}))
        assert response.status_code in (403, 405), (name, response.status_code)
        assert model._base_manager.filter(pk=obj.pk).exists(), name
        tried.append(name)
    # Every viewset of the world's records was tried (a route without an object would prove
    # nothing, so the count guards against the walk silently finding none).
    assert len(tried) >= 15, tried
    assert report_checksums(world["cluster_a"].slug, AS_OF) == before


def test_a_viewset_that_leaves_delete_open_still_refuses_it(world):
    # The base viewset refuses the deletion itself, so a viewset that forgets to drop DELETE
    # from its methods cannot delete a reported record.
    from rest_framework.test import APIRequestFactory, force_authenticate

    from members.api.organizations import OrganizationViewSet
    from members.models import Organization

    class Careless(OrganizationViewSet):
        http_method_names = [*OrganizationViewSet.http_method_names, "delete"]

    organization = world["organization"]
    request = APIRequestFactory().delete(f"/api/v1/organizations/{organization.pk}/")
    force_authenticate(request, user=world["manager_a"])
    response = Careless.as_view({"delete": "destroy"})(request, pk=organization.pk)
    assert response.status_code == 405
    assert "archive" in str(response.data["detail"])
    assert Organization.objects.filter(pk=organization.pk).exists()
