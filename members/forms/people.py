"""Forms of the people pages: a person's contact details and their affiliations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from clusters.forms import ModelForm, iso_date_input
from members.models import Affiliation, Organization, Person


class UserByEmailField(forms.EmailField):
    """A user account named by its e-mail address; empty means no account. The service finds
    the account among those the person's cluster may link (members.services.person_save), so
    the form says nothing about which accounts exist."""

    def prepare_value(self, value):
        return value.email if isinstance(value, User) else value


class PersonForm(ModelForm):
    user = UserByEmailField(
        label=_("User account"),
        required=False,
        help_text=_(
            "E-mail address of the person's user account, if they log in. A person linked to "
            "an account with a seat in a body sees that body's meetings and decisions."
        ),
    )

    class Meta:
        model = Person
        # ``user`` is the declared field above, resolved by the service, not by the model form
        # (whose uniqueness check would tell that an account is linked elsewhere).
        fields = ["first_name", "last_name", "email", "phone", "consent", "consent_on"]
        widgets = {"consent_on": iso_date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.user_id:
            self.initial["user"] = self.instance.user.email


class AffiliationForm(ModelForm):
    """An affiliation of ``person``; the organization is one of the person's cluster."""

    class Meta:
        model = Affiliation
        fields = ["organization", "title", "share_of_time", "start", "end"]
        widgets = {"start": iso_date_input(), "end": iso_date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.visible_to(user)
            .filter(cluster_id=self.instance.person.cluster_id)
            .order_by("legal_name")
        )
