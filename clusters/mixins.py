"""Base mixins of every browser view that shows tenant data."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_filters.views import FilterView

from clusters.permissions import Verdict, can_manage_cluster, can_read_member_data


class VisibleQuerysetMixin(LoginRequiredMixin):
    """Starts every query from ``Model.objects.visible_to(user)``.

    Objects the user may not see are outside the queryset, so detail views answer 404.
    ``permission`` (a ``can_*`` rule) is checked against the object; a refusal answers 403
    with the rule's reason.
    """

    model = None
    permission: Callable[..., Verdict] | None = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        self.check_object_permission(obj)
        return obj

    def check_object_permission(self, obj) -> None:
        rule = type(self).permission
        if rule is None:
            return
        rule(self.request.user, obj).require()


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: at the field it names, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_of_field in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_of_field:
            form.add_error(target, message)


class ServiceFormMixin:
    """Create and update views whose save goes through a service.

    ``save_with_service(form)`` returns the saved object; a ValidationError from the service
    shows at the fields of the form and nothing is written (services are atomic). The page is
    the generic form page, and success leads to the saved object's page (Django's default)
    unless a view says otherwise.
    """

    template_name = "generic/form.html"
    success_message: str = ""

    def page_title(self) -> str:
        """The heading of the generic form page."""
        return ""

    def page_intro(self) -> str:
        """A sentence under the heading, if the page needs one."""
        return ""

    def cancel_url(self) -> str | None:
        """Where "Cancel" leads: the object being edited, unless a view says otherwise."""
        edited = getattr(self, "object", None)
        if edited is None or not edited.pk or not hasattr(edited, "get_absolute_url"):
            return None
        return edited.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.page_title())
        kwargs.setdefault("intro", self.page_intro())
        if "cancel_url" not in kwargs:
            kwargs["cancel_url"] = self.cancel_url()
        return super().get_context_data(**kwargs)

    def save_with_service(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save_with_service(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class CurrentClusterMixin(LoginRequiredMixin):
    """Pages about the current cluster as a whole (overview, directory, queues).

    ``cluster_permission`` (a ``can_*`` rule taking the user and the cluster) is required of
    the user, so a refusal answers 403 with the rule's reason.
    """

    cluster_permission: Callable[..., Verdict] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.cluster = self.get_cluster()
        if self.cluster is None:
            raise Http404(_("Choose a cluster first."))
        rule = type(self).cluster_permission
        if rule is not None:
            rule(request.user, self.cluster).require()
        return super().dispatch(request, *args, **kwargs)

    def get_cluster(self):
        """The cluster the page is about: the current one (a project's page says its own)."""
        return self.request.cluster or None


class CurrentClusterManagerMixin(CurrentClusterMixin):
    """Pages that create things in the current cluster: its managers and administrators only."""

    cluster_permission = can_manage_cluster


class OfficeStaffMixin(CurrentClusterMixin):
    """Pages about the current cluster's members and activities: its office staff (not the
    coaches, who see only their firms), told why otherwise."""

    cluster_permission = can_read_member_data


class ParentObjectMixin(LoginRequiredMixin):
    """Pages that add a child to an object named by the URL's ``pk`` (a seat to a body, ...).

    The parent comes from ``visible_to`` (404 when the user may not see it) and
    ``parent_permission`` is checked against it (403 with the rule's reason).
    """

    parent_model = None
    parent_related: tuple[str, ...] = ()
    parent_permission: Callable[..., Verdict] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        parents = self.parent_model.objects.visible_to(request.user).select_related(
            *self.parent_related
        )
        self.parent = get_object_or_404(parents, pk=kwargs["pk"])
        type(self).parent_permission(request.user, self.parent).require()
        return super().dispatch(request, *args, **kwargs)

    def parent_url(self) -> str:
        """Where Cancel and success lead: the parent's page."""
        return self.parent.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.parent_url(), **kwargs)

    def get_success_url(self):
        return self.parent_url()


def safe_next(request, default: str) -> str:
    """The ``next`` address a form came with, when it is on this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ObjectStepView(VisibleQuerysetMixin, View):
    """One step on an object, posted from its page: the object comes from ``visible_to``
    (404), ``permission`` is checked (403 with its reason), then the form and ``act``, which
    calls a service. A refusal shows the object's page again (``detail_view``, status 400)
    with the message at the field of ``form_name``; services are atomic, so nothing is written.
    """

    detail_view: type | None = None
    form_class: type[forms.Form] = forms.Form
    form_name = ""
    success_message = ""

    def get_form(self, obj):
        return self.form_class(self.request.POST)

    def act(self, obj, data: dict) -> None:
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return safe_next(self.request, obj.get_absolute_url())

    def post(self, request, pk: int):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        self.check_object_permission(obj)
        form = self.get_form(obj)
        if form.is_valid():
            try:
                self.act(obj, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(self.success_url(obj))
        detail = self.detail_view(request=request, kwargs={"pk": pk})
        detail.object = obj
        context = detail.get_context_data(object=obj, **{self.form_name: form})
        return detail.render_to_response(context, status=400)


class FilteredListView(FilterView):
    """A list page narrowed by its ``filterset_class`` from the query string; the template
    gets the FilterSet as ``filter``. A value a filter cannot read (``?status=nonsense``) is
    left out rather than emptying the page; the API answers it with 400.
    """

    strict = False
