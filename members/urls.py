from members.views import alliances, directory, governance, meetings, organizations, people

app_name = "members"

urlpatterns = [
    *directory.urls,
    *organizations.urls,
    *people.urls,
    *governance.urls,
    *meetings.urls,
    *alliances.urls,
]
