from members.views import alliances, directory, governance, organizations, people

app_name = "members"

urlpatterns = [
    *directory.urls,
    *organizations.urls,
    *people.urls,
    *governance.urls,
    *alliances.urls,
]
