from internationalization.views import (
    aid,
    bulk,
    coaching,
    consultants,
    export_lab,
    outcomes,
    portal,
    project_import,
    timbank,
    trips,
    workshops,
    workspace,
)

app_name = "internationalization"

urlpatterns = [
    *coaching.urls,
    *workshops.urls,
    *timbank.urls,
    *consultants.urls,
    *trips.urls,
    *export_lab.urls,
    *outcomes.urls,
    *portal.urls,
    *aid.urls,
    *project_import.urls,
    *workspace.urls,
    *bulk.urls,
]
