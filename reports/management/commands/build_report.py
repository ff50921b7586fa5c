from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clusters.models import Programme
from projects.models import Project
from reports.models import ReportKind
from reports.services import canonical_json, report_body


class Command(BaseCommand):
    help = "Compute a report now and print its canonical JSON on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--project", metavar="SLUG")
        scope.add_argument("--programme", metavar="CODE")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            help="The day the report is as of (YYYY-MM-DD); default today.",
        )

    def handle(self, *args, kind, project, programme, as_of, **options):
        try:
            project_obj = Project.objects.get(slug=project) if project else None
            programme_obj = Programme.objects.get(code=programme) if programme else None
        except (Project.DoesNotExist, Programme.DoesNotExist):
            raise CommandError(
                f"No {'project' if project else 'programme'} {project or programme!r}."
            ) from None
        try:
            body = report_body(
                kind=kind,
                project=project_obj,
                programme=programme_obj,
                as_of=as_of or timezone.localdate(),
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(canonical_json(body))
