"""The calendar pages: a month grid and a list, each for the current cluster, a project
(``?project=<slug>``) or the user (``mine``). What they show is read by
reports.selectors.calendar."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from clusters.forms import Form, iso_date_input
from projects.models import Project
from reports.selectors.calendar import CalendarScope, calendar_events, month_grid

# The list's default window: the year ahead.
LIST_DAYS_AHEAD = 365
EVENTS_PER_PAGE = 25


class CalendarScopeMixin(LoginRequiredMixin):
    """Reads whose calendar a page shows: the user's own (``personal`` views), a project the
    user may see (another's answers 404), or the current cluster (every cluster the user sees
    when there is none, e.g. for a firm's representative)."""

    personal = False

    def calendar_scope(self) -> CalendarScope:
        if self.personal:
            return CalendarScope(personal=True)
        slug = self.request.GET.get("project")
        if slug:
            visible = Project.objects.visible_to(self.request.user)
            return CalendarScope(project=get_object_or_404(visible, slug=slug))
        return CalendarScope(cluster=self.request.cluster or None)

    def scope_context(self, scope: CalendarScope) -> dict:
        if scope.personal:
            heading = _("My calendar")
        elif scope.project is not None:
            heading = _("Calendar of %(project)s") % {"project": scope.project.name}
        elif scope.cluster is not None:
            heading = _("Calendar of %(cluster)s") % {"cluster": scope.cluster.name}
        else:
            heading = _("Calendar")
        return {"scope": scope, "heading": heading, "personal": self.personal}


def parse_month(value: str | None, today: date) -> date:
    """The first day of the month ``YYYY-MM``; this month if absent or malformed."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


class CalendarMonthView(CalendarScopeMixin, TemplateView):
    """A month as a grid of weeks, today marked, each event a link to its page."""

    template_name = "reports/calendar/month.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        first = parse_month(self.request.GET.get("month"), today)
        scope = self.calendar_scope()
        previous_month = (first - timedelta(days=1)).replace(day=1)
        next_month = (first + timedelta(days=31)).replace(day=1)
        weeks = month_grid(
            self.request.user, year=first.year, month=first.month, scope=scope, today=today
        )
        context.update(
            self.scope_context(scope),
            month=first,
            weeks=weeks,
            has_events=any(cell.events for week in weeks for cell in week if cell.in_month),
            previous_month=f"{previous_month:%Y-%m}",
            next_month=f"{next_month:%Y-%m}",
            this_month=f"{today:%Y-%m}",
        )
        return context


class CalendarRangeForm(Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=iso_date_input())
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=iso_date_input())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError({"end": _("The end comes before the start.")})
        return data


class CalendarListView(CalendarScopeMixin, TemplateView):
    """The events from a day on (today by default), soonest first, a page at a time."""

    template_name = "reports/calendar/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        scope = self.calendar_scope()
        form = CalendarRangeForm(self.request.GET)
        events = []
        if form.is_valid():
            start = form.cleaned_data["start"] or timezone.localdate()
            end = form.cleaned_data["end"] or start + timedelta(days=LIST_DAYS_AHEAD)
            events = calendar_events(self.request.user, start=start, end=end, scope=scope)
            context.update(start=start, end=end)
        page = Paginator(events, EVENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            self.scope_context(scope),
            form=form,
            page_obj=page,
            events=page.object_list,
            is_paginated=page.has_other_pages(),
        )
        return context
