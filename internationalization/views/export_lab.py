"""Export-lab pages: the board of a project (firms by stage), a firm's track with its steps
and the form that moves it on, and opening a track.

The board is for the project's office staff and the coaches of its firms (a coach sees only
their own firms); a track page is for whoever may see the enrolment; the firm's coach and the
cluster's managers move a track.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from clusters.mixins import ServiceFormMixin, VisibleQuerysetMixin, add_service_errors
from internationalization.choices import ExportLabStage
from internationalization.forms.activities import ExportLabAdvanceForm, ExportLabStartForm
from internationalization.models import ExportLabTrack
from internationalization.permissions import can_view_project_activities, can_work_export_lab
from internationalization.selectors import export_lab_board, track_steps
from internationalization.services.export_lab import (
    allowed_moves,
    export_lab_advance,
    export_lab_start,
)
from internationalization.views.coaching import EnrolmentPageMixin, ProjectPageMixin


def track_url(track: ExportLabTrack) -> str:
    return reverse("internationalization:export-lab-track", kwargs={"pk": track.pk})


class ExportLabBoardView(ProjectPageMixin, TemplateView):
    """One column per stage with the firms in it: target market, since when, iterations."""

    project_permission = staticmethod(can_view_project_activities)
    template_name = "internationalization/export_lab/board.html"

    def get_context_data(self, **kwargs):
        columns = export_lab_board(self.request.user, self.project)
        return super().get_context_data(
            columns=columns, track_count=sum(len(column.tracks) for column in columns), **kwargs
        )


class ExportLabStartView(EnrolmentPageMixin, ServiceFormMixin, FormView):
    """Open the firm's track at market choice; a firm with a track goes to it instead."""

    enrolment_permission = staticmethod(can_work_export_lab)
    form_class = ExportLabStartForm
    success_message = gettext_lazy("The firm's export-lab track was opened.")

    def get(self, request, *args, **kwargs):
        track = ExportLabTrack.objects.filter(enrolment=self.enrolment).first()
        if track is not None:
            return HttpResponseRedirect(track_url(track))
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def page_title(self) -> str:
        return _("Open the export-lab track of %(firm)s") % {"firm": self.enrolment.organization}

    def cancel_url(self) -> str:
        return self.enrolment.get_absolute_url()

    def save_with_service(self, form):
        return export_lab_start(enrolment=self.enrolment, **form.cleaned_data)

    def get_success_url(self):
        return track_url(self.object)


class ExportLabTrackView(VisibleQuerysetMixin, SingleObjectMixin, FormView):
    """The track's steps and, for the coach and managers, the form that moves it on."""

    model = ExportLabTrack
    form_class = ExportLabAdvanceForm
    template_name = "internationalization/export_lab/track.html"
    context_object_name = "track"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("enrolment__project__cluster", "enrolment__organization")
        )

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
            self.can_work = can_work_export_lab(request.user, self.object.enrolment)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.can_work.require()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return {"entered_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "moves": allowed_moves(self.object.stage)}

    def get_context_data(self, **kwargs):
        track = self.object
        return super().get_context_data(
            enrolment=track.enrolment,
            steps=track_steps(track),
            can_work=self.can_work,
            moves=[ExportLabStage(stage).label for stage in allowed_moves(track.stage)],
            **kwargs,
        )

    def form_valid(self, form):
        try:
            export_lab_advance(track=self.object, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The track was moved on."))
        return HttpResponseRedirect(track_url(self.object))


urls = [
    path(
        "projects/<slug:slug>/export-lab/",
        ExportLabBoardView.as_view(),
        name="export-lab-board",
    ),
    path(
        "enrolments/<int:pk>/export-lab/start/",
        ExportLabStartView.as_view(),
        name="export-lab-start",
    ),
    path("export-lab/<int:pk>/", ExportLabTrackView.as_view(), name="export-lab-track"),
]
