from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from clusters.imports.report import ImportReport
from internationalization.imports.orchestrator import import_project, read_source


class Command(BaseCommand):
    help = (
        "Import a whole project (the project, its participants and their activities) from an "
        ".xlsx workbook or a directory of CSV files, one per sheet. Every row is checked; one "
        "bad row and nothing is written (exit status 1). Warnings (a firm without a coach) are "
        "printed and do not stop the import. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx workbook, or a directory of <sheet>.csv files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be done; write nothing."
        )
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help=(
                "The account the import is recorded under: an administrator or manager of the "
                "file's cluster. Default: the installation's first superuser."
            ),
        )

    def handle(self, *args, file: str, dry_run: bool, user: str | None, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No such file or directory: {file}")
        actor = self.actor(user)
        workbook = read_source(path)
        try:
            report = import_project(workbook=workbook, actor=actor, dry_run=dry_run)
        except PermissionDenied as refusal:
            raise CommandError(
                f"{actor.email} may not import into this cluster: {refusal}"
            ) from None
        for line in report.warning_lines():
            self.stderr.write(f"warning: {line}")
        if not report.ok:
            for line in report.error_lines():
                self.stderr.write(line)
            raise CommandError(
                f"Nothing was written: {len(report.errors)} row(s) or sheet(s) have errors."
            )
        self.report_plan(report)
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {report.project} into {report.cluster}: {report.created} created, "
                f"{report.updated} updated, {report.unchanged} unchanged."
            )
        )

    def actor(self, email: str | None) -> User:
        if email:
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise CommandError(f"No active user with the e-mail {email}.")
            return user
        user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        if user is None:
            raise CommandError(
                "There is no superuser to record the import under: name an administrator or "
                "manager of the cluster with --user EMAIL."
            )
        return user

    def report_plan(self, report: ImportReport) -> None:
        for action in report.actions:
            self.stdout.write(f"{action.sheet}:{action.line}: {action.action} {action.summary}")
        for ignored in report.ignored:
            self.stdout.write(f"ignored: {ignored}")
        create, update = ("to create", "to update") if report.dry_run else ("created", "updated")
        for counts in report.counts():
            self.stdout.write(
                f"{counts.sheet}: {counts.created} {create}, {counts.updated} {update}, "
                f"{counts.unchanged} unchanged"
            )
