from internationalization.views import (
    aid,
    bulk,
    coaching,
    coaching_sessions,
    consultants,
    export_lab,
    outcomes,
    portal,
    project_import,
    timbank,
    trips,
    trips_made,
    workshops,
    workspace,
)

app_name = "internationalization"

urlpatterns = [
    *coaching.urls,
    *coaching_sessions.urls,
    *workshops.urls,
    *timbank.urls,
    *consultants.urls,
    *trips.urls,
    *trips_made.urls,
    *export_lab.urls,
    *outcomes.urls,
    *portal.urls,
    *aid.urls,
    *project_import.urls,
    *workspace.urls,
    *bulk.urls,
]
