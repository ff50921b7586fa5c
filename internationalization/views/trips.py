"""The trip pages: the managers' list, a firm's application, a trip with its budget, claims
and report, a claim with its receipt, the protected receipt download, and country caps.

Receipts are never under a public URL: the download checks that the user may see the claim
and sends the file as an attachment that the browser must not sniff.
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView

from clusters.dates import dated_decision
from clusters.mixins import (
    FilteredListView,
    ObjectStepView,
    OfficeStaffMixin,
    ParentObjectMixin,
    VisibleQuerysetMixin,
    add_service_errors,
    safe_next,
)
from clusters.permissions import can_manage_cluster
from clusters.selectors import history_of, history_of_rows
from internationalization.choices import TripStatus
from internationalization.filters import TripFilter
from internationalization.forms.timbank import RejectForm
from internationalization.forms.trips import (
    ApproveTripForm,
    ClaimDecisionForm,
    ExpenseClaimForm,
    ReimbursedForm,
    TripApplyForm,
    TripCapForm,
    TripReportForm,
)
from internationalization.models import ExpenseClaim, Trip, TripCountryCap, TripReport
from internationalization.permissions import (
    can_act_for_firm,
    can_act_on_trip,
    can_decide_claim,
    can_decide_trip,
)
from internationalization.selectors import days_waiting, trip_caps, trip_page
from internationalization.services.trips import (
    expense_claim_decide,
    expense_claim_mark_reimbursed,
    expense_claim_submit,
    trip_apply,
    trip_approve,
    trip_cap_set,
    trip_mark_done,
    trip_reject,
    trip_report_save,
)
from internationalization.uploads import receipt_content_type
from projects.choices import ProjectStatus
from projects.models import Enrolment, Project


def trip_url(trip: Trip) -> str:
    return reverse("internationalization:trip-detail", kwargs={"pk": trip.pk})


# The managers' list --------------------------------------------------------------------------


class TripListView(OfficeStaffMixin, FilteredListView):
    """Trips of the current cluster's projects: applications first, the longest waiting on
    top; then the others, the most recent first."""

    filterset_class = TripFilter
    template_name = "internationalization/trips/list.html"
    context_object_name = "trips"
    paginate_by = 25

    def get_queryset(self):
        trips = (
            Trip.objects.visible_to(self.request.user)
            .filter(enrolment__project__cluster=self.cluster)
            .select_related("enrolment__organization", "enrolment__project")
        )
        applied_first = Case(
            When(status=TripStatus.APPLIED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return trips.annotate(applied_first=applied_first).order_by(
            "applied_first", "requested_at", "pk"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        for trip in context["trips"]:
            trip.days_waiting = (
                days_waiting(trip.requested_at, now) if trip.status == TripStatus.APPLIED else None
            )
        can_manage = can_manage_cluster(self.request.user, self.cluster)
        context.update(
            cluster=self.cluster,
            can_manage=can_manage,
            projects=Project.objects.visible_to(self.request.user)
            .filter(cluster=self.cluster)
            .exclude(status=ProjectStatus.CLOSED)
            .order_by("name")
            if can_manage
            else [],
        )
        return context


# Applying ------------------------------------------------------------------------------------


def caps_sentence(project) -> str:
    """The project's caps per trip, told before a firm applies (empty when it sets none)."""
    caps = trip_caps(project)
    if not caps:
        return ""
    listed = ", ".join(f"{cap.country.name} {cap.cap} {cap.currency}" for cap in caps)
    return " " + _("The budget of one trip is capped per country: %(caps)s.") % {"caps": listed}


