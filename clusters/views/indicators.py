"""A programme's indicators in the browser: add one of the programme's own, and set the baseline,
milestones and targets of each. Thin views over clusters.services; who may is
``can_manage_programme``, as for editing the programme."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from clusters.forms import IndicatorTargetsForm, ProgrammeIndicatorForm
from clusters.mixins import ServiceFormMixin
from clusters.models import IndicatorTarget, Programme, ProgrammeIndicator
from clusters.permissions import can_manage_programme_indicators
from clusters.services import programme_indicator_define, programme_indicator_set_targets
from clusters.views.programmes import programme_url


class ProgrammeManagerMixin(LoginRequiredMixin):
    """Pages that change a programme named by the URL's code: 404 unless the user sees it,
    403 (with the reason) unless ``can_manage_programme_indicators``."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        programmes = Programme.objects.visible_to(request.user).prefetch_related("participations")
        self.programme = get_object_or_404(programmes, code=kwargs["code"])
        can_manage_programme_indicators(request.user, self.programme).require()
        return super().dispatch(request, *args, **kwargs)

    def cancel_url(self) -> str:
        return programme_url(self.programme.code)

    def get_success_url(self) -> str:
        return programme_url(self.programme.code)


class ProgrammeIndicatorCreateView(ProgrammeManagerMixin, ServiceFormMixin, FormView):
    """A managing authority adds an indicator of its own to the programme."""

    form_class = ProgrammeIndicatorForm
    success_message = gettext_lazy("The indicator was added.")
    initial = {"unit": "enterprises"}

    def save_with_service(self, form):
        return programme_indicator_define(programme=self.programme, data=form.cleaned_data)

    def page_title(self) -> str:
        return _("New indicator of %(code)s") % {"code": self.programme.code}

    def page_intro(self) -> str:
        return _(
            "An indicator of the programme's own, of its %(period)s period, counted by the "
            "rule you choose. The common indicators of the period are already there."
        ) % {"period": self.programme.get_period_display()}


class IndicatorTargetsView(ProgrammeManagerMixin, ServiceFormMixin, FormView):
    """The baseline, and a milestone and a target per year, of one of the programme's
    indicators."""

    form_class = IndicatorTargetsForm
    template_name = "clusters/programmes/indicator_targets.html"
    success_message = gettext_lazy("The baseline and targets were saved.")

    @cached_property
    def use(self) -> ProgrammeIndicator:
        """The programme's indicator named by the URL (404 if it is another programme's)."""
        uses = ProgrammeIndicator.objects.select_related("indicator", "programme").prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
        )
        return get_object_or_404(uses, programme=self.programme, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme_indicator": self.use}

    def save_with_service(self, form):
        return programme_indicator_set_targets(
            programme_indicator=self.use,
            baseline=form.cleaned_data["baseline"],
            targets=form.targets(),
        )

    def page_title(self) -> str:
        return _("%(indicator)s in %(code)s") % {
            "indicator": self.use.indicator,
            "code": self.programme.code,
        }
