"""PostgreSQL's unaccent extension, for search that ignores accents (clusters.search); nothing
on SQLite, where the same folding is a function registered on each connection."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("clusters", "0003_indicator_catalogue")]

    operations = [UnaccentExtension()]
