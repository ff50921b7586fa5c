import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

EXTERNAL_ASSET = re.compile(r"""(src|href)=["'](https?:)?//""", re.IGNORECASE)


def test_server_error_page_is_friendly_and_standalone():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("route", ["login", "home", "clusters:list", "api-docs"])
def test_pages_load_no_asset_from_another_host(route, client_for, manager_a):
    page = client_for(manager_a).get(reverse(route)).content.decode()
    scripts_and_styles = [
        tag for tag in re.findall(r"<(?:script|link)[^>]*>", page) if EXTERNAL_ASSET.search(tag)
    ]
    assert scripts_and_styles == []


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert b"Clusterdesk" in b"".join(response.streaming_content)


def test_plotly_js_is_served_from_our_own_static_files_and_nothing_else_of_the_package(client):
    assert client.get("/static/vendor/plotly/plotly.min.js").status_code == 200
    assert client.get("/static/vendor/plotly/datasets/iris.csv.gz").status_code == 404
