from django.urls import path

from reports.overview_views import OverviewView

app_name = "reports"

urlpatterns = [
    path("", OverviewView.as_view(), name="overview"),
]
