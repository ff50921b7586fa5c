"""Step 1, the demo users: the logins seed_demo prints (the administrator among them), created
with the demo password, and their password reset on request (``--reset-passwords``)."""

from __future__ import annotations

from accounts.models import User
from demo.data.logins import ADMIN_EMAIL, DEMO_LOGINS, DEMO_PASSWORD
from demo.seeding import SeedTally, upsert


def demo_user(tally: SeedTally, email: str, full_name: str, **flags) -> User:
    """The user with this e-mail; a missing one is created with the demo password."""
    user = User.objects.filter(email=email).first()
    if user is None:
        tally.counts["created"] += 1
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name, **flags)
    return user


def seed_users(tally: SeedTally) -> dict[str, User]:
    """Every demo login, restored to its name and rights; the password is left alone."""
    users = {}
    for login in DEMO_LOGINS:
        is_admin = login.email == ADMIN_EMAIL
        values = {"full_name": login.full_name, "is_staff": is_admin, "is_superuser": is_admin}
        if User.objects.filter(email=login.email).exists():
            users[login.email] = upsert(tally, User, {"email": login.email}, values)
        else:
            users[login.email] = demo_user(tally, login.email, **values)
    return users


def reset_demo_passwords() -> None:
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
