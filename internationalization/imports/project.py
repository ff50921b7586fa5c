"""The ``project`` sheet: one row naming the cluster and the project, found by its slug and
created or updated through ``project_save``, with its timbank pool through
``timbank_pool_set``. A new project's status follows its windows on the day of the import
(planned, open, running or closed) and is never changed by a later import."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from clusters.imports.columns import Column
from clusters.imports.report import CREATE, UNCHANGED, UPDATE
from clusters.imports.rows import Row
from clusters.imports.run import Recorder
from clusters.imports.workbook import Records
from clusters.models import Cluster
from clusters.permissions import can_manage_cluster
from internationalization.imports.context import ProjectSheetImporter
from internationalization.models import TimbankPool
from internationalization.rules import quarter_hours_problem
from internationalization.services.timbank import timbank_pool_set
from projects.choices import ProjectStatus
from projects.models import Project
from projects.services import project_save


@dataclass(frozen=True)
class ProjectRow:
    """The project as the sheet says it."""

    cluster: Cluster
    data: dict
    pool_hours: Decimal | None


class ProjectImporter(ProjectSheetImporter[ProjectRow]):
    """Creates or updates the project; the import's other sheets need it."""

    sheet = "project"
    columns = (
        Column("cluster"),
        Column("slug", shown=True),
        Column("name", shown=True),
        Column("start"),
        Column("end"),
        Column("enrolment_start"),
        Column("enrolment_end"),
        Column("regions"),
        Column("target_firms"),
        Column("target_completed"),
        Column("coaching_hours_per_firm"),
        Column("timbank_pool_hours"),
        Column("max_employees"),
        Column("max_turnover_eur"),
    )
    fields = {
        "coaching_hours_default": "coaching_hours_per_firm",
        "hours_total": "timbank_pool_hours",
    }

    def run(self, records: Records, recorder: Recorder) -> None:
        # One project, on one row: reading the file refuses the sheet's other rows.
        super().run(records[:1], recorder)

    def read(self, row: Row) -> ProjectRow:
        cluster = self.resolve_cluster(row, row.text("cluster", required=True))
        if cluster is not None:
            can_manage_cluster(self.context.actor, cluster).require()
            self.context.cluster = cluster
        self.context.report.project = row.text("slug", required=True)
        data = {
            "slug": self.context.report.project,
            "name": row.text("name", required=True),
            "start": row.day("start", required=True),
            "end": row.day("end", required=True),
            "enrolment_start": row.day("enrolment_start", required=True),
            "enrolment_end": row.day("enrolment_end", required=True),
            "regions": [r.strip() for r in row.text("regions").split(";") if r.strip()],
            "target_firms": row.integer("target_firms") or 0,
            "target_completed": row.integer("target_completed") or 0,
            "coaching_hours_default": row.hours(
                "coaching_hours_per_firm",
                lambda hours: quarter_hours_problem(hours, allow_zero=True),
                required=True,
            ),
            "max_employees": row.integer("max_employees"),
            "max_turnover_eur": row.number("max_turnover_eur"),
        }
        return ProjectRow(cluster, data, row.number("timbank_pool_hours"))

    def resolve_cluster(self, row: Row, slug: str) -> Cluster | None:
        """The file's cluster, which must be the one imported into when one is given."""
        if not slug:
            return None
        current = self.context.cluster
        if current is not None:
            if slug != current.slug:
                row.problem(
                    "cluster",
                    _(
                        "The file is for the cluster “%(file)s”; this import goes into "
                        "“%(current)s”. Switch to that cluster, or correct the file."
                    )
                    % {"file": slug, "current": current.slug},
                )
                return None
            return current
        cluster = Cluster.objects.filter(slug=slug).first()
        if cluster is None:
            row.problem("cluster", _("There is no cluster “%(slug)s”.") % {"slug": slug})
        return cluster

    def write(self, data: ProjectRow) -> str:
        cluster, fields = data.cluster, data.data
        project = Project.objects.filter(slug=fields["slug"], cluster=cluster).first()
        if project is None:
            project = project_save(
                cluster=cluster, data={**fields, "status": self.status_of(fields)}
            )
            action = CREATE
        else:
            changed = {k: v for k, v in fields.items() if getattr(project, k) != v}
            action = UPDATE if changed else UNCHANGED
            if changed:
                project = project_save(cluster=cluster, data=changed, project=project)
        pool = TimbankPool.objects.filter(project=project).first()
        if data.pool_hours is not None and (pool is None or pool.hours_total != data.pool_hours):
            timbank_pool_set(
                project=project,
                hours_total=data.pool_hours,
                hourly_value=pool.hourly_value if pool else Decimal(0),
                currency=pool.currency if pool else project.currency,
            )
            action = UPDATE if action == UNCHANGED else action
        self.context.project = project
        return action

    def status_of(self, data: dict) -> str:
        """A new project's status on the day of the import, from its windows."""
        today = self.context.today
        if today < data["enrolment_start"] and today < data["start"]:
            return ProjectStatus.PLANNED
        if today > data["end"]:
            return ProjectStatus.CLOSED
        if data["enrolment_start"] <= today <= data["enrolment_end"]:
            return ProjectStatus.OPEN
        return ProjectStatus.RUNNING
