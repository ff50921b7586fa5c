"""Reports in the browser: a page per project and per programme to generate runs and read
them, a run's own page, its print view, its progress (polled by htmx) and its downloads.

Who sees what is decided by reports.querysets: office staff of the cluster, or the funder user
of a programme financing the project; anyone else gets 404. What a reader sees of a run is
``reports.suppression.run_view``: office staff the stored run, a funder user the suppressed view
(small breakdown cells hidden) with that view's own checksum, in pages and downloads alike.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from clusters.forms import Form, iso_date_input
from clusters.mixins import add_service_errors
from reports import exports
from reports.charts import runs as report_charts
from reports.models import ReportKind, ReportRun, RunStatus
from reports.permissions import can_retry_report_run
from reports.querysets import reportable_programmes, reportable_projects
from reports.services import report_run_request, report_run_retry, report_runs_waiting_for_broker
from reports.suppression import Audience, RunView, run_checksum, run_view

PAGE_SIZE = 25
# Seconds between two polls of an unfinished run's row: a run that is slow, or waits for the
# background service, is asked about less and less often, at most every 30 s.
POLL_DELAYS = (1, 1, 1, 2, 2, 3, 5, 8, 13, 20, 30)
# Sent with the row of a run that has just finished: the page reloads its figures.
FINISHED_EVENT = "reportRunFinished"


class GenerateForm(Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=ReportKind.choices)
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        help_text=gettext_lazy("The day the figures are as of; empty for today."),
        widget=iso_date_input(),
    )


def visible_runs(user):
    return ReportRun.objects.visible_to(user).select_related(
        "project__cluster", "programme", "requested_by"
    )


def with_views(
    runs, audience: Audience, waiting: set[int] | None = None, *, bodies: bool = True
) -> list[ReportRun]:
    """Each run with ``view``: what this reader sees of it (figures and checksum; the
    checksum alone without ``bodies``, for rows of runs read without their result), and
    ``waiting_for_broker``: queued while the background service is unavailable (``waiting``,
    the ids of such runs, when the caller has read them already)."""
    runs = list(runs)
    if waiting is None:
        waiting = report_runs_waiting_for_broker(runs)
    for run in runs:
        if bodies:
            run.view = run_view(run, audience)
        else:
            whole = audience.sees_unsuppressed(run)
            checksum = run_checksum(run, audience)
            run.view = RunView(body=None, canonical="", checksum=checksum, suppressed=not whole)
        run.waiting_for_broker = run.pk in waiting
    return runs


def run_sections(run: ReportRun) -> dict:
    """What a page shows of one done run (with ``view``): charts and tables of its figures."""
    body = run.view.body or {}
    figures, as_of = body.get("figures") or {}, body.get("as_of") or ""
    return {
        "run": run,
        "charts": report_charts.charts_of(run.kind, figures, str(run.pk), as_of),
        "tables": report_charts.tables_of(run.kind, figures, as_of),
    }


def scope_url(run: ReportRun) -> str:
    if run.project_id:
        return reverse("reports:project-reports", kwargs={"slug": run.project.slug})
    return reverse("reports:programme-reports", kwargs={"code": run.programme.code})


def announce_run(request, run: ReportRun) -> None:
    """Say what is true of a run just requested: with eager Celery (the demo) the task has
    already finished when the request returns, so the run is ready (or failed), not queued."""
    run.refresh_from_db(fields=["status"])
    kind = run.get_kind_display().lower()
    if run.status == RunStatus.DONE:
        text = _("The %(kind)s report is ready.") % {"kind": kind}
        messages.success(
            request,
            format_html('{} <a href="{}">{}</a>', text, run.get_absolute_url(), _("Open it")),
        )
    elif run.status == RunStatus.FAILED:
        messages.error(request, _("The %(kind)s report could not be computed.") % {"kind": kind})
    elif report_runs_waiting_for_broker([run]):
        messages.warning(
            request,
            _(
                "The %(kind)s report is queued, but the background service is unavailable: it "
                "will start when the service is back."
            )
            % {"kind": kind},
        )
    else:
        messages.success(request, _("The %(kind)s report is being computed.") % {"kind": kind})


class ScopeReportsView(LoginRequiredMixin, TemplateView):
    """The reports of one project or programme: generate a run, follow its progress, read the
    latest run of each kind with its charts and tables, and the history of runs."""

    template_name = "reports/runs/scope.html"

    def scope(self) -> dict:
        """{"project": ...} or {"programme": ...}, among what the user may report on."""
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.scope_kwargs = self.scope()
        self.subject = next(iter(self.scope_kwargs.values()))
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        form = GenerateForm(request.POST)
        if form.is_valid():
            try:
                run = report_run_request(
                    kind=form.cleaned_data["kind"],
                    requested_by=request.user,
                    as_of=form.cleaned_data["as_of"],
                    **self.scope_kwargs,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                announce_run(request, run)
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        audience = Audience.of(self.request.user)
        runs = visible_runs(self.request.user).filter(**self.scope_kwargs)
        latest = []
        for kind in ReportKind.values:
            done = runs.filter(kind=kind, status=RunStatus.DONE).order_by("-finished_at", "-pk")
            latest += with_views(done[:1], audience)
        # The rows of the history and of the unfinished runs show no figures: their big
        # columns stay in the database.
        rows = runs.defer("result", "canonical", "suppressed_canonical")
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        pending = list(rows.filter(status__in=(RunStatus.QUEUED, RunStatus.RUNNING)))
        # One query for the unfinished runs and the history page together.
        waiting = report_runs_waiting_for_broker([*pending, *page.object_list])
        context.update(
            subject=self.subject,
            is_project="project" in self.scope_kwargs,
            whole=self.sees_whole(audience),
            form=kwargs.get("form") or GenerateForm(initial={"kind": ReportKind.PARTICIPATION}),
            latest=[run_sections(run) for run in latest],
            pending=with_views(pending, audience, waiting, bodies=False),
            runs=with_views(page.object_list, audience, waiting, bodies=False),
            page_obj=page,
            is_paginated=page.has_other_pages(),
            finished_event=FINISHED_EVENT,
        )
        return context

    def sees_whole(self, audience: Audience) -> bool:
        """Whether the runs of this scope are read unsuppressed (office staff)."""
        return audience.sees_unsuppressed(ReportRun(**self.scope_kwargs))


class ProjectReportsView(ScopeReportsView):
    def scope(self) -> dict:
        projects = reportable_projects(self.request.user).select_related("cluster")
        return {"project": get_object_or_404(projects, slug=self.kwargs["slug"])}


class ProgrammeReportsView(ScopeReportsView):
    def scope(self) -> dict:
        programmes = reportable_programmes(self.request.user).select_related("funder")
        return {"programme": get_object_or_404(programmes, code=self.kwargs["code"])}


class ReportsIndexView(LoginRequiredMixin, TemplateView):
    """The programmes and projects the user may report on: a funder's landing page."""

    template_name = "reports/runs/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        projects = reportable_projects(user).select_related("cluster")
        page = Paginator(projects.order_by("cluster__name", "name"), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        programmes = reportable_programmes(user).select_related("funder")
        context.update(
            projects=page.object_list,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            programmes=list(programmes.order_by("-start", "code")),
        )
        return context


class RunMixin(LoginRequiredMixin):
    """Pages of one run the user may see, with ``run.view``; any other run is 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        run = get_object_or_404(visible_runs(request.user), pk=kwargs["pk"])
        self.run = with_views([run], Audience.of(request.user))[0]
        return super().dispatch(request, *args, **kwargs)


class RunDetailView(RunMixin, TemplateView):
    """Everything of one run: what was asked, its state, checksum, figures and downloads."""

    template_name = "reports/runs/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        context.update(
            run=run,
            runs=[run],
            whole=not run.view.suppressed,
            section=run_sections(run) if run.status == RunStatus.DONE else None,
            scope_url=scope_url(run),
            can_retry=bool(can_retry_report_run(self.request.user, run)),
            finished_event=FINISHED_EVENT,
        )
        return context


class RunPrintView(RunDetailView):
    """The run on paper: no navigation, black on white, every figure as a table."""

    template_name = "reports/runs/print.html"


class RunProgressView(RunMixin, TemplateView):
    """The run's row, polled by htmx while it is queued or running, less often each time
    (``?poll=<n>``, POLL_DELAYS); once it is finished the row stops polling and the page is
    told to reload its figures."""

    template_name = "reports/runs/_run_row.html"

    def get_context_data(self, **kwargs):
        try:
            count = int(self.request.GET.get("poll", 0))
        except ValueError:
            count = 0
        count = min(max(count, 0), len(POLL_DELAYS) - 1)
        # A run waiting for the background service will not move soon: poll it slowly.
        delay = POLL_DELAYS[-1] if self.run.waiting_for_broker else POLL_DELAYS[count]
        return super().get_context_data(
            run=self.run,
            poll=True,
            poll_delay=delay,
            poll_next=min(count + 1, len(POLL_DELAYS) - 1),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.run.is_finished:
            response["HX-Trigger"] = FINISHED_EVENT
        return response


class RunRetryView(RunMixin, View):
    """Ask again for a failed run (its requester only), then follow the new run."""

    def post(self, request, *args, **kwargs):
        try:
            run = report_run_retry(run=self.run, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.run.get_absolute_url())
        announce_run(request, run)
        return HttpResponseRedirect(run.get_absolute_url())


class RunDownloadView(RunMixin, View):
    """A done run as JSON (canonical text), CSV or XLSX (labels in the reader's language),
    through reports.exports."""

    def get(self, request, *args, **kwargs):
        file_format = kwargs["fmt"]
        if file_format not in exports.FORMATS or self.run.status != RunStatus.DONE:
            raise Http404(_("No such download."))
        response = HttpResponse(
            exports.render(
                self.run, self.run.view, file_format, language=exports.reader_language(request)
            ),
            content_type=exports.FORMATS[file_format],
        )
        filename = exports.export_filename(self.run, file_format)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
