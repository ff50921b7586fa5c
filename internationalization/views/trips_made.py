"""A firm's own steps on trips: reporting a trip it already made (the cluster verifies it with
the approve and reject steps of the trip's page) and withdrawing an undecided application."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.mixins import add_service_errors
from internationalization.permissions import can_act_on_trip
from internationalization.services.trips import trip_report_made, trip_withdraw
from internationalization.views.trips import TripActionView, TripApplyView, trip_url


class TripMadeView(TripApplyView):
    """The firm reports a trip it made, with its costs; the form is the application's."""

    def get_initial(self):
        return {"end": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Report a trip %(firm)s made") % {"firm": self.parent.organization}
        context["intro"] = _(
            "A trip already made, with what it cost: the cluster verifies it, then you claim "
            "the costs back with the receipts."
        )
        context["form"].fields["budget_requested"].label = _("Costs")
        return context

    def form_valid(self, form):
        try:
            trip = trip_report_made(
                enrolment=self.parent, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your trip was reported; the cluster will verify it."))
        return HttpResponseRedirect(trip_url(trip))


class TripWithdrawView(TripActionView):
    """The firm withdraws an application (or a report) the cluster has not decided."""

    form_name = "withdraw_form"
    permission = staticmethod(can_act_on_trip)
    success_message = gettext_lazy("The trip was withdrawn.")

    def act(self, trip, data):
        trip_withdraw(trip=trip, actor=self.request.user)


urls = [
    path("enrolments/<int:pk>/trips/made/", TripMadeView.as_view(), name="trip-made"),
    path("trips/<int:pk>/withdraw/", TripWithdrawView.as_view(), name="trip-withdraw"),
]
