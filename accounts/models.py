from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Delivery, NotificationKind, TokenScope


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> User:
        # Log-in is case-insensitive on the e-mail address.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; identified by e-mail address, never by a separate user name."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Lets the user log in to the Django admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # E-mails and reminders are written in this language, whatever page the user last saw.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails Clusterdesk sends you."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def hash_token_key(key: str) -> str:
    # Keys are 256-bit random strings, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(key.encode()).hexdigest()


def default_token_expiry():
    """A new token's end of life by default; also what tokens older than expiry were given."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        """Neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def visible_to(self, user) -> ApiTokenQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A personal API key; only its SHA-256 is stored, the key itself is shown once.

    A token ends at ``expires_at`` or when revoked, and a read-only token may not change data.
    Its history (creation, revocation) is kept; its use (``last_used_at``) is not.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=default_token_expiry)
    scope = models.CharField(
        _("access"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ_WRITE
    )

    objects = ApiTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["key_hash", "last_used_at"])

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_read_only(self) -> bool:
        return self.scope == TokenScope.READ_ONLY


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self) -> CalendarFeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user) -> CalendarFeedTokenQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class CalendarFeedToken(models.Model):
    """The secret key of a user's personal iCalendar feed (the calendar's "subscribe" URL).

    Unlike an API token, the key itself is stored, not a hash: a calendar application is set
    up by pasting the URL, and people expect to copy it again later (Google and Outlook do the
    same). The feed only reads the user's own events, and a leaked URL is closed by rotating
    the key: the old key is revoked (its URL answers 404) and a new one issued. At most one
    key per user is active.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
        verbose_name=_("user"),
    )
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_calendar_feed_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.key[:6]}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user) -> NotificationQuerySet:
        """Notifications are their recipient's alone."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One thing a user is told about (a hand-off, a reminder, a message), kept in their inbox.

    Only the kind and its params are stored: the subject and body are rendered when shown (in
    the reader's language) or e-mailed (in the recipient's ``User.language``), so one row reads
    right in every language. ``delivery`` is the recipient's choice when it was created;
    ``emailed_at`` says the e-mail (at once or in the digest) went out, so a retried task or
    the next digest never sends it twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=20, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["delivery", "emailed_at"], name="notification_to_email"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def subject(self) -> str:
        from accounts.notifications.kinds import render_subject

        return render_subject(self.kind, self.params)

    @property
    def body(self) -> str:
        from accounts.notifications.kinds import render_body

        return render_body(self.kind, self.params)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one user wants one kind of notification; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind}: {self.delivery}"


class SentReminder(models.Model):
    """That a reminder of ``kind`` about the object ``key`` (e.g. "session:12:7d") was sent,
    so the beat's next run does not send it again."""

    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    key = models.CharField(_("object"), max_length=100)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="one_reminder_per_object")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class OutboxMessage(models.Model):
    """A task for the background worker, written in the same transaction as the change that
    asks for it (a report run, a notification e-mail), so that a broker that is down loses
    nothing: the message is handed to the broker once the transaction commits, and again by
    the periodic dispatch (or ``manage.py dispatch_outbox``) until the broker takes it.

    ``key`` names what the message is about (``report_run:12``), so a page can tell that its
    work is still waiting for the background service.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    key = models.CharField(_("about"), max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("handed to the broker"), null=True, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"
