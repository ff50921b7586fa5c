from __future__ import annotations

from django.db import transaction

from clusters.models import Cluster
from members.models import Affiliation, Person
from members.services.common import assign_and_validate


@transaction.atomic
def person_save(*, cluster: Cluster, data: dict, person: Person | None = None) -> Person:
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
