from django.urls import path

from reports import report_urls
from reports.overview_views import AlliancePortfolioView, OverviewView

app_name = "reports"

urlpatterns = [
    path("", OverviewView.as_view(), name="overview"),
    path("alliances/", AlliancePortfolioView.as_view(), name="alliance-portfolio"),
    *report_urls.urlpatterns,
]
