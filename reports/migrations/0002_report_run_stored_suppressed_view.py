"""The funder's view of each run, stored with it: fill it for the runs finished before."""

from django.db import migrations, models


def store_suppressed_views(apps, schema_editor):
    # The rule as it is today: the view a funder was shown before this migration is the one
    # computed on every request by this same code, so its bytes and checksum do not change.
    from reports.canonical import canonical_json, checksum_of
    from reports.suppression import suppress

    ReportRun = apps.get_model("reports", "ReportRun")
    done = ReportRun.objects.filter(result__isnull=False, suppressed_checksum="").only("result")
    for run in done.iterator(chunk_size=200):
        text = canonical_json(suppress(run.result))
        ReportRun.objects.filter(pk=run.pk).update(
            suppressed_canonical=text, suppressed_checksum=checksum_of(text)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportrun",
            name="suppressed_canonical",
            field=models.TextField(
                blank=True, editable=False, verbose_name="canonical JSON of the suppressed view"
            ),
        ),
        migrations.AddField(
            model_name="reportrun",
            name="suppressed_checksum",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=64,
                verbose_name="SHA-256 of the suppressed view",
            ),
        ),
        migrations.RunPython(store_suppressed_views, migrations.RunPython.noop),
    ]
