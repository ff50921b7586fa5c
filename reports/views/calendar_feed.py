"""The personal iCalendar feed (a secret URL, no log-in) and the page to get, rotate or
revoke that URL."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.models import CalendarFeedToken
from accounts.services import calendar_feed_owner, calendar_feed_revoke, calendar_feed_rotate
from reports.ical import feed_calendar
from reports.selectors.calendar import FEED_DAYS_AHEAD, FEED_DAYS_BACK, personal_feed_events


class CalendarFeedView(View):
    """The user's own events as text/calendar. The key in the URL is the only credential:
    calendar applications fetch it without a session, so there is no log-in redirect, and an
    unknown, revoked or rotated key answers 404."""

    def get(self, request, key: str):
        user = calendar_feed_owner(key=key)
        if user is None:
            raise Http404
        # A calendar application fetches the feed without a session or Accept-Language worth
        # trusting: the titles are in the language the user chose for what Clusterdesk sends.
        with translation.override(user.language):
            events = personal_feed_events(user, today=timezone.localdate())
            body = feed_calendar(
                events,
                name=_("Clusterdesk: %(name)s") % {"name": user.get_full_name()},
                host=request.get_host().split(":")[0],
                absolute_url=request.build_absolute_uri,
                now=timezone.now(),
            )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="clusterdesk.ics"'
        response["Cache-Control"] = "private, max-age=300"
        return response


class CalendarSubscribeView(LoginRequiredMixin, TemplateView):
    """The user's feed URL to copy into a calendar application, with rotate and revoke."""

    template_name = "reports/calendar/subscribe.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = CalendarFeedToken.objects.visible_to(self.request.user).active().first()
        feed_url = None
        if token is not None:
            path = reverse("reports:calendar-feed", kwargs={"key": token.key})
            feed_url = self.request.build_absolute_uri(path)
        context.update(
            token=token,
            feed_url=feed_url,
            # webcal:// makes a click open the subscription in the desktop calendar application.
            webcal_url=feed_url and "webcal://" + feed_url.split("://", 1)[1],
            days_back=FEED_DAYS_BACK,
            days_ahead=FEED_DAYS_AHEAD,
        )
        return context


class CalendarSubscribeRotateView(LoginRequiredMixin, View):
    """Issue a feed URL, or a new one in place of the old (which stops working)."""

    def post(self, request):
        had_one = CalendarFeedToken.objects.visible_to(request.user).active().exists()
        calendar_feed_rotate(user=request.user)
        if had_one:
            messages.success(request, _("A new feed URL was made; the old one no longer works."))
        else:
            messages.success(request, _("Your feed URL is ready."))
        return redirect("reports:calendar-subscribe")


class CalendarSubscribeRevokeView(LoginRequiredMixin, View):
    """Close the feed: its URL answers 404 from now on."""

    def post(self, request):
        calendar_feed_revoke(user=request.user)
        messages.success(request, _("Your calendar feed is switched off."))
        return redirect("reports:calendar-subscribe")
