from internationalization.views import (
    coaching,
    export_lab,
    outcomes,
    portal,
    timbank,
    trips,
    workshops,
)

app_name = "internationalization"

urlpatterns = [
    *coaching.urls,
    *workshops.urls,
    *timbank.urls,
    *trips.urls,
    *export_lab.urls,
    *outcomes.urls,
    *portal.urls,
]
