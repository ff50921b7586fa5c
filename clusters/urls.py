from django.urls import path

from clusters import programme_urls, views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="list"),
    path("switch/", views.SwitchClusterView.as_view(), name="switch"),
    # Before the cluster's own "<slug>/" routes, which would otherwise take "programmes/".
    *programme_urls.urlpatterns,
    path("<slug:slug>/", views.ClusterDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ClusterUpdateView.as_view(), name="edit"),
    path("<slug:slug>/staff/", views.StaffRoleAssignView.as_view(), name="staff-assign"),
    path(
        "<slug:slug>/staff/<int:pk>/remove/",
        views.StaffRoleRemoveView.as_view(),
        name="staff-remove",
    ),
]
