"""A row written without history (a bulk insert, an import, data from before history was kept)
still has a page: its history is simply empty, never a 500."""

from __future__ import annotations

from clusters.selectors import history_of
from projects.models import Project


def test_a_row_without_history_records_has_an_empty_history(project):
    project.history.all().delete()

    assert history_of(Project.objects.get(pk=project.pk)) == []


def test_its_page_still_answers(client, manager_a, project):
    project.history.all().delete()
    client.force_login(manager_a)

    response = client.get(project.get_absolute_url())

    assert response.status_code == 200
