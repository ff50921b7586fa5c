from projects.views import urls as project_urls

app_name = "projects"

urlpatterns = [*project_urls]
