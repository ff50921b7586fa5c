"""Bulk steps on the enrolments chosen in a project's pipeline (projects:enrolment-list):
invite to a workshop, decide, send a message. POST only, for the cluster's managers.

Three steps, one address: ``choose`` (from the pipeline: which firms, which step) shows the
step's form; ``preview`` runs the services in a rolled-back transaction and lists, row by row,
what will happen or why the row is refused; ``confirm`` writes. Each step is all or nothing
(clusters.bulk): if any firm is refused nothing is written, each refusal shows at its row and
the row comes unticked, so the manager can go on without it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from clusters.bulk import RowsRefused
from clusters.mixins import add_service_errors
from internationalization.forms.bulk import (
    DECIDE,
    INVITE,
    BulkChoiceForm,
    BulkDecideForm,
    BulkInviteForm,
    BulkMessageForm,
)
from internationalization.models import Workshop
from internationalization.services.workspace import workshop_invite_enrolments
from projects import selectors
from projects.models import Project
from projects.permissions import can_manage_project
from projects.services.bulk import enrolments_decide, enrolments_message

DONE = {
    INVITE: gettext_lazy("The firms were invited to the workshop."),
    DECIDE: gettext_lazy("The decisions were recorded."),
}


class EnrolmentBulkView(LoginRequiredMixin, View):
    template_name = "internationalization/workspace/bulk.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        can_manage_project(request.user, self.project).require()
        return super().dispatch(request, *args, **kwargs)

    def pipeline_url(self) -> str:
        return reverse("projects:enrolment-list", kwargs={"slug": self.project.slug})

    def details_form(self, action: str, data=None):
        user, project = self.request.user, self.project
        if action == INVITE:
            workshops = Workshop.objects.visible_to(user).filter(project=project)
            return BulkInviteForm(data, workshops=workshops.order_by("date", "pk"))
        if action == DECIDE:
            return BulkDecideForm(
                data,
                cohorts=selectors.project_cohorts(user, project),
                coaches=selectors.cluster_coaches(project),
            )
        return BulkMessageForm(data)

    def run(self, action: str, enrolments: list, data: dict, dry_run: bool) -> dict[int, str]:
        actor = self.request.user
        if action == INVITE:
            return workshop_invite_enrolments(
                actor=actor, enrolments=enrolments, dry_run=dry_run, **data
            )
        if action == DECIDE:
            return enrolments_decide(actor=actor, enrolments=enrolments, dry_run=dry_run, **data)
        return enrolments_message(actor=actor, enrolments=enrolments, dry_run=dry_run, **data)

    def post(self, request, slug: str):
        enrolments = selectors.enrolments_of(request.user, self.project)
        choice = BulkChoiceForm(request.POST, enrolments=enrolments)
        if not choice.is_valid():
            for errors in choice.errors.values():
                messages.error(request, " ".join(errors))
            return redirect(self.pipeline_url())
        action, chosen = choice.cleaned_data["action"], list(choice.cleaned_data["enrolments"])
        step = request.POST.get("step", "choose")
        form = self.details_form(action, None if step == "choose" else request.POST)
        if step == "choose" or not form.is_valid():
            return self.page(choice, form, chosen, status=200 if step == "choose" else 400)
        try:
            results = self.run(action, chosen, form.cleaned_data, dry_run=step != "confirm")
        except RowsRefused as refused:
            return self.page(choice, form, chosen, reasons=refused.reasons, status=400)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.page(choice, form, chosen, status=400)
        if step != "confirm":
            return self.page(choice, form, chosen, results=results, ready=True)
        messages.success(request, DONE.get(action, _("The message was sent to the firms.")))
        return redirect(self.pipeline_url())

    def page(self, choice, form, chosen, *, results=None, reasons=None, ready=False, status=200):
        reasons = reasons or {}
        # Read the rows again: a preview ran the services on the chosen objects themselves.
        shown = selectors.in_lifecycle_order(
            selectors.enrolments_of(self.request.user, self.project).filter(
                pk__in=[enrolment.pk for enrolment in chosen]
            )
        )
        context = {
            "project": self.project,
            "choice": choice,
            "action": choice.cleaned_data["action"],
            "action_label": dict(choice.fields["action"].choices)[choice.cleaned_data["action"]],
            "form": form,
            "rows": [
                (enrolment, (results or {}).get(enrolment.pk), reasons.get(enrolment.pk))
                for enrolment in shown
            ],
            "refused_count": len(reasons),
            "ready": ready,
            "pipeline_url": self.pipeline_url(),
        }
        return render(self.request, self.template_name, context, status=status)


urls = [
    path(
        "projects/<slug:slug>/enrolments/bulk/",
        EnrolmentBulkView.as_view(),
        name="enrolment-bulk",
    ),
]
