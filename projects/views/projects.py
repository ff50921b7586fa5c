"""Projects: the list, the project page, and the manager's forms for the project, its funding
shares, partners and their coaches, targets and cohorts."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from clusters.mixins import (
    CurrentClusterManagerMixin,
    FilteredListView,
    ServiceFormMixin,
    VisibleQuerysetMixin,
    add_service_errors,
)
from clusters.permissions import Verdict, can_manage_cluster
from clusters.roles import is_office_staff
from clusters.selectors import history_of
from members.choices import SizeClass
from members.models import Organization
from projects import selectors
from projects.filters import ProjectFilter
from projects.forms import (
    CohortForm,
    CompletionRuleForm,
    FundingForm,
    PartnerCoachForm,
    PartnerForm,
    ProjectForm,
    TargetForm,
)
from projects.models import CompletionRule, Enrolment, Project, ProjectPartner, ProjectTarget
from projects.permissions import can_manage_project
from projects.services import (
    partner_coach_add,
    project_partner_add,
    project_save,
    project_set_funding,
)
from projects.services.terms import (
    cohort_save,
    completion_rule_remove,
    completion_rule_save,
    project_target_remove,
    project_target_save,
)


class ProjectListView(LoginRequiredMixin, FilteredListView):
    """The current cluster's projects for its staff; for a firm representative (who works in no
    cluster) the projects it may apply to or takes part in."""

    filterset_class = ProjectFilter
    paginate_by = 25
    template_name = "projects/project_list.html"
    context_object_name = "projects"

    def get_queryset(self):
        user = self.request.user
        self.cluster = self.request.cluster or None
        self.office = self.cluster is not None and is_office_staff(user, self.cluster.pk)
        projects = selectors.projects_for(user, self.cluster)
        if self.office:
            projects = selectors.with_enrolment_counts(projects)
        return projects

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = context["projects"]
        own = {}
        if self.cluster is None:
            enrolments = Enrolment.objects.visible_to(user).filter(project__in=list(page))
            own = {enrolment.project_id: enrolment for enrolment in enrolments}
        context.update(
            cluster=self.cluster,
            office=self.office,
            rows=[(project, own.get(project.pk)) for project in page],
            can_create=self.cluster is not None and can_manage_cluster(user, self.cluster),
        )
        return context


class ProjectDetailView(VisibleQuerysetMixin, DetailView):
    """Windows, money, partners, targets against actual, rules, cohorts, intake and history.

    Office staff see everything; a coach or a firm sees the project's terms and its own
    enrolments.
    """

    model = Project
    template_name = "projects/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, project = self.request.user, self.object
        office = is_office_staff(user, project.cluster_id)
        context.update(
            office=office,
            can_manage=can_manage_project(user, project),
            can_apply=selectors.apply_offered(user, project),
            window_open=selectors.enrolment_window_open(project),
            completion_rules=selectors.completion_rules(project),
            size_classes=[
                SizeClass(value).label
                for value in project.allowed_size_classes
                if value in SizeClass.values
            ],
            targets=list(selectors.project_targets(user, project)),
            cohorts=list(selectors.project_cohorts(user, project)),
        )
        enrolments = Enrolment.objects.visible_to(user).filter(project=project)
        if office:
            counts = selectors.enrolment_counts(enrolments)
            fundings = selectors.project_fundings(user, project)
            context.update(
                counts=counts,
                progress=selectors.progress_of(project, counts),
                fundings=fundings,
                funding_total=sum(funding.share for funding in fundings),
                partners=selectors.project_partners(user, project),
                history=history_of(project),
                funding_history=selectors.funding_history(project),
            )
        else:
            context["own_enrolments"] = list(
                enrolments.select_related("organization").order_by("organization__legal_name")
            )
        return context


class ProjectCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    model = Project
    form_class = ProjectForm
    success_message = gettext_lazy("The project was saved.")

    def page_title(self) -> str:
        return _("New project of %(cluster)s") % {"cluster": self.cluster}

    def cancel_url(self) -> str:
        return reverse("projects:project-list")

    def save_with_service(self, form):
        return project_save(cluster=self.cluster, data=form.cleaned_data)


class ProjectUpdateView(VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Project
    form_class = ProjectForm
    permission = staticmethod(can_manage_project)
    success_message = gettext_lazy("The project was saved.")

    def get_queryset(self):
        return super().get_queryset().select_related("cluster")

    def get_context_data(self, **kwargs):
        slug = self.kwargs["slug"]
        return super().get_context_data(
            title=_("Edit %(project)s") % {"project": self.object.name},
            cancel_url=reverse("projects:project-detail", kwargs={"slug": slug}),
            **kwargs,
        )

    def save_with_service(self, form):
        # The form has already written its values onto self.object; the service starts from
        # the stored project so a refusal leaves nothing half-applied.
        project = Project.objects.select_related("cluster").get(pk=self.object.pk)
        return project_save(cluster=project.cluster, data=form.cleaned_data, project=project)


class ProjectParentMixin(LoginRequiredMixin):
    """Pages under a project named by the URL's ``slug``: the project comes from
    ``visible_to`` (404 otherwise) and ``project_permission`` is checked (403 with reason)."""

    project_permission: Callable[..., Verdict] = staticmethod(can_manage_project)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        projects = Project.objects.visible_to(request.user).select_related("cluster")
        self.project = get_object_or_404(projects, slug=kwargs["slug"])
        type(self).project_permission(request.user, self.project).require()
        self.load()
        return super().dispatch(request, *args, **kwargs)

    def load(self) -> None:
        """Read what else the page is about, once the project is known."""

    def get_success_url(self):
        return self.project.get_absolute_url()


class ProjectChildFormView(ProjectParentMixin, ServiceFormMixin, FormView):
    """A small form that adds something to a project through a service."""

    title = ""

    def page_title(self) -> str:
        return self.title % {"project": self.project.name}

    def cancel_url(self) -> str:
        return self.project.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(project=self.project, **kwargs)


class FundingView(ProjectParentMixin, View):
    """The funding shares by programme; they must add up to 100 %."""

    template_name = "projects/funding_form.html"

    def form(self, data=None) -> FundingForm:
        current = {
            funding.programme_id: funding.share
            for funding in selectors.project_fundings(self.request.user, self.project)
        }
        programmes = selectors.funding_programmes(self.request.user, self.project)
        return FundingForm(data, programmes=programmes, current=current)

    def get(self, request, slug: str):
        return self.page(self.form())

    def post(self, request, slug: str):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                project_set_funding(project=self.project, shares=form.shares())
            except ValidationError as error:
                errors = error.message_dict
                form.add_share_errors(errors.pop("shares", []))
                if errors:
                    add_service_errors(form, ValidationError(errors))
            else:
                messages.success(request, _("The funding shares were saved."))
                return redirect(self.project.get_absolute_url())
        return self.page(form, status=400)

    def page(self, form, status: int = 200):
        context = {"project": self.project, "form": form}
        return render(self.request, self.template_name, context, status=status)


class PartnerCreateView(ProjectChildFormView):
    form_class = PartnerForm
    title = gettext_lazy("Add a partner to %(project)s")
    success_message = gettext_lazy("The partner was saved.")

    def get_form_kwargs(self):
        organizations = (
            Organization.objects.visible_to(self.request.user)
            .filter(cluster_id=self.project.cluster_id)
            .order_by("legal_name")
        )
        return {**super().get_form_kwargs(), "organizations": organizations}

    def save_with_service(self, form):
        return project_partner_add(project=self.project, **form.cleaned_data)


class PartnerCoachCreateView(ProjectChildFormView):
    """A coach the partner supplies, and the regions the coach serves."""

    form_class = PartnerCoachForm
    success_message = gettext_lazy("The coach was saved.")

    def load(self) -> None:
        partners = ProjectPartner.objects.visible_to(self.request.user).filter(project=self.project)
        self.partner = get_object_or_404(
            partners.select_related("organization"), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "coaches": selectors.coaches_of_cluster(self.project.cluster_id),
            "project_regions": self.project.regions,
        }

    def page_title(self) -> str:
        return _("Add a coach of %(partner)s") % {"partner": self.partner.organization}

    def save_with_service(self, form):
        return partner_coach_add(partner=self.partner, **form.cleaned_data)


class TargetCreateView(ProjectChildFormView):
    form_class = TargetForm
    title = gettext_lazy("Add a target to %(project)s")
    success_message = gettext_lazy("The target was saved.")

    def save_with_service(self, form):
        return project_target_save(project=self.project, data=form.cleaned_data)


class CompletionRuleCreateView(ProjectChildFormView):
    form_class = CompletionRuleForm
    title = gettext_lazy("Set a completion rule of %(project)s")
    success_message = gettext_lazy("The completion rule was saved.")

    def save_with_service(self, form):
        return completion_rule_save(project=self.project, data=form.cleaned_data)


class ProjectChildRemoveView(ProjectParentMixin, View):
    """Removes one ``model`` row of the project (POST) through ``remove``, back to the project."""

    model = None
    remove: Callable = None
    success_message = ""

    def post(self, request, slug: str, pk: int):
        children = self.model.objects.visible_to(request.user).filter(project=self.project)
        type(self).remove(get_object_or_404(children, pk=pk))
        messages.success(request, self.success_message)
        return redirect(self.project.get_absolute_url())


class CompletionRuleRemoveView(ProjectChildRemoveView):
    model = CompletionRule
    remove = staticmethod(lambda rule: completion_rule_remove(rule=rule))
    success_message = gettext_lazy("The completion rule was removed.")


class TargetRemoveView(ProjectChildRemoveView):
    model = ProjectTarget
    remove = staticmethod(lambda target: project_target_remove(target=target))
    success_message = gettext_lazy("The target was removed.")


class CohortCreateView(ProjectChildFormView):
    form_class = CohortForm
    title = gettext_lazy("Add a cohort to %(project)s")
    success_message = gettext_lazy("The cohort was saved.")

    def save_with_service(self, form):
        return cohort_save(project=self.project, data=form.cleaned_data)


urls = [
    path("", ProjectListView.as_view(), name="project-list"),
    path("new/", ProjectCreateView.as_view(), name="project-create"),
    path("<slug:slug>/", ProjectDetailView.as_view(), name="project-detail"),
    path("<slug:slug>/edit/", ProjectUpdateView.as_view(), name="project-edit"),
    path("<slug:slug>/funding/", FundingView.as_view(), name="project-funding"),
    path("<slug:slug>/partners/new/", PartnerCreateView.as_view(), name="partner-create"),
    path(
        "<slug:slug>/partners/<int:pk>/coaches/new/",
        PartnerCoachCreateView.as_view(),
        name="partner-coach-create",
    ),
    path("<slug:slug>/targets/new/", TargetCreateView.as_view(), name="target-create"),
    path(
        "<slug:slug>/completion-rules/new/",
        CompletionRuleCreateView.as_view(),
        name="completion-rule-create",
    ),
    path(
        "<slug:slug>/completion-rules/<int:pk>/remove/",
        CompletionRuleRemoveView.as_view(),
        name="completion-rule-remove",
    ),
    path("<slug:slug>/targets/<int:pk>/remove/", TargetRemoveView.as_view(), name="target-remove"),
    path("<slug:slug>/cohorts/new/", CohortCreateView.as_view(), name="cohort-create"),
]
