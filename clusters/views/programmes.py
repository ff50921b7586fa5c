"""Funders and funding programmes in the browser: thin views over clusters.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, UpdateView

from clusters.filters import FunderFilter, ProgrammeFilter
from clusters.forms import FunderForm, ProgrammeForm
from clusters.mixins import (
    CurrentClusterManagerMixin,
    FilteredListView,
    ServiceFormMixin,
    VisibleQuerysetMixin,
)
from clusters.models import ChangeProposal, Funder, Programme, ProgrammeParticipation
from clusters.permissions import (
    can_change_programme,
    can_manage_cluster,
    can_manage_funders,
    can_manage_programme_indicators,
    can_propose_programme_change,
)
from clusters.selectors import history_of, programme_indicators
from clusters.services import funder_save, programme_join, programme_save, programme_update


def programme_url(code: str) -> str:
    return reverse("clusters:programme-detail", kwargs={"code": code})


class ProgrammeQuerysetMixin(VisibleQuerysetMixin):
    model = Programme
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("funder")
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=ProgrammeParticipation.objects.select_related("cluster").order_by(
                        "cluster__name"
                    ),
                )
            )
        )


class ProgrammeListView(ProgrammeQuerysetMixin, FilteredListView):
    """The programmes the user may see: their clusters', or their funder's."""

    filterset_class = ProgrammeFilter
    paginate_by = 25
    template_name = "clusters/programmes/list.html"
    context_object_name = "programmes"

    def get_queryset(self):
        return super().get_queryset().order_by("-start", "code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cluster = self.request.cluster or None
        user = self.request.user
        context["can_create"] = cluster is not None and can_manage_cluster(user, cluster)
        context["can_manage_funders"] = can_manage_funders(user)
        return context


class ProgrammeDetailView(ProgrammeQuerysetMixin, DetailView):
    template_name = "clusters/programmes/detail.html"
    context_object_name = "programme"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        programme = self.object
        user = self.request.user
        cluster = self.request.cluster or None
        participations = list(programme.participations.all())
        taking_part = {participation.cluster_id for participation in participations}
        context["participations"] = participations
        context["can_change"] = can_change_programme(user, programme)
        context["can_propose"] = can_propose_programme_change(user, programme)
        context["proposals"] = ChangeProposal.objects.visible_to(user).filter(
            content_type=ContentType.objects.get_for_model(Programme), object_id=programme.pk
        )[:10]
        context["can_manage_indicators"] = can_manage_programme_indicators(user, programme)
        context["can_join"] = (
            cluster is not None
            and cluster.pk not in taking_part
            and bool(can_manage_cluster(user, cluster))
        )
        context["indicators"] = programme_indicators(programme)
        context["history"] = history_of(programme)
        return context


class ProgrammeCreateView(CurrentClusterManagerMixin, ServiceFormMixin, CreateView):
    """A new programme; the current cluster takes part in it from the start."""

    model = Programme
    form_class = ProgrammeForm
    success_message = gettext_lazy("The programme was saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_with_service(self, form):
        return programme_save(data=form.cleaned_data, cluster=self.cluster)

    def page_title(self) -> str:
        return _("New programme")

    def page_intro(self) -> str:
        return _("%(cluster)s will take part in the new programme.") % {
            "cluster": self.cluster.name
        }

    def cancel_url(self) -> str:
        return reverse("clusters:programme-list")


class ProgrammeUpdateView(ProgrammeQuerysetMixin, ServiceFormMixin, UpdateView):
    """Changes the programme, or, when other clusters take part too, proposes the change to
    them (clusters.services.programme_update) and shows the proposal."""

    form_class = ProgrammeForm
    permission = staticmethod(can_propose_programme_change)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save_with_service(self, form):
        programme = self.object
        self.proposal = programme_update(
            actor=self.request.user,
            programme=programme,
            data=form.cleaned_data,
            cluster=self.request.cluster or None,
        )
        if self.proposal is None:
            self.success_message = _("The programme was saved.")
            return programme
        self.success_message = _(
            "Your change was proposed: it is applied when every cluster taking part consents."
        )
        return programme

    def get_success_url(self):
        if self.proposal is not None:
            return self.proposal.get_absolute_url()
        return programme_url(self.object.code)

    def page_intro(self) -> str:
        verdict = can_change_programme(self.request.user, self.object)
        return "" if verdict else verdict.reason

    def get_context_data(self, **kwargs):
        # Other clusters take part: the button proposes, it does not save.
        if not can_change_programme(self.request.user, self.object):
            kwargs.setdefault("submit_label", _("Propose the change"))
        return super().get_context_data(**kwargs)

    # The code in the URL, not the form's: a refused new code has no page yet.

    def page_title(self) -> str:
        return _("Edit programme %(code)s") % {"code": self.kwargs["code"]}

    def cancel_url(self) -> str:
        return programme_url(self.kwargs["code"])


class ProgrammeJoinView(LoginRequiredMixin, View):
    """The current cluster takes part in a programme the user can already see."""

    def post(self, request, code: str):
        programme = get_object_or_404(Programme.objects.visible_to(request.user), code=code)
        cluster = request.cluster or None
        if cluster is None:
            raise Http404(_("Choose a cluster first."))
        can_manage_cluster(request.user, cluster).require()
        programme_join(programme=programme, cluster=cluster, joined_on=timezone.localdate())
        messages.success(
            request,
            _("%(cluster)s takes part in %(code)s.") % {"cluster": cluster, "code": programme.code},
        )
        return HttpResponseRedirect(programme_url(programme.code))


class FunderListView(LoginRequiredMixin, FilteredListView):
    """Funders are shared by the installation; the count is of the programmes the user sees."""

    filterset_class = FunderFilter
    paginate_by = 25
    template_name = "clusters/programmes/funder_list.html"
    context_object_name = "funders"

    def get_queryset(self):
        user = self.request.user
        visible_programmes = Programme.objects.visible_to(user).values("pk")
        return (
            Funder.objects.visible_to(user)
            .annotate(
                programme_count=Count("programmes", filter=Q(programmes__in=visible_programmes))
            )
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage_funders"] = can_manage_funders(self.request.user)
        return context


class FunderManagerMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        can_manage_funders(request.user).require()
        return super().dispatch(request, *args, **kwargs)


class FunderCreateView(FunderManagerMixin, ServiceFormMixin, CreateView):
    model = Funder
    form_class = FunderForm
    success_message = gettext_lazy("The funder was saved.")
    success_url = reverse_lazy("clusters:funder-list")

    def save_with_service(self, form):
        return funder_save(data=form.cleaned_data, actor=self.request.user)

    def page_title(self) -> str:
        return _("New funder")

    def page_intro(self) -> str:
        return _("Funders are shared by every cluster of this installation.")

    def cancel_url(self) -> str:
        return reverse("clusters:funder-list")


class FunderUpdateView(FunderManagerMixin, VisibleQuerysetMixin, ServiceFormMixin, UpdateView):
    model = Funder
    form_class = FunderForm
    success_message = gettext_lazy("The funder was saved.")
    success_url = reverse_lazy("clusters:funder-list")

    def save_with_service(self, form):
        return funder_save(data=form.cleaned_data, funder=self.object, actor=self.request.user)

    def page_title(self) -> str:
        return _("Edit funder")

    def page_intro(self) -> str:
        return _("Funders are shared by every cluster of this installation.")

    def cancel_url(self) -> str:
        return reverse("clusters:funder-list")
