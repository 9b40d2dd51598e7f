"""Sign-in, second-factor and password forms in GOV.UK style."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ops.notifications import notification_send
from ui.forms import GovukForm, GovukFormMixin
from ui.widgets import EmailInput, PasswordInput, TextInput


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


class CodeForm(GovukForm):
    """A code from an authenticator app or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6-digit code your authenticator app shows, or one of your recovery codes."),
        widget=TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter the code from your authenticator app")},
    )


class SetUpForm(GovukForm):
    """The first code an authenticator shows, which proves it holds the key."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        help_text=_("Enter the 6-digit code the app shows for this service."),
        widget=TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
        error_messages={"required": _("Enter the code from your authenticator app")},
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