class TripApplyView(ParentObjectMixin, FormView):
    """A firm (or a manager for it) applies for a trip to its target market."""

    parent_model = Enrolment
    parent_related = ("project__cluster", "organization")
    parent_permission = staticmethod(can_act_for_firm)
    form_class = TripApplyForm
    template_name = "generic/form.html"

    def get_context_data(self, **kwargs):
        project = self.parent.project
        return super().get_context_data(
            title=_("Apply for a trip for %(firm)s") % {"firm": self.parent.organization},
            intro=_(
                "Trips of %(project)s take place from %(start)s to %(end)s. The cluster "
                "approves a budget; you claim the costs back with the receipts."
            )
            % {
                "project": project.name,
                "start": project.start.isoformat(),
                "end": project.end.isoformat(),
            }
            + caps_sentence(project),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            trip = trip_apply(enrolment=self.parent, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your application was sent to the cluster."))
        return HttpResponseRedirect(trip_url(trip))


# A trip --------------------------------------------------------------------------------------


def trips_for(user):
    return Trip.objects.visible_to(user).select_related(
        "enrolment__organization", "enrolment__project", "decided_by"
    )


class TripObjectMixin(VisibleQuerysetMixin):
    model = Trip

    def get_queryset(self):
        return trips_for(self.request.user)


class TripDetailView(TripObjectMixin, DetailView):
    """A trip: dates, purpose, budget and cap, the claims with their receipts, the report."""

    template_name = "internationalization/trips/detail.html"
    context_object_name = "trip"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, trip = self.request.user, self.object
        page = trip_page(user, trip)
        context.update(
            enrolment=trip.enrolment,
            project=trip.enrolment.project,
            cap=page.cap,
            claims=page.claims,
            claimed=page.claimed,
            budget_left=page.budget_left,
            report=page.report,
            can_decide=page.can_decide,
            can_claim=page.can_claim,
            can_report=page.can_report,
            days_waiting=page.days_waiting,
            lead_days=page.lead_days,
            show_history=page.show_history,
            can_withdraw=trip.status == TripStatus.APPLIED and bool(can_act_on_trip(user, trip)),
            history=history_of(trip) if page.show_history else [],
            today=timezone.localdate(),
        )
        context.setdefault(
            "approve_form", ApproveTripForm(initial={"budget": trip.budget_requested})
        )
        context.setdefault("reject_form", RejectForm())
        context.setdefault("decision_form", ClaimDecisionForm())
        context.setdefault("reimbursed_form", ReimbursedForm(initial={"on": timezone.localdate()}))
        context.setdefault("report_form", TripReportForm(instance=page.report))
        return context


def render_trip_with(request, trip: Trip, **forms_in_error):
    """The trip's page again, with the form that failed and its messages (status 400)."""
    detail = TripDetailView(request=request, kwargs={"pk": trip.pk})
    detail.object = trip
    context = detail.get_context_data(object=trip, **forms_in_error)
    return detail.render_to_response(context, status=400)


class TripActionView(TripObjectMixin, ObjectStepView):
    """One step on a trip (POST); a refusal shows the trip's page with the message."""

    detail_view = TripDetailView

    def success_url(self, trip) -> str:
        return safe_next(self.request, trip_url(trip))


class TripApproveView(TripActionView):
    form_class = ApproveTripForm
    form_name = "approve_form"
    permission = staticmethod(can_decide_trip)
    success_message = gettext_lazy("The trip was approved.")

    def act(self, trip, data):
        trip_approve(trip=trip, actor=self.request.user, **dated_decision(data))


class TripRejectView(TripActionView):
    form_class = RejectForm
    form_name = "reject_form"
    permission = staticmethod(can_decide_trip)
    success_message = gettext_lazy("The trip was rejected.")

    def act(self, trip, data):
        trip_reject(trip=trip, actor=self.request.user, **dated_decision(data))


class TripDoneView(TripActionView):
    form_name = "done_form"
    permission = staticmethod(can_decide_trip)
    success_message = gettext_lazy("The trip is marked as done; the firm can report it.")

    def act(self, trip, data):
        trip_mark_done(trip=trip, actor=self.request.user)


class TripReportView(TripActionView):
    form_name = "report_form"
    permission = staticmethod(can_act_on_trip)
    success_message = gettext_lazy("The trip report was saved.")

    def get_form(self, trip):
        return TripReportForm(self.request.POST, instance=TripReport(trip=trip))

    def act(self, trip, data):
        trip_report_save(trip=trip, data=data)


# Claims --------------------------------------------------------------------------------------


class ExpenseClaimCreateView(LoginRequiredMixin, FormView):
    """The firm (or a manager) claims a cost of the trip back, with its receipt."""

    form_class = ExpenseClaimForm
    template_name = "generic/form.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.parent = get_object_or_404(trips_for(request.user), pk=kwargs["pk"])
        can_act_on_trip(request.user, self.parent).require()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "currency": self.parent.currency}

    def get_context_data(self, **kwargs):
        trip = self.parent
        if trip.budget_approved is None:
            intro = _("The trip is not approved: claims are taken for approved trips only.")
        else:
            intro = _("The approved budget of the trip to %(city)s is %(budget)s %(currency)s.") % {
                "city": trip.city,
                "budget": trip.budget_approved,
                "currency": trip.currency,
            }
        return super().get_context_data(
            title=_("Claim a cost of the trip to %(city)s") % {"city": trip.city},
            intro=intro,
            cancel_url=trip_url(trip),
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            expense_claim_submit(
                trip=self.parent,
                description=data["description"],
                amount=data["amount"],
                currency=self.parent.currency,
                receipt=data["receipt"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your claim was sent to the cluster."))
        return HttpResponseRedirect(trip_url(self.parent))


class ClaimActionView(VisibleQuerysetMixin, View):
    """A decision on a claim (POST); a refusal shows the trip's page with the message."""

    model = ExpenseClaim
    form_class = forms.Form
    form_name = ""
    success_message = ""

    def get_queryset(self):
        return super().get_queryset().select_related("trip__enrolment__project")

    def act(self, claim, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, pk: int):
        claim = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permission(claim)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.act(claim, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(trip_url(claim.trip))
        trip = trips_for(request.user).get(pk=claim.trip_id)
        return render_trip_with(request, trip, **{self.form_name: form})


class ClaimDecideView(ClaimActionView):
    form_class = ClaimDecisionForm
    form_name = "decision_form"
    permission = staticmethod(can_decide_claim)
    success_message = gettext_lazy("The decision on the claim was saved.")

    def act(self, claim, data):
        expense_claim_decide(
            claim=claim, approve=data["approve"], reason=data["reason"], actor=self.request.user
        )


class ClaimReimbursedView(ClaimActionView):
    form_class = ReimbursedForm
    form_name = "reimbursed_form"
    permission = staticmethod(can_decide_claim)
    success_message = gettext_lazy("The reimbursement was recorded.")

    def act(self, claim, data):
        expense_claim_mark_reimbursed(claim=claim, on=data["on"], actor=self.request.user)


class ReceiptView(LoginRequiredMixin, View):
    """The receipt of a claim, to those who may see the claim; 404 to anyone else."""

    def get(self, request, pk: int):
        claim = get_object_or_404(ExpenseClaim.objects.visible_to(request.user), pk=pk)
        if not claim.receipt:
            raise Http404(_("This claim has no receipt."))
        try:
            handle = claim.receipt.open("rb")
        except FileNotFoundError:
            raise Http404(_("The receipt's file is missing.")) from None
        suffix = Path(claim.receipt.name).suffix.lower()
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"receipt-{claim.pk}{suffix}",
            content_type=receipt_content_type(claim.receipt.name),
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# Caps ----------------------------------------------------------------------------------------


class TripCapsView(LoginRequiredMixin, FormView):
    """The lump-sum caps of a project's trips per destination country: managers only."""

    form_class = TripCapForm
    template_name = "internationalization/trips/caps.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        can_manage_cluster(request.user, self.project.cluster).require()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"currency": self.project.currency}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            project=self.project,
            caps=TripCountryCap.objects.visible_to(self.request.user)
            .filter(project=self.project)
            .order_by("country"),
            history=history_of_rows(
                TripCountryCap,
                project_id=self.project.pk,
                subject=lambda record: record.country.name,
            ),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            trip_cap_set(project=self.project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The cap was saved."))
        return HttpResponseRedirect(
            reverse("internationalization:trip-caps", kwargs={"slug": self.project.slug})
        )


urls = [
    path("trips/", TripListView.as_view(), name="trip-list"),
    path("trips/<int:pk>/", TripDetailView.as_view(), name="trip-detail"),
    path("trips/<int:pk>/approve/", TripApproveView.as_view(), name="trip-approve"),
    path("trips/<int:pk>/reject/", TripRejectView.as_view(), name="trip-reject"),
    path("trips/<int:pk>/done/", TripDoneView.as_view(), name="trip-done"),
    path("trips/<int:pk>/report/", TripReportView.as_view(), name="trip-report"),
    path(
        "trips/<int:pk>/claims/new/",
        ExpenseClaimCreateView.as_view(),
        name="expense-claim-create",
    ),
    path("claims/<int:pk>/decide/", ClaimDecideView.as_view(), name="expense-claim-decide"),
    path(
        "claims/<int:pk>/reimbursed/",
        ClaimReimbursedView.as_view(),
        name="expense-claim-reimbursed",
    ),
    path("claims/<int:pk>/receipt/", ReceiptView.as_view(), name="receipt"),
    path("enrolments/<int:pk>/trips/new/", TripApplyView.as_view(), name="trip-apply"),
    path("trips/caps/<slug:slug>/", TripCapsView.as_view(), name="trip-caps"),
]
