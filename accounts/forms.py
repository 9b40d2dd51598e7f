"""Sign-in, second-factor and password forms in GOV.UK style."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ops.notifications import notification_send

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from ui.fields import GovukDateField
from ui.forms import GovukForm, GovukFormMixin
from ui.widgets import Checkbox, EmailInput, PasswordInput, Select, TextInput


class SignInForm(GovukFormMixin, AuthenticationForm):
    """E-mail address and password; errors say what to do without saying which part was wrong."""

    username = forms.CharField(
        label=_("Email address"),
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "username", "spellcheck": "false", "autofocus": True}),
        error_messages={"required": _("Enter your email address")},
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )
    error_messages = {
        "invalid_login": _("Enter a correct email address and password"),
        "inactive": _("This account has been switched off. Contact your organisation's administrator"),
    }


def _code_field(*, label: "StrOrPromise", help_text: "StrOrPromise", width: str) -> forms.CharField:
    """A one-time code box: numeric keypad, no spell-checking, the browser's one-time-code autofill."""
    return forms.CharField(
        label=label,
        max_length=32,
        help_text=help_text,
        widget=TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "class": width}
        ),
        error_messages={"required": _("Enter the code from your authenticator app")},
    )


class CodeForm(GovukForm):
    """A code from an authenticator app or a recovery code."""

    code = _code_field(
        label=_("Code"),
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        width="govuk-input--width-10",
    )


class SetUpForm(GovukForm):
    """The first code an authenticator shows, which proves it holds the key."""

    code = _code_field(
        label=_("Code from your authenticator app"),
        help_text=_("Enter the 6-digit code the app shows for this service."),
        width="govuk-input--width-5",
    )


class GovukPasswordChangeForm(GovukFormMixin, PasswordChangeForm):
    """Current password, then the new one twice; the rules are AUTH_PASSWORD_VALIDATORS (NCSC: length, no common)."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": _("Your current password is not right. Enter it again"),
        "password_mismatch": _("The two new passwords are not the same. Enter the same password twice"),
    }


class GovukSetPasswordForm(GovukFormMixin, SetPasswordForm):
    """The new password twice (reset link)."""

    error_messages = {
        **SetPasswordForm.error_messages,
        "password_mismatch": _("The two new passwords are not the same. Enter the same password twice"),
    }


class GovukPasswordResetForm(GovukFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the service's notifications (GOV.UK Notify where configured), like every other message."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        notification_send(to=[to_email], subject=subject, body=render_to_string(email_template_name, context))


class RoleForm(GovukForm):
    """A member's role in their organisation, job title and whether they administer its accounts."""

    role = forms.ChoiceField(
        label=_("Role"),
        widget=Select(),
        error_messages={"required": _("Select their role"), "invalid_choice": _("Select their role")},
    )
    job_title = forms.CharField(label=_("Job title (optional)"), max_length=120, required=False, widget=TextInput())
    is_user_admin = forms.BooleanField(
        label=_("They may administer this organisation's accounts"), required=False, widget=Checkbox()
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class InviteForm(RoleForm):
    """A new account: who, in which organisation, with which role. The person chooses their own password."""

    field_order = ["organisation", "first_name", "last_name", "email", "role", "job_title", "is_user_admin"]

    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        empty_label="",
        widget=Select(),
        error_messages={"required": _("Select the organisation"), "invalid_choice": _("Select the organisation")},
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter their first name")},
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter their last name")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("Their work email address. The invitation goes there."),
        widget=EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter their email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )

    def __init__(self, *args: Any, organisations: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, roles=[("", ""), *roles], **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        from .models import ROLE_ORGANISATION_KINDS

        data = super().clean() or {}
        organisation, role = data.get("organisation"), data.get("role")
        if organisation is not None and role and ROLE_ORGANISATION_KINDS.get(role) != organisation.kind:
            self.add_error("role", _("Select a role that this kind of organisation holds"))
        return data


class IdentityCheckedForm(GovukForm):
    """Before a second factor is reset: the administrator confirms they have checked who is asking."""

    identity_checked = forms.BooleanField(
        label=_("I have checked that the person asking is the account holder"),
        help_text=_("For example by calling them back on a number from your organisation's own records."),
        widget=Checkbox(),
        error_messages={"required": _("Confirm that you have checked who is asking")},
    )


class AuditFilterForm(GovukForm):
    """Ask the audit log: one child's records (by referral reference), one person, one kind of action, a period."""

    reference = forms.CharField(
        label=_("Referral reference"),
        max_length=16,
        required=False,
        help_text=_("Everything recorded about that referral's records: views, downloads, changes, refusals."),
        widget=TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-10"}),
    )
    user = forms.CharField(
        label=_("Email address of the person"),
        max_length=254,
        required=False,
        widget=TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=64,
        required=False,
        help_text=_("The start of an action's name is enough, for example auth. or forms_engine.pack_download"),
        widget=TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )
    since = GovukDateField(label=_("From"), required=False)
    until = GovukDateField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The 'to' date must be the same as or after the 'from' date"))
        return data
