from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from clusters.models import Cluster
from members.models import Affiliation, Person
from members.services.common import assign_and_validate


def no_linkable_account() -> ValidationError:
    """One message whether the account does not exist, is of no one tied to the cluster, or is
    another person's: the page must not tell which accounts the installation has."""
    return ValidationError(
        {
            "user": _(
                "No account that can be linked here has this e-mail address. A person can be "
                "linked to the account of this cluster's staff or of a representative of one "
                "of its members, and to no other person's; ask an installation administrator "
                "to create or link any other account."
            )
        }
    )


def linkable_account(*, cluster: Cluster, email: str, person: Person | None) -> User:
    """The account with this e-mail that a person of ``cluster`` may be linked to: one tied
    to the cluster (a staff role, a member's representative, or this person's own account)
    and not linked to another person."""
    tied = (
        Q(cluster_roles__cluster=cluster)
        | Q(representations__organization__cluster=cluster)
        | Q(person__cluster=cluster)
    )
    account = User.objects.filter(tied, email__iexact=email.strip()).distinct().first()
    others = Person.objects.filter(user=account).exclude(pk=getattr(person, "pk", None))
    if account is None or others.exists():
        raise no_linkable_account()
    return account


@transaction.atomic
def person_save(*, cluster: Cluster, data: dict, person: Person | None = None) -> Person:
    """Create or change a person. ``data["user"]`` is an account, or the e-mail of one as a
    page or the API give it: that one must be linkable (``linkable_account``)."""
    data = dict(data)
    if isinstance(data.get("user"), str):
        email = data["user"]
        data["user"] = (
            linkable_account(cluster=cluster, email=email, person=person) if email else None
        )
    person = person or Person(cluster=cluster)
    assign_and_validate(person, data)
    person.save()
    return person


@transaction.atomic
def affiliation_save(
    *, person: Person, data: dict, affiliation: Affiliation | None = None
) -> Affiliation:
    affiliation = affiliation or Affiliation(person=person)
    assign_and_validate(affiliation, data)
    affiliation.save()
    return affiliation
