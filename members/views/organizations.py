from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    CurrentClusterMixin,
    ObjectStepView,
    ServiceFormMixin,
    VisibleQuerysetMixin,
    add_service_errors,
    safe_next,
)
from clusters.permissions import can_manage_cluster, can_read_member_data
from clusters.selectors import history_of, history_of_rows
from members.filters import FeePaymentFilter
from members.forms.organizations import (
    FeePaidForm,
    FeeScheduleForm,
    FeesIssueForm,
    MembershipTransitionForm,
    OrganizationCreateForm,
    OrganizationForm,
)
from members.models import (
    Affiliation,
    FeePayment,
    FeeSchedule,
    MembershipTransition,
    Organization,
)
from members.permissions import can_manage_fee_payment, can_manage_organization
from members.services import (
    fee_payment_mark_paid,
    fee_schedule_save,
    fees_issue_for_year,
    membership_transition,
    organization_create,
    organization_update,
)


class OrganizationDetailView(VisibleQuerysetMixin, DetailView):
    """An organization with its membership lifecycle, fees, people, seats and history."""

    model = Organization
    template_name = "members/organizations/detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("cluster", "parent", "membership")
            .prefetch_related(
                Prefetch(
                    "affiliations",
                    queryset=Affiliation.objects.select_related("person").order_by("-start"),
                ),
                "subsidiaries",
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        user = self.request.user
        can_manage = can_manage_organization(user, organization)
        membership = getattr(organization, "membership", None)
        context["can_manage"] = can_manage
        context["membership"] = membership
        if can_manage and membership is not None:
            context["transitions"] = MembershipTransition.objects.filter(
                membership=membership
            ).select_related("actor")
            context["transition_form"] = kwargs.get("transition_form") or MembershipTransitionForm(
                membership=membership
            )
        context["fees"] = FeePayment.objects.visible_to(user).filter(organization=organization)
        context["history"] = history_of(organization)
        context["paid_form"] = FeePaidForm()
        return context


class OrganizationCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Organization
    form_class = OrganizationCreateForm
    success_message = gettext_lazy("The organization was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cluster": self.cluster}

    def page_title(self) -> str:
        return _("Add an organization to %(cluster)s") % {"cluster": self.cluster}

    def cancel_url(self) -> str:
        return reverse("members:directory")

    def save_with_service(self, form):
        data = dict(form.cleaned_data)
        return organization_create(
            cluster=self.cluster,
            data=data,
            membership_status=data.pop("membership_status"),
            status_on=data.pop("status_on"),
            actor=self.request.user,
        )


class OrganizationUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Organization
    form_class = OrganizationForm
    permission = staticmethod(can_manage_organization)
    success_message = gettext_lazy("The organization was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cluster": self.object.cluster}

    def page_title(self) -> str:
        return _("Edit %(name)s") % {"name": self.object.legal_name}

    def save_with_service(self, form):
        organization = Organization.objects.get(pk=self.object.pk)
        return organization_update(organization=organization, data=form.cleaned_data)


class MembershipTransitionView(ObjectStepView):
    """Moves the membership one step (POST); errors show at the fields on the page."""

    model = Organization
    detail_view = OrganizationDetailView
    permission = staticmethod(can_manage_organization)
    form_name = "transition_form"
    success_message = gettext_lazy("The membership status was changed.")

    def get_form(self, organization):
        return MembershipTransitionForm(self.request.POST, membership=organization.membership)

    def act(self, organization, data):
        membership_transition(membership=organization.membership, actor=self.request.user, **data)


class FeesView(CurrentClusterMixin, TemplateView):
    """The current cluster's fee schedules and the fees of one year, paid or not."""

    # Fees are member data: a coach is told so instead of an empty list.
    cluster_permission = can_read_member_data
    template_name = "members/organizations/fees.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        schedules = FeeSchedule.objects.visible_to(user).filter(cluster=self.cluster)
        years = sorted({schedule.year for schedule in schedules}, reverse=True)
        fees = FeePaymentFilter(
            self.request.GET,
            queryset=FeePayment.objects.visible_to(user)
            .filter(organization__cluster=self.cluster)
            .select_related("organization")
            .order_by("paid_on", "organization__legal_name"),
            default_year=years[0] if years else 0,
        )
        payments = fees.qs
        year = int(fees.form.cleaned_data["year"])
        context.update(
            schedules=schedules,
            schedule_history=history_of_rows(
                FeeSchedule,
                cluster_id=self.cluster.pk,
                subject=lambda record: f"{record.year} {record.get_size_class_display()}",
            ),
            years=years,
            year=year,
            state=fees.form.cleaned_data.get("state", ""),
            payments=payments,
            can_manage=can_manage_cluster(user, self.cluster),
            schedule_form=kwargs.get("schedule_form") or FeeScheduleForm(),
            issue_form=kwargs.get("issue_form") or FeesIssueForm(initial={"year": year or None}),
            paid_form=FeePaidForm(),
        )
        return context


class FeeScheduleCreateView(CurrentClusterManagerMixin, View):
    def post(self, request):
        form = FeeScheduleForm(request.POST)
        if form.is_valid():
            try:
                fee_schedule_save(cluster=self.cluster, data=form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The fee was added to the schedule."))
                return redirect(f"{reverse('members:fees')}?year={form.cleaned_data['year']}")
        return _render_fees(request, self.cluster, schedule_form=form)


class FeesIssueView(CurrentClusterManagerMixin, View):
    def post(self, request):
        form = FeesIssueForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                issued = fees_issue_for_year(cluster=self.cluster, year=year)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s fees issued for %(year)s.") % {"count": issued, "year": year},
                )
                return redirect(f"{reverse('members:fees')}?year={year}")
        return _render_fees(request, self.cluster, issue_form=form)


def _render_fees(request, cluster, **forms):
    view = FeesView(request=request, kwargs={})
    view.cluster = cluster
    return view.render_to_response(view.get_context_data(**forms), status=400)


class FeePaymentPaidView(VisibleQuerysetMixin, View):
    model = FeePayment
    permission = staticmethod(can_manage_fee_payment)

    def post(self, request, pk: int):
        payment = get_object_or_404(self.get_queryset().select_related("organization"), pk=pk)
        self.check_object_permission(payment)
        form = FeePaidForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        else:
            try:
                fee_payment_mark_paid(payment=payment, paid_on=form.cleaned_data["paid_on"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The payment was recorded."))
        fees_of_year = f"{reverse('members:fees')}?year={payment.year}"
        return HttpResponseRedirect(safe_next(request, fees_of_year))


urls = [
    path("organizations/new/", OrganizationCreateView.as_view(), name="organization-create"),
    path("organizations/<int:pk>/", OrganizationDetailView.as_view(), name="organization-detail"),
    path(
        "organizations/<int:pk>/edit/", OrganizationUpdateView.as_view(), name="organization-edit"
    ),
    path(
        "organizations/<int:pk>/membership/",
        MembershipTransitionView.as_view(),
        name="membership-transition",
    ),
    path("fees/", FeesView.as_view(), name="fees"),
    path("fees/schedule/", FeeScheduleCreateView.as_view(), name="fee-schedule-create"),
    path("fees/issue/", FeesIssueView.as_view(), name="fees-issue"),
    path("fees/<int:pk>/paid/", FeePaymentPaidView.as_view(), name="fee-paid"),
]
