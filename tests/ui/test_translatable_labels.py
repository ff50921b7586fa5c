"""Issue 10, point 7: the sort options a person reads are marked for translation in our code
and stay lazy, so locale/ translates them in every language (django-filter words the
descending options in its own catalogue, which has no Swedish, and fixes them in the language
active when the filter class is built)."""

from __future__ import annotations

import pytest
from django.utils.functional import Promise
from django.utils.translation import override

from members.filters import OrganizationFilter
from members.models import Organization

pytestmark = pytest.mark.django_db


def sort_choices():
    filterset = OrganizationFilter(data={}, queryset=Organization.objects.none())
    return [(value, label) for value, label in filterset.filters["ordering"].field.choices if value]


def test_every_sort_option_of_the_directory_is_a_lazy_label_of_ours():
    choices = sort_choices()
    assert len(choices) == 10
    not_lazy = [value for value, label in choices if not isinstance(label, Promise)]
    assert not not_lazy, f"sort options fixed at import time: {not_lazy}"
    with override("en"):
        labels = {value: str(label) for value, label in choices}
    assert labels["-name"] == "Name (descending)"
    assert labels["member_since"] == "Member since"
