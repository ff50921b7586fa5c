from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, UpdateView

from clusters.filters import ClusterFilter
from clusters.forms import ClusterForm, StaffRoleAssignForm
from clusters.middleware import SESSION_KEY
from clusters.mixins import FilteredListView, VisibleQuerysetMixin, safe_next
from clusters.models import Cluster, ClusterRole
from clusters.permissions import can_administer_cluster, can_manage_cluster
from clusters.selectors import cluster_staff, history_of
from clusters.services import cluster_role_assign, cluster_role_remove, cluster_update


class ClusterListView(VisibleQuerysetMixin, FilteredListView):
    model = Cluster
    filterset_class = ClusterFilter
    paginate_by = 25
    template_name = "clusters/cluster_list.html"

    def get_queryset(self):
        return super().get_queryset().order_by("name")


class ClusterDetailView(VisibleQuerysetMixin, DetailView):
    model = Cluster
    template_name = "clusters/cluster_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        staff = cluster_staff(self.object, self.request.GET.get("page"))
        context.update(staff=staff, page_obj=staff, is_paginated=staff.has_other_pages())
        context["can_manage"] = can_manage_cluster(user, self.object)
        context["can_administer"] = can_administer_cluster(user, self.object)
        context["role_form"] = kwargs.get("role_form") or StaffRoleAssignForm()
        context["history"] = history_of(self.object)
        return context


class ClusterUpdateView(VisibleQuerysetMixin, UpdateView):
    model = Cluster
    form_class = ClusterForm
    permission = staticmethod(can_manage_cluster)
    template_name = "clusters/cluster_form.html"

    def form_valid(self, form):
        cluster_update(cluster=self.object, data=form.cleaned_data)
        messages.success(self.request, _("The cluster was saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class StaffRoleAssignView(LoginRequiredMixin, View):
    def post(self, request, slug: str):
        cluster = get_object_or_404(Cluster.objects.visible_to(request.user), slug=slug)
        can_administer_cluster(request.user, cluster).require()
        form = StaffRoleAssignForm(request.POST)
        if form.is_valid():
            try:
                cluster_role_assign(cluster=cluster, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The staff role was saved."))
                return redirect(cluster.get_absolute_url())
        view = ClusterDetailView(request=request, kwargs={"slug": slug}, object=cluster)
        context = view.get_context_data(object=cluster, role_form=form)
        return view.render_to_response(context, status=400)


class StaffRoleRemoveView(LoginRequiredMixin, View):
    def post(self, request, slug: str, pk: int):
        cluster = get_object_or_404(Cluster.objects.visible_to(request.user), slug=slug)
        role = get_object_or_404(ClusterRole.objects.filter(cluster=cluster), pk=pk)
        can_administer_cluster(request.user, cluster).require()
        try:
            cluster_role_remove(role=role)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The staff role was removed."))
        return redirect(cluster.get_absolute_url())


class SwitchClusterView(LoginRequiredMixin, View):
    """Makes another of the user's clusters the current one (header switcher)."""

    def post(self, request):
        cluster = get_object_or_404(
            Cluster.objects.visible_to(request.user), slug=request.POST.get("cluster", "")
        )
        request.session[SESSION_KEY] = cluster.pk
        messages.info(request, _("You are now working in %(cluster)s.") % {"cluster": cluster})
        return HttpResponseRedirect(safe_next(request, "/"))
