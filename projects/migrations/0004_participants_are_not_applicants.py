"""Participation is not membership (docs/domain.md §2). Earlier versions opened a membership
application for every firm that a project import or the demo enrolled. Such a membership is
recognisable: still "applied", its only steps to "applied", dated the day the firm applied to
a project. It is removed; the firm stays a participant, and an organization that really
applied for membership (any other date, or any later step) keeps its membership."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def drop_participant_applications(apps, schema_editor):
    Membership = apps.get_model("members", "Membership")
    MembershipTransition = apps.get_model("members", "MembershipTransition")
    Enrolment = apps.get_model("projects", "Enrolment")
    other_steps = MembershipTransition.objects.filter(membership=OuterRef("pk")).exclude(
        to_status="applied"
    )
    applied_to_project_that_day = Enrolment.objects.filter(
        organization=OuterRef("organization"), applied_on=OuterRef("status_since")
    )
    Membership.objects.filter(status="applied").exclude(Exists(other_steps)).filter(
        Exists(applied_to_project_that_day)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_completion_rules"),
        ("members", "0004_declared_aid"),
    ]

    operations = [
        migrations.RunPython(drop_participant_applications, migrations.RunPython.noop),
    ]
