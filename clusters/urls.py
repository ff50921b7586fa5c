from django.urls import path

from clusters import views

app_name = "clusters"

urlpatterns = [
    path("", views.ClusterListView.as_view(), name="list"),
    path("switch/", views.SwitchClusterView.as_view(), name="switch"),
    path("<slug:slug>/", views.ClusterDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.ClusterUpdateView.as_view(), name="edit"),
    path("<slug:slug>/staff/", views.StaffRoleAssignView.as_view(), name="staff-assign"),
    path(
        "<slug:slug>/staff/<int:pk>/remove/",
        views.StaffRoleRemoveView.as_view(),
        name="staff-remove",
    ),
]
