"""The EU size classes of docs/domain.md §6, at and around every ceiling."""

from decimal import Decimal

import pytest

from members.sizeclass import size_class

M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "currency", "expected"),
    [
        (9, 2 * M, None, "EUR", "micro"),  # turnover at the ceiling still counts
        (9, 2 * M + 1, None, "EUR", "small"),  # one euro over → small
        (9, 5 * M, 2 * M, "EUR", "micro"),  # balance sheet saves it: turnover OR balance
        (10, Decimal(100_000), None, "EUR", "small"),  # ten people is no longer micro
        (49, 10 * M, None, "EUR", "small"),
        (50, 10 * M, None, "EUR", "medium"),
        (249, 50 * M, None, "EUR", "medium"),
        (249, 60 * M, 43 * M, "EUR", "medium"),  # balance ≤ 43 m keeps it medium
        (249, 60 * M, 44 * M, "EUR", "large"),
        (250, Decimal(1), None, "EUR", "large"),  # headcount alone makes it large
        (5, None, None, "EUR", "micro"),  # no figures: headcount decides
        (None, Decimal(1), None, "EUR", "unknown"),
        (8, Decimal(14_500_000), None, "SEK", "micro"),  # ≈ 1.26 m EUR
        (8, Decimal(30_000_000), None, "SEK", "small"),  # ≈ 2.6 m EUR
    ],
)
def test_size_class(employees, turnover, balance, currency, expected):
    assert (
        size_class(employees=employees, turnover=turnover, balance_sheet=balance, currency=currency)
        == expected
    )


@pytest.mark.django_db
def test_size_class_is_derived_on_save_and_follows_changes(cluster_a):
    from members.services import organization_create, organization_update

    organization = organization_create(
        cluster=cluster_a,
        data={"legal_name": "Tiny AB", "registry_id": "1", "employees": 3, "turnover": M},
    )
    assert organization.size_class == "micro"
    organization_update(organization=organization, data={"employees": 120})
    organization.refresh_from_db()
    assert organization.size_class == "medium"
