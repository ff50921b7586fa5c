"""The demo logins that seed_demo prints, all with one password, and who is the administrator."""

from dataclasses import dataclass

DEMO_PASSWORD = "clusterdesk"
ADMIN_EMAIL = "admin@example.com"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    what: str


DEMO_LOGINS = [
    DemoLogin(ADMIN_EMAIL, "Ada Admin", "superuser: everything, and the admin site"),
    DemoLogin("manager@example.com", "Maria Lindqvist", "manager of Future Position X (fpx)"),
    DemoLogin("coach@example.com", "Carl Berg", "business coach in Future Position X"),
    DemoLogin("firm@example.com", "Frida Sandberg", "represents Gävle Sealing Technology (fpx)"),
    DemoLogin("funder@example.com", "Felix Strand", "funder user of the Swedish ERDF authority"),
    DemoLogin(
        "manager.kaluga@example.com",
        "Irina Volkova",
        "manager of the Kaluga Pharmaceutical Cluster",
    ),
]

# The manager who decided on every TRIIP enrolment, timbank request and trip.
TRIIP_MANAGER = "manager@example.com"
