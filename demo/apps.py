"""The demo app: demo data apart from the product (see the package docstring)."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of docs/domain.md §2 and §5 and the seed_demo command; no models, no pages.

    It stands above every product app: it may import all of them, and none imports it."""

    name = "demo"
    verbose_name = "Demo data"
