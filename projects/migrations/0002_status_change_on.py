"""Each enrolment status change gets the day it happened (``on``), separate from the moment it
was recorded (``at``); existing changes happened the day they were recorded, in local time."""

from django.db import migrations, models
from django.utils import timezone


def backfill_on(apps, schema_editor):
    StatusChange = apps.get_model("projects", "EnrolmentStatusChange")
    changes = list(StatusChange.objects.only("pk", "at"))
    for change in changes:
        change.on = timezone.localdate(change.at)
    StatusChange.objects.bulk_update(changes, ["on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="enrolmentstatuschange",
            name="on",
            field=models.DateField(null=True, verbose_name="happened on"),
        ),
        migrations.RunPython(backfill_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="enrolmentstatuschange",
            name="on",
            field=models.DateField(verbose_name="happened on"),
        ),
        migrations.AlterField(
            model_name="enrolmentstatuschange",
            name="at",
            field=models.DateTimeField(verbose_name="recorded at"),
        ),
        migrations.AlterModelOptions(
            name="enrolmentstatuschange",
            options={
                "ordering": ["on", "at", "pk"],
                "verbose_name": "enrolment status change",
                "verbose_name_plural": "enrolment status changes",
            },
        ),
        migrations.AddIndex(
            model_name="enrolmentstatuschange",
            index=models.Index(fields=["enrolment", "on"], name="projects_en_enrolme_2aaec7_idx"),
        ),
    ]
