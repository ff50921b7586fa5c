from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clusters.imports.files import ImportFileError, check_size
from clusters.imports.report import CREATE
from clusters.models import Cluster
from members.imports.organizations import PlannedRow
from members.imports.plan import ImportPlan, ImportRejected, apply_import, plan_import


class Command(BaseCommand):
    help = (
        "Import organizations into a cluster from a CSV or XLSX file. Every row is checked "
        "first; one bad row and nothing is written (exit status 1)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument("--cluster", required=True, help="Slug of the cluster, e.g. fpx.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be done; write nothing."
        )

    def handle(self, *args, file: str, cluster: str, dry_run: bool, **options):
        target = Cluster.objects.filter(slug=cluster).first()
        if target is None:
            known = ", ".join(Cluster.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"No cluster with the slug '{cluster}'. Known clusters: {known}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        try:
            check_size(path.stat().st_size)
        except ImportFileError as error:
            raise CommandError(str(error)) from None

        plan = plan_import(cluster=target, content=path.read_bytes(), filename=path.name)
        if not plan.ok:
            self.report_errors(plan)
            raise CommandError(f"Nothing was written: {len(plan.errors)} line(s) have errors.")
        self.report_plan(plan)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            summary = apply_import(cluster=target, plan=plan)
        except ImportRejected as rejected:
            plan.errors = rejected.errors
            self.report_errors(plan)
            raise CommandError("Nothing was written.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported into {target.slug}: {summary.created} created, "
                f"{summary.updated} updated, {summary.unchanged} unchanged."
            )
        )

    def report_errors(self, plan: ImportPlan) -> None:
        for error in plan.errors:
            where = f"line {error.line}" if error.line else "file"
            for message in error.messages:
                self.stderr.write(f"{where}: {message}")

    def report_plan(self, plan: ImportPlan) -> None:
        for row in plan.rows:
            self.stdout.write(f"line {row.line}: {row.action} {row.registry_id} {row.name}")
            if row.action == CREATE:
                self.report_new(row)
                continue
            for change in row.changes:
                self.stdout.write(f"    {change.column}: {change.old!r} -> {change.new!r}")
        self.stdout.write(
            f"{plan.to_create} to create, {plan.to_update} to update, {plan.unchanged} unchanged."
        )

    def report_new(self, row: PlannedRow) -> None:
        named = ("registry_id", "legal_name")
        values = [f"{c.column}={c.new}" for c in row.changes if c.column not in named]
        since = f" on {row.member_since.isoformat()}" if row.member_since else ""
        self.stdout.write(f"    {'; '.join(values)}")
        self.stdout.write(f"    membership starts {row.membership_status}{since}")
