"""factory_boy factories shared by every test."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from clusters.models import Cluster, ClusterRole, Funder, FunderKind, FunderUser, StaffRole
from members.models import Organization, Representative

TEST_PASSWORD = "a-long-test-password"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    country = "SE"
    region = "Gävleborg"
    city = "Gävle"


class ClusterRoleFactory(DjangoModelFactory):
    class Meta:
        model = ClusterRole

    cluster = factory.SubFactory(ClusterFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.MANAGER


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Funder {n}")
    kind = FunderKind.EU_FUND


class FunderUserFactory(DjangoModelFactory):
    class Meta:
        model = FunderUser

    funder = factory.SubFactory(FunderFactory)
    user = factory.SubFactory(UserFactory)


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    cluster = factory.SubFactory(ClusterFactory)
    legal_name = factory.Sequence(lambda n: f"Firm {n} AB")
    short_name = factory.Sequence(lambda n: f"Firm {n}")
    registry_id = factory.Sequence(lambda n: f"5566{n:06d}")


class RepresentativeFactory(DjangoModelFactory):
    class Meta:
        model = Representative

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
